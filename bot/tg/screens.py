"""Screens more than one handler shows: the triage and check-in checklists (one domain
``Screen``), the first screen of /start, the /settings panel.

A checklist screen (the triage's and the check-in's share the domain Screen shape) lists its
items numbered in full; the buttons carry the numbers, with a tick on selected items; then
"None of these" or "Continue"; then Back / Cancel.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import l10n
from bot.domain import checkin as ck
from bot.domain import language, wording
from bot.domain import triage as tr
from bot.domain.conversation import Screen
from bot.domain.countries import country, emergency_number
from bot.domain.language import _
from bot.domain.model import UserProfile
from bot.services.checkins import CheckInView
from bot.services.triage import TriageView
from bot.tg import callbacks as cb
from bot.tg import keyboards, texts
from bot.tg.markup import escape
from bot.tg.render import w

TICK = "✅"
Make = Callable[[str, tr.Action, str], InlineKeyboardButton]


def body(shown: Screen[StrEnum], header: str) -> str:
    parts = [header, w(shown.question_id or "")]
    if shown.items:
        parts.append(
            "\n".join(
                f"{i}. {TICK + ' ' if item.id in shown.selected else ''}{escape(item.text)}"
                for i, item in enumerate(shown.items, start=1)
            )
        )
    if shown.note_id:
        parts.append(f"<i>{w(shown.note_id)}</i>")
    return "\n\n".join(p for p in parts if p)


def buttons(
    shown: Screen[StrEnum], make: Make, cancel: InlineKeyboardButton | None, *, wide: bool = False
) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    if shown.items:
        numbers = [
            make(f"{TICK} {i}" if item.id in shown.selected else str(i), tr.Action.TICK, item.id)
            for i, item in enumerate(shown.items, start=1)
        ]
        rows += keyboards.rows(numbers, 5 if len(numbers) > 6 else 3)
    if shown.choices:
        labels = [
            make(
                f"{TICK} {c.label}" if c.value in shown.selected else c.label,
                tr.Action.CHOOSE,
                c.value,
            )
            for c in shown.choices
        ]
        width = 6 if wide else (len(labels) if len(labels) <= 4 else 1)
        rows += keyboards.rows(labels, width)
    if shown.offers_none:
        rows.append([make(wording.text("button.none"), tr.Action.NONE, "")])
    if shown.offers_continue:
        rows.append([make(wording.text("button.continue"), tr.Action.CONTINUE, "")])
    last = []
    if shown.can_go_back:
        last.append(make(wording.text("button.back"), tr.Action.BACK, ""))
    if cancel is not None:
        last.append(cancel)
    if last:
        rows.append(last)
    return InlineKeyboardMarkup(rows)


# --- the triage ---------------------------------------------------------------------------------


def _triage_steps(state: tr.TriageState) -> list[tr.Step]:
    return [
        s for s in tr.FLOW if s is not tr.Step.DONE and not (state.quick and s in tr.QUICK_SKIPPED)
    ]


def triage_text(view: TriageView) -> str:
    state = view.state
    steps = _triage_steps(state)
    position = steps.index(state.step) + 1 if state.step in steps else len(steps)
    header = _(texts.TRIAGE_STEP).format(n=position, total=len(steps))
    if view.updating_episode and position == 1:
        header += "\n" + _(texts.UPDATING_EPISODE)
        if not state.quick and state.answers != tr.Answers():
            header += "\n" + _(texts.CHANGE_ANSWERS_HEADER)
    return body(tr.screen(state), header)


def triage_keyboard(view: TriageView) -> InlineKeyboardMarkup:
    state, version = view.state, view.version

    def make(label: str, action: tr.Action, value: str) -> InlineKeyboardButton:
        press = cb.TriagePress(version, state.step.value, action.value, value or None)
        return keyboards.button(label, press)

    cancel = keyboards.button(wording.text("button.cancel"), cb.TriageCancel(version))
    wide = state.step is tr.Step.INTENSITY
    return buttons(tr.screen(state), make, cancel, wide=wide)


# --- the check-in -------------------------------------------------------------------------------

CHECKIN_STEPS: list[ck.Step] = [s for s in ck.FLOW if s is not ck.Step.DONE]


def checkin_text(view: CheckInView) -> str:
    step = view.state.step
    header = _(texts.CHECKIN_STEP).format(
        n=CHECKIN_STEPS.index(step) + 1, total=len(CHECKIN_STEPS)
    )
    return body(ck.screen(view.state), header)


def checkin_keyboard(view: CheckInView) -> InlineKeyboardMarkup:
    step = view.state.step.value

    def make(label: str, action: tr.Action, value: str) -> InlineKeyboardButton:
        press = cb.CheckInPress(view.checkin_id, view.version, step, action.value, value or None)
        return keyboards.button(label, press)

    wide = view.state.step is ck.Step.INTENSITY
    return buttons(ck.screen(view.state), make, None, wide=wide)


def checkin_question() -> str:
    """ "Still twitching?" above the Gone / Better / Same / Worse buttons."""
    return f"<b>{escape(wording.text('checkin.question'))}</b>"


# --- /start -------------------------------------------------------------------------------------


def disclaimer(profile: UserProfile | None) -> str:
    return escape(
        wording.text("disclaimer", number=emergency_number(profile.country if profile else None))
    )


def intro(profile: UserProfile | None) -> str:
    """The first screen: what I do, the disclaimer, and the language it is in (one tap to
    change it, under the consent buttons)."""
    now = _(texts.LANGUAGE_NOW).format(name=language.NAMES[language.current()])
    return f"{escape(_(texts.INTRO))}\n\n{disclaimer(profile)}\n\n{escape(now)}"


# --- /settings ----------------------------------------------------------------------------------


def hhmm(minutes: int) -> str:
    """Minutes after midnight as 07:30."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def settings_text(profile: UserProfile) -> str:
    place = country(profile.country)
    return "\n".join(
        [
            _(texts.SETTINGS_TITLE),
            _(texts.SETTINGS_COUNTRY).format(
                country=escape(l10n.country_name(place)) if place else _(texts.NOT_SET),
                number=escape(emergency_number(profile.country)),
            ),
            _(texts.SETTINGS_TIMEZONE).format(
                zone=escape(profile.timezone) if profile.timezone else _(texts.NOT_SET)
            ),
            _(texts.SETTINGS_WAKING_HOURS).format(
                start=hhmm(profile.wake_start), end=hhmm(profile.wake_end)
            ),
            _(texts.SETTINGS_FLUID_LIMIT).format(answer=_(texts.FLUIDS[profile.fluid_limited])),
            _(texts.SETTINGS_LANGUAGE).format(name=language.NAMES[language.current()]),
        ]
    )


def settings_keyboard(profile: UserProfile) -> InlineKeyboardMarkup:
    b = keyboards.button
    fluid: cb.YesNo = "no" if profile.fluid_limited else "yes"
    return keyboards.markup(
        [
            b(_(texts.BUTTON_COUNTRY), cb.SetCountry()),
            b(_(texts.BUTTON_TIMEZONE), cb.SetTimezone()),
        ],
        [
            b(_(texts.BUTTON_WAKING_HOURS), cb.RemWake("set")),
            b(_(texts.BUTTON_REMINDERS), cb.RemShow()),
        ],
        [
            b(
                _(texts.BUTTON_FLUID_LIMIT).format(answer=_(texts.FLUIDS[fluid == "yes"])),
                cb.SetFluid(fluid),
            )
        ],
        [b(_(texts.BUTTON_LANGUAGE), cb.LanguagePick())],
    )
