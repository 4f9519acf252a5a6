"""Check-ins and escalation from history, driven through the real bot with a controllable clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.db import tables as t
from bot.tg.jobs import expire_checkins

from .conftest import Harness
from .test_reminders import _rows, _self_care, sweeper


async def _due_checkin(h: Harness) -> None:
    """Move the clock to the next pending check-in and let the sweep send it."""
    pending = [r for r in await _rows(h, "checkin") if r.status == "pending"]
    assert pending, "no check-in is planned"
    h.clock.set(pending[0].due_at)
    assert (await sweeper(h).tick()).sent == 1
    assert h.screen().plain_text.endswith("Still twitching?")


async def _answer(
    h: Harness, status: str, *, intensity: str = "3", often: str = "A few times", flag: str = ""
) -> list[str]:
    before = len(h.api.messages(h.user))
    await h.tap(status)
    # Every answer, "Gone" too, is followed by the compact red-flag screen (TRIAGE.md).
    assert "question 2 of 5" in h.screen().plain_text
    assert "Not sure about one? Tick it." in h.screen().plain_text
    if status == "Gone" and not flag:
        await h.tap("None of these")
    else:
        if flag:
            await h.tap(flag)
            await h.tap("Continue")
        else:
            await h.tap("None of these")
            await h.tap(intensity)
            await h.tap(often)
            await h.tap("No")
    return [m.plain_text for m in h.api.messages(h.user)[before:]]


async def test_still_there_at_the_first_checkin_gets_the_professional_advice(
    harness: Harness,
) -> None:
    await _self_care(harness)
    await _due_checkin(harness)
    replies = await _answer(harness, "Same")
    assert any("Worth a word with a professional" in r for r in replies)
    async with harness.services.uow() as uow:
        [row] = list((await uow.session.execute(select(t.CheckIn))).scalars())
    assert (row.status, row.intensity, row.frequency, row.new_place) == ("same", 3, "few", False)


async def test_two_gone_in_a_row_close_the_episode(harness: Harness) -> None:
    await _self_care(harness)
    await _due_checkin(harness)
    first = await _answer(harness, "Gone")
    assert any("I'll check in again" in r for r in first)
    await _due_checkin(harness)
    second = await _answer(harness, "Gone")
    assert any(r.startswith("Glad it's settled") for r in second)
    async with harness.services.uow() as uow:
        [episode] = list((await uow.session.execute(select(t.Episode))).scalars())
    assert episode.status == "closed"
    assert [r for r in await _rows(harness, "checkin") if r.status == "pending"] == []


async def test_a_red_flag_at_a_checkin_escalates_at_once(harness: Harness) -> None:
    await _self_care(harness)
    await _due_checkin(harness)
    replies = await _answer(harness, "Worse", flag="3")  # chest pain
    assert any(r.startswith("🚨 Emergency: call 999 now") for r in replies)
    async with harness.services.uow() as uow:
        [episode] = list((await uow.session.execute(select(t.Episode))).scalars())
    assert episode.urgency == 4
    assert [r for r in await _rows(harness, "checkin") if r.status == "pending"] == []
    assert [r.kind for r in await _rows(harness, "follow_up")] == ["follow_up"]


async def test_an_old_checkin_button_says_closed(harness: Harness) -> None:
    await _self_care(harness)
    await _due_checkin(harness)
    old = harness.screen()
    same_on_old = old.button("Same")["callback_data"]
    await _answer(harness, "Better")
    await _due_checkin(harness)
    answer = await harness.press(same_on_old, old)
    assert "closed" in (answer or "")
    forged = await harness.press("k1:ck:999:0:status:pick:gone")
    assert "closed" in (forged or "") or "expired" in (forged or "").lower()


async def test_fourteen_days_of_twitching_escalate_on_the_right_days(harness: Harness) -> None:
    await _self_care(harness)  # logged 25 Nov 09:00 London, "under a day"
    seen: dict[str, list[str]] = {}
    while True:
        pending = [r for r in await _rows(harness, "checkin") if r.status == "pending"]
        if not pending or pending[0].due_at > datetime(2026, 12, 10, tzinfo=UTC):
            break
        await _due_checkin(harness)
        day = harness.clock.now().date().isoformat()
        seen[day] = await _answer(harness, "Same")
    days = sorted(seen)
    assert days[:4] == ["2026-11-26", "2026-11-27", "2026-11-28", "2026-11-30"]
    assert any("Worth a word with a professional" in r for r in seen["2026-11-26"])
    # Day 7 from the start: book a GP appointment, with the reason in plain words.
    day7 = seen["2026-12-02"]
    assert any(r.startswith("🟡 Book a GP appointment") for r in day7), day7
    assert any("7 days" in r for r in day7)
    # Day 14: the firm wording.
    day14 = seen["2026-12-09"]
    assert any(r.startswith("🟡 Please book a GP appointment now.") for r in day14), day14
    # In between, no alarm: just thanks and the next date.
    assert all(not r.startswith(("🟡", "🟠", "🚨")) for r in seen["2026-12-05"])


async def _emergency(h: Harness) -> None:
    await h.onboard()
    await h.ask("/twitch")
    await h.tap("3")
    await h.tap("Continue")


async def _due_follow_up(h: Harness) -> None:
    pending = [r for r in await _rows(h, "follow_up") if r.status == "pending"]
    assert pending, "no follow-up is planned"
    h.clock.set(pending[0].due_at)
    assert (await sweeper(h).tick()).sent == 1


async def test_were_you_seen_not_yet_then_assessed(harness: Harness) -> None:
    await _emergency(harness)
    await _due_follow_up(harness)
    ask = harness.screen()
    assert "Were you seen" in ask.plain_text
    await harness.tap("Not yet")
    assert harness.api.messages(harness.user)[-1].plain_text.startswith("🚨 Emergency")
    await _due_follow_up(harness)  # asked again the next day
    await harness.tap("Yes, I was assessed")
    assert "Follow the plan you were given" in harness.screen().plain_text
    await harness.tap("Yes, keep checking in")
    assert "I'll check in again" in harness.screen().plain_text
    async with harness.services.uow() as uow:
        [episode] = list((await uow.session.execute(select(t.Episode))).scalars())
    assert episode.seen_at is not None
    assert episode.urgency == 1  # the clinician's plan takes over
    assert [r.status for r in await _rows(harness, "checkin")] == ["pending"]


async def test_unanswered_follow_ups_close_repeating_the_level(harness: Harness) -> None:
    await _emergency(harness)
    await _due_follow_up(harness)
    await _due_follow_up(harness)  # one more ask when unanswered
    await _due_follow_up(harness)  # then the episode closes
    last = harness.api.messages(harness.user)[-1]
    # TRIAGE.md (revised): a red flag never assessed is never closed with the mild safety net;
    # the close repeats the level's headline, action and number.
    assert last.plain_text.startswith("🚨 Emergency: call 999 now")
    assert "Call 999 or go to the emergency department now" in last.plain_text
    assert "See a doctor sooner if you notice" not in last.plain_text
    async with harness.services.uow() as uow:
        [episode] = list((await uow.session.execute(select(t.Episode))).scalars())
    assert episode.status == "closed"


async def test_two_missed_checkins_get_one_gentle_notice(harness: Harness) -> None:
    await _self_care(harness)
    await _due_checkin(harness)  # day 1, unanswered
    await _due_checkin(harness)  # day 2, unanswered
    pending = [r for r in await _rows(harness, "checkin") if r.status == "pending"]
    harness.clock.set(pending[0].due_at)
    await sweeper(harness).tick()
    notice = harness.api.messages(harness.user)[-1].plain_text
    assert notice.startswith("I haven't heard back")
    assert notice.endswith("Still twitching?")


async def test_back_or_abandoning_after_a_red_flag_gives_that_levels_advice(
    harness: Harness,
) -> None:
    await _self_care(harness)
    await _due_checkin(harness)
    message = harness.screen()
    await harness.tap("Same")
    await harness.tap("8")  # 8 = the first same-day item (after the six emergency ones + 1)
    await harness.tap("Back")
    advice = harness.api.messages(harness.user)[-1]
    assert advice.plain_text.startswith("🟠 Get medical help today")
    assert "question 1 of 5" in harness.api.message(harness.user, message.message_id).plain_text
    await harness.tap("✅ Same", harness.api.message(harness.user, message.message_id))
    harness.clock.advance(timedelta(minutes=29))
    assert await expire_checkins(harness.app.bot, harness.services) == 0
    harness.clock.advance(timedelta(minutes=2))
    assert await expire_checkins(harness.app.bot, harness.services) == 1
    edited = harness.api.message(harness.user, message.message_id)
    assert "expired" in edited.plain_text
    assert harness.api.messages(harness.user)[-1].plain_text.startswith("🟠 Get medical help")
    # TRIAGE.md (revised): a red flag once seen is never lost. The abandoned check-in finished
    # with its flag: the level is stored, routine check-ins stop, "Were you seen?" is planned.
    async with harness.services.uow() as uow:
        [episode] = list((await uow.session.execute(select(t.Episode))).scalars())
        [row] = list((await uow.session.execute(select(t.CheckIn))).scalars())
    assert episode.urgency == 3
    assert episode.status == "open"
    assert row.red_flags == ["u2"]
    assert [r for r in await _rows(harness, "checkin") if r.status == "pending"] == []
    assert [r.status for r in await _rows(harness, "follow_up")] == ["pending"]
    again = await harness.ask("/checkin")
    assert again.plain_text.startswith("No check-in is waiting")
