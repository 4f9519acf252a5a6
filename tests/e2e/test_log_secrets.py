"""No secret in the logs at any level: ``python -m bot set-webhook`` and ``python -m bot run``
at LOG_LEVEL=DEBUG against the stand-in, on PostgreSQL with a password in DATABASE_URL."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

import pytest
from sqlalchemy.engine import make_url

from .conftest import USER
from .standin import BotApiStandin

WEBHOOK_SECRET = "Wh-secret_0123456789abcdef"
DB_PASSWORD = "Db-pa55word_f00"


async def _bot(env: dict[str, str], *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )


@pytest.mark.postgres
async def test_no_secret_in_debug_logs(postgres_url: str) -> None:
    url = make_url(postgres_url).set(password=DB_PASSWORD).render_as_string(hide_password=False)
    async with BotApiStandin() as api:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_URL": api.base_url,
            "DATABASE_URL": url,
            "WEBHOOK_URL": "https://bot.example.invalid/hook",
            "WEBHOOK_SECRET": WEBHOOK_SECRET,
            "BOT_MODE": "polling",
            "LOG_LEVEL": "DEBUG",
            "LOG_FORMAT": "console",  # the JSON format: tests/test_logs.py
        }
        setting = await _bot(env, "set-webhook")
        set_log, _ = await setting.communicate()
        assert setting.returncode == 0, set_log.decode()
        assert api.webhook is not None
        assert api.webhook["secret_token"] == WEBHOOK_SECRET

        running = await _bot(env, "run")
        try:
            api.send_text(USER, "/help")  # the bot starts, migrates, polls, uses the database
            await api.next_message(USER, timeout=60)
        finally:
            running.send_signal(signal.SIGTERM)
            api.send_text(USER, "/help")  # ends the long poll at once instead of after 10 s
            run_log, _ = await running.communicate()
    output = (set_log + run_log).decode()
    assert "DEBUG" in output
    assert "setWebhook" in output  # PTB logs the call (and its parameters) at DEBUG
    for secret in (api.token, api.token.split(":")[1], WEBHOOK_SECRET, DB_PASSWORD):
        assert secret not in output
