"""Reminders as a user sees them: turned on after a triage, sent by the sweep in waking hours,
answered with Done/Snooze, never doubled, and robust to 429 and a blocked user."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import tables as t
from bot.scheduling.sweep import Sweeper

from .conftest import Harness, start_bot, wait_until
from .test_triage import TAPS_SELF_CARE, _begin


def sweeper(h: Harness) -> Sweeper:
    return h.app.bot_data.sweeper


async def _rows(h: Harness, kind: str | None = None) -> list[t.Reminder]:
    async with h.services.uow() as uow:
        query = select(t.Reminder).order_by(t.Reminder.due_at)
        if kind:
            query = query.where(t.Reminder.kind == kind)
        return list((await uow.session.execute(query)).scalars())


async def _self_care(h: Harness) -> None:
    await h.onboard()
    await _begin(h)
    for label in TAPS_SELF_CARE:
        await h.tap(label)
    await h.tap("None of these")


async def _turn_on(h: Harness, limited: bool = False) -> None:
    await h.tap("Turn on reminders")
    assert "limit how much you drink" in h.screen().plain_text
    await h.tap("Yes" if limited else "No")
    assert "Your reminders" in h.screen().plain_text


async def test_hydration_arrives_in_waking_hours_and_done_is_recorded(harness: Harness) -> None:
    await _self_care(harness)
    await _turn_on(harness)
    [hydration] = await _rows(harness, "hydration")
    due = hydration.due_at
    local_hour = due.hour  # Europe/London is UTC in November
    assert 9 <= local_hour < 21
    harness.clock.set(due - timedelta(minutes=1))
    assert (await sweeper(harness).tick()).sent == 0
    harness.clock.set(due)
    report = await sweeper(harness).tick()
    assert report.sent == 1
    nudge = harness.api.messages(harness.user)[-1]
    assert nudge.plain_text.startswith("💧 Water check")
    assert "limit fluids" in nudge.plain_text
    assert nudge.disable_notification is True
    await harness.tap("💧 Done, I had a drink", nudge)
    assert "Logged" in harness.api.message(harness.user, nudge.message_id).plain_text
    async with harness.services.uow() as uow:
        events = list((await uow.session.execute(select(t.ReminderEvent))).scalars())
    assert [(e.kind, e.action) for e in events] == [("hydration", "done")]
    # The next nudge was planned when this one was sent; a drink 3 h earlier does not skip it.
    nxt = [r for r in await _rows(harness, "hydration") if r.status == "pending"]
    assert len(nxt) == 1
    assert nxt[0].due_at > due


async def test_fluid_limited_users_get_no_volumes(harness: Harness) -> None:
    await _self_care(harness)
    await _turn_on(harness, limited=True)
    [hydration] = await _rows(harness, "hydration")
    harness.clock.set(hydration.due_at)
    await sweeper(harness).tick()
    nudge = harness.api.messages(harness.user)[-1]
    assert nudge.plain_text == "💧 Time for a drink, as your doctor advised."


async def test_snooze_sends_it_again_later(harness: Harness) -> None:
    await _self_care(harness)
    await _turn_on(harness)
    [hydration] = await _rows(harness, "hydration")
    harness.clock.set(hydration.due_at)
    await sweeper(harness).tick()
    await harness.tap("Snooze 30 min")
    harness.clock.advance(timedelta(minutes=29))
    assert (await sweeper(harness).tick()).sent == 0
    harness.clock.advance(timedelta(minutes=1))
    assert (await sweeper(harness).tick()).sent == 1
    assert harness.api.messages(harness.user)[-1].plain_text.startswith("💧 Water check")


async def test_checkin_arrives_next_day_at_local_time(harness: Harness) -> None:
    await _self_care(harness)
    [checkin] = await _rows(harness, "checkin")
    assert checkin.due_at == datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    harness.clock.set(checkin.due_at)
    assert (await sweeper(harness).tick()).sent == 1
    message = harness.api.messages(harness.user)[-1]
    assert message.plain_text.endswith("Still twitching?")
    assert message.plain_text.startswith("Checking in on your left-knee twitch")
    assert message.button_texts == ["Gone", "Better", "Same", "Worse"]
    assert message.disable_notification is not True


async def test_checkin_after_downtime_at_night_waits_for_morning_and_says_sorry(
    harness: Harness,
) -> None:
    await _self_care(harness)
    [checkin] = await _rows(harness, "checkin")
    harness.clock.set(checkin.due_at + timedelta(hours=13))  # 22:00: the bot was down all day
    assert (await sweeper(harness).tick()).sent == 0
    harness.clock.set(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    assert (await sweeper(harness).tick()).sent == 1
    assert harness.api.messages(harness.user)[-1].plain_text.startswith("Sorry this is late.")


async def test_due_rows_are_sent_once_by_two_instances(
    harness: Harness, e2e_engine: AsyncEngine
) -> None:
    await _self_care(harness)
    [checkin] = await _rows(harness, "checkin")
    harness.clock.set(checkin.due_at + timedelta(minutes=5))
    async for second in start_bot(harness.api, e2e_engine, harness.clock):
        first_report = await sweeper(harness).tick()
        second_report = await sweeper(second).tick()
        break
    assert first_report.sent + second_report.sent == 1
    sent = [
        m for m in harness.api.messages(harness.user) if m.plain_text.endswith("Still twitching?")
    ]
    assert len(sent) == 1


async def test_429_puts_it_back_until_telegram_says(harness: Harness) -> None:
    await _self_care(harness)
    [checkin] = await _rows(harness, "checkin")
    harness.clock.set(checkin.due_at)
    harness.api.fail_next("sendMessage", error_code=429, retry_after=7)
    report = await sweeper(harness).tick()
    assert report.sent == 0
    assert report.rate_limited_until == checkin.due_at + timedelta(seconds=7)
    harness.clock.advance(timedelta(seconds=7))
    assert (await sweeper(harness).tick()).sent == 1


async def test_403_marks_the_user_blocked_and_stops_their_nudges(harness: Harness) -> None:
    await _self_care(harness)
    await _turn_on(harness)
    [hydration] = await _rows(harness, "hydration")
    # Blocked before the bot heard of it (the block's own update is covered elsewhere): the
    # send meets Telegram's 403. Not api.block(): its update could race the tick.
    harness.api.blocked.add(harness.user)
    harness.clock.set(hydration.due_at)
    report = await sweeper(harness).tick()
    assert report.blocked == 1
    profile = await harness.services.users.get(harness.user)
    assert profile is not None
    assert profile.blocked
    assert not profile.hydration_on
    open_nudges = [r for r in await _rows(harness, "hydration") if r.status == "pending"]
    assert open_nudges == []


@pytest.fixture
async def wired(api: object, e2e_engine: AsyncEngine, clock: object) -> AsyncIterator[Harness]:
    async for h in start_bot(api, e2e_engine, clock, schedule_jobs=True):  # type: ignore[arg-type]
        yield h


async def test_the_sweep_runs_on_the_real_job_queue(wired: Harness) -> None:
    """One short real-JobQueue test: the repeating job is wired and sends a due check-in."""
    await _self_care(wired)
    [checkin] = await _rows(wired, "checkin")
    wired.clock.set(checkin.due_at)
    message = await wired.api.wait_for(
        lambda: next(
            (
                m
                for m in wired.api.messages(wired.user)
                if m.plain_text.endswith("Still twitching?")
            ),
            None,
        ),
        timeout=10,
    )
    assert message.button_texts == ["Gone", "Better", "Same", "Worse"]


async def test_reminders_settings_change_waking_hours_count_and_stretch_time(
    harness: Harness,
) -> None:
    await _self_care(harness)
    await _turn_on(harness)
    await harness.tap("💧 More")
    assert "💧 Water: 5 a day" in harness.screen().plain_text
    await harness.tap("🕘 Waking hours")
    await harness.tap("07:00")
    await harness.tap("23:00")
    assert "07:00–23:00" in harness.screen().plain_text
    await harness.tap("🧘 Stretch time")
    await harness.tap("08:00 + 18:00")
    assert "🧘 Stretch: 08:00, 18:00" in harness.screen().plain_text
    pending = [r for r in await _rows(harness) if r.status == "pending" and r.kind != "checkin"]
    assert sorted(r.kind for r in pending) == ["hydration", "stretch"]  # only the next of each
    for row in pending:
        assert 7 <= row.due_at.hour < 23
    await harness.tap("Pause today")
    assert "Paused for today" in harness.screen().plain_text
    overview = await harness.ask("/reminders")
    assert "Paused for today" in overview.plain_text
    await harness.tap("Stop water and stretch reminders", overview)
    assert "Water and stretch reminders are off." in harness.screen().plain_text
    assert [r for r in await _rows(harness, "hydration") if r.status == "pending"] == []
    # Check-ins are safety: they stay.
    assert [r.status for r in await _rows(harness, "checkin")] == ["pending"]


async def test_an_unanswered_nudge_is_recorded_as_ignored(harness: Harness) -> None:
    await _self_care(harness)
    await _turn_on(harness)
    for _ in range(2):
        pending = [r for r in await _rows(harness, "hydration") if r.status == "pending"]
        harness.clock.set(pending[0].due_at)
        assert (await sweeper(harness).tick()).sent == 1
    async with harness.services.uow() as uow:
        events = list((await uow.session.execute(select(t.ReminderEvent))).scalars())
    assert [(e.kind, e.action) for e in events] == [("hydration", "ignored")]


async def test_coming_back_after_blocking_resumes_checkins_but_not_nudges(
    harness: Harness,
) -> None:
    await _self_care(harness)
    await _turn_on(harness)
    [checkin] = await _rows(harness, "checkin")
    harness.api.block(harness.user)
    await harness.api.wait_for(lambda: not harness.api.pending_updates)
    harness.clock.set(checkin.due_at)
    await sweeper(harness).tick()
    assert [r for r in await _rows(harness) if r.status == "pending"] == []
    harness.api.unblock(harness.user)
    await harness.api.wait_for(lambda: not harness.api.pending_updates)

    async def checkin_planned() -> bool:
        return any(r.status == "pending" for r in await _rows(harness, "checkin"))

    await wait_until(checkin_planned)
    assert [r for r in await _rows(harness, "hydration") if r.status == "pending"] == []
    profile = await harness.services.users.get(harness.user)
    assert profile is not None
    assert not profile.blocked
    assert not profile.hydration_on


async def test_checkins_resume_when_a_message_overtakes_the_unblock(harness: Harness) -> None:
    """Drill finding (fuzz): updates run concurrently, so the message a user sends on coming
    back can be handled before the ``my_chat_member`` (member) update. Its handler clears the
    block first; the unblock must still bring the open episode's check-in back."""
    await _self_care(harness)
    [checkin] = await _rows(harness, "checkin")
    harness.api.block(harness.user)
    await harness.api.wait_for(lambda: not harness.api.pending_updates)
    harness.clock.set(checkin.due_at)
    await sweeper(harness).tick()
    assert [r for r in await _rows(harness) if r.status == "pending"] == []
    harness.api.blocked.discard(harness.user)  # back in Telegram; the update comes second
    await harness.ask("/start")
    harness.api.unblock(harness.user)
    await harness.api.wait_for(lambda: not harness.api.pending_updates)

    async def checkin_planned() -> bool:
        return any(r.status == "pending" for r in await _rows(harness, "checkin"))

    await wait_until(checkin_planned)


