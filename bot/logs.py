"""Logging set-up: console or JSON lines, noisy libraries at WARNING, secrets redacted.

Message text from users is never logged at INFO; handlers log ids and outcomes only.
"""

from __future__ import annotations

import json
import logging
import logging.config
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, ClassVar

# A Telegram bot token looks like 123456789:AA... (35 chars after the colon).
_TOKEN_RE = re.compile(r"\d{5,}:[A-Za-z0-9_-]{30,}")
REDACTED = "[REDACTED]"


class _Redactor:
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self.secrets = [s for s in secrets if s]

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return _TOKEN_RE.sub(REDACTED, text)


class ConsoleFormatter(logging.Formatter):
    redact: ClassVar[_Redactor] = _Redactor()

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and exception text if any."""

    redact: ClassVar[_Redactor] = _Redactor()

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": self.redact(record.getMessage()),
        }
        if record.exc_info:
            payload["exc"] = self.redact(self.formatException(record.exc_info))
        # Redacted before encoding too: a secret with a quote or backslash is escaped in JSON.
        return self.redact(json.dumps(payload, ensure_ascii=False))


def setup_logging(level: str = "INFO", fmt: str = "console", secrets: Iterable[str] = ()) -> None:
    """Configure the root logger once; safe to call again (tests do)."""
    redactor = _Redactor(secrets)
    ConsoleFormatter.redact = redactor
    JsonFormatter.redact = redactor
    formatter = "json" if fmt == "json" else "console"
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {
                "console": {
                    "()": ConsoleFormatter,
                    "format": "%(asctime)s %(levelname)-7s %(name)s: %(message)s",
                },
                "json": {"()": JsonFormatter},
            },
            "handlers": {
                "default": {"class": "logging.StreamHandler", "formatter": formatter},
            },
            "root": {"level": level, "handlers": ["default"]},
            "loggers": {
                "httpx": {"level": "WARNING"},
                "httpcore": {"level": "WARNING"},
                "apscheduler": {"level": "WARNING"},
                "telegram.ext.Application": {"level": max_level(level, "INFO")},
                "aiosqlite": {"level": "WARNING"},
                "alembic": {"level": max_level(level, "WARNING")},
            },
        }
    )


def max_level(a: str, b: str) -> str:
    """The less verbose of two level names."""
    return a if logging.getLevelName(a) >= logging.getLevelName(b) else b
