"""Speaking the user's language (issue 13): Telegram's language first, /language to change it,
stored and used for everything later (reminders and check-ins included); a red flag typed in
another language answered in that language; emergency numbers follow the country."""

from __future__ import annotations

import io
from datetime import timedelta

from pypdf import PdfReader
from sqlalchemy import select

from bot.db import tables as t
from bot.domain import language, wording
from bot.domain.language import in_language
from bot.domain.model import Frequency, Side
from bot.domain.triage import DURATION_LABELS, FREQUENCY_LABELS, SIDE_LABELS, Duration
from bot.tg import texts

from .conftest import Harness


def said(code: str, text_id: str, **values: object) -> str:
    """An approved text (wording id) as the bot says it in ``code``."""
    with language.use(code):
        return wording.text(text_id, **values)


def de(message: str) -> str:
    return in_language("de", message)


async def _triage_in(
    h: Harness, code: str, duration: Duration, side: Side, freq: Frequency
) -> None:
    """/twitch and a whole triage with no sign ticked, tapping the labels in ``code``."""
    await h.ask("/twitch")
    await h.tap(said(code, "button.none"))  # emergency signs
    await h.tap(said(code, "button.none"))  # same-day signs
    await h.tap(in_language(code, DURATION_LABELS[duration]))
    await h.tap(said(code, "button.none"))  # see-a-doctor signs
    for label in (SIDE_LABELS[side], "3", FREQUENCY_LABELS[freq]):
        await h.tap(in_language(code, label))
    await h.tap(said(code, "button.none"))  # the last 24 hours


async def _stored_language(h: Harness) -> str | None:
    async with h.services.uow() as uow:
        return (
            await uow.session.execute(select(t.User.language).where(t.User.id == h.user))
        ).scalar_one_or_none()


async def test_a_german_phone_gets_onboarding_triage_reminder_and_checkin_in_german(
    harness: Harness,
) -> None:
    harness.api.user(harness.user, "Anna", language_code="de-AT")
    welcome = await harness.ask("/start")
    # Really German: the catalog has the text, and it is not the English.
    assert de(texts.INTRO) != texts.INTRO
    assert de(texts.INTRO).split("\n")[0] in welcome.plain_text
    assert "Deutsch" in welcome.plain_text  # the language line, with a one-tap change
    assert de(texts.BUTTON_CHANGE_LANGUAGE) in welcome.button_texts
    await harness.tap(de(texts.BUTTON_CONSENT))
    assert await _stored_language(harness) == "de"
    assert de(texts.ASK_COUNTRY) in harness.screen().plain_text
    assert "Österreich" in harness.screen().button_texts  # likely countries, CLDR names
    await harness.tap("Österreich")
    await harness.tap(harness.screen().button_texts[0])  # Vienna, the suggested zone
    assert "112" in harness.screen().plain_text  # the number follows the country

    first = await harness.ask("/twitch")
    assert said("de", "checklist.emergency.question") in first.plain_text
    await harness.tap(said("de", "button.none"))  # emergency signs
    await harness.tap(said("de", "button.none"))  # same-day signs
    await harness.tap(de(DURATION_LABELS[Duration.DAYS_1_2]))
    await harness.tap(said("de", "button.none"))  # see-a-doctor signs
    for label in (SIDE_LABELS[Side.LEFT], "3", FREQUENCY_LABELS[Frequency.FEW_TIMES]):
        await harness.tap(de(label))
    await harness.tap(said("de", "button.none"))  # the last 24 hours
    result = harness.api.messages(harness.user)[-1]  # one message: the plan folded inside
    assert result.plain_text.startswith(said("de", "level.self_care.headline"))
    assert said("de", "footer", number="112") in result.plain_text
    assert said("de", "plan.intro") in result.plain_text

    # The next day's check-in, sent by the sweep, is in German too.
    [checkin] = [r for r in await _reminders(harness) if r.kind == "checkin"]
    harness.clock.set(checkin.due_at)
    assert (await harness.app.bot_data.sweeper.tick()).sent == 1
    question = harness.api.messages(harness.user)[-1]
    assert question.plain_text.endswith(said("de", "checkin.question"))
    assert question.button_texts == [de(x) for x in ("Gone", "Better", "Same", "Worse")]
    await harness.tap(de("Better"), question)
    assert said("de", "checklist.emergency.question") in harness.screen().plain_text

    # A water nudge after /reminders is in German.
    await harness.ask("/reminders")
    await harness.tap(de(texts.BUTTON_REMINDERS_ON))
    await harness.tap(de("No"))
    [nudge_row] = [r for r in await _reminders(harness) if r.kind == "hydration"]
    harness.clock.set(nudge_row.due_at)
    assert (await harness.app.bot_data.sweeper.tick()).sent == 1
    nudge = harness.api.messages(harness.user)[-1]
    assert nudge.plain_text.startswith(said("de", "reminder.hydration")[:20])
    assert de(texts.BUTTON_DRANK) in nudge.button_texts


