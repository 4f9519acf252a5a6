"""Handlers, registered in a visible order by ``all_handlers()``."""

from __future__ import annotations

from typing import Any

from telegram.ext import BaseHandler

from bot.tg.handlers import fallback, members, start

Handlers = list[tuple[int, BaseHandler[Any, Any, Any]]]


def all_handlers() -> Handlers:
    """(group, handler) pairs. Group -1 guards (private chats only); 0 features; 9 fallbacks."""
    return [
        *members.handlers(),
        *start.handlers(),
        *fallback.handlers(),
    ]
