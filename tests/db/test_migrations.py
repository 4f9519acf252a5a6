"""Alembic owns the schema: upgrade, downgrade and upgrade again, and no drift from the models."""

from __future__ import annotations

import asyncio
import os
import sys

import pytest
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import migrate
from bot.db.engine import create_engine
from bot.db.tables import Base


async def _tables(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        names = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
    return names - {"alembic_version"}


async def test_stairway_upgrade_downgrade_upgrade(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        script = migrate.alembic_config()
        from alembic.script import ScriptDirectory

        revisions = list(reversed(list(ScriptDirectory.from_config(script).walk_revisions())))
        assert revisions, "no migrations found"
        for rev in revisions:
            await migrate.upgrade(engine, rev.revision)
            await migrate.downgrade(engine, rev.down_revision or "base")
            await migrate.upgrade(engine, rev.revision)
        assert await _tables(engine) == set(Base.metadata.tables)
        await migrate.downgrade(engine, "base")
        assert await _tables(engine) == set()
        await migrate.upgrade(engine)
        assert await _tables(engine) == set(Base.metadata.tables)
    finally:
        await engine.dispose()


async def test_models_and_migrations_agree(engine: AsyncEngine) -> None:
    """`alembic check`: autogenerate finds nothing to add on either dialect."""
    await migrate.check(engine)


@pytest.mark.parametrize(("pragma", "expected"), [("journal_mode", "wal"), ("foreign_keys", 1)])
async def test_sqlite_pragmas(sqlite_url: str, pragma: str, expected: object) -> None:
    engine = create_engine(sqlite_url)
    try:
        async with engine.connect() as conn:
            value = (await conn.exec_driver_sql(f"PRAGMA {pragma}")).scalar()
        assert value == expected
    finally:
        await engine.dispose()


@pytest.mark.postgres
async def test_instances_starting_together_all_migrate(postgres_url: str) -> None:
    """Four instances start at once on an empty PostgreSQL database (``python -m bot migrate``,
    as every start does): every one succeeds, the schema ends at head, no lock is left held."""
    from alembic.script import ScriptDirectory

    env = {**os.environ, "DATABASE_URL": postgres_url, "LOG_LEVEL": "WARNING"}
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "migrate", env=env, stderr=asyncio.subprocess.PIPE
        )
        for _ in range(4)
    ]
    outcomes = [await p.communicate() for p in procs]
    failures = [err.decode() for p, (_, err) in zip(procs, outcomes, strict=True) if p.returncode]
    assert failures == []
    head = ScriptDirectory.from_config(migrate.alembic_config()).get_current_head()
    engine = create_engine(postgres_url)
    try:
        async with engine.connect() as conn:
            versions = (
                await conn.exec_driver_sql("SELECT version_num FROM alembic_version")
            ).all()
            held = (
                await conn.exec_driver_sql(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                )
            ).scalar()
        assert [v for (v,) in versions] == [head]
        assert await _tables(engine) == set(Base.metadata.tables)
        assert held == 0, "the migration lock was not released"
    finally:
        await engine.dispose()
