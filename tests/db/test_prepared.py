"""``bot.db.prepared``: a statement run on the SQLite driver directly reads and writes exactly
what SQLAlchemy would (the same rows, types and stored text), in SQLAlchemy's transaction."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import bindparam, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import tables as t
from bot.db.engine import create_sessionmaker
from bot.db.prepared import Prepared, direct
from bot.db.repositories import UserRepository
from bot.db.uow import UnitOfWork
from bot.domain.model import UserProfile

NOW = datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)
_USERS = t.User.__table__

_TOUCH = (
    update(_USERS)
    .where(_USERS.c.id == bindparam("b_user"))
    .values(last_active_at=bindparam("b_now"), blocked_at=None)
    .returning(_USERS.c.id, _USERS.c.last_active_at, _USERS.c.blocked_at, _USERS.c.stretch_on)
)
_READ = select(
    _USERS.c.id, _USERS.c.last_active_at, _USERS.c.blocked_at, _USERS.c.stretch_on
).where(_USERS.c.id == bindparam("b_user"))


async def _user(engine: AsyncEngine, user_id: int) -> None:
    async with UnitOfWork(create_sessionmaker(engine)) as uow:
        await uow.users.consent(user_id, NOW - timedelta(days=3))
        await uow.users.mark_blocked(user_id, NOW - timedelta(days=1))


async def _profile(engine: AsyncEngine, user_id: int) -> UserProfile:
    async with UnitOfWork(create_sessionmaker(engine)) as uow:
        profile = await uow.users.get(user_id)
    assert profile is not None
    return profile


async def test_runs_on_the_driver_only_for_sqlite(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
        assert direct(conn) is (engine.dialect.name == "sqlite")


async def test_rows_match_sqlalchemy_and_are_stored_the_same(engine: AsyncEngine) -> None:
    await _user(engine, 1)
    await _user(engine, 2)
    prepared = Prepared(_TOUCH)
    async with engine.begin() as conn:
        mine = await prepared.first(conn, {"b_user": 1, "b_now": NOW})
    async with engine.begin() as conn:
        theirs = (await conn.execute(_TOUCH, {"b_user": 2, "b_now": NOW})).first()
    assert theirs is not None
    assert mine is not None
    assert tuple(mine)[1:] == tuple(theirs)[1:]
    assert mine.last_active_at == NOW  # by name, timezone-aware UTC, microseconds kept
    assert mine.last_active_at.tzinfo is not None
    assert mine.blocked_at is None
    assert mine.stretch_on is False
    # Stored alike: the same text in the database (SQLite compares datetimes as text).
    async with engine.connect() as conn:
        raw = (
            await conn.execute(
                text("SELECT id, CAST(last_active_at AS TEXT) FROM users ORDER BY id")
            )
        ).all()
        assert raw[0][1] == raw[1][1]
        read = await Prepared(_READ).rows(conn, {"b_user": 1})
    assert [tuple(r) for r in read] == [(1, NOW, None, False)]


async def test_no_row_and_a_statement_without_rows(engine: AsyncEngine) -> None:
    await _user(engine, 3)
    quiet = Prepared(
        update(_USERS).where(_USERS.c.id == bindparam("b_user")).values(stretch_on=True)
    )
    async with engine.begin() as conn:
        assert await Prepared(_TOUCH).first(conn, {"b_user": 999, "b_now": NOW}) is None
        assert await quiet.rows(conn, {"b_user": 3}) == []
    assert (await _profile(engine, 3)).stretch_on is True


async def test_runs_inside_the_transaction(engine: AsyncEngine) -> None:
    """Rolled back with SQLAlchemy's transaction: not committed on its own."""
    await _user(engine, 4)

    async def touch_then_fail() -> None:
        async with engine.begin() as conn:
            await Prepared(_TOUCH).first(conn, {"b_user": 4, "b_now": NOW})
            raise RuntimeError

    with pytest.raises(RuntimeError):
        await touch_then_fail()
    assert (await _profile(engine, 4)).blocked is True  # the touch was rolled back


async def test_a_session_sees_its_own_touch(engine: AsyncEngine) -> None:
    """The repositories' prepared statements run in the unit of work's transaction."""
    await _user(engine, 5)
    async with UnitOfWork(create_sessionmaker(engine)) as uow:
        touched = await uow.users.touch(5, NOW)
        again = await UserRepository(uow.session).get(5)
    assert touched is not None
    assert again is not None
    assert touched.blocked is False
    assert again.blocked is False


def test_refuses_what_it_cannot_run() -> None:
    with pytest.raises(TypeError):
        Prepared("SELECT 1")  # type: ignore[arg-type]
