"""Timezone names and UTC offsets typed by a user, parsed with the standard library only."""

from __future__ import annotations

import re
import zoneinfo
from datetime import timedelta, timezone, tzinfo
from functools import cache

from bot.domain import policy

_OFFSET_RE = re.compile(
    r"^(?:utc|gmt)?\s*(?P<sign>[+-−])\s*(?P<h>\d{1,2})(?::?(?P<m>[0-5]\d))?$", re.IGNORECASE
)
MAX_OFFSET = policy.MAX_UTC_OFFSET


@cache
def _zones_by_lower() -> dict[str, str]:
    return {name.lower(): name for name in zoneinfo.available_timezones()}


def parse_zone(text: str) -> str | None:
    """A canonical zone string for what the user typed, or None.

    Accepts IANA names in any case ("europe/berlin"), "UTC"/"GMT", and offsets such as "UTC+2",
    "+05:30", "GMT-3". Offsets are stored as "UTC+05:30" (a fixed offset: no DST).
    """
    cleaned = text.strip().replace(" ", "_") if len(text) <= 64 else ""
    if not cleaned:
        return None
    if cleaned.lower() in {"utc", "gmt", "z", "utc+0", "gmt+0"}:
        return "UTC"
    found = _zones_by_lower().get(cleaned.lower())
    if found is not None:
        return found
    match = _OFFSET_RE.match(cleaned.replace("_", ""))
    if match is None:
        return None
    hours, minutes = int(match["h"]), int(match["m"] or 0)
    offset = timedelta(hours=hours, minutes=minutes)
    if offset > MAX_OFFSET:
        return None
    sign = "-" if match["sign"] in "-−" else "+"
    if offset == timedelta(0):
        return "UTC"
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def zone(name: str) -> tzinfo:
    """The tzinfo for a stored zone string (an IANA name or "UTC±HH:MM"); KeyError if unknown."""
    if name.startswith("UTC") and len(name) == 9:
        sign = -1 if name[3] == "-" else 1
        offset = timedelta(hours=int(name[4:6]), minutes=int(name[7:9]))
        return timezone(sign * offset)
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise KeyError(name) from exc
