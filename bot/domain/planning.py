"""When things are due: waking hours in the user's zone, check-in times, the check-in schedule
(TRIAGE.md "Check-ins and escalation from history": missed check-ins, closing, the next check-in
day) and the "Were you seen?" follow-ups after EMERGENCY / URGENT_TODAY. Pure functions.

Times are stored in UTC and reasoned about in the user's local time. Waking hours are minutes
after local midnight; an end before the start means they cross midnight (e.g. 22:00-06:00).
Check-in days count from logging: ``CheckInFacts.seq`` is a check-in's place in the normal
schedule (``checkin_day(seq)``), so days only grow with ``seq``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Final

from bot.domain import thresholds as t
from bot.domain.conversation import require_aware
from bot.domain.facts import CheckInFacts, CheckStatus, EpisodeFacts
from bot.domain.model import Urgency

DAY_MINUTES = 24 * 60
JITTER_MINUTES = 10  # per-user spread of nudge times (load, not a clinical number)
DAY: Final = timedelta(days=1)


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
    require_aware(after, "after")
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
    require_aware(logged_at, "logged_at")
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


def _first_slot(
    after: datetime, tz: tzinfo, count: int, due_on: Callable[[date, int], datetime]
) -> Slot:
    """The first of ``count`` daily slots (``due_on(local date, index)``, UTC) after ``after``."""
    require_aware(after, "after")
    local_day = after.astimezone(tz)
    for delta in (-1, 0, 1, 2):
        day = (local_day + timedelta(days=delta)).date()
        for index in range(count):
            due = due_on(day, index)
            if due > after:
                return Slot(due, day, index)
    raise AssertionError("unreachable: a slot exists within three days")  # pragma: no cover


def next_hydration(
    after: datetime, tz: tzinfo, *, wake_start: int, wake_end: int, per_day: int, user_id: int
) -> Slot:
    """The first hydration nudge strictly after ``after``, inside waking hours."""
    offsets = hydration_offsets(per_day, wake_start, wake_end)
    jitter = jitter_minutes(user_id, min(JITTER_MINUTES, offsets[0]))

    def due_on(day: date, index: int) -> datetime:
        start = datetime.combine(day, time(wake_start // 60, wake_start % 60))
        naive = start + timedelta(minutes=offsets[index] + jitter)
        return naive.replace(tzinfo=tz).astimezone(UTC)

    return _first_slot(after, tz, len(offsets), due_on)


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

    def due_on(day: date, index: int) -> datetime:
        naive = datetime.combine(day, time(times[index] // 60, times[index] % 60))
        return next_waking(naive.replace(tzinfo=tz).astimezone(UTC), tz, wake_start, wake_end)

    return _first_slot(after, tz, len(times), due_on)


# --- The check-in schedule ----------------------------------------------------------------------


def missed_checkins_in_a_row(checkins: Iterable[CheckInFacts], now: datetime) -> int:
    """How many check-ins in a row were missed (a check-in is missed when the next one is due
    without an answer). An answer to the latest due check-in resets it to 0."""
    require_aware(now, "now")
    due = sorted((c for c in checkins if c.due_at <= now), key=lambda c: c.seq)
    if not due or due[-1].answered_by(now):
        return 0
    count = 0
    for checkin in reversed(due[:-1]):  # each of these has a later one that is due
        if checkin.answered_by(now):
            break
        count += 1
    return count


def last_contact(episode: EpisodeFacts, now: datetime) -> datetime:
    """The user's last sign of life in this episode: logging, an answer, "booked" or "seen"."""
    require_aware(now, "now")
    answers = [c.answered_at for c in episode.checkins]
    taps = [episode.booked_at, episode.seen_at]
    return max([episode.logged_at, *(m for m in (*answers, *taps) if m is not None and m <= now)])


def should_close_for_silence(episode: EpisodeFacts, now: datetime) -> bool:
    """21 days without any answer closes the episode (with the "closing" text)."""
    if episode.closed_at is not None and episode.closed_at <= now:
        return False
    return now - last_contact(episode, now) >= t.CLOSE_AFTER_NO_ANSWER


