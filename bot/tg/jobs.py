"""Repeating jobs on PTB's JobQueue (APScheduler). They only call services and render."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Bot
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.services import Services
from bot.tg import render, texts
from bot.tg.context import BotContext

log = logging.getLogger(__name__)
HOUSEKEEPING_INTERVAL = 60.0  # seconds


async def expire_triages(bot: Bot, services: Services) -> int:
    """Tidy up abandoned triages: say so, with that level's advice if a red flag was ticked."""
    expired = await services.triage.expire_due()
    for item in expired:
        try:
            if item.message_id is not None:
                try:
                    await bot.edit_message_text(
                        texts.TRIAGE_EXPIRED_NOTICE,
                        chat_id=item.user_id,
                        message_id=item.message_id,
                    )
                except BadRequest:
                    await bot.send_message(item.user_id, texts.TRIAGE_EXPIRED_NOTICE)
            if item.pending_level is not None:
                await bot.send_message(
                    item.user_id, render.level_only(item.pending_level, item.profile)
                )
        except Forbidden:
            await services.users.blocked(item.user_id)
        except TelegramError as exc:
            log.warning("could not tell user %s their triage expired: %s", item.user_id, exc)
    return len(expired)


async def housekeeping(context: BotContext) -> None:
    try:
        await expire_triages(context.bot, context.services)
    except Exception:
        log.exception("housekeeping failed; it will run again")


def schedule(job_queue: Any) -> None:
    job_queue.run_repeating(
        housekeeping, interval=HOUSEKEEPING_INTERVAL, first=5, name="housekeeping"
    )