async def test_checkins_resume_when_a_user_writes_again_without_an_unblock_update(
    harness: Harness,
) -> None:
    """Drill finding (fuzz): a user marked blocked who writes or taps again is back, whether
    or not the "member again" update ever arrives; any update of theirs clears the block, so
    it must also bring the open episode's check-in back (it is safety), not leave the episode
    with nothing planned."""
    await _self_care(harness)
    [checkin] = await _rows(harness, "checkin")
    harness.api.block(harness.user)
    await harness.api.wait_for(lambda: not harness.api.pending_updates)
    await wait_until(lambda: _none_pending(harness))
    harness.api.blocked.discard(harness.user)  # back in Telegram; no my_chat_member at all
    await harness.ask("/help")
    await harness.settled()
    pending = [r for r in await _rows(harness, "checkin") if r.status == "pending"]
    assert [r.due_at for r in pending] == [checkin.due_at]
    profile = await harness.services.users.get(harness.user)
    assert profile is not None
    assert not profile.blocked
    assert not profile.hydration_on


async def test_blocking_and_coming_back_the_same_day_twice_keeps_the_checkin(
    harness: Harness,
) -> None:
    """Drill finding (fuzz): the block cancels the pending check-in, and its single-use dedup
    key then kept the same check-in from being planned again when the user came back before
    it was due (and again after a second block)."""
    await _self_care(harness)
    [checkin] = await _rows(harness, "checkin")

    async def pending() -> list[t.Reminder]:
        return [r for r in await _rows(harness, "checkin") if r.status == "pending"]

    for _ in range(2):
        harness.api.block(harness.user)
        await harness.api.wait_for(lambda: not harness.api.pending_updates)
        await wait_until(lambda: _none_pending(harness))
        harness.api.unblock(harness.user)
        await harness.api.wait_for(lambda: not harness.api.pending_updates)
        await wait_until(lambda: _one_pending(pending))
    [again] = await pending()
    assert again.due_at == checkin.due_at  # the same check-in, at the same time


