"""Start-up and per-update cost of the real bot process.

``python -m bench startup``: runs ``python -m bot`` against the Bot API stand-in (from the
tests) on 127.0.0.1 with a fresh SQLite file, then again with 20,000 users already stored, and
prints: seconds until the bot polls for updates, the /start round trip, and the SQL statements
one triage tap costs (counted in-process). Start-up must not grow with the number of users.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event, insert

from bot.db import migrate
from bot.db import tables as t
from bot.db.engine import create_engine
from tests.e2e.standin import BotApiStandin

ROOT = Path(__file__).resolve().parents[1]


async def _fill(url: str, users: int) -> None:
    engine = create_engine(url)
    await migrate.upgrade(engine)
    now = datetime.now(UTC)
    rows = [
        {"id": 10_000 + i, "created_at": now, "last_active_at": now, "consent_at": now}
        for i in range(users)
    ]
    async with engine.begin() as conn:
        for i in range(0, len(rows), 5000):
            await conn.execute(insert(t.User), rows[i : i + 5000])
    await engine.dispose()


async def _run_once(users: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/bench.sqlite3"
        if users:
            await _fill(url, users)
        async with BotApiStandin() as api:
            api.user(1, "Bench")
            env = {
                **os.environ,
                "TELEGRAM_BOT_TOKEN": api.token,
                "TELEGRAM_API_URL": api.base_url,
                "DATABASE_URL": url,
                "LOG_LEVEL": "WARNING",
            }
            started = time.perf_counter()
            proc = subprocess.Popen(  # noqa: ASYNC220 - our own module, started once
                [sys.executable, "-m", "bot"], cwd=ROOT, env=env, stderr=subprocess.PIPE
            )
            try:
                # The first getUpdates is a long poll, recorded when it returns: the bot is
                # ready when its start-up calls are done (deleteWebhook comes right before it).
                await api.wait_call("deleteWebhook", timeout=60)
                ready = time.perf_counter() - started
                api.mark(1)
                sent = time.perf_counter()
                api.send_text(1, "/start")
                await api.next_message(1, timeout=30)
                round_trip = time.perf_counter() - sent
            finally:
                proc.terminate()
                proc.communicate(timeout=30)
    return ready, round_trip


async def _statements_per_tap() -> int:
    from tests.conftest import FakeClock
    from tests.e2e.conftest import start_bot

    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite+aiosqlite:///{tmp}/q.sqlite3")
        count = 0
        counting = False

        def counter(statement: str) -> None:
            nonlocal count
            if counting and not statement.startswith(("BEGIN", "COMMIT", "ROLLBACK")):
                count += 1

        # Counted by SQLite itself: statements run through SQLAlchemy and those run on the
        # driver directly (``bot.db.prepared``) alike; BEGIN and COMMIT are not counted.
        @event.listens_for(engine.sync_engine, "connect")
        def _trace(dbapi_connection: Any, _record: object) -> None:
            dbapi_connection.driver_connection._conn.set_trace_callback(counter)

        await migrate.upgrade(engine)

        async with BotApiStandin() as api:
            api.user(1001, "Ann")
            async with contextlib.aclosing(start_bot(api, engine, FakeClock())) as harnesses:
                async for h in harnesses:
                    await h.onboard()
                    await h.ask("/twitch")
                    counting = True
                    await h.tap("None of these")
                    counting = False
                    break
        await engine.dispose()
    return count


def main(argv: list[str]) -> int:
    del argv
    for users in (0, 20_000):
        ready, round_trip = asyncio.run(_run_once(users))
        print(
            f"users={users:>6}: ready (polling) after {ready:.2f} s; /start answered in "
            f"{round_trip * 1000:.0f} ms"
        )
    print(f"SQL statements for one triage tap: {asyncio.run(_statements_per_tap())}")
    return 0
