"""Webhook mode: a small ASGI app (Starlette) served by uvicorn, for running many instances.

POST /telegram takes updates; it checks ``X-Telegram-Bot-Api-Secret-Token`` in constant time.
GET /healthz answers 200 when the database answers. ``setWebhook`` is a deploy step
(``python -m bot set-webhook``), not something every replica does at start-up.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import signal
from collections.abc import Iterator

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from telegram import Update

from bot.config import Settings
from bot.db.engine import ping
from bot.tg.app import BotApplication, running

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
MAX_BODY = 1_000_000
MAX_INT64 = 2**63 - 1


def webhook_app(application: BotApplication, secret: str) -> Starlette:
    async def telegram(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return Response(status_code=403)
        body = await read_limited(request, MAX_BODY)
        if body is None:
            log.warning("webhook: a body over %s bytes was refused", MAX_BODY)
            return Response(status_code=413)
        if parse_update(body, application) is None:  # refused, logged once without the body
            return Response(status_code=400)
        raw = json.loads(body)  # valid: parse_update read it
        # 200 tells Telegram the update is ours: only once it is stored (bot.tg.intake).
        try:
            await application.bot_data.intake.receive([raw])
        except Exception as exc:
            log.warning(
                "webhook: could not store an update (%s); Telegram will retry",
                type(exc).__name__,
            )
            return Response(status_code=503)
        return Response(status_code=200)

    async def health(_request: Request) -> Response:
        try:
            await ping(application.bot_data.services.engine)
        except Exception:
            log.exception("health check: database unavailable")
            return JSONResponse({"ok": False}, status_code=503)
        return JSONResponse({"ok": True})

    return Starlette(
        routes=[
            Route("/telegram", telegram, methods=["POST"]),
            Route("/healthz", health, methods=["GET"]),
        ]
    )


async def read_limited(request: Request, limit: int) -> bytes | None:
    """The body, or None as soon as it is known to exceed ``limit`` bytes: a declared
    Content-Length over the limit is refused before reading, and a streamed (chunked) body is
    read only up to the limit, so an oversized body never sits in memory."""
    declared = request.headers.get("content-length")
    if declared is not None and not (declared.isascii() and declared.isdigit()):
        return None
    if declared is not None and int(declared) > limit:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)


def parse_update(body: bytes, application: BotApplication) -> Update | None:
    """An ``Update`` from the body, or None (logged once, without the body) for anything that
    is not one: not JSON, not UTF-8, too deeply nested, not an object, a bad ``update_id``, or
    fields PTB cannot read."""
    data = _update_object(body)
    if isinstance(data, str):
        why = data
    else:
        try:
            return Update.de_json(data, application.bot)
        except Exception as exc:  # forged input: any failure in PTB's parsing is a refusal
            why = f"unreadable fields ({type(exc).__name__})"
    log.warning("webhook: an update that does not parse was refused: %s", why)
    return None


def _update_object(body: bytes) -> dict[str, object] | str:
    """The body's JSON object if it has a valid ``update_id``, else why not."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        return type(exc).__name__
    if not isinstance(data, dict):
        return f"a JSON {type(data).__name__}, not an object"
    if not _is_update_id(data.get("update_id")):
        return "no valid update_id"
    return data


def _is_update_id(value: object) -> bool:
    return type(value) is int and 0 <= value <= MAX_INT64


async def serve_webhook(settings: Settings, application: BotApplication) -> None:
    """Run the PTB application and the ASGI server together until a signal stops uvicorn."""
    if settings.webhook_secret is None:
        raise ValueError("WEBHOOK_SECRET is required in webhook mode")
    app = webhook_app(application, settings.webhook_secret.get_secret_value())
    config = uvicorn.Config(
        app,
        host=settings.listen_host,
        port=settings.listen_port,
        log_level="warning",
        lifespan="off",
        access_log=False,
    )
    server = _Server(config)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, server.stop)
    try:
        async with running(application):
            await server.serve()
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)


class _Server(uvicorn.Server):
    """uvicorn, with SIGTERM/SIGINT left to us: uvicorn's own handling re-raises the signal
    once it has stopped, which killed the process before the Application could stop."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield

    def stop(self) -> None:
        """Stop taking requests, let those in progress finish; then ``serve()`` returns."""
        self.should_exit = True


async def set_webhook(settings: Settings, application: BotApplication) -> None:
    """The deploy step: point Telegram at WEBHOOK_URL with the shared secret."""
    if settings.webhook_url is None or settings.webhook_secret is None:
        raise ValueError("WEBHOOK_URL and WEBHOOK_SECRET are required to set the webhook")
    async with application:
        await application.bot.set_webhook(
            url=f"{str(settings.webhook_url).rstrip('/')}/telegram",
            secret_token=settings.webhook_secret.get_secret_value(),
            allowed_updates=Update.ALL_TYPES,
        )
