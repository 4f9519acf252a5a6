"""The bot with many users: start-up, memory, an idle sweep and a busy sweep's claim, by size.

    .venv/bin/python -m bench scale [--sqlite 10000,100000] [--postgres 10000,100000,1000000]

For each size N: a fresh database (a SQLite file; a throwaway PostgreSQL database on
TEST_POSTGRES_URL / BENCH_POSTGRES_URL, or on tests/pg.py's own throwaway cluster) with N users
(reminders on) and one open reminder each, generated in SQL (``INSERT ... SELECT``), all due in
the future. Then:

- start-up: ``python -m bot`` against the Bot API stand-in, seconds until it polls, and its
  resident memory (RSS) after two sweeps;
- idle sweep: ``Sweeper.tick()`` with nothing due (median of 20), in this process;
- busy sweep claim: N/10 rows made due, then one claim of a batch (50 rows) among them
  (``claim_due``, BEGIN to COMMIT; median of 5, released in between).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.sweep import _postgres_database
from bench.throughput import rss_mb, stop
from bot.db import migrate
from bot.db import reminders as claims
from bot.db.engine import create_engine, create_sessionmaker
from bot.db.uow import units_of_work
from bot.scheduling.ports import Delivery, Outcome
from bot.scheduling.sweep import Sweeper
from tests.e2e.standin import BotApiStandin
from tests.pg import postgres_server

ROOT = Path(__file__).resolve().parents[1]
LEASE = timedelta(minutes=2)
BATCH = 50


class _Clock:
    def __init__(self, now: datetime) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current


class _Nobody:
    async def deliver(self, reminder: object, *, late: bool) -> Delivery:  # noqa: ARG002
        return Delivery(Outcome.SENT)


def _ts(value: datetime, dialect: str) -> str | datetime:
    """A timestamp parameter as the UTCDateTime column stores it (SQLite: naive UTC text)."""
    if dialect == "sqlite":
        naive = value.astimezone(UTC).replace(tzinfo=None)
        return naive.isoformat(sep=" ", timespec="microseconds")
    return value


async def fill(engine: AsyncEngine, users: int, now: datetime) -> float:
    """N users and N future reminders, in SQL; returns the seconds it took."""
    started = time.perf_counter()
    dialect = engine.dialect.name
    stamp = _ts(now, dialect)
    if dialect == "postgresql":
        series = "SELECT g FROM generate_series(1, :n) AS g"
        due = "(CAST(:now AS timestamptz) + make_interval(secs => 60 + (g % 604800)))"
        true, payload = "true", "'{}'::json"
    else:
        series = (
            "WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < :n) "
            "SELECT g FROM s"
        )
        due = (
            "(strftime('%Y-%m-%d %H:%M:%S', :now, '+' || (60 + g % 604800) || ' seconds')"
            " || '.000000')"
        )
        true, payload = "1", "'{}'"
    async with engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO users (id, created_at, last_active_at, consent_at, country, "  # noqa: S608
                f"timezone, wake_start, wake_end, hydration_on) SELECT g, :now, :now, :now, "
                f"'GB', 'UTC', 0, 0, {true} FROM ({series}) AS numbers"
            ),
            {"n": users, "now": stamp},
        )
        await conn.execute(
            text(
                "INSERT INTO reminders (user_id, kind, due_at, status, attempts, dedup_key, "  # noqa: S608
                f"payload, created_at) SELECT g, 'hydration', {due}, 'pending', 0, "
                f"'hyd:' || g || ':bench:0', {payload}, :now FROM ({series}) AS numbers"
            ),
            {"n": users, "now": stamp},
        )
        await conn.execute(text("ANALYZE"))
    return time.perf_counter() - started


async def start_up(url: str) -> tuple[float, float]:
    """Seconds until ``python -m bot`` polls, and its RSS (MB) after two sweeps."""
    async with BotApiStandin() as api:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_URL": api.base_url,
            "DATABASE_URL": url,
            "SWEEP_INTERVAL": "1",
        }
        started = time.perf_counter()
        proc = subprocess.Popen(  # noqa: ASYNC220 - the bot under test, stopped by its id
            [sys.executable, "-m", "bot"], cwd=ROOT, env=env, stderr=subprocess.DEVNULL
        )
        try:
            await api.wait_call("deleteWebhook", timeout=120)
            ready = time.perf_counter() - started
            after = len(api.calls)
            # two sweeps later (one a second): the first getUpdates long polls meanwhile
            await asyncio.sleep(2.5)
            del after
            rss = rss_mb(proc.pid)
        finally:
            await stop(proc)
    return ready, rss


async def sweeps(engine: AsyncEngine, users: int, now: datetime) -> tuple[float, float]:
    """(idle tick, busy claim of one batch), in seconds, medians."""
    sweeper = Sweeper(
        units_of_work(create_sessionmaker(engine)),
        _Nobody(),
        clock=_Clock(now),
        worker_id="bench",
        batch=BATCH,
    )
    idle = []
    for _ in range(20):
        started = time.perf_counter()
        report = await sweeper.tick()
        idle.append(time.perf_counter() - started)
        assert report.claimed == 0
    due = max(BATCH, users // 10)
    stamp = _ts(now - timedelta(minutes=1), engine.dialect.name)
    async with engine.begin() as conn:
        await conn.execute(
            text("UPDATE reminders SET due_at = :due WHERE user_id <= :d"),
            {"due": stamp, "d": due},
        )
        await conn.execute(text("ANALYZE"))
    busy = []
    for _ in range(5):
        async with engine.begin() as conn:
            started = time.perf_counter()
            rows = await claims.claim_due(
                conn, now=now, worker_id="bench", lease=LEASE, limit=BATCH
            )
        busy.append(time.perf_counter() - started)
        assert len(rows) == BATCH, len(rows)
        async with engine.begin() as conn:
            await claims.release(conn, [r.id for r in rows], worker_id="bench")
    return statistics.median(idle), statistics.median(busy)


async def measure(url: str, users: int, label: str) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    engine = create_engine(url)
    try:
        await migrate.upgrade(engine)
        filled = await fill(engine, users, now)
    finally:
        await engine.dispose()
    ready, rss = await start_up(url)
    engine = create_engine(url)
    try:
        idle, busy = await sweeps(engine, users, now)
    finally:
        await engine.dispose()
    print(
        f"{label:10} {users:>9,} users: generated in {filled:5.1f} s | start-up {ready:4.2f} s, "
        f"RSS {rss:4.0f} MB | idle sweep {idle * 1000:5.2f} ms | claim 50 of "
        f"{max(BATCH, users // 10):,} due {busy * 1000:5.2f} ms",
        flush=True,
    )


@contextlib.contextmanager
def _server() -> Iterator[str | None]:
    given = os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("TEST_POSTGRES_URL")
    if given:
        yield given
        return
    with postgres_server() as url:
        yield url


@contextlib.asynccontextmanager
async def _pg(server: str) -> AsyncIterator[str]:
    async with _postgres_database(server) as url:
        yield url


async def run(sqlite_sizes: list[int], pg_sizes: list[int]) -> None:
    for users in sqlite_sizes:
        with tempfile.TemporaryDirectory(prefix="bench-scale-") as folder:
            await measure(f"sqlite+aiosqlite:///{folder}/scale.sqlite3", users, "SQLite")
    if not pg_sizes:
        return
    with _server() as server:
        if server is None:
            print("PostgreSQL: not available (set TEST_POSTGRES_URL or install PostgreSQL)")
            return
        for users in pg_sizes:
            async with _pg(server) as url:
                await measure(url, users, "PostgreSQL")


def _sizes(value: str) -> list[int]:
    return [int(v) for v in value.split(",") if v.strip()]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench scale", description=__doc__)
    parser.add_argument("--sqlite", type=_sizes, default=[10_000, 100_000])
    parser.add_argument("--postgres", type=_sizes, default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args(argv)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    asyncio.run(run(args.sqlite, args.postgres))
    return 0
