"""The escalation rules of TRIAGE.md "Check-ins and escalation from history": one small
function per rule over a ``View`` of the episode as of ``now``, each returning ``Finding``s
(rule, level, reason as an id with raw values, wording id). ``escalation.evaluate`` runs them.
No I/O.

Readings chosen here (each the safer one, where TRIAGE.md leaves room):

- A check-in answered a few hours early because of waking hours still counts as its day (the
  7- and 14-day advice is not put off by a whole check-in).
- Duration rules measure from onset to the last moment the twitch was reported present (the last
  answered check-in unless it was "Gone"; the logging time before any answer). A twitch reported
  gone gets no duration advice; an unanswered check-in does not count as "still there".
- "At two check-ins in a row" looks at the last answered check-ins: a missed check-in between two
  "almost constant" answers does not reset the count.
- Recurrence is counted exactly as the triage counts it (it calls ``triage.assess``), around the
  current episode's logging time: the window does not slide away from the triage's answer.
- "I've been seen" stops every GP prompt (and the "💬" advice) and leaves red flags; red flags
  answered before "seen" are history.

The bot never diagnoses: no text here names a disease.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Final

from bot.domain import reasons, triage, wording
from bot.domain import thresholds as t
from bot.domain.facts import (
    RED_FLAG_LEVELS,
    SAME_OR_WORSE,
    STILL_THERE,
    CheckInFacts,
    EpisodeFacts,
    History,
    Rule,
)
from bot.domain.model import Frequency, Urgency
from bot.domain.planning import DAY, checkin_day, missed_checkins_in_a_row
from bot.domain.reasons import Reason

_ITEMS: Final[Mapping[str, triage.ChecklistItem]] = {
    i.id: i for i in (*triage.EMERGENCY_ITEMS, *triage.SAME_DAY_ITEMS, *triage.GP_ITEMS)
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule that applies now."""

    rule: Rule
    level: Urgency | None  # None: the "💬" advice or the missed-check-ins notice
    reason: Reason  # stored as is: an id and raw values, e.g. ("duration", {"days": 9})
    text_id: str  # wording id: the level's headline, "see_gp_firmly", or the notice itself

    @property
    def reason_text(self) -> str:
        """The reason in plain words, in the current language: "It's been going on for 9 days"."""
        return self.reason.text


@dataclass(frozen=True, slots=True)
class View:
    """The episode as of ``now``: what each rule reads (built by ``evaluate``)."""

    history: History
    now: datetime
    answered: tuple[CheckInFacts, ...]  # answered by ``now``, in schedule order

    @property
    def episode(self) -> EpisodeFacts:
        return self.history.current

    @property
    def latest(self) -> CheckInFacts | None:
        return self.answered[-1] if self.answered else None

    @property
    def seen(self) -> bool:
        seen_at = self.episode.seen_at
        return seen_at is not None and seen_at <= self.now

    @property
    def booked(self) -> bool:
        booked_at = self.episode.booked_at
        return booked_at is not None and booked_at <= self.now

    def last(self, n: int) -> tuple[CheckInFacts, ...]:
        """The last ``n`` answered check-ins (fewer if there are not that many)."""
        return self.answered[-n:] if n > 0 else ()


_SEE_GP_HEADLINE: Final = wording.level_headline_id(Urgency.SEE_GP)


def _gp(rule: Rule, reason: Reason) -> Finding:
    return Finding(rule, Urgency.SEE_GP, reason, _SEE_GP_HEADLINE)


def _lasted(view: View) -> timedelta | None:
    """From onset to the last moment the twitch is known to be there; None if last reported
    gone."""
    latest = view.latest
    episode = view.episode
    if latest is None:
        return episode.logged_at - episode.onset_at
    if latest.status not in STILL_THERE or latest.answered_at is None:
        return None
    # The check-in of day N counts as N days after logging (waking hours may bring it earlier).
    present_at = max(latest.answered_at, episode.logged_at + checkin_day(latest.seq) * DAY)
    return present_at - episode.onset_at


def red_flags(view: View) -> list[Finding]:
    """A red flag at the latest check-in -> that level at once (after "seen" too)."""
    latest = view.latest
    if latest is None or latest.answered_at is None or not latest.red_flags:
        return []
    seen_at = view.episode.seen_at
    if seen_at is not None and latest.answered_at <= seen_at <= view.now:
        return []  # reported before the clinician saw them: their plan took over
    return [
        Finding(
            Rule.RED_FLAG,
            RED_FLAG_LEVELS[item_id],
            Reason(item_id),
            wording.level_headline_id(RED_FLAG_LEVELS[item_id]),
        )
        for item_id in _ITEMS
        if item_id in latest.red_flags
    ]


