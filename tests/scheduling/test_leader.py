"""Only one instance sends: the PostgreSQL advisory lock passes on when its holder goes."""

from __future__ import annotations

import pytest

from bot.db.engine import create_engine
from bot.db.leader import Leadership


@pytest.mark.postgres
async def test_one_leader_at_a_time_and_failover(postgres_url: str) -> None:
    first_engine, second_engine = create_engine(postgres_url), create_engine(postgres_url)
    first, second = Leadership(first_engine), Leadership(second_engine)
    try:
        assert await first.held()
        assert not await second.held()
        assert await first.instances() == 2  # both running: each holds the presence lock
        assert await first.held()  # still ours on the next tick
        await first.release()  # the leader goes away
        assert await second.held()
        assert not await first.held()
        assert await second.instances() == 2  # the old leader is back as a replier
        assert first.took_over() is True  # once, for the time it became the sender
        assert first.took_over() is False
        assert (second.took_over(), second.took_over()) == (True, False)
    finally:
        await first.release()
        await second.release()
        await first_engine.dispose()
        await second_engine.dispose()


async def test_sqlite_always_leads(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    try:
        leader = Leadership(engine)
        assert await leader.held()
        assert leader.took_over()  # at start: a previous process's claims are retaken
        assert await leader.held()
        assert not leader.took_over()
    finally:
        await engine.dispose()
