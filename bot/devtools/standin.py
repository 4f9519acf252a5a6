"""A real-HTTP stand-in for the Telegram Bot API, for end-to-end tests and `make chat`.

The stand-in is a Starlette app served by uvicorn on ``127.0.0.1`` (a free port) inside the
test's event loop. Point the bot at it exactly as production points it at Telegram::

    async with BotApiStandin() as api:
        app = (
            ApplicationBuilder()
            .token(api.token)
            .base_url(api.bot_api_url)  # f"{api.base_url}/bot"
            .base_file_url(api.file_api_url)  # f"{api.base_url}/file/bot"
            .build()
        )
        ...
        api.send_text(1, "/start")  # user 1 writes to the bot
        reply = await api.next_message(1)  # the bot's next message to user 1
        api.press(1, reply, "yes")  # user 1 presses an inline button

Calls arrive as ``POST /bot<token>/<method>`` (form-encoded, or multipart with uploads, exactly as
PTB sends them) and files are served from ``GET /file/bot<token>/<file_path>``. Responses have the
real Bot API shape (``{"ok": true, "result": ...}`` / ``{"ok": false, "error_code": ...,
"description": ...}``) and the same HTTP status codes, so PTB raises the same exceptions it would
raise against Telegram.

What Telegram would refuse is refused here too (so e2e tests catch the bug): unknown chats, chats
that blocked the bot, over-long texts, invalid ``callback_data``, unparsable HTML/Markdown
(``strict_entities``), edits of missing messages, edits that change nothing, double answers to a
callback query, getUpdates while a webhook is set, two concurrent getUpdates.

Nothing here sleeps: waiting helpers wake on every recorded call and state change.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import html
import itertools
import json
import math
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Final, Self, TypeVar

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

__all__ = [
    "DEFAULT_TOKEN",
    "AnsweredCallback",
    "ApiCall",
    "ApiError",
    "BotApiStandin",
    "BotMessage",
    "LocalServer",
    "StoredFile",
    "TgUser",
    "UploadedFile",
    "WebhookDelivery",
]

JSON = dict[str, Any]
_T = TypeVar("_T")

#: Token the stand-in accepts unless told otherwise (the part before ``:`` is the bot's user id).
DEFAULT_TOKEN: Final = "7000000001:AAStandInTokenForEndToEndTests_0123456"

_NOT_MODIFIED: Final = (
    "message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
_QUERY_INVALID: Final = "query is too old and response timeout expired or query ID is invalid"
_DEFAULT_DESCRIPTIONS: Final[dict[int, str]] = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request",
    500: "Internal Server Error",
    502: "Bad Gateway",
}
_CHAT_ACTIONS: Final = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
#: Methods that count against flood control (sends and edits), when it is switched on.
FLOOD_METHODS: Final = frozenset(
    {
        "sendMessage",
        "editMessageText",
        "editMessageCaption",
        "editMessageReplyMarkup",
        "sendPhoto",
        "sendDocument",
        "sendVoice",
    }
)
#: Update types Telegram leaves out unless ``allowed_updates`` asks for them.
_OPT_IN_UPDATES: Final = frozenset({"chat_member", "message_reaction", "message_reaction_count"})

# How PTB encodes values: strings as-is, everything else JSON-dumped. We decode per known field so
# that ``text="123"`` stays a string.
_JSON_FIELDS: Final = frozenset(
    {
        "reply_markup",
        "commands",
        "scope",
        "entities",
        "caption_entities",
        "link_preview_options",
        "reply_parameters",
        "allowed_updates",
        "media",
        "results",
        "permissions",
        "menu_button",
        "reaction",
        "message_ids",
    }
)
_INT_FIELDS: Final = frozenset(
    {
        "message_id",
        "from_chat_id",
        "offset",
        "limit",
        "timeout",
        "cache_time",
        "user_id",
        "message_thread_id",
        "duration",
        "width",
        "height",
        "max_connections",
        "until_date",
        "live_period",
        "heading",
        "proximity_alert_radius",
        "reply_to_message_id",
    }
)
_BOOL_FIELDS: Final = frozenset(
    {
        "show_alert",
        "disable_notification",
        "protect_content",
        "drop_pending_updates",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "has_spoiler",
        "disable_content_type_detection",
        "show_caption_above_media",
        "allow_paid_broadcast",
        "for_channels",
        "is_personal",
    }
)
_FLOAT_FIELDS: Final = frozenset({"latitude", "longitude", "horizontal_accuracy"})
_INT_RE: Final = re.compile(r"-?\d+")
# How long a test waits for an event before it fails. Tests wait on the event itself; this is
# only the upper bound, generous so that a busy machine never fails a test (issue 12, bug 8).
WAIT_LIMIT = 60.0
# Button label widths a phone shows whole (issue 13): in a row of two or more, and alone.
LABEL_SHORT: Final = 24
LABEL_WIDE: Final = 40
_COMMAND_RE: Final = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")
_BOT_COMMAND_RE: Final = re.compile(r"[a-z0-9_]{1,32}")
_SECRET_RE: Final = re.compile(r"[A-Za-z0-9_-]{1,256}")


# --------------------------------------------------------------------------------------------
# Public records
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadedFile:
    """One file part of a multipart request (what the bot uploaded)."""

    field: str
    filename: str | None
    content_type: str | None
    content: bytes


@dataclass
class ApiCall:
    """One Bot API request the bot made, with the decoded parameters and the response sent."""

    method: str
    params: JSON
    files: dict[str, UploadedFile]
    at: float
    """Arrival time in seconds since the stand-in started (monotonic clock)."""
    status: int = 0
    response: JSON = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether the stand-in answered ``{"ok": true}``."""
        return self.status == 200

    @property
    def result(self) -> Any:
        """The ``result`` of a successful call (``None`` for failed calls)."""
        return self.response.get("result")

    @property
    def description(self) -> str | None:
        """The error description of a failed call."""
        value = self.response.get("description")
        return value if isinstance(value, str) else None


@dataclass(frozen=True)
class AnsweredCallback:
    """An ``answerCallbackQuery`` the bot made."""

    id: str
    text: str | None
    show_alert: bool
    url: str | None
    at: float


@dataclass(frozen=True)
class WebhookDelivery:
    """One attempt to POST an update to the bot's webhook."""

    update_id: int
    at: float
    status_code: int | None
    error: str | None


@dataclass
class StoredFile:
    """A file the stand-in can hand out via ``getFile`` and serve for download."""

    file_id: str
    file_unique_id: str
    content: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None

    def to_json(self) -> JSON:
        """The Bot API ``File`` object (without the download URL prefix)."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
            "file_path": self.file_path,
        }


@dataclass
class TgUser:
    """A Telegram user the tests act as (their private chat id equals their user id)."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = "en"

    def to_json(self) -> JSON:
        """The Bot API ``User`` object."""
        data: JSON = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data

    def chat_json(self) -> JSON:
        """The Bot API ``Chat`` object of this user's private chat with the bot."""
        data: JSON = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        return data


@dataclass
class BotMessage:
    """A message the bot sent, in its current state (edits are applied in place).

    ``text`` is exactly what the bot sent (markup included, e.g. ``"<b>Hi</b>"``); for media it
    is the caption. ``plain_text`` is what the user sees (``"Hi"``) and ``entities`` the
    formatting Telegram derived from ``parse_mode``.
    """

    chat_id: int
    message_id: int
    kind: str
    """``"text"``, ``"photo"``, ``"document"`` or ``"voice"``."""
    text: str | None
    plain_text: str | None
    entities: list[JSON]
    parse_mode: str | None
    reply_markup: JSON | None
    """The ``reply_markup`` as sent (inline keyboard, reply keyboard, remove, force reply)."""
    disable_notification: bool
    protect_content: bool
    date: int
    seq: int
    """Global send order across all chats (used by :meth:`BotApiStandin.next_message`)."""
    reply_to_message_id: int | None = None
    link_preview_options: JSON | None = None
    media: JSON | list[JSON] | None = None
    """The ``photo`` sizes / ``document`` / ``voice`` object Telegram returned."""
    upload: UploadedFile | None = None
    """The uploaded bytes, when the bot uploaded a file (rather than re-using a file_id)."""
    edited: bool = False
    edit_count: int = 0
    edit_date: int | None = None
    deleted: bool = False

    @property
    def caption(self) -> str | None:
        """The caption of a media message (``None`` for text messages)."""
        return self.text if self.kind != "text" else None

    @property
    def inline_keyboard(self) -> list[list[JSON]]:
        """The inline keyboard rows as raw button dicts (``[]`` when there is none)."""
        if not self.reply_markup:
            return []
        rows = self.reply_markup.get("inline_keyboard")
        return rows if isinstance(rows, list) else []

    @property
    def buttons(self) -> list[list[tuple[str, str | None]]]:
        """Inline buttons as rows of ``(text, callback_data)`` (``callback_data`` is ``None`` for
        URL and other non-callback buttons)."""
        return [
            [(str(button.get("text")), button.get("callback_data")) for button in row]
            for row in self.inline_keyboard
        ]

    @property
    def button_texts(self) -> list[str]:
        """All inline button labels, row by row, flattened."""
        return [text for row in self.buttons for text, _ in row]

    @property
    def callback_data(self) -> list[str]:
        """All inline buttons' ``callback_data``, row by row, flattened."""
        return [data for row in self.buttons for _, data in row if data is not None]

    @property
    def reply_keyboard(self) -> list[list[str]]:
        """Labels of a ``ReplyKeyboardMarkup`` (``[]`` when there is none)."""
        if not self.reply_markup or not isinstance(self.reply_markup.get("keyboard"), list):
            return []
        return [
            [button["text"] if isinstance(button, dict) else str(button) for button in row]
            for row in self.reply_markup["keyboard"]
        ]

    def button(self, text: str) -> JSON:
        """The inline button labelled ``text``; raises ``AssertionError`` listing the labels."""
        for row in self.inline_keyboard:
            for button in row:
                if button.get("text") == text:
                    return button
        raise AssertionError(
            f"message {self.message_id} in chat {self.chat_id} has no button {text!r}; "
            f"buttons: {self.buttons}"
        )

    def _inline_markup(self) -> JSON | None:
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            return self.reply_markup
        return None


