"""Webhook mode: the ASGI app served over HTTP takes updates only with the secret header."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.tg.webhook import MAX_BODY, SECRET_HEADER, webhook_app

from .conftest import USER, Harness
from .standin import LocalServer

SECRET = "s3cret-header-value"


def _update(update_id: int, text: str) -> dict[str, object]:
    user = {"id": USER, "is_bot": False, "first_name": "Ann"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": 1764061200,
            "chat": {"id": USER, "type": "private", "first_name": "Ann"},
            "from": user,
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        },
    }


async def test_webhook_checks_the_secret_and_feeds_the_bot(harness: Harness) -> None:
    app = webhook_app(harness.app, SECRET)
    async with LocalServer(app) as server, httpx.AsyncClient(base_url=server.url) as client:
        health = await client.get("/healthz")
        assert health.status_code == 200
        assert health.json() == {"ok": True}
        refused = await client.post("/telegram", json=_update(900001, "/start"))
        assert refused.status_code == 403
        wrong = await client.post(
            "/telegram", json=_update(900002, "/start"), headers={SECRET_HEADER: "nope"}
        )
        assert wrong.status_code == 403
        junk = await client.post(
            "/telegram", content=b"{not json", headers={SECRET_HEADER: SECRET}
        )
        assert junk.status_code == 400
        harness.api.mark(USER)
        ok = await client.post(
            "/telegram", json=_update(900003, "/start"), headers={SECRET_HEADER: SECRET}
        )
        assert ok.status_code == 200
        welcome = await harness.api.next_message(USER)
        assert "I'm 18+ and I understand" in welcome.button_texts


def _rss_bytes() -> int:
    resident = Path("/proc/self/statm").read_text().split()[1]
    return int(resident) * os.sysconf("SC_PAGE_SIZE")


MARKER = "zq-body-marker"
ODD_BODIES = [
    b"[]",
    b"123",
    b"null",
    b'"x"',
    b"true",
    b"",
    b"{not json",
    b'{"message": "x"}',
    b'{"update_id": 7, "message": "x"}',
    b'{"update_id": "7"}',
    b'{"update_id": 99999999999999999999999}',
    b'{"update_id": -1}',
    b'{"update_id": 7.5}',
    b'{"update_id": 7, "message": {"message_id": 1}}',
    b'{"update_id": 7, "callback_query": [1, 2]}',
    b'{"update_id": 7, "message": {"text": "' + MARKER.encode() + b'"}}',
    b"[" * 100_000 + b"]" * 100_000,
    b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    b'{"update_id": 7, "x": "\xff\xfe\xfd"}',
    b"\xff\xfe\x00\x00garbage",
    b'{"update_id": 7, "message": {"text": "\\ud800' + MARKER.encode() + b'"}}',
]


async def test_any_odd_body_gets_a_4xx_and_no_traceback(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    """Forged or broken JSON on the webhook route: a 4xx, one warning without the body, no
    traceback, and the bot goes on answering real updates."""
    app = webhook_app(harness.app, SECRET)
    caplog.set_level(logging.DEBUG)
    async with LocalServer(app) as server, httpx.AsyncClient(base_url=server.url) as client:
        for body in ODD_BODIES:
            caplog.clear()
            answer = await client.post(
                "/telegram",
                content=body,
                headers={SECRET_HEADER: SECRET, "Content-Type": "application/json"},
            )
            assert 400 <= answer.status_code < 500, (body[:60], answer.status_code)
            assert [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR] == []
            warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
            assert len(warnings) == 1, (body[:60], [r.getMessage() for r in caplog.records])
            assert MARKER not in caplog.text
        harness.api.mark(USER)
        ok = await client.post(
            "/telegram", json=_update(900010, "/start"), headers={SECRET_HEADER: SECRET}
        )
        assert ok.status_code == 200
        welcome = await harness.api.next_message(USER)
        assert "I'm 18+ and I understand" in welcome.button_texts
    assert harness.processed == 1


async def test_a_body_over_the_limit_is_refused_with_413(harness: Harness) -> None:
    app = webhook_app(harness.app, SECRET)
    async with LocalServer(app) as server, httpx.AsyncClient(base_url=server.url) as client:
        big = b'{"update_id": 1, "pad": "' + b"x" * MAX_BODY + b'"}'
        answer = await client.post("/telegram", content=big, headers={SECRET_HEADER: SECRET})
        assert answer.status_code == 413
        # Without the secret it is still a 403 first: nothing is read for a stranger.
        stranger = await client.post("/telegram", content=big)
        assert stranger.status_code == 403
        # A too-large Content-Length is refused at once, before any of the body is sent.
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        writer.write(
            b"POST /telegram HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + f"{SECRET_HEADER}: {SECRET}\r\n".encode()
            + b"Content-Type: application/json\r\nContent-Length: 300000000\r\n\r\n"
        )
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), timeout=5)
        writer.close()
        assert status_line.split()[1] == b"413"


async def test_a_300_mb_streamed_body_does_not_grow_the_process(harness: Harness) -> None:
    """The size limit is enforced while reading: 300 MB, chunked (no Content-Length), with the
    right secret, gets a 413 and the process (server and client here) grows by < 30 MB."""
    app = webhook_app(harness.app, SECRET)
    chunk = b"[" * 65_536
    total = 300 * 1024 * 1024
    peak = baseline = _rss_bytes()

    async def body() -> AsyncIterator[bytes]:
        nonlocal peak
        for i in range(total // len(chunk)):
            if i % 16 == 0:
                peak = max(peak, _rss_bytes())
            yield chunk

    async with LocalServer(app) as server, httpx.AsyncClient(base_url=server.url) as client:
        answer = await client.post(
            "/telegram", content=body(), headers={SECRET_HEADER: SECRET}, timeout=120
        )
    peak = max(peak, _rss_bytes())
    assert answer.status_code == 413
    assert peak - baseline < 30 * 1024 * 1024, f"grew by {(peak - baseline) / 2**20:.0f} MB"
