"""Waking hours and check-in times, across zones, DST and midnight-crossing windows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
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


BERLIN = ZoneInfo("Europe/Berlin")


def test_four_hydration_nudges_spread_through_waking_hours() -> None:
    from bot.domain.planning import hydration_offsets

    assert hydration_offsets(4, NINE, NINE_PM) == [90, 270, 450, 630]  # 10:30 ... 19:30


def test_hydration_slots_follow_each_other_and_skip_the_night() -> None:
    from bot.domain.planning import jitter_minutes, next_hydration

    user = 42
    j = jitter_minutes(user, 10)
    assert -10 <= j <= 10
    after = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)  # 09:00 Berlin
    seen = []
    for _ in range(5):
        slot = next_hydration(
            after, BERLIN, wake_start=NINE, wake_end=NINE_PM, per_day=4, user_id=user
        )
        local = slot.due_at.astimezone(BERLIN)
        assert 9 <= local.hour < 21
        seen.append((slot.day.isoformat(), slot.index))
        after = slot.due_at
    assert seen == [
        ("2026-11-25", 0),
        ("2026-11-25", 1),
        ("2026-11-25", 2),
        ("2026-11-25", 3),
        ("2026-11-26", 0),
    ]


def test_hydration_across_midnight_waking_hours() -> None:
    from bot.domain.planning import next_hydration

    # Awake 22:00-06:00 (night shift): 2 nudges at 00:00 and 04:00 (+ jitter), never at noon.
    after = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    slot = next_hydration(after, UTC, wake_start=22 * 60, wake_end=6 * 60, per_day=2, user_id=7)
    assert is_waking(slot.due_at.hour * 60 + slot.due_at.minute, 22 * 60, 6 * 60)
    assert timedelta(hours=11) < slot.due_at - after < timedelta(hours=13)  # about midnight


def test_stretch_time_is_kept_in_local_time_over_dst() -> None:
    from bot.domain.planning import next_stretch, parse_times

    times = parse_times("18:00")
    after = datetime(2026, 3, 28, 18, 0, tzinfo=UTC)  # after 18:00 London on the 28th (GMT)
    slot = next_stretch(after, LONDON, times=times, wake_start=NINE, wake_end=NINE_PM)
    assert slot.due_at == datetime(2026, 3, 29, 17, 0, tzinfo=UTC)  # 18:00 BST
    with pytest.raises(ValueError, match="not a time"):
        parse_times("25:00")
    with pytest.raises(ValueError, match="out of range"):
        parse_times("08:00,12:00,18:00")
