"""What a person sees reads right (issue 12): promises kept, nothing edited away, polish."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.db import tables as t
from bot.domain.language import in_language
from bot.tg import texts

from .conftest import Harness
from .test_checkins import _answer, _due_checkin
from .test_reminders import _rows, _self_care, _turn_on
from .test_triage import TAPS_SELF_CARE


async def test_the_promised_checkin_time_is_the_stored_one(harness: Harness) -> None:
    # Logged at 07:30, before the default waking hours (09:00): the check-in is planned at 09:00.
    harness.clock.set(harness.clock.now().replace(hour=7, minute=30))
    await _self_care(harness)
    # Waking hours change after the check-in was planned; a second /twitch updates the episode.
    await harness.services.reminders.change(harness.user, wake_start=8 * 60, wake_end=22 * 60)
    await harness.ask("/twitch")
    await harness.tap("No, start fresh")
    for label in TAPS_SELF_CARE:
        await harness.tap(label)
    await harness.tap("None of these")
    promise = next(
        m.plain_text
        for m in reversed(harness.api.messages(harness.user))
        if "I'll check in" in m.plain_text
    )
    promised = re.search(r"I'll check in \w+ at (\d\d:\d\d)", promise)
    assert promised is not None
    [checkin] = [r for r in await _rows(harness, "checkin") if r.status == "pending"]
    stored = checkin.due_at.astimezone(ZoneInfo("Europe/London")).strftime("%H:%M")
    assert promised.group(1) == stored


async def test_turning_on_reminders_keeps_the_plan(harness: Harness) -> None:
    """Issue 12, bug 1: results and plans are never edited away."""
    await _self_care(harness)
    plan = harness.screen()
    assert "Turn on reminders" in plan.button_texts
    await harness.tap("Turn on reminders", plan)
    kept = harness.api.message(harness.user, plan.message_id)
    assert kept.plain_text == plan.plain_text
    # Its button was used; the result's other button ("change my answers") stays.
    assert "Turn on reminders" not in kept.button_texts
    assert kept.button_texts == ["Something's wrong - change my answers"]
    assert "limit how much you drink" in harness.screen().plain_text
    await harness.tap("No")
    assert "Your reminders" in harness.screen().plain_text
    assert harness.api.message(harness.user, plan.message_id).plain_text == plan.plain_text


async def test_a_second_twitch_keeps_the_new_intensity(harness: Harness) -> None:
    """Issue 12, bug 4: /history (and the chart and report, which read the same ratings) show
    the intensity of an update, not only the first value."""
    await _self_care(harness)  # intensity 3
    harness.clock.advance(timedelta(hours=2))
    await harness.ask("/twitch")
    await harness.tap("No, start fresh")
    for label in ["None of these", "None of these", "Under a day", "None of these", "Left"]:
        await harness.tap(label)
    await harness.tap("6")
    await harness.tap("Comes and goes")
    await harness.tap("None of these")
    history = await harness.ask("/history")
    assert "worst 6/10" in history.plain_text
    records = await harness.services.records.records(harness.user)
    assert records is not None
    [episode] = records.episodes
    assert [(r.intensity, r.source) for r in episode.ratings] == [(3, "logged"), (6, "updated")]


async def test_twitch_during_twitch_asks_first(harness: Harness) -> None:
    """Issue 12, bug 6: a /twitch during a /twitch does not silently drop the answers."""
    await harness.onboard()
    await harness.ask("/twitch")
    await harness.tap("None of these")
    asked = await harness.ask("/twitch")
    assert "middle of logging a twitch" in asked.plain_text
    await harness.tap("Carry on where I was", asked)
    assert "Step 2 of 8" in harness.screen().plain_text
    again = await harness.ask("/twitch")
    await harness.tap("Start again", again)
    assert "Step 1 of 8" in harness.screen().plain_text


async def test_timezone_command_with_its_answer_and_other_commands_end_the_question(
    harness: Harness,
) -> None:
    """Issue 12, bug 6: "/timezone Berlin" uses its argument; after /help a typed offset is
    not taken as the timezone any more."""
    await harness.onboard()
    await harness.ask("/timezone Berlin")
    await harness.settled()
    assert "Europe/Berlin" in harness.screen().plain_text
    await harness.ask("/timezone")
    await harness.ask("/help")
    reply = await harness.ask("utc+5:30")
    assert "UTC+05:30" not in reply.plain_text
    profile = await harness.services.users.get(harness.user)
    assert profile is not None
    assert profile.timezone == "Europe/Berlin"


async def test_namesakes_are_told_apart(harness: Harness) -> None:
    await harness.onboard()
    await harness.ask("/timezone")
    choice = await harness.ask("Springfield")
    labels = choice.button_texts
    assert len(labels) == len(set(labels)) > 1
    assert any(", IL, US" in label for label in labels)


async def test_see_a_doctor_escalation_carries_booked_and_seen(harness: Harness) -> None:
    """Issue 12: SEE_GP escalation messages carry "I've booked" / "I've been seen"; never an
    emergency or same-day one."""
    await _self_care(harness)
    for _ in range(5):  # days 1, 2, 3, 5, 7
        await _due_checkin(harness)
        await _answer(harness, "Same")
    gp = next(
        m
        for m in reversed(harness.api.messages(harness.user))
        if m.plain_text.startswith("🟡 Book a GP appointment")
    )
    assert gp.button_texts == ["I've booked", "I've been seen"]
    await harness.tap("I've booked", gp)
    kept = harness.api.message(harness.user, gp.message_id)
    assert kept.plain_text == gp.plain_text  # the advice stays
    assert kept.button_texts == []
    async with harness.services.uow() as uow:
        episode = (await uow.session.execute(select(t.Episode))).scalars().one()
    assert episode.booked_at is not None
    # An emergency at a check-in has no such buttons.
    await _due_checkin(harness)
    await _answer(harness, "Worse", flag="3")
    emergency = next(
        m for m in reversed(harness.api.messages(harness.user)) if "Emergency" in m.plain_text
    )
    assert emergency.button_texts == []


async def test_checkins_say_what_they_are_about(harness: Harness) -> None:
    await _self_care(harness)  # the left knee
    await _due_checkin(harness)
    text = harness.screen().plain_text
    assert text.startswith("Checking in on your left-knee twitch from yesterday.")
    assert text.endswith("Still twitching?")


async def test_likely_countries_come_first(harness: Harness) -> None:
    """Issue 12 polish: the country list starts with the likely ones (from language_code)."""
    harness.api.user(harness.user, "Ann", language_code="de-AT")
    await harness.ask("/start")
    await harness.tap(in_language("de", texts.BUTTON_CONSENT))  # a German phone: German screens
    first_row = harness.screen().buttons[0]
    assert [label for label, _ in first_row] == ["Österreich", "Deutschland", "Schweiz"]
    assert harness.screen().button_texts.count("Österreich") == 1


async def test_location_at_the_onboarding_timezone_step(harness: Harness) -> None:
    await harness.ask("/start")
    await harness.tap("I'm 18+ and I understand")
    await harness.tap("More countries »")
    await harness.tap("United Kingdom")
    harness.api.mark(harness.user)
    await harness.tap("📍 Use my location")
    asked = await harness.reply()
    assert "share your location" in asked.plain_text
    harness.api.send_location(harness.user, 48.85, 2.35)  # Paris
    harness.expected += 1
    await harness.settled()
    assert "Europe/Paris" in harness.screen().plain_text


async def test_reminders_panel_has_no_dead_label(harness: Harness) -> None:
    """Issue 12: "4 a day" looked like a button and did nothing; the count is in the text."""
    await _self_care(harness)
    await _turn_on(harness)
    panel = harness.screen()
    assert "💧 Water: 4 a day" in panel.plain_text
    assert not any(label.endswith("a day") for label in panel.button_texts)
    assert {"💧 Fewer", "💧 More"} <= set(panel.button_texts)


async def test_settings_waking_hours_come_back_to_the_settings(harness: Harness) -> None:
    """Issue 12: /settings -> Waking hours ends on the settings (with a Back button), not on the
    reminders panel. (From /reminders it stays on the panel: test_reminders.)"""
    await harness.onboard()
    shown = await harness.ask("/settings")
    await harness.tap("🕘 Waking hours", shown)
    assert "When does your day usually start?" in harness.screen().plain_text
    assert "« Back to settings" in harness.screen().button_texts
    await harness.tap("07:00", shown)
    assert "« Back to settings" in harness.screen().button_texts
    await harness.tap("23:00", shown)
    after = harness.api.message(harness.user, shown.message_id)
    assert harness.screen().message_id == shown.message_id  # one message, edited in place
    assert "Your settings" in after.plain_text
    assert "Waking hours: 07:00–23:00" in after.plain_text
    assert "Your reminders" not in after.plain_text
    profile = await harness.services.users.get(harness.user)
    assert profile is not None
    assert (profile.wake_start, profile.wake_end) == (7 * 60, 23 * 60)
    # Back from the question leaves the hours as they were.
    await harness.tap("🕘 Waking hours", shown)
    await harness.tap("« Back to settings", shown)
    assert "Waking hours: 07:00–23:00" in harness.screen().plain_text
    assert "Your settings" in harness.screen().plain_text
