"""The triage result as a person sees it (issue 12): one short message, headline and action first,
the long parts folded away, a recap of the answers, and "change my answers" that merges into the
same episode (urgency only goes up; a red flag once ticked is never lost)."""

from __future__ import annotations

from sqlalchemy import select

from bot.db import tables as t
from bot.devtools.standin import BotMessage
from bot.domain.model import Urgency

from .conftest import Harness
from .test_triage import _begin

CHANGE = "Something's wrong - change my answers"
FOLDED = "expandable_blockquote"


def _utf16(text: str) -> str:
    return text.encode("utf-16-le").decode("latin-1")


def folded_parts(message: BotMessage) -> list[str]:
    """The text inside each expandable blockquote (offsets are UTF-16, as Telegram's)."""
    raw = (message.plain_text or "").encode("utf-16-le")
    return [
        raw[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
        for e in message.entities
        if e["type"] == FOLDED
    ]


async def _episodes(h: Harness) -> list[t.Episode]:
    async with h.services.uow() as uow:
        return list((await uow.session.execute(select(t.Episode))).scalars())


async def _finish(h: Harness, taps: list[str]) -> BotMessage:
    """Tap through; the last tap must produce exactly one new message: the result."""
    for label in taps[:-1]:
        await h.tap(label)
    screen = h.screen()
    before = len(h.api.messages(h.user))
    await h.tap(taps[-1])
    messages = h.api.messages(h.user)
    assert len(messages) == before + 1, [m.plain_text[:40] for m in messages[before:]]
    assert (
        "Thanks, that's everything I need" in h.api.message(h.user, screen.message_id).plain_text
    )
    return messages[-1]


SELF_CARE_TWO_DAYS = [
    "None of these",
    "None of these",
    "1–2 days",
    "None of these",
    "Left",
    "3",
    "A few times",
    "1",  # hard leg exercise
    "5",  # drank little
    "Continue",
]


async def test_the_result_is_one_short_message_with_the_long_parts_folded(
    harness: Harness,
) -> None:
    await harness.onboard()
    await _begin(harness)
    result = await _finish(harness, SELF_CARE_TWO_DAYS)
    text = result.plain_text
    lines = text.split("\n")
    assert lines[0] == "🟢 Self-care for now"  # the headline first
    assert lines[1].startswith("Most muscle twitches are harmless")  # then the one action
    # Why (likely contributing causes) and the plan: there, but folded away.
    folded = folded_parts(result)
    assert any("tired, overworked muscles" in part for part in folded)
    assert any("glasses of fluid a day" in part for part in folded)
    # The 💬 advice is a line of the message, not a competing action (no button).
    assert "💬 Worth a word with a professional (not urgent)" in text
    assert not any("💬" in label for label in result.button_texts)
    assert not any("Worth a word" in part for part in folded)
    # The recap, short, with what was answered.
    recap = next(line for line in lines if line.startswith("Your answers:"))
    for answered in ["1–2 days", "left knee", "3/10", "a few times", "hard leg exercise"]:
        assert answered in recap.lower(), recap
    assert "drank little" in recap.lower()
    assert len(recap) < 300
    # Order: headline, action, folded why/plan, 💬, check-in timing, recap, footer last.
    order = [
        "Self-care for now",
        "Most muscle twitches",
        "tired, overworked muscles",
        "glasses of fluid a day",
        "💬 Worth a word",
        "I'll check in tomorrow",
        "Your answers:",
        "This isn't a diagnosis",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions), positions
    assert lines[-1].startswith("This isn't a diagnosis")
    assert result.button_texts == ["Turn on reminders", CHANGE]
    assert len(result.text or "") <= 4096


async def test_the_longest_result_fits_one_message(harness: Harness) -> None:
    """Every see-a-doctor item and every factor ticked, two weeks: still one message."""
    await harness.onboard()
    await _begin(harness)
    taps = ["None of these", "None of these", "2 weeks or more"]
    taps += [str(n) for n in range(1, 8)] + ["Continue", "Both", "9", "Almost constant"]
    taps += [str(n) for n in range(1, 7)] + ["Continue"]
    result = await _finish(harness, taps)
    assert result.plain_text.startswith("🟡 Please book a GP appointment now.")
    assert "Don't stop a prescribed medicine without advice" in result.plain_text
    assert CHANGE in result.button_texts
    assert len(result.plain_text) <= 4096


async def test_change_my_answers_merges_and_urgency_never_goes_down(harness: Harness) -> None:
    await harness.onboard()
    await _begin(harness)
    taps = ["None of these", "None of these", "Under a day", "1", "Continue"]
    taps += ["Left", "3", "A few times", "None of these"]
    first = await _finish(harness, taps)  # twitching elsewhere: see a doctor
    assert first.plain_text.startswith("🟡 Book a GP appointment")
    assert "see-a-doctor signs: twitching elsewhere" in first.plain_text.lower()
    await harness.tap(CHANGE, first)
    # The questions open again in a new message, the earlier answers ticked.
    reopened = harness.screen()
    assert reopened.message_id != first.message_id
    assert "Step 1 of 8" in reopened.plain_text
    assert "earlier answers are ticked" in reopened.plain_text
    await harness.tap("None of these")
    await harness.tap("None of these")
    assert "✅ Under a day" in harness.screen().button_texts
    await harness.tap("✅ Under a day")
    assert "✅ 1" in harness.screen().button_texts
    await harness.tap("✅ 1")  # "twitching elsewhere" was a mistake: un-ticked
    assert "✅ Left" in (await _tap_returning_screen(harness, "None of these")).button_texts
    await harness.tap("✅ Left")
    await harness.tap("✅ 3")
    second = await _finish(harness, ["✅ A few times", "None of these"])
    # A new result message; the first one is kept as it was.
    assert second.message_id != first.message_id
    assert harness.api.message(harness.user, first.message_id).plain_text == first.plain_text
    assert second.plain_text.startswith("🟡 Book a GP appointment")  # never lowered
    assert "Earlier in this episode it was at this level" in second.plain_text
    [episode] = await _episodes(harness)
    assert episode.urgency == Urgency.SEE_GP
    history = await harness.ask("/history")
    assert "🟡 See a GP" in history.plain_text
    assert history.plain_text.count("ongoing") == 1


async def _tap_returning_screen(h: Harness, label: str) -> BotMessage:
    await h.tap(label)
    return h.screen()


async def test_a_change_can_raise_the_level_and_a_red_flag_stays(harness: Harness) -> None:
    await harness.onboard()
    await _begin(harness)
    first = await _finish(harness, ["None of these", "4", "Continue"])  # the knee gives way
    assert first.plain_text.startswith("🟠 Get medical help today")
    assert "Your answers: warning signs: locks/gives way" in first.plain_text
    await harness.tap(CHANGE, first)
    await harness.tap("None of these")  # the emergency list
    same_day = harness.screen()
    assert "✅ 4" in same_day.button_texts  # the red flag is still ticked ...
    assert "None of these" not in same_day.button_texts  # ... and cannot be undone
    second = await _finish(harness, ["Continue"])
    assert second.plain_text.startswith("🟠 Get medical help today")
    await harness.tap(CHANGE, second)
    await harness.tap("3")  # chest pain: now an emergency
    third = await _finish(harness, ["Continue"])
    assert third.plain_text.startswith("🚨 Emergency: call 999 now")
    assert CHANGE not in third.button_texts  # one action: call; nothing to fiddle with
    for earlier in (first, second):
        kept = harness.api.message(harness.user, earlier.message_id)
        assert kept.plain_text == earlier.plain_text
    [episode] = await _episodes(harness)
    assert episode.urgency == Urgency.EMERGENCY
    assert set(episode.answers["same_day"]) == {"u4"}  # the earlier red flag is kept
    history = await harness.ask("/history")
    assert "🚨" in history.plain_text
    assert history.plain_text.count("ongoing") == 1


async def test_change_on_a_closed_episode_has_expired(harness: Harness) -> None:
    await harness.onboard()
    await _begin(harness)
    taps = ["None of these", "None of these", "Under a day", "None of these"]
    first = await _finish(harness, [*taps, "Left", "3", "A few times", "None of these"])
    history = await harness.ask("/history")
    await harness.tap("It has stopped", history)
    data = first.button(CHANGE)["callback_data"]
    answer = await harness.press(data, first)
    assert "expired" in (answer or "").lower()
    assert "Step 1 of 8" not in harness.screen().plain_text
    # Someone else's (or a made-up) episode: expired too, nothing opened.
    for forged in ["k1:tw:edit:999999", "k1:tw:edit:x", "k1:tw:edit"]:
        assert "expired" in (await harness.press(forged, first) or "").lower()
    assert "Step 1 of 8" not in harness.screen().plain_text