async def _none_pending(h: Harness) -> bool:
    return not [r for r in await _rows(h) if r.status == "pending"]


async def _one_pending(pending: Callable[[], Awaitable[list[t.Reminder]]]) -> bool:
    return len(await pending()) == 1


async def test_done_and_snooze_edits_read_cleanly(harness: Harness) -> None:
    """Issue 12, bug 2: the edited nudge never shows escaped entities (you&amp;#x27;re)."""
    await _self_care(harness)
    await _turn_on(harness)
    [hydration] = await _rows(harness, "hydration")
    harness.clock.set(hydration.due_at)
    await sweeper(harness).tick()
    nudge = harness.api.messages(harness.user)[-1]
    assert "you're on track" in nudge.plain_text
    await harness.tap("Snooze 30 min", nudge)
    edited = harness.api.message(harness.user, nudge.message_id)
    assert "you're on track" in edited.plain_text
    assert "&" not in edited.plain_text
    assert "&" not in edited.text.replace("&lt;", "").replace("&gt;", "").replace("&amp;", "")


async def test_double_tap_on_the_fluid_question_and_off_on_keep_one_of_each(
    harness: Harness,
) -> None:
    await _self_care(harness)
    await harness.tap("Turn on reminders")
    question = harness.screen()
    data = question.button("No")["callback_data"]
    taps = [harness.api.press(harness.user, question, data) for _ in range(2)]
    harness.expected += 2
    for tap in taps:
        await harness.api.wait_answered(tap)
    await harness.settled()
    pending = [r for r in await _rows(harness) if r.status == "pending" and r.kind != "checkin"]
    assert sorted(r.kind for r in pending) == ["hydration", "stretch"]
    # Off and on again: the same slots today, still one of each.
    await harness.ask("/reminders")
    await harness.tap("Stop water and stretch reminders")
    await harness.tap("Turn on reminders")
    await harness.tap("No")
    again = [r for r in await _rows(harness) if r.status == "pending" and r.kind != "checkin"]
    assert [(r.kind, r.due_at) for r in again] == [(r.kind, r.due_at) for r in pending]


