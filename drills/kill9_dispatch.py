"""kill9-dispatch: 10,000 due reminders; kill -9 the bot mid-dispatch; restart; count.

Each of ``--due`` users (awake, hydration on) has one hydration nudge due now. The bot sends
them through the stand-in at Telegram's pace; a few seconds in it is killed with SIGKILL,
then started again until every seeded reminder is finished. Figures: ``lost`` (a reminder
whose message never went out; target 0), ``doubled`` (a message sent twice) against ``in
flight`` (rows claimed at the kill: the most that can be doubled), and how long the restart
took to send the first of the killed instance's claimed rows.

    python -m drills kill9-dispatch [--due 10000] [--after 3] [--timeout 900]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

from bot.db import migrate, tables
from bot.db.engine import create_engine
from bot.db.reminders import REMINDERS
from drills.common import (
    BotProcess,
    awake_user,
    due_nudge,
    standin_errors,
    traceback_summaries,
    tracebacks,
    wait_until,
)
from tests.e2e.standin import BotApiStandin

FIRST_USER = 600_000
CHUNK = 2_000
FINAL = ("sent", "expired", "failed", "dead", "cancelled")


async def seed(url: str, due: int, now: datetime) -> None:
    engine = create_engine(url)
    try:
        await migrate.upgrade(engine)
        users = [awake_user(FIRST_USER + n, now) for n in range(due)]
        reminders = [
            due_nudge(
                FIRST_USER + n,
                "hydration",
                now - timedelta(seconds=n % 60),
                f"hyd:{FIRST_USER + n}:{now.date()}:drill",
                now,
            )
            for n in range(due)
        ]
        async with engine.begin() as conn:
            for start in range(0, due, CHUNK):
                await conn.execute(insert(tables.User), users[start : start + CHUNK])
                await conn.execute(insert(REMINDERS), reminders[start : start + CHUNK])
    finally:
        await engine.dispose()


async def statuses(url: str) -> Counter[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                select(REMINDERS.c.status, func.count())
                .where(REMINDERS.c.dedup_key.like("%:drill"))
                .group_by(REMINDERS.c.status)
            )
            return Counter({str(status): int(count) for status, count in rows.all()})
    finally:
        await engine.dispose()


async def run(args: argparse.Namespace) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="drill-kill9-") as tmp:
        workdir = Path(tmp)
        url = f"sqlite+aiosqlite:///{workdir / 'kill9.sqlite3'}"
        started = time.monotonic()
        await seed(url, args.due, datetime.now(UTC))
        seeded_in = time.monotonic() - started
        async with BotApiStandin() as api:
            for n in range(args.due):
                api.user(FIRST_USER + n)

            def sent() -> int:
                return sum(1 for c in api.calls if c.method == "sendMessage" and c.ok)

            bot = BotProcess(api, url, workdir, name="kill9", extra_env={"SWEEP_INTERVAL": "1"})
            try:
                await bot.start()
                if not await wait_until(lambda: sent() > 0, timeout=90):
                    raise RuntimeError(f"nothing was sent:\n{bot.log_tail()}")
                await asyncio.sleep(args.after)  # a drill, not a test: dispatch is under way
                await bot.kill()
                killed_at = time.monotonic()
                sent_at_kill = sent()
                at_kill = await statuses(url)
                await bot.start()
                before_restart = sent()
                done = False
                deadline = time.monotonic() + args.timeout
                while time.monotonic() < deadline:
                    counts = await statuses(url)
                    if sum(counts[s] for s in FINAL) >= args.due:
                        done = True
                        break
                    await asyncio.sleep(1.0)
                finished = time.monotonic() - killed_at
                first_after = next(
                    (c.at for c in api.calls[before_restart:] if c.method == "sendMessage"), None
                )
                await bot.terminate(15.0)
            finally:
                await bot.ensure_stopped()
            got: Counter[int] = Counter(m.chat_id for m in api.all_messages())
            final = await statuses(url)
            users = [FIRST_USER + n for n in range(args.due)]
            return {
                "due reminders": args.due,
                "seeded in s": round(seeded_in, 1),
                "sent before the kill": sent_at_kill,
                "in flight (claimed at kill)": at_kill["claimed"],
                "all finished": done,
                "seconds from kill to all sent": round(finished, 1),
                "first send after restart at s": None
                if first_after is None
                else round(first_after, 1),
                "final statuses": dict(final),
                "lost": sum(1 for u in users if got[u] == 0),
                "doubled": sum(max(0, got[u] - 1) for u in users),
                "tracebacks in logs": tracebacks(bot.log_text()),
                "stand-in errors": standin_errors(api),
                "tracebacks": traceback_summaries(bot.log_text()),
            }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m drills kill9-dispatch")
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument(
        "--after", type=float, default=3.0, help="seconds after the first send before kill -9"
    )
    parser.add_argument("--timeout", type=float, default=900.0)
    args = parser.parse_args(argv)
    result = asyncio.run(run(args))
    print("kill9-dispatch")
    for key, value in result.items():
        print(f"  {key:32} {value}")
    return 0 if result["lost"] == 0 else 1
