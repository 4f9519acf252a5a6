"""The facts the escalation rules and the check-in schedule read: what the database layer maps
its rows to (``EpisodeFacts``, ``CheckInFacts``, ``GivenEscalation``, ``History``), the answer to
"Still twitching?", the stored rule ids, and ``given_from_triage()`` for what the triage already
said. Value types only; no I/O.

``CheckInFacts.seq`` is the check-in's place in the normal schedule (1 -> day 1, 2 -> day 2,
3 -> day 3, 4 -> day 5, 5 -> day 7, 6 -> day 10, 7 -> day 14, 8 -> day 21, then weekly; see
``planning.checkin_day``), as in the reminders' ``chk:{episode}:{seq}`` key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final

from bot.domain import redflags
from bot.domain.conversation import is_intensity, require_aware
from bot.domain.model import Frequency, Urgency


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
