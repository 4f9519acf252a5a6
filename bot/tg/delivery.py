"""The sweep's deliverer: render one due reminder, send it, map Telegram's answer to an outcome."""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from typing import Any

from telegram import InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import ExtBot

from bot.db.reminders import ClaimedReminder
from bot.domain import language
from bot.domain.language import _
from bot.domain.model import ReminderKind, Urgency
from bot.scheduling.ports import Delivery, Outcome
from bot.services import Services
from bot.services.reminders import Prepared, Response, Skip
from bot.tg import keyboards, render, texts
from bot.tg.callbacks import FollowUp, ReminderTap
from bot.tg.ratelimit import Priority
from bot.tg.render import w
from bot.tg.screens import checkin_question

log = logging.getLogger(__name__)


def reminder_message(
    reminder: ClaimedReminder, prepared: Prepared, *, late: bool
) -> tuple[str, InlineKeyboardMarkup | None, bool]:
    """(HTML text, buttons, silent) for a due reminder, in the user's language."""
    with language.use(prepared.profile.language):
        return _reminder_message(reminder, prepared, late=late)


def _reminder_message(
    reminder: ClaimedReminder, prepared: Prepared, *, late: bool
) -> tuple[str, InlineKeyboardMarkup | None, bool]:
    rid = reminder.id
    profile = prepared.profile
    if prepared.kind is ReminderKind.HYDRATION:
        text_id = "reminder.hydration_limited" if profile.fluid_limited else "reminder.hydration"
        buttons = keyboards.markup(
            [keyboards.button(_(texts.BUTTON_DRANK), ReminderTap(rid, Response.DONE))],
            [
                keyboards.button(_(texts.BUTTON_SNOOZE_30), ReminderTap(rid, Response.SNOOZE_30)),
                keyboards.button(_(texts.BUTTON_SNOOZE_60), ReminderTap(rid, Response.SNOOZE_60)),
            ],
            [keyboards.button(_(texts.BUTTON_PAUSE_TODAY), ReminderTap(rid, Response.PAUSE))],
        )
        return w(text_id, profile), buttons, True
    if prepared.kind is ReminderKind.STRETCH:
        buttons = keyboards.markup(
            [keyboards.button(_(texts.BUTTON_STRETCHED), ReminderTap(rid, Response.DONE))],
            [keyboards.button(_(texts.BUTTON_SNOOZE_30), ReminderTap(rid, Response.SNOOZE_30))],
            [keyboards.button(_(texts.BUTTON_PAUSE_TODAY), ReminderTap(rid, Response.PAUSE))],
        )
        return f"{w('reminder.stretch')}\n{w('reminder.stretch_tip')}", buttons, True
    sorry = f"{w('checkin.late')}\n" if late else ""
    if prepared.report is not None:
        return (
            render.typed_follow_up(prepared.report_items, profile),
            keyboards.typed_report(prepared.report),
            False,
        )
    if prepared.closing is not None:
        if prepared.level is not None and prepared.level >= Urgency.URGENT_TODAY:
            # A red flag never assessed is never closed with the mild safety net (TRIAGE.md).
            return render.level_only(prepared.level, profile), None, False
        return w(prepared.closing, profile), None, False
    if prepared.notice is not None:
        sorry = f"{w(prepared.notice, profile)}\n\n{sorry}"
    if prepared.kind is ReminderKind.CHECKIN:
        about = render.checkin_about(prepared.side, prepared.logged_at, profile, reminder.due_at)
        question = f"{sorry}{about}{checkin_question()}"
        return question, keyboards.checkin_status(rid), False
    buttons = keyboards.markup(
        [keyboards.button(_(texts.BUTTON_ASSESSED), FollowUp(rid, "yes"))],
        [keyboards.button(_(texts.BUTTON_NOT_YET), FollowUp(rid, "no"))],
    )
    return f"{sorry}{w('followup.were_you_seen')}", buttons, False


_STATUS = re.compile(r"\((\d{3})\)")


def transient_reason(exc: NetworkError) -> str:
    """A short reason: ``HTTP 502`` when the answer was not JSON (its status), else Telegram's
    description (``Bad Gateway``) or the error's name."""
    found = _STATUS.search(exc.message)
    if found:
        return f"HTTP {found.group(1)}"
    return exc.message[:60] or type(exc).__name__


def _priority(kind: ReminderKind) -> Priority:
    """Check-ins and follow-ups (safety) before hydration and stretch nudges."""
    if kind in (ReminderKind.HYDRATION, ReminderKind.STRETCH):
        return Priority.NUDGE
    return Priority.URGENT


class TelegramDeliverer:
    def __init__(self, bot: ExtBot[Any], services: Services) -> None:
        self.bot = bot
        self.services = services

    async def deliver(self, reminder: ClaimedReminder, *, late: bool) -> Delivery:
        decision = await self.services.reminders.prepare(reminder)
        if isinstance(decision, Skip):
            return Delivery(
                Outcome.SKIPPED, retry_after=decision.retry_after, error=decision.reason
            )
        text, buttons, silent = reminder_message(reminder, decision, late=late)
        try:
            sent = await self.bot.send_message(
                reminder.user_id,
                text,
                reply_markup=buttons,
                disable_notification=silent,
                rate_limit_args=_priority(reminder.kind),
            )
        except RetryAfter as exc:
            wait = exc.retry_after
            seconds = wait if isinstance(wait, timedelta) else timedelta(seconds=float(wait))
            return Delivery(Outcome.RETRY_AFTER, retry_after=seconds, error="RetryAfter")
        except Forbidden:
            return Delivery(Outcome.BLOCKED, error="Forbidden")
        except BadRequest as exc:
            return Delivery(Outcome.REJECTED, error=f"BadRequest: {exc.message[:80]}")
        except NetworkError as exc:  # includes TimedOut and 5xx answers
            return Delivery(Outcome.TRANSIENT, error=transient_reason(exc))
        except TelegramError as exc:
            return Delivery(Outcome.TRANSIENT, error=type(exc).__name__)
        return Delivery(Outcome.SENT, message_id=sent.message_id)