async def _reminders(h: Harness) -> list[t.Reminder]:
    async with h.services.uow() as uow:
        query = select(t.Reminder).where(t.Reminder.status == "pending")
        return list((await uow.session.execute(query.order_by(t.Reminder.due_at))).scalars())


async def test_language_switches_everything_and_is_kept(harness: Harness) -> None:
    await harness.onboard()
    picker = await harness.ask("/language")
    assert picker.button_texts == ["✅ English", "Español", "Deutsch", "Русский"]
    await harness.tap("Русский")
    assert await _stored_language(harness) == "ru"
    assert "Русский" in harness.screen().plain_text
    # This chat's menu is now in Russian, whatever the phone's language.
    scoped = harness.api.commands(scope={"type": "chat", "chat_id": harness.user})
    assert {c["command"] for c in scoped} >= {"twitch", "language", "report"}
    assert any(
        c["description"] == in_language("ru", "Log a twitch and get advice") for c in scoped
    )
    helped = await harness.ask("/help")
    assert helped.plain_text.startswith(in_language("ru", texts.HELP)[:20])
    assert in_language("ru", texts.HELP) != texts.HELP


async def test_a_red_flag_typed_in_spanish_gets_spanish_advice_for_an_english_user(
    harness: Harness,
) -> None:
    await harness.onboard()  # English, in the UK
    alarm = await harness.ask("tengo un dolor fuerte en el pecho y me falta el aire")
    assert alarm.plain_text.startswith(said("es", "level.emergency.headline", number="999"))
    assert said("es", "free_text.emergency_yes") in alarm.button_texts
    assert "999" in alarm.plain_text  # the UK's number, whatever the language
    # The stored language stays English: the next reply is English again.
    helped = await harness.ask("/help")
    assert helped.plain_text.startswith("Here's what I can do")


async def test_menus_and_descriptions_are_published_in_every_language(harness: Harness) -> None:
    for code in ("es", "de", "ru"):
        menu = harness.api.commands(language_code=code)
        assert [c["command"] for c in menu] == [name for name, _about in texts.COMMANDS]
        assert menu[0]["description"] == in_language(code, texts.COMMANDS[0][1])
        assert menu[0]["description"] != texts.COMMANDS[0][1]
        assert harness.api.descriptions[code] == in_language(code, texts.DESCRIPTION)
    english = harness.api.commands()
    assert english[0]["description"] == texts.COMMANDS[0][1]


async def test_text_in_a_script_the_bot_does_not_read_says_which_it_reads(
    harness: Harness,
) -> None:
    await harness.onboard()
    reply = await harness.ask("我的膝盖上面一直在跳")
    assert "Sorry, I can only read English, Spanish, German" in reply.plain_text
    russian = await harness.ask("у меня дёргается мышца над коленом")
    assert "can only read" not in russian.plain_text


async def test_the_check_in_waits_in_the_users_language_after_a_restart_of_the_clock(
    harness: Harness,
) -> None:
    """A language chosen once is used for what the sweep sends a day later."""
    await harness.onboard()
    await harness.ask("/language")
    await harness.tap("Español")
    await _triage_in(harness, "es", Duration.UNDER_A_DAY, Side.RIGHT, Frequency.COMES_AND_GOES)
    harness.clock.advance(timedelta(days=1))
    assert (await harness.app.bot_data.sweeper.tick()).sent == 1
    question = harness.api.messages(harness.user)[-1]
    assert question.plain_text.endswith(said("es", "checkin.question"))


async def test_after_language_ru_the_report_pdf_is_in_russian_and_readable(
    harness: Harness,
) -> None:
    await harness.onboard()
    await harness.ask("/language")
    await harness.tap("Русский")
    await _triage_in(harness, "ru", Duration.UNDER_A_DAY, Side.LEFT, Frequency.FEW_TIMES)
    document = await harness.ask("/report")
    assert document.kind == "document"
    assert document.upload is not None
    text = " ".join(PdfReader(io.BytesIO(document.upload.content)).pages[0].extract_text().split())
    title = in_language("ru", "Knee twitch summary for your doctor")
    assert title != "Knee twitch summary for your doctor"
    assert title in text  # Cyrillic extracted back as Cyrillic: printed, not boxes
    assert "999" in text  # the UK's number: numbers follow the country


async def test_settings_show_the_language_and_change_it(harness: Harness) -> None:
    await harness.onboard()
    shown = await harness.ask("/settings")
    assert "Language: English" in shown.plain_text
    await harness.tap("🌐 Language", shown)
    assert harness.screen().button_texts == ["✅ English", "Español", "Deutsch", "Русский"]
    await harness.tap("Deutsch")
    assert await _stored_language(harness) == "de"
    again = await harness.ask("/settings")
    assert in_language("de", "Language: {name}").format(name="Deutsch") in again.plain_text
