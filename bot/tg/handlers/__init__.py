"""Handlers, registered in a visible order by ``all_handlers()``."""

from __future__ import annotations

from typing import Any

from telegram.ext import BaseHandler

from bot.tg.handlers import (
    checkin,
    fallback,
    language,
    members,
    records,
    reminders,
    safety,
    settings,
    start,
    timezone,
    triage,
)

Handlers = list[tuple[int, BaseHandler[Any, Any, Any]]]


def all_handlers() -> Handlers:
    """(group, handler) pairs. Group -3 guards (private chats only), -2 lets a command end a
    waiting typed question, -1 reads typed red flags before anything else; group 0 features, then
    fallbacks last (within a group the first matching handler wins)."""
    return [
        *members.handlers(),
        *safety.handlers(),
        *start.handlers(),
        *triage.handlers(),
        *reminders.handlers(),
        *checkin.handlers(),
        *timezone.handlers(),
        *settings.handlers(),
        *language.handlers(),
        *records.handlers(),
        *fallback.handlers(),
    ]
