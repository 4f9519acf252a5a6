"""The triage's assessment: answers in, a level with every reason, contributing factors and a
self-care plan out (TRIAGE.md decisions 5-7). Pure functions; standard library only."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from bot.domain import reasons as rs
from bot.domain import thresholds as t
from bot.domain import wording
from bot.domain.checklists import (
    CONTRIBUTOR_PLAN_ITEMS,
    EMERGENCY_ITEMS,
    FACTOR_CONTRIBUTORS,
    FACTOR_PLAN_ITEMS,
    GP_ITEM_CONTRIBUTORS,
    GP_ITEMS,
    GP_WITHIN_A_WEEK_ITEMS,
    ONSET_BEFORE_NOW,
    PLAN_ALWAYS,
    PLAN_UP_TO,
    SAME_DAY_ITEMS,
    ChecklistItem,
    Contributor,
    Duration,
    Factor,
    FollowUp,
    GpTiming,
    PlanItem,
)
from bot.domain.conversation import (
    check_member,
    expect_keys,
    is_intensity,
    optional_enum,
    require_aware,
)
from bot.domain.model import Frequency, Side, Urgency

_ANSWER_KEYS: Final = frozenset(
    {"emergency", "same_day", "duration", "gp", "side", "intensity", "frequency", "factors"}
)


@dataclass(frozen=True, slots=True)
class Answers:
    """Everything answered so far in one triage. Item ids are those of the checklists above."""

    emergency: frozenset[str] = frozenset()
    same_day: frozenset[str] = frozenset()
    duration: Duration | None = None
    gp: frozenset[str] = frozenset()
    side: Side | None = None
    intensity: int | None = None
    frequency: Frequency | None = None
    factors: frozenset[Factor] = frozenset()

    def __post_init__(self) -> None:
        for name, items in (
            ("emergency", EMERGENCY_ITEMS),
            ("same_day", SAME_DAY_ITEMS),
            ("gp", GP_ITEMS),
        ):
            ticked = getattr(self, name)
            if not isinstance(ticked, frozenset) or not ticked <= {i.id for i in items}:
                raise ValueError(f"{name}: unknown or malformed item ids")
        check_member(self.duration, Duration, "duration")
        check_member(self.side, Side, "side")
        check_member(self.frequency, Frequency, "frequency")
        if not isinstance(self.factors, frozenset) or not all(
            isinstance(f, Factor) for f in self.factors
        ):
            raise ValueError("factors: malformed")
        if self.intensity is not None and not is_intensity(self.intensity):
            raise ValueError("intensity: out of range")

    @property
    def pending_level(self) -> Urgency | None:
        """The level committed to by ticked red flags, or None (decision 4)."""
        if self.emergency:
            return Urgency.EMERGENCY
        if self.same_day:
            return Urgency.URGENT_TODAY
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "emergency": _ordered(self.emergency, EMERGENCY_ITEMS),
            "same_day": _ordered(self.same_day, SAME_DAY_ITEMS),
            "duration": None if self.duration is None else self.duration.value,
            "gp": _ordered(self.gp, GP_ITEMS),
            "side": None if self.side is None else self.side.value,
            "intensity": self.intensity,
            "frequency": None if self.frequency is None else self.frequency.value,
            "factors": [f.value for f in Factor if f in self.factors],
        }

    @classmethod
    def from_dict(cls, raw: object) -> Answers:
        """Strictly parse ``to_dict()`` output; ValueError on anything else."""
        data = expect_keys(raw, _ANSWER_KEYS, "answers")
        return cls(
            emergency=_id_set(data["emergency"], "emergency"),
            same_day=_id_set(data["same_day"], "same_day"),
            duration=optional_enum(data["duration"], Duration, "duration"),
            gp=_id_set(data["gp"], "gp"),
            side=optional_enum(data["side"], Side, "side"),
            intensity=data["intensity"],  # type and range checked by __post_init__
            frequency=optional_enum(data["frequency"], Frequency, "frequency"),
            factors=frozenset(Factor(v) for v in _id_set(data["factors"], "factors")),
        )


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason for the level, shown in plain words with the result."""

    id: str  # stable: a checklist item id, "duration", "duration_firmly", ...
    text: str  # plain words, e.g. "It's been going on for 2 weeks or more"
    urgency: Urgency  # the level this reason alone leads to
    args: rs.Args = field(default_factory=dict)  # raw values (``reasons.Reason``)

    def __hash__(self) -> int:
        return hash((self.id, self.text, self.urgency, tuple(sorted(self.args.items()))))

    @property
    def key(self) -> rs.Reason:
        """What is stored: the id and its raw values (said in the reader's language later)."""
        return rs.Reason(self.id, self.args)

    @classmethod
    def of(cls, key: rs.Reason, urgency: Urgency) -> Reason:
        """The reason ``key`` at ``urgency``, its words in the current language."""
        return cls(key.id, key.text, urgency, key.args)


