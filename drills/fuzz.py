"""fuzz: 10,000 random updates to the real bot; count what broke, then check the database.

``--users`` users (plus a few with ids at and beyond 64 bits) send, in bursts of ``--chunk``
updates: random text (any unicode, lone surrogates, control characters, texts of up to 40,000
characters, plausible phrases and numbers), commands with odd arguments, stickers, photos,
voice notes, documents, locations, edited messages, presses of the real buttons on their latest
message (which walks them through onboarding, /twitch, check-ins and reminders), presses of
stale buttons on older messages, forged callback data (real data mutated, huge numbers, lone
surrogates) and garbage, blocks and unblocks (``my_chat_member``), and bursts of one user
(the same button pressed several times at once, texts in between). A fixed ``--seed`` makes
the same sequence of actions (what the bot answers decides which buttons exist, so a run
is reproducible only as far as the bot is).

Figures: updates sent, replies, tracebacks and ERROR lines in the bot's log, "database is
locked" (log and replies), presses never answered, the "something went wrong" reply, and the
database checks (foreign keys, every open episode has its next check-in or follow-up, no user
with two pending rows of one nudge chain, no duplicate open slots).

    python -m drills fuzz [--count 10000] [--users 150] [--seed 20261202] [--db sqlite|postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import tempfile
import time
from collections import Counter
from pathlib import Path

from bot.tg import texts
from drills.common import (
    BotProcess,
    consistency,
    standin_errors,
    traceback_summaries,
    tracebacks,
    wait_until,
)
from tests.e2e.standin import BotApiStandin, BotMessage
from tests.e2e.test_fuzz import HUGE, ODD, _callback_data, _random_unicode

FIRST_USER = 400_000
HUGE_USERS = [2**63 - 1, 2**63, 10**20]
COMMANDS = [
    "/start", "/help", "/history", "/report", "/export", "/checkin", "/reminders", "/twitch",
    "/timezone", "/settings", "/cancel", "/privacy", "/nosuch", "/start@kneebot_test_bot",
]  # fmt: skip
ARGS = ["", "", "", "on", "off", "Europe/London", "Mars/Olympus", "tomorrow", "7", "-1", "🦵"]
PHRASES = [
    "my knee twitches", "twitching above the kneecap", "it stopped", "better", "worse",
    "yes", "no", "I can't walk", "my leg is weak and numb", "London", "Berlin", "10:30",
    "8", "0", "11", "drank water", "hello", "help", "stop", "chest pain", "a" * 4096,
]  # fmt: skip


class Fuzzer:
    def __init__(self, api: BotApiStandin, rng: random.Random, users: list[int]) -> None:
        self.api = api
        self.rng = rng
        self.users = users
        self.sent: Counter[str] = Counter()
        self.queries: list[str] = []
        self.user_messages: dict[int, list[int]] = {}

    def known(self) -> list[str]:
        found: list[str] = []
        for user in self.rng.sample(self.users, 5):
            for message in self.api.messages(user)[-3:]:
                found.extend(message.callback_data)
        return found or ["k1:ob:yes"]

    def with_buttons(self, user: int) -> list[BotMessage]:
        return [m for m in self.api.messages(user) if m.callback_data and not m.deleted]

    def text(self, user: int, text: str, kind: str) -> None:
        message_id = self.api.send_text(user, text)
        self.user_messages.setdefault(user, []).append(message_id)
        self.sent[kind] += 1

    def press(self, user: int, message: BotMessage, data: str, kind: str) -> None:
        if user in self.api.blocked:  # coming back: Telegram sends "member" again first
            self.api.unblock(user)
        self.queries.append(self.api.press(user, message, data, forged=True))
        self.sent[kind] += 1

    def random_text(self) -> str:
        pick = self.rng.random()
        if pick < 0.35:
            return self.rng.choice(PHRASES)
        if pick < 0.5:
            return self.rng.choice(HUGE + ODD) or "0"
        if pick < 0.55:
            return _random_unicode(self.rng, self.rng.randint(4_000, 40_000))
        return _random_unicode(self.rng, self.rng.randint(1, 80)) or "x"

    def act(self, user: int) -> None:
        rng, api = self.rng, self.api
        pick = rng.random()
        buttons = self.with_buttons(user)
        if pick < 0.32 and buttons:
            message = buttons[-1]
            self.press(user, message, rng.choice(message.callback_data), "press")
        elif pick < 0.38 and len(buttons) > 1:
            message = rng.choice(buttons[:-1])
            self.press(user, message, rng.choice(message.callback_data), "stale press")
        elif pick < 0.46 and buttons:
            self.press(
                user, rng.choice(buttons), _callback_data(rng, self.known()), "forged press"
            )
        elif pick < 0.62:
            command = f"{rng.choice(COMMANDS)} {rng.choice(ARGS + HUGE + ODD)}".strip()
            self.text(user, command, "command")
        elif pick < 0.82:
            self.text(user, self.random_text(), "text")
        elif pick < 0.87:
            media = rng.choice(["sticker", "photo", "voice", "document", "location"])
            if media == "sticker":
                api.send_sticker(user, emoji=rng.choice(["👍", "🦵", "\u202e"]))
            elif media == "photo":
                api.send_photo(
                    user, caption=rng.choice([None, "my knee", _random_unicode(rng, 20)])
                )
            elif media == "voice":
                api.send_voice(user)
            elif media == "document":
                api.send_document(user, rng.randbytes(rng.randint(0, 2000)), filename="x.bin")
            else:
                api.send_location(user, rng.uniform(-90, 90), rng.uniform(-180, 180))
            self.sent[media] += 1
        elif pick < 0.91 and self.user_messages.get(user):
            api.edit_text(user, rng.choice(self.user_messages[user]), self.random_text())
            self.sent["edited message"] += 1
        elif pick < 0.93:
            if user in api.blocked:
                api.unblock(user)
                self.sent["unblock"] += 1
            else:
                api.block(user)
                self.sent["block"] += 1
        elif pick < 0.94:
            huge = rng.choice(HUGE_USERS)
            api.user(huge, "Eve")
            api.send_text(huge, rng.choice(["/start", "hi", "/twitch"]))
            self.sent["huge user id"] += 1
        elif pick < 0.97 and buttons:  # a burst: one button pressed many times at once
            message = buttons[-1]
            data = rng.choice(message.callback_data)
            for _ in range(rng.randint(3, 8)):
                self.press(user, message, data, "burst press")
            self.text(user, rng.choice(PHRASES), "burst text")
        else:
            self.text(user, rng.choice(["/start", "/twitch", "/reminders", "/checkin"]), "command")

    def total(self) -> int:
        return sum(self.sent.values())


async def run(args: argparse.Namespace, url: str) -> dict[str, object]:
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="drill-fuzz-") as tmp:
        workdir = Path(tmp)
        if url == "sqlite":
            url = f"sqlite+aiosqlite:///{workdir / 'fuzz.sqlite3'}"
        async with BotApiStandin() as api:
            users = [FIRST_USER + n for n in range(args.users)]
            for user in users:
                api.user(user, language_code=rng.choice(["en", "en", "de", "es", "ru", None]))
            fuzz = Fuzzer(api, rng, users)
            bot = BotProcess(
                api,
                url,
                workdir,
                name="fuzz",
                extra_env={"SWEEP_INTERVAL": "1", "TELEGRAM_RATE_LIMIT": str(args.rate)},
            )
            started = time.monotonic()
            progress = {"stalls": 0}
            try:
                await bot.start()
                while fuzz.total() < args.count:
                    for _ in range(args.chunk):
                        if fuzz.total() >= args.count:
                            break
                        fuzz.act(
                            rng.choice(
                                users[: max(5, args.users // 10)] if rng.random() < 0.3 else users
                            )
                        )
                    # wait until the bot has fetched the burst and gone quiet for a moment
                    if not await wait_until(lambda: not api.pending_updates, timeout=60.0):
                        progress["stalls"] += 1
                    await wait_until(
                        lambda: False, timeout=30.0, quiet=0.5, progress=lambda: len(api.calls)
                    )
                    if time.monotonic() - started > args.timeout:
                        break
                await wait_until(
                    lambda: False, timeout=60.0, quiet=3.0, progress=lambda: len(api.calls)
                )
                code, _, _ = await bot.terminate(15.0)
            finally:
                await bot.ensure_stopped()
            seconds = time.monotonic() - started
            log = bot.log_text()
            replies = [c for c in api.calls if c.method not in ("getUpdates", "getMe")]
            unanswered = sum(1 for q in fuzz.queries if api.answered(q) is None)
            went_wrong = sum(1 for m in api.all_messages() if texts.ERROR in (m.text or ""))
            locked_replies = sum(
                1 for m in api.all_messages() if "database is locked" in (m.text or "")
            )
            checks = await consistency(url)
            return {
                "database": url.split(":", 1)[0],
                "seed": args.seed,
                "updates sent": fuzz.total(),
                "by kind": dict(fuzz.sent.most_common()),
                "seconds": round(seconds, 1),
                "Bot API calls (replies, edits, answers)": len(replies),
                "  refused (4xx)": sum(1 for c in replies if 400 <= c.status < 500),
                "  by method, status": dict(
                    Counter(
                        f"{c.method} {c.status} {(c.description or '')[:40]}"
                        for c in replies
                        if 400 <= c.status < 500
                    ).most_common(6)
                ),
                "presses never answered": unanswered,
                "'something went wrong' replies": went_wrong,
                "tracebacks in logs": tracebacks(log),
                "ERROR lines in log": log.count(" ERROR "),
                "WARNING lines in log": log.count(" WARNING "),
                "'database is locked' in log": log.count("database is locked"),
                "'database is locked' in replies": locked_replies,
                "updates left unfetched at the end": len(api.pending_updates),
                "bursts not fetched within 60 s": progress["stalls"],
                "exit code on SIGTERM": code,
                "consistency": checks,
                "stand-in errors": standin_errors(api),
                "tracebacks": traceback_summaries(log, limit=8),
                "error lines": [line[:200] for line in log.splitlines() if " ERROR " in line][:8],
            }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m drills fuzz")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=150)
    parser.add_argument("--chunk", type=int, default=50, help="updates pushed at once")
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument(
        "--rate", type=float, default=200.0, help="the bot's TELEGRAM_RATE_LIMIT (msgs/s)"
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--timeout", type=float, default=1500.0)
    args = parser.parse_args(argv)
    if args.db == "sqlite":
        result = asyncio.run(run(args, "sqlite"))
    else:
        from drills.two_instances import fresh_database
        from tests.pg import postgres_server

        admin = os.environ.get("DRILL_POSTGRES_URL")

        async def on_postgres(server: str) -> dict[str, object]:
            return await run(args, await fresh_database(server))

        if admin:
            result = asyncio.run(on_postgres(admin))
        else:
            with postgres_server() as server:
                if server is None:
                    print("fuzz: no PostgreSQL (set DRILL_POSTGRES_URL)")
                    return 2
                result = asyncio.run(on_postgres(server))
    print("fuzz")
    for key, value in result.items():
        print(f"  {key:42} {value}")
    checks = result["consistency"]
    assert isinstance(checks, dict)
    bad = (
        result["tracebacks in logs"]
        or checks["foreign key violations"]
        or checks["open episodes with nothing planned"]
        or checks["users with 2+ pending rows of one nudge chain"]
    )
    return 1 if bad else 0
