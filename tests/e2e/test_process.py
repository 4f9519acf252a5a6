"""``python -m bot run`` as a real process: SIGTERM stops it cleanly (exit 0) in both modes,
and what it had fetched but not handled is answered by the next start."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx

from .conftest import USER
from .standin import BotApiStandin

ROOT = Path(__file__).resolve().parents[2]
STOP_WITHIN = 30.0  # seconds: a bound, not a wait


def _env(api: BotApiStandin, tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "MPLCONFIGDIR": str(tmp_path / "mpl"),
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_URL": api.base_url,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


@asynccontextmanager
async def bot_process(env: dict[str, str], log: Path) -> AsyncIterator[asyncio.subprocess.Process]:
    with log.open("ab") as out:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=ROOT, env=env, stdout=out, stderr=out
        )
    try:
        yield proc
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


async def _sigterm(proc: asyncio.subprocess.Process) -> int:
    proc.send_signal(signal.SIGTERM)
    async with asyncio.timeout(STOP_WITHIN):
        return await proc.wait()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_polling_sigterm_exits_0_and_the_restart_answers_the_rest(
    api: BotApiStandin, tmp_path: Path
) -> None:
    users = [5000 + n for n in range(60)]
    for user in users:
        api.user(user)
    log = tmp_path / "bot.log"
    env = _env(api, tmp_path)
    async with bot_process(env, log) as first:
        api.send_text(USER, "/help")
        await api.next_message(USER, timeout=60)  # up and answering
        for user in users:
            api.send_text(user, "/help")
        await api.wait_for(lambda: not api.pending_updates, description="all fetched")
        assert await _sigterm(first) == 0
    async with bot_process(env, log) as second:
        await api.wait_for(
            lambda: {m.chat_id for m in api.all_messages()} >= set(users),
            timeout=60,
            description="every /help answered",
        )
        assert await _sigterm(second) == 0
    answers = [m.chat_id for m in api.all_messages() if m.chat_id in users]
    assert sorted(answers) == users  # each exactly once
    assert "Traceback" not in log.read_text()


async def test_webhook_sigterm_exits_0(api: BotApiStandin, tmp_path: Path) -> None:
    port = _free_port()
    secret = "process-test-secret"
    env = _env(
        api,
        tmp_path,
        BOT_MODE="webhook",
        WEBHOOK_URL=f"http://127.0.0.1:{port}",
        WEBHOOK_SECRET=secret,
        LISTEN_HOST="127.0.0.1",
        LISTEN_PORT=str(port),
    )
    log = tmp_path / "bot.log"
    async with bot_process(env, log) as proc, httpx.AsyncClient() as client:
        response = await client.post(
            f"{api.bot_api_url}{api.token}/setWebhook",
            data={"url": f"http://127.0.0.1:{port}/telegram", "secret_token": secret},
        )
        assert response.status_code == 200
        api.send_text(USER, "/help")  # delivered (and redelivered) until the bot listens
        await api.next_message(USER, timeout=60)
        assert await _sigterm(proc) == 0
    assert "Traceback" not in log.read_text()
