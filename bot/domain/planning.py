"""When things are due: waking hours in the user's zone, check-in times. Pure functions.

Times are stored in UTC and reasoned about in the user's local time. Waking hours are minutes
after local midnight; an end before the start means they cross midnight (e.g. 22:00-06:00).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from bot.domain import thresholds as t

DAY_MINUTES = 24 * 60
JITTER_MINUTES = 10  # per-user spread of nudge times (load, not a clinical number)


def _require_aware(when: datetime) -> None:
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("naive datetime")


def minutes_of(local: datetime) -> int:
    return local.hour * 60 + local.minute


def is_waking(minute: int, wake_start: int, wake_end: int) -> bool:
    """Whether a local minute-of-day lies in the waking window [start, end)."""
    if wake_start == wake_end:
        return True  # awake all day
    if wake_start < wake_end:
        return wake_start <= minute < wake_end
    return minute >= wake_start or minute < wake_end


def _local(day: datetime, minute: int, tz: tzinfo) -> datetime:
    """The aware local datetime at ``minute`` of ``day``'s local date (DST gaps move forward)."""
    naive = datetime.combine(day.date(), time(minute // 60, minute % 60))
    local = naive.replace(tzinfo=tz)
    # A wall time inside a spring-forward gap does not exist; round trip through UTC so it
    # lands on the real instant just after the gap.
    return local.astimezone(UTC).astimezone(tz)


def next_waking(after: datetime, tz: tzinfo, wake_start: int, wake_end: int) -> datetime:
    """``after`` if the user is awake then, else the next local start of waking hours (UTC)."""
    _require_aware(after)
    local = after.astimezone(tz)
    if is_waking(minutes_of(local), wake_start, wake_end):
        return after.astimezone(UTC)
    candidate = _local(local, wake_start, tz)
    if candidate <= local:
        candidate = _local(local + timedelta(days=1), wake_start, tz)
    return candidate.astimezone(UTC)


def checkin_due(
    logged_at: datetime, day: int, tz: tzinfo, wake_start: int, wake_end: int
) -> datetime:
    """The check-in ``day`` local days after logging, near the logging time, in waking hours."""
    _require_aware(logged_at)
    local = logged_at.astimezone(tz)
    target_day = local + timedelta(days=day)
    minute = minutes_of(local)
    if not is_waking(minute, wake_start, wake_end):
        minute = wake_start
    due = _local(target_day, minute, tz)
    return next_waking(due.astimezone(UTC), tz, wake_start, wake_end)


# --- Hydration and stretching: only the next occurrence is ever stored -----------------------


@dataclass(frozen=True, slots=True)
class Slot:
    """One concrete occurrence: when (UTC), and the local waking-day and slot index it is."""

    due_at: datetime
    day: date  # the local date on which this waking day starts (used in dedup keys)
    index: int


def jitter_minutes(user_id: int, spread: int = JITTER_MINUTES) -> int:
    """A stable per-user offset in [-spread, spread] minutes, so nudges don't all fire at once."""
    if spread <= 0:
        return 0
    digest = hashlib.blake2b(str(user_id).encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big") % (2 * spread + 1) - spread


def _window(wake_start: int, wake_end: int) -> int:
    length = (wake_end - wake_start) % DAY_MINUTES
    return length or DAY_MINUTES


def hydration_offsets(per_day: int, wake_start: int, wake_end: int) -> list[int]:
    """Minutes after the start of waking hours, spread evenly (the middle of equal parts)."""
    if not t.HYDRATION_PER_DAY_MIN <= per_day <= t.HYDRATION_PER_DAY_MAX:
        raise ValueError("hydration reminders per day out of range")
    part = _window(wake_start, wake_end) / per_day
    return [int(part * (i + 0.5)) for i in range(per_day)]


def _next_from_offsets(
    after: datetime, tz: tzinfo, wake_start: int, offsets: list[int], jitter: int
) -> Slot:
    _require_aware(after)
    local_day = after.astimezone(tz)
    for delta in (-1, 0, 1, 2):
        day = (local_day + timedelta(days=delta)).date()
        start = datetime.combine(day, time(wake_start // 60, wake_start % 60))
        for index, offset in enumerate(offsets):
            naive = start + timedelta(minutes=offset + jitter)
            due = naive.replace(tzinfo=tz).astimezone(UTC)
            if due > after:
                return Slot(due, day, index)
    raise AssertionError("unreachable: a slot exists within three days")  # pragma: no cover


def next_hydration(
    after: datetime, tz: tzinfo, *, wake_start: int, wake_end: int, per_day: int, user_id: int
) -> Slot:
    """The first hydration nudge strictly after ``after``, inside waking hours."""
    offsets = hydration_offsets(per_day, wake_start, wake_end)
    spread = min(JITTER_MINUTES, offsets[0])
    return _next_from_offsets(after, tz, wake_start, offsets, jitter_minutes(user_id, spread))


def parse_times(text: str) -> tuple[int, ...]:
    """ "18:00" or "08:30,18:00" -> minutes after midnight, sorted; ValueError if malformed."""
    minutes = []
    for part in text.split(","):
        hours, _, mins = part.strip().partition(":")
        if not (hours.isdigit() and mins.isdigit() and len(mins) == 2):
            raise ValueError(f"not a time: {part!r}")
        h, m = int(hours), int(mins)
        if not (0 <= h < 24 and 0 <= m < 60):
            raise ValueError(f"not a time: {part!r}")
        minutes.append(h * 60 + m)
    if not 1 <= len(minutes) <= t.STRETCH_PER_DAY_MAX:
        raise ValueError("stretch reminders per day out of range")
    return tuple(sorted(set(minutes)))


def next_stretch(
    after: datetime, tz: tzinfo, *, times: tuple[int, ...], wake_start: int, wake_end: int
) -> Slot:
    """The next stretch reminder at one of the chosen local times, moved into waking hours."""
    _require_aware(after)
    local_day = after.astimezone(tz)
    for delta in (-1, 0, 1, 2):
        day = (local_day + timedelta(days=delta)).date()
        for index, minute in enumerate(times):
            naive = datetime.combine(day, time(minute // 60, minute % 60))
            due = next_waking(naive.replace(tzinfo=tz).astimezone(UTC), tz, wake_start, wake_end)
            if due > after:
                return Slot(due, day, index)
    raise AssertionError("unreachable: a slot exists within three days")  # pragma: no cover
