"""Shared fixtures: a migrated database on SQLite and on PostgreSQL, services, a clock."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import migrate
from bot.db.engine import create_engine
from bot.services import Services
from tests.pg import NOT_AVAILABLE, postgres_server

REQUIRE_POSTGRES = os.environ.get("REQUIRE_POSTGRES") == "1"


class FakeClock:
    """A controllable clock: tests move time instead of sleeping."""

    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 11, 25, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> datetime:
        self.current += delta
        return self.current

    def set(self, when: datetime) -> None:
        self.current = when


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str | None]:
    with postgres_server() as url:
        yield url


def _need_postgres(url: str | None) -> str:
    if url is None:
        if REQUIRE_POSTGRES:
            pytest.fail("REQUIRE_POSTGRES=1 but " + NOT_AVAILABLE)
        pytest.skip(NOT_AVAILABLE)
    return url


async def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
async def postgres_url(postgres_admin_url: str | None) -> AsyncIterator[str]:
    """A fresh, empty database on the test server, dropped afterwards."""
    admin = _need_postgres(postgres_admin_url)
    name = f"t_{uuid.uuid4().hex[:16]}"
    dsn = await _asyncpg_dsn(admin)
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """An empty database URL, once on SQLite and once on PostgreSQL."""
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    """A migrated database (both dialects)."""
    eng = create_engine(db_url)
    await migrate.upgrade(eng)
    yield eng
    await eng.dispose()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def services(engine: AsyncEngine, clock: FakeClock) -> Services:
    return Services(engine, clock=clock)
