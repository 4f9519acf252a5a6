"""What nobody else handled: unknown commands, stickers and photos, free text, stale buttons."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.services.users import AWAITING_TIMEZONE
from bot.tg import texts
from bot.tg.context import BotContext
from bot.tg.handlers import timezone, triage
from bot.tg.handlers.common import user_id_of

PRIVATE = filters.ChatType.PRIVATE
FALLBACK_GROUP = 0  # same group as features, registered last: first match wins


async def cancel(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None  # noqa: S101
    if await triage.cancel_triage(update, context):
        return
    profile = await context.services.users.get(user_id_of(update))
    if profile is not None and profile.awaiting is not None:
        await context.services.users.stop_awaiting(profile.id)
        await message.reply_text(texts.CANCELLED)
        return
    await message.reply_text(texts.NOTHING_TO_CANCEL)


async def unknown_command(update: Update, _context: BotContext) -> None:
    if update.effective_message is not None:
        await update.effective_message.reply_text(texts.UNKNOWN_COMMAND)


async def unreadable(update: Update, _context: BotContext) -> None:
    if update.effective_message is not None:
        await update.effective_message.reply_text(texts.UNREADABLE)


async def free_text(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or message.text is None:
        return
    user_id = user_id_of(update)
    profile = await context.services.users.seen(user_id)
    if profile is not None and profile.awaiting == AWAITING_TIMEZONE:
        await timezone.typed(update, context, message.text)
        return
    # Safety first: an emergency sign in words gets the emergency advice, consent or not.
    if await triage.free_text_signal(update, context, message.text):
        return
    if profile is None or not profile.onboarded:
        await message.reply_text(texts.NEEDS_START)
        return
    if await context.services.triage.peek(user_id) is not None:
        await message.reply_text(texts.USE_BUTTONS)
        return
    await message.reply_text(texts.FREE_TEXT)


async def stale_button(update: Update, _context: BotContext) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(texts.EXPIRED, show_alert=True)


def handlers() -> list[tuple[int, BaseHandler[Any, Any, Any]]]:
    return [
        (0, CommandHandler("cancel", cancel, filters=PRIVATE)),
        (FALLBACK_GROUP, MessageHandler(PRIVATE & filters.COMMAND, unknown_command)),
        (FALLBACK_GROUP, MessageHandler(PRIVATE & filters.TEXT & ~filters.COMMAND, free_text)),
        (
            FALLBACK_GROUP,
            MessageHandler(PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL, unreadable),
        ),
        (FALLBACK_GROUP, CallbackQueryHandler(stale_button)),
    ]
