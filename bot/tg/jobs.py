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

from bot.domain import language
from bot.domain.language import _
from bot.scheduling.sweep import Sweeper, default_worker_id
from bot.services import Services
from bot.services.reminders import ReminderFollowUps, mark_blocked
from bot.services.triage import Expired
from bot.tg import render, texts
from bot.tg.context import BotContext
from bot.tg.delivery import TelegramDeliverer
from bot.tg.ratelimit import RateLimiter

log = logging.getLogger(__name__)
HOUSEKEEPING_INTERVAL = 60.0  # seconds
# Rows of a batch in progress at once: one row's database work overlaps another's send.
SEND_CONCURRENCY = 2


def make_sweeper(bot: ExtBot[Any], services: Services) -> Sweeper:
    return Sweeper(
        services.uow,
        TelegramDeliverer(bot, services),
        clock=services.clock,
        worker_id=default_worker_id(),
        follow_ups=ReminderFollowUps(),
        on_blocked=mark_blocked,
        concurrency=SEND_CONCURRENCY,
    )


async def _say_expired(
    bot: Bot, services: Services, expired: Sequence[Expired], notice: str
) -> int:
    """Tell each user their conversation expired (editing its screen), with that level's advice
    if a red flag was ticked (TRIAGE.md decision 4); ``notice`` is the English source, said in
    each user's language."""
    for item in expired:
        language.activate(item.profile.language if item.profile is not None else None)
        said = _(notice)
        try:
            if item.message_id is not None:
                try:
                    await bot.edit_message_text(
                        said, chat_id=item.user_id, message_id=item.message_id
                    )
                except BadRequest:
                    await bot.send_message(item.user_id, said)
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


def sender_rate(bot: Bot) -> float | None:
    """Messages per second the reminder sender may use (None: no limiter)."""
    limiter = getattr(bot, "rate_limiter", None)
    return float(limiter.rate) if isinstance(limiter, RateLimiter) else None


async def sweep(context: BotContext) -> None:
    sweeper = context.bot_data.sweeper
    interval = context.job.data if context.job is not None else None
    try:
        leader = context.bot_data.leader
        limiter = getattr(context.bot, "rate_limiter", None)
        if not await leader.held():
            if isinstance(limiter, RateLimiter):
                limiter.as_replier()
            return  # another instance sends the reminders
        if isinstance(limiter, RateLimiter):
            limiter.as_sender(await leader.instances())
        if leader.took_over():
            await sweeper.take_over()
        # Keep sending until the next run starts (at the cap a batch takes batch/rate seconds).
        report = await sweeper.drain(
            seconds=float(interval) if isinstance(interval, int | float) else 1.0,
            rate=sender_rate(context.bot),
            keep_going=lambda: context.application.running,
        )
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
    # Two runs may overlap for the moment the previous one finishes its last batch: claims
    # keep them on different rows, and the rate limiter paces both.
    job_queue.run_repeating(
        sweep,
        interval=interval,
        first=1,
        name="sweep",
        data=interval,
        job_kwargs={"max_instances": 2},
    )
    job_queue.run_repeating(
        housekeeping, interval=HOUSEKEEPING_INTERVAL, first=5, name="housekeeping"
    )
