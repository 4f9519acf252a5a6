"""/settings: country (emergency number), timezone, waking hours, fluid limit; links /reminders."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.domain.language import _
from bot.tg import callbacks as cb
from bot.tg import keyboards, texts
from bot.tg.context import BotContext
from bot.tg.handlers import flows
from bot.tg.handlers.common import (
    ask_to_start,
    edit_or_send,
    expired,
    message_of,
    query_of,
    user_id_of,
)
from bot.tg.screens import settings_keyboard, settings_text

PRIVATE = filters.ChatType.PRIVATE


async def settings_command(update: Update, context: BotContext) -> None:
    message = message_of(update)
    profile = await context.services.users.seen(user_id_of(update))
    if profile is None or not profile.onboarded:
        await ask_to_start(update)
        return
    await message.reply_text(settings_text(profile), reply_markup=settings_keyboard(profile))


async def settings_button(update: Update, context: BotContext) -> None:
    query = query_of(update)
    user_id = user_id_of(update)
    match cb.Settings.parse(query.data):
        case cb.SetCountry():
            await query.answer()
            back = [keyboards.button(_(texts.BUTTON_BACK_SETTINGS), cb.SetShow())]
            markup = keyboards.countries()
            rows = [*markup.inline_keyboard, back]
            await edit_or_send(query, _(texts.ASK_COUNTRY), InlineKeyboardMarkup(rows))
        case cb.SetShow():
            profile = await context.services.users.get(user_id)
            if profile is None:
                await query.answer(expired(), show_alert=True)
                return
            await query.answer()
            await edit_or_send(query, settings_text(profile), settings_keyboard(profile))
        case cb.SetTimezone():
            await query.answer()
            await flows.timezone_command(update, context)
        case cb.SetFluid(answer=answer):
            profile = await context.services.users.set_fluid_limit(user_id, answer == "yes")
            if profile is None:
                await query.answer(expired(), show_alert=True)
                return
            await query.answer(_(texts.TOAST_SAVED))
            await edit_or_send(query, settings_text(profile), settings_keyboard(profile))
        case _:
            await query.answer(expired(), show_alert=True)


def handlers() -> list[tuple[int, BaseHandler[Any, Any, Any]]]:
    return [
        (0, CommandHandler("settings", settings_command, filters=PRIVATE)),
        (0, CallbackQueryHandler(settings_button, pattern=cb.Settings.pattern())),
    ]
