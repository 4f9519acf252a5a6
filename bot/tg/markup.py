"""Telegram HTML: escape what the bot did not write, and read a message back as HTML.

Telegram's HTML parse mode needs only ``<``, ``>`` and ``&`` escaped in text; quotes are left as
they are, so an apostrophe never travels as ``&#x27;`` (and cannot come back escaped twice when a
message is edited with its own text).
"""

from __future__ import annotations

import html

from telegram import Message


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def message_html(message: object) -> str:
    """The text of one of the bot's messages as HTML, to edit it keeping its formatting."""
    if not isinstance(message, Message) or not message.text:
        return ""
    return message.text_html.replace("&#x27;", "'").replace("&quot;", '"')
