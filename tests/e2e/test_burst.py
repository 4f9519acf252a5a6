"""Bursts of concurrent updates on a SQLite file: every one is answered, none fails with
"database is locked" (BEGIN IMMEDIATE queues writers on the busy timeout)."""

from __future__ import annotations

import logging

import pytest

from bot.db import engine as engine_module
from bot.db import migrate
from bot.db.engine import create_engine
from tests.conftest import FakeClock

from .conftest import Harness, start_bot
from .standin import BotApiStandin

USERS = range(5001, 5033)  # 32 people at once: twice the bot's concurrent updates


async def _burst(h: Harness, step: str) -> None:
    """Everyone does ``step`` at once ("/command" or a button label); all are answered."""
    command = step.startswith("/")
    queries = []
    for user in USERS:
        h.api.mark(user)
        if command:
            h.api.send_text(user, step)
        else:
            queries.append(h.api.click(user, step))
        h.expected += 1
    for query in queries:
        await h.api.wait_answered(query, timeout=30)
    if command:
        for user in USERS:
            await h.api.next_message(user, timeout=30)
    await h.settled()


@pytest.mark.parametrize("busy_timeout_ms", [engine_module.SQLITE_BUSY_TIMEOUT_MS, 50])
async def test_a_burst_of_concurrent_updates_on_sqlite_is_all_answered(
    api: BotApiStandin,
    sqlite_url: str,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    busy_timeout_ms: int,
) -> None:
    """At the default busy timeout, and at a tiny one: writers must queue in the bot, not
    spin on SQLite's busy handler (which is unfair, so one unlucky update can wait past any
    timeout under a long enough burst)."""
    monkeypatch.setattr(engine_module, "SQLITE_BUSY_TIMEOUT_MS", busy_timeout_ms)
    engine = create_engine(sqlite_url)
    await migrate.upgrade(engine)
    caplog.set_level(logging.INFO)
    async for harness in start_bot(api, engine, clock):
        await _bursts(harness, rounds=2)
    await engine.dispose()
    locked = [r for r in caplog.records if "database is locked" in r.getMessage().lower()]
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert locked == []
    assert failures == [], [f"{r.name}: {r.getMessage()}" for r in failures[:5]]


async def _bursts(harness: Harness, rounds: int) -> None:
    for user in USERS:
        harness.api.user(user, f"U{user}")
    for _ in range(rounds):
        await _burst(harness, "/start")
        await _burst(harness, "I'm 18+ and I understand")
        await _burst(harness, "/twitch")
        await _burst(harness, "/delete")
        await _burst(harness, "Yes, erase everything")
