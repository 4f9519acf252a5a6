"""/language: the language the bot speaks to this user, stored and used for everything after,
reminders and check-ins included (issue 13)."""

from __future__ import annotations

import contextlib
from typing import Any

from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.domain import language
from bot.domain.language import _
from bot.tg import callbacks as cb
from bot.tg import keyboards, texts
from bot.tg.context import BotContext
from bot.tg.handlers.common import edit_or_send, expired, user_id_of
from bot.tg.markup import escape

PRIVATE = filters.ChatType.PRIVATE


def commands() -> list[BotCommand]:
    """The command menu in the current language."""
    return [BotCommand(name, _(about)) for name, about in texts.COMMANDS]


async def language_command(update: Update, _context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    await message.reply_text(
        escape(_(texts.ASK_LANGUAGE)), reply_markup=keyboards.languages(cb.LanguageChosen)
    )


async def language_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    match cb.Language.parse(query.data):
        case cb.LanguagePick():  # from /settings: the same question, in place
            await query.answer()
            await edit_or_send(
                query, escape(_(texts.ASK_LANGUAGE)), keyboards.languages(cb.LanguageChosen)
            )
        case cb.LanguageChosen(code=code) if language.supported(code) is not None:
            user_id = user_id_of(update)
            profile = await context.services.users.set_language(user_id, code)
            language.activate(code)
            await query.answer()
            if profile is None:  # not onboarded: nothing is stored; /start in that language
                await edit_or_send(query, escape(_(texts.NEEDS_START)))
                return
            await edit_or_send(
                query, escape(_(texts.LANGUAGE_SAVED).format(name=language.NAMES[code]))
            )
            # This chat's menu in the chosen language, whatever the phone's language; a
            # convenience only: the choice is stored either way.
            with contextlib.suppress(TelegramError):
                await context.bot.set_my_commands(commands(), scope=BotCommandScopeChat(user_id))
        case _:
            await query.answer(expired(), show_alert=True)


def handlers() -> list[tuple[int, BaseHandler[Any, Any, Any]]]:
    return [
        (0, CommandHandler("language", language_command, filters=PRIVATE)),
        (0, CallbackQueryHandler(language_button, pattern=cb.Language.pattern())),
    ]
