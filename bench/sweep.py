"""The reminder table + sweep at scale: bulk insert, claiming the due rows, an idle tick.

    .venv/bin/python -m bench sweep [--users 100000] [--due 1000]

SQLite always (a fresh file in a temporary folder); PostgreSQL too when ``BENCH_POSTGRES_URL``
or ``TEST_POSTGRES_URL`` names a server (a throwaway database is created on it and dropped).
Each user gets one open reminder; ``--due`` of them are due now, the rest over the next week.
Printed: insert rate, the time to claim the due rows (one statement), a tick that finds
nothing due, and the sweep's own per-row cost with a deliverer that does nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import migrate, tables
from bot.db import reminders as claims
from bot.db.engine import create_engine, create_sessionmaker
from bot.db.reminders import REMINDERS, ClaimedReminder
from bot.db.uow import units_of_work
from bot.domain.model import ReminderKind
from bot.scheduling.ports import Delivery, Outcome
from bot.scheduling.sweep import Sweeper

CHUNK = 10_000
LEASE = timedelta(minutes=2)
KINDS = [ReminderKind.HYDRATION, ReminderKind.STRETCH, ReminderKind.CHECKIN]


class FixedClock:
    def __init__(self, now: datetime) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current


class NullDeliverer:
    """Sends nothing: measures the sweep's own cost (claim, one commit per row)."""

    async def deliver(self, reminder: ClaimedReminder, *, late: bool) -> Delivery:  # noqa: ARG002
        return Delivery(Outcome.SENT, message_id=reminder.id)


async def _timed(work: Callable[[], Awaitable[Any]]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = await work()
    return time.perf_counter() - start, result


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


async def _fill(engine: AsyncEngine, users: int, due: int, now: datetime) -> None:
    rng = random.Random(7)
    user_rows = [{"id": i, "created_at": now, "last_active_at": now} for i in range(1, users + 1)]
    due_users = set(rng.sample(range(1, users + 1), due))
    reminder_rows = []
    for user_id in range(1, users + 1):
        if user_id in due_users:
            due_at = now - timedelta(seconds=rng.randint(0, 600))
        else:
            due_at = now + timedelta(seconds=rng.randint(60, 7 * 86_400))
        reminder_rows.append(
            {
                "user_id": user_id,
                "episode_id": None,
                "kind": KINDS[user_id % len(KINDS)].value,
                "due_at": due_at,
                "status": "pending",
                "attempts": 0,
                "dedup_key": f"bench:{user_id}:1",
                "payload": {"slot": 1},
                "created_at": now,
            }
        )

    async def bulk(table: Any, rows: list[dict[str, Any]]) -> None:
        async with engine.begin() as conn:
            for start in range(0, len(rows), CHUNK):
                await conn.execute(insert(table), rows[start : start + CHUNK])

    users_s, _ = await _timed(lambda: bulk(tables.User.__table__, user_rows))
    rem_s, _ = await _timed(lambda: bulk(REMINDERS, reminder_rows))
    print(f"  insert {users:,} users:     {users_s:6.2f} s  {users / users_s:10,.0f} rows/s")
    print(f"  insert {users:,} reminders: {rem_s:6.2f} s  {users / rem_s:10,.0f} rows/s")
    async with engine.begin() as conn:
        await conn.execute(text("ANALYZE"))


async def _bench(engine: AsyncEngine, users: int, due: int) -> None:
    await migrate.upgrade(engine)
    now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    await _fill(engine, users, due, now)

    statement_times: list[float] = []

    async def claim() -> list[ClaimedReminder]:
        async with engine.begin() as conn:
            start = time.perf_counter()
            rows = await claims.claim_due(conn, now=now, worker_id="bench", lease=LEASE, limit=due)
            statement_times.append(time.perf_counter() - start)
        return rows

    async def release(rows: list[ClaimedReminder]) -> None:
        async with engine.begin() as conn:
            await claims.release(conn, [r.id for r in rows], worker_id="bench")

    claim_times = []
    for _ in range(5):
        seconds, rows = await _timed(claim)
        assert len(rows) == due, (len(rows), due)
        claim_times.append(seconds)
        await release(rows)
    print(
        f"  claim {due:,} due of {users:,}:  first {_ms(claim_times[0])}, "
        f"median of 5 {_ms(statistics.median(claim_times))}\n"
        f"    (UPDATE ... RETURNING + building the rows {_ms(statistics.median(statement_times))},"
        " the rest is BEGIN + COMMIT)"
    )

    sweeper = Sweeper(
        units_of_work(create_sessionmaker(engine)),
        NullDeliverer(),
        clock=FixedClock(now),
        worker_id="bench",
        batch=50,
    )
    swept = 0
    start = time.perf_counter()
    while (report := await sweeper.tick()).claimed:
        swept += report.sent
    sweep_s = time.perf_counter() - start
    assert swept == due, (swept, due)
    print(
        f"  sweep {due:,} due, no-op deliverer, batch 50: {sweep_s:.2f} s "
        f"({swept / sweep_s:,.0f} rows/s; one commit per row)"
    )

    idle = []
    for _ in range(20):
        seconds, report = await _timed(sweeper.tick)
        assert report.claimed == 0
        idle.append(seconds)
    print(
        f"  tick with nothing due:    median of 20 {_ms(statistics.median(idle))}, "
        f"max {_ms(max(idle))}"
    )


@asynccontextmanager
async def _postgres_database(server_url: str) -> AsyncIterator[str]:
    admin = make_url(server_url).set(drivername="postgresql+asyncpg")
    dsn = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"bench_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        conn = await asyncpg.connect(dsn)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()


async def _run(users: int, due: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-sweep-") as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}"
        print(f"SQLite (file, WAL), {users:,} users, {due:,} due")
        engine = create_engine(url)
        try:
            await _bench(engine, users, due)
        finally:
            await engine.dispose()

    server = os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("TEST_POSTGRES_URL")
    if not server:
        print("PostgreSQL: skipped (set BENCH_POSTGRES_URL or TEST_POSTGRES_URL)")
        return
    async with _postgres_database(server) as url:
        print(f"PostgreSQL, {users:,} users, {due:,} due")
        engine = create_engine(url)
        try:
            await _bench(engine, users, due)
        finally:
            await engine.dispose()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench sweep", description=__doc__)
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1_000)
    args = parser.parse_args(argv)
    if not 0 < args.due <= args.users:
        parser.error("need 0 < --due <= --users")
    started = time.perf_counter()
    asyncio.run(_run(args.users, args.due))
    print(f"total {time.perf_counter() - started:.1f} s")
    return 0
