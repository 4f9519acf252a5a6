"""restart-burst: 1,500 /help from many users; stop the bot mid-burst; restart; count answers.

Variants: ``sigterm`` (SIGTERM, then kill -9 if it has not exited within ``--grace`` s, as a
container runtime does) and ``kill9`` (kill -9). Every /help must be answered exactly once
across the two runs: the figures are ``unanswered`` (target 0) and ``doubled``.

    python -m drills restart-burst [--updates 1500] [--users 300] [--after 3] [--grace 10]
                                   [--variant sigterm|kill9|both] [--mode polling|webhook]

Webhook mode: the stand-in POSTs each update to the bot's webhook route (port chosen free on
127.0.0.1) and redelivers whatever did not get a 200, as Telegram does.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import socket
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

from drills.common import (
    BotProcess,
    standin_errors,
    traceback_summaries,
    tracebacks,
    wait_until,
)
from tests.e2e.standin import BotApiStandin

FIRST_USER = 500_000
WEBHOOK_SECRET = secrets.token_urlsafe(24)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


DRILL_TIMEOUT = 600.0


async def run_variant(variant: str, args: argparse.Namespace, workdir: Path) -> dict[str, object]:
    async with BotApiStandin() as api:
        users = [FIRST_USER + n for n in range(args.users)]
        for user in users:
            api.user(user)
        expected: Counter[int] = Counter()
        for n in range(args.updates):
            user = users[n % len(users)]
            api.send_text(user, "/help")
            expected[user] += 1

        def answered() -> int:
            return sum(1 for call in api.calls if call.method == "sendMessage" and call.ok)

        env: dict[str, str] = {}
        if args.mode == "webhook":
            port = free_port()
            env = {
                "BOT_MODE": "webhook",
                "WEBHOOK_URL": f"http://127.0.0.1:{port}",
                "WEBHOOK_SECRET": WEBHOOK_SECRET,
                "LISTEN_HOST": "127.0.0.1",
                "LISTEN_PORT": str(port),
            }
            async with httpx.AsyncClient() as client:
                response = await client.post(
                    f"{api.bot_api_url}{api.token}/setWebhook",
                    data={
                        "url": f"http://127.0.0.1:{port}/telegram",
                        "secret_token": WEBHOOK_SECRET,
                    },
                )
                response.raise_for_status()
        bot = BotProcess(
            api,
            f"sqlite+aiosqlite:///{workdir / f'{args.mode}-{variant}.sqlite3'}",
            workdir,
            name=f"{args.mode}-{variant}",
            extra_env=env,
        )
        try:
            await bot.start()
            if not await wait_until(lambda: answered() > 0, timeout=60):
                raise RuntimeError(f"the bot answered nothing:\n{bot.log_tail()}")
            await asyncio.sleep(args.after)  # a drill, not a test: the burst is under way
            before_stop = answered()
            pending_at_stop = len(api.pending_updates)
            if variant == "kill9":
                await bot.kill()
                code: int | None = bot.proc.returncode if bot.proc else None
                stop_seconds, killed = 0.0, True
            else:
                code, stop_seconds, killed = await bot.terminate(args.grace)
            first_run = answered()
            await bot.start()
            await wait_until(
                lambda: answered() >= args.updates,
                timeout=DRILL_TIMEOUT,
                quiet=45.0,
                progress=answered,
            )
            await bot.terminate(args.grace)
        finally:
            await bot.ensure_stopped()
        got: Counter[int] = Counter(m.chat_id for m in api.all_messages())
        unanswered = sum(max(0, expected[u] - got[u]) for u in users)
        doubled = sum(max(0, got[u] - expected[u]) for u in users)
        return {
            "mode": args.mode,
            "variant": variant,
            "updates": args.updates,
            "answered before stop": before_stop,
            "not yet fetched at stop": pending_at_stop,
            "answered by the first run": first_run,
            "stop: exit code": code,
            "stop: seconds": round(stop_seconds, 2),
            "stop: needed kill -9": killed,
            "unanswered": unanswered,
            "doubled": doubled,
            "tracebacks in logs": tracebacks(bot.log_text()),
            "stand-in errors": standin_errors(api),
            "tracebacks": traceback_summaries(bot.log_text()),
        }


async def run(args: argparse.Namespace) -> list[dict[str, object]]:
    variants = ["sigterm", "kill9"] if args.variant == "both" else [args.variant]
    results = []
    with tempfile.TemporaryDirectory(prefix="drill-restart-") as tmp:
        for variant in variants:
            started = time.monotonic()
            result = await run_variant(variant, args, Path(tmp))
            result["seconds"] = round(time.monotonic() - started, 1)
            results.append(result)
            print(f"restart-burst [{args.mode}, {variant}]")
            for key, value in result.items():
                print(f"  {key:28} {value}")
    return results


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m drills restart-burst")
    parser.add_argument("--updates", type=int, default=1500)
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument(
        "--after", type=float, default=3.0, help="seconds after the first answer before the stop"
    )
    parser.add_argument(
        "--grace", type=float, default=10.0, help="seconds a SIGTERM gets before kill -9"
    )
    parser.add_argument("--mode", choices=["polling", "webhook"], default="polling")
    parser.add_argument("--variant", choices=["sigterm", "kill9", "both"], default="both")
    args = parser.parse_args(argv)
    results = asyncio.run(run(args))
    return 0 if all(r["unanswered"] == 0 for r in results) else 1
