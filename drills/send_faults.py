"""send-faults: the reminder sends under faults - 429, 403, 500/502, connection resets, hangs.

``--users`` users (UTC, awake all day, reminders on) each have one hydration nudge due now; one
in twenty has blocked the bot while it was down (the stand-in answers their sends 403; no
``my_chat_member`` update reached the bot) and also has a stretch nudge due ten seconds later.
The bot reaches the stand-in through a TCP proxy on 127.0.0.1 that can reset connections. While
the sweep dispatches (SQLite):

1. the first send is answered 429 "retry after 3";
2. after 50 sends: 500 three times, 502 twice (JSON), 502 once as an HTML page (a proxy's);
3. after 150 sends: five sends reset before they reach "Telegram" (not sent), five reset after
   "Telegram" sent them (sent, the answer lost);
4. after 250 sends: two sends hang for 20 s (longer than the bot's 5 s read timeout; "Telegram"
   sends them when the hang ends).

Figures: lost (a user who should have had the nudge never got it; target 0), doubled (against
the sends whose answer was lost - resets after sending and hangs - the most that can be
doubled), sends during the 429's retry_after (target 0), blocked users: marked blocked, sends
tried after their first 403 (target 0), their later rows cancelled; sent rows still carrying a
``last_error``; tracebacks and ERROR lines (target 0).

    python -m drills send-faults [--users 600] [--timeout 300]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import socket
import struct
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

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

FIRST_USER = 300_000
FINAL = ("sent", "expired", "failed", "dead", "cancelled")
RETRY_AFTER = 3
HANG = 20.0


class ResettingProxy:
    """HTTP/1.1 pass-through on 127.0.0.1 that can reset the connection of the next sends:
    ``before`` (the request never reaches the server) or ``after`` (the server answered, the
    client gets a TCP reset instead of the answer)."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.armed: list[str] = []
        self.resets: Counter[str] = Counter()
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    @property
    def url(self) -> str:
        assert self._server is not None
        port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    async def __aenter__(self) -> ResettingProxy:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        for writer in list(self._writers):
            writer.transport.abort()
        await asyncio.sleep(0)

    @staticmethod
    async def _message(reader: asyncio.StreamReader) -> bytes:
        head = await reader.readuntil(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        body = await reader.readexactly(length) if length else b""
        return head + body

    @staticmethod
    def _reset(writer: asyncio.StreamWriter) -> None:
        sock = writer.get_extra_info("socket")
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.transport.abort()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        self._writers.add(up_writer)
        try:
            while True:
                request = await self._message(reader)
                line = request.split(b"\r\n", 1)[0].lower()
                fault = self.armed.pop(0) if self.armed and b"/sendmessage" in line else None
                if fault == "before":
                    self.resets[fault] += 1
                    self._reset(writer)
                    return
                up_writer.write(request)
                await up_writer.drain()
                answer = await self._message(up_reader)
                if fault == "after":
                    self.resets[fault] += 1
                    self._reset(writer)
                    return
                writer.write(answer)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            return  # either side went away (or the drill is over)
        finally:
            for stream in (up_writer, writer):
                stream.transport.abort()
                self._writers.discard(stream)


async def seed(url: str, users: int, now: datetime) -> list[int]:
    blocked = [FIRST_USER + n for n in range(0, users, 20)]
    engine = create_engine(url)
    try:
        await migrate.upgrade(engine)
        rows = [awake_user(FIRST_USER + n, now, stretch_on=True) for n in range(users)]
        reminders = [
            due_nudge(
                FIRST_USER + n,
                "hydration",
                now - timedelta(seconds=n % 60),
                f"hyd:{FIRST_USER + n}:drill",
                now,
            )
            for n in range(users)
        ] + [
            due_nudge(user, "stretch", now + timedelta(seconds=10), f"str:{user}:drill", now)
            for user in blocked
        ]
        async with engine.begin() as conn:
            await conn.execute(insert(tables.User), rows)
            await conn.execute(insert(REMINDERS), reminders)
    finally:
        await engine.dispose()
    return blocked


async def state(url: str) -> tuple[Counter[str], Counter[str], int, set[int]]:
    """Seeded rows by status, by status of the blocked users' stretch rows, sent rows with a
    ``last_error``, and the users marked blocked."""
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            rows = (
                await conn.execute(
                    select(REMINDERS.c.kind, REMINDERS.c.status, REMINDERS.c.last_error).where(
                        REMINDERS.c.dedup_key.like("%:drill")
                    )
                )
            ).all()
            marked = await conn.scalars(
                select(tables.User.id).where(tables.User.blocked_at.is_not(None))
            )
            blocked = set(marked.all())
    finally:
        await engine.dispose()
    statuses = Counter(str(r.status) for r in rows)
    stretch = Counter(str(r.status) for r in rows if r.kind == "stretch")
    stale_errors = sum(1 for r in rows if r.status == "sent" and r.last_error)
    return statuses, stretch, stale_errors, blocked


async def run(args: argparse.Namespace) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="drill-send-faults-") as tmp:
        workdir = Path(tmp)
        url = f"sqlite+aiosqlite:///{workdir / 'send-faults.sqlite3'}"
        blocked = await seed(url, args.users, datetime.now(UTC))
        users = [FIRST_USER + n for n in range(args.users)]
        total_rows = args.users + len(blocked)
        async with (
            BotApiStandin() as api,
            ResettingProxy(int(api.base_url.rsplit(":", 1)[1])) as proxy,
        ):
            for user in users:
                api.user(user)
            api.blocked.update(blocked)  # blocked while the bot was down: no update reached it

            def sent() -> int:
                return sum(1 for c in api.calls if c.method == "sendMessage" and c.ok)

            bot = BotProcess(
                api,
                url,
                workdir,
                name="send-faults",
                extra_env={"SWEEP_INTERVAL": "1", "TELEGRAM_API_URL": proxy.url},
            )
            started = time.monotonic()
            try:
                api.fail_next("sendMessage", error_code=429, retry_after=RETRY_AFTER)
                await bot.start()
                if not await wait_until(lambda: sent() >= 50, timeout=120):
                    raise RuntimeError(f"the dispatch did not start:\n{bot.log_tail()}")
                api.fail_next("sendMessage", error_code=500, count=3)
                api.fail_next("sendMessage", error_code=502, count=2)
                api.fail_next("sendMessage", error_code=502, html=True)
                await wait_until(lambda: sent() >= 150, timeout=120)
                proxy.armed += ["before"] * 5 + ["after"] * 5
                await wait_until(lambda: sent() >= 250, timeout=120)
                api.delay_next("sendMessage", HANG, count=2)
                done = False
                deadline = time.monotonic() + args.timeout
                while time.monotonic() < deadline:
                    statuses, *_ = await state(url)
                    if sum(statuses[s] for s in FINAL) >= total_rows:
                        done = True
                        break
                    await asyncio.sleep(1.0)
                await wait_until(lambda: False, timeout=HANG + 2)  # the hung sends land
                code, _, _ = await bot.terminate(15.0)
            finally:
                await bot.ensure_stopped()
            seconds = time.monotonic() - started
            statuses, stretch, stale_errors, marked = await state(url)
            calls = api.calls_to("sendMessage")
            got: Counter[int] = Counter(m.chat_id for m in api.all_messages())
            first_429 = next((c.at for c in calls if c.status == 429), None)
            during_429 = (
                0
                if first_429 is None
                else sum(1 for c in calls if c.ok and first_429 < c.at < first_429 + RETRY_AFTER)
            )
            tries: Counter[int] = Counter(
                int(c.params.get("chat_id", 0)) for c in calls if c.status == 403
            )
            errors: Counter[int] = Counter(c.status for c in calls if not c.ok)
            log = bot.log_text()
            ambiguous = proxy.resets["after"] + 2
            awake = [u for u in users if u not in set(blocked)]
            return {
                "users / due rows": f"{args.users} / {total_rows}",
                "all rows finished": done,
                "seconds": round(seconds, 1),
                "error answers by status": dict(errors),
                "resets (before / after sending)": (
                    f"{proxy.resets['before']} / {proxy.resets['after']}"
                ),
                "lost": sum(1 for u in awake if got[u] == 0),
                "doubled": sum(max(0, got[u] - 1) for u in awake),
                "sends whose answer was lost (max doubles)": ambiguous,
                "sent during the 429's retry_after": during_429,
                "blocked users / marked blocked": (
                    f"{len(blocked)} / {len(marked & set(blocked))}"
                ),
                "sends tried after a user's first 403": sum(n - 1 for n in tries.values()),
                "messages delivered to blocked users": sum(got[u] for u in blocked),
                "blocked users' later rows": dict(stretch),
                "final statuses": dict(statuses),
                "sent rows with a stale last_error": stale_errors,
                "tracebacks in logs": tracebacks(log),
                "ERROR lines in log": log.count(" ERROR "),
                "WARNING lines in log": log.count(" WARNING "),
                "exit code on SIGTERM": code,
                "stand-in errors": standin_errors(api),
                "tracebacks": traceback_summaries(log),
                "error lines": [line[:200] for line in log.splitlines() if " ERROR " in line][:5],
            }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m drills send-faults")
    parser.add_argument("--users", type=int, default=600)
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args(argv)
    result = asyncio.run(run(args))
    print("send-faults")
    for key, value in result.items():
        print(f"  {key:44} {value}")
    return 0 if result["lost"] == 0 and result["tracebacks in logs"] == 0 else 1
