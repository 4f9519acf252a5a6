"""Configuration: defaults, a redirected Bot API, and one clear line for a bad value."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import DEFAULT_DATABASE_URL, ConfigError, load_settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(("TELEGRAM_", "DATABASE_", "BOT_", "WEBHOOK_", "LOG_", "LISTEN_")):
            monkeypatch.delenv(name)


def test_defaults_run_on_embedded_sqlite() -> None:
    settings = load_settings()
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.bot_mode == "polling"
    assert settings.telegram_bot_token is None
    assert settings.bot_base_url == "https://api.telegram.org/bot"


def test_api_url_redirects_calls_and_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_API_URL", "http://127.0.0.1:8081/")
    settings = load_settings()
    assert settings.bot_base_url == "http://127.0.0.1:8081/bot"
    assert settings.file_base_url == "http://127.0.0.1:8081/file/bot"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BOT_MODE", "carrier-pigeon"),
        ("TELEGRAM_API_URL", "not a url"),
        ("LOG_FORMAT", "xml"),
        ("LISTEN_PORT", "99999"),
        ("DATABASE_URL", "mysql://x"),
    ],
)
def test_bad_value_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as info:
        load_settings()
    message = str(info.value)
    assert message.startswith(f"{name}:")
    assert "\n" not in message


def test_token_is_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    token = "123456789:AAEexampleexampleexampleexample12345"
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", token)
    settings = load_settings()
    assert settings.telegram_bot_token is not None
    assert token not in repr(settings)
    assert settings.telegram_bot_token.get_secret_value() == token


def _run_bot(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_without_a_token_it_explains_and_exits_2(tmp_path: Path) -> None:
    result = _run_bot({"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/x.sqlite3"})
    assert result.returncode == 2
    assert "@BotFather" in result.stderr
    assert "TELEGRAM_BOT_TOKEN" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_mode_stops_startup_with_one_line() -> None:
    result = _run_bot({"BOT_MODE": "smoke-signals", "TELEGRAM_BOT_TOKEN": "1:x"})
    assert result.returncode == 2
    assert result.stderr.strip().startswith("Configuration error: BOT_MODE:")
    assert len(result.stderr.strip().splitlines()) == 1
