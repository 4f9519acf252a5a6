"""callback_data codec: a versioned prefix, a few short parts, strictly parsed.

Anything that does not parse (an old layout, forged or oversized data, any non-ASCII text such as
a lone surrogate) decodes to None, and the handler answers "This has expired" and changes
nothing. ``decode`` is total: it never raises. A part made of digits is a number no larger than
a signed 64-bit integer (``MAX_INT``), so ``int(part)`` fits every id column and driver.
"""

from __future__ import annotations

import re

PREFIX = "k1"
MAX_BYTES = 64  # Telegram's limit for callback_data
MAX_INT = 2**63 - 1  # the largest id SQLite and PostgreSQL (BIGINT) store
_PART = re.compile(r"[A-Za-z0-9_+.\-]{1,32}")


def encode(*parts: str | int) -> str:
    texts = [str(p) for p in parts]
    for text in texts:
        if not _PART.fullmatch(text):
            raise ValueError(f"bad callback part {text!r}")
    data = ":".join((PREFIX, *texts))
    if len(data.encode()) > MAX_BYTES:
        raise ValueError("callback data too long")
    return data


def decode(data: object) -> tuple[str, ...] | None:
    """The parts after the prefix, or None for anything we did not make. Never raises."""
    if not isinstance(data, str) or len(data) > MAX_BYTES or not data.isascii():
        return None  # ASCII only: one byte a character, no surrogates
    prefix, _, rest = data.partition(":")
    if prefix != PREFIX or not rest:
        return None
    parts = tuple(rest.split(":"))
    if len(parts) > 6 or not all(_PART.fullmatch(p) and _bounded(p) for p in parts):
        return None
    return parts


def _bounded(part: str) -> bool:
    return not part.isdigit() or int(part) <= MAX_INT


def pattern(kind: str, rest: str = ":") -> str:
    """The handler pattern for buttons of ``kind`` ("ob", "tr" ...): ``^k1:ob:`` by default;
    ``rest`` is a regular expression for what follows the kind (e.g. ``"$"``, ``":(a|b)$"``).
    One place knows the prefix, so a new layout version changes every pattern at once."""
    return f"^{re.escape(PREFIX)}:{re.escape(kind)}{rest}"
