"""A decision is applied with its send (issue 9): closing an episode or storing the missed
check-ins notice happens in the transaction that records the message, and only if it went
out. One 502, then success: the text arrives exactly once, and the episode matches what the
person was told."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.db import tables as t

from .conftest import Harness
from .test_checkins import _due_follow_up, _emergency
from .test_reminders import _rows, _self_care, sweeper


async def _episode(h: Harness) -> t.Episode:
    async with h.services.uow() as uow:
        return (await uow.session.execute(select(t.Episode))).scalars().one()


async def _missed_rows(h: Harness) -> list[t.Escalation]:
    async with h.services.uow() as uow:
        query = select(t.Escalation).where(t.Escalation.rule == "missed_checkins")
        return list((await uow.session.execute(query)).scalars())


async def _send_with_one_502(h: Harness) -> None:
    """The next due row: a 502 first (nothing applied), then success on the retry."""
    pending = [r for r in await _rows(h) if r.status == "pending" and r.episode_id]
    h.clock.set(min(r.due_at for r in pending))
    h.api.fail_next("sendMessage", error_code=502)
    report = await sweeper(h).tick()
    assert report.retried == 1
    assert report.sent == 0
    h.clock.advance(timedelta(minutes=1))
    assert (await sweeper(h).tick()).sent == 1


def _count(h: Harness, start: str) -> int:
    return sum(m.plain_text.startswith(start) for m in h.api.messages(h.user))


async def test_missed_checkins_notice_once_after_a_502(harness: Harness) -> None:
    await _self_care(harness)
    for _ in range(2):  # days 1 and 2, unanswered
        pending = [r for r in await _rows(harness, "checkin") if r.status == "pending"]
        harness.clock.set(pending[0].due_at)
        assert (await sweeper(harness).tick()).sent == 1
    pending = [r for r in await _rows(harness, "checkin") if r.status == "pending"]
    harness.clock.set(pending[0].due_at)
    harness.api.fail_next("sendMessage", error_code=502)
    assert (await sweeper(harness).tick()).retried == 1
    assert await _missed_rows(harness) == []  # not stored: the person was not told
    harness.clock.advance(timedelta(minutes=1))
    assert (await sweeper(harness).tick()).sent == 1
    assert _count(harness, "I haven't heard back") == 1
    assert len(await _missed_rows(harness)) == 1


async def test_closing_after_silence_once_after_a_502(harness: Harness) -> None:
    await _self_care(harness)
    logged = (await _episode(harness)).logged_at
    while True:
        pending = [r for r in await _rows(harness, "checkin") if r.status == "pending"]
        assert pending, "the open episode lost its next check-in"
        if pending[0].due_at - logged >= timedelta(days=21):
            break
        harness.clock.set(pending[0].due_at)
        await sweeper(harness).tick()
    harness.clock.set(pending[0].due_at)
    harness.api.fail_next("sendMessage", error_code=502)
    assert (await sweeper(harness).tick()).retried == 1
    assert (await _episode(harness)).status == "open"  # not told yet: still open
    harness.clock.advance(timedelta(minutes=1))
    assert (await sweeper(harness).tick()).sent == 1
    assert _count(harness, "Glad it's settled") == 1
    assert (await _episode(harness)).status == "closed"


async def test_close_repeating_the_level_once_after_a_502(harness: Harness) -> None:
    await _emergency(harness)
    await _due_follow_up(harness)
    await _due_follow_up(harness)  # one more ask when unanswered
    before = _count(harness, "🚨 Emergency")
    await _send_with_one_502(harness)
    assert _count(harness, "🚨 Emergency") == before + 1
    assert (await _episode(harness)).status == "closed"


async def test_an_undelivered_close_keeps_the_episode_and_a_row(harness: Harness) -> None:
    await _emergency(harness)
    await _due_follow_up(harness)
    await _due_follow_up(harness)
    [close] = [r for r in await _rows(harness, "follow_up") if r.status == "pending"]
    harness.clock.set(close.due_at)
    harness.api.fail_next("sendMessage", error_code=400, description="Bad Request: odd")
    assert (await sweeper(harness).tick()).failed == 1
    assert (await _episode(harness)).status == "open"
    again = [r for r in await _rows(harness, "follow_up") if r.status == "pending"]
    assert len(again) == 1
    assert again[0].payload == {"close": True}
