"""What nobody else handled: unknown commands, stickers and photos, free text, stale buttons."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.domain.language import _
from bot.domain.model import UserProfile
from bot.services.users import AWAITING_TIMEZONE
from bot.tg import render, texts
from bot.tg.context import BotContext
from bot.tg.handlers import flows
from bot.tg.handlers.common import expired, user_id_of

PRIVATE = filters.ChatType.PRIVATE
NEW = PRIVATE & filters.UpdateType.MESSAGE  # an edit is read for red flags, not answered again
FALLBACK_GROUP = 0  # same group as features, registered last: first match wins


async def cancel(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    if await flows.cancel_triage(update, context):
        return
    profile = await context.services.users.get(user_id_of(update))
    if profile is not None and profile.awaiting is not None:
        await context.services.users.stop_awaiting(profile.id)
        await message.reply_text(_(texts.CANCELLED))
        return
    await message.reply_text(_(texts.NOTHING_TO_CANCEL))


async def _reply(update: Update, context: BotContext, text: str, *, first: bool = False) -> None:
    """A reply that is not an answer: it always carries the one-line safety net (TRIAGE.md),
    at the end, or ``first`` when the bot could not read the message at all."""
    message = update.effective_message
    if message is None:
        return
    profile = await context.services.users.get(user_id_of(update))
    line = render.safety_line(profile)
    await message.reply_text(f"{line}\n\n{text}" if first else f"{text}\n\n{line}")


async def unknown_command(update: Update, context: BotContext) -> None:
    await _reply(update, context, _(texts.UNKNOWN_COMMAND))


async def unreadable(update: Update, context: BotContext) -> None:
    await _reply(update, context, _(texts.UNREADABLE), first=True)


def _waits_for_timezone(profile: UserProfile | None) -> bool:
    """After /timezone or "Type it instead", and at onboarding's timezone question (a typed city
    or zone is accepted there at once)."""
    if profile is None or not profile.onboarded:
        return False
    at_onboarding = profile.country is not None and profile.timezone is None
    return profile.awaiting == AWAITING_TIMEZONE or at_onboarding


async def free_text(update: Update, context: BotContext) -> None:
    """Typed text that no feature took. Red flags were read before this (handlers.safety)."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    user_id = user_id_of(update)
    profile = await context.services.users.seen(user_id)
    if _waits_for_timezone(profile):
        await flows.typed_timezone(update, context, message.text)
        return
    if not _speaks(message.text):
        await _reply(update, context, _(texts.LANGUAGE_UNKNOWN), first=True)
        return
    if profile is None or not profile.onboarded:
        await _reply(update, context, _(texts.NEEDS_START))
        return
    if await flows.offer_triage(update, message.text):
        return
    if await context.services.triage.peek(user_id) is not None:
        await _reply(update, context, _(texts.USE_BUTTONS))
        return
    await _reply(update, context, _(texts.FREE_TEXT))


def _speaks(text: str) -> bool:
    """False for text written only in a script the bot does not read (neither Latin nor
    Cyrillic letters: English, Spanish, German, Russian)."""
    letters = [c for c in text if c.isalpha()]
    return not letters or any(
        c.isascii() or "\u00c0" <= c <= "\u024f" or "\u0400" <= c <= "\u04ff" for c in letters
    )


async def stale_button(update: Update, _context: BotContext) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(expired(), show_alert=True)


def handlers() -> list[tuple[int, BaseHandler[Any, Any, Any]]]:
    return [
        (0, CommandHandler("cancel", cancel, filters=PRIVATE)),
        (FALLBACK_GROUP, MessageHandler(NEW & filters.COMMAND, unknown_command)),
        (FALLBACK_GROUP, MessageHandler(NEW & filters.TEXT & ~filters.COMMAND, free_text)),
        (
            FALLBACK_GROUP,
            MessageHandler(NEW & ~filters.TEXT & ~filters.StatusUpdate.ALL, unreadable),
        ),
        (FALLBACK_GROUP, CallbackQueryHandler(stale_button)),
    ]
