"""SQLite for the async engine without a thread hop per statement.

SQLAlchemy's async SQLite dialect drives ``aiosqlite``, which runs every call on a worker thread:
each statement is a queue put, a thread wake-up, a GIL hand-over and a wake-up of the event loop
through its self-pipe. py-spy on ``python -m bench throughput`` put that hand-over at about a
quarter of the CPU of a triage tap, while the statements themselves (indexed reads and writes on
a local file in WAL mode with ``synchronous = NORMAL``: no fsync on commit) take microseconds.

This module offers the subset of the ``aiosqlite`` interface the dialect uses, running each call
on the event loop's thread. The one call that could block is a lock wait: the connection is
opened with SQLite's busy handler off (``busy_timeout = 0``), and a statement that finds the
database locked by another connection is retried here with ``asyncio.sleep`` back-off (as
SQLite's own handler would, without blocking the loop) until ``busy_timeout`` has passed, then it
raises "database is locked" as before. Retrying is safe: a statement that returns SQLITE_BUSY
changed nothing.

``dbapi()`` is handed to ``create_async_engine(module=...)``: the URL stays
``sqlite+aiosqlite://`` and the dialect, its SQL and its type handling are SQLAlchemy's own.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_dbapi

SQLITE_BUSY = 5
_BACKOFF = (0.001, 0.002, 0.005, 0.01, 0.015, 0.02, 0.025, 0.025, 0.025, 0.05)
"""Seconds between retries of a locked statement (SQLite's own busy handler's steps)."""


class _Thread:
    """The dialect marks the driver's worker thread as a daemon; there is none."""

    daemon = True


class _ImmediateQueue:
    """The dialect sets ``isolation_level`` by queueing a call to the worker thread."""

    def put_nowait(self, item: tuple[asyncio.Future[Any], Callable[[], Any]]) -> None:
        future, function = item
        try:
            future.set_result(function())
        except Exception as exc:
            future.set_exception(exc)


def _fetch(connection: sqlite3.Connection, sql: str, parameters: Sequence[Any]) -> list[Any]:
    return connection.execute(sql, parameters).fetchall()


def _busy(exc: sqlite3.OperationalError) -> bool:
    return getattr(exc, "sqlite_errorcode", None) == SQLITE_BUSY or "locked" in str(exc)


class _Awaitable:
    """``async with connection.cursor()``: how the dialect opens a cursor."""

    def __init__(self, cursor: Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> Cursor:
        return self._cursor

    async def __aexit__(self, *exc: object) -> None:
        await self._cursor.close()


class Cursor:
    def __init__(self, connection: Connection, cursor: sqlite3.Cursor) -> None:
        self._connection = connection
        self._cursor = cursor

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> Cursor:
        cursor = self._cursor
        if parameters is None:
            await self._connection._run(cursor.execute, sql)
        else:
            await self._connection._run(cursor.execute, sql, parameters)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> Cursor:
        rows = list(parameters)  # a retry must see every row again
        await self._connection._run(self._cursor.executemany, sql, rows)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size if size is not None else self._cursor.arraysize)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()

    async def nextset(self) -> None:
        return None

    async def setinputsizes(self, *_sizes: Any) -> None:
        return None

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value


class Connection:
    """An ``aiosqlite.Connection`` look-alike over one ``sqlite3`` connection, same thread."""

    def __init__(self, connector: Callable[[], sqlite3.Connection]) -> None:
        self._connector = connector
        self._connection: sqlite3.Connection | None = None
        self._thread = _Thread()
        self._tx = _ImmediateQueue()
        self.busy_timeout = 10.0
        """Seconds a locked statement is retried before "database is locked" (see module doc)."""

    def __await__(self) -> Any:
        return self._open().__await__()

    async def _open(self) -> Connection:
        if self._connection is None:
            connection = self._connector()
            connection.execute("PRAGMA busy_timeout = 0")
            self._connection = connection
        return self

    @property
    def _conn(self) -> sqlite3.Connection:
        if self._connection is None:
            raise ValueError("no active connection")
        return self._connection

    async def _run(self, function: Callable[..., Any], *args: Any) -> Any:
        deadline: float | None = None
        attempt = 0
        while True:
            try:
                return function(*args)
            except sqlite3.OperationalError as exc:
                if not _busy(exc):
                    raise
                now = time.monotonic()
                if deadline is None:
                    deadline = now + self.busy_timeout
                if now >= deadline:
                    raise
                pause = _BACKOFF[min(attempt, len(_BACKOFF) - 1)]
                attempt += 1
                await asyncio.sleep(min(pause, max(deadline - now, 0.0)))

    async def fetch(self, sql: str, parameters: Sequence[Any]) -> list[Any]:
        """Run one statement and return its rows (``bot.db.prepared``: no cursor object kept)."""
        rows: list[Any] = await self._run(_fetch, self._conn, sql, parameters)
        return rows

    def cursor(self) -> _Awaitable:
        return _Awaitable(Cursor(self, self._conn.cursor()))

    async def commit(self) -> None:
        await self._run(self._conn.commit)

    async def rollback(self) -> None:
        await self._run(self._conn.rollback)

    async def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()

    def stop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    @isolation_level.setter
    def isolation_level(self, value: Any) -> None:
        self._conn.isolation_level = value

    @property
    def in_transaction(self) -> bool:
        return self._conn.in_transaction


def connect(database: str, **kwargs: Any) -> Connection:
    """``aiosqlite.connect``'s signature: the connection opens when awaited."""
    kwargs.pop("loop", None)
    kwargs["check_same_thread"] = False  # the pool may close it from a finaliser

    def connector() -> sqlite3.Connection:
        connection: sqlite3.Connection = sqlite3.connect(database, **kwargs)
        return connection

    return Connection(connector)


class _Module:
    """What the dialect reads from the ``aiosqlite`` module."""

    Connection = Connection
    connect = staticmethod(connect)
    __version__ = "inline"
    DatabaseError = sqlite3.DatabaseError
    Error = sqlite3.Error
    IntegrityError = sqlite3.IntegrityError
    NotSupportedError = sqlite3.NotSupportedError
    OperationalError = sqlite3.OperationalError
    ProgrammingError = sqlite3.ProgrammingError
    sqlite_version = sqlite3.sqlite_version
    sqlite_version_info = sqlite3.sqlite_version_info


def dbapi() -> AsyncAdapt_aiosqlite_dbapi:
    """The DB-API module for ``create_async_engine("sqlite+aiosqlite://...", module=dbapi())``."""
    return AsyncAdapt_aiosqlite_dbapi(_Module, sqlite3)  # type: ignore[arg-type]
