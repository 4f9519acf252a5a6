"""When things are due: waking hours in the user's zone, check-in times. Pure functions.

Times are stored in UTC and reasoned about in the user's local time. Waking hours are minutes
after local midnight; an end before the start means they cross midnight (e.g. 22:00-06:00).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, tzinfo

from bot.domain import thresholds as t

DAY_MINUTES = 24 * 60


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


def checkin_days() -> tuple[int, ...]:
    """The scheduled check-in days (TRIAGE.md); weekly after the last one."""
    return t.CHECKIN_DAYS