def closes_on_gone(checkins: Iterable[CheckInFacts]) -> bool:
    """Two "Gone" in a row (neighbouring check-ins, both answered "Gone") close the episode."""
    ordered = sorted(checkins, key=lambda c: c.seq)
    answered = [i for i, c in enumerate(ordered) if c.answered_at is not None]
    n = t.GONE_IN_A_ROW_TO_CLOSE
    if len(answered) < n:
        return False
    last = answered[-n:]
    neighbours = last[-1] - last[0] == n - 1
    return neighbours and all(ordered[i].status is CheckStatus.GONE for i in last)


CLOSING_TEXT_ID: Final = "closing"  # two "Gone", silence, or "It has stopped"
SAFETY_NET_TEXT_ID: Final = "safety_net"  # closing after "Were you seen?" went unanswered
FOLLOW_UP_TEXT_ID: Final = "followup.were_you_seen"  # "Were you seen?"


_WEEKLY_DAYS: Final = t.CHECKIN_WEEKLY_INTERVAL // DAY


def checkin_day(seq: int) -> int:
    """The day (since logging) of check-in number ``seq`` of the normal schedule:
    CHECKIN_DAYS, then weekly after the last of them."""
    if type(seq) is not int or seq < 1:
        raise ValueError("a check-in number is an int from 1")
    days = t.CHECKIN_DAYS
    if seq <= len(days):
        return days[seq - 1]
    return days[-1] + (seq - len(days)) * _WEEKLY_DAYS


def checkin_seq(day: int) -> int:
    """The check-in number of a schedule ``day`` (ValueError if no check-in falls on it)."""
    if type(day) is not int or day < 1:
        raise ValueError("a check-in day is an int from 1")
    days = t.CHECKIN_DAYS
    if day in days:
        return days.index(day) + 1
    beyond = day - days[-1]
    if beyond <= 0 or beyond % _WEEKLY_DAYS:
        raise ValueError(f"no check-in is scheduled on day {day}")
    return len(days) + beyond // _WEEKLY_DAYS


