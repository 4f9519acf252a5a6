"""/timezone: a shared location, a city, a zone name or a UTC offset."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.domain.language import _
from bot.services import places
from bot.tg import callbacks as cb
from bot.tg import sender, texts
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
from bot.tg.markup import escape

PRIVATE = filters.ChatType.PRIVATE


async def location(update: Update, context: BotContext) -> None:
    message = message_of(update)
    profile = await context.services.users.get(user_id_of(update))
    if profile is None or not profile.onboarded:
        await ask_to_start(update)
        return
    if message.location is None:
        return
    zone = await places.zone_at(message.location.latitude, message.location.longitude)
    if zone is None:
        await message.reply_text(_(texts.BAD_TIMEZONE))
        return
    await flows.save_timezone(update, context, zone)


async def candidate(update: Update, context: BotContext) -> None:
    query = query_of(update)
    tapped = cb.PlaceCandidate.parse(query.data)
    found = await places.place(tapped.place_id) if tapped is not None else None
    if found is None:
        await query.answer(expired(), show_alert=True)
        return
    await query.answer(_(texts.TOAST_SAVED))
    await edit_or_send(query, f"{escape(found.name)}, {escape(found.country)}")
    await flows.save_timezone(update, context, found.zone)


async def other_command(update: Update, context: BotContext) -> None:
    """Any other command ends a waiting timezone question (a later "utc+5" is not an answer).
    Nothing to end, as the inbox's claim read with this update: no transaction."""
    if sender.awaiting(update.update_id) is False:
        return
    await context.services.users.stop_awaiting(user_id_of(update), only_if_waiting=True)


QUESTION_ENDS_GROUP = -2  # before the red-flag reader (-1) and every feature (0)
KEEPS_QUESTION = filters.Regex(r"^/(timezone|cancel)(@\w+)?(\s|$)")


def handlers() -> list[tuple[int, BaseHandler[Any, Any, Any]]]:
    return [
        (
            QUESTION_ENDS_GROUP,
            MessageHandler(
                PRIVATE & filters.UpdateType.MESSAGE & filters.COMMAND & ~KEEPS_QUESTION,
                other_command,
            ),
        ),
        (0, CommandHandler("timezone", flows.timezone_command, filters=PRIVATE)),
        (0, MessageHandler(PRIVATE & filters.LOCATION, location)),
        (0, CallbackQueryHandler(candidate, pattern=cb.PlaceCandidate.pattern())),
    ]
