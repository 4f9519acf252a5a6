"""Waking hours and check-in times, across zones, DST and midnight-crossing windows."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.planning import checkin_due, is_waking, next_waking

LONDON = ZoneInfo("Europe/London")
LA = ZoneInfo("America/Los_Angeles")
TOKYO = ZoneInfo("Asia/Tokyo")
NINE, NINE_PM = 9 * 60, 21 * 60


@pytest.mark.parametrize(
    ("minute", "start", "end", "awake"),
    [
        (8 * 60 + 59, NINE, NINE_PM, False),
        (NINE, NINE, NINE_PM, True),
        (NINE_PM - 1, NINE, NINE_PM, True),
        (NINE_PM, NINE, NINE_PM, False),
        (23 * 60, 22 * 60, 6 * 60, True),  # night shift: awake across midnight
        (3 * 60, 22 * 60, 6 * 60, True),
        (12 * 60, 22 * 60, 6 * 60, False),
    ],
)
def test_waking_window(minute: int, start: int, end: int, awake: bool) -> None:
    assert is_waking(minute, start, end) is awake


def test_night_time_moves_to_next_morning_local() -> None:
    # 23:30 in Tokyo is 14:30 UTC; the next waking moment is 09:00 Tokyo = 00:00 UTC.
    after = datetime(2026, 11, 25, 14, 30, tzinfo=UTC)
    assert next_waking(after, TOKYO, NINE, NINE_PM) == datetime(2026, 11, 26, 0, 0, tzinfo=UTC)


def test_early_morning_moves_to_same_day_start() -> None:
    after = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)  # 06:00 London (GMT)
    assert next_waking(after, LONDON, NINE, NINE_PM) == datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def test_awake_is_unchanged() -> None:
    after = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    assert next_waking(after, LONDON, NINE, NINE_PM) == after


def test_checkin_keeps_local_time_across_dst_forward() -> None:
    # Logged 10:00 London on Saturday 28 March 2026 (GMT); clocks go forward on the 29th.
    logged = datetime(2026, 3, 28, 10, 0, tzinfo=UTC)
    due = checkin_due(logged, 1, LONDON, NINE, NINE_PM)
    assert due.astimezone(LONDON).hour == 10
    assert due == datetime(2026, 3, 29, 9, 0, tzinfo=UTC)  # 10:00 BST


def test_checkin_keeps_local_time_across_dst_back_west_coast() -> None:
    # Logged 18:00 Los Angeles on 31 Oct 2026 (PDT); clocks go back on 1 Nov.
    logged = datetime(2026, 11, 1, 1, 0, tzinfo=UTC)
    due = checkin_due(logged, 1, LA, NINE, NINE_PM)
    assert due.astimezone(LA).hour == 18
    assert due == datetime(2026, 11, 2, 2, 0, tzinfo=UTC)  # 18:00 PST


def test_checkin_logged_at_night_comes_at_wake_time() -> None:
    logged = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)  # 23:30 London
    due = checkin_due(logged, 1, LONDON, NINE, NINE_PM)
    assert due == datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        next_waking(datetime(2026, 1, 1), LONDON, NINE, NINE_PM)  # noqa: DTZ001