def first_day_after(after: int, *, reduced: bool) -> int:
    """The first check-in day strictly after day ``after``: CHECKIN_DAYS (or, after two missed,
    CHECKIN_DAYS_AFTER_MISSED), then weekly from the last of them."""
    days = t.CHECKIN_DAYS_AFTER_MISSED if reduced else t.CHECKIN_DAYS
    for day in days:
        if day > after:
            return day
    last = days[-1]
    return last + ((after - last) // _WEEKLY_DAYS + 1) * _WEEKLY_DAYS


def checkins_stopped(episode: EpisodeFacts, now: datetime) -> bool:
    """No more check-ins: closed, closing (two "Gone", silence), or at EMERGENCY/URGENT_TODAY
    (the "Were you seen?" follow-ups take over until "assessed" lowers the level)."""
    require_aware(now, "now")
    return (
        (episode.closed_at is not None and episode.closed_at <= now)
        or episode.urgency > Urgency.SEE_GP
        or closes_on_gone(episode.checkins)
        or should_close_for_silence(episode, now)
    )


def next_checkin_day(episode: EpisodeFacts, now: datetime) -> int | None:
    """The schedule day (days since logging) of the next check-in to plan, or None.

    Strictly after the last check-in that has fallen due and after the day it was asked on (so
    a late one after downtime is not followed by another the same day); after two missed in a
    row only days 7, 14 and weekly; an answer to the latest check-in resumes the normal
    schedule. ``checkin_seq(day)`` is its number; ``planning.checkin_due`` its time.
    """
    if checkins_stopped(episode, now):
        return None
    due = [c for c in episode.checkins if c.due_at <= now]
    after = 0
    if due:
        last = max(due, key=lambda c: c.seq)
        asked_day = (last.due_at - episode.logged_at) // DAY
        after = max(checkin_day(last.seq), asked_day)
    reduced = missed_checkins_in_a_row(episode.checkins, now) >= t.MISSED_CHECKINS_FOR_NOTICE
    return first_day_after(after, reduced=reduced)


def next_checkin_seq(episode: EpisodeFacts, now: datetime) -> int | None:
    """``next_checkin_day`` as a check-in number (the reminders' ``seq``), or None."""
    day = next_checkin_day(episode, now)
    return None if day is None else checkin_seq(day)


def checkin_wanted(episode: EpisodeFacts, seq: int, now: datetime) -> bool:
    """Whether check-in number ``seq``, falling due at ``now``, is asked. Not when check-ins
    have stopped, nor when the ones before it end in two missed and its day is not on the
    reduced schedule (days 7, 14, weekly): then the missed-check-ins notice goes out instead."""
    if checkins_stopped(episode, now):
        return False
    earlier = [c for c in episode.checkins if c.seq < seq and c.due_at <= now]
    missed = 0
    for checkin in reversed(earlier):  # all of them are followed by ``seq``, due now
        if checkin.answered_by(now):
            break
        missed += 1
    if missed < t.MISSED_CHECKINS_FOR_NOTICE:
        return True
    day = checkin_day(seq)
    return first_day_after(day - 1, reduced=True) == day


# --- "Were you seen?" after EMERGENCY or URGENT_TODAY -------------------------------------------


class SeenAnswer(StrEnum):
    ASSESSED = "assessed"  # "Yes, I was assessed": the level drops to the clinician's plan
    NOT_YET = "not_yet"  # "Not yet": the advice again at once, and another ask the next day


@dataclass(frozen=True, slots=True)
class SeenAsk:
    """One "Were you seen?" asked, and its answer (None: not answered)."""

    asked_at: datetime
    answer: SeenAnswer | None = None

    def __post_init__(self) -> None:
        require_aware(self.asked_at, "asked_at")
        if self.answer is not None and not isinstance(self.answer, SeenAnswer):
            raise ValueError("seen ask: answer malformed")


class SeenStep(StrEnum):
    ASK = "ask"  # send "Were you seen?" at ``at`` (move it into waking hours)
    CLOSE = "close"  # close the episode at ``at`` with the safety net
    DONE = "done"  # assessed: no more asks; offer the normal check-in schedule


@dataclass(frozen=True, slots=True)
class SeenPlan:
    step: SeenStep
    at: datetime | None  # None when DONE
    ask_number: int = 0  # ASK: 1 for the first ask, 2 for the next ...
    text_id: str | None = None  # CLOSE: "safety_net"; ASK: "followup.were_you_seen"


def were_you_seen_plan(given_at: datetime, asks: Sequence[SeenAsk]) -> SeenPlan:
    """What follows an EMERGENCY or URGENT_TODAY result given at ``given_at``.

    The next day: "Were you seen?". "Not yet" asks again the next day, for up to 3 days of
    "Not yet"; an unanswered ask gets one more ask; then the episode closes with the safety net.
    Only the asks since ``given_at`` count: an urgent level given again after "Yes, I was
    assessed" (a new red flag) starts its own round of asks.
    """
    require_aware(given_at, "given_at")
    ordered = sorted((a for a in asks if a.asked_at >= given_at), key=lambda a: a.asked_at)
    if any(a.answer is SeenAnswer.ASSESSED for a in ordered):
        return SeenPlan(SeenStep.DONE, None)
    if not ordered:
        return _ask(given_at + t.WERE_YOU_SEEN_AFTER, 1)
    next_at = ordered[-1].asked_at + t.WERE_YOU_SEEN_AFTER
    unanswered = 0
    for ask in reversed(ordered):
        if ask.answer is not None:
            break
        unanswered += 1
    not_yet = sum(1 for a in ordered if a.answer is SeenAnswer.NOT_YET)
    if unanswered > t.WERE_YOU_SEEN_EXTRA_ASKS or (
        unanswered == 0 and not_yet >= t.WERE_YOU_SEEN_NOT_YET_MAX_DAYS
    ):
        return SeenPlan(SeenStep.CLOSE, next_at, text_id=SAFETY_NET_TEXT_ID)
    return _ask(next_at, len(ordered) + 1)


def _ask(at: datetime, number: int) -> SeenPlan:
    return SeenPlan(SeenStep.ASK, at, ask_number=number, text_id=FOLLOW_UP_TEXT_ID)
