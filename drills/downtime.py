"""downtime: the bot was down an hour, a day (or four days); what does it send when it is back?

The database (SQLite) is seeded as if the bot had stopped at T and restarts now, at T + the
downtime: ``--users`` users in timezones around the world (waking hours 09:00-21:00 local),
reminders on, each with one open episode whose next check-in (self-care) or "Were you seen?"
follow-up (one in five, urgent today) fell due at a random moment while the bot was down, and
two nudges: a hydration nudge due five minutes after T (stale by the restart) or ten minutes
before the restart (fresh), and a stretch nudge due half-way through the downtime.

TRIAGE.md: after downtime a check-in is never dropped; one goes out at the next waking-hours
moment with "Sorry this is late"; stale hydration and stretch nudges are expired, not sent.
Figures: check-ins and follow-ups sent once (and how many said "Sorry this is late"), deferred
to the user's morning (still pending, due in waking hours), lost (neither: target 0), doubled
(target 0); stale nudges expired and sent (target 0); messages sent at night in the user's
timezone (target 0); and the database checks of the fuzz drill.

    python -m drills downtime [--users 300] [--downtime hour day] [--seed 10]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select

from bot.db import migrate, tables
from bot.db.engine import create_engine
from bot.db.reminders import REMINDERS
from bot.domain import planning, wording
from bot.domain.model import Urgency
from drills.common import (
    BotProcess,
    consistency,
    standin_errors,
    traceback_summaries,
    tracebacks,
    wait_until,
)
from tests.e2e.standin import BotApiStandin

FIRST_USER = 900_000
DOWNTIMES = {"hour": timedelta(hours=1), "day": timedelta(days=1), "4days": timedelta(days=4)}
ZONES = (
    "Pacific/Honolulu",
    "America/Los_Angeles",
    "America/New_York",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
)
WAKE_START, WAKE_END = 540, 1260
URGENT = ("checkin", "follow_up")
SORRY = wording.text("checkin.late")
CHECKIN_TEXT = wording.text("checkin.question")
SEEN_TEXT = wording.text("followup.were_you_seen")


def seed_rows(
    users: int, now: datetime, downtime: timedelta, rng: random.Random
) -> tuple[list[dict[str, object]], list[dict[str, object]], list[dict[str, object]]]:
    stopped = now - downtime
    user_rows, episodes, reminders = [], [], []
    for n in range(users):
        uid = FIRST_USER + n
        user_rows.append(
            {
                "id": uid,
                "created_at": stopped - timedelta(days=30),
                "last_active_at": stopped - timedelta(hours=2),
                "consent_at": stopped - timedelta(days=30),
                "country": "GB",
                "timezone": ZONES[n % len(ZONES)],
                "wake_start": WAKE_START,
                "wake_end": WAKE_END,
                "hydration_on": True,
                "stretch_on": True,
                "fluid_limited": False,
            }
        )
        due = stopped + downtime * rng.uniform(0.02, 0.98)
        urgent = n % 5 == 0
        eid = n + 1
        episodes.append(
            {
                "id": eid,
                "user_id": uid,
                "logged_at": due - timedelta(days=1),
                "onset_at": due - timedelta(days=1, hours=3),
                "side": "left",
                "intensity_first": 3,
                "frequency": "few",
                "factors": [],
                "answers": {},
                "urgency": int(Urgency.URGENT_TODAY if urgent else Urgency.SELF_CARE),
                "reasons": [],
                "status": "open",
                "updates": [],
            }
        )
        common = {"user_id": uid, "status": "pending", "attempts": 0, "created_at": stopped}
        if urgent:
            reminders.append(
                {
                    **common,
                    "episode_id": eid,
                    "kind": "follow_up",
                    "due_at": due,
                    "dedup_key": f"seen:{eid}:{due:%Y%m%d}",
                    "payload": {"ask": 1},
                }
            )
        else:
            reminders.append(
                {
                    **common,
                    "episode_id": eid,
                    "kind": "checkin",
                    "due_at": due,
                    "dedup_key": f"chk:{eid}:1",
                    "payload": {"seq": 1},
                }
            )
        fresh = n % 2 == 0
        reminders.append(
            {
                **common,
                "episode_id": None,
                "kind": "hydration",
                "due_at": now - timedelta(minutes=10) if fresh else stopped + timedelta(minutes=5),
                "dedup_key": f"hyd:{uid}:drill:{'fresh' if fresh else 'stale'}",
                "payload": {},
            }
        )
        reminders.append(
            {
                **common,
                "episode_id": None,
                "kind": "stretch",
                "due_at": stopped + downtime / 2,
                "dedup_key": f"str:{uid}:drill:stale",
                "payload": {},
            }
        )
    return user_rows, episodes, reminders


async def seed(
    url: str, users: int, now: datetime, downtime: timedelta, rng: random.Random
) -> None:
    user_rows, episodes, reminders = seed_rows(users, now, downtime, rng)
    engine = create_engine(url)
    try:
        await migrate.upgrade(engine)
        async with engine.begin() as conn:
            await conn.execute(insert(tables.User), user_rows)
            await conn.execute(insert(tables.Episode), episodes)
            await conn.execute(insert(REMINDERS), reminders)
    finally:
        await engine.dispose()


async def seeded_rows(url: str) -> list[tuple[int, str, str, str, datetime]]:
    """(user, kind, dedup key, status, due_at) of the seeded rows."""
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                select(
                    REMINDERS.c.user_id,
                    REMINDERS.c.kind,
                    REMINDERS.c.dedup_key,
                    REMINDERS.c.status,
                    REMINDERS.c.due_at,
                ).where(REMINDERS.c.created_at <= datetime.now(UTC) - timedelta(minutes=30))
            )
            return [(r[0], r[1], r[2], r[3], r[4]) for r in rows.all()]
    finally:
        await engine.dispose()


def awake(when: datetime, zone_name: str) -> bool:
    local = when.astimezone(ZoneInfo(zone_name))
    return planning.is_waking(planning.minutes_of(local), WAKE_START, WAKE_END)


async def run_one(name: str, args: argparse.Namespace, workdir: Path) -> dict[str, object]:
    downtime = DOWNTIMES[name]
    url = f"sqlite+aiosqlite:///{workdir / f'downtime-{name}.sqlite3'}"
    now = datetime.now(UTC)
    rng = random.Random(f"{args.seed}:{name}")
    await seed(url, args.users, now, downtime, rng)
    zones = {FIRST_USER + n: ZONES[n % len(ZONES)] for n in range(args.users)}
    started = time.monotonic()
    async with BotApiStandin() as api:
        for uid in zones:
            api.user(uid)
        bot = BotProcess(
            api, url, workdir, name=f"downtime-{name}", extra_env={"SWEEP_INTERVAL": "1"}
        )
        backlog = True
        try:
            await bot.start()

            async def due_left() -> int:
                rows = await seeded_rows(url)
                cutoff = datetime.now(UTC)
                return sum(
                    1
                    for _, _, _, status, due in rows
                    if status == "claimed" or (status == "pending" and due <= cutoff)
                )

            deadline = time.monotonic() + args.timeout
            while time.monotonic() < deadline:
                if await due_left() == 0:
                    backlog = False
                    break
                await asyncio.sleep(1.0)
            # the sends recorded, then whatever else comes within a few seconds is counted too
            await wait_until(lambda: False, timeout=3.0)
            code, _, _ = await bot.terminate(15.0)
        finally:
            await bot.ensure_stopped()
        rows = await seeded_rows(url)
        messages = [m for m in api.all_messages() if m.chat_id in zones]
        checks = await consistency(url)
        errors = standin_errors(api)
    after = datetime.now(UTC)
    asks: Counter[int] = Counter()
    late = 0
    night = 0
    for m in messages:
        text = m.text or ""
        if not awake(datetime.fromtimestamp(m.date, UTC), zones[m.chat_id]):
            night += 1
        if CHECKIN_TEXT in text or SEEN_TEXT in text:
            asks[m.chat_id] += 1
            late += SORRY in text
    sent_once = deferred = lost = 0
    for user, kind, _, status, due in rows:
        if kind not in URGENT:
            continue
        if status == "sent" and asks[user] >= 1:
            sent_once += 1
        elif (
            status == "pending" and due > after - timedelta(seconds=5) and awake(due, zones[user])
        ):
            deferred += 1
        else:
            lost += 1
    stale = [r for r in rows if r[1] in ("hydration", "stretch") and r[2].endswith("stale")]
    fresh = [r for r in rows if r[2].endswith("fresh")]
    log = bot.log_text()
    return {
        "downtime": name,
        "users": args.users,
        "check-ins + follow-ups due in the downtime": sum(1 for r in rows if r[1] in URGENT),
        "sent once": sent_once,
        "  of which said 'Sorry this is late'": late,
        "deferred to the user's morning": deferred,
        "lost": lost,
        "doubled": sum(n - 1 for n in asks.values() if n > 1),
        "stale nudges": len(stale),
        "  expired": sum(1 for r in stale if r[3] == "expired"),
        "  sent": sum(1 for r in stale if r[3] == "sent"),
        "fresh nudges (due 10 min before)": f"{Counter(r[3] for r in fresh)}",
        "messages at night (user's timezone)": night,
        "messages": len(messages),
        "backlog left at the timeout": backlog,
        "seconds": round(time.monotonic() - started, 1),
        "exit code on SIGTERM": code,
        "tracebacks in logs": tracebacks(log),
        "errors in log": log.count(" ERROR "),
        "database": checks,
        "stand-in errors": errors,
        "tracebacks": traceback_summaries(log),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m drills downtime")
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--downtime", nargs="+", choices=list(DOWNTIMES), default=["hour", "day"])
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--timeout", type=float, default=300.0, help="per downtime, seconds")
    args = parser.parse_args(argv)

    async def run() -> list[dict[str, object]]:
        results = []
        with tempfile.TemporaryDirectory(prefix="drill-downtime-") as tmp:
            for name in args.downtime:
                result = await run_one(name, args, Path(tmp))
                results.append(result)
                print("downtime")
                for key, value in result.items():
                    print(f"  {key:44} {value}")
        return results

    results = asyncio.run(run())
    bad = any(
        r["lost"] or r["doubled"] or r["  sent"] or r["messages at night (user's timezone)"]
        for r in results
    )
    return 1 if bad else 0
