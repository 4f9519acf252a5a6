"""Reminders at Telegram's cap: 10,000 due in the same minute, with people using the bot meanwhile.

    .venv/bin/python -m bench dispatch [--due 10000] [--rate 30] [--probes 2.0]

1. End to end: ``python -m bot`` (its own process, default settings, a fresh SQLite file)
   against the Bot API stand-in with flood control on (at most ``--rate`` sends and edits in any
   second, a 429 for the next). ``--due`` users each have a hydration nudge due within the last
   minute. Meanwhile other users send ``/help`` (``--probes`` a second) and the time to each
   reply is recorded. Printed: how long the reminders took, the sustained send rate (all sends,
   reminders plus replies, between the first and the last reminder), the 429s provoked, and
   the replies' latency (median, p95, max).
2. The sweep's own CPU per reminder, in this process on a fresh file with the same rows: the
   ``Sweeper`` with a deliverer that sends nothing, (a) the engine alone (claim, record, commit)
   and (b) with the real follow-ups (the next nudge planned in the same transaction); and (c)
   the deliverer's check before a send (``ReminderService.prepare``).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from bench.throughput import cpu_seconds, stop
from bot.db import migrate, tables
from bot.db.engine import create_engine, create_sessionmaker
from bot.db.reminders import REMINDERS, ClaimedReminder
from bot.db.uow import units_of_work
from bot.devtools.standin import FLOOD_METHODS, BotApiStandin
from bot.domain.model import ReminderKind
from bot.scheduling.ports import Delivery, Outcome
from bot.scheduling.sweep import Sweeper
from bot.services import Services
from bot.services.reminders import ReminderFollowUps

ROOT = Path(__file__).resolve().parents[1]
FIRST_USER = 1_000_000
CHUNK = 5_000


async def fill(url: str, due: int, now: datetime) -> None:
    """``due`` users, awake all day in UTC with hydration on, each with one nudge due in the
    last minute."""
    engine = create_engine(url)
    await migrate.upgrade(engine)
    rng = random.Random(11)
    users = [
        {
            "id": FIRST_USER + i,
            "created_at": now,
            "last_active_at": now,
            "consent_at": now,
            "country": "GB",
            "timezone": "UTC",
            "wake_start": 0,
            "wake_end": 0,  # awake all day: the bench is not about waking hours
            "hydration_on": True,
        }
        for i in range(due)
    ]
    day = now.date().isoformat()
    reminders = [
        {
            "user_id": FIRST_USER + i,
            "kind": ReminderKind.HYDRATION.value,
            "due_at": now - timedelta(seconds=rng.uniform(0, 60)),
            "status": "pending",
            "attempts": 0,
            "dedup_key": f"hyd:{FIRST_USER + i}:{day}:0",
            "payload": {},
            "created_at": now,
        }
        for i in range(due)
    ]
    async with engine.begin() as conn:
        for start in range(0, due, CHUNK):
            await conn.execute(insert(tables.User), users[start : start + CHUNK])
            await conn.execute(insert(REMINDERS), reminders[start : start + CHUNK])
    await engine.dispose()


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


async def end_to_end(due: int, rate: int, probes_per_s: float) -> None:
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="bench-dispatch-") as folder:
        url = f"sqlite+aiosqlite:///{folder}/bot.sqlite3"
        await fill(url, due, now)
        async with BotApiStandin(flood_limit=rate) as api:
            for i in range(due):
                api.user(FIRST_USER + i, "R")
            probe_users = list(range(10, 60))
            for user in probe_users:
                api.user(user, "P")
            env = {
                **os.environ,
                "TELEGRAM_BOT_TOKEN": api.token,
                "TELEGRAM_API_URL": api.base_url,
                "DATABASE_URL": url,
                "TELEGRAM_RATE_LIMIT": str(rate),
            }
            started = time.perf_counter()
            proc = subprocess.Popen(  # noqa: ASYNC220 - the bot under test, stopped by its id
                [sys.executable, "-m", "bot"], cwd=ROOT, env=env, stderr=subprocess.DEVNULL
            )
            latencies: list[float] = []
            done = asyncio.Event()

            seen = [0]  # calls looked at

            chats: set[int] = set()

            def reminders_sent() -> int:
                calls = api.calls
                for c in calls[seen[0] :]:
                    chat = c.params.get("chat_id")
                    ok = c.ok and c.method == "sendMessage" and isinstance(chat, int)
                    if ok and chat >= FIRST_USER:
                        chats.add(chat)
                seen[0] = len(calls)
                return len(chats)

            async def probe(user: int) -> None:
                api.mark(user)
                sent = time.perf_counter()
                api.send_text(user, "/help")
                await api.next_message(user, timeout=60)
                latencies.append(time.perf_counter() - sent)

            async def probing() -> None:
                tasks = []
                n = 0
                while not done.is_set():
                    tasks.append(asyncio.create_task(probe(probe_users[n % len(probe_users)])))
                    n += 1
                    await asyncio.sleep(1 / probes_per_s)
                await asyncio.gather(*tasks)

            try:
                await api.wait_call("getUpdates", timeout=60)
                cpu_start = cpu_seconds(proc.pid)
                prober = asyncio.create_task(probing())
                await api.wait_for(
                    lambda: reminders_sent() >= due,
                    timeout=due / rate * 3 + 120,
                    description=f"{due} reminders sent",
                )
                cpu = cpu_seconds(proc.pid) - cpu_start
                done.set()
                await prober
            finally:
                await stop(proc)
            elapsed = time.perf_counter() - started
        # The first send to each reminder user (a next nudge planned a few minutes on can fall
        # due before the end and is not one of the 10,000).
        reached: set[int] = set()
        reminder_calls = []
        for c in api.calls:
            chat = c.params.get("chat_id")
            ok = c.ok and c.method == "sendMessage" and isinstance(chat, int)
            if ok and chat >= FIRST_USER and chat not in reached:
                reached.add(chat)
                reminder_calls.append(c)
        first, last = reminder_calls[0].at, reminder_calls[-1].at
        sends = [c for c in api.calls if c.ok and c.method in FLOOD_METHODS]
        in_window = [c for c in sends if first <= c.at <= last]
        replies = len(in_window) - len(reminder_calls)
        print(
            f"end to end: {due:,} reminders due, stand-in flood control {rate}/s, "
            f"bot process started {elapsed:.0f} s before the end"
        )
        print(
            f"  reminders sent: {len(reminder_calls):,} in {last - first:.1f} s "
            f"(first one {first:.1f} s after the stand-in started)"
        )
        print(
            f"  sustained sends: {len(in_window) / (last - first):.2f} msg/s total "
            f"({len(reminder_calls) / (last - first):.2f} reminders + "
            f"{replies / (last - first):.2f} replies)"
        )
        gaps = sorted(b.at - a.at for a, b in itertools.pairwise(in_window))
        print(
            f"  gaps between sends: median {statistics.median(gaps) * 1000:.0f} ms, "
            f"{sum(g > 0.1 for g in gaps)} over 100 ms, longest "
            f"{', '.join(f'{g * 1000:.0f}' for g in gaps[-3:])} ms"
        )
        print(f"  429s provoked: {api.flood_refusals}")
        print(
            f"  bot process CPU: {cpu:.1f} s, {cpu / len(reminder_calls) * 1000:.1f} ms per "
            f"reminder (the replies' share included); load average now "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        print(
            f"  interactive /help while sending ({len(latencies)} replies): median "
            f"{statistics.median(latencies) * 1000:.0f} ms, p95 {_pct(latencies, 0.95) * 1000:.0f}"
            f" ms, max {max(latencies) * 1000:.0f} ms"
        )


class NullDeliverer:
    async def deliver(self, reminder: ClaimedReminder, *, late: bool) -> Delivery:  # noqa: ARG002
        return Delivery(Outcome.SENT, message_id=reminder.id)


class FixedClock:
    def __init__(self, now: datetime) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current


async def sweep_cpu(due: int) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    print(f"sweep CPU per reminder ({due:,} due, SQLite file, this process, batch 50):")
    for label, follow_ups in (
        ("engine alone (claim, record sent, commit)", None),
        ("with the real follow-ups (next nudge planned)", ReminderFollowUps()),
    ):
        with tempfile.TemporaryDirectory(prefix="bench-dispatch-cpu-") as folder:
            url = f"sqlite+aiosqlite:///{folder}/cpu.sqlite3"
            await fill(url, due, now)
            engine = create_engine(url)
            sweeper = Sweeper(
                units_of_work(create_sessionmaker(engine)),
                NullDeliverer(),
                clock=FixedClock(now),
                worker_id="bench",
                follow_ups=follow_ups,
            )
            cpu, wall = time.process_time(), time.perf_counter()
            sent = 0
            while (report := await sweeper.tick()).claimed:
                sent += report.sent
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            assert sent == due, (sent, due)
            print(f"  {label}: {cpu / due * 1000:.3f} ms CPU ({due / wall:,.0f} rows/s)")
            if follow_ups is None:
                services = Services(engine, clock=FixedClock(now))
                rows: list[Any] = []
                async with engine.connect() as conn:
                    rows = list((await conn.execute(REMINDERS.select().limit(2000))).mappings())
                claimed = [
                    ClaimedReminder(
                        id=r["id"],
                        user_id=r["user_id"],
                        episode_id=None,
                        kind=ReminderKind(r["kind"]),
                        due_at=r["due_at"],
                        attempts=1,
                        dedup_key=r["dedup_key"],
                        payload={},
                    )
                    for r in rows
                ]
                cpu = time.process_time()
                for row in claimed:
                    await services.reminders.prepare(row)
                cpu = time.process_time() - cpu
                print(
                    f"  the deliverer's check before each send (prepare, not the sweep): "
                    f"{cpu / len(claimed) * 1000:.3f} ms CPU"
                )
            await engine.dispose()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench dispatch", description=__doc__)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--rate", type=int, default=30)
    parser.add_argument("--probes", type=float, default=2.0, help="/help per second")
    parser.add_argument("--skip-e2e", action="store_true")
    parser.add_argument("--skip-cpu", action="store_true")
    args = parser.parse_args(argv)
    if not args.skip_cpu:
        asyncio.run(sweep_cpu(min(args.due, 5_000)))
    if not args.skip_e2e:
        asyncio.run(end_to_end(args.due, args.rate, args.probes))
    return 0
