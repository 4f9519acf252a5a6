"""The main journey once more on PostgreSQL (the production database): triage, the check-in the
next day, reminders, and the doctor summary."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import migrate
from bot.db.engine import create_engine
from tests.conftest import FakeClock

from .conftest import Harness, start_bot
from .standin import BotApiStandin
from .test_checkins import _answer, _due_checkin
from .test_reminders import _self_care, _turn_on

pytestmark = pytest.mark.postgres


@pytest.fixture
async def pg_engine(postgres_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(postgres_url)
    await migrate.upgrade(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
async def pg(
    api: BotApiStandin, pg_engine: AsyncEngine, clock: FakeClock
) -> AsyncIterator[Harness]:
    async for running_bot in start_bot(api, pg_engine, clock):
        yield running_bot


async def test_the_whole_journey_on_postgresql(pg: Harness) -> None:
    await _self_care(pg)
    await _turn_on(pg)
    await _due_checkin(pg)
    replies = await _answer(pg, "Same")
    assert any("Worth a word with a professional" in r for r in replies)
    pg.api.mark(pg.user)
    pg.say("/report")
    report = await pg.api.next_message(pg.user)
    assert report.kind == "document"
    assert report.upload is not None
    assert report.upload.content.startswith(b"%PDF")
