"""Typed red flags, read before anything else (TRIAGE.md "Free text").

Every text a person sends in a private chat (a message, an edited message, a photo or document
caption, a command's arguments, forwarded text) is read first, in every state: before
onboarding, while a typed answer is awaited, inside a triage or a check-in, in /settings. A red
flag gets that level's advice at once with "Yes, this is happening now" / "No, I was just
describing"; a sign without its qualifier gets "Which of these fits?"; nothing else is stopped.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import ApplicationHandlerStop, BaseHandler, CallbackQueryHandler, filters
from telegram.ext import MessageHandler as _MessageHandler

from bot.domain import freetext as ft
from bot.domain import language, wording
from bot.domain import redflags as rf
from bot.domain.countries import country as country_of
from bot.domain.language import _
from bot.domain.model import Urgency, UserProfile
from bot.tg import callbacks as cb
from bot.tg import keyboards, render, texts
from bot.tg.context import BotContext
from bot.tg.handlers.common import edit_or_send, expired, user_id_of
from bot.tg.markup import escape, message_html
from bot.tg.screens import (
    checkin_keyboard,
    checkin_question,
    checkin_text,
    intro,
    triage_keyboard,
    triage_text,
)

log = logging.getLogger(__name__)
READER_GROUP = -1  # after the private-chat guard (-2), before every feature (0)
PRIVATE = filters.ChatType.PRIVATE
MAX_ASK_ITEMS = 8


def _typed_text(message: Message) -> str | None:
    """What the person wrote: text or caption; for a command, its arguments."""
    text = message.text if message.text is not None else message.caption
    if not text:
        return None
    if text.startswith("/"):
        _command, _space, rest = text.partition(" ")
        return rest.strip() or None
    return text


async def read_first(update: Update, context: BotContext) -> None:
    """Runs before every feature handler; stops them only when it answered a red flag."""
    message = update.effective_message
    if message is None:
        return
    text = _typed_text(message)
    if text is None:
        return
    reading = ft.read(text)
    red_items = frozenset(i for i in reading.items if rf.is_red_flag(i))
    asked = rf.ordered(reading.maybe - reading.items)
    gp_items = frozenset(i for i in reading.items if rf.level_of(i) is Urgency.SEE_GP)
    if not (red_items or gp_items or any(rf.is_red_flag(i) for i in asked)):
        return  # nothing to answer here: the features reply, in the user's language
    # Answered in the language it was written in, whatever the user's setting (issue 13).
    language.activate(reading.language)
    if red_items:
        await alarm(update, context, red_items)
    elif any(rf.is_red_flag(i) for i in asked):
        await _which_fits(update, asked[:MAX_ASK_ITEMS])
    else:
        profile = await context.services.users.get(user_id_of(update))
        await message.reply_text(_gp_advice(gp_items, profile))
    raise ApplicationHandlerStop


async def alarm(update: Update, context: BotContext, items: frozenset[str]) -> None:
    """That level's advice at once, naming what was read, with the two buttons."""
    chat = update.effective_chat
    if chat is None:
        return
    report = await context.services.safety.typed(user_id_of(update), items)
    if report is None:
        return
    log.info("typed red flag: user %s level %s", user_id_of(update), report.level.name)
    await chat.send_message(
        render.typed_alarm(report.level, report.items, report.profile),
        reply_markup=keyboards.typed_report(report.report_id),
    )


def _gp_advice(items: frozenset[str], profile: UserProfile | None) -> str:
    advice = render.level_only(Urgency.SEE_GP, profile)
    wrote = render.w("free_text.you_wrote", profile, items=render.items_line(list(items)))
    return f"{advice}\n\n{wrote}"


async def _which_fits(update: Update, items: tuple[str, ...]) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    numbered = "\n".join(f"{n}. {escape(rf.text_of(i))}" for n, i in enumerate(items, 1))
    text = f"<b>{escape(wording.text('free_text.which'))}</b>\n\n{numbered}"
    buttons = [keyboards.button(str(n), cb.WhichFitsItem(i)) for n, i in enumerate(items, 1)]
    markup = keyboards.markup(
        *keyboards.rows(buttons, 4),
        [keyboards.button(wording.text("button.none"), cb.WhichFitsNone())],
    )
    await chat.send_message(text, reply_markup=markup)


