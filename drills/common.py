"""What every drill needs: the stand-in in this process, the bot as a subprocess, counting."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tests.e2e.standin import BotApiStandin

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class BotProcess:
    """``python -m bot run`` pointed at the stand-in; stopped by its pid, never by name."""

    api: BotApiStandin
    database_url: str
    workdir: Path
    name: str = "bot"
    extra_env: dict[str, str] = field(default_factory=dict)
    proc: asyncio.subprocess.Process | None = None
    runs: int = 0
    exit_codes: list[int | None] = field(default_factory=list)

    async def start(self) -> None:
        self.runs += 1
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/tmp"),
            "TELEGRAM_BOT_TOKEN": self.api.token,
            "TELEGRAM_API_URL": self.api.base_url,
            "DATABASE_URL": self.database_url,
            "LOG_LEVEL": "WARNING",
            "MPLCONFIGDIR": str(self.workdir / "mpl"),
            **self.extra_env,
        }
        log = (self.workdir / f"{self.name}-{self.runs}.log").open("wb")
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
        )
        log.close()

    @property
    def pid(self) -> int:
        assert self.proc is not None, "not started"
        return self.proc.pid

    async def terminate(self, grace: float) -> tuple[int | None, float, bool]:
        """SIGTERM, wait up to ``grace`` s, then SIGKILL: (exit code, seconds, killed)."""
        assert self.proc is not None
        started = time.monotonic()
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)
        killed = False
        try:
            async with asyncio.timeout(grace):
                await self.proc.wait()
        except TimeoutError:
            killed = True
            await self.kill()
        code = self.proc.returncode
        self.exit_codes.append(code)
        return code, time.monotonic() - started, killed

    async def kill(self) -> None:
        """kill -9 by pid and reap."""
        assert self.proc is not None
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        await self.proc.wait()

    async def ensure_stopped(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            await self.kill()

    def log_tail(self, lines: int = 20) -> str:
        path = self.workdir / f"{self.name}-{self.runs}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def log_text(self) -> str:
        return "\n".join(
            (self.workdir / f"{self.name}-{n}.log").read_text(errors="replace")
            for n in range(1, self.runs + 1)
            if (self.workdir / f"{self.name}-{n}.log").exists()
        )


async def wait_until(
    check: Callable[[], bool],
    *,
    timeout: float,
    quiet: float | None = None,
    progress: Callable[[], int] | None = None,
) -> bool:
    """Wait until ``check()`` (True), or ``timeout`` s, or - with ``quiet`` - ``progress()``
    has not moved for ``quiet`` s (False). Polls every 50 ms: the bot is another process."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    last = progress() if progress else 0
    last_move = loop.time()
    while not check():
        now = loop.time()
        if now > deadline:
            return False
        if progress is not None and quiet is not None:
            value = progress()
            if value != last:
                last, last_move = value, now
            elif now - last_move > quiet:
                return False
        await asyncio.sleep(0.05)
    return True


def tracebacks(text: str) -> int:
    return text.count("Traceback (most recent call last)")


def traceback_summaries(text: str, limit: int = 3) -> list[str]:
    """The logged line before each traceback and the exception line after it."""
    lines = text.splitlines()
    found = []
    for n, line in enumerate(lines):
        if line.startswith("Traceback (most recent call last)"):
            end = n + 1
            while end < len(lines) and (lines[end].startswith(" ") or not lines[end].strip()):
                end += 1
            before = lines[n - 1] if n else ""
            after = lines[end] if end < len(lines) else ""
            found.append(f"{before[:120]} | {after[:160]}")
    return found[:limit]


def standin_errors(api: BotApiStandin) -> list[str]:
    """The stand-in's own crashes (reported, then cleared so the drill can finish)."""
    found = [f"{type(exc).__name__}: {exc}" for exc in api.internal_errors]
    api.internal_errors.clear()
    return found


OPEN = ("pending", "claimed")