@dataclass(frozen=True, slots=True)
class Assessment:
    urgency: Urgency
    reasons: tuple[Reason, ...]  # ALL reasons, most urgent first; empty for plain SELF_CARE
    gp_timing: GpTiming | None  # set only when urgency is SEE_GP
    professional_advice: bool  # the "💬" advice: lasted more than a day, level SELF_CARE
    contributors: tuple[Contributor, ...]  # "often linked to"; empty above SEE_GP
    plan: tuple[PlanItem, ...]  # self-care plan; empty above SEE_GP
    follow_up: FollowUp
    onset: datetime  # upper end of the duration answer; ``now`` if duration was not asked

    @property
    def automatic_checkin(self) -> bool:
        return self.follow_up is FollowUp.CHECK_INS

    def headline_id(self, *, uk: bool = False) -> str:
        """The wording id of the headline that opens the result message."""
        if self.gp_timing is GpTiming.FIRMLY:
            return wording.firmly_headline_id(uk=uk)
        return wording.level_headline_id(self.urgency, uk=uk)

    def action_id(self, *, non_urgent_service: bool = False) -> str:
        """The wording id of the one action (``non_urgent_service``: the country has e.g. 111)."""
        if self.gp_timing is GpTiming.FIRMLY:
            return "level.see_gp.firmly_action"
        if self.gp_timing is GpTiming.WITHIN_A_WEEK:
            return "level.see_gp.action_within_week"
        return wording.level_action_id(self.urgency, non_urgent_service=non_urgent_service)

    @property
    def next_step_id(self) -> str:
        """The wording id saying what happens next (check-in timing, or "Were you seen?")."""
        return "checkin.timing" if self.automatic_checkin else "followup.notice"


def onset(duration: Duration, now: datetime) -> datetime:
    """When the twitch started: the upper end of the answer (decision 6). ``now`` must be aware."""
    require_aware(now, "now")
    return now - ONSET_BEFORE_NOW[Duration(duration)]