def lasted_a_day(view: View) -> list[Finding]:
    """Still there more than a day after onset -> the "💬" advice (no level)."""
    lasted = _lasted(view)
    if lasted is None or lasted < t.PROFESSIONAL_ADVICE_AFTER:
        return []
    return [Finding(Rule.LASTED_A_DAY, None, reasons.duration(lasted), "professional.text")]


def duration(view: View) -> list[Finding]:
    """7 days from onset -> SEE_GP; 14 days -> SEE_GP firmly (instead of the 7-day one)."""
    lasted = _lasted(view)
    if lasted is None:
        return []
    reason = reasons.duration(lasted)
    if lasted >= t.SEE_GP_FIRMLY_AFTER:
        return [Finding(Rule.DURATION_FIRMLY, Urgency.SEE_GP, reason, "see_gp_firmly")]
    if lasted >= t.SEE_GP_AFTER:
        return [_gp(Rule.DURATION, reason)]
    return []


def recurrence(view: View) -> list[Finding]:
    """3 episodes started in 30 days, or 5 in 90, this one included -> SEE_GP.

    Counted by the triage itself, around this episode's logging time (the same answer as then).
    """
    history_only = triage.assess(
        triage.Answers(),
        now=view.episode.logged_at,
        recent_episode_starts=view.history.other_episode_starts,
    )
    wanted = {Rule.RECURRENCE_SHORT.value, Rule.RECURRENCE_LONG.value}
    return [_gp(Rule(r.id), r.key) for r in history_only.reasons if r.id in wanted]


def intensity(view: View) -> list[Finding]:
    """8/10 or more; or 3 or more above the first rating; or 2 or more above the previous
    check-in at two check-ins in a row -> SEE_GP (each its own rule, each once)."""
    latest = view.latest
    if latest is None or latest.intensity is None:
        return []
    now_rating = latest.intensity
    found: list[Finding] = []
    if now_rating >= t.INTENSITY_SEE_GP:
        found.append(_gp(Rule.INTENSITY, Reason("intensity", {"intensity": now_rating})))
    first = view.episode.first_intensity
    if first is not None and now_rating - first >= t.INTENSITY_RISE_FROM_FIRST:
        reason = Reason("intensity_rise", {"first": first, "intensity": now_rating})
        found.append(_gp(Rule.INTENSITY_RISE, reason))
    steps = t.INTENSITY_RISE_CHECKINS_IN_A_ROW
    ratings = [c.intensity for c in view.last(steps + 1)]
    if len(ratings) == steps + 1 and all(
        before is not None
        and after is not None
        and after - before >= t.INTENSITY_RISE_FROM_PREVIOUS
        for before, after in pairwise(ratings)
    ):
        reason = Reason("intensity_rising", {"intensity": now_rating})
        found.append(_gp(Rule.INTENSITY_RISING, reason))
    return found


def almost_constant(view: View) -> list[Finding]:
    """ "Almost constant" at two check-ins in a row -> SEE_GP."""
    n = t.ALMOST_CONSTANT_CHECKINS_IN_A_ROW
    recent = view.last(n)
    if len(recent) == n and all(c.frequency is Frequency.ALMOST_CONSTANT for c in recent):
        return [_gp(Rule.ALMOST_CONSTANT, Reason("almost_constant"))]
    return []


def new_place(view: View) -> list[Finding]:
    """Twitching in a new place ("Anywhere else now?" Yes) -> SEE_GP."""
    latest = view.latest
    if latest is not None and latest.new_place is True:
        return [_gp(Rule.NEW_PLACE, Reason("new_place"))]
    return []


def self_care_not_working(view: View) -> list[Finding]:
    """Same or Worse at 3 check-ins (the latest one included) while the reminders are being
    done -> SEE_GP."""
    latest = view.latest
    if not view.episode.reminders_done_recently or latest is None:
        return []
    if latest.status not in SAME_OR_WORSE:
        return []
    count = sum(1 for c in view.answered if c.status in SAME_OR_WORSE)
    if count < t.SAME_OR_WORSE_CHECKINS:
        return []
    reason = Reason("self_care_not_working", {"count": count})
    return [_gp(Rule.SELF_CARE_NOT_WORKING, reason)]


def missed_checkins(view: View) -> list[Finding]:
    """Two missed check-ins in a row -> the missed-check-ins notice (no level)."""
    count = missed_checkins_in_a_row(view.episode.checkins, view.now)
    if count < t.MISSED_CHECKINS_FOR_NOTICE:
        return []
    reason = Reason("missed_checkins", {"count": count})
    return [Finding(Rule.MISSED_CHECKINS, None, reason, "missed_checkins")]


# Rules that prompt a doctor's appointment; not after "I've been seen".
GP_RULES: Final[Sequence[Callable[[View], list[Finding]]]] = (
    duration,
    recurrence,
    intensity,
    almost_constant,
    new_place,
    self_care_not_working,
)
