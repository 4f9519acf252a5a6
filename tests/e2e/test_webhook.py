"""Webhook mode: the ASGI app served over HTTP takes updates only with the secret header."""

from __future__ import annotations

import httpx

from bot.tg.webhook import SECRET_HEADER, webhook_app

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
