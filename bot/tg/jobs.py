"""Repeating jobs on PTB's JobQueue (APScheduler). They only call services and render.

- ``sweep`` (every SWEEP_INTERVAL seconds): the reminder engine's tick (bot.scheduling.sweep).
- ``housekeeping`` (every minute): abandoned triages and check-ins, unanswered typed red flags
  (kept as unconfirmed, asked about the next day), retention.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from telegram import Bot
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ExtBot

from bot.scheduling.sweep import Sweeper, default_worker_id
from bot.services import Services
from bot.services.reminders import ReminderFollowUps, mark_blocked
from bot.services.triage import Expired
from bot.tg import render, texts
from bot.tg.context import BotContext
from bot.tg.delivery import TelegramDeliverer

log = logging.getLogger(__name__)
HOUSEKEEPING_INTERVAL = 60.0  # seconds


def make_sweeper(bot: ExtBot[Any], services: Services) -> Sweeper:
    return Sweeper(
        services.sessionmaker,
        TelegramDeliverer(bot, services),
        clock=services.clock,
        worker_id=default_worker_id(),
        follow_ups=ReminderFollowUps(),
        on_blocked=mark_blocked,
    )


async def _say_expired(
    bot: Bot, services: Services, expired: Sequence[Expired], notice: str
) -> int:
    """Tell each user their conversation expired (editing its screen), with that level's advice
    if a red flag was ticked (TRIAGE.md decision 4)."""
    for item in expired:
        try:
            if item.message_id is not None:
                try:
                    await bot.edit_message_text(
                        notice, chat_id=item.user_id, message_id=item.message_id
                    )
                except BadRequest:
                    await bot.send_message(item.user_id, notice)
            if item.pending_level is not None:
                await bot.send_message(
                    item.user_id, render.level_only(item.pending_level, item.profile)
                )
        except Forbidden:
            await services.users.blocked(item.user_id)
        except TelegramError as exc:
            log.warning("could not tell user %s about an expiry: %s", item.user_id, exc)
    return len(expired)


async def expire_triages(bot: Bot, services: Services) -> int:
    """Abandoned triages (30 minutes without a tap)."""
    expired = await services.triage.expire_due()
    return await _say_expired(bot, services, expired, texts.TRIAGE_EXPIRED_NOTICE)


async def expire_checkins(bot: Bot, services: Services) -> int:
    """Check-in conversations left half-way for 30 minutes."""
    expired = await services.checkins.expire_abandoned()
    return await _say_expired(bot, services, expired, texts.CHECKIN_EXPIRED)


async def housekeep(bot: Bot, services: Services) -> None:
    """One housekeeping pass: abandoned triages and check-ins, unanswered typed red flags,
    inactive users."""
    await expire_triages(bot, services)
    await expire_checkins(bot, services)
    await services.safety.expire_unanswered()
    purged = await services.users.purge_inactive()
    if purged:
        log.info("erased %s users after 12 months without activity", purged)


async def housekeeping(context: BotContext) -> None:
    try:
        await housekeep(context.bot, context.services)
    except Exception:
        log.exception("housekeeping failed; it will run again")


async def sweep(context: BotContext) -> None:
    sweeper = context.bot_data.sweeper
    try:
        if not await context.bot_data.leader.held():
            return  # another instance sends the reminders
        report = await sweeper.tick()
    except Exception:
        log.exception("reminder sweep failed; it will run again")
        return
    if report.claimed:
        log.info(
            "sweep: claimed %s sent %s expired %s retried %s dead %s blocked %s skipped %s",
            report.claimed,
            report.sent,
            report.expired,
            report.retried,
            report.dead,
            report.blocked,
            report.skipped,
        )


def schedule(job_queue: Any, interval: float) -> None:
    job_queue.run_repeating(sweep, interval=interval, first=1, name="sweep")
    job_queue.run_repeating(
        housekeeping, interval=HOUSEKEEPING_INTERVAL, first=5, name="housekeeping"
    )
