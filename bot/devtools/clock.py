"""A virtual clock (the ``Clock`` port of bot.services.ports) that only moves when told to."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

_STEP_RE = re.compile(r"(\d+)\s*([wdhm])")
_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}
_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d")


class VirtualClock:
    """``now()`` is whatever it was last set to (timezone-aware, UTC)."""

    def __init__(self, start: datetime) -> None:
        self.current = _utc(start)

    def now(self) -> datetime:
        return self.current

    def set(self, when: datetime) -> None:
        self.current = _utc(when)


def _utc(when: datetime) -> datetime:
    if when.tzinfo is None:
        raise ValueError("the virtual clock needs a timezone-aware time")
    return when.astimezone(UTC)


def parse_target(text: str, now: datetime, zone: ZoneInfo) -> datetime:
    """Where ``/clock TEXT`` moves to: ``+2h``, ``+1d``, ``+1d12h``, ``+30m``, ``+2w``, or a
    local date and time in ``zone`` (``2026-12-01 09:00``; a date alone means 00:00).

    Raises ``ValueError`` with a sentence for the user."""
    text = text.strip()
    if text.startswith("+"):
        rest = text[1:].replace(" ", "").lower()
        steps = _STEP_RE.findall(rest)
        if not steps or "".join(n + u for n, u in steps) != rest:
            raise ValueError(f"I can't read {text!r}: try +30m, +2h, +1d, +1d12h or +2w")
        delta = timedelta()
        for number, unit in steps:
            delta += timedelta(**{_UNITS[unit]: int(number)})
        return now + delta
    for fmt in _FORMATS:
        try:
            naive = datetime.strptime(text, fmt)  # noqa: DTZ007 - made aware on the next line
        except ValueError:
            continue
        return naive.replace(tzinfo=zone).astimezone(UTC)
    raise ValueError(f"I can't read {text!r}: try +2h, +1d or 2026-12-01 09:00")