async def which_fits_button(update: Update, context: BotContext) -> None:
    """A tap on an item of "Which of these fits?" counts as a tick: that item's advice."""
    query = update.callback_query
    if query is None:
        return
    match cb.WhichFits.parse(query.data):
        case cb.WhichFitsNone():
            await query.answer()
            await edit_or_send(query, escape(wording.text("free_text.none_fit")))
            await resume(update, context)
        case cb.WhichFitsItem(item=item) if rf.level_of(item) is not None:
            await query.answer()
            await edit_or_send(query, escape(rf.text_of(item)))
            if rf.is_red_flag(item):
                await alarm(update, context, frozenset({item}))
            else:
                profile = await context.services.users.get(user_id_of(update))
                chat = update.effective_chat
                if chat is not None:
                    await chat.send_message(_gp_advice(frozenset({item}), profile))
        case _:
            await query.answer(expired(), show_alert=True)


async def report_button(update: Update, context: BotContext) -> None:
    """ "Yes, this is happening now" / "No, I was just describing" (ft:y|n:<report id>)."""
    query = update.callback_query
    if query is None:
        return
    tapped = cb.TypedReport.parse(query.data)
    if tapped is None:
        await query.answer(expired(), show_alert=True)
        return
    happening, report_id = tapped.happening, tapped.report_id
    user_id = user_id_of(update)
    message = query.message
    shown = message_html(message) or None
    if report_id == 0:  # before consent: the advice is given, nothing is stored
        await query.answer()
        profile = await context.services.users.get(user_id)
        if shown is not None:
            await edit_or_send(query, shown)
        if not happening:
            await resume(update, context)
        elif profile is None and update.effective_chat is not None:
            await update.effective_chat.send_message(render.safety_line(profile))
        return
    answered = await context.services.safety.answer(user_id, report_id, happening)
    if answered is None:
        await query.answer(expired(), show_alert=True)
        return
    await query.answer(_(texts.NOTED) if happening else None)
    body = shown or render.typed_alarm(answered.level, answered.items, answered.profile)
    if happening:
        follow = render.w("followup.notice", answered.profile)
        await edit_or_send(query, f"{body}\n\n{follow}")
        return
    await edit_or_send(query, body)
    await resume(update, context)


async def resume(update: Update, context: BotContext) -> None:
    """ "No, I was just describing": put the person back where they were, the waiting
    question asked again (onboarding, a typed answer, a triage or check-in screen)."""
    chat = update.effective_chat
    if chat is None:
        return
    user_id = user_id_of(update)
    profile = await context.services.users.get(user_id)
    if profile is None or not profile.onboarded:
        await chat.send_message(intro(profile), reply_markup=keyboards.consent())
        return
    if profile.country is None:
        await chat.send_message(_(texts.ASK_COUNTRY), reply_markup=keyboards.countries())
        return
    if profile.awaiting is not None:
        await chat.send_message(_(texts.TIMEZONE_HOW))
        return
    if profile.timezone is None:
        zones = keyboards.zones(country_of(profile.country))
        await chat.send_message(_(texts.ASK_TIMEZONE), reply_markup=zones)
        return
    view = await context.services.triage.current(user_id)
    if view is not None:
        sent = await chat.send_message(triage_text(view), reply_markup=triage_keyboard(view))
        await context.services.triage.shown(user_id, view.version, sent.message_id)
        return
    found = await context.services.checkins.pending(user_id)
    if found is not None:
        reminder_id, checkin_view = found
        markup: InlineKeyboardMarkup
        if checkin_view is not None:
            text = checkin_text(checkin_view)
            markup = checkin_keyboard(checkin_view)
        else:
            text = checkin_question()
            markup = keyboards.checkin_status(reminder_id)
        await chat.send_message(text, reply_markup=markup)
        return
    await chat.send_message(_(texts.JUST_DESCRIBING))


def handlers() -> list[tuple[int, BaseHandler[Any, Any, Any]]]:
    readable = PRIVATE & (filters.TEXT | filters.CAPTION)
    return [
        (READER_GROUP, _MessageHandler(readable, read_first)),
        (0, CallbackQueryHandler(report_button, pattern=cb.TypedReport.pattern())),
        (0, CallbackQueryHandler(which_fits_button, pattern=cb.WhichFits.pattern())),
    ]