class ApiError(Exception):
    """An error response of the Bot API (raised inside method handlers)."""

    def __init__(
        self,
        error_code: int,
        description: str,
        *,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after
        self.migrate_to_chat_id = migrate_to_chat_id
        self.html = False

    def to_json(self) -> JSON:
        """The Bot API error body."""
        body: JSON = {"ok": False, "error_code": self.error_code, "description": self.description}
        parameters: JSON = {}
        if self.retry_after is not None:
            parameters["retry_after"] = self.retry_after
        if self.migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = self.migrate_to_chat_id
        if parameters:
            body["parameters"] = parameters
        return body


def _bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


@dataclass
class _Fault:
    method: str
    error: ApiError | None
    delay: float
    remaining: int
    chat_id: int | str | None


@dataclass
class _CallbackQuery:
    id: str
    chat_id: int
    message_id: int
    answered: bool = False


# --------------------------------------------------------------------------------------------
# Formatting (parse_mode) - close enough to tdlib to reject what Telegram rejects
# --------------------------------------------------------------------------------------------


class _EntityError(Exception):
    pass


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _TextBuilder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.offset = 0
        self.entities: list[JSON] = []

    def emit(self, text: str) -> None:
        self.parts.append(text)
        self.offset += _utf16_len(text)

    def entity(self, kind: str, start: int, **extra: Any) -> None:
        if self.offset > start:
            self.entities.append(
                {"type": kind, "offset": start, "length": self.offset - start, **extra}
            )

    def result(self) -> tuple[str, list[JSON]]:
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.parts), self.entities


_HTML_TAGS: Final[dict[str, str]] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_HTML_TAG_NAME_RE: Final = re.compile(r"[a-zA-Z][a-zA-Z0-9-]*")
_HTML_NAMED: Final = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_ENTITY_RE: Final = re.compile(r"&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
_HTML_ATTR_RE: Final = re.compile(
    r"""\s*([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?"""
)


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode())


def _decode_html_entity(token: str) -> str | None:
    try:
        if token.startswith("#x"):
            return chr(int(token[2:], 16))
        if token.startswith("#"):
            return chr(int(token[1:]))
    except (ValueError, OverflowError):
        return None
    return _HTML_NAMED.get(token)


def _parse_html(text: str) -> tuple[str, list[JSON]]:
    out = _TextBuilder()
    stack: list[tuple[str, int, dict[str, str]]] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "&":
            match = _HTML_ENTITY_RE.match(text, i)
            decoded = _decode_html_entity(match.group(1)) if match else None
            if match and decoded is not None:
                out.emit(decoded)
                i = match.end()
            else:
                out.emit("&")
                i += 1
            continue
        if char != "<":
            out.emit(char)
            i += 1
            continue
        offset = _byte_offset(text, i)
        if text.startswith("</", i):
            end = text.find(">", i)
            if end == -1:
                raise _EntityError(f"Unclosed end tag at byte offset {offset}")
            name = text[i + 2 : end].strip().lower()
            if not stack:
                raise _EntityError(f"Unexpected end tag at byte offset {offset}")
            open_name, start, attrs = stack.pop()
            if name != open_name:
                raise _EntityError(
                    f'Unmatched end tag at byte offset {offset}, expected "</{open_name}>", '
                    f'found "</{name}>"'
                )
            _close_html_tag(out, stack, open_name, start, attrs)
            i = end + 1
            continue
        name_match = _HTML_TAG_NAME_RE.match(text, i + 1)
        name = name_match.group(0).lower() if name_match else ""
        if name not in _HTML_TAGS:
            raise _EntityError(f'Unsupported start tag "{name}" at byte offset {offset}')
        end = text.find(">", i)
        if end == -1:
            raise _EntityError(f"Unclosed start tag at byte offset {offset}")
        attrs = {
            m.group(1).lower(): html.unescape(next((g for g in m.groups()[1:] if g), ""))
            for m in _HTML_ATTR_RE.finditer(text[i + 1 + len(name) : end].rstrip("/"))
        }
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise _EntityError(f'Tag "span" must have class "tg-spoiler" at byte offset {offset}')
        stack.append((name, out.offset, attrs))
        i = end + 1
    if stack:
        raise _EntityError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return out.result()


def _close_html_tag(
    out: _TextBuilder,
    stack: list[tuple[str, int, dict[str, str]]],
    name: str,
    start: int,
    attrs: dict[str, str],
) -> None:
    kind = _HTML_TAGS[name]
    if kind == "text_link":
        if href := attrs.get("href"):
            out.entity("text_link", start, url=href)
    elif kind == "custom_emoji":
        out.entity("custom_emoji", start, custom_emoji_id=attrs.get("emoji-id", ""))
    elif kind == "code" and stack and stack[-1][0] == "pre":
        language = attrs.get("class", "")
        if language.startswith("language-"):
            stack[-1][2]["language"] = language.removeprefix("language-")
        else:
            out.entity("code", start)
    elif kind == "pre":
        extra = {"language": attrs["language"]} if attrs.get("language") else {}
        out.entity("pre", start, **extra)
    elif kind == "blockquote":
        out.entity("expandable_blockquote" if "expandable" in attrs else "blockquote", start)
    else:
        out.entity(kind, start)


_MDV2_RESERVED: Final = frozenset("_*[]()~`>#+-=|{}.!")
_MDV2_NAMES: Final = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
}


def _find_unescaped(text: str, needle: str, start: int) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(needle, i):
            return i
        i += 1
    return -1


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text, flags=re.DOTALL)


