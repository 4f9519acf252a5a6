"""The triage conversation, driven as a user through the real Application and the stand-in."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.db import tables as t
from bot.domain.model import Urgency
from bot.tg.jobs import expire_triages

from .conftest import Harness, start_bot

TAPS_SELF_CARE = [
    "None of these",  # emergency checklist
    "None of these",  # same-day checklist
    "Under a day",
    "None of these",  # see-a-GP checklist
    "Left",
    "3",  # intensity
    "A few times",
]


async def _episodes(h: Harness) -> list[t.Episode]:
    async with h.services.uow() as uow:
        return list((await uow.session.execute(select(t.Episode))).scalars())


async def _reminders(h: Harness) -> list[t.Reminder]:
    async with h.services.uow() as uow:
        return list((await uow.session.execute(select(t.Reminder))).scalars())


async def _begin(h: Harness) -> None:
    first = await h.ask("/twitch")
    assert "Step 1 of 8" in first.plain_text
    assert "Do any of these apply right now?" in first.plain_text
    assert "Not sure about one? Tick it." in first.plain_text


async def _tap_factors_and_finish(h: Harness, *factors: int) -> None:
    for number in factors:
        await h.tap(str(number))
    await h.tap("Continue" if factors else "None of these")


async def test_self_care_triage_end_to_end(harness: Harness) -> None:
    await harness.onboard()
    await _begin(harness)
    screen_id = harness.screen().message_id
    for label in TAPS_SELF_CARE:
        await harness.tap(label)
        assert harness.screen().message_id == screen_id, "the screens edit one message"
    factors = harness.screen()
    assert "In the last 24 hours" in factors.plain_text
    await _tap_factors_and_finish(harness, 1, 5)  # hard leg exercise, drank little
    messages = harness.api.messages(harness.user)
    # Issue 12: the result and the plan are one message now (the plan folded inside it).
    assert messages[-2].message_id == screen_id  # the screen, then the result alone
    result = plan = messages[-1]
    assert result.plain_text.startswith("🟢 Self-care for now")
    assert "This isn't a diagnosis" in result.plain_text
    assert "call 999" in result.plain_text
    assert "tired, overworked muscles" in plan.plain_text  # hard exercise -> fatigue
    assert "short of fluids" in plan.plain_text  # drank little -> dehydration
    assert "glasses of fluid a day" in plan.plain_text
    assert "I'll check in tomorrow at 09:00" in plan.plain_text
    assert "Turn on reminders" in plan.button_texts
    # 10 taps from /twitch to the result: 7 answers, 2 factor ticks, Continue.
    [episode] = await _episodes(harness)
    assert episode.urgency == Urgency.SELF_CARE
    assert (episode.side, episode.intensity_first, episode.frequency) == ("left", 3, "few")
    assert set(episode.factors) == {"exercise", "drank_little"}
    [checkin] = await _reminders(harness)
    assert (checkin.kind, checkin.dedup_key) == ("checkin", f"chk:{episode.id}:1")
    assert checkin.due_at == harness.clock.now() + timedelta(days=1)


async def test_emergency_item_stops_the_flow_at_once(harness: Harness) -> None:
    await harness.onboard()
    await _begin(harness)
    await harness.tap("3")  # chest pain
    ticked = harness.screen()
    assert "✅ 3" in ticked.button_texts
    assert "None of these" not in ticked.button_texts  # urgency only goes up
    await harness.tap("Continue")
    result = harness.api.messages(harness.user)[-1]
    assert result.plain_text.startswith("🚨 Emergency: call 999 now")
    assert "Don't drive yourself" in result.plain_text
    assert "whether you were seen" in result.plain_text
    [episode] = await _episodes(harness)
    assert episode.urgency == Urgency.EMERGENCY
    [follow_up] = await _reminders(harness)
    assert follow_up.kind == "follow_up"


async def test_ticked_red_flag_cannot_be_unticked(harness: Harness) -> None:
    await harness.onboard()
    await _begin(harness)
    await harness.tap("None of these")
    await harness.tap("4")  # the knee locks or gives way
    query = harness.api.click(harness.user, "✅ 4")
    answer = await harness.api.wait_answered(query)
    assert "stays ticked" in (answer.text or "")
    assert "✅ 4" in harness.screen().button_texts


async def test_same_day_result_and_back_and_cancel(harness: Harness) -> None:
    await harness.onboard()
    await _begin(harness)
    await harness.tap("None of these")
    assert "Step 2 of 8" in harness.screen().plain_text
    await harness.tap("Back")
    assert "Step 1 of 8" in harness.screen().plain_text
    await harness.tap("None of these")
    await harness.tap("1")  # pain and swelling in one thigh or calf
    await harness.tap("Cancel")
    # Cancel after a red flag still gives that level's advice (decision 4).
    advice = harness.api.messages(harness.user)[-1]
    assert advice.plain_text.startswith("🟠 Get medical help today")
    assert "NHS 111" in advice.plain_text
    # TRIAGE.md (revised): a red flag once seen is never lost. Cancel has the effect of
    # finishing with it: the level on an episode, the escalation, "Were you seen?" planned.
    [episode] = await _episodes(harness)
    assert episode.urgency == Urgency.URGENT_TODAY
    async with harness.services.uow() as uow:
        rules = list((await uow.session.execute(select(t.Escalation.rule))).scalars())
        kinds = list((await uow.session.execute(select(t.Reminder.kind))).scalars())
    assert rules == ["red_flag_left_triage"]
    assert kinds == ["follow_up"]
    messages = harness.api.messages(harness.user)
    assert sum("Get medical help today" in m.plain_text for m in messages) == 1


async def test_see_gp_result_for_two_weeks(harness: Harness) -> None:
    await harness.onboard()
    await _begin(harness)
    for label in ["None of these", "None of these", "2 weeks or more", "None of these"]:
        await harness.tap(label)
    for label in ["Right", "5", "Comes and goes", "None of these"]:
        await harness.tap(label)
    result = plan = harness.api.messages(harness.user)[-1]  # one message (issue 12)
    assert result.plain_text.startswith("🟡 Please book a GP appointment now.")
    assert "2 weeks or more" in result.plain_text
    assert "check in" in plan.plain_text
    [episode] = await _episodes(harness)
    assert episode.urgency == Urgency.SEE_GP


async def test_stale_forged_and_double_taps_change_nothing(harness: Harness) -> None:
    await harness.onboard()
    await _begin(harness)
    old = harness.screen()
    none_of_these = old.button("None of these")["callback_data"]
    await harness.tap("None of these")
    # The same button again, from the old version of the screen (a double tap).
    answer = await harness.press(none_of_these, old)
    assert "earlier screen" in (answer or "")
    assert "Step 2 of 8" in harness.screen().plain_text
    for forged in [
        "k1:tr:99:gp:none",
        "k1:tr:1:same_day:tick:zz",
        "k1:tr:x:y",
        "k1:tr:1:same_day:pick:9",
    ]:
        reply = await harness.press(forged)
        assert reply, f"{forged} got no answer"
    assert "Step 2 of 8" in harness.screen().plain_text
    typed = await harness.ask("my leg")
    assert "use the buttons" in typed.plain_text


async def test_restart_in_the_middle_continues_on_the_same_database(
    harness: Harness,
) -> None:
    await harness.onboard()
    await _begin(harness)
    await harness.tap("None of these")
    await harness.tap("None of these")
    screen = harness.screen()
    # A brand-new Application (another process, or after a restart) on the same database.
    await harness.app.bot_data.intake.stop_polling()
    async for second in start_bot(harness.api, harness.services.engine, harness.clock):
        second.expected = second.processed = 0
        await second.tap("3–6 days", screen)
        assert "Step 4 of 8" in second.screen().plain_text
        for label in ["None of these", "Both", "2", "Almost constant", "None of these"]:
            await second.tap(label)
        result = second.api.messages(second.user)[-1]  # the result is one message (issue 12)
        assert result.plain_text.startswith("🟢 Self-care for now")
        assert "Worth a word with a professional" in result.plain_text  # lasted more than a day
        break


async def test_abandoned_triage_expires_with_advice(harness: Harness) -> None:
    await harness.onboard()
    await _begin(harness)
    await harness.tap("2")  # sudden one-sided weakness: the level is now EMERGENCY
    screen = harness.screen()
    old_button = screen.callback_data[0]
    harness.clock.advance(timedelta(minutes=29))
    assert await expire_triages(harness.app.bot, harness.services) == 0
    harness.clock.advance(timedelta(minutes=2))
    assert await expire_triages(harness.app.bot, harness.services) == 1
    edited = harness.api.message(harness.user, screen.message_id)
    assert "expired" in edited.plain_text
    assert edited.button_texts == []
    assert harness.api.messages(harness.user)[-1].plain_text.startswith("🚨 Emergency")
    assert "expired" in (await harness.press(old_button, screen) or "").lower()


async def test_free_text(harness: Harness) -> None:
    emergency = await harness.ask("I have chest pain right now")
    assert emergency.plain_text.startswith("🚨 Emergency")
    assert "Yes, this is happening now" in emergency.button_texts
    calm = await harness.ask("no chest pain, just the twitch")
    assert not calm.plain_text.startswith("🚨")
    await harness.onboard()
    offer = await harness.ask("the muscle above my knee keeps twitching")
    assert "Log a twitch" in offer.button_texts
    await harness.tap("Log a twitch")
    assert "Step 1 of 8" in harness.screen().plain_text


async def test_a_double_tap_on_the_last_button_stores_one_episode(harness: Harness) -> None:
    await harness.onboard()
    await _begin(harness)
    for label in TAPS_SELF_CARE:
        await harness.tap(label)
    screen = harness.screen()
    data = screen.button("None of these")["callback_data"]
    first = harness.api.press(harness.user, screen, data)
    second = harness.api.press(harness.user, screen, data, forged=True)
    harness.expected += 2
    await harness.api.wait_answered(first)
    await harness.api.wait_answered(second)
    await harness.settled()
    assert len(await _episodes(harness)) == 1
    results = [
        m for m in harness.api.messages(harness.user) if "Self-care for now" in m.plain_text
    ]
    assert len(results) == 1


async def test_back_after_a_red_flag_gives_that_levels_advice(harness: Harness) -> None:
    await harness.onboard()
    await _begin(harness)
    await harness.tap("None of these")
    await harness.tap("2")  # a hot, red, very swollen knee with fever
    await harness.tap("Back")
    assert harness.api.messages(harness.user)[-1].plain_text.startswith(
        "🟠 Get medical help today"
    )
    assert "Step 1 of 8" in harness.screen().plain_text or "Step 1 of 8" in (
        harness.api.messages(harness.user)[-2].plain_text
    )
