"""Forged and odd input through the real Application: random callback data (any unicode, lone
surrogates, huge numbers, separators) and random texts and commands never raise; every press is
answered."""

from __future__ import annotations

import logging
import random
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.db import migrate
from bot.db import tables as t
from bot.db.engine import create_engine
from bot.tg import callbacks
from tests.conftest import FakeClock

from .conftest import USER, Harness, start_bot
from .standin import BotApiStandin

SEED = 20261202
PRESSES = 1200
TEXTS = 200
PREFIXES = [
    "ob", "help", "del", "set", "tw", "tr", "ft", "tzc", "rem", "rm", "ci", "ck", "fu", "hist",
    "h", "x",
]  # fmt: skip
HUGE = [
    "99999999999999999999",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551616",
    "1" * 64,
    "0" * 40 + "1",
    "-1",
    "-9223372036854775809",
    "+1",
    "1e999",
    "٣",
    "²",
    "0",
    "",
]
ODD = ["\ud800", "\udfff", "\x00", "\n", "\u202e", "𝟙", "é", " ", ":", "::", "k1", "k1:"]


def _random_unicode(rng: random.Random, length: int) -> str:
    ranges = [(0x20, 0x7E), (0x00, 0x1F), (0x80, 0x7FF), (0xD800, 0xDFFF), (0x1F300, 0x1FAFF)]
    out = []
    for _ in range(length):
        low, high = rng.choice(ranges)
        out.append(chr(rng.randint(low, high)))
    return "".join(out)


def _part(rng: random.Random, known: list[str]) -> str:
    pick = rng.random()
    if pick < 0.3:
        return rng.choice(HUGE)
    if pick < 0.45:
        return rng.choice(ODD)
    if pick < 0.6:
        return _random_unicode(rng, rng.randint(0, 8))
    if pick < 0.8 and known:
        return rng.choice(rng.choice(known).split(":"))
    return str(rng.randint(0, 3000))


def _callback_data(rng: random.Random, known: list[str]) -> str:
    pick = rng.random()
    if pick < 0.15:
        return _random_unicode(rng, rng.randint(0, 120))
    if pick < 0.35 and known:
        parts = rng.choice(known).split(":")
        parts[rng.randrange(len(parts))] = _part(rng, known)
        return ":".join(parts)
    parts = ["k1", rng.choice(PREFIXES)] + [_part(rng, known) for _ in range(rng.randint(0, 7))]
    return ":".join(parts)


def _text(rng: random.Random) -> str:
    pick = rng.random()
    commands = ["/start", "/help", "/history", "/report", "/checkin", "/reminders", "/twitch",
                "/timezone", "/settings", "/cancel", "/privacy", "/nosuch"]  # fmt: skip
    if pick < 0.5:
        return f"{rng.choice(commands)} {rng.choice(HUGE + ODD)}"
    if pick < 0.7:
        return rng.choice(HUGE + ODD) or "0"
    return _random_unicode(rng, rng.randint(1, 60)) or "x"


async def _settled(harness: Harness) -> None:
    """Like ``harness.settled()`` with room for /report and /history: the first PDF or chart
    loads matplotlib and fpdf2, seconds on a busy machine."""
    await harness.api.wait_for(
        lambda: harness.processed >= harness.expected,
        timeout=60,
        description=f"the bot to finish {harness.expected} updates",
    )


def test_decode_is_total_and_bounds_numbers() -> None:
    rng = random.Random(SEED)  # noqa: S311 - reproducible fuzzing, not cryptography
    for _ in range(20_000):
        data = _callback_data(rng, ["k1:rm:12:done", "k1:ci:5:better"])
        parts = callbacks.decode(data)
        if parts is not None:
            assert all(not p.isdigit() or int(p) <= callbacks.MAX_INT for p in parts)
    for odd in [
        "k1:\ud800",
        "\ud800",
        "k1:rm:99999999999999999999:done",
        "k1:a\n",
        5,
        None,
        b"k1",
    ]:
        assert callbacks.decode(odd) is None
    assert callbacks.decode("k1:rm:9223372036854775807:done") == (
        "rm",
        "9223372036854775807",
        "done",
    )


@pytest.fixture
async def fuzzed(
    db_url: str, api: BotApiStandin, clock: FakeClock
) -> AsyncIterator[tuple[Harness, int]]:
    """The bot on SQLite (many presses) and on PostgreSQL (fewer: asyncpg types are strict)."""
    engine = create_engine(db_url)
    await migrate.upgrade(engine)
    async for running_bot in start_bot(api, engine, clock):
        yield running_bot, PRESSES if db_url.startswith("sqlite") else PRESSES // 3
    await engine.dispose()


async def test_random_presses_and_texts_never_raise(
    fuzzed: tuple[Harness, int], caplog: pytest.LogCaptureFixture
) -> None:
    harness, presses = fuzzed
    caplog.set_level(logging.WARNING)
    rng = random.Random(SEED)  # noqa: S311 - reproducible fuzzing, not cryptography
    await harness.onboard()
    await harness.services.reminders.enable(USER, fluid_limited=False)
    await harness.ask("/twitch")
    async with harness.services.uow() as uow:
        ids = (await uow.session.scalars(select(t.Reminder.id))).all()
    known = sorted({d for m in harness.api.messages(USER) for d in m.callback_data})
    known += [f"k1:rm:{i}:{a}" for i in ids for a in ("done", "s30", "s60", "pause")]
    known += [f"k1:ci:{i}:better" for i in ids] + [f"k1:fu:{i}:yes" for i in ids]
    datas = [_callback_data(rng, known) for _ in range(presses)]
    datas += [f"k1:{p}:{h}:{h}:{h}" for p in PREFIXES for h in HUGE[:4]]
    datas += [f"k1:{p}:\ud800" for p in PREFIXES]
    screen = harness.screen()
    batch = 32
    for start in range(0, len(datas), batch):
        queries = [
            harness.api.press(USER, screen, data, forged=True)
            for data in datas[start : start + batch]
        ]
        harness.expected += len(queries)
        for query_id in queries:
            await harness.api.wait_answered(query_id, timeout=60)
    for start in range(0, TEXTS, batch):
        for _ in range(min(batch, TEXTS - start)):
            harness.say(_text(rng))
        await _settled(harness)
    await _settled(harness)
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert failures == [], [f"{r.name}: {r.getMessage()}" for r in failures[:5]]


async def test_ids_beyond_64_bits_are_refused_quietly(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    """A forged update from a user or chat id no database column can hold is dropped with one
    warning: nothing stored, no traceback."""
    caplog.set_level(logging.WARNING)
    await harness.onboard()
    huge = 10**20
    harness.api.user(huge, "Eve")
    harness.api.send_text(huge, "/start")
    harness.api.press(huge, harness.screen(), "k1:tw:new", forged=True)

    def refused() -> int:
        return sum("out of range" in r.getMessage() for r in caplog.records)

    await harness.api.wait_for(lambda: refused() == 2, description="two refusals")
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert failures == [], [f"{r.name}: {r.getMessage()}" for r in failures[:5]]
    assert harness.api.messages(huge) == []
    async with harness.services.uow() as uow:
        assert (await uow.session.scalars(select(t.User.id))).all() == [USER]
