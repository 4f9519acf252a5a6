"""Safety at the edges (issue 8, TRIAGE.md "Free text" and "A red flag once seen is never lost"),
driven through the real bot as a person would: typed red flags in every state and on every kind
of text, and every way of leaving a screen with a ticked red flag."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.db import tables as t
from bot.domain.model import Urgency
from bot.tg.jobs import expire_checkins, expire_triages

from .conftest import Harness, start_bot
from .test_checkins import _due_checkin
from .test_reminders import _rows, _self_care, _turn_on, sweeper
from .test_triage import _begin, _episodes

EMERGENCY = "🚨 Emergency: call"
SAME_DAY = "🟠 Get medical help today"
YES = "Yes, this is happening now"
NO = "No, I was just describing"


async def _escalations(h: Harness) -> list[t.Escalation]:
    async with h.services.uow() as uow:
        return list((await uow.session.execute(select(t.Escalation))).scalars())


async def _reports(h: Harness) -> list[t.TextReport]:
    async with h.services.uow() as uow:
        return list((await uow.session.execute(select(t.TextReport))).scalars())


async def _assert_finished_with(h: Harness, level: Urgency) -> None:
    """What finishing with a red flag stores: the level on the open episode, an escalation,
    no routine check-in, and "Were you seen?" planned."""
    [episode] = [e for e in await _episodes(h) if e.status == "open"]
    assert episode.urgency == level
    assert any(e.level == level for e in await _escalations(h))
    assert [r for r in await _rows(h, "checkin") if r.status == "pending"] == []
    seen = [r for r in await _rows(h, "follow_up") if r.episode_id == episode.id]
    assert [r.status for r in seen] == ["pending"]


# --- typed red flags, in every state -----------------------------------------------------------


async def test_before_onboarding_advice_is_given_and_nothing_stored(harness: Harness) -> None:
    reply = await harness.ask("my face is drooping on one side")
    assert reply.plain_text.startswith(EMERGENCY)
    assert "112 / 911 / 999" in reply.plain_text
    assert "You wrote about" in reply.plain_text
    assert await _reports(harness) == []
    # "No, I was just describing" puts them back where they were: the welcome and consent.
    harness.api.mark(harness.user)
    await harness.tap(NO, reply)
    again = await harness.reply()
    assert "I'm 18+ and I understand" in again.button_texts


async def test_a_typed_answer_is_read_for_red_flags_first(harness: Harness) -> None:
    await harness.onboard()
    await harness.ask("/timezone")
    reply = await harness.ask("I have chest pain")
    assert reply.plain_text.startswith(EMERGENCY)
    assert "999" in reply.plain_text
    assert "couldn't find" not in reply.plain_text
    harness.api.mark(harness.user)
    await harness.tap(NO, reply)
    asked_again = await harness.reply()
    assert "share your location" in asked_again.plain_text
    # The waiting question still takes its answer.
    await harness.ask("Europe/Berlin")
    await harness.settled()
    assert "Europe/Berlin" in harness.screen().plain_text


async def test_inside_a_triage_no_puts_the_screen_back(harness: Harness) -> None:
    await harness.onboard()
    await _begin(harness)
    await harness.tap("None of these")
    reply = await harness.ask("I have a fit")
    assert reply.plain_text.startswith(EMERGENCY)
    harness.api.mark(harness.user)
    await harness.tap(NO, reply)
    screen = await harness.reply()
    assert "Step 2 of 8" in screen.plain_text
    await harness.tap("None of these", screen)
    assert "Step 3 of 8" in harness.screen().plain_text


async def test_every_kind_of_text_is_read(harness: Harness) -> None:
    await harness.onboard()
    api, user = harness.api, harness.user
    # A photo's caption.
    api.mark(user)
    api.send_photo(user, caption="chest pain since this morning")
    harness.expected += 1
    assert (await harness.reply()).plain_text.startswith(EMERGENCY)
    # An edited message: the new text.
    first = await harness.ask("hello there")
    assert "If this is an emergency, call 999." in first.plain_text
    api.mark(user)
    api.edit_text(user, max(k[1] for k in api._user_messages if k[0] == user), "i cant breathe")
    harness.expected += 1
    assert (await harness.reply()).plain_text.startswith(EMERGENCY)
    # A command's arguments: the advice, not a triage.
    reply = await harness.ask("/twitch my chest hurts")
    assert reply.plain_text.startswith(EMERGENCY)
    await harness.settled()
    assert "Step 1 of 8" not in harness.screen().plain_text
    # Forwarded text.
    api.mark(user)
    api.send_forwarded_text(user, "he collapsed and passed out")
    harness.expected += 1
    assert (await harness.reply()).plain_text.startswith(EMERGENCY)


async def test_yes_without_an_open_episode_starts_one(harness: Harness) -> None:
    await harness.onboard()
    reply = await harness.ask("I have chest pain right now")
    await harness.tap(YES, reply)
    shown = harness.api.message(harness.user, reply.message_id)
    assert shown.plain_text.startswith(EMERGENCY)
    assert shown.button_texts == []
    assert "ask whether you were seen" in shown.plain_text
    await _assert_finished_with(harness, Urgency.EMERGENCY)
    [report] = await _reports(harness)
    assert (report.status, report.level) == ("confirmed", Urgency.EMERGENCY)
    # A double tap records nothing twice.
    await harness.press(f"k1:ft:y:{report.id}", shown)
    assert len(await _escalations(harness)) == 1


async def test_same_day_sign_typed_gets_the_same_day_advice(harness: Harness) -> None:
    await harness.onboard()
    reply = await harness.ask("my calf is swollen and red and hot")
    assert reply.plain_text.startswith(SAME_DAY)
    assert YES in reply.button_texts
    await harness.tap(YES, reply)
    await _assert_finished_with(harness, Urgency.URGENT_TODAY)


async def test_unanswered_report_is_kept_and_asked_about_next_day(harness: Harness) -> None:
    await harness.onboard()
    await harness.ask("I had chest pains earlier")
    harness.clock.advance(timedelta(minutes=31))
    assert await harness.services.safety.expire_unanswered() == 1
    [report] = await _reports(harness)
    assert report.status == "unconfirmed"
    assert report.items == ["e3"]
    assert await _episodes(harness) == []  # unconfirmed: stored, nothing paused
    [follow] = await _rows(harness, "follow_up")
    assert follow.due_at.date() == (harness.clock.now() + timedelta(days=1)).date()
    harness.clock.set(follow.due_at)
    assert (await sweeper(harness).tick()).sent == 1
    asked = harness.screen()
    assert asked.plain_text.startswith("Yesterday you mentioned: Chest pain")
    assert asked.button_texts == [YES, NO]
    await harness.tap(YES, asked)
    await _assert_finished_with(harness, Urgency.EMERGENCY)


async def test_a_sign_without_its_qualifier_asks_which_fits(harness: Harness) -> None:
    await harness.onboard()
    reply = await harness.ask("my leg is numb")
    if not reply.plain_text.startswith("Which of these fits?"):
        return  # the reader read it as an item at once: over-reading is accepted
    assert "None of these" in reply.button_texts
    await harness.tap("1", reply)
    advice = harness.screen()
    assert advice.plain_text.startswith(EMERGENCY)


# --- a ticked red flag is never lost ----------------------------------------------------------


async def test_twitch_again_after_ticking_keeps_the_flag(harness: Harness) -> None:
    await harness.onboard()
    await _begin(harness)
    await harness.tap("3")  # chest pain
    harness.api.mark(harness.user)
    harness.say("/twitch")
    advice = await harness.reply()
    assert advice.plain_text.startswith(EMERGENCY)
    fresh = await harness.reply()
    assert "Step 1 of 8" in fresh.plain_text
    await _assert_finished_with(harness, Urgency.EMERGENCY)


async def test_expiry_after_ticking_keeps_the_flag(harness: Harness) -> None:
    await harness.onboard()
    await _begin(harness)
    await harness.tap("None of these")
    await harness.tap("2")  # a hot, red, very swollen knee
    harness.clock.advance(timedelta(minutes=31))
    assert await expire_triages(harness.app.bot, harness.services) == 1
    assert harness.screen().plain_text.startswith(SAME_DAY)
    await _assert_finished_with(harness, Urgency.URGENT_TODAY)


async def test_back_after_ticking_stores_once_and_advises_once(harness: Harness) -> None:
    await harness.onboard()
    await _begin(harness)
    await harness.tap("None of these")
    screen = harness.screen()
    await harness.tap("1")
    await harness.tap("Back")
    assert harness.screen().plain_text.startswith(SAME_DAY)
    await _assert_finished_with(harness, Urgency.URGENT_TODAY)
    screen = harness.api.message(harness.user, screen.message_id)
    await harness.tap("None of these", screen)
    await harness.tap("Continue", harness.api.message(harness.user, screen.message_id))
    [episode] = await _episodes(harness)  # the same-day result, on the same episode
    assert episode.urgency == Urgency.URGENT_TODAY
    messages = [m.plain_text for m in harness.api.messages(harness.user)]
    assert sum(m.startswith(SAME_DAY) for m in messages) == 2  # on Back, then the result


async def test_second_checkin_keyboard_finishes_with_the_flag(harness: Harness) -> None:
    await _self_care(harness)
    await _due_checkin(harness)
    checkin = harness.screen()
    second = await harness.ask("/checkin")  # a second "Still twitching?" keyboard
    assert second.plain_text == "Still twitching?"
    await harness.tap("Worse", checkin)
    await harness.tap("3", harness.api.message(harness.user, checkin.message_id))  # chest pain
    await harness.tap("Same", second)  # not a fresh start: the ticked flag is finished with
    messages = harness.api.messages(harness.user)
    assert any(m.plain_text.startswith(EMERGENCY) for m in messages)
    await _assert_finished_with(harness, Urgency.EMERGENCY)
    async with harness.services.uow() as uow:
        [row] = list((await uow.session.execute(select(t.CheckIn))).scalars())
    assert row.red_flags == ["e3"]


async def test_gone_still_shows_the_red_flag_screen(harness: Harness) -> None:
    await _self_care(harness)
    await _due_checkin(harness)
    await harness.tap("Gone")
    assert "Not sure about one? Tick it." in harness.screen().plain_text
    await harness.tap("3")
    await harness.tap("Continue")
    messages = [m.plain_text for m in harness.api.messages(harness.user)]
    assert any(m.startswith(EMERGENCY) for m in messages)
    assert not any(m.startswith("Glad it's settled") for m in messages)
    await _assert_finished_with(harness, Urgency.EMERGENCY)


async def test_abandoned_checkin_with_a_flag_is_stored(harness: Harness) -> None:
    await _self_care(harness)
    await _due_checkin(harness)
    await harness.tap("Better")
    await harness.tap("1")  # trouble breathing
    harness.clock.advance(timedelta(minutes=31))
    assert await expire_checkins(harness.app.bot, harness.services) == 1
    await _assert_finished_with(harness, Urgency.EMERGENCY)


async def test_no_water_nudge_after_an_urgent_level(harness: Harness) -> None:
    await _self_care(harness)
    await _turn_on(harness)
    await _due_checkin(harness)
    await harness.tap("Worse")
    await harness.tap("3")
    await harness.tap("Continue")
    pending = [r for r in await _rows(harness, "hydration") if r.status == "pending"]
    harness.clock.set(pending[0].due_at)
    before = len(harness.api.messages(harness.user))
    report = await sweeper(harness).tick()
    assert report.sent == 0
    after = harness.api.messages(harness.user)[before:]
    assert not any("Water check" in m.plain_text for m in after)
    # "Yes, I was assessed" ends the pause.
    async with harness.services.uow() as uow:
        episode = (await uow.session.execute(select(t.Episode))).scalars().one()
        episode.seen_at = harness.clock.now()
    nxt = [r for r in await _rows(harness, "hydration") if r.status == "pending"]
    harness.clock.set(nxt[0].due_at)
    assert (await sweeper(harness).tick()).sent == 1


# --- replies that are not answers --------------------------------------------------------------


async def test_replies_carry_the_safety_net(harness: Harness) -> None:
    await harness.onboard()
    reply = await harness.ask("what's the weather like")
    assert reply.plain_text.endswith("If this is an emergency, call 999.")
    harness.api.mark(harness.user)
    harness.api.send_sticker(harness.user)
    harness.expected += 1
    sticker = await harness.reply()
    assert sticker.plain_text.startswith("If this is an emergency, call 999.")
    unknown = await harness.ask("/frobnicate")
    assert unknown.plain_text.endswith("If this is an emergency, call 999.")


async def test_typed_city_at_the_onboarding_timezone_question(harness: Harness) -> None:
    await harness.ask("/start")
    await harness.tap("I'm 18+ and I understand")
    await harness.tap("More countries »")
    await harness.tap("United Kingdom")
    assert "What's your timezone?" in harness.screen().plain_text
    await harness.ask("Europe/Dublin")
    await harness.settled()
    assert "Europe/Dublin" in harness.screen().plain_text


async def test_a_restart_keeps_a_ticked_flag(harness: Harness) -> None:
    """A restart of the bot: the triage is in the database, and its expiry on the new
    instance finishes with the ticked flag."""
    await harness.onboard()
    await _begin(harness)
    await harness.tap("1")  # trouble breathing, not yet "Continue"
    await harness.app.bot_data.intake.stop_polling()
    async for second in start_bot(harness.api, harness.services.engine, harness.clock):
        second.clock.advance(timedelta(minutes=31))
        assert await expire_triages(second.app.bot, second.services) == 1
        assert second.screen().plain_text.startswith(EMERGENCY)
        await _assert_finished_with(second, Urgency.EMERGENCY)
        break


async def test_back_then_cancel_advises_once(harness: Harness) -> None:
    await harness.onboard()
    await _begin(harness)
    await harness.tap("None of these")
    screen = harness.screen()
    await harness.tap("4")  # the knee locks or gives way
    await harness.tap("Back", harness.api.message(harness.user, screen.message_id))
    await harness.ask("/cancel")
    messages = [m.plain_text for m in harness.api.messages(harness.user)]
    assert sum(m.startswith(SAME_DAY) for m in messages) == 1
    await _assert_finished_with(harness, Urgency.URGENT_TODAY)
