"""two-instances: two bots in webhook mode on one PostgreSQL; one is killed mid-burst.

A round-robin proxy on 127.0.0.1 (the load balancer) spreads the stand-in's webhook deliveries
over instances A and B, trying the other one when an instance does not answer. 1,500 /help
from many users; a few seconds in, A is killed with SIGKILL and stays down: B must answer
everything A had stored but not finished (its recovery pass takes pending rows after 15 s and
claimed rows once their 30 s lease runs out). Figures: unanswered (target 0), doubled (at
most the updates A was handling), and when B finished.

PostgreSQL: ``DRILL_POSTGRES_URL`` (an admin URL; a throwaway database is made on it), else a
throwaway cluster from tests/pg.py (needs the PostgreSQL binaries).

    python -m drills two-instances [--updates 1500] [--users 300] [--after 3] [--cold-start]

``--cold-start`` starts both on an empty database at once (both run the migrations): a start
failure is reported under "start failures" and that instance is started again.

``--kill-sender 3`` is the sender drill instead: ``--due`` hydration nudges are due now; the
instance holding the sender lock (found by the worker id, which carries its pid, on the rows it
claims) is killed with SIGKILL while it sends, ``--kill-sender`` times (each time it is started
again, so two instances run). Figures per kill: takeover (the kill to the next reminder sent),
the rows the dead instance had claimed and when the last of them was sent; then lost and
doubled (against those claimed rows) over all rows.

    python -m drills two-instances --kill-sender 3 [--due 3000] [--after 3]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import secrets
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import httpx
from sqlalchemy import select
from sqlalchemy.engine import make_url
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.db import migrate
from bot.db.engine import create_engine
from bot.db.reminders import REMINDERS
from drills.common import (
    BotProcess,
    standin_errors,
    traceback_summaries,
    tracebacks,
    wait_until,
)
from drills.kill9_dispatch import FINAL as KILL9_FINAL
from drills.kill9_dispatch import FIRST_USER as KILL9_FIRST_USER
from drills.kill9_dispatch import seed as kill9_seed
from drills.kill9_dispatch import statuses as kill9_statuses
from drills.restart_burst import free_port
from tests.e2e.standin import BotApiStandin, LocalServer
from tests.pg import postgres_server

FIRST_USER = 700_000
SECRET = secrets.token_urlsafe(24)


def balancer(ports: list[int]) -> tuple[Starlette, Counter[int]]:
    turn = itertools.count()
    served: Counter[int] = Counter()
    client = httpx.AsyncClient(timeout=10.0)

    async def forward(request: Request) -> Response:
        body = await request.body()
        first = next(turn) % len(ports)
        for port in ports[first:] + ports[:first]:
            try:
                answer = await client.post(
                    f"http://127.0.0.1:{port}/telegram",
                    content=body,
                    headers=dict(request.headers),
                )
            except httpx.HTTPError:
                continue  # that instance is down: the next one
            served[port] += 1
            return Response(answer.content, status_code=answer.status_code)
        return Response(status_code=502)

    return Starlette(routes=[Route("/telegram", forward, methods=["POST"])]), served


async def fresh_database(admin: str) -> str:
    name = f"drill_{uuid.uuid4().hex[:12]}"
    dsn = make_url(admin).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return make_url(admin).set(database=name).render_as_string(hide_password=False)


def webhook_pair(
    api: BotApiStandin,
    url: str,
    workdir: Path,
    proxy_url: str,
    ports: list[int],
    **env: str,
) -> list[BotProcess]:
    """Instances A and B in webhook mode behind the proxy, one port each (``env`` adds to it)."""
    return [
        BotProcess(
            api,
            url,
            workdir,
            name=name,
            extra_env={
                "BOT_MODE": "webhook",
                "WEBHOOK_URL": proxy_url,
                "WEBHOOK_SECRET": SECRET,
                "LISTEN_HOST": "127.0.0.1",
                "LISTEN_PORT": str(port),
                **env,
            },
        )
        for name, port in zip(["A", "B"], ports, strict=True)
    ]


async def run(args: argparse.Namespace, admin: str) -> dict[str, object]:
    url = await fresh_database(admin)
    if not args.cold_start:
        engine = create_engine(url)
        try:
            await migrate.upgrade(engine)
        finally:
            await engine.dispose()
    ports = [free_port(), free_port()]
    app, served = balancer(ports)
    with tempfile.TemporaryDirectory(prefix="drill-two-") as tmp:
        workdir = Path(tmp)
        async with BotApiStandin() as api, LocalServer(app) as proxy:
            users = [FIRST_USER + n for n in range(args.users)]
            for user in users:
                api.user(user)
            bots = webhook_pair(api, url, workdir, proxy.url, ports)

            def answered() -> int:
                return sum(1 for call in api.calls if call.method == "sendMessage" and call.ok)

            cold_start: list[str] = []
            try:
                for bot in bots:  # together, on a database that is empty with --cold-start
                    await bot.start()
                async with httpx.AsyncClient() as client:
                    for bot, port in zip(bots, ports, strict=True):  # both listening first

                        async def up(port: int = port) -> bool:
                            try:
                                await client.post(f"http://127.0.0.1:{port}/telegram")
                            except httpx.HTTPError:
                                return False
                            return True

                        deadline = time.monotonic() + 60
                        while not await up() and time.monotonic() < deadline:
                            assert bot.proc is not None
                            if bot.proc.returncode is not None:  # crashed: restart it once
                                cold_start.append(f"{bot.name} exited {bot.proc.returncode}")
                                await bot.start()
                            await asyncio.sleep(0.1)
                    response = await client.post(
                        f"{api.bot_api_url}{api.token}/setWebhook",
                        data={"url": f"{proxy.url}/telegram", "secret_token": SECRET},
                    )
                    response.raise_for_status()
                expected: Counter[int] = Counter()
                for n in range(args.updates):
                    user = users[n % len(users)]
                    api.send_text(user, "/help")
                    expected[user] += 1
                if not await wait_until(lambda: answered() > 0, timeout=60):
                    raise RuntimeError(f"nothing answered:\n{bots[0].log_tail()}")
                await asyncio.sleep(args.after)  # a drill, not a test: the burst is under way
                await bots[0].kill()
                killed_at = time.monotonic()
                at_kill = answered()
                await wait_until(
                    lambda: answered() >= args.updates,
                    timeout=args.timeout,
                    quiet=60.0,
                    progress=answered,
                )
                finished = time.monotonic() - killed_at
                code, _, _ = await bots[1].terminate(15.0)
            finally:
                for bot in bots:
                    await bot.ensure_stopped()
            got: Counter[int] = Counter(m.chat_id for m in api.all_messages())
            return {
                "start": "empty database, both at once" if args.cold_start else "migrated first",
                "start failures": cold_start,
                "updates": args.updates,
                "served by A / B": f"{served[ports[0]]} / {served[ports[1]]}",
                "answered when A was killed": at_kill,
                "seconds from the kill to the last answer": round(finished, 1),
                "B's exit code on SIGTERM": code,
                "unanswered": sum(max(0, expected[u] - got[u]) for u in users),
                "doubled": sum(max(0, got[u] - expected[u]) for u in users),
                "tracebacks in logs": sum(tracebacks(bot.log_text()) for bot in bots),
                "stand-in errors": standin_errors(api),
                "tracebacks": [s for bot in bots for s in traceback_summaries(bot.log_text())],
            }


async def sender_pid(url: str) -> int | None:
    """The pid in the worker id of the instance claiming rows now (else of the last sender)."""
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            worker = await conn.scalar(
                select(REMINDERS.c.claimed_by)
                .where(REMINDERS.c.status == "claimed")
                .order_by(REMINDERS.c.claimed_until.desc())
                .limit(1)
            )
            if worker is None:
                worker = await conn.scalar(
                    select(REMINDERS.c.claimed_by)
                    .where(REMINDERS.c.sent_at.is_not(None))
                    .order_by(REMINDERS.c.sent_at.desc())
                    .limit(1)
                )
    finally:
        await engine.dispose()
    return int(str(worker).split(":")[1]) if worker else None


async def claimed_by_pid(url: str, pid: int) -> list[int]:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                select(REMINDERS.c.id).where(
                    REMINDERS.c.status == "claimed", REMINDERS.c.claimed_by.like(f"%:{pid}:%")
                )
            )
            return [int(r[0]) for r in rows.all()]
    finally:
        await engine.dispose()


async def run_sender_kills(args: argparse.Namespace, admin: str) -> dict[str, object]:
    url = await fresh_database(admin)
    await kill9_seed(url, args.due, datetime.now(UTC))
    ports = [free_port(), free_port()]
    app, _ = balancer(ports)
    with tempfile.TemporaryDirectory(prefix="drill-two-sender-") as tmp:
        workdir = Path(tmp)
        async with BotApiStandin() as api, LocalServer(app) as proxy:
            users = [KILL9_FIRST_USER + n for n in range(args.due)]
            for user in users:
                api.user(user)
            bots = webhook_pair(api, url, workdir, proxy.url, ports, SWEEP_INTERVAL="1")

            def sends() -> list[float]:
                return [c.at for c in api.calls if c.method == "sendMessage" and c.ok]

            kills: list[dict[str, object]] = []
            in_flight = 0
            started = time.monotonic()
            try:
                for bot in bots:
                    await bot.start()
                for _ in range(args.kill_sender):
                    before = len(sends())
                    if not await wait_until(lambda b=before: len(sends()) > b + 20, timeout=120):
                        raise RuntimeError(f"nothing sent:\n{bots[0].log_tail()}")
                    await asyncio.sleep(args.after)  # a drill, not a test: sending is under way
                    pid = await sender_pid(url)
                    victim = next((b for b in bots if b.proc and b.proc.pid == pid), None)
                    if victim is None:
                        raise RuntimeError(f"no running instance has pid {pid}")
                    await victim.kill()
                    killed_at = api._now()  # the stand-in's clock, as ApiCall.at
                    killed_wall = time.time()
                    claimed = await claimed_by_pid(url, pid or 0)
                    in_flight += len(claimed)
                    if not await wait_until(
                        lambda k=killed_at: any(at > k for at in sends()), timeout=180
                    ):
                        raise RuntimeError("no instance took over")
                    takeover = min(at for at in sends() if at > killed_at) - killed_at
                    kills.append(
                        {
                            "killed": victim.name,
                            "takeover s": round(takeover, 2),
                            "claimed by the dead one": len(claimed),
                            "_claimed": claimed,
                            "_killed_wall": killed_wall,
                        }
                    )
                    await victim.start()  # two instances again
                engine_done = False
                deadline = time.monotonic() + args.timeout
                while time.monotonic() < deadline:
                    counts = await kill9_statuses(url)
                    if sum(counts[s] for s in KILL9_FINAL) >= args.due:
                        engine_done = True
                        break
                    await asyncio.sleep(1.0)
                for bot in bots:
                    await bot.terminate(15.0)
            finally:
                for bot in bots:
                    await bot.ensure_stopped()
            got: Counter[int] = Counter(m.chat_id for m in api.all_messages())
            final = await kill9_statuses(url)
            finished = await sent_times(url)
            for kill in kills:
                claimed = kill.pop("_claimed")
                killed_wall = kill.pop("_killed_wall")
                assert isinstance(claimed, list)
                assert isinstance(killed_wall, float)
                times = [finished[i] for i in claimed if i in finished]
                kill["their last sent after s"] = (
                    round(max(times) - killed_wall, 1) if times else None
                )
            log = "\n".join(bot.log_text() for bot in bots)
            return {
                "due reminders": args.due,
                "kills": kills,
                "all finished": engine_done,
                "seconds": round(time.monotonic() - started, 1),
                "final statuses": dict(final),
                "lost": sum(1 for u in users if got[u] == 0),
                "doubled": sum(max(0, got[u] - 1) for u in users),
                "claimed by the dead at the kills (max doubles)": in_flight,
                "tracebacks in logs": tracebacks(log),
                "stand-in errors": standin_errors(api),
                "tracebacks": traceback_summaries(log),
            }


async def sent_times(url: str) -> dict[int, float]:
    """Each sent row's ``sent_at`` as a Unix time."""
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                select(REMINDERS.c.id, REMINDERS.c.sent_at).where(REMINDERS.c.sent_at.is_not(None))
            )
            return {int(r[0]): r[1].timestamp() for r in rows.all()}
    finally:
        await engine.dispose()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m drills two-instances")
    parser.add_argument("--updates", type=int, default=1500)
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--after", type=float, default=3.0)
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument(
        "--kill-sender",
        type=int,
        default=0,
        help="kill the instance holding the sender lock this many times while reminders are due",
    )
    parser.add_argument("--due", type=int, default=3000, help="reminders due (--kill-sender)")
    parser.add_argument(
        "--cold-start",
        action="store_true",
        help="start both instances together on an empty database (each migrates)",
    )
    args = parser.parse_args(argv)
    admin = os.environ.get("DRILL_POSTGRES_URL")
    drill = run_sender_kills if args.kill_sender else run
    if admin:
        result = asyncio.run(drill(args, admin))
    else:
        with postgres_server() as server:
            if server is None:
                print("two-instances: no PostgreSQL (set DRILL_POSTGRES_URL)")
                return 2
            result = asyncio.run(drill(args, server))
    print("two-instances")
    for key, value in result.items():
        print(f"  {key:42} {value}")
    return 0 if result.get("unanswered", 0) == 0 and result.get("lost", 0) == 0 else 1
