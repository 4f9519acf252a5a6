"""``python -m bot [run|migrate]``: check the configuration, migrate, then run the bot."""

from __future__ import annotations

import asyncio
import logging
import sys
import time

from telegram import Update

from bot.config import TOKEN_HELP, ConfigError, Settings, load_settings
from bot.db import migrate
from bot.db.engine import create_engine
from bot.logs import setup_logging

log = logging.getLogger("bot")


async def _migrate(settings: Settings) -> None:
    engine = create_engine(settings.database_url)
    try:
        await migrate.upgrade(engine)
    finally:
        await engine.dispose()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else "run"
    if command not in {"run", "migrate"}:
        print(f"usage: python -m bot [run|migrate] (got {command!r})", file=sys.stderr)  # noqa: T201
        return 2
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)  # noqa: T201
        return 2
    secrets = (
        [settings.telegram_bot_token.get_secret_value()] if settings.telegram_bot_token else []
    )
    setup_logging(settings.log_level, settings.log_format, secrets)

    if command == "migrate":
        asyncio.run(_migrate(settings))
        log.info("database is up to date")
        return 0
    if settings.telegram_bot_token is None:
        print(TOKEN_HELP, file=sys.stderr)  # noqa: T201
        return 2
    if settings.bot_mode == "webhook":
        print(  # noqa: T201
            "Configuration error: BOT_MODE: webhook mode is not available yet; use polling",
            file=sys.stderr,
        )
        return 2

    started = time.monotonic()
    asyncio.run(_migrate(settings))

    from bot.services import Services
    from bot.tg.app import build_application

    services = Services(create_engine(settings.database_url))
    application = build_application(settings, services)
    log.info("starting in polling mode (ready in %.2fs)", time.monotonic() - started)
    application.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
