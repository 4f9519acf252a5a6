"""No update is lost and none is handled twice: the inbox between Telegram and the handlers.

The real Application polls the stand-in (or takes its webhook deliveries) with a real SQLite
file (and once PostgreSQL); a stop is the path ``python -m bot run`` takes on SIGTERM.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update
from telegram.ext import TypeHandler

from bot.db import migrate
from bot.db.engine import create_engine
from bot.db.tables import UpdateInbox
from bot.tg.app import CONCURRENT_UPDATES
from bot.tg.webhook import webhook_app
from tests.conftest import FakeClock

from .conftest import USER, Harness, start_bot, wait_until
from .standin import BotApiStandin, LocalServer

SECRET = "inbox-webhook-secret"


class Gate:
    """A handler run before every other: holds each update until the test opens the gate."""

    def __init__(self) -> None:
        self.opened = asyncio.Event()
        self.waiting = 0

    async def __call__(self, _update: object, _context: object) -> None:
        self.waiting += 1
        await self.opened.wait()


def hold(harness: Harness) -> Gate:
    gate = Gate()
    harness.app.add_handler(TypeHandler(Update, gate), group=-100)  # before every handler
    return gate


async def _all_handled(harness: Harness) -> None:
    """Every update handed to the Application has been handled or skipped."""
    processor = harness.app.bot_data.intake.processor
    await harness.api.wait_for(lambda: not processor.queued, description="the queue to drain")


async def inbox_rows(engine: AsyncEngine) -> list[Any]:
    async with engine.connect() as conn:
        return list((await conn.execute(select(UpdateInbox.__table__))).all())


def replies(api: BotApiStandin) -> Counter[int]:
    return Counter(message.chat_id for message in api.all_messages())


async def _stop_fetched_then_restart(
    api: BotApiStandin, engine: AsyncEngine, clock: FakeClock, users: list[int]
) -> None:
    for user in users:
        api.user(user)
    bots = start_bot(api, engine, clock)
    first = await anext(bots)
    gate = hold(first)
    for user in users:
        api.send_text(user, "/help")

    async def all_stored() -> bool:
        return len(await inbox_rows(engine)) == len(users)

    await wait_until(all_stored)
    # Telegram was told (the next getUpdates offset): it holds nothing any more.
    await api.wait_for(lambda: not api.pending_updates, description="the offset confirmed")
    await api.wait_for(lambda: gate.waiting == CONCURRENT_UPDATES, description="handlers busy")

    stopping = asyncio.create_task(bots.aclose())  # what SIGTERM does in `python -m bot run`
    processor = first.app.bot_data.intake.processor
    await api.wait_for(lambda: processor.stopping, description="the stop to begin")
    gate.opened.set()  # the handlers that had started finish; the rest wait in the inbox
    await stopping
    assert sum(replies(api).values()) == CONCURRENT_UPDATES
    left = [row for row in await inbox_rows(engine) if row.state == "pending"]
    assert len(left) == len(users) - CONCURRENT_UPDATES

    async for second in start_bot(api, engine, clock):
        await second.api.wait_for(
            lambda: sum(replies(api).values()) >= len(users), description="every /help answered"
        )

        async def all_done() -> bool:
            return all(row.state == "done" for row in await inbox_rows(engine))

        await wait_until(all_done)
        break
    assert replies(api) == Counter(dict.fromkeys(users, 1))
    assert all(row.payload is None for row in await inbox_rows(engine))


async def test_updates_fetched_before_a_stop_are_answered_once_after_the_restart(
    api: BotApiStandin, e2e_engine: AsyncEngine, clock: FakeClock
) -> None:
    await _stop_fetched_then_restart(
        api, e2e_engine, clock, [3000 + n for n in range(CONCURRENT_UPDATES + 24)]
    )


@pytest.fixture
async def pg_engine(postgres_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(postgres_url)
    await migrate.upgrade(engine)
    yield engine
    await engine.dispose()


@pytest.mark.postgres
async def test_a_stop_and_restart_loses_nothing_on_postgresql(
    api: BotApiStandin, pg_engine: AsyncEngine, clock: FakeClock
) -> None:
    await _stop_fetched_then_restart(
        api, pg_engine, clock, [4000 + n for n in range(CONCURRENT_UPDATES + 8)]
    )


async def test_a_redelivered_update_is_handled_once(harness: Harness) -> None:
    await harness.ask("/help")
    await harness.settled()
    [first] = [u for u in harness.api.delivered_updates() if "message" in u]
    harness.api.redeliver(first)  # the same update_id again, as after a lost confirmation
    await harness.ask("/privacy")
    await harness.settled()
    await harness.api.wait_for(
        lambda: len([u for u in harness.api.delivered_updates() if "message" in u]) == 3,
        description="the redelivery fetched",
    )
    await _all_handled(harness)
    texts = [m.plain_text or "" for m in harness.api.messages(USER)]
    assert len(texts) == 2, texts  # /help once, /privacy once
    assert harness.processed == 2


async def test_the_update_text_is_gone_once_handled(harness: Harness) -> None:
    await harness.onboard()
    await harness.ask("/help")
    await harness.settled()
    engine = harness.services.engine

    async def all_done() -> bool:
        rows = await inbox_rows(engine)
        return bool(rows) and all(row.state == "done" for row in rows)

    await wait_until(all_done)
    for row in await inbox_rows(engine):
        assert row.payload is None
        assert row.user_id is None


async def test_delete_also_erases_the_users_waiting_updates(harness: Harness) -> None:
    await harness.onboard()
    # Updates of the user stored but not handled yet (as a stopped instance leaves them).
    inbox = harness.app.bot_data.intake.inbox
    waiting = [
        {
            "update_id": 990_000 + n,
            "message": {
                "message_id": 90 + n,
                "date": 1764061200,
                "chat": {"id": USER, "type": "private", "first_name": "Ann"},
                "from": {"id": USER, "is_bot": False, "first_name": "Ann"},
                "text": f"my private note {n}",
            },
        }
        for n in range(3)
    ]
    assert await inbox.store(waiting) == [990_000, 990_001, 990_002]
    await harness.ask("/delete")
    await harness.tap("Yes, erase everything")
    assert "everything about you is erased" in harness.screen().plain_text
    rows = await inbox_rows(harness.services.engine)
    assert [row for row in rows if row.user_id == USER] == []
    assert not any("private note" in (row.payload or "") for row in rows)


async def test_webhook_answers_200_only_once_the_update_is_stored(harness: Harness) -> None:
    await harness.app.bot_data.intake.stop_polling()
    engine = harness.services.engine
    app = webhook_app(harness.app, SECRET)
    async with LocalServer(app) as server:
        await harness.app.bot.set_webhook(f"{server.url}/telegram", secret_token=SECRET)
        gate = hold(harness)
        harness.say("/help")
        await harness.api.wait_for(
            lambda: any(d.status_code == 200 for d in harness.api.webhook_deliveries),
            description="the webhook's 200",
        )
        # At the 200 the update is in the database, with its handlers not yet finished.
        [row] = await inbox_rows(engine)
        assert row.payload is not None
        assert row.state in {"pending", "claimed"}
        gate.opened.set()
        await harness.settled()

        # The database cannot store it: no 200, Telegram keeps it and retries.
        async with engine.begin() as conn:
            await conn.execute(text("ALTER TABLE update_inbox RENAME TO update_inbox_away"))
        delivered = len(harness.api.webhook_deliveries)
        harness.say("/privacy")
        await harness.api.wait_for(
            lambda: any(d.status_code == 503 for d in harness.api.webhook_deliveries[delivered:]),
            description="a refused delivery",
        )
        assert harness.api.pending_updates  # Telegram still has it
        async with engine.begin() as conn:
            await conn.execute(text("ALTER TABLE update_inbox_away RENAME TO update_inbox"))
        await harness.settled()
        await harness.api.wait_for(lambda: not harness.api.pending_updates)
        await harness.app.bot.delete_webhook()
    assert len(harness.api.messages(USER)) == 2
    assert harness.processed == 2


def _command(update_id: int, command: str) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id % 1000,
            "date": 1764061200,
            "chat": {"id": USER, "type": "private", "first_name": "Ann"},
            "from": {"id": USER, "is_bot": False, "first_name": "Ann"},
            "text": command,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(command)}],
        },
    }


async def test_webhook_redelivery_of_a_stored_update_is_handled_once(harness: Harness) -> None:
    await harness.app.bot_data.intake.stop_polling()
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with (
        LocalServer(webhook_app(harness.app, SECRET)) as server,
        httpx.AsyncClient(base_url=server.url) as client,
    ):
        response = await client.post("/telegram", json=_command(777_001, "/help"), headers=headers)
        assert response.status_code == 200
        harness.expected += 1
        await harness.settled()
        for _ in range(2):  # Telegram sending it again, e.g. after a 200 that got lost
            response = await client.post(
                "/telegram", json=_command(777_001, "/help"), headers=headers
            )
            assert response.status_code == 200
        response = await client.post(
            "/telegram", json=_command(777_002, "/privacy"), headers=headers
        )
        assert response.status_code == 200
        harness.expected += 1
        await harness.settled()
        await _all_handled(harness)
    assert len(harness.api.messages(USER)) == 2
    assert harness.processed == 2
