"""Escalation from an episode's history, and the check-in schedule: TRIAGE.md "Check-ins and
escalation from history" as small pure functions. No I/O; ``now`` is always a parameter.

Read in one pass, top to bottom:

1. FACTS: what the database layer maps its rows to (``EpisodeFacts``, ``CheckInFacts``,
   ``GivenEscalation``, ``History``), and ``given_from_triage()`` for what the triage already said.
2. RULES: one small function per rule, each returning ``Finding``s (rule, level, reason in plain
   words, wording id).
3. ``evaluate(history, now)``: every finding, the level (never below the episode's), and which
   findings are new. ``None`` when there is nothing new to say.
4. SCHEDULE: missed check-ins, closing (silence, two "Gone"), the next check-in day, and the
   "Were you seen?" follow-ups after ``EMERGENCY`` / ``URGENT_TODAY``.

Readings chosen here (each the safer one, where TRIAGE.md leaves room):

- ``CheckInFacts.seq`` is the check-in's place in the normal schedule (1 -> day 1, 2 -> day 2,
  3 -> day 3, 4 -> day 5, 5 -> day 7, 6 -> day 10, 7 -> day 14, 8 -> day 21, then weekly; see
  ``checkin_day``), as in the reminders' ``chk:{episode}:{seq}`` key. Days only grow with ``seq``,
  so "never more than one check-in a day" holds by construction, and the reduced schedule after
  two missed check-ins (days 7, 14, weekly) only skips numbers. A check-in answered a few hours
  early because of waking hours still counts as its day (the 7- and 14-day advice is not put off
  by a whole check-in).
- Duration rules measure from onset to the last moment the twitch was reported present (the last
  answered check-in unless it was "Gone"; the logging time before any answer). A twitch reported
  gone gets no duration advice; an unanswered check-in does not count as "still there".
- "At two check-ins in a row" looks at the last answered check-ins: a missed check-in between two
  "almost constant" answers does not reset the count. Closing on "Gone" is stricter: the two
  "Gone" answers must be neighbouring check-ins.
- Recurrence is counted exactly as the triage counts it (it calls ``triage.assess``), around the
  current episode's logging time: the window does not slide away from the triage's answer.
- "Once per episode" means: once a rule is in ``EpisodeFacts.escalations_given`` it is not new
  again. Red flags are new at every check-in that reports them; the 14-day advice is new at every
  check-in still reporting the twitch, until "I've booked". "I've been seen" stops every GP prompt
  (and the "💬" advice) and leaves red flags; red flags answered before "seen" are history.

The bot never diagnoses: no text here names a disease.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import pairwise
from typing import Final

from bot.domain import redflags, triage, wording
from bot.domain import thresholds as t
from bot.domain.conversation import is_intensity, require_aware
from bot.domain.language import _
from bot.domain.model import Frequency, Urgency

DAY: Final = timedelta(days=1)

# =================================================================================================
# 1. FACTS
# =================================================================================================


class CheckStatus(StrEnum):
    """The answer to "Still twitching?"."""

    GONE = "gone"
    BETTER = "better"
    SAME = "same"
    WORSE = "worse"


STILL_THERE: Final = frozenset({CheckStatus.BETTER, CheckStatus.SAME, CheckStatus.WORSE})
SAME_OR_WORSE: Final = frozenset({CheckStatus.SAME, CheckStatus.WORSE})

# Every checklist item a check-in (or a triage) can report, with the level it leads to.
RED_FLAG_LEVELS: Final[Mapping[str, Urgency]] = {
    item: level for item, level in redflags.LEVELS.items() if item != redflags.HEAT_ILLNESS
}  # the checklist items (the typed heat-illness sign is not one)
_ITEMS: Final[Mapping[str, triage.ChecklistItem]] = {
    i.id: i for i in (*triage.EMERGENCY_ITEMS, *triage.SAME_DAY_ITEMS, *triage.GP_ITEMS)
}


class Rule(StrEnum):
    """Why an escalation was given (stored; at most 32 characters; never reuse a value).

    Values shared with ``triage.Reason.id`` mean the same thing, so a triage reason and a
    check-in finding are one rule ("once per episode" spans both).
    """

    RED_FLAG = "red_flag"  # a checklist item at a check-in -> that item's level, at once
    LASTED_A_DAY = "lasted_a_day"  # the "💬" advice (no level), once
    DURATION = "duration"  # 7 days from onset -> SEE_GP, once
    DURATION_FIRMLY = "duration_firmly"  # 14 days -> SEE_GP firmly, each check-in until booked
    RECURRENCE_SHORT = "recurrence_short"  # 3 episodes in 30 days -> SEE_GP, once
    RECURRENCE_LONG = "recurrence_long"  # 5 episodes in 90 days -> SEE_GP, once
    INTENSITY = "intensity"  # 8/10 or more -> SEE_GP, once
    INTENSITY_RISE = "intensity_rise"  # 3 or more above the episode's first rating, once
    INTENSITY_RISING = "intensity_rising"  # 2 or more up at two check-ins in a row, once
    ALMOST_CONSTANT = "almost_constant"  # "almost constant" at two check-ins in a row, once
    NEW_PLACE = "new_place"  # twitching in a new place, once
    SELF_CARE_NOT_WORKING = "self_care_not_working"  # same/worse at 3 check-ins, once
    MISSED_CHECKINS = "missed_checkins"  # two missed in a row -> the notice (no level), once

    @classmethod
    def from_stored(cls, value: str) -> Rule | None:
        """The rule of a stored escalation row; None for rows no rule here wrote (e.g. the
        triage's own row: use ``given_from_triage`` for what the triage said)."""
        return cls(value) if value in _RULE_VALUES else None


_RULE_VALUES: Final = frozenset(r.value for r in Rule)
# Rules that are new again at each check-in reporting them (others: once per episode).
PER_CHECKIN: Final = frozenset({Rule.RED_FLAG, Rule.DURATION_FIRMLY})


def text(text_id: str, /, **values: object) -> str:
    """An approved text from ``wording`` (KeyError if there is none)."""
    return wording.text(text_id, **values)


@dataclass(frozen=True, slots=True)
class CheckInFacts:
    """One check-in of the episode that has fallen due (or is planned; see ``due_at``).

    ``seq`` is its place in the normal schedule (``checkin_day(seq)`` is its day since logging),
    unique per episode. ``due_at`` is when it fell due (was asked); rows planned for later may
    be passed too and are ignored until due.
    Unanswered: ``answered_at`` and ``status`` are None and nothing else is set.
    """

    seq: int
    due_at: datetime
    answered_at: datetime | None = None
    status: CheckStatus | None = None
    red_flags: frozenset[str] = frozenset()  # checklist item ids (triage lists)
    intensity: int | None = None
    frequency: Frequency | None = None
    new_place: bool | None = None  # "Anywhere else now?"

    def __post_init__(self) -> None:
        if type(self.seq) is not int or self.seq < 1:
            raise ValueError("check-in: seq must be a schedule number (an int from 1)")
        require_aware(self.due_at, "check-in due_at")
        if self.answered_at is not None:
            require_aware(self.answered_at, "check-in answered_at")
        if self.status is not None and not isinstance(self.status, CheckStatus):
            raise ValueError("check-in: status malformed")
        if (self.answered_at is None) != (self.status is None):
            raise ValueError("check-in: an answer needs both answered_at and status")
        if (
            not isinstance(self.red_flags, frozenset)
            or not self.red_flags <= RED_FLAG_LEVELS.keys()
        ):
            raise ValueError("check-in: unknown or malformed red-flag ids")
        if self.intensity is not None and not is_intensity(self.intensity):
            raise ValueError("check-in: intensity out of range")
        if self.frequency is not None and not isinstance(self.frequency, Frequency):
            raise ValueError("check-in: frequency malformed")
        if self.new_place is not None and not isinstance(self.new_place, bool):
            raise ValueError("check-in: new_place malformed")
        details = (self.red_flags, self.intensity, self.frequency, self.new_place)
        if self.answered_at is None and details != (frozenset(), None, None, None):
            raise ValueError("check-in: answers on an unanswered check-in")

    def answered_by(self, now: datetime) -> bool:
        return self.answered_at is not None and self.answered_at <= now


@dataclass(frozen=True, slots=True)
class GivenEscalation:
    """An escalation already given in this episode (a stored row; or from the triage)."""

    rule: Rule
    level: Urgency | None  # None for the "💬" advice and the missed-check-ins notice
    at: datetime

    def __post_init__(self) -> None:
        if not isinstance(self.rule, Rule):
            raise TypeError("given escalation: rule malformed")
        if self.level is not None and not isinstance(self.level, Urgency):
            raise ValueError("given escalation: level malformed")
        require_aware(self.at, "given escalation at")


@dataclass(frozen=True, slots=True)
class EpisodeFacts:
    """The open (or closed) episode as the rules need it. ``checkins`` are sorted by ``seq``."""

    id: int
    onset_at: datetime  # the upper end of the "How long?" answer (triage.onset)
    logged_at: datetime
    urgency: Urgency  # the episode's level now (only ever raised, except by "seen")
    first_intensity: int | None = None  # the triage's rating
    booked_at: datetime | None = None  # "I've booked"
    seen_at: datetime | None = None  # "I've been seen" / "Yes, I was assessed"
    closed_at: datetime | None = None
    checkins: tuple[CheckInFacts, ...] = ()
    escalations_given: tuple[GivenEscalation, ...] = ()
    reminders_done_recently: bool = False  # the user is doing the self-care reminders

    def __post_init__(self) -> None:
        if not isinstance(self.urgency, Urgency):
            raise TypeError("episode: urgency malformed")
        require_aware(self.onset_at, "episode onset_at")
        require_aware(self.logged_at, "episode logged_at")
        if self.onset_at > self.logged_at:
            raise ValueError("episode: onset after logging")
        for name in ("booked_at", "seen_at", "closed_at"):
            moment = getattr(self, name)
            if moment is not None:
                require_aware(moment, f"episode {name}")
        if self.first_intensity is not None and not is_intensity(self.first_intensity):
            raise ValueError("episode: first_intensity out of range")
        if not all(isinstance(c, CheckInFacts) for c in self.checkins):
            raise ValueError("episode: check-ins malformed")
        if not all(isinstance(g, GivenEscalation) for g in self.escalations_given):
            raise ValueError("episode: given escalations malformed")
        ordered = tuple(sorted(self.checkins, key=lambda c: c.seq))
        if len({c.seq for c in ordered}) != len(ordered):
            raise ValueError("episode: two check-ins on the same schedule day")
        object.__setattr__(self, "checkins", ordered)
        if not isinstance(self.reminders_done_recently, bool):
            raise TypeError("episode: reminders_done_recently must be a boolean")


@dataclass(frozen=True, slots=True)
class History:
    """The current episode, and when the user's other episodes started (same kind of moment as
    the triage's ``recent_episode_starts``)."""

    current: EpisodeFacts
    other_episode_starts: tuple[datetime, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.current, EpisodeFacts):
            raise TypeError("history: current episode malformed")
        for start in self.other_episode_starts:
            require_aware(start, "other_episode_starts")


def given_from_triage(
    reason_ids: Iterable[str], *, professional_advice: bool, at: datetime
) -> tuple[GivenEscalation, ...]:
    """What the triage result already said, as given escalations (so a check-in does not say it
    again). ``reason_ids``: ``triage.Reason.id`` of the result; ``at``: when it was shown."""
    require_aware(at, "at")
    given: list[GivenEscalation] = []
    for reason_id in reason_ids:
        if reason_id in RED_FLAG_LEVELS:
            given.append(GivenEscalation(Rule.RED_FLAG, RED_FLAG_LEVELS[reason_id], at))
            if reason_id == _TWITCHING_ELSEWHERE:
                given.append(GivenEscalation(Rule.NEW_PLACE, Urgency.SEE_GP, at))
        elif reason_id in _TRIAGE_RULES:
            given.append(GivenEscalation(Rule(reason_id), Urgency.SEE_GP, at))
        else:
            raise ValueError(f"unknown triage reason id {reason_id!r}")
    if professional_advice:
        given.append(GivenEscalation(Rule.LASTED_A_DAY, None, at))
    return tuple(given)


_TWITCHING_ELSEWHERE: Final = "g1"  # "Twitching anywhere else too" answers "a new place"
_TRIAGE_RULES: Final = frozenset(
    {
        Rule.DURATION,
        Rule.DURATION_FIRMLY,
        Rule.RECURRENCE_SHORT,
        Rule.RECURRENCE_LONG,
        Rule.INTENSITY,
    }
)

# =================================================================================================
# 2. RULES
# =================================================================================================


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule that applies now."""

    rule: Rule
    level: Urgency | None  # None: the "💬" advice or the missed-check-ins notice
    reason_text: str  # plain words, e.g. "It's been going on for 9 days"
    text_id: str  # wording id: the level's headline, "see_gp_firmly", or the notice itself


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


def _gp(rule: Rule, reason_text: str) -> Finding:
    return Finding(rule, Urgency.SEE_GP, reason_text, _SEE_GP_HEADLINE)


def _present_at(view: View) -> datetime | None:
    """The last moment the twitch is known to be there; None if last reported gone."""
    latest = view.latest
    episode = view.episode
    if latest is None:
        return episode.logged_at
    if latest.status not in STILL_THERE or latest.answered_at is None:
        return None
    # The check-in of day N counts as N days after logging (waking hours may bring it earlier).
    return max(latest.answered_at, episode.logged_at + checkin_day(latest.seq) * DAY)


def _duration_words(lasted: timedelta) -> str:
    days = lasted // DAY
    return _("more than a day") if days <= 1 else _("{days} days").format(days=days)


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
            _ITEMS[item_id].text,
            wording.level_headline_id(RED_FLAG_LEVELS[item_id]),
        )
        for item_id in _ITEMS
        if item_id in latest.red_flags
    ]


def lasted_a_day(view: View) -> list[Finding]:
    """Still there more than a day after onset -> the "💬" advice (no level)."""
    present_at = _present_at(view)
    if present_at is None:
        return []
    lasted = present_at - view.episode.onset_at
    if lasted < t.PROFESSIONAL_ADVICE_AFTER:
        return []
    reason = text("reason.duration", duration=_duration_words(lasted))
    return [Finding(Rule.LASTED_A_DAY, None, reason, "professional.text")]


def duration(view: View) -> list[Finding]:
    """7 days from onset -> SEE_GP; 14 days -> SEE_GP firmly (instead of the 7-day one)."""
    present_at = _present_at(view)
    if present_at is None:
        return []
    lasted = present_at - view.episode.onset_at
    reason = text("reason.duration", duration=_duration_words(lasted))
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
    return [_gp(Rule(r.id), r.text) for r in history_only.reasons if r.id in wanted]


def intensity(view: View) -> list[Finding]:
    """8/10 or more; or 3 or more above the first rating; or 2 or more above the previous
    check-in at two check-ins in a row -> SEE_GP (each its own rule, each once)."""
    latest = view.latest
    if latest is None or latest.intensity is None:
        return []
    now_rating = latest.intensity
    found: list[Finding] = []
    if now_rating >= t.INTENSITY_SEE_GP:
        found.append(_gp(Rule.INTENSITY, text("reason.intensity", intensity=now_rating)))
    first = view.episode.first_intensity
    if first is not None and now_rating - first >= t.INTENSITY_RISE_FROM_FIRST:
        reason = text("reason.intensity_rise", first=first, intensity=now_rating)
        found.append(_gp(Rule.INTENSITY_RISE, reason))
    steps = t.INTENSITY_RISE_CHECKINS_IN_A_ROW
    ratings = [c.intensity for c in view.last(steps + 1)]
    if len(ratings) == steps + 1 and all(
        before is not None
        and after is not None
        and after - before >= t.INTENSITY_RISE_FROM_PREVIOUS
        for before, after in pairwise(ratings)
    ):
        reason = text("reason.intensity_rising", intensity=now_rating)
        found.append(_gp(Rule.INTENSITY_RISING, reason))
    return found


def almost_constant(view: View) -> list[Finding]:
    """ "Almost constant" at two check-ins in a row -> SEE_GP."""
    n = t.ALMOST_CONSTANT_CHECKINS_IN_A_ROW
    recent = view.last(n)
    if len(recent) == n and all(c.frequency is Frequency.ALMOST_CONSTANT for c in recent):
        return [_gp(Rule.ALMOST_CONSTANT, text("reason.almost_constant"))]
    return []


def new_place(view: View) -> list[Finding]:
    """Twitching in a new place ("Anywhere else now?" Yes) -> SEE_GP."""
    latest = view.latest
    if latest is not None and latest.new_place is True:
        return [_gp(Rule.NEW_PLACE, text("reason.new_place"))]
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
    reason = text("reason.self_care_not_working", count=count)
    return [_gp(Rule.SELF_CARE_NOT_WORKING, reason)]


def missed_checkins(view: View) -> list[Finding]:
    """Two missed check-ins in a row -> the missed-check-ins notice (no level)."""
    count = missed_checkins_in_a_row(view.episode.checkins, view.now)
    if count < t.MISSED_CHECKINS_FOR_NOTICE:
        return []
    reason = text("reason.missed_checkins", count=count)
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

# =================================================================================================
# 3. EVALUATE
# =================================================================================================


@dataclass(frozen=True, slots=True)
class Escalation:
    """What the history calls for now.

    Store every ``new`` finding (rule, level, reason_text, ``at``); show them in one message:
    the level's headline and action (``headline_id``/``action_id``, when ``speaks_level``) with
    ``reasons`` under "Why:", then each of ``notices`` by its ``text_id``. If ``raised``, the
    episode's urgency becomes ``level`` (``triage.combine``).
    """

    level: Urgency  # the highest of the findings and the episode's urgency
    previous: Urgency  # the episode's urgency before
    findings: tuple[Finding, ...]  # ALL that apply now, most urgent first, notices last
    new: tuple[Finding, ...]  # those not given before: to send and store now
    at: datetime

    @property
    def raised(self) -> bool:
        return self.level > self.previous

    @property
    def speaks_level(self) -> bool:
        """A level message is due (a new finding with a level)."""
        return any(f.level is not None for f in self.new)

    @property
    def firmly(self) -> bool:
        """The 14-day firm wording applies (SEE_GP, with a new 14-day finding)."""
        return self.level is Urgency.SEE_GP and any(
            f.rule is Rule.DURATION_FIRMLY for f in self.new
        )

    @property
    def reasons(self) -> tuple[str, ...]:
        """Plain-words reasons of the new findings with a level, most urgent first."""
        return tuple(f.reason_text for f in self.new if f.level is not None)

    @property
    def notices(self) -> tuple[Finding, ...]:
        """New findings without a level: the "💬" advice, the missed-check-ins notice."""
        return tuple(f for f in self.new if f.level is None)

    @property
    def follow_up(self) -> triage.FollowUp:
        """Check-ins go on up to SEE_GP; above it, "Were you seen?" follow-ups instead."""
        if self.level <= Urgency.SEE_GP:
            return triage.FollowUp.CHECK_INS
        return triage.FollowUp.WERE_YOU_SEEN

    def headline_id(self, *, uk: bool = False) -> str | None:
        if not self.speaks_level:
            return None
        if self.firmly:
            return "level.see_gp.firmly_headline_uk" if uk else "level.see_gp.firmly_headline"
        return wording.level_headline_id(self.level, uk=uk)

    def action_id(self, *, non_urgent_service: bool = False) -> str | None:
        if not self.speaks_level:
            return None
        if self.firmly:
            return "level.see_gp.firmly_action"
        return wording.level_action_id(self.level, non_urgent_service=non_urgent_service)

    def given(self) -> tuple[GivenEscalation, ...]:
        """The new findings as given escalations (what the next evaluation must know)."""
        return tuple(GivenEscalation(f.rule, f.level, self.at) for f in self.new)


def evaluate(history: History, now: datetime) -> Escalation | None:
    """Every rule over the episode as of ``now``; None when nothing new is to be said (also for
    a closed episode). Call it after each answered check-in, and when a check-in falls due
    (with that check-in in ``checkins``, unanswered): that is when a second miss is noticed."""
    require_aware(now, "now")
    if not isinstance(history, History):
        raise TypeError("history must be a History")
    episode = history.current
    if episode.closed_at is not None and episode.closed_at <= now:
        return None
    view = View(
        history=history,
        now=now,
        answered=tuple(c for c in episode.checkins if c.answered_by(now)),
    )

    findings = red_flags(view)
    if not view.seen:
        for rule in GP_RULES:
            findings.extend(rule(view))
    level = max([episode.urgency, *(f.level for f in findings if f.level is not None)])
    if not view.seen and level is Urgency.SELF_CARE:
        findings.extend(lasted_a_day(view))  # above SELF_CARE a doctor is already advised
    findings.extend(missed_checkins(view))
    findings.sort(key=lambda f: -(f.level or 0))  # stable: rule order kept within a level

    new = tuple(f for f in findings if _is_new(f, view))
    if not new:
        return None
    return Escalation(
        level=level, previous=episode.urgency, findings=tuple(findings), new=new, at=now
    )


def _is_new(finding: Finding, view: View) -> bool:
    given = [g for g in view.episode.escalations_given if g.rule is finding.rule]
    if finding.rule not in PER_CHECKIN:
        return not given
    if finding.rule is Rule.DURATION_FIRMLY and view.booked:
        return False  # "I've booked" stops the repeats
    latest = view.latest
    if latest is None or latest.answered_at is None:
        return not given  # said by the triage (or not yet): once
    answered_at = latest.answered_at
    return not any(g.at >= answered_at and (g.level or 0) >= (finding.level or 0) for g in given)


# =================================================================================================
# 4. SCHEDULE
# =================================================================================================


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
