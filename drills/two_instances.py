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
from pathlib import Path

import asyncpg
import httpx
from sqlalchemy.engine import make_url
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.db import migrate
from bot.db.engine import create_engine
from drills.common import (
    BotProcess,
    standin_errors,
    traceback_summaries,
    tracebacks,
    wait_until,
)
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
            bots = [
                BotProcess(
                    api,
                    url,
                    workdir,
                    name=name,
                    extra_env={
                        "BOT_MODE": "webhook",
                        "WEBHOOK_URL": proxy.url,
                        "WEBHOOK_SECRET": SECRET,
                        "LISTEN_HOST": "127.0.0.1",
                        "LISTEN_PORT": str(port),
                    },
                )
                for name, port in zip(["A", "B"], ports, strict=True)
            ]

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


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m drills two-instances")
    parser.add_argument("--updates", type=int, default=1500)
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--after", type=float, default=3.0)
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument(
        "--cold-start",
        action="store_true",
        help="start both instances together on an empty database (each migrates)",
    )
    args = parser.parse_args(argv)
    admin = os.environ.get("DRILL_POSTGRES_URL")
    if admin:
        result = asyncio.run(run(args, admin))
    else:
        with postgres_server() as server:
            if server is None:
                print("two-instances: no PostgreSQL (set DRILL_POSTGRES_URL)")
                return 2
            result = asyncio.run(run(args, server))
    print("two-instances")
    for key, value in result.items():
        print(f"  {key:42} {value}")
    return 0 if result["unanswered"] == 0 else 1
