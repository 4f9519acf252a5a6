"""Checklist and choice screens shared by the triage and the check-in (one domain ``Screen``).

The message lists checklist items numbered in full; the buttons carry the numbers, with a tick
on selected items; then "None of these" or "Continue"; then Back / Cancel.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain import triage as tr
from bot.domain import wording
from bot.domain.conversation import Screen
from bot.tg import keyboards
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
