"""callback_data codec: a versioned prefix, a few short parts, strictly parsed.

Anything that does not parse (an old layout, forged or oversized data) decodes to None, and the
handler answers "This has expired" and changes nothing.
"""

from __future__ import annotations

import re

PREFIX = "k1"
MAX_BYTES = 64  # Telegram's limit for callback_data
_PART = re.compile(r"^[A-Za-z0-9_+.\-]{1,32}$")


def encode(*parts: str | int) -> str:
    texts = [str(p) for p in parts]
    for text in texts:
        if not _PART.match(text):
            raise ValueError(f"bad callback part {text!r}")
    data = ":".join((PREFIX, *texts))
    if len(data.encode()) > MAX_BYTES:
        raise ValueError("callback data too long")
    return data


def decode(data: object) -> tuple[str, ...] | None:
    """The parts after the prefix, or None for anything we did not make."""
    if not isinstance(data, str) or len(data.encode()) > MAX_BYTES:
        return None
    prefix, _, rest = data.partition(":")
    if prefix != PREFIX or not rest:
        return None
    parts = tuple(rest.split(":"))
    if len(parts) > 6 or not all(_PART.match(p) for p in parts):
        return None
    return parts
