"""Check-ins: "Still twitching?" buttons, the compact red-flag screen, intensity, how often,
anywhere else; then escalation in plain words, or thanks and when the next one comes."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.domain import escalation as esc
from bot.domain import triage as tr
from bot.domain import wording
from bot.domain.countries import country
from bot.domain.language import _
from bot.domain.model import Urgency
from bot.services.checkins import CheckInDone, CheckInView, Closed, Refused
from bot.tg import callbacks as cb
from bot.tg import keyboards, render, texts
from bot.tg.context import BotContext
from bot.tg.handlers.common import chat_of, edit_or_send, expired, query_of, user_id_of
from bot.tg.markup import escape
from bot.tg.render import w
from bot.tg.screens import checkin_keyboard, checkin_question, checkin_text

PRIVATE = filters.ChatType.PRIVATE


def escalation_text(found: esc.Escalation, done: CheckInDone) -> str | None:
    profile = done.profile
    place = country(profile.country)
    parts: list[str] = []
    headline = found.headline_id(uk=profile.country == "GB")
    action = found.action_id(non_urgent_service=place is not None and place.non_urgent is not None)
    if headline and action:
        parts.append(f"<b>{w(headline, profile)}</b>")
        parts.append(w(action, profile))
        if found.reasons:
            reasons = render.bullets([escape(r) for r in found.reasons])
            parts.append(f"<b>{w('reasons.intro')}</b>\n{reasons}")
    for notice in found.notices:
        if notice.text_id == "professional.text":
            parts.append(f"<b>{w('professional.headline')}</b>\n{w('professional.text')}")
        else:
            parts.append(w(notice.text_id, profile))
    if not parts:
        return None
    parts.append(f"<i>{w('footer', profile)}</i>")
    return "\n\n".join(parts)


async def _show(
    update: Update, context: BotContext, outcome: CheckInView | CheckInDone, *, went_back: bool
) -> None:
    query = query_of(update)
    if isinstance(outcome, CheckInView):
        if went_back and outcome.before is not None:
            chat = chat_of(update)
            # Decision 4: leaving a screen with a ticked red flag gives that level's advice.
            await chat.send_message(render.level_only(outcome.before, outcome.profile))
        await edit_or_send(query, checkin_text(outcome), checkin_keyboard(outcome))
        return
    chat = chat_of(update)
    await edit_or_send(query, _(texts.CHECKIN_SAVED))
    found = outcome.escalation
    message = escalation_text(found, outcome) if found is not None else None
    if message is not None:
        see_doctor = (
            found is not None
            and found.level is Urgency.SEE_GP
            and outcome.episode_level is Urgency.SEE_GP
        )
        buttons = keyboards.see_doctor(outcome.episode_id) if see_doctor else None
        await chat.send_message(message, reply_markup=buttons)
    if outcome.closed_episode:
        await chat.send_message(w("closing", outcome.profile))
    elif message is None or (found is not None and not found.speaks_level):
        now = context.services.clock.now()
        when = (
            render.when(outcome.next_due, outcome.profile, now)
            if outcome.next_due is not None
            else _(texts.IN_A_FEW_DAYS)
        )
        await chat.send_message(w("checkin.thanks", outcome.profile, when=when))


async def _refused(update: Update, refused: Refused) -> None:
    query = query_of(update)
    if refused.why is Closed.CLOSED:
        await query.answer(wording.text("checkin.closed"), show_alert=True)
        await edit_or_send(query, escape(wording.text("checkin.closed")))
    elif refused.why is Closed.LOCKED:
        await query.answer(wording.text("checklist.locked"), show_alert=True)
    else:
        await query.answer(_(texts.STALE_TRIAGE))
        if refused.current is not None:
            view = refused.current
            await edit_or_send(query, checkin_text(view), checkin_keyboard(view))


async def _respond(
    update: Update,
    context: BotContext,
    outcome: CheckInView | CheckInDone | Refused,
    *,
    went_back: bool = False,
) -> None:
    query = query_of(update)
    if isinstance(outcome, Refused):
        await _refused(update, outcome)
        return
    await query.answer()
    await _show(update, context, outcome, went_back=went_back)


async def status_button(update: Update, context: BotContext) -> None:
    """Gone / Better / Same / Worse under a check-in message (ci:<reminder>:<status>)."""
    query = query_of(update)
    tapped = cb.CheckInStatus.parse(query.data)
    if tapped is None:
        await query.answer(expired(), show_alert=True)
        return
    outcome = await context.services.checkins.answer_status(
        user_id_of(update), tapped.reminder_id, tapped.status
    )
    await _respond(update, context, outcome)


async def screen_button(update: Update, context: BotContext) -> None:
    query = query_of(update)
    press = cb.CheckInPress.parse(query.data)
    if press is None:
        await query.answer(expired(), show_alert=True)
        return
    outcome = await context.services.checkins.press(
        user_id_of(update),
        press.checkin_id,
        press.version,
        press.step,
        press.action,
        press.value or "",
    )
    await _respond(update, context, outcome, went_back=press.action == tr.Action.BACK.value)


async def checkin_command(update: Update, context: BotContext) -> None:
    chat = chat_of(update)
    found = await context.services.checkins.pending(user_id_of(update))
    if found is None:
        await chat.send_message(_(texts.NO_CHECKIN))
        return
    reminder_id, view = found
    if view is not None:
        await chat.send_message(checkin_text(view), reply_markup=checkin_keyboard(view))
        return
    await chat.send_message(
        checkin_question(),
        reply_markup=keyboards.checkin_status(reminder_id),
    )


async def seen_button(update: Update, context: BotContext) -> None:
    """ "Were you seen?" -> Yes, I was assessed / Not yet; then "keep checking in"."""
    query = query_of(update)
    tapped = cb.FollowUp.parse(query.data)
    if tapped is None:
        await query.answer(expired(), show_alert=True)
        return
    outcome = await context.services.checkins.seen_answer(
        user_id_of(update), tapped.reminder_id, tapped.answer
    )
    if outcome is None:
        await query.answer(expired(), show_alert=True)
        return
    await query.answer()
    chat = chat_of(update)
    if outcome.what == "assessed":
        await edit_or_send(
            query,
            _(texts.SEEN_THANKS),
            keyboards.markup(
                [
                    keyboards.button(
                        _(texts.BUTTON_KEEP_CHECKING), cb.FollowUp(tapped.reminder_id, "resume")
                    )
                ]
            ),
        )
    elif outcome.what == "resumed":
        now = context.services.clock.now()
        when = render.when(outcome.next_due, outcome.profile, now) if outcome.next_due else "soon"
        await edit_or_send(query, w("checkin.thanks", outcome.profile, when=when))
    else:
        await edit_or_send(query, _(texts.NOT_SEEN_YET))
        await chat.send_message(render.level_only(outcome.level, outcome.profile))


def handlers() -> list[tuple[int, BaseHandler[Any, Any, Any]]]:
    return [
        (0, CommandHandler("checkin", checkin_command, filters=PRIVATE)),
        (0, CallbackQueryHandler(status_button, pattern=cb.CheckInStatus.pattern())),
        (0, CallbackQueryHandler(screen_button, pattern=cb.CheckInPress.pattern())),
        (0, CallbackQueryHandler(seen_button, pattern=cb.FollowUp.pattern())),
    ]