async def consistency(url: str) -> dict[str, object]:
    """The database checks of issue 10 after a drill: foreign keys (SQLite: foreign_key_check;
    PostgreSQL enforces them itself), every open episode of a user who has not blocked the bot
    has its next check-in or follow-up pending, and no user has two pending rows of one nudge
    chain (snoozed copies aside) or two open rows for one slot."""
    from sqlalchemy import select, text

    from bot.db import tables as t
    from bot.db.engine import create_engine

    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                fk = len((await conn.execute(text("PRAGMA foreign_key_check"))).all())
            else:
                fk = 0
            episodes = (
                await conn.execute(
                    select(t.Episode.id, t.Episode.user_id)
                    .join(t.User, t.User.id == t.Episode.user_id)
                    .where(t.Episode.status == "open", t.User.blocked_at.is_(None))
                )
            ).all()
            rows = (
                await conn.execute(
                    select(
                        t.Reminder.user_id,
                        t.Reminder.episode_id,
                        t.Reminder.kind,
                        t.Reminder.due_at,
                        t.Reminder.payload,
                        t.Reminder.dedup_key,
                    ).where(t.Reminder.status.in_(OPEN))
                )
            ).all()
            planned_ids = {
                r.episode_id
                for r in rows
                if r.kind in ("checkin", "follow_up") and r.episode_id is not None
            }
            details = []
            for episode in [e for e in episodes if e.id not in planned_ids][:5]:
                row = (
                    await conn.execute(select(t.Episode).where(t.Episode.id == episode.id))
                ).one()
                last = (
                    await conn.execute(
                        select(
                            t.Reminder.kind,
                            t.Reminder.status,
                            t.Reminder.payload,
                            t.Reminder.last_error,
                        )
                        .where(t.Reminder.episode_id == episode.id)
                        .order_by(t.Reminder.id.desc())
                        .limit(3)
                    )
                ).all()
                details.append(
                    f"episode {episode.id}: urgency {row.urgency} seen {row.seen_at is not None}"
                    f" booked {row.booked_at is not None} logged {row.logged_at:%H:%M:%S};"
                    f" reminders {[tuple(r) for r in last]}"
                )
    finally:
        await engine.dispose()
    planned = {r.episode_id for r in rows if r.kind in ("checkin", "follow_up") and r.episode_id}
    orphans = [e.id for e in episodes if e.id not in planned]
    chains: Counter[tuple[int, str]] = Counter(
        (r.user_id, r.kind)
        for r in rows
        if r.kind in ("hydration", "stretch") and not (r.payload or {}).get("snooze")
    )
    slots: Counter[tuple[int, str, object]] = Counter((r.user_id, r.kind, r.due_at) for r in rows)
    doubled_slots = [
        sorted(r.dedup_key for r in rows if (r.user_id, r.kind, r.due_at) == slot)
        for slot, n in slots.items()
        if n > 1
    ]
    return {
        "foreign key violations": fk,
        "open episodes": len(episodes),
        "open episodes with nothing planned": len(orphans),
        "users with 2+ pending rows of one nudge chain": sum(1 for n in chains.values() if n > 1),
        "duplicate open slots": sum(n - 1 for n in slots.values() if n > 1),
        "examples": details,
        "duplicate slot examples": doubled_slots[:5],
    }


def awake_user(user_id: int, now: datetime, **extra: object) -> dict[str, object]:
    """A consented UK user on UTC, awake all day, water reminders on: the seeded user of the
    dispatch drills (``extra`` adds or overrides columns)."""
    return {
        "id": user_id,
        "created_at": now,
        "last_active_at": now,
        "consent_at": now,
        "country": "GB",
        "timezone": "UTC",
        "wake_start": 0,
        "wake_end": 1439,
        "hydration_on": True,
        "fluid_limited": False,
        **extra,
    }


def due_nudge(
    user_id: int, kind: str, due_at: datetime, dedup_key: str, now: datetime
) -> dict[str, object]:
    """A pending reminder row as the dispatch drills seed it (``dedup_key`` ends in ":drill",
    so the drill counts only its own rows)."""
    return {
        "user_id": user_id,
        "kind": kind,
        "due_at": due_at,
        "status": "pending",
        "attempts": 0,
        "dedup_key": dedup_key,
        "payload": {},
        "created_at": now,
    }
