"""Build the PTB Application: base URLs from settings, typed context, handlers, start-up hooks."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import UTC
from typing import Any

from telegram import BotCommand
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults

from bot.config import Settings
from bot.scheduling.leader import Leadership
from bot.services import Services
from bot.tg import jobs, texts
from bot.tg.context import BotContext, BotData
from bot.tg.handlers import all_handlers
from bot.tg.handlers.errors import on_error
from bot.tg.ratelimit import RateLimiter
from bot.tg.request import QuietRequest

log = logging.getLogger(__name__)

CONCURRENT_UPDATES = 16
BotApplication = Application[Any, BotContext, Any, Any, BotData, Any]


def build_application(
    settings: Settings, services: Services, *, schedule_jobs: bool = True
) -> BotApplication:
    """The bot. ``schedule_jobs=False`` leaves the repeating jobs to the caller (tests drive them
    with a controllable clock)."""
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is required to build the application")
    application: BotApplication = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.bot_base_url)
        .base_file_url(settings.file_base_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=UTC))
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .rate_limiter(
            RateLimiter(
                settings.telegram_rate_limit,
                max_retries=2,
                reply_share=settings.telegram_reply_share,
            )
        )
        .request(QuietRequest(connection_pool_size=256))
        .get_updates_request(QuietRequest(connection_pool_size=1))
        # Updates are handled concurrently: state is in the database, and every change is
        # versioned, so two taps racing each other cannot both win.
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    application.bot_data.services = services
    application.bot_data.sweeper = jobs.make_sweeper(application.bot, services)
    application.bot_data.leader = Leadership(services.engine)
    for group, handler in all_handlers():
        application.add_handler(handler, group=group)
    application.add_error_handler(on_error)
    if schedule_jobs and application.job_queue is not None:
        jobs.schedule(application.job_queue, settings.sweep_interval)
    return application


@contextlib.asynccontextmanager
async def running(application: BotApplication) -> AsyncIterator[BotApplication]:
    """Initialise, run the start-up hook, start; on exit stop and shut down (webhook, tests).

    ``run_polling`` does the same by itself; this is for callers that own the event loop.
    """
    async with application:
        await _post_init(application)
        await application.start()
        try:
            yield application
        finally:
            await application.stop()
    await _post_shutdown(application)


async def _post_init(application: BotApplication) -> None:
    """Publish the command menu and the bot's description; a failure here is logged, not fatal."""
    bot = application.bot
    try:
        await bot.set_my_commands([BotCommand(name, about) for name, about in texts.COMMANDS])
        await bot.set_my_description(texts.DESCRIPTION)
        await bot.set_my_short_description(texts.SHORT_DESCRIPTION)
    except TelegramError as exc:
        log.warning("could not publish the command menu: %s", exc)


async def _post_shutdown(application: BotApplication) -> None:
    await application.bot_data.leader.release()
    await application.bot_data.services.engine.dispose()
