"""PTB's AIORateLimiter (about 30 messages/s overall), plus a no-retry mode for the sweep.

Upstream treats ``rate_limit_args=0`` as "use the default" and retries a 429 by sleeping. The
reminder sweep wants the 429 itself, to put the row back at Telegram's retry time and stop the
tick, so it passes ``NO_RETRY``: the same limits apply, but a RetryAfter is raised at once.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import AIORateLimiter

NO_RETRY = -1
JSONResult = bool | dict[str, Any] | list[dict[str, Any]]


class RateLimiter(AIORateLimiter):
    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSONResult:
        if rate_limit_args != NO_RETRY:
            return await super().process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )
        return await self._run_request(
            chat=data.get("chat_id") is not None,
            group=False,
            allow_paid_broadcast=False,
            callback=callback,
            args=args,
            kwargs=kwargs,
        )
