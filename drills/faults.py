"""faults: the update path under faults - Telegram errors on getUpdates, a hung getUpdates,
and the database losing the inbox table for a few seconds - during a burst of /help.

Waves of /help from many users (polling mode, SQLite):

1. a first wave, answered normally;
2. getUpdates answers 502 three times, then 429 (retry after 2 s), then hangs for longer than
   the bot's read timeout - while a second wave waits at "Telegram";
3. the ``update_inbox`` table disappears for ``--outage`` seconds (renamed away, as a database
   failure would look to the bot) while a third wave arrives, then comes back.

Every /help must be answered exactly once: nothing is confirmed to Telegram that was not
stored, and what could not be claimed or finished is taken again by the recovery pass (pending
rows after 15 s, claimed rows after their 30 s lease: those few can be doubled).

    python -m drills faults [--wave 300] [--users 100] [--outage 3]
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import tempfile
import time
from collections import Counter
from pathlib import Path

from drills.common import (
    BotProcess,
    standin_errors,
    traceback_summaries,
    tracebacks,
    wait_until,
)
from tests.e2e.standin import BotApiStandin

FIRST_USER = 800_000
HANG = 20.0  # seconds: longer than the bot's getUpdates read timeout (long poll 10 s + 5 s)


def rename(path: Path, old: str, new: str) -> None:
    with sqlite3.connect(path, timeout=30) as conn:
        conn.execute(f"ALTER TABLE {old} RENAME TO {new}")


async def run(args: argparse.Namespace) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="drill-faults-") as tmp:
        workdir = Path(tmp)
        db = workdir / "faults.sqlite3"
        async with BotApiStandin() as api:
            users = [FIRST_USER + n for n in range(args.users)]
            for user in users:
                api.user(user)
            expected: Counter[int] = Counter()

            def wave() -> None:
                for n in range(args.wave):
                    user = users[n % len(users)]
                    api.send_text(user, "/help")
                    expected[user] += 1

            def answered() -> int:
                return sum(1 for c in api.calls if c.method == "sendMessage" and c.ok)

            def get_updates_errors() -> int:
                return sum(1 for c in api.calls if c.method == "getUpdates" and not c.ok)

            bot = BotProcess(api, f"sqlite+aiosqlite:///{db}", workdir, name="faults")
            started = time.monotonic()
            try:
                await bot.start()
                wave()
                if not await wait_until(lambda: answered() >= args.wave, timeout=120):
                    raise RuntimeError(f"wave 1 not answered:\n{bot.log_tail()}")
                api.fail_next("getUpdates", error_code=502, count=3)
                api.fail_next("getUpdates", error_code=429, retry_after=2)
                api.delay_next("getUpdates", HANG)
                wave()
                await wait_until(lambda: answered() >= 2 * args.wave, timeout=180)
                rename(db, "update_inbox", "update_inbox_away")
                outage_from = time.monotonic()
                wave()
                await asyncio.sleep(args.outage)  # a drill, not a test: the outage lasts
                rename(db, "update_inbox_away", "update_inbox")
                outage = time.monotonic() - outage_from
                await wait_until(
                    lambda: answered() >= 3 * args.wave,
                    timeout=args.timeout,
                    quiet=60.0,
                    progress=answered,
                )
                code, _, _ = await bot.terminate(15.0)
            finally:
                await bot.ensure_stopped()
            got: Counter[int] = Counter(m.chat_id for m in api.all_messages())
            log = bot.log_text()
            return {
                "updates": 3 * args.wave,
                "getUpdates errors seen": get_updates_errors(),
                "inbox outage s": round(outage, 1),
                "unanswered": sum(max(0, expected[u] - got[u]) for u in users),
                "doubled": sum(max(0, got[u] - expected[u]) for u in users),
                "warnings in log": log.count(" WARNING "),
                "errors in log": log.count(" ERROR "),
                "tracebacks in logs": tracebacks(log),
                "exit code on SIGTERM": code,
                "seconds": round(time.monotonic() - started, 1),
                "stand-in errors": standin_errors(api),
                "tracebacks": traceback_summaries(log),
            }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m drills faults")
    parser.add_argument("--wave", type=int, default=300)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--outage", type=float, default=3.0)
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args(argv)
    result = asyncio.run(run(args))
    print("faults")
    for key, value in result.items():
        print(f"  {key:26} {value}")
    return 0 if result["unanswered"] == 0 else 1
