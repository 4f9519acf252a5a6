"""CPU per reply: this bot's triage steps against a bare PTB echo bot, side by side.

    .venv/bin/python -m bench throughput [--users 60] [--runs 3] [--concurrency 20]
                                         [--rate N] [--profile DIR]

One Bot API stand-in (tests/e2e/standin.py, in this process) serves both bots, each run as its
own process (``python -m bot`` on a fresh SQLite file at the default LOG_LEVEL, and
``python -m bench.echo_bot``). The bot's users are onboarded first (not measured); then each
user sends ``/twitch`` (window 1: CPU per first triage screen, its database write included)
and taps through a whole self-care triage, 10 taps (window 2: CPU per tap, each an
``answerCallbackQuery`` plus an edit or the result messages). The echo bot gets the same number
of users, each sending text messages one after another (CPU per echo reply). CPU is the bot
process's user+system time from /proc over the window only. Runs alternate bot / echo; the
figures printed are medians over the runs, and the ratio is median bot / median echo.

The same load for both. The echo bot has no rate limiter: its replies go out as fast as it
makes them, so 20 users keep it busy and each ``getUpdates`` brings several updates. The bot
keeps Telegram's budget (``TELEGRAM_RATE_LIMIT``, 30 messages a second): at 30 a second it
idles between updates, fetches them one ``getUpdates`` each, and the figure would mostly
measure its idle polling, not the cost of an update. So the bot runs with
``TELEGRAM_RATE_LIMIT=10000`` (``--rate``; a self-hosted Bot API server allows that) and both
bots see the same offered load. ``--rate 30`` measures both paced at the default cap: the bot
by its budget, the echo bot by this driver sending it at most 30 messages a second.

``--profile DIR`` records the bot's windows with py-spy (``pip install py-spy``) into
DIR/bot-*.txt (collapsed stacks) for a flame graph or a quick ``sort | head``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.e2e.standin import BotApiStandin, BotMessage

ROOT = Path(__file__).resolve().parents[1]
_TICKS = os.sysconf("SC_CLK_TCK")

ONBOARD = ["I'm 18+ and I understand", "More countries »", "United Kingdom", "London"]
TRIAGE_TAPS = [
    "None of these",  # emergency checklist
    "None of these",  # same-day checklist
    "Under a day",
    "None of these",  # see-a-GP checklist
    "Left",
    "3",  # intensity
    "A few times",
    "1",  # factor: hard leg exercise
    "5",  # factor: drank little
    "Continue",
]


def cpu_seconds(pid: int) -> float:
    """User + system CPU of process ``pid`` so far (from /proc, clock-tick resolution)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _state(api: BotApiStandin, user: int) -> tuple[int, int, int]:
    messages = api.messages(user)
    if not messages:
        return (0, 0, 0)
    last = messages[-1]
    return (len(messages), last.message_id, last.edit_count)


async def tap(api: BotApiStandin, user: int, label: str, *, wait: float = 60) -> None:
    """Press ``label`` on the user's last message; return once it is answered and the chat
    changed (an edit or a new message)."""
    await api.wait_for(
        lambda: label in _last_buttons(api, user),
        timeout=wait,
        description=f"button {label!r} for user {user}",
    )
    before = _state(api, user)
    query = api.click(user, label)
    await api.wait_answered(query, timeout=wait)
    await api.wait_for(lambda: _state(api, user) != before, timeout=wait)


def _last_buttons(api: BotApiStandin, user: int) -> list[str]:
    messages = api.messages(user)
    return messages[-1].button_texts if messages else []


async def say(api: BotApiStandin, user: int, text: str, *, wait: float = 60) -> BotMessage:
    api.mark(user)
    api.send_text(user, text)
    return await api.next_message(user, timeout=wait)


async def in_parallel(
    users: Sequence[int], work: Callable[[int], object], concurrency: int
) -> None:
    gate = asyncio.Semaphore(concurrency)

    async def one(user: int) -> None:
        async with gate:
            await work(user)  # type: ignore[misc]

    await asyncio.gather(*(one(u) for u in users))


