"""The end-to-end harness: the real PTB Application, over HTTP, against the Bot API stand-in."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Settings, load_settings
from bot.db import migrate
from bot.db.engine import create_engine
from bot.services import Services
from bot.tg.app import BotApplication, build, running
from tests.conftest import FakeClock

from .standin import WAIT_LIMIT, BotApiStandin, BotMessage

USER = 1001


@dataclass
class Harness:
    """One running bot and the person talking to it."""

    api: BotApiStandin
    app: BotApplication
    services: Services
    clock: FakeClock
    settings: Settings
    user: int = USER
    processed: int = 0
    expected: int = 0

    async def settled(self) -> None:
        """Wait until the bot has finished every update the harness sent."""
        await self.api.wait_for(
            lambda: self.processed >= self.expected,
            description=f"the bot to finish {self.expected} updates (done {self.processed})",
        )

    def say(self, text: str, user: int | None = None) -> None:
        self.api.send_text(user or self.user, text)
        self.expected += 1

    async def reply(self, user: int | None = None) -> BotMessage:
        """The next message the bot sends to the user."""
        return await self.api.next_message(user or self.user)

    async def ask(self, text: str, user: int | None = None) -> BotMessage:
        """Say something and return the bot's first new message after it."""
        self.api.mark(user or self.user)
        self.say(text, user)
        return await self.reply(user)

    async def tap(self, label: str, message: BotMessage | None = None) -> str:
        """Press a button by its label; wait until the bot has answered it and finished."""
        query_id = self.api.click(self.user, label, message=message)
        self.expected += 1
        await self.api.wait_answered(query_id)
        await self.settled()
        return query_id

    async def press(self, data: str, message: BotMessage | None = None) -> str | None:
        """Press with any callback data (forged or stale); returns the answer's text."""
        query_id = self.api.press(self.user, message or self.screen(), data, forged=True)
        self.expected += 1
        answer = await self.api.wait_answered(query_id)
        await self.settled()
        return answer.text

    def screen(self) -> BotMessage:
        """The bot's latest message to the user, in its current (possibly edited) state."""
        found = self.api.last_message(self.user)
        assert found is not None, "the bot has sent nothing"
        return found

    async def onboard(self, country: str = "United Kingdom", zone: str = "London") -> None:
        await self.ask("/start")
        await self.tap("I'm 18+ and I understand")
        if country not in self.screen().button_texts:
            await self.tap("More countries »")
        await self.tap(country)
        await self.tap(zone)


async def wait_until(
    check: Callable[[], Awaitable[bool]],
    timeout: float = WAIT_LIMIT,  # noqa: ASYNC109
) -> None:
    """Poll an async condition (e.g. a database row) every few milliseconds, up to ``timeout``."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        await asyncio.sleep(0.01)


async def start_bot(
    api: BotApiStandin, engine: AsyncEngine, clock: FakeClock, *, schedule_jobs: bool = False
) -> AsyncIterator[Harness]:
    settings = load_settings(
        telegram_bot_token=api.token,
        telegram_api_url=api.base_url,
        database_url="sqlite+aiosqlite://",
    )
    app = build(settings, engine=engine, clock=clock, schedule_jobs=schedule_jobs)
    harness = Harness(api, app, app.bot_data.services, clock, settings)

    process_update = app.process_update

    async def counted(update: object) -> None:
        # Counted however the update ended (a handler may stop the others: the red-flag reader).
        try:
            await process_update(update)
        finally:
            harness.processed += 1

    app.process_update = counted  # type: ignore[method-assign]
    async with running(app):
        app.bot_data.intake.start_polling(timeout=1)
        try:
            yield harness
        finally:
            await app.bot_data.intake.stop_polling()


@pytest.fixture
async def api() -> AsyncIterator[BotApiStandin]:
    async with BotApiStandin() as standin:
        standin.user(USER, "Ann")
        yield standin
        # Every keyboard any test made the bot send has labels a phone shows whole (issue 13).
        assert standin.layout_problems == []


@pytest.fixture
async def e2e_engine(sqlite_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(sqlite_url)
    await migrate.upgrade(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
async def harness(
    api: BotApiStandin, e2e_engine: AsyncEngine, clock: FakeClock
) -> AsyncIterator[Harness]:
    async for running_bot in start_bot(api, e2e_engine, clock):
        yield running_bot
