"""/twitch: the triage screens (one message edited in place) and the result."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.domain import triage as tr
from bot.domain import wording
from bot.domain.language import _
from bot.domain.model import Urgency
from bot.services.triage import OpenKind, Refusal, Refused, TriageResult
from bot.tg import callbacks as cb
from bot.tg import keyboards, render, texts
from bot.tg.context import BotContext
from bot.tg.handlers import flows
from bot.tg.handlers.common import (
    ask_to_start,
    chat_of,
    edit_or_send,
    expired,
    query_of,
    user_id_of,
)
from bot.tg.markup import escape
from bot.tg.screens import triage_keyboard, triage_text

log = logging.getLogger(__name__)
PRIVATE = filters.ChatType.PRIVATE


async def twitch(update: Update, context: BotContext) -> None:
    """/twitch or the "Log a twitch" button: start (or restart) a triage."""
    query = update.callback_query
    chat = chat_of(update)
    user_id = user_id_of(update)
    mode: cb.TwitchMode = "new"
    if query is not None:
        tapped = cb.TwitchStart.parse(query.data)
        mode = tapped.mode if tapped is not None else "new"
        await query.answer()
    opening = await context.services.triage.open(user_id, mode)
    view = opening.view
    match opening.kind:
        case OpenKind.NOT_ONBOARDED:
            await ask_to_start(update)
            return
        case OpenKind.ASK_RESTART:
            # A /twitch during a /twitch: ask before the answers so far are dropped (issue 12).
            await _ask_resume_or_restart(update)
            return
        case OpenKind.OFFER_QUICK:
            await chat.send_message(
                escape(wording.text("triage.quick")) + "\n" + _(texts.QUICK_OFFER),
                reply_markup=keyboards.markup(
                    [keyboards.button(_(texts.BUTTON_QUICK), cb.TwitchStart("quick"))],
                    [keyboards.button(_(texts.BUTTON_NEW_LOG), cb.TwitchStart("full"))],
                ),
            )
            return
    if view is None:  # BEGUN and RESUME carry a view
        await ask_to_start(update)
        return
    if view.left is not None:
        # The triage it replaces had a ticked red flag: stored, and its advice comes first.
        await chat.send_message(render.level_only(view.left, view.profile))
    sent = await chat.send_message(triage_text(view), reply_markup=triage_keyboard(view))
    await context.services.triage.shown(user_id, view.version, sent.message_id)


async def _ask_resume_or_restart(update: Update) -> None:
    """A triage with answers is in progress: resume it, or start again (its answers go)."""
    await chat_of(update).send_message(
        _(texts.TRIAGE_IN_PROGRESS),
        reply_markup=keyboards.markup(
            [keyboards.button(_(texts.BUTTON_RESUME_TRIAGE), cb.TwitchStart("resume"))],
            [keyboards.button(_(texts.BUTTON_RESTART_TRIAGE), cb.TwitchStart("full"))],
        ),
    )


async def triage_button(update: Update, context: BotContext) -> None:
    query = query_of(update)
    user_id = user_id_of(update)
    service = context.services.triage
    match cb.Triage.parse(query.data):
        case cb.TriageCancel(version=version):
            await _cancel_from_button(update, context, version)
            return
        case cb.TriagePress() as press:
            action = press.action or ""
        case _:
            await query.answer(expired("/twitch"), show_alert=True)
            return
    outcome = await service.press(user_id, press.version, press.step, action, press.value or "")
    if isinstance(outcome, Refused):
        await _refused(update, outcome)
        return
    if isinstance(outcome, TriageResult):
        await query.answer()
        await _result(update, context, outcome)
        return
    await query.answer()
    if action == tr.Action.BACK.value and outcome.before is not None:
        # Decision 4: leaving a screen with a ticked red flag gives that level's advice.
        await flows.level_advice(update, outcome.before, outcome.profile)
    await edit_or_send(query, triage_text(outcome), triage_keyboard(outcome))


async def _refused(update: Update, refused: Refused) -> None:
    query = query_of(update)
    if refused.why is Refusal.LOCKED:
        await query.answer(wording.text("checklist.locked"), show_alert=True)
    elif refused.why is Refusal.EXPIRED:
        await query.answer(expired("/twitch"), show_alert=True)
        if query.message is not None:
            await edit_or_send(query, escape(expired("/twitch")))
    else:
        await query.answer(_(texts.STALE_TRIAGE))
        if refused.current is not None:
            view = refused.current
            await edit_or_send(query, triage_text(view), triage_keyboard(view))


async def _cancel_from_button(update: Update, context: BotContext, version: int) -> None:
    query = query_of(update)
    del version  # Cancel works from any screen of the triage in progress
    state = await context.services.triage.cancel(user_id_of(update))
    await query.answer()
    if state is None:
        await edit_or_send(query, escape(expired("/twitch")))
        return
    await edit_or_send(query, _(texts.TRIAGE_CANCELLED))
    if state.pending_level is not None:
        profile = await context.services.users.get(user_id_of(update))
        await flows.level_advice(update, state.pending_level, profile)


async def _result(update: Update, context: BotContext, result: TriageResult) -> None:
    """Close the screen, then send the result (new messages notify)."""
    query = query_of(update)
    chat = chat_of(update)
    assessment, profile = result.assessment, result.profile
    await edit_or_send(query, _(texts.TRIAGE_DONE))
    now = context.services.clock.now()
    next_step = render.next_step_text(assessment, profile, result.next_contact, now)
    rows = []
    reminders_on = profile.hydration_on or profile.stretch_on
    if assessment.plan and assessment.urgency <= tr.PLAN_UP_TO and not reminders_on:
        rows.append([keyboards.button(_(texts.BUTTON_REMINDERS_ON), cb.RemOn("plan"))])
    if assessment.urgency < Urgency.EMERGENCY:
        # Not under "call 999 now": one action, and nothing a change could raise it to.
        change = cb.TwitchEdit(result.episode_id)
        rows.append([keyboards.button(_(texts.BUTTON_CHANGE_ANSWERS), change)])
    first, *rest = render.result_messages(assessment, profile, result.answers, next_step=next_step)
    await chat.send_message(first, reply_markup=keyboards.markup(*rows) if rows else None)
    for more in rest:  # only when one message would pass Telegram's limit
        await chat.send_message(more)


async def change_answers(update: Update, context: BotContext) -> None:
    """ "Something's wrong - change my answers" under a result: the questions again (a new
    message; the result stays), the earlier answers ticked, merging into the same episode."""
    query = query_of(update)
    chat = chat_of(update)
    tapped = cb.TwitchEdit.parse(query.data)
    if tapped is None:
        await query.answer(expired("/twitch"), show_alert=True)
        return
    user_id = user_id_of(update)
    current = await context.services.triage.current(user_id)
    if current is not None and current.state.pending_level is None and current.state != tr.start():
        # A triage in progress: ask before its answers are dropped (as /twitch does).
        await query.answer()
        await _ask_resume_or_restart(update)
        return
    view = await context.services.triage.reopen(user_id, tapped.episode_id)
    if view is None:
        await query.answer(expired("/twitch"), show_alert=True)
        return
    await query.answer()
    if view.left is not None:
        await chat.send_message(render.level_only(view.left, view.profile))
    sent = await chat.send_message(triage_text(view), reply_markup=triage_keyboard(view))
    await context.services.triage.shown(user_id, view.version, sent.message_id)


def handlers() -> list[tuple[int, BaseHandler[Any, Any, Any]]]:
    return [
        (0, CommandHandler("twitch", twitch, filters=PRIVATE)),
        (0, CallbackQueryHandler(twitch, pattern=cb.TwitchStart.pattern())),
        (0, CallbackQueryHandler(change_answers, pattern=cb.TwitchEdit.pattern())),
        (0, CallbackQueryHandler(triage_button, pattern=cb.Triage.pattern())),
    ]
