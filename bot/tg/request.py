"""PTB's HTTPX transport, without an ERROR traceback for every non-JSON answer.

When Telegram (or a proxy in front of it) answers 502 with an HTML page, PTB logs "Can not load
invalid JSON data" with a traceback at ERROR and then raises ``NetworkError("Bad Gateway
(502) ...")`` anyway. The caller already handles that error (the sweep retries the reminder with
a backoff and logs one WARNING with the status), so the extra ERROR is noise that hides real
failures. This transport raises the same error without logging.
"""

from __future__ import annotations

import json
from typing import Any

from telegram.error import TelegramError
from telegram.request import HTTPXRequest


class QuietRequest(HTTPXRequest):
    @staticmethod
    def parse_json_payload(payload: bytes) -> dict[str, Any]:
        try:
            data = json.loads(payload.decode("utf-8", "replace"))
        except ValueError as exc:
            raise TelegramError("Invalid server response") from exc
        if not isinstance(data, dict):
            raise TelegramError("Invalid server response")
        return data
