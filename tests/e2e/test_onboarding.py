"""A new user meets the bot: /start, the disclaimer and consent, country, timezone; and edges."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from sqlalchemy import func, select

from bot.db import tables as t

from .conftest import Harness, wait_until


async def _not(check: Callable[[], Awaitable[bool]]) -> bool:
    return not await check()


async def _users(h: Harness) -> int:
    async with h.services.uow() as uow:
        return int(
            (await uow.session.execute(select(func.count()).select_from(t.User))).scalar_one()
        )


async def test_start_shows_the_disclaimer_and_stores_nothing_yet(harness: Harness) -> None:
    welcome = await harness.ask("/start")
    assert "not a doctor" in welcome.plain_text
    assert "can't diagnose" in welcome.plain_text
    assert "your local emergency number (112 / 911 / 999)" in welcome.plain_text
    assert welcome.button_texts == [
        "I'm 18+ and I understand",
        "I'm under 18",
        "🌐 Change language",
    ]
    assert await _users(harness) == 0


async def test_full_onboarding_sets_country_and_timezone(harness: Harness) -> None:
    await harness.onboard("United Kingdom", "London")
    done = harness.screen()
    assert "call 999" in done.plain_text
    assert "Europe/London" in done.plain_text
    assert "Log a twitch" in done.button_texts
    profile = await harness.services.users.get(harness.user)
    assert profile is not None
    assert profile.consent_at == harness.clock.now()
    assert (profile.country, profile.timezone) == ("GB", "Europe/London")
    # The onboarding screens edit one message in place.
    assert len(harness.api.messages(harness.user)) == 1


async def test_under_18_is_turned_away_and_nothing_is_stored(harness: Harness) -> None:
    await harness.ask("/start")
    await harness.tap("I'm under 18")
    assert "for adults" in harness.screen().plain_text
    assert harness.screen().button_texts == []
    assert await _users(harness) == 0


async def test_typed_timezone_and_bad_input(harness: Harness) -> None:
    await harness.ask("/start")
    await harness.tap("I'm 18+ and I understand")
    await harness.tap("More countries »")
    await harness.tap("Other")
    await harness.tap("Type it instead")
    bad = await harness.ask("Atlantis/Capital")
    assert "couldn't find that place or timezone" in bad.plain_text
    saved = await harness.ask("utc+5:30")
    assert saved.plain_text == "📍 Timezone saved."  # the location keyboard goes with it
    await harness.settled()
    done = harness.screen()
    assert "Log a twitch" in done.button_texts  # "tap below" has something below (issue 12)
    assert "UTC+05:30" in done.plain_text
    assert "your local emergency number" in done.plain_text
    profile = await harness.services.users.get(harness.user)
    assert profile is not None
    assert profile.timezone == "UTC+05:30"
    assert profile.awaiting is None


async def test_timezone_from_a_city_a_choice_or_a_location(harness: Harness) -> None:
    await harness.onboard()
    prompt = await harness.ask("/timezone")
    assert "share your location" in prompt.plain_text
    await harness.ask("Berlin")
    await harness.settled()
    assert harness.screen().plain_text.endswith("send /twitch or tap below.")
    assert "Log a twitch" in harness.screen().button_texts
    profile = await harness.services.users.get(harness.user)
    assert profile is not None
    assert profile.timezone == "Europe/Berlin"
    await harness.ask("/timezone")
    choice = await harness.ask("Springfield")  # Missouri, Illinois or Massachusetts?
    assert "Which one" in choice.plain_text
    label = next(x for x in choice.button_texts if "America/Chicago" in x)
    await harness.tap(label, choice)
    profile = await harness.services.users.get(harness.user)
    assert profile is not None
    assert profile.timezone == "America/Chicago"
    harness.say("/timezone")
    await harness.settled()
    harness.api.send_location(harness.user, 35.68, 139.69)  # Tokyo
    harness.expected += 1
    await harness.settled()
    assert "Asia/Tokyo" in harness.screen().plain_text


async def test_command_menu_and_description_are_published(harness: Harness) -> None:
    await harness.api.wait_call("setMyCommands")
    names = [c["command"] for c in harness.api.commands()]
    assert {"start", "twitch", "help", "privacy", "delete", "cancel"} <= set(names)
    await harness.api.wait_call("setMyDescription")
    assert "not a diagnosis" in harness.api.descriptions[""]


async def test_help_and_privacy(harness: Harness) -> None:
    await harness.onboard()
    help_text = await harness.ask("/help")
    assert "/twitch" in help_text.plain_text
    assert "call 999" in help_text.plain_text
    privacy = await harness.ask("/privacy")
    assert "What I store" in privacy.plain_text
    assert "/delete" in privacy.plain_text


async def test_junk_gets_a_clear_answer(harness: Harness) -> None:
    assert "/start" in (await harness.ask("hello?")).plain_text  # not onboarded yet
    await harness.onboard()
    assert "don't know that command" in (await harness.ask("/frobnicate")).plain_text
    harness.api.send_sticker(harness.user)
    assert "can't read that" in (await harness.reply()).plain_text
    harness.api.send_photo(harness.user)
    assert "can't read that" in (await harness.reply()).plain_text
    harness.api.send_voice(harness.user)
    assert "can't read that" in (await harness.reply()).plain_text
    assert "/twitch" in (await harness.ask("x" * 4000)).plain_text


async def test_forged_and_stale_buttons_change_nothing(harness: Harness) -> None:
    await harness.onboard()
    screen = harness.screen()
    for forged in ["k1:ob:country:XX", "k1:ob:tz:GB:9", "garbage", "k1:ob:cpage:99", "k2:ob:x"]:
        assert "expired" in (await harness.press(forged, screen) or "")
    profile = await harness.services.users.get(harness.user)
    assert profile is not None
    assert (profile.country, profile.timezone) == ("GB", "Europe/London")


async def test_group_chats_get_one_line_and_nothing_is_stored(harness: Harness) -> None:
    harness.api.group(-100, "Friends")
    harness.api.send_group_text(-100, harness.user, "/start")
    reply = await harness.api.next_message(-100)
    # TRIAGE.md (revised): group chats get a reply that starts with the one-line safety net.
    assert reply.plain_text.startswith("If this is an emergency, call your local emergency")
    assert reply.plain_text.endswith("I only work in a private chat.")
    assert await _users(harness) == 0


async def test_delete_erases_everything(harness: Harness) -> None:
    await harness.onboard()
    confirm = await harness.ask("/delete")
    assert "can't be undone" in confirm.plain_text
    await harness.tap("Yes, erase everything")
    assert "everything about you is erased" in harness.screen().plain_text
    assert await _users(harness) == 0
    assert "nothing stored" in (await harness.ask("/delete")).plain_text


async def test_blocking_marks_the_user_and_coming_back_reactivates(harness: Harness) -> None:
    await harness.onboard()

    async def blocked() -> bool:
        profile = await harness.services.users.get(harness.user)
        return profile is not None and profile.blocked

    harness.api.block(harness.user)
    await wait_until(blocked)
    harness.api.unblock(harness.user)
    await wait_until(lambda: _not(blocked))
    welcome = await harness.ask("/start")
    assert "Welcome back" in welcome.plain_text


async def test_telegram_errors_on_a_reply_are_survived(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    await harness.onboard()
    harness.api.fail_next("sendMessage", error_code=502, count=2)
    harness.say("/help")
    await harness.settled()
    assert "failed: NetworkError" in caplog.text or "failed: BadGateway" in caplog.text
    # The bot is still there and answers the next message.
    assert "/twitch" in (await harness.ask("/help")).plain_text
    harness.api.fail_next("sendMessage", error_code=403, description="Forbidden: bot was blocked")
    harness.say("/help")
    await harness.settled()
    profile = await harness.services.users.get(harness.user)
    assert profile is not None
    assert profile.blocked


async def test_settings_change_country_and_fluid_limit(harness: Harness) -> None:
    await harness.onboard()
    shown = await harness.ask("/settings")
    assert "Country: United Kingdom (emergency number: 999)" in shown.plain_text
    assert "A doctor limits how much you drink: not asked yet" in shown.plain_text
    await harness.tap("Fluid limit: set to yes", shown)
    assert "A doctor limits how much you drink: yes" in harness.screen().plain_text
    await harness.tap("🌍 Country", shown)
    await harness.tap("Germany", shown)
    # Issue 12: a change from /settings comes back to the settings, not onboarding's "All set".
    assert "Country: Germany (emergency number: 112)" in harness.screen().plain_text
    await harness.tap("🌍 Country", shown)
    await harness.tap("« Back to settings", shown)
    assert "Your settings" in harness.screen().plain_text
    profile = await harness.services.users.get(harness.user)
    assert profile is not None
    assert (profile.country, profile.fluid_limited) == ("DE", True)
