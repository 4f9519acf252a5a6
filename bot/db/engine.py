"""Engine and session factory. SQLite: WAL, busy timeout, foreign keys, BEGIN IMMEDIATE."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.db import inline_sqlite

Engine = AsyncEngine
Sessionmaker = async_sessionmaker[AsyncSession]
"""The names the layers above use, so that only bot/db imports SQLAlchemy."""

SQLITE_BUSY_TIMEOUT_MS = 10_000
SQLITE_POOL_TIMEOUT_S = 120.0


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An async engine for ``url``; for a SQLite file, its folder is created if missing.

    SQLite runs its statements on the event loop's thread (``inline_sqlite``), not on
    aiosqlite's worker thread.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        kwargs.setdefault("pool_pre_ping", True)
        return create_async_engine(url, **kwargs)
    kwargs.setdefault("module", inline_sqlite.dbapi())

    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        if "poolclass" not in kwargs:
            # One connection, shared in turn: SQLite has one writer at a time anyway (every
            # transaction is BEGIN IMMEDIATE), and waiting for the pool is first come, first
            # served, while SQLite's busy handler polls with back-off and is unfair: under a
            # burst one writer could lose every race until the busy timeout ends with
            # "database is locked".
            kwargs.setdefault("pool_size", 1)
            kwargs.setdefault("max_overflow", 0)
            kwargs.setdefault("pool_timeout", SQLITE_POOL_TIMEOUT_S)
            kwargs.setdefault("pool_reset_on_return", None)  # sessions end with COMMIT/ROLLBACK
    engine = create_async_engine(url, **kwargs)
    _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: AsyncEngine) -> None:
    # pysqlite's own transaction handling is switched off and every transaction starts with
    # BEGIN IMMEDIATE: a writer takes the lock up front, so two writers queue on the busy
    # timeout instead of failing with "database is locked" when a read upgrades to a write.
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        driver = dbapi_connection.driver_connection
        waits_itself = isinstance(driver, inline_sqlite.Connection)
        if waits_itself:  # it retries a locked statement without blocking the event loop
            driver.busy_timeout = SQLITE_BUSY_TIMEOUT_MS / 1000
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {0 if waits_itself else SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        # On the driver's cursor: SQLAlchemy's execution layer costs more than the statement,
        # and every transaction of every update starts here.
        cursor = conn.connection.dbapi_connection.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        cursor.close()


async def ping(engine: AsyncEngine) -> None:
    """One round trip to the database (the health check); raises if it is unavailable."""
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
