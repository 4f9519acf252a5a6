"""Every screen fits Telegram in every language (issue 13: nothing half-translated or cut off):
messages within 4,096 characters, callback data within 64 bytes, button labels a phone shows
whole (at most 24 characters in a row of two or more, 40 alone)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from telegram import InlineKeyboardMarkup

from bot.devtools.standin import LABEL_SHORT, LABEL_WIDE
from bot.domain import checkin as ck
from bot.domain import language
from bot.domain import triage as tr
from bot.domain.countries import COUNTRIES
from bot.domain.language import _
from bot.domain.model import Frequency, Side, UserProfile
from bot.services.checkins import CheckInView
from bot.services.reminders import Overview
from bot.services.triage import TriageView
from bot.tg import keyboards, render, screens, texts
from bot.tg.callbacks import LanguageChosen
from bot.tg.handlers import reminders as reminder_handlers

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
TEXT_LIMIT = 4096
PROFILE = UserProfile(
    id=1,
    consent_at=NOW,
    country="DE",
    timezone="Europe/Berlin",
    wake_start=540,
    wake_end=1260,
    fluid_limited=False,
    hydration_on=True,
    hydration_per_day=4,
    stretch_on=True,
    stretch_times=("18:00",),
    blocked=False,
    awaiting=None,
)


def _problems(markup: InlineKeyboardMarkup) -> list[str]:
    found = []
    for row in markup.inline_keyboard:
        limit = LABEL_WIDE if len(row) == 1 else LABEL_SHORT
        for button in row:
            if len(button.text) > limit:
                found.append(f"{len(row)} in a row: {button.text!r} ({len(button.text)})")
            data = button.callback_data
            if isinstance(data, str) and len(data.encode()) > 64:
                found.append(f"callback data over 64 bytes: {data!r}")
    return found


def _triage_screens() -> list[TriageView]:
    """One view per step of a whole triage (and its answers ticked on the way)."""
    views, state = [], tr.start()
    while state.step is not tr.Step.DONE:
        views.append(TriageView(state, 1, PROFILE))
        shown = tr.screen(state)
        if shown.choices:
            state = tr.choose(state, shown.choices[0].value)
        elif shown.items and state.step is tr.Step.FACTORS:
            for item in shown.items:
                state = tr.toggle(state, item.id)
            views.append(TriageView(state, 1, PROFILE))
            state = tr.proceed(state)
        else:
            state = tr.none_of_these(state)
    return views


def _checkin_screens() -> list[CheckInView]:
    views, state = [], ck.start()
    while state.step is not ck.Step.DONE:
        views.append(CheckInView(1, 1, state, PROFILE))
        shown = ck.screen(state)
        if shown.choices:
            state = ck.choose(state, shown.choices[-1].value)
        else:
            state = ck.none_of_these(state)
    return views


def _keyboards() -> list[InlineKeyboardMarkup]:
    boards = [
        keyboards.consent(),
        keyboards.languages(LanguageChosen),
        keyboards.main_actions(),
        keyboards.confirm_delete(),
        keyboards.typed_report(123456789012),
        keyboards.checkin_status(123456789012),
        keyboards.see_doctor(123456789012),
        screens.settings_keyboard(PROFILE),
        screens.settings_keyboard(replace(PROFILE, fluid_limited=True)),
        reminder_handlers.overview_keyboard(Overview(PROFILE, (), paused_today=False)),
        reminder_handlers.overview_keyboard(Overview(PROFILE, (), paused_today=True)),
        reminder_handlers.overview_keyboard(
            Overview(replace(PROFILE, hydration_on=False, stretch_on=False), (), False)
        ),
    ]
    boards += [keyboards.countries(p) for p in range(keyboards.country_pages())]
    boards += [keyboards.countries(0, likely=("DE", "AT", "CH"))]
    boards += [keyboards.zones(c) for c in COUNTRIES.values()]
    boards += [screens.triage_keyboard(v) for v in _triage_screens()]
    boards += [screens.checkin_keyboard(v) for v in _checkin_screens()]
    return boards


@pytest.mark.parametrize("code", language.LANGUAGES)
def test_every_keyboard_fits_in_every_language(code: str) -> None:
    with language.use(code):
        problems = [p for board in _keyboards() for p in _problems(board)]
    assert problems == []


@pytest.mark.parametrize("code", language.LANGUAGES)
def test_the_longest_result_and_every_screen_fit_one_message(code: str) -> None:
    """Everything ticked that keeps the plan (SEE_GP): the longest result there is."""
    answers = tr.Answers(
        duration=tr.Duration.WEEKS_2_PLUS,
        gp=frozenset(i.id for i in tr.GP_ITEMS),
        side=Side.BOTH,
        intensity=10,
        frequency=Frequency.ALMOST_CONSTANT,
        factors=frozenset(tr.Factor),
    )
    with language.use(code):
        assessment = tr.assess(answers, now=NOW)
        step = render.next_step_text(assessment, PROFILE, NOW, NOW)
        messages = render.result_messages(assessment, PROFILE, answers, next_step=step)
        shown = [screens.triage_text(v) for v in _triage_screens()]
        shown += [screens.checkin_text(v) for v in _checkin_screens()]
        shown += [
            screens.intro(PROFILE),
            reminder_handlers.overview_text(Overview(PROFILE, (), True), NOW),
        ]
        shown += [screens.settings_text(PROFILE)]
    # English fits one message; a longer language may put the folded plan in a second one.
    assert len(messages) == 1 or (code != language.ENGLISH and len(messages) == 2)
    assert all(len(m) <= TEXT_LIMIT for m in [*messages, *shown])


def test_the_location_keyboard_label_fits() -> None:
    for code in language.LANGUAGES:
        with language.use(code):
            [[button]] = keyboards.location().keyboard
            assert len(button.text) <= LABEL_WIDE


@pytest.mark.parametrize("code", language.LANGUAGES)
def test_the_menu_and_descriptions_fit_telegrams_limits(code: str) -> None:
    """setMyCommands: descriptions 1-256; setMyDescription 512; setMyShortDescription 120."""
    with language.use(code):
        assert all(1 <= len(_(about)) <= 256 for _name, about in texts.COMMANDS)
        assert len(_(texts.DESCRIPTION)) <= 512
        assert len(_(texts.SHORT_DESCRIPTION)) <= 120
