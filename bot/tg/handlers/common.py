"""Small helpers every handler uses: who is this, answer a button, edit or send."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Chat, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.domain.countries import emergency_number
from bot.domain.language import _
from bot.domain.model import UserProfile
from bot.tg import texts

log = logging.getLogger(__name__)


def user_id_of(update: Update) -> int:
    user = update.effective_user
    if user is None:  # channel posts and the like never reach feature handlers
        raise LookupError("update without a user")
    return user.id


def number_for(profile: UserProfile | None) -> str:
    return emergency_number(profile.country if profile else None)


async def edit_or_send(
    query: CallbackQuery, text: str, reply_markup: InlineKeyboardMarkup | None = None
) -> Message | bool:
    """Edit the button's message in place; if it can no longer be edited, send a new one."""
    message = query.message
    try:
        return await query.edit_message_text(text, reply_markup=reply_markup)
    except BadRequest as exc:
        if "not modified" in str(exc).lower():
            return True
        log.info("could not edit message, sending a new one: %s", exc)
    if message is None:
        return False
    return await message.get_bot().send_message(message.chat.id, text, reply_markup=reply_markup)


def expired(command: str = "/start") -> str:
    """ "This has expired. Send /twitch to start again.": one template, the command filled in."""
    return _(texts.EXPIRED).format(command=command)


# What a handler's registration guarantees, checked once here instead of in every handler (an
# update of the wrong shape is a wiring error: it raises and the error handler logs it).
def query_of(update: Update) -> CallbackQuery:
    """The callback query of an update a CallbackQueryHandler passed on."""
    if update.callback_query is None:
        raise TypeError(f"update {update.update_id} has no callback query")
    return update.callback_query


def chat_of(update: Update) -> Chat:
    """The chat of an update from a private chat (every feature handler's case)."""
    if update.effective_chat is None:
        raise TypeError(f"update {update.update_id} has no chat")
    return update.effective_chat


def message_of(update: Update) -> Message:
    """The message of an update a CommandHandler or MessageHandler passed on."""
    if update.effective_message is None:
        raise TypeError(f"update {update.update_id} has no message")
    return update.effective_message


async def ask_to_start(update: Update) -> None:
    """The one answer to someone who has not finished /start yet."""
    await chat_of(update).send_message(_(texts.NEEDS_START))