def assess(
    answers: Answers,
    *,
    now: datetime,
    recent_episode_starts: Iterable[datetime] = (),
) -> Assessment:
    """The result of a triage: the highest level of all rules, with every reason.

    ``recent_episode_starts``: start times of the user's PREVIOUS episodes (not this one; this
    one is counted automatically). All datetimes must be timezone-aware.
    """
    require_aware(now, "now")
    starts = tuple(recent_episode_starts)
    for start in starts:
        require_aware(start, "recent_episode_starts")

    why: list[Reason] = []
    for items, ticked, level in (
        (EMERGENCY_ITEMS, answers.emergency, Urgency.EMERGENCY),
        (SAME_DAY_ITEMS, answers.same_day, Urgency.URGENT_TODAY),
        (GP_ITEMS, answers.gp, Urgency.SEE_GP),
    ):
        why.extend(Reason(i.id, i.text, level) for i in items if i.id in ticked)

    began = now if answers.duration is None else onset(answers.duration, now)
    lasted = now - began
    if answers.duration is not None and lasted >= t.SEE_GP_AFTER:
        firmly = lasted >= t.SEE_GP_FIRMLY_AFTER
        key = rs.Reason(
            "duration_firmly" if firmly else "duration", {"answer": answers.duration.value}
        )
        why.append(Reason.of(key, Urgency.SEE_GP))

    for reason_id, window, count in (
        ("recurrence_short", t.RECURRENCE_SHORT_WINDOW, t.RECURRENCE_SHORT_COUNT),
        ("recurrence_long", t.RECURRENCE_LONG_WINDOW, t.RECURRENCE_LONG_COUNT),
    ):
        # This episode plus the previous ones started within the window (future ones count too).
        episodes = 1 + sum(1 for start in starts if now - start <= window)
        if episodes >= count:
            key = rs.Reason(reason_id, {"count": episodes, "days": window.days})
            why.append(Reason.of(key, Urgency.SEE_GP))

    if answers.intensity is not None and answers.intensity >= t.INTENSITY_SEE_GP:
        key = rs.Reason("intensity", {"intensity": answers.intensity})
        why.append(Reason.of(key, Urgency.SEE_GP))

    why.sort(key=lambda r: -r.urgency)  # stable: list order kept within a level
    urgency = max((r.urgency for r in why), default=Urgency.SELF_CARE)

    gp_timing: GpTiming | None = None
    if urgency is Urgency.SEE_GP:
        if lasted >= t.SEE_GP_FIRMLY_AFTER:
            gp_timing = GpTiming.FIRMLY
        elif answers.gp & GP_WITHIN_A_WEEK_ITEMS:
            gp_timing = GpTiming.WITHIN_A_WEEK
        else:
            gp_timing = GpTiming.WITHIN_DAYS

    contributors: tuple[Contributor, ...] = ()
    plan: tuple[PlanItem, ...] = ()
    if urgency <= PLAN_UP_TO:
        found = {c for f in answers.factors for c in FACTOR_CONTRIBUTORS.get(f, ())}
        found |= {c for g in answers.gp for c in GP_ITEM_CONTRIBUTORS.get(g, ())}
        contributors = tuple(c for c in Contributor if c in found)
        wanted = set(PLAN_ALWAYS)
        wanted |= {p for f in answers.factors for p in FACTOR_PLAN_ITEMS.get(f, ())}
        wanted |= {p for c in contributors for p in CONTRIBUTOR_PLAN_ITEMS.get(c, ())}
        plan = tuple(p for p in PlanItem if p in wanted)

    return Assessment(
        urgency=urgency,
        reasons=tuple(why),
        gp_timing=gp_timing,
        professional_advice=(
            urgency is Urgency.SELF_CARE
            and answers.duration is not None
            and lasted >= t.PROFESSIONAL_ADVICE_AFTER
        ),
        contributors=contributors,
        plan=plan,
        follow_up=FollowUp.after(urgency),
        onset=began,
    )


def combine(previous: Urgency | None, new: Urgency) -> Urgency:
    """The episode's level after a new result: urgency only goes up within an episode."""
    return new if previous is None else max(previous, new)


def is_expired(last_activity: datetime, now: datetime) -> bool:
    """True when an unfinished triage was abandoned for TRIAGE_EXPIRY (30 minutes) or more."""
    require_aware(last_activity, "last_activity")
    require_aware(now, "now")
    return now - last_activity >= t.TRIAGE_EXPIRY


def _ordered(ticked: frozenset[str], items: tuple[ChecklistItem, ...]) -> list[str]:
    return [i.id for i in items if i.id in ticked]


def _id_set(raw: object, name: str) -> frozenset[str]:
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise ValueError(f"answers.{name}: expected a list of strings")
    if len(set(raw)) != len(raw):
        raise ValueError(f"answers.{name}: repeated ids")
    if name == "factors" and not set(raw) <= {f.value for f in Factor}:
        raise ValueError("answers.factors: unknown factor")
    return frozenset(raw)