def _parse_markdown_v2(text: str) -> tuple[str, list[JSON]]:
    out = _TextBuilder()
    stack: list[tuple[str, int, int]] = []  # (entity kind, start offset, byte offset)
    i, n = 0, len(text)

    def toggle(kind: str, width: int) -> None:
        if stack and stack[-1][0] == kind:
            _, start, _ = stack.pop()
            out.entity(kind, start)
        elif any(entry[0] == kind for entry in stack):
            top_kind, _, top_offset = stack[-1]
            raise _EntityError(
                f"Can't find end of {_MDV2_NAMES[top_kind]} entity at byte offset {top_offset}"
            )
        else:
            stack.append((kind, out.offset, _byte_offset(text, i)))

    while i < n:
        char = text[i]
        if char == "\\" and i + 1 < n and 0 < ord(text[i + 1]) <= 126:
            out.emit(text[i + 1])
            i += 2
            continue
        if char not in _MDV2_RESERVED:
            out.emit(char)
            i += 1
            continue
        offset = _byte_offset(text, i)
        if text.startswith("```", i):
            end = _find_unescaped(text, "```", i + 3)
            if end == -1:
                raise _EntityError(f"Can't find end of Pre entity at byte offset {offset}")
            body = text[i + 3 : end]
            language = ""
            first, newline, rest = body.partition("\n")
            if newline and first and not any(c.isspace() for c in first):
                language, body = first, rest
            start = out.offset
            out.emit(_unescape(body))
            out.entity("pre", start, **({"language": language} if language else {}))
            i = end + 3
        elif char == "`":
            end = _find_unescaped(text, "`", i + 1)
            if end == -1:
                raise _EntityError(f"Can't find end of Code entity at byte offset {offset}")
            start = out.offset
            out.emit(_unescape(text[i + 1 : end]))
            out.entity("code", start)
            i = end + 1
        elif char == "*":
            toggle("bold", 1)
            i += 1
        elif char == "_" and text.startswith("__", i):
            toggle("underline", 2)
            i += 2
        elif char == "_":
            toggle("italic", 1)
            i += 1
        elif char == "~":
            toggle("strikethrough", 1)
            i += 1
        elif char == "|" and text.startswith("||", i):
            toggle("spoiler", 2)
            i += 2
        elif char == "[":
            stack.append(("text_link", out.offset, offset))
            i += 1
        elif char == "!" and text.startswith("![", i):
            stack.append(("custom_emoji", out.offset, offset))
            i += 2
        elif char == "]" and stack and stack[-1][0] in {"text_link", "custom_emoji"}:
            kind, start, start_offset = stack.pop()
            close = _find_unescaped(text, ")", i + 2) if text.startswith("](", i) else -1
            if close == -1:
                raise _EntityError(
                    f"Can't find end of {_MDV2_NAMES[kind]} entity at byte offset {start_offset}"
                )
            url = _unescape(text[i + 2 : close])
            if kind == "text_link":
                out.entity("text_link", start, url=url)
            else:
                out.entity("custom_emoji", start, custom_emoji_id=url.rpartition("=")[2])
            i = close + 1
        elif char == ">" and (i == 0 or text[i - 1] == "\n"):
            i += 1  # blockquote marker (the entity itself is not modelled)
        else:
            raise _EntityError(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
    if stack:
        kind, _, start_offset = stack[-1]
        raise _EntityError(
            f"Can't find end of {_MDV2_NAMES[kind]} entity at byte offset {start_offset}"
        )
    return out.result()


_MD_UNCLOSED: Final = "Can't find end of the entity starting at byte offset {}"
_MD_LINK_RE: Final = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")


def _parse_markdown(text: str) -> tuple[str, list[JSON]]:
    out = _TextBuilder()
    kinds = {"*": "bold", "_": "italic", "`": "code"}
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        offset = _byte_offset(text, i)
        if char == "\\" and i + 1 < n and text[i + 1] in "_*`[":
            out.emit(text[i + 1])
            i += 2
        elif text.startswith("```", i):
            end = text.find("```", i + 3)
            if end == -1:
                raise _EntityError(_MD_UNCLOSED.format(offset))
            start = out.offset
            out.emit(text[i + 3 : end])
            out.entity("pre", start)
            i = end + 3
        elif char in kinds:
            end = text.find(char, i + 1)
            if end == -1:
                raise _EntityError(_MD_UNCLOSED.format(offset))
            start = out.offset
            out.emit(text[i + 1 : end])
            out.entity(kinds[char], start)
            i = end + 1
        elif char == "[":
            match = _MD_LINK_RE.match(text, i)
            if not match:
                raise _EntityError(_MD_UNCLOSED.format(offset))
            start = out.offset
            out.emit(match.group(1))
            out.entity("text_link", start, url=match.group(2))
            i = match.end()
        else:
            out.emit(char)
            i += 1
    return out.result()


def _format(
    text: str, parse_mode: str | None, entities: Any, *, strict: bool
) -> tuple[str, list[JSON]]:
    """Apply ``parse_mode`` like Telegram: returns (visible text, entities) or raises ApiError."""
    if not parse_mode:
        return text, list(entities) if isinstance(entities, list) else []
    parsers: dict[str, Callable[[str], tuple[str, list[JSON]]]] = {
        "html": _parse_html,
        "markdownv2": _parse_markdown_v2,
        "markdown": _parse_markdown,
    }
    parser = parsers.get(parse_mode.lower())
    if parser is None:
        raise _bad(f"unsupported parse_mode {parse_mode}")
    try:
        return parser(text)
    except _EntityError as exc:
        if not strict:
            return text, []
        raise _bad(f"can't parse entities: {exc}") from None


# --------------------------------------------------------------------------------------------
# Parameter decoding
# --------------------------------------------------------------------------------------------


def _decode_param(name: str, value: str) -> Any:
    """Undo PTB's encoding of one form field (strings as-is, other values as JSON)."""
    if name == "chat_id":
        return int(value) if _INT_RE.fullmatch(value) else value
    if name in _JSON_FIELDS:
        try:
            return json.loads(value)
        except ValueError:
            if name == "reply_markup":
                raise _bad("can't parse reply keyboard markup JSON object") from None
            raise _bad(f"can't parse {name} JSON object") from None
    if name in _INT_FIELDS:
        if not _INT_RE.fullmatch(value.strip()):
            raise _bad(f"invalid {name} specified")
        return int(value)
    if name in _BOOL_FIELDS:
        return value.strip().lower() in {"true", "1"}
    if name in _FLOAT_FIELDS:
        try:
            return float(value)
        except ValueError:
            raise _bad(f"invalid {name} specified") from None
    return value


class _Signal:
    """Broadcast "something changed" to any number of waiters (usable from sync code)."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, seconds: float) -> None:
        """Return after the next :meth:`notify` or after ``seconds``, whichever comes first."""
        event = self._event
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(max(seconds, 0)):
                await event.wait()


def _json_response(body: JSON, status: int) -> Response:
    """JSON as UTF-8; a string with a lone surrogate (a forged update can carry one) is sent as
    a ``\\udXXX`` escape, as JSON allows, instead of failing to encode."""
    try:
        return JSONResponse(body, status_code=status)
    except UnicodeEncodeError:
        content = json.dumps(body, ensure_ascii=True, separators=(",", ":"))
        return Response(content, status_code=status, media_type="application/json")


class LocalServer:
    """Serve an ASGI app with uvicorn on ``127.0.0.1:<free port>`` inside the running loop.

    ``async with LocalServer(app) as server:`` then use ``server.url``. Used by the stand-in and
    handy for serving the bot's own webhook app in e2e tests. Start-up and shut-down take
    milliseconds (uvicorn's own ``serve()`` polls every 100 ms and installs signal handlers).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.port: int | None = None
        self._server: uvicorn.Server | None = None

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        if self.port is None:
            raise RuntimeError("the server is not running")
        return f"http://127.0.0.1:{self.port}"

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def start(self) -> None:
        """Bind a free port and accept connections."""
        config = uvicorn.Config(
            self.app,
            host="127.0.0.1",
            port=0,
            lifespan="off",
            http="h11",
            ws="none",
            log_config=None,
            log_level="warning",
            access_log=False,
        )
        config.load()
        server = uvicorn.Server(config)
        server.lifespan = config.lifespan_class(config)
        await server.startup()
        if not server.started:
            raise RuntimeError("uvicorn did not start")
        await server.on_tick(0)  # sets the default response headers
        self._server = server
        self.port = int(server.servers[0].sockets[0].getsockname()[1])

    async def stop(self, *, grace: float = 2.0) -> None:
        """Stop listening, let in-flight requests finish (up to ``grace`` s), close everything."""
        server, self._server = self._server, None
        if server is None:
            return
        for listener in server.servers:
            listener.close()
        state = server.server_state
        for connection in list(state.connections):
            connection.shutdown()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + grace
        # uvicorn exposes no event for "all connections closed", so poll (briefly).
        while (state.connections or state.tasks) and loop.time() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.002)
        for task in list(state.tasks):
            task.cancel()
        for connection in list(state.connections):
            transport = getattr(connection, "transport", None)
            if transport is not None:
                transport.close()
        for listener in server.servers:
            await listener.wait_closed()


# --------------------------------------------------------------------------------------------
# The stand-in
# --------------------------------------------------------------------------------------------


class BotApiStandin:
    """A Telegram Bot API server for end-to-end tests (see the module docstring).

    Use as ``async with BotApiStandin() as api:`` (or ``await api.start()`` /
    ``await api.stop()``). Everything runs in the caller's event loop; all driving methods are
    synchronous, all waiting methods are coroutines.

    Args:
        token: the only token accepted; other tokens get ``401 Unauthorized``.
        bot_username: the bot's ``username`` in ``getMe``.
        bot_first_name: the bot's ``first_name``.
        strict_entities: reject texts whose ``parse_mode`` markup Telegram could not parse.
        webhook_retry_delay: seconds before re-delivering an update the webhook refused.
        flood_limit: Telegram's flood control, off by default: at most this many sends and
            edits (``FLOOD_METHODS``) in any ``flood_period`` seconds for the whole token,
            counted on arrival; the next one gets ``429 Too Many Requests: retry after N``
            (counted in ``flood_refusals``).
        flood_period: the window of ``flood_limit``, in seconds.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "kneebot_test_bot",
        bot_first_name: str = "KneeBot",
        strict_entities: bool = True,
        webhook_retry_delay: float = 0.05,
        flood_limit: int | None = None,
        flood_period: float = 1.0,
    ) -> None:
        self.token = token
        self.flood_limit = flood_limit
        self.flood_period = flood_period
        self.flood_refusals = 0
        """How many requests flood control refused with a 429."""
        self._flood_log: collections.deque[float] = collections.deque()
        bot_id = token.partition(":")[0]
        self.bot_id = int(bot_id) if bot_id.isdigit() else 7000000001
        self.bot_user: JSON = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        self.strict_entities = strict_entities
        self.webhook_retry_delay = webhook_retry_delay

        self.calls: list[ApiCall] = []
        """Every Bot API request, in completion order."""
        self.answered_callbacks: list[AnsweredCallback] = []
        self.webhook_deliveries: list[WebhookDelivery] = []
        self.files: dict[str, StoredFile] = {}
        """Known files by ``file_id`` (uploads, user media, :meth:`register_file`)."""
        self.users: dict[int, TgUser] = {}
        self.blocked: set[int] = set()
        self.webhook: JSON = {"url": ""}
        """The current webhook settings (``url``, ``secret_token``, ``allowed_updates``, ...)."""
        self.descriptions: dict[str, str] = {}
        self.internal_errors: list[Exception] = []
        # Buttons a person could not read whole (not an error in Telegram; a check for tests):
        # a label over LABEL_SHORT characters in a row of two or more, or over LABEL_WIDE alone.
        self.layout_problems: list[str] = []
        """Crashes of the stand-in itself; :meth:`stop` raises if there were any."""
        self.short_descriptions: dict[str, str] = {}

        self._chats: dict[int, JSON] = {}
        self._updates: list[JSON] = []
        self._bot_messages: dict[tuple[int, int], BotMessage] = {}
        self._by_chat: dict[int, list[BotMessage]] = {}
        self._user_messages: dict[tuple[int, int], JSON] = {}
        self._next_message_id: dict[int, int] = {}
        self._callback_queries: dict[str, _CallbackQuery] = {}
        self._commands: dict[tuple[str, str], list[JSON]] = {}
        self._faults: list[_Fault] = []
        self._cursors: dict[int, int] = {}
        self._cursor_all = 0
        self._allowed_updates: list[str] | None = None
        self._poll_generation = 0

        self._update_ids = itertools.count(100_001)
        self._seq = itertools.count(1)
        self._last_seq = 0
        self._query_ids = itertools.count(4_300_000_000_000_001)
        self._file_numbers = itertools.count(1)

        self._signal = _Signal()
        self._started_at = time.monotonic()
        self._closing = False
        self._server: LocalServer | None = None
        self._port: int | None = None
        self._http: httpx.AsyncClient | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._methods: dict[str, tuple[str, Callable[[JSON, dict[str, UploadedFile]], Any]]] = {
            name.lower(): (name, handler)
            for name, handler in {
                "getMe": self._get_me,
                "logOut": self._true,
                "close": self._true,
                "getUpdates": self._get_updates,
                "setWebhook": self._set_webhook,
                "deleteWebhook": self._delete_webhook,
                "getWebhookInfo": self._get_webhook_info,
                "setMyCommands": self._set_my_commands,
                "getMyCommands": self._get_my_commands,
                "deleteMyCommands": self._delete_my_commands,
                "setMyDescription": self._set_my_description,
                "getMyDescription": self._get_my_description,
                "setMyShortDescription": self._set_my_short_description,
                "getMyShortDescription": self._get_my_short_description,
                "setChatMenuButton": self._true,
                "sendMessage": self._send_message,
                "editMessageText": self._edit_message_text,
                "editMessageCaption": self._edit_message_caption,
                "editMessageReplyMarkup": self._edit_message_reply_markup,
                "deleteMessage": self._delete_message,
                "deleteMessages": self._delete_messages,
                "answerCallbackQuery": self._answer_callback_query,
                "sendPhoto": self._send_photo,
                "sendDocument": self._send_document,
                "sendVoice": self._send_voice,
                "sendChatAction": self._send_chat_action,
                "getFile": self._get_file,
            }.items()
        }

    # ---------------------------------------------------------------- lifecycle

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` - the value for ``TELEGRAM_API_URL``."""
        if self._port is None:
            raise RuntimeError("the stand-in is not running")
        return f"http://127.0.0.1:{self._port}"

    @property
    def bot_api_url(self) -> str:
        """``{base_url}/bot`` - for ``ApplicationBuilder().base_url(...)``."""
        return f"{self.base_url}/bot"

    @property
    def file_api_url(self) -> str:
        """``{base_url}/file/bot`` - for ``ApplicationBuilder().base_file_url(...)``."""
        return f"{self.base_url}/file/bot"

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def start(self) -> None:
        """Serve on a free port of 127.0.0.1 (returns once it accepts connections)."""
        if self._server is not None:
            raise RuntimeError("already started")
        app = Starlette(
            routes=[
                Route("/bot{token}/{method}", self._handle_method, methods=["GET", "POST"]),
                Route("/file/bot{token}/{file_path:path}", self._handle_file, methods=["GET"]),
            ],
            exception_handlers={404: self._not_found, 405: self._not_found},
        )
        server = LocalServer(app)
        await server.start()
        self._server = server
        self._port = server.port
        self._closing = False
        self._started_at = time.monotonic()

    async def stop(self) -> None:
        """Release pending long polls, stop webhook delivery and shut the server down."""
        server, self._server = self._server, None
        if server is None:
            return
        self._closing = True
        self._signal.notify()
        await self._stop_webhook_delivery()
        if self._http is not None:
            await self._http.aclose()
            self._http = None
        await server.stop()
        if self.internal_errors:
            raise AssertionError(
                f"the Bot API stand-in crashed {len(self.internal_errors)} time(s)"
            ) from self.internal_errors[0]

    # ---------------------------------------------------------------- users and chats

    def user(
        self,
        user_id: int,
        first_name: str | None = None,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
    ) -> TgUser:
        """Register (or update) a user; the bot can message a user only once they exist."""
        existing = self.users.get(user_id)
        if existing is not None:
            first_name = first_name or existing.first_name
            last_name = existing.last_name if last_name is None else last_name
            username = existing.username if username is None else username
        user = TgUser(
            id=user_id,
            first_name=first_name or f"User{user_id}",
            last_name=last_name,
            username=username,
            language_code=language_code,
        )
        self.users[user_id] = user
        self._chats[user_id] = user.chat_json()
        return user

    def group(self, chat_id: int, title: str = "Test group", *, supergroup: bool = False) -> JSON:
        """Register a group chat (negative ``chat_id``) the bot is a member of."""
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        chat: JSON = {"id": chat_id, "type": "supergroup" if supergroup else "group"}
        chat["title"] = title
        self._chats[chat_id] = chat
        return chat

    def _ensure_user(self, user_id: int) -> TgUser:
        return self.users.get(user_id) or self.user(user_id)

    # ---------------------------------------------------------------- driving (as a user)

    def push_update(self, payload: JSON) -> int:
        """Queue a raw update (``update_id`` is assigned); returns the update id."""
        update_id = next(self._update_ids)
        self._updates.append({"update_id": update_id, **payload})
        self._signal.notify()
        return update_id

    def redeliver(self, update: JSON) -> None:
        """Queue an update that was already delivered, unchanged (same ``update_id``): what
        Telegram does when the bot never confirmed it (a crash before the next offset)."""
        self._updates.append(json.loads(json.dumps(update)))
        self._updates.sort(key=lambda u: u["update_id"])
        self._signal.notify()

    def delivered_updates(self) -> list[JSON]:
        """Every update handed out by getUpdates so far, oldest first (duplicates included)."""
        return [
            update
            for call in self.calls
            if call.method == "getUpdates" and call.ok and isinstance(call.result, list)
            for update in call.result
        ]

    def send_text(
        self, user_id: int, text: str, *, reply_to: int | BotMessage | None = None
    ) -> int:
        """User ``user_id`` sends ``text`` in their private chat; returns the message id.

        A leading ``/command`` gets a ``bot_command`` entity like Telegram adds. Writing to the
        bot after blocking it unblocks it first (``my_chat_member`` kicked → member).
        """
        user = self._ensure_user(user_id)
        if user_id in self.blocked:
            self.unblock(user_id)
        message = self._user_message(user, user.chat_json(), reply_to=reply_to)
        message["text"] = text
        if entities := self._command_entities(text):
            message["entities"] = entities
        return self._push_message(message)

    def send_group_text(self, chat_id: int, user_id: int, text: str) -> int:
        """User ``user_id`` writes ``text`` in group ``chat_id`` (auto-registered)."""
        user = self._ensure_user(user_id)
        chat = self._chats.get(chat_id) or self.group(chat_id)
        message = self._user_message(user, chat)
        message["text"] = text
        if entities := self._command_entities(text):
            message["entities"] = entities
        return self._push_message(message)

    def send_sticker(self, user_id: int, *, emoji: str = "👍") -> int:
        """User sends a (static) sticker."""
        user = self._ensure_user(user_id)
        stored = self.register_file(
            b"RIFF\x00\x00\x00\x00WEBPVP8 ", file_path="stickers", ext="webp"
        )
        message = self._user_message(user, user.chat_json())
        message["sticker"] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "file_size": len(stored.content),
        }
        return self._push_message(message)

    def send_photo(
        self,
        user_id: int,
        content: bytes = b"\xff\xd8\xff\xe0fake-jpeg",
        *,
        caption: str | None = None,
    ) -> int:
        """User sends a photo (``content`` becomes downloadable via getFile)."""
        user = self._ensure_user(user_id)
        message = self._user_message(user, user.chat_json())
        message["photo"] = self._photo_sizes(content)
        if caption is not None:
            message["caption"] = caption
        return self._push_message(message)

    def send_voice(
        self, user_id: int, content: bytes = b"OggS\x00fake-voice", *, duration: int = 2
    ) -> int:
        """User sends a voice note."""
        user = self._ensure_user(user_id)
        stored = self.register_file(content, file_path="voice", ext="oga", mime_type="audio/ogg")
        message = self._user_message(user, user.chat_json())
        message["voice"] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": len(content),
        }
        return self._push_message(message)

    def send_document(
        self,
        user_id: int,
        content: bytes,
        *,
        filename: str = "file.txt",
        mime_type: str = "text/plain",
        caption: str | None = None,
    ) -> int:
        """User sends a document."""
        user = self._ensure_user(user_id)
        stored = self.register_file(
            content, file_path="documents", file_name=filename, mime_type=mime_type
        )
        message = self._user_message(user, user.chat_json())
        message["document"] = self._document_json(stored)
        if caption is not None:
            message["caption"] = caption
        return self._push_message(message)

    def send_location(self, user_id: int, latitude: float, longitude: float) -> int:
        """User shares a location."""
        user = self._ensure_user(user_id)
        message = self._user_message(user, user.chat_json())
        message["location"] = {"latitude": latitude, "longitude": longitude}
        return self._push_message(message)

    def edit_text(self, user_id: int, message_id: int, text: str) -> int:
        """User edits their earlier message ``message_id`` (an ``edited_message`` update)."""
        original = self._user_messages[(user_id, message_id)]
        edited = {**original, "text": text, "edit_date": int(time.time())}
        self._user_messages[(user_id, message_id)] = edited
        return self.push_update({"edited_message": edited})

    def send_forwarded_text(self, user_id: int, text: str, *, sender: str = "Someone") -> int:
        """User forwards someone else's text message into their private chat."""
        user = self._ensure_user(user_id)
        message = self._user_message(user, user.chat_json())
        message["text"] = text
        message["forward_origin"] = {
            "type": "hidden_user",
            "sender_user_name": sender,
            "date": int(time.time()) - 60,
        }
        return self._push_message(message)

    def press(
        self,
        user_id: int,
        message: BotMessage | int,
        callback_data: str,
        *,
        chat_id: int | None = None,
        forged: bool = False,
    ) -> str:
        """User presses the inline button carrying ``callback_data`` on one of the bot's messages.

        ``forged=True`` sends ``callback_data`` even if no such button exists (a modified client).

        ``message`` is a :class:`BotMessage` or a message id in chat ``chat_id`` (default: the
        user's private chat). Raises ``AssertionError`` if the message (no longer) has such a
        button. Returns the callback query id (see :meth:`wait_answered`).
        """
        user = self._ensure_user(user_id)
        msg = (
            message
            if isinstance(message, BotMessage)
            else self.message(chat_id if chat_id is not None else user_id, message)
        )
        if msg.deleted:
            raise AssertionError(f"message {msg.message_id} in chat {msg.chat_id} was deleted")
        if not forged and callback_data not in msg.callback_data:
            raise AssertionError(
                f"message {msg.message_id} in chat {msg.chat_id} has no button with "
                f"callback_data={callback_data!r}; buttons: {msg.buttons}"
            )
        query_id = str(next(self._query_ids))
        self._callback_queries[query_id] = _CallbackQuery(query_id, msg.chat_id, msg.message_id)
        self.push_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": user.to_json(),
                    "message": self._bot_message_json(msg),
                    "chat_instance": str(-(10**15) - abs(msg.chat_id)),
                    "data": callback_data,
                }
            }
        )
        return query_id

    def click(self, user_id: int, text: str, *, message: BotMessage | None = None) -> str:
        """Press the inline button labelled ``text`` on ``message`` (default: the bot's last
        message to the user). Returns the callback query id."""
        msg = message or self.last_message(user_id)
        data = msg.button(text).get("callback_data")
        if not isinstance(data, str):
            raise AssertionError(f"button {text!r} is not a callback button: {msg.button(text)}")
        return self.press(user_id, msg, data, chat_id=msg.chat_id)

    def block(self, user_id: int) -> int:
        """User blocks the bot: later sends get 403; a ``my_chat_member`` (member → kicked)
        update is queued. Returns the update id."""
        user = self._ensure_user(user_id)
        self.blocked.add(user_id)
        return self._my_chat_member(user, "member", "kicked")

    def unblock(self, user_id: int) -> int:
        """User unblocks the bot (``my_chat_member`` kicked → member). Returns the update id."""
        user = self._ensure_user(user_id)
        self.blocked.discard(user_id)
        return self._my_chat_member(user, "kicked", "member")

    def register_file(
        self,
        content: bytes,
        *,
        file_path: str = "documents",
        ext: str = "bin",
        file_name: str | None = None,
        mime_type: str | None = None,
    ) -> StoredFile:
        """Make ``content`` available by ``file_id`` (getFile) and for download.

        ``file_path`` is a folder (``"photos"``) or, when it contains a ``/``, the full path.
        """
        number = next(self._file_numbers)
        if "/" not in file_path:
            suffix = file_name.rpartition(".")[2] if file_name and "." in file_name else ext
            file_path = f"{file_path}/file_{number}.{suffix}"
        stored = StoredFile(
            file_id=f"BQACAgIAAxkBAAI{number:05d}{secrets.token_urlsafe(24)}",
            file_unique_id=f"AgAD{number:04d}{secrets.token_hex(4)}",
            content=content,
            file_path=file_path,
            file_name=file_name,
            mime_type=mime_type,
        )
        self.files[stored.file_id] = stored
        return stored

    def fail_next(
        self,
        method: str,
        *,
        error_code: int,
        description: str | None = None,
        retry_after: int | None = None,
        count: int = 1,
        chat_id: int | str | None = None,
        html: bool = False,
    ) -> None:
        """Answer the next ``count`` calls of ``method`` (optionally only those for ``chat_id``)
        with an error instead of performing them.

        Descriptions default to Telegram's (429: ``"Too Many Requests: retry after N"`` with
        ``parameters.retry_after`` = N (default 1), 403: blocked, 500/502: server errors).
        ``html=True`` answers with an HTML error page instead of JSON (what a proxy in front of
        Telegram sends with a 502).
        """
        if error_code == 429:
            retry_after = 1 if retry_after is None else retry_after
            default = f"Too Many Requests: retry after {retry_after}"
        else:
            default = _DEFAULT_DESCRIPTIONS.get(error_code, f"Error {error_code}")
        error = ApiError(error_code, description or default, retry_after=retry_after)
        error.html = html
        self._faults.append(_Fault(method.lower(), error, 0.0, count, chat_id))

    def delay_next(self, method: str, seconds: float, *, count: int = 1) -> None:
        """Answer the next ``count`` calls of ``method`` only after ``seconds`` (for timeouts)."""
        self._faults.append(_Fault(method.lower(), None, seconds, count, None))

    # ---------------------------------------------------------------- reading state

    def calls_to(self, method: str) -> list[ApiCall]:
        """Recorded calls of ``method`` (case-insensitive), oldest first."""
        return [call for call in self.calls if call.method.lower() == method.lower()]

    def messages(self, chat_id: int, *, include_deleted: bool = False) -> list[BotMessage]:
        """The bot's messages in ``chat_id``, oldest first, in their current state."""
        # Stored in send order per chat (seq only grows), so no sort and no scan of other chats.
        return [
            message
            for message in self._by_chat.get(chat_id, ())
            if include_deleted or not message.deleted
        ]

    def all_messages(self) -> list[BotMessage]:
        """Every message the bot sent (deleted ones included), in send order."""
        return sorted(self._bot_messages.values(), key=lambda message: message.seq)

    def last_message(self, chat_id: int) -> BotMessage:
        """The bot's most recent (not deleted) message in ``chat_id``; AssertionError if none."""
        messages = self.messages(chat_id)
        if not messages:
            raise AssertionError(f"the bot sent nothing to chat {chat_id}\n{self.describe()}")
        return messages[-1]

    def message(self, chat_id: int, message_id: int) -> BotMessage:
        """One of the bot's messages by id; AssertionError if unknown."""
        try:
            return self._bot_messages[(chat_id, message_id)]
        except KeyError:
            raise AssertionError(f"no bot message {message_id} in chat {chat_id}") from None

    def user_message(self, chat_id: int, message_id: int) -> JSON:
        """A message a user sent (the raw Bot API ``Message`` dict)."""
        return self._user_messages[(chat_id, message_id)]

    def answered(self, callback_query_id: str) -> AnsweredCallback | None:
        """The answer to a callback query, if the bot answered it."""
        return next((a for a in self.answered_callbacks if a.id == callback_query_id), None)

    def chat_actions(self, chat_id: int) -> list[str]:
        """Actions the bot sent with ``sendChatAction`` to ``chat_id``."""
        return [
            str(call.params.get("action"))
            for call in self.calls_to("sendChatAction")
            if call.ok and call.params.get("chat_id") == chat_id
        ]

    def commands(self, *, scope: JSON | None = None, language_code: str = "") -> list[JSON]:
        """The command list set with ``setMyCommands`` for a scope/language."""
        return list(self._commands.get(self._commands_key(scope, language_code), []))

    @property
    def uploads(self) -> list[UploadedFile]:
        """Every file the bot uploaded, oldest first."""
        return [upload for call in self.calls for upload in call.files.values()]

    @property
    def pending_updates(self) -> list[JSON]:
        """Updates not yet confirmed by the bot (via getUpdates ``offset`` or the webhook)."""
        return list(self._updates)

    def describe(self, last: int = 25) -> str:
        """A readable summary of recent calls and messages (used in timeout errors)."""
        calls = [c for c in self.calls if c.method != "getUpdates" or c.result or not c.ok]
        polls = len(self.calls) - len(calls)
        lines = [f"recent Bot API calls ({len(self.calls)} total, {polls} empty getUpdates):"]
        lines += [f"  {self._describe_call(call)}" for call in calls[-last:]] or ["  (none)"]
        lines.append(f"pending updates: {[u['update_id'] for u in self._updates]}")
        for message in self.all_messages()[-10:]:
            flags = " (deleted)" if message.deleted else " (edited)" if message.edited else ""
            lines.append(
                f"  bot msg {message.message_id} → chat {message.chat_id}{flags}: "
                f"{_short(message.text)} buttons={message.buttons}"
            )
        return "\n".join(lines)

    # ---------------------------------------------------------------- waiting

    def mark(self, chat_id: int | None = None) -> None:
        """Make :meth:`next_message` ignore what the bot already sent (to one chat or all)."""
        if chat_id is None:
            self._cursor_all = self._last_seq
        else:
            self._cursors[chat_id] = self._last_seq

    async def wait_for(
        self,
        predicate: Callable[[], _T],
        *,
        timeout: float = WAIT_LIMIT,  # noqa: ASYNC109
        description: str | None = None,
    ) -> _T:
        """Wait until ``predicate()`` is truthy and return that value.

        Re-checks on every recorded call and state change (and every 50 ms, for predicates
        about outside state such as the database). Raises ``AssertionError`` with a summary of
        recent calls on timeout.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - loop.time()
            if remaining <= 0:
                what = description or getattr(predicate, "__name__", "condition")
                raise AssertionError(
                    f"timed out after {timeout}s waiting for {what}\n{self.describe()}"
                )
            await self._signal.wait(min(remaining, 0.05))

    async def next_message(
        self,
        chat_id: int,
        *,
        timeout: float = WAIT_LIMIT,  # noqa: ASYNC109
    ) -> BotMessage:
        """The next message the bot sends to ``chat_id`` that no earlier ``next_message`` call
        returned (and that is newer than :meth:`mark`); waits for it if needed."""

        def find() -> BotMessage | None:
            cursor = max(self._cursors.get(chat_id, 0), self._cursor_all)
            return next((m for m in self.messages(chat_id, include_deleted=True)
                         if m.seq > cursor), None)  # fmt: skip

        message = await self.wait_for(
            find, timeout=timeout, description=f"a new bot message in chat {chat_id}"
        )
        assert message is not None
        self._cursors[chat_id] = message.seq
        return message

    async def assert_no_message(self, chat_id: int, *, within: float = 0.2) -> None:
        """Assert the bot sends nothing new (per :meth:`next_message`) to ``chat_id`` for
        ``within`` seconds."""
        try:
            message = await self.next_message(chat_id, timeout=within)
        except AssertionError:
            return
        raise AssertionError(f"unexpected bot message to chat {chat_id}: {message}")

    async def wait_answered(
        self,
        callback_query_id: str,
        *,
        timeout: float = WAIT_LIMIT,  # noqa: ASYNC109
    ) -> AnsweredCallback:
        """Wait until the bot answers the callback query (see :meth:`press`)."""
        answer = await self.wait_for(
            lambda: self.answered(callback_query_id),
            timeout=timeout,
            description=f"an answer to callback query {callback_query_id}",
        )
        assert answer is not None
        return answer

    async def wait_call(
        self,
        method: str,
        *,
        timeout: float = WAIT_LIMIT,  # noqa: ASYNC109
        where: Callable[[ApiCall], bool] | None = None,
        after: int = 0,
    ) -> ApiCall:
        """Wait for a (completed) call of ``method`` among ``calls[after:]`` matching ``where``.

        Pass ``after=len(api.calls)`` to wait only for calls made from now on.
        """

        def find() -> ApiCall | None:
            return next(
                (
                    call
                    for call in self.calls[after:]
                    if call.method.lower() == method.lower() and (where is None or where(call))
                ),
                None,
            )

        call = await self.wait_for(find, timeout=timeout, description=f"a {method} call")
        assert call is not None
        return call

    # ---------------------------------------------------------------- HTTP layer

    def _now(self) -> float:
        return round(time.monotonic() - self._started_at, 6)

    async def _not_found(self, request: Request, exc: Exception) -> Response:
        return JSONResponse(ApiError(404, "Not Found").to_json(), status_code=404)

    async def _read_params(self, request: Request) -> tuple[JSON, dict[str, UploadedFile]]:
        raw: dict[str, Any] = dict(request.query_params)
        files: dict[str, UploadedFile] = {}
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("application/json"):
            try:
                body = await request.json()
            except ValueError:
                raise _bad("can't parse JSON object") from None
            if isinstance(body, dict):
                return {**{k: _decode_param(k, v) for k, v in raw.items()}, **body}, files
            raise _bad("JSON object expected")
        if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
            async with request.form(max_part_size=50 * 1024 * 1024) as form:
                for key, value in form.multi_items():
                    if isinstance(value, UploadFile):
                        files[key] = UploadedFile(
                            field=key,
                            filename=value.filename,
                            content_type=value.content_type,
                            content=await value.read(),
                        )
                    else:
                        raw[key] = value
        return {key: _decode_param(key, value) for key, value in raw.items()}, files

    async def _handle_method(self, request: Request) -> Response:
        at = self._now()
        method_name = str(request.path_params["method"])
        entry = self._methods.get(method_name.lower())
        call = ApiCall(method=entry[0] if entry else method_name, params={}, files={}, at=at)
        try:
            if request.path_params["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            if entry is None:
                raise ApiError(404, "Not Found")
            try:
                call.params, call.files = await self._read_params(request)
            except ClientDisconnect:  # the bot went away mid-request (e.g. killed): no answer
                return Response(status_code=400)
            self._flood_control(call.method, at)
            await self._apply_faults(call)
            result = await entry[1](call.params, call.files)
            body: JSON = {"ok": True, "result": result}
            call.status = 200
        except ApiError as error:
            body = error.to_json()
            call.status = error.error_code
            if error.html:
                call.response = body
                self.calls.append(call)
                self._signal.notify()
                page = f"<html><body><h1>{error.error_code} {html.escape(error.description)}</h1>"
                return Response(page + "</body></html>", call.status, media_type="text/html")
        except Exception as exc:  # a bug in the stand-in: answer 500, fail the test at stop()
            self.internal_errors.append(exc)
            body = ApiError(500, f"Internal Server Error: stand-in crashed: {exc!r}").to_json()
            call.status = 500
        call.response = body
        self.calls.append(call)
        self._signal.notify()
        return _json_response(body, call.status)

    async def _handle_file(self, request: Request) -> Response:
        if request.path_params["token"] != self.token:
            return JSONResponse(ApiError(401, "Unauthorized").to_json(), status_code=401)
        path = str(request.path_params["file_path"])
        stored = next((f for f in self.files.values() if f.file_path == path), None)
        if stored is None:
            return JSONResponse(ApiError(404, "Not Found").to_json(), status_code=404)
        return Response(stored.content, media_type=stored.mime_type or "application/octet-stream")

    def _flood_control(self, method: str, at: float) -> None:
        if self.flood_limit is None or method not in FLOOD_METHODS:
            return
        window = self._flood_log
        while window and window[0] <= at - self.flood_period:
            window.popleft()
        if len(window) >= self.flood_limit:
            self.flood_refusals += 1
            wait = max(1, math.ceil(window[0] + self.flood_period - at))
            raise ApiError(429, f"Too Many Requests: retry after {wait}", retry_after=wait)
        window.append(at)

    async def _apply_faults(self, call: ApiCall) -> None:
        for fault in self._faults:
            if fault.method != call.method.lower() or fault.remaining <= 0:
                continue
            if fault.chat_id is not None and call.params.get("chat_id") != fault.chat_id:
                continue
            fault.remaining -= 1
            self._faults = [f for f in self._faults if f.remaining > 0]
            if fault.delay:
                await asyncio.sleep(fault.delay)
            if fault.error is not None:
                raise fault.error
            return

    # ---------------------------------------------------------------- helpers

    def _describe_call(self, call: ApiCall) -> str:
        keys = ("chat_id", "message_id", "callback_query_id", "text", "caption", "offset")
        shown = ", ".join(f"{k}={_short(call.params[k])}" for k in keys if k in call.params)
        if call.files:
            shown += f", files={[f.filename for f in call.files.values()]}"
        outcome = "ok" if call.ok else f"{call.status} {call.description}"
        return f"+{call.at:7.3f}s {call.method}({shown}) -> {outcome}"

    def _message_id_for(self, chat_id: int) -> int:
        value = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = value + 1
        return value

    def _user_message(
        self, user: TgUser, chat: JSON, *, reply_to: int | BotMessage | None = None
    ) -> JSON:
        message: JSON = {
            "message_id": self._message_id_for(chat["id"]),
            "from": user.to_json(),
            "chat": dict(chat),
            "date": int(time.time()),
        }
        if reply_to is not None:
            target = (
                reply_to
                if isinstance(reply_to, BotMessage)
                else self.message(chat["id"], reply_to)
            )
            message["reply_to_message"] = self._bot_message_json(target)
        return message

    def _push_message(self, message: JSON) -> int:
        self._user_messages[(message["chat"]["id"], message["message_id"])] = message
        self.push_update({"message": message})
        return int(message["message_id"])

    @staticmethod
    def _command_entities(text: str) -> list[JSON]:
        match = _COMMAND_RE.match(text)
        if not match:
            return []
        return [{"type": "bot_command", "offset": 0, "length": _utf16_len(match.group(0))}]

    def _my_chat_member(self, user: TgUser, old: str, new: str) -> int:
        def member(status: str) -> JSON:
            data: JSON = {"user": dict(self.bot_user), "status": status}
            if status == "kicked":
                data["until_date"] = 0
            return data

        return self.push_update(
            {
                "my_chat_member": {
                    "chat": user.chat_json(),
                    "from": user.to_json(),
                    "date": int(time.time()),
                    "old_chat_member": member(old),
                    "new_chat_member": member(new),
                }
            }
        )

    def _photo_sizes(self, content: bytes) -> list[JSON]:
        """Three ``PhotoSize`` objects (90/320/800 px wide), all downloadable as ``content``."""
        largest = self.register_file(
            content, file_path="photos", ext="jpg", mime_type="image/jpeg"
        )
        sizes = []
        for width in (90, 320):
            smaller = StoredFile(
                file_id=f"{largest.file_id}_{width}",
                file_unique_id=f"{largest.file_unique_id}_{width}",
                content=content,
                file_path=f"{largest.file_path.rpartition('.')[0]}_{width}.jpg",
                mime_type="image/jpeg",
            )
            self.files[smaller.file_id] = smaller
            sizes.append(self._photo_size(smaller, width))
        return [*sizes, self._photo_size(largest, 800)]

    @staticmethod
    def _photo_size(stored: StoredFile | None, width: int) -> JSON:
        assert stored is not None
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "width": width,
            "height": width * 3 // 4,
        }

    @staticmethod
    def _document_json(stored: StoredFile) -> JSON:
        data: JSON = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
        }
        if stored.file_name:
            data["file_name"] = stored.file_name
        if stored.mime_type:
            data["mime_type"] = stored.mime_type
        return data

    def _chat(self, params: JSON, *, writing: bool = True) -> JSON:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise _bad("chat_id is empty")
        chat = self._chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise _bad("chat not found")
        if writing and chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    def _bot_message_json(self, message: BotMessage) -> JSON:
        data: JSON = {
            "message_id": message.message_id,
            "from": dict(self.bot_user),
            "chat": dict(self._chats[message.chat_id]),
            "date": message.date,
        }
        if message.edit_date is not None:
            data["edit_date"] = message.edit_date
        if message.reply_to_message_id is not None:
            target = self._bot_messages.get(
                (message.chat_id, message.reply_to_message_id)
            ) or self._user_messages.get((message.chat_id, message.reply_to_message_id))
            if isinstance(target, BotMessage):
                data["reply_to_message"] = self._bot_message_json(target)
            elif target is not None:
                data["reply_to_message"] = {
                    k: v for k, v in target.items() if k != "reply_to_message"
                }
        text_key, entities_key = ("text", "entities")
        if message.kind != "text":
            text_key, entities_key = ("caption", "caption_entities")
            data[message.kind] = message.media
        if message.plain_text is not None:
            data[text_key] = message.plain_text
            if message.entities:
                data[entities_key] = message.entities
        if message.protect_content:
            data["has_protected_content"] = True
        if (markup := message._inline_markup()) is not None:
            data["reply_markup"] = markup
        return data

    def _check_markup(self, params: JSON) -> JSON | None:
        markup = params.get("reply_markup")
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _bad("can't parse reply keyboard markup JSON object")
        rows = markup.get("inline_keyboard")
        if rows is None:
            if not any(k in markup for k in ("keyboard", "remove_keyboard", "force_reply")):
                raise _bad("can't parse reply keyboard markup JSON object")
            return markup
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise _bad("can't parse inline keyboard button: InlineKeyboardButton must be Object")
        actions = {"url", "callback_data", "web_app", "login_url", "switch_inline_query"}
        actions |= {"switch_inline_query_current_chat", "copy_text", "pay", "callback_game"}
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or not button.get("text"):
                    raise _bad("can't parse inline keyboard button: Text buttons are unallowed")
                if not any(key in button for key in actions):
                    raise _bad("can't parse inline keyboard button: Text buttons are unallowed")
                data = button.get("callback_data")
                if data is not None and not (
                    isinstance(data, str) and 1 <= len(data.encode()) <= 64
                ):
                    raise _bad("BUTTON_DATA_INVALID")
            limit = LABEL_WIDE if len(row) == 1 else LABEL_SHORT
            self.layout_problems += [
                f"{len(row)} in a row, {len(b['text'])} characters: {b['text']!r}"
                for b in row
                if len(b["text"]) > limit
            ]
        return markup

    def _reply_to(self, chat_id: int, params: JSON) -> int | None:
        reply = params.get("reply_parameters")
        message_id = reply.get("message_id") if isinstance(reply, dict) else None
        message_id = message_id or params.get("reply_to_message_id")
        if message_id is None:
            return None
        exists = (chat_id, message_id) in self._bot_messages or (
            chat_id,
            message_id,
        ) in self._user_messages
        if not exists:
            allow = isinstance(reply, dict) and reply.get("allow_sending_without_reply")
            if allow or params.get("allow_sending_without_reply"):
                return None
            raise _bad("message to be replied not found")
        return int(message_id)

    def _formatted(
        self, text: str, params: JSON, *, entities_key: str, limit: int, too_long: str
    ) -> tuple[str, list[JSON]]:
        parse_mode = params.get("parse_mode")
        plain, entities = _format(
            text,
            parse_mode if isinstance(parse_mode, str) else None,
            params.get(entities_key),
            strict=self.strict_entities,
        )
        if _utf16_len(plain) > limit:
            raise _bad(too_long)
        return plain, entities

    def _store_bot_message(self, chat: JSON, params: JSON, **fields: Any) -> BotMessage:
        markup = self._check_markup(params)
        reply_to = self._reply_to(chat["id"], params)
        seq = next(self._seq)
        self._last_seq = seq
        parse_mode = params.get("parse_mode")
        message = BotMessage(
            chat_id=chat["id"],
            message_id=self._message_id_for(chat["id"]),
            parse_mode=parse_mode if isinstance(parse_mode, str) else None,
            reply_markup=markup,
            disable_notification=bool(params.get("disable_notification", False)),
            protect_content=bool(params.get("protect_content", False)),
            date=int(time.time()),
            seq=seq,
            reply_to_message_id=reply_to,
            **fields,
        )
        self._bot_messages[(message.chat_id, message.message_id)] = message
        self._by_chat.setdefault(message.chat_id, []).append(message)
        return message

    def _editable(self, params: JSON, *, action: str = "edit") -> BotMessage:
        if params.get("inline_message_id"):
            raise _bad("MESSAGE_ID_INVALID")
        chat = self._chat(params)
        message_id = params.get("message_id")
        if message_id is None:
            raise _bad("message_id is empty")
        key = (chat["id"], message_id)
        message = self._bot_messages.get(key)
        if message is None or message.deleted:
            if key in self._user_messages and action == "edit":
                raise _bad("message can't be edited")
            raise _bad(f"message to {action} not found")
        return message

    def _upload(
        self, params: JSON, files: dict[str, UploadedFile], name: str
    ) -> tuple[StoredFile | None, UploadedFile | None]:
        """The file a send* call refers to: an upload, an attach:// upload or a file_id/URL."""
        value = params.get(name)
        upload = files.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            upload = files.get(value.removeprefix("attach://"))
            if upload is None:
                raise _bad(f"wrong file identifier/HTTP URL specified for {name}")
        if upload is not None:
            return None, upload
        if isinstance(value, str) and value in self.files:
            return self.files[value], None
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return None, UploadedFile(name, value.rpartition("/")[2] or None, None, b"")
        if value is None:
            raise _bad(f"there is no {name} in the request")
        raise _bad("wrong file identifier/HTTP URL specified")

    # ---------------------------------------------------------------- Bot API methods

    async def _true(self, params: JSON, files: dict[str, UploadedFile]) -> bool:
        return True

    async def _get_me(self, params: JSON, files: dict[str, UploadedFile]) -> JSON:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _deliverable(self, update: JSON) -> bool:
        kind = next((key for key in update if key != "update_id"), "")
        if self._allowed_updates:
            return kind in self._allowed_updates
        return kind not in _OPT_IN_UPDATES

    def _select_updates(self, limit: int) -> list[JSON]:
        self._updates = [u for u in self._updates if self._deliverable(u)]
        return self._updates[:limit]

    async def _get_updates(self, params: JSON, files: dict[str, UploadedFile]) -> list[JSON]:
        if self.webhook.get("url"):
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        if offset > 0:
            before = len(self._updates)
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if len(self._updates) != before:
                self._signal.notify()
        elif offset < 0:
            self._updates = self._updates[offset:]
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(kind) for kind in allowed] or None
        timeout = max(int(params.get("timeout") or 0), 0)

        self._poll_generation += 1
        generation = self._poll_generation
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if self._closing:
                return []
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
            batch = self._select_updates(limit)
            remaining = deadline - loop.time()
            if batch or remaining <= 0:
                return [json.loads(json.dumps(update)) for update in batch]
            await self._signal.wait(remaining)

    async def _set_webhook(self, params: JSON, files: dict[str, UploadedFile]) -> bool:
        url = params.get("url")
        if not isinstance(url, str):
            raise _bad("url is empty")
        secret = params.get("secret_token")
        if secret is not None and not _SECRET_RE.fullmatch(str(secret)):
            raise _bad("secret token contains unallowed characters")
        if url and not url.startswith(("https://", "http://")):
            raise _bad("bad webhook: invalid webhook URL specified")
        if params.get("drop_pending_updates"):
            self._updates.clear()
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(kind) for kind in allowed] or None
        await self._stop_webhook_delivery()
        self.webhook = {
            "url": url,
            "secret_token": secret,
            "max_connections": int(params.get("max_connections") or 40),
            "allowed_updates": self._allowed_updates,
            "ip_address": params.get("ip_address"),
            "has_custom_certificate": "certificate" in files,
        }
        if url:
            self._poll_generation += 1  # running long polls end with 409, like Telegram's
            self._webhook_task = asyncio.create_task(self._deliver_webhooks())
        self._signal.notify()
        return True

    async def _delete_webhook(self, params: JSON, files: dict[str, UploadedFile]) -> bool:
        await self._stop_webhook_delivery()
        self.webhook = {"url": ""}
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self._signal.notify()
        return True

    async def _get_webhook_info(self, params: JSON, files: dict[str, UploadedFile]) -> JSON:
        info: JSON = {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": bool(self.webhook.get("has_custom_certificate")),
            "pending_update_count": len(self._updates),
        }
        if info["url"]:
            info["max_connections"] = self.webhook.get("max_connections", 40)
            if self.webhook.get("allowed_updates"):
                info["allowed_updates"] = self.webhook["allowed_updates"]
            if self.webhook.get("ip_address"):
                info["ip_address"] = self.webhook["ip_address"]
        for key in ("last_error_date", "last_error_message"):
            if self.webhook.get(key):
                info[key] = self.webhook[key]
        return info

    async def _stop_webhook_delivery(self) -> None:
        task, self._webhook_task = self._webhook_task, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _deliver_webhooks(self) -> None:
        if self._http is None:
            self._http = httpx.AsyncClient(timeout=10.0)
        while not self._closing and self.webhook.get("url"):
            batch = self._select_updates(1)
            if not batch:
                await self._signal.wait(1.0)
                continue
            update = batch[0]
            headers = {"Content-Type": "application/json"}
            if self.webhook.get("secret_token"):
                headers["X-Telegram-Bot-Api-Secret-Token"] = str(self.webhook["secret_token"])
            status: int | None = None
            error: str | None = None
            try:
                response = await self._http.post(
                    str(self.webhook["url"]), content=json.dumps(update), headers=headers
                )
                status = response.status_code
                if not 200 <= status < 300:
                    error = f"Wrong response from the webhook: {status} {response.reason_phrase}"
            except httpx.HTTPError as exc:
                error = f"Connection failed: {type(exc).__name__}: {exc}"
            self.webhook_deliveries.append(
                WebhookDelivery(update["update_id"], self._now(), status, error)
            )
            if error is None:
                self._updates = [u for u in self._updates if u is not update]
            else:
                self.webhook["last_error_date"] = int(time.time())
                self.webhook["last_error_message"] = error
            self._signal.notify()
            if error is not None:
                await asyncio.sleep(self.webhook_retry_delay)

    @staticmethod
    def _commands_key(scope: Any, language_code: Any) -> tuple[str, str]:
        scope_json = scope if isinstance(scope, dict) else {"type": "default"}
        return json.dumps(scope_json, sort_keys=True), str(language_code or "")

    async def _set_my_commands(self, params: JSON, files: dict[str, UploadedFile]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _bad("can't parse commands JSON object")
        for command in commands:
            if not isinstance(command, dict):
                raise _bad("can't parse BotCommand")
            if not _BOT_COMMAND_RE.fullmatch(str(command.get("command", ""))):
                raise _bad("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
                raise _bad("BOT_COMMAND_DESCRIPTION_INVALID")
        key = self._commands_key(params.get("scope"), params.get("language_code"))
        self._commands[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    async def _get_my_commands(self, params: JSON, files: dict[str, UploadedFile]) -> list[JSON]:
        key = self._commands_key(params.get("scope"), params.get("language_code"))
        return self._commands.get(key, [])

    async def _delete_my_commands(self, params: JSON, files: dict[str, UploadedFile]) -> bool:
        key = self._commands_key(params.get("scope"), params.get("language_code"))
        self._commands.pop(key, None)
        return True

    async def _set_my_description(self, params: JSON, files: dict[str, UploadedFile]) -> bool:
        text = str(params.get("description") or "")
        if len(text) > 512:
            raise _bad("description is too long")
        self.descriptions[str(params.get("language_code") or "")] = text
        return True

    async def _get_my_description(self, params: JSON, files: dict[str, UploadedFile]) -> JSON:
        return {"description": self.descriptions.get(str(params.get("language_code") or ""), "")}

    async def _set_my_short_description(
        self, params: JSON, files: dict[str, UploadedFile]
    ) -> bool:
        text = str(params.get("short_description") or "")
        if len(text) > 120:
            raise _bad("short description is too long")
        self.short_descriptions[str(params.get("language_code") or "")] = text
        return True

    async def _get_my_short_description(
        self, params: JSON, files: dict[str, UploadedFile]
    ) -> JSON:
        language = str(params.get("language_code") or "")
        return {"short_description": self.short_descriptions.get(language, "")}

    async def _send_message(self, params: JSON, files: dict[str, UploadedFile]) -> JSON:
        chat = self._chat(params)
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise _bad("message text is empty")
        plain, entities = self._formatted(
            text, params, entities_key="entities", limit=4096, too_long="message is too long"
        )
        if not plain.strip():
            raise _bad("text must be non-empty")
        preview = params.get("link_preview_options")
        message = self._store_bot_message(
            chat,
            params,
            kind="text",
            text=text,
            plain_text=plain,
            entities=entities,
            link_preview_options=preview if isinstance(preview, dict) else None,
        )
        return self._bot_message_json(message)

    async def _send_media(self, params: JSON, files: dict[str, UploadedFile], kind: str) -> JSON:
        chat = self._chat(params)
        stored, upload = self._upload(params, files, kind)
        caption = params.get("caption")
        plain: str | None = None
        entities: list[JSON] = []
        if isinstance(caption, str) and caption:
            plain, entities = self._formatted(
                caption,
                params,
                entities_key="caption_entities",
                limit=1024,
                too_long="message caption is too long",
            )
        media: JSON | list[JSON]
        if kind == "photo":
            media = (
                self._photo_sizes(upload.content) if upload else [self._photo_size(stored, 800)]
            )
        elif kind == "voice":
            if stored is None:
                assert upload is not None
                stored = self.register_file(
                    upload.content, file_path="voice", ext="oga", mime_type="audio/ogg"
                )
            media = {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "duration": int(params.get("duration") or 1),
                "mime_type": stored.mime_type or "audio/ogg",
                "file_size": len(stored.content),
            }
        else:
            if stored is None:
                assert upload is not None
                stored = self.register_file(
                    upload.content,
                    file_path="documents",
                    file_name=upload.filename,
                    mime_type=upload.content_type or "application/octet-stream",
                )
            media = self._document_json(stored)
        message = self._store_bot_message(
            chat,
            params,
            kind=kind,
            text=caption if isinstance(caption, str) and caption else None,
            plain_text=plain,
            entities=entities,
            media=media,
            upload=upload if upload is not None and upload.content else None,
        )
        return self._bot_message_json(message)

    async def _send_photo(self, params: JSON, files: dict[str, UploadedFile]) -> JSON:
        return await self._send_media(params, files, "photo")

    async def _send_document(self, params: JSON, files: dict[str, UploadedFile]) -> JSON:
        return await self._send_media(params, files, "document")

    async def _send_voice(self, params: JSON, files: dict[str, UploadedFile]) -> JSON:
        return await self._send_media(params, files, "voice")

    def _apply_edit(
        self,
        message: BotMessage,
        params: JSON,
        *,
        text: str | None,
        plain: str | None,
        entities: list[JSON],
        markup: JSON | None,
    ) -> JSON:
        if markup is not None and "inline_keyboard" not in markup:
            raise _bad("inline keyboard expected")
        inline = markup
        current = (message.plain_text, message.entities, message._inline_markup())
        if (plain, entities, inline) == current:
            raise _bad(_NOT_MODIFIED)
        parse_mode = params.get("parse_mode")
        message.text = text
        message.plain_text = plain
        message.entities = entities
        message.parse_mode = parse_mode if isinstance(parse_mode, str) else None
        message.reply_markup = inline
        message.edited = True
        message.edit_count += 1
        message.edit_date = int(time.time())
        return self._bot_message_json(message)

    async def _edit_message_text(self, params: JSON, files: dict[str, UploadedFile]) -> JSON:
        message = self._editable(params)
        if message.kind != "text":
            raise _bad("there is no text in the message to edit")
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise _bad("message text is empty")
        plain, entities = self._formatted(
            text, params, entities_key="entities", limit=4096, too_long="MESSAGE_TOO_LONG"
        )
        preview = params.get("link_preview_options")
        if isinstance(preview, dict):
            message.link_preview_options = preview
        return self._apply_edit(
            message,
            params,
            text=text,
            plain=plain,
            entities=entities,
            markup=self._check_markup(params),
        )

    async def _edit_message_caption(self, params: JSON, files: dict[str, UploadedFile]) -> JSON:
        message = self._editable(params)
        if message.kind == "text":
            raise _bad("there is no caption in the message to edit")
        caption = params.get("caption")
        plain: str | None = None
        entities: list[JSON] = []
        if isinstance(caption, str) and caption:
            plain, entities = self._formatted(
                caption,
                params,
                entities_key="caption_entities",
                limit=1024,
                too_long="message caption is too long",
            )
        return self._apply_edit(
            message,
            params,
            text=caption if isinstance(caption, str) and caption else None,
            plain=plain,
            entities=entities,
            markup=self._check_markup(params),
        )

    async def _edit_message_reply_markup(
        self, params: JSON, files: dict[str, UploadedFile]
    ) -> JSON:
        message = self._editable(params)
        markup = self._check_markup(params)
        return self._apply_edit(
            message,
            {"parse_mode": message.parse_mode},
            text=message.text,
            plain=message.plain_text,
            entities=message.entities,
            markup=markup,
        )

    async def _delete_message(self, params: JSON, files: dict[str, UploadedFile]) -> bool:
        chat = self._chat(params)
        key: tuple[int, int] = (chat["id"], params.get("message_id") or 0)
        message = self._bot_messages.get(key)
        if message is not None and not message.deleted:
            message.deleted = True
            return True
        if self._user_messages.pop(key, None) is not None:
            return True
        raise _bad("message to delete not found")

    async def _delete_messages(self, params: JSON, files: dict[str, UploadedFile]) -> bool:
        chat = self._chat(params)
        ids = params.get("message_ids")
        if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
            raise _bad("message_ids is empty")
        for message_id in ids:
            message = self._bot_messages.get((chat["id"], message_id))
            if message is not None:
                message.deleted = True
            self._user_messages.pop((chat["id"], message_id), None)
        return True

    async def _answer_callback_query(self, params: JSON, files: dict[str, UploadedFile]) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        query = self._callback_queries.get(query_id)
        if query is None or query.answered:
            raise _bad(_QUERY_INVALID)
        text = params.get("text")
        if isinstance(text, str) and len(text) > 200:
            raise _bad("MESSAGE_TOO_LONG")
        query.answered = True
        url = params.get("url")
        self.answered_callbacks.append(
            AnsweredCallback(
                id=query_id,
                text=text if isinstance(text, str) else None,
                show_alert=bool(params.get("show_alert", False)),
                url=url if isinstance(url, str) else None,
                at=self._now(),
            )
        )
        return True

    async def _send_chat_action(self, params: JSON, files: dict[str, UploadedFile]) -> bool:
        self._chat(params)
        if params.get("action") not in _CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        return True

    async def _get_file(self, params: JSON, files: dict[str, UploadedFile]) -> JSON:
        stored = self.files.get(str(params.get("file_id") or ""))
        if stored is None:
            raise _bad("invalid file_id")
        return stored.to_json()


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 1]}…"