async def test_an_html_502_is_retried_with_one_warning_and_the_sent_row_keeps_no_error(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    await _self_care(harness)
    [checkin] = await _rows(harness, "checkin")
    harness.clock.set(checkin.due_at)
    harness.api.fail_next("sendMessage", error_code=502, html=True)
    caplog.clear()
    with caplog.at_level(logging.INFO):
        report = await sweeper(harness).tick()
    assert (report.sent, report.retried) == (0, 1)
    problems = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [(r.levelname, r.exc_info) for r in problems] == [("WARNING", None)]
    assert "HTTP 502" in problems[0].getMessage()
    [row] = await _rows(harness, "checkin")
    assert row.last_error == "HTTP 502"

    harness.clock.advance(timedelta(minutes=5))  # past the backoff
    assert (await sweeper(harness).tick()).sent == 1
    sent = next(r for r in await _rows(harness, "checkin") if r.id == checkin.id)
    assert (sent.status, sent.last_error) == ("sent", None)
    assert "Still twitching?" in harness.api.messages(harness.user)[-1].plain_text


async def test_an_html_502_on_a_reply_is_a_warning_not_an_error_traceback(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    await harness.onboard()
    harness.api.fail_next("sendMessage", error_code=502, html=True)
    caplog.clear()
    harness.say("/help")
    await harness.settled()
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert any("HTTP 502" in r.getMessage() for r in caplog.records if r.levelname == "WARNING")
    assert "/twitch" in (await harness.ask("/help")).plain_text  # and it answers the next one
