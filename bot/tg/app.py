"""The composition root (``build``) and the bot's life cycle: start-up hooks, run, shut down."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator
from datetime import UTC
from typing import Any

from telegram import BotCommand
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults

from bot.config import Settings
from bot.db.engine import Engine, create_engine
from bot.db.leader import Leadership
from bot.domain import language
from bot.domain.language import _
from bot.scheduling.sweep import default_worker_id
from bot.services import Services
from bot.services.inbox import InboxService
from bot.services.ports import Clock
from bot.tg import jobs, texts
from bot.tg.context import BotContext, BotData
from bot.tg.handlers import all_handlers
from bot.tg.handlers.errors import on_error
from bot.tg.intake import InboxProcessor, Intake
from bot.tg.ratelimit import RateLimiter
from bot.tg.request import AiohttpRequest

log = logging.getLogger(__name__)

CONCURRENT_UPDATES = 16
BotApplication = Application[Any, BotContext, Any, Any, BotData, Any]


def build(
    settings: Settings,
    *,
    engine: Engine | None = None,
    clock: Clock | None = None,
    schedule_jobs: bool = True,
) -> BotApplication:
    """The composition root: everything the bot is made of, built from its settings in one
    place: the database engine, the services, the inbox and its update processor, the rate
    limiter, the PTB Application with its handlers and error handler, the reminder sweeper, the
    sender leadership, and the repeating jobs. ``python -m bot``, ``make chat``, the end-to-end
    harness, the benchmarks and the drills (through ``python -m bot``) all start here.

    ``engine``/``clock``: an engine the caller made (tests, a migrated file) and a controllable
    clock; ``schedule_jobs=False`` leaves the repeating jobs to the caller (tests drive them with
    that clock). The engine is disposed when the application shuts down."""
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is required to build the application")
    engine = engine if engine is not None else create_engine(settings.database_url)
    services = Services(engine) if clock is None else Services(engine, clock=clock)
    token = settings.telegram_bot_token.get_secret_value()
    bot_id = token.partition(":")[0]
    inbox = InboxService(
        services.sessionmaker,
        services.clock,
        int(bot_id) if bot_id.isdigit() else 0,
        default_worker_id(),
    )
    processor = InboxProcessor(
        CONCURRENT_UPDATES, inbox, on_return=services.reminders.resume_after_block
    )
    application: BotApplication = (
        ApplicationBuilder()
        .token(token)
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
        .request(AiohttpRequest(connection_pool_size=256))
        .get_updates_request(AiohttpRequest(connection_pool_size=1))
        # Updates are handled concurrently: state is in the database, and every change is
        # versioned, so two taps racing each other cannot both win. Each update's handlers run
        # only once its inbox row is claimed (bot.tg.intake), which replaces PTB's Updater.
        .concurrent_updates(processor)
        .updater(None)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    application.bot_data.services = services
    application.bot_data.sweeper = jobs.make_sweeper(application.bot, services)
    application.bot_data.leader = Leadership(services.engine)
    application.bot_data.intake = Intake(application, processor)
    for group, handler in all_handlers():
        application.add_handler(handler, group=group)
    application.add_error_handler(on_error)
    if schedule_jobs and application.job_queue is not None:
        jobs.schedule(application.job_queue, settings.sweep_interval)
    return application


@contextlib.asynccontextmanager
async def running(application: BotApplication) -> AsyncIterator[BotApplication]:
    """Initialise, run the start-up hook, start, queue what the inbox holds from before; on exit
    stop taking updates, let running handlers finish, stop and shut down.

    Updates whose handlers had not started stay in the inbox for the next start.
    """
    intake = application.bot_data.intake
    async with application:
        await _post_init(application)
        await application.start()
        try:
            await intake.start()
            yield application
        finally:
            await intake.stop()
            await application.stop()
    await _post_shutdown(application)


async def serve_polling(application: BotApplication) -> None:
    """Polling mode until SIGTERM or SIGINT: then stop fetching, finish what runs, return."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        async with running(application):
            application.bot_data.intake.start_polling()
            await stop.wait()
            log.info("stopping: no more updates are fetched")
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)


async def _post_init(application: BotApplication) -> None:
    """Publish the command menu and the bot's descriptions, in English for everyone and in each
    other language for clients set to it; a failure here is logged, not fatal."""
    bot = application.bot
    for code in language.LANGUAGES:
        only = None if code == language.ENGLISH else code  # English: the default
        try:
            with language.use(code):
                menu = [BotCommand(name, _(about)) for name, about in texts.COMMANDS]
                await bot.set_my_commands(menu, language_code=only)
                await bot.set_my_description(_(texts.DESCRIPTION), language_code=only)
                await bot.set_my_short_description(_(texts.SHORT_DESCRIPTION), language_code=only)
        except TelegramError as exc:  # one language's failure leaves the others published
            log.warning("could not publish the %s command menu: %s", code, exc)


async def _post_shutdown(application: BotApplication) -> None:
    await application.bot_data.leader.release()
    await application.bot_data.services.engine.dispose()
