"""Only one instance sends: the PostgreSQL advisory lock passes on when its holder goes."""

from __future__ import annotations

import pytest

from bot.db.engine import create_engine
from bot.scheduling.leader import Leadership


@pytest.mark.postgres
async def test_one_leader_at_a_time_and_failover(postgres_url: str) -> None:
    first_engine, second_engine = create_engine(postgres_url), create_engine(postgres_url)
    first, second = Leadership(first_engine), Leadership(second_engine)
    try:
        assert await first.held()
        assert not await second.held()
        assert await first.held()  # still ours on the next tick
        await first.release()  # the leader goes away
        assert await second.held()
        assert not await first.held()
    finally:
        await first.release()
        await second.release()
        await first_engine.dispose()
        await second_engine.dispose()


async def test_sqlite_always_leads(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    try:
        assert await Leadership(engine).held()
    finally:
        await engine.dispose()
