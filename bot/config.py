"""Settings from environment variables (names as in ARCHITECTURE.md), read by pydantic-settings.

``load_settings()`` builds them on demand (never at import time) and turns a validation error into
a one-line ``ConfigError`` naming the variable, so start-up fails with a clear sentence.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import quote

from pydantic import AnyHttpUrl, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/kneebot.sqlite3"
DEFAULT_API_URL = "https://api.telegram.org"


class ConfigError(Exception):
    """A configuration problem, explained in one line for the person starting the bot."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", case_sensitive=False)

    telegram_bot_token: SecretStr | None = None
    database_url: str = DEFAULT_DATABASE_URL
    telegram_api_url: AnyHttpUrl = Field(default=AnyHttpUrl(DEFAULT_API_URL))
    bot_mode: Literal["polling", "webhook"] = "polling"
    webhook_url: AnyHttpUrl | None = None
    webhook_secret: SecretStr | None = None
    listen_host: str = "127.0.0.1"
    listen_port: int = Field(default=8080, ge=1, le=65535)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    log_format: Literal["console", "json"] = "console"
    # How often the reminder sweep runs, in seconds.
    sweep_interval: float = Field(default=5.0, gt=0, le=300)
    # Messages per second for the whole bot token (replies first, reminders take the rest).
    telegram_rate_limit: float = Field(default=30.0, ge=1, le=10_000)
    # Several instances on PostgreSQL: each instance's replies are capped at this many messages
    # per second and the sender instance takes the rest (0: one instance, no split).
    telegram_reply_share: float = Field(default=0.0, ge=0, le=10_000)

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("log_format", "bot_mode", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError(
                "must start with sqlite+aiosqlite:// or postgresql+asyncpg:// "
                f"(got a URL starting {value.split(':', 1)[0]!r})"
            )
        return value

    @field_validator("telegram_bot_token", mode="before")
    @classmethod
    def _blank_is_missing(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    def secrets(self) -> list[str]:
        """What the logs must never show: the token, the webhook secret and the database
        password (as given and as written in the URL)."""
        found = [
            secret.get_secret_value()
            for secret in (self.telegram_bot_token, self.webhook_secret)
            if secret is not None
        ]
        try:
            password = make_url(self.database_url).password
        except ArgumentError:
            password = None
        if password:
            found += [str(password), quote(str(password), safe="")]
        return [s for s in dict.fromkeys(found) if s]

    @property
    def api_base(self) -> str:
        """``TELEGRAM_API_URL`` without a trailing slash."""
        return str(self.telegram_api_url).rstrip("/")

    @property
    def bot_base_url(self) -> str:
        """Every Bot API call goes to ``{this}<token>/<method>``."""
        return f"{self.api_base}/bot"

    @property
    def file_base_url(self) -> str:
        """Every file download goes to ``{this}<token>/<file_path>``."""
        return f"{self.api_base}/file/bot"


def load_settings(**overrides: object) -> Settings:
    """Read the environment; raise ``ConfigError`` with one line naming the bad variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "configuration"
        message = first["msg"]
        raise ConfigError(f"{name}: {message}") from None


TOKEN_HELP = """\
This bot needs a Telegram bot token, and TELEGRAM_BOT_TOKEN is not set.

  1. In Telegram, open a chat with @BotFather and send /newbot.
  2. Follow the prompts; BotFather replies with a token like 123456789:AAE...
  3. Start the bot with it:

       TELEGRAM_BOT_TOKEN='123456789:AAE...' make run

     (or put TELEGRAM_BOT_TOKEN=... in your environment). Keep the token secret.
"""  # noqa: S105 - instructions, not a secret
