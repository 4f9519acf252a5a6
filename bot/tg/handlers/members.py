"""Chat guards: private chats only; a user who blocks or unblocks the bot."""

from __future__ import annotations

import logging
from typing import Any

from telegram import ChatMember, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, BaseHandler, ChatMemberHandler, TypeHandler

from bot.domain import language
from bot.domain.language import _
from bot.tg import render, texts
from bot.tg.callbacks import MAX_INT
from bot.tg.context import BotContext

log = logging.getLogger(__name__)
GUARD_GROUP = -3  # first of all; then a command ends a typed question (-2); red flags (-1)


async def private_only(update: Update, context: BotContext) -> None:
    """Anything from a group or channel gets one line at most, and nothing is stored. A forged
    update whose user or chat id no id column can hold (beyond signed 64 bits) is dropped.
    Sets the language of everything this update's handlers say: the user's stored choice, else
    Telegram's ``language_code``, else English."""
    user = update.effective_user
    # Telegram's language first: the reply to a refused update is in it too.
    language.activate(language.negotiate(user.language_code if user else None))
    ids = [x.id for x in (user, update.effective_chat) if x is not None]
    if any(abs(i) > MAX_INT for i in ids):
        log.warning("update %s: a user or chat id out of range was refused", update.update_id)
        raise ApplicationHandlerStop
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE:
        if user is not None:  # the stored choice wins (read with the inbox's claim, else here)
            known, stored = language.stored(update.update_id)
            if not known:
                stored = await context.services.users.language(user.id)
            if stored is not None:
                language.activate(stored)
        return
    message = update.message
    if message is not None and message.text is not None and message.text.startswith("/"):
        # Starts with the one-line safety net (TRIAGE.md); no country is known in a group.
        await message.reply_text(f"{render.safety_line(None)}\n\n{_(texts.PRIVATE_ONLY)}")
    elif update.callback_query is not None:
        await update.callback_query.answer(_(texts.PRIVATE_ONLY), show_alert=True)
    elif update.my_chat_member is not None and update.my_chat_member.new_chat_member.status in {
        ChatMember.MEMBER,
        ChatMember.ADMINISTRATOR,
    }:
        await context_send(update, _(texts.PRIVATE_ONLY))
    raise ApplicationHandlerStop


async def context_send(update: Update, text: str) -> None:
    chat = update.effective_chat
    if chat is not None:
        await chat.send_message(text)


async def my_chat_member(update: Update, context: BotContext) -> None:
    """Private chat: kicked = the user blocked the bot; member again = they came back."""
    change = update.my_chat_member
    if change is None or change.from_user is None:
        return
    user_id = change.from_user.id
    status = change.new_chat_member.status
    if status == ChatMember.BANNED:
        if await context.services.users.blocked(user_id):
            log.info("user %s blocked the bot; their reminders are off", user_id)
    elif status == ChatMember.MEMBER:
        # Updates run concurrently: a message sent on coming back may have been handled first
        # and cleared the block already, so resume whether or not the user still looks
        # blocked (resume_after_block keeps a pending check-in and plans one only if none is;
        # it marks them active in the same transaction, and does nothing for a stranger).
        await context.services.reminders.resume_after_block(user_id)


def handlers() -> list[tuple[int, BaseHandler[Any, Any, Any]]]:
    return [
        (GUARD_GROUP, TypeHandler(Update, private_only)),
        (0, ChatMemberHandler(my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER)),
    ]
