"""``python -m bot [run|migrate|set-webhook]``: check the configuration, migrate, run the bot."""

from __future__ import annotations

import asyncio
import logging
import sys
import time

from bot.config import TOKEN_HELP, ConfigError, Settings, load_settings
from bot.db import migrate
from bot.db.engine import create_engine
from bot.logs import setup_logging

log = logging.getLogger("bot")
COMMANDS = ("run", "migrate", "set-webhook")


def _fail(message: str) -> int:
    print(message, file=sys.stderr)  # noqa: T201 - the one place that talks to the terminal
    return 2


async def _migrate(settings: Settings) -> None:
    engine = create_engine(settings.database_url)
    try:
        await migrate.upgrade(engine)
    finally:
        await engine.dispose()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else "run"
    if command not in COMMANDS:
        return _fail(f"usage: python -m bot [{'|'.join(COMMANDS)}] (got {command!r})")
    try:
        settings = load_settings()
    except ConfigError as exc:
        return _fail(f"Configuration error: {exc}")
    token = settings.telegram_bot_token
    setup_logging(settings.log_level, settings.log_format, settings.secrets())

    if command == "migrate":
        asyncio.run(_migrate(settings))
        log.info("database is up to date")
        return 0
    if token is None:
        return _fail(TOKEN_HELP)
    webhook = settings.bot_mode == "webhook" or command == "set-webhook"
    if webhook and (settings.webhook_secret is None or settings.webhook_url is None):
        return _fail(
            "Configuration error: WEBHOOK_URL and WEBHOOK_SECRET must be set for webhook mode"
        )

    started = time.monotonic()
    from bot.tg.app import build, serve_polling  # after the cheap checks: a fast, clear failure
    from bot.tg.webhook import serve_webhook, set_webhook

    application = build(settings)
    if command == "set-webhook":
        asyncio.run(set_webhook(settings, application))
        log.info("webhook set")
        return 0

    asyncio.run(_migrate(settings))
    log.info("starting in %s mode (ready in %.2fs)", settings.bot_mode, time.monotonic() - started)
    if settings.bot_mode == "webhook":
        asyncio.run(serve_webhook(settings, application))
    else:
        asyncio.run(serve_polling(application))
    return 0


if __name__ == "__main__":
    sys.exit(main())
