"""Logging: the token never appears, at any level, in either format; JSON is one object a line."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from bot.config import load_settings
from bot.logs import setup_logging

TOKEN = "123456789:AAEsecretsecretsecretsecretsecret123"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    yield stream
    logging.getLogger().handlers.clear()


def _attach(stream: io.StringIO) -> None:
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(stream)


@pytest.mark.parametrize("fmt", ["console", "json"])
def test_token_never_logged(captured: io.StringIO, fmt: str) -> None:
    setup_logging("DEBUG", fmt, [TOKEN])
    _attach(captured)
    url = f"https://api.telegram.org/bot{TOKEN}/getUpdates"
    logging.getLogger("httpx").warning("HTTP Request: POST %s", url)
    logging.getLogger("bot.test").debug("calling %s", url)
    try:
        raise RuntimeError(f"failed {url}")
    except RuntimeError:
        logging.getLogger("bot.test").exception("boom")
    # A token we were not told about is still caught by its shape.
    logging.getLogger("bot.test").error("other 987654321:ZZZyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy")
    out = captured.getvalue()
    assert "getUpdates" in out
    assert TOKEN not in out
    assert "AAEsecret" not in out
    assert "ZZZyyyy" not in out
    assert "[REDACTED]" in out


def test_json_is_one_object_per_line(captured: io.StringIO) -> None:
    setup_logging("INFO", "json")
    _attach(captured)
    logging.getLogger("bot.x").info("hello %s", "world")
    logging.getLogger("bot.x").warning("second")
    lines = captured.getvalue().splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert first["message"] == "hello world"
    assert first["level"] == "INFO"
    assert first["logger"] == "bot.x"


def test_noisy_libraries_are_quiet() -> None:
    setup_logging("DEBUG", "console")
    assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING
    assert logging.getLogger("apscheduler").getEffectiveLevel() == logging.WARNING
    logging.getLogger().handlers.clear()


@pytest.mark.parametrize("fmt", ["console", "json"])
def test_webhook_secret_and_database_password_never_logged(
    captured: io.StringIO, fmt: str
) -> None:
    secret, password = "Wh-secret_0123456789abcdef", 'p@ss/w0rd:"x\\é'
    settings = load_settings(
        telegram_bot_token=TOKEN,
        webhook_secret=secret,
        database_url=f"postgresql+asyncpg://bot:{quote(password, safe='')}@db:5432/bot",
    )
    setup_logging("DEBUG", fmt, settings.secrets())
    _attach(captured)
    logging.getLogger("telegram.ext.ExtBot").debug(
        "Calling Bot API endpoint `setWebhook` with parameters `%s`", {"secret_token": secret}
    )
    logging.getLogger("bot.db").debug("connect %s", settings.database_url)
    logging.getLogger("bot.x").warning("password %s", password)
    out = captured.getvalue()
    if fmt == "json":  # what a log reader sees once the JSON escapes are undone
        out = "\n".join(json.loads(line)["message"] for line in out.splitlines())
    assert "setWebhook" in out
    assert "connect" in out
    for leak in (secret, password, quote(password, safe=""), TOKEN):
        assert leak not in out