@dataclass
class Window:
    cpu: float
    wall: float
    replies: int

    @property
    def ms_per_reply(self) -> float:
        return self.cpu * 1000 / self.replies


class Measured:
    """CPU and wall time of ``pid`` between enter and exit (optionally profiled)."""

    def __init__(self, pid: int, replies: int, profile: Path | None = None) -> None:
        self.pid = pid
        self.replies = replies
        self.profile = profile
        self.window: Window | None = None
        self._spy: subprocess.Popen[bytes] | None = None

    async def __aenter__(self) -> Measured:
        if self.profile is not None:
            spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
            argv = [spy, "record", "--pid", str(self.pid), "--format", "raw", "--rate", "250"]
            argv += ["--gil", "--output", str(self.profile), "--nonblocking"]
            self._spy = subprocess.Popen(  # noqa: ASYNC220, S603 - one helper process
                argv,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            await asyncio.sleep(1)  # let py-spy attach
        self._cpu = cpu_seconds(self.pid)
        self._wall = time.perf_counter()
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.window = Window(
            cpu_seconds(self.pid) - self._cpu, time.perf_counter() - self._wall, self.replies
        )
        if self._spy is not None:
            self._spy.send_signal(2)  # SIGINT: py-spy writes its output and exits
            self._spy.wait(timeout=60)


def _env(api: BotApiStandin, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_URL": api.base_url,
    }
    env.pop("LOG_LEVEL", None)
    env.update(extra)
    return env


async def _start(
    api: BotApiStandin, argv: list[str], env: dict[str, str]
) -> subprocess.Popen[bytes]:
    after = len(api.calls)
    proc = subprocess.Popen(  # noqa: ASYNC220, S603 - the process under test, stopped by its id
        [sys.executable, *argv], cwd=ROOT, env=env, stderr=subprocess.DEVNULL
    )
    await api.wait_call("getUpdates", timeout=60, after=after)
    return proc


async def stop(proc: subprocess.Popen[bytes], grace: float = 30) -> None:
    """SIGTERM, then wait without blocking the event loop: the stand-in in this process must
    keep answering the bot's last requests while it shuts down."""
    proc.terminate()
    deadline = time.monotonic() + grace
    while proc.poll() is None and time.monotonic() < deadline:  # noqa: ASYNC110 - a child process
        await asyncio.sleep(0.05)
    if proc.poll() is None:
        proc.kill()
        proc.wait()


async def run_bot(
    api: BotApiStandin, users: list[int], concurrency: int, profile: Path | None, rate: float
) -> tuple[Window, Window, float]:
    with tempfile.TemporaryDirectory(prefix="bench-throughput-") as folder:
        env = _env(
            api,
            DATABASE_URL=f"sqlite+aiosqlite:///{folder}/bot.sqlite3",
            TELEGRAM_RATE_LIMIT=f"{rate:g}",
        )
        proc = await _start(api, ["-m", "bot"], env)
        try:

            async def onboard(user: int) -> None:
                await say(api, user, "/start")
                for label in ONBOARD:
                    await tap(api, user, label)

            await in_parallel(users, onboard, concurrency)

            async def twitch(user: int) -> None:
                await say(api, user, "/twitch")

            async with Measured(
                proc.pid, len(users), profile and profile / "bot-twitch.txt"
            ) as first:
                await in_parallel(users, twitch, concurrency)

            async def taps(user: int) -> None:
                for label in TRIAGE_TAPS:
                    await tap(api, user, label)

            async with Measured(
                proc.pid, len(users) * len(TRIAGE_TAPS), profile and profile / "bot-taps.txt"
            ) as rest:
                await in_parallel(users, taps, concurrency)
            rss = rss_mb(proc.pid)
        finally:
            await stop(proc)
    assert first.window is not None
    assert rest.window is not None
    return first.window, rest.window, rss


class Pace:
    """At most ``rate`` messages a second sent to the echo bot (``--rate`` below
    ``UNPACED``): the offered load the bot's budget allows it."""

    def __init__(self, rate: float) -> None:
        self.gap = 0.0 if rate >= UNPACED else 1 / rate
        self.next = 0.0

    async def wait(self) -> None:
        if not self.gap:
            return
        now = time.monotonic()
        slot = max(self.next, now)
        self.next = slot + self.gap
        if slot > now:
            await asyncio.sleep(slot - now)


UNPACED = 1000.0


async def run_echo(
    api: BotApiStandin, users: list[int], per_user: int, concurrency: int, rate: float
) -> Window:
    proc = await _start(api, ["-m", "bench.echo_bot"], _env(api))
    pace = Pace(rate)
    try:
        # Warm up like the bot's onboarding (first requests, imports on first use).
        await in_parallel(users, lambda u: say(api, u, "warm up"), concurrency)

        async def chat(user: int) -> None:
            for n in range(per_user):
                await pace.wait()
                await say(api, user, f"echo {n}")

        async with Measured(proc.pid, len(users) * per_user) as measured:
            await in_parallel(users, chat, concurrency)
    finally:
        await stop(proc)
    assert measured.window is not None
    return measured.window


async def _main(
    users: int, runs: int, concurrency: int, profile: Path | None, rate: float
) -> None:
    twitch: list[float] = []
    taps: list[float] = []
    echo: list[float] = []
    async with BotApiStandin() as api:
        next_user = 10_000
        for run in range(1, runs + 1):
            bot_users = list(range(next_user, next_user + users))
            echo_users = list(range(next_user + users, next_user + 2 * users))
            next_user += 2 * users
            for user in (*bot_users, *echo_users):
                api.user(user, f"U{user}")
            first, rest, rss = await run_bot(
                api, bot_users, concurrency, profile if run == 1 else None, rate
            )
            reply = await run_echo(api, echo_users, len(TRIAGE_TAPS) + 1, concurrency, rate)
            twitch.append(first.ms_per_reply)
            taps.append(rest.ms_per_reply)
            echo.append(reply.ms_per_reply)
            print(
                f"run {run}: bot /twitch {first.ms_per_reply:5.2f} ms CPU "
                f"({first.replies} in {first.wall:.1f} s), tap {rest.ms_per_reply:5.2f} ms "
                f"({rest.replies} in {rest.wall:.1f} s), RSS {rss:.0f} MB | echo "
                f"{reply.ms_per_reply:5.2f} ms ({reply.replies} in {reply.wall:.1f} s)"
            )
    m_twitch, m_taps, m_echo = (statistics.median(x) for x in (twitch, taps, echo))
    steps = [*twitch, *taps]
    print(
        f"median over {runs} runs (CPU per reply, bot process only; the bot's budget "
        f"TELEGRAM_RATE_LIMIT={rate:g}/s; the echo bot has none"
        + ("):" if rate >= UNPACED else f", it is sent at most {rate:g} messages/s):")
    )
    print(f"  echo bot reply:        {m_echo:5.2f} ms")
    print(f"  bot /twitch (screen 1): {m_twitch:5.2f} ms  ratio {m_twitch / m_echo:4.2f}x")
    print(f"  bot triage tap:        {m_taps:5.2f} ms  ratio {m_taps / m_echo:4.2f}x")
    weighted = (m_twitch + len(TRIAGE_TAPS) * m_taps) / (len(TRIAGE_TAPS) + 1)
    print(
        f"  bot triage step (1 /twitch + {len(TRIAGE_TAPS)} taps): {weighted:5.2f} ms  "
        f"ratio {weighted / m_echo:4.2f}x  (worst single run {max(steps) / m_echo:4.2f}x)"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench throughput", description=__doc__)
    parser.add_argument("--users", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--profile", type=Path, default=None)
    parser.add_argument("--rate", type=float, default=10_000.0)
    args = parser.parse_args(argv)
    if args.profile is not None:
        args.profile.mkdir(parents=True, exist_ok=True)
    asyncio.run(_main(args.users, args.runs, args.concurrency, args.profile, args.rate))
    return 0
