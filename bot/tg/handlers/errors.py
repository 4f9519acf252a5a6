"""The error handler: log what failed (never message text), tell the user kindly, never crash."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, NetworkError, RetryAfter, TelegramError

from bot.domain.language import _
from bot.tg import texts
from bot.tg.context import BotContext
from bot.tg.delivery import transient_reason

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    user_id = (
        update.effective_user.id
        if isinstance(update, Update) and update.effective_user is not None
        else None
    )
    if isinstance(error, Forbidden) and user_id is not None:
        log.info("update %s: user %s has blocked the bot", update_id, user_id)
        await context.services.users.blocked(user_id)
        return
    if isinstance(error, RetryAfter):
        log.warning("update %s: rate limited by Telegram for %ss", update_id, error.retry_after)
        return
    if isinstance(error, NetworkError):
        # Telegram's 5xx or a timeout: not a bug of ours, so one warning with the status.
        log.warning(
            "update %s (user %s) failed: %s (%s)",
            update_id,
            user_id,
            type(error).__name__,
            transient_reason(error),
        )
    else:
        log.error(
            "update %s (user %s) failed: %s",
            update_id,
            user_id,
            type(error).__name__,
            exc_info=error,
        )
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(_(texts.ERROR), show_alert=True)
        elif update.effective_chat is not None:
            await update.effective_chat.send_message(_(texts.ERROR))
    except TelegramError as exc:
        log.warning("could not tell user %s about the error: %s", user_id, type(exc).__name__)
