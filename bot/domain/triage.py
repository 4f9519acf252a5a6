"""Triage: the rules of TRIAGE.md as data, then pure functions over them.

Read in one pass, top to bottom:

1. DATA: the three checklists, the answer choices, and the rules that turn answers into a level,
   contributing factors and a self-care plan. Numbers come from ``thresholds.py``; texts that are
   not checklist items come from ``wording.py``.
2. ASSESSMENT: ``onset()``, ``assess()`` and ``combine()``.
3. CONVERSATION: ``TriageState``, a JSON-serialisable state machine for the button flow
   (EMERGENCY -> SAME_DAY -> DURATION -> GP -> SIDE -> INTENSITY -> FREQUENCY -> FACTORS -> DONE).
4. FREE TEXT: ``classify_text()`` (emergency signs in a typed message) and
   ``looks_like_twitch_report()``.

Safety choices made here (TRIAGE.md decisions 2-4):

- There is no "Not sure" button: ticking is how "not sure" is said, and every red-flag and GP
  list carries "Not sure about one? Tick it." (``Screen.note_id``).
- A ticked red-flag item (emergency or same-day list) can NOT be un-ticked (``RedFlagLocked``):
  urgency only goes up within an episode, and "None of these" is offered only while nothing on
  that list is ticked. GP-list items and last-24h factors are not red flags and can be un-ticked.
- Back never drops an answer. ``TriageState.pending_level`` is the level already committed to by
  ticked red flags; the Telegram layer gives that level's advice on Back, Cancel or expiry.
- A finished triage (``Step.DONE``) cannot be gone back into: a result cannot be undone.

The bot never diagnoses: no text here names a disease.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Final, Generic, TypeVar

from bot.domain import thresholds as t
from bot.domain import wording
from bot.domain.language import N_, _
from bot.domain.model import Frequency, Side, Urgency

# =================================================================================================
# 1. DATA
# =================================================================================================


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    id: str  # stable and stored: never reuse an id for a different meaning
    source: str  # the English text, shown in full, numbered, in the message ({n}: ``number``)
    short: str  # the English short button label (at most 20 characters)
    number: int | None = None  # a clinical number the text names, from thresholds.py

    @property
    def text(self) -> str:
        """The full text in the current language."""
        text = _(self.source)
        return text if self.number is None else text.format(n=self.number)

    @property
    def label(self) -> str:
        """The short button label in the current language."""
        return _(self.short)


# Step 1 of "The triage conversation". Any ticked, on Continue -> EMERGENCY; the flow stops.
EMERGENCY_ITEMS: Final = (
    ChecklistItem(
        "e1", N_("Trouble breathing or swallowing, or slurred speech"), N_("Breathing/speech")
    ),
    ChecklistItem(
        "e2",
        N_("Sudden weakness or numbness on one side, a drooping face, or sudden confusion"),
        N_("One-sided weakness"),
    ),
    ChecklistItem(
        "e3",
        N_("Chest pain, sudden shortness of breath, or coughing blood"),
        N_("Chest pain/breath"),
    ),
    ChecklistItem(
        "e4", N_("A seizure, fainting, or jerking you can't stop"), N_("Seizure/fainting")
    ),
    ChecklistItem(
        "e5",
        N_("An injury with a crack, a deformed leg, or a cold, pale or numb leg or foot"),
        N_("Injury/cold leg"),
    ),
    ChecklistItem(
        "e6",
        N_("Numbness between the legs, or new bladder or bowel problems"),
        N_("Bladder/bowel"),
    ),
)

# Step 2. Any ticked, on Continue -> URGENT_TODAY; the flow stops.
SAME_DAY_ITEMS: Final = (
    ChecklistItem(
        "u1",
        N_(
            "Pain and swelling in one thigh or calf, or warm, red or darker skin (more likely "
            "after surgery, bed rest, a long journey, in pregnancy or on the pill/HRT)"
        ),
        N_("Swollen thigh/calf"),
    ),
    ChecklistItem(
        "u2", N_("A hot, red, very swollen knee with fever or shivers"), N_("Hot swollen knee")
    ),
    ChecklistItem(
        "u3",
        N_("You can't put weight on the leg or fully straighten the knee"),
        N_("Can't bear weight"),
    ),
    ChecklistItem("u4", N_("The knee locks or gives way, or you fell"), N_("Locks/gives way")),
    ChecklistItem(
        "u5",
        N_("A cramp lasting over {n} minutes, or a dirty wound"),
        N_("Long cramp/wound"),
        t.CRAMP_URGENT_MINUTES,
    ),
    ChecklistItem(
        "u6",
        N_("Dark brown or cola-coloured urine with severe muscle pain or weakness"),
        N_("Dark urine"),
    ),
    ChecklistItem(
        "u7",
        N_("Tingling around the mouth or fingers with spasms, or a racing or irregular heartbeat"),
        N_("Tingling/heartbeat"),
    ),
    ChecklistItem(
        "u8",
        N_("Agitated, confused, sweaty or feverish after starting or changing a medicine"),
        N_("Unwell on medicine"),
    ),
    ChecklistItem(
        "u9",
        N_("Very thirsty and dizzy on standing, or no urine for {n} hours"),
        N_("Thirsty/dizzy"),
        t.NO_URINE_HOURS,
    ),
)

# Step 4. Any ticked, or SEE_GP_AFTER (7 days) or more -> SEE_GP.
GP_ITEMS: Final = (
    ChecklistItem(
        "g1", N_("Twitching anywhere else too (other leg, arms, face)"), N_("Twitching elsewhere")
    ),
    ChecklistItem(
        "g2",
        N_("The leg feels weak, or stiff in a way that is not the usual soreness after exercise"),
        N_("Weak or stiff"),
    ),
    ChecklistItem("g3", N_("The thigh looks thinner"), N_("Thinner thigh")),
    ChecklistItem("g4", N_("Numbness or pins and needles"), N_("Numbness/tingling")),
    ChecklistItem(
        "g5",
        N_(
            "A regular or recently changed medicine (diuretics, steroid tablets, salbutamol-type "
            "inhalers, stimulants, some antidepressants, statins, hormones)"
        ),
        N_("Regular medicine"),
    ),
    ChecklistItem("g6", N_("Pain not linked to exercise"), N_("Pain")),
    ChecklistItem(
        "g7", N_("Twitches or cramps disturbing sleep most nights"), N_("Disturbed sleep")
    ),
)

# SEE_GP "in the next few days, and not later" when one of these is ticked (decision 5).
GP_WITHIN_A_WEEK_ITEMS: Final = frozenset({"g2", "g3"})  # weak or stiff; thinner thigh


class Duration(StrEnum):
    """Step 3, "How long?" (single choice)."""

    UNDER_A_DAY = "lt1d"
    DAYS_1_2 = "1-2d"
    DAYS_3_6 = "3-6d"
    DAYS_7_13 = "7-13d"
    WEEKS_2_PLUS = "2w+"

    @property
    def label(self) -> str:
        return _(DURATION_LABELS[self])


DURATION_LABELS: Final[Mapping[Duration, str]] = {
    Duration.UNDER_A_DAY: N_("Under a day"),
    Duration.DAYS_1_2: N_("1–2 days"),
    Duration.DAYS_3_6: N_("3–6 days"),
    Duration.DAYS_7_13: N_("7–13 days"),
    Duration.WEEKS_2_PLUS: N_("2 weeks or more"),
}

# Onset is taken at the UPPER end of the answer, the safer reading (decision 6).
ONSET_BEFORE_NOW: Final[Mapping[Duration, timedelta]] = {
    Duration.UNDER_A_DAY: t.ONSET_UNDER_A_DAY,
    Duration.DAYS_1_2: t.ONSET_1_2_DAYS,
    Duration.DAYS_3_6: t.ONSET_3_6_DAYS,
    Duration.DAYS_7_13: t.ONSET_7_13_DAYS,
    Duration.WEEKS_2_PLUS: t.ONSET_2_WEEKS_OR_MORE,
}

# Step 5, context (not triage): which knee, intensity 0-10, how often, the last 24 hours.
SIDE_LABELS: Final[Mapping[Side, str]] = {
    Side.LEFT: N_("Left"),
    Side.RIGHT: N_("Right"),
    Side.BOTH: N_("Both"),
}
FREQUENCY_LABELS: Final[Mapping[Frequency, str]] = {
    Frequency.FEW_TIMES: N_("A few times"),
    Frequency.COMES_AND_GOES: N_("Comes and goes"),
    Frequency.ALMOST_CONSTANT: N_("Almost constant"),
}


class Factor(StrEnum):
    """Step 5, "In the last 24 hours" (multi-select)."""

    HARD_EXERCISE = "exercise"
    POOR_SLEEP = "sleep"
    CAFFEINE = "caffeine"
    STRESS = "stress"
    DRANK_LITTLE = "drank_little"
    NEW_MEDICINE = "new_medicine"

    @property
    def label(self) -> str:
        return _(FACTOR_LABELS[self])


FACTOR_LABELS: Final[Mapping[Factor, str]] = {
    Factor.HARD_EXERCISE: N_("Hard leg exercise"),
    Factor.POOR_SLEEP: N_("Poor sleep"),
    Factor.CAFFEINE: N_("Lots of caffeine"),
    Factor.STRESS: N_("Stress"),
    Factor.DRANK_LITTLE: N_("Drank little"),
    Factor.NEW_MEDICINE: N_("A new medicine"),
}
FACTOR_ITEMS: Final = tuple(
    ChecklistItem(f.value, FACTOR_LABELS[f], FACTOR_LABELS[f]) for f in Factor
)


class Contributor(StrEnum):
    """Possible contributing factors: the article's six causes, plus the NHS everyday triggers.

    Shown as "often linked to", never as a cause. Text: ``wording`` id ``contributor.<value>``.
    """

    FATIGUE = "fatigue"  # physical fatigue / overexertion
    STRAIN = "strain"  # mild muscle strain
    DEHYDRATION = "dehydration"
    ELECTROLYTES = "electrolytes"  # salt and mineral levels
    MEDICATION = "medication"  # medication side effect
    NERVE = "nerve"  # nerve irritation: no answer selects it today
    TRIGGERS = "triggers"  # tiredness, poor sleep, stress, caffeine

    @property
    def wording_id(self) -> str:
        return f"contributor.{self.value}"


# Which answers point to which contributing factors (triage step 6).
FACTOR_CONTRIBUTORS: Final[Mapping[Factor, tuple[Contributor, ...]]] = {
    Factor.HARD_EXERCISE: (Contributor.FATIGUE, Contributor.STRAIN),
    Factor.DRANK_LITTLE: (Contributor.DEHYDRATION, Contributor.ELECTROLYTES),
    Factor.NEW_MEDICINE: (Contributor.MEDICATION,),
    Factor.POOR_SLEEP: (Contributor.TRIGGERS,),
    Factor.STRESS: (Contributor.TRIGGERS,),
    Factor.CAFFEINE: (Contributor.TRIGGERS,),
}
GP_ITEM_CONTRIBUTORS: Final[Mapping[str, tuple[Contributor, ...]]] = {
    "g5": (Contributor.MEDICATION,),  # a regular or recently changed medicine
}


class PlanItem(StrEnum):
    """Items of the self-care plan, in the order shown. Text: ``wording`` id ``plan.<value>``."""

    WATER = "water"
    FOOD = "food"
    CAFFEINE = "caffeine"
    STRETCH = "stretch"
    BALANCE = "balance"
    SLEEP_STRESS = "sleep_stress"
    MEDICINES = "medicines"  # "don't stop a prescribed medicine without advice"

    @property
    def wording_id(self) -> str:
        return f"plan.{self.value}"


# The caffeine line is in every self-care plan (TRIAGE.md, revised).
PLAN_ALWAYS: Final = frozenset(
    {
        PlanItem.WATER,
        PlanItem.FOOD,
        PlanItem.CAFFEINE,
        PlanItem.STRETCH,
        PlanItem.BALANCE,
        PlanItem.SLEEP_STRESS,
    }
)
FACTOR_PLAN_ITEMS: Final[Mapping[Factor, tuple[PlanItem, ...]]] = {}
CONTRIBUTOR_PLAN_ITEMS: Final[Mapping[Contributor, tuple[PlanItem, ...]]] = {
    Contributor.MEDICATION: (PlanItem.MEDICINES,),  # whenever medicines come up (decision 7)
}
# At URGENT_TODAY and EMERGENCY the message carries the action only: no factors, no plan.
PLAN_UP_TO: Final = Urgency.SEE_GP


class GpTiming(StrEnum):
    """How soon, when the level is SEE_GP (decisions 5, 6)."""

    WITHIN_DAYS = "days"  # not an emergency; within days
    WITHIN_A_WEEK = "week"  # weak or stiff, or thinner: "the next few days, not later"
    FIRMLY = "firmly"  # 14 days or more: "Please book a doctor's appointment now."


class FollowUp(StrEnum):
    """What comes after the result."""

    CHECK_INS = "check_ins"  # automatic check-ins (SELF_CARE, SEE_GP)
    WERE_YOU_SEEN = "were_you_seen"  # next day "Were you seen?" (EMERGENCY, URGENT_TODAY)


# =================================================================================================
# 2. ASSESSMENT
# =================================================================================================


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
        _check_member(self.duration, Duration, "duration")
        _check_member(self.side, Side, "side")
        _check_member(self.frequency, Frequency, "frequency")
        if not isinstance(self.factors, frozenset) or not all(
            isinstance(f, Factor) for f in self.factors
        ):
            raise ValueError("factors: malformed")
        if self.intensity is not None and not _is_intensity(self.intensity):
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
        data = _expect_keys(raw, _ANSWER_KEYS, "answers")
        return cls(
            emergency=_id_set(data["emergency"], "emergency"),
            same_day=_id_set(data["same_day"], "same_day"),
            duration=_optional_enum(data["duration"], Duration, "duration"),
            gp=_id_set(data["gp"], "gp"),
            side=_optional_enum(data["side"], Side, "side"),
            intensity=data["intensity"],  # type and range checked by __post_init__
            frequency=_optional_enum(data["frequency"], Frequency, "frequency"),
            factors=frozenset(Factor(v) for v in _id_set(data["factors"], "factors")),
        )


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason for the level, shown in plain words with the result."""

    id: str  # stable: a checklist item id, "duration", "duration_firmly", ...
    text: str  # plain words, e.g. "It's been going on for 2 weeks or more"
    urgency: Urgency  # the level this reason alone leads to


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
            return "level.see_gp.firmly_headline_uk" if uk else "level.see_gp.firmly_headline"
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
    _require_aware(now, "now")
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
    _require_aware(now, "now")
    starts = tuple(recent_episode_starts)
    for start in starts:
        _require_aware(start, "recent_episode_starts")

    reasons: list[Reason] = []
    for items, ticked, level in (
        (EMERGENCY_ITEMS, answers.emergency, Urgency.EMERGENCY),
        (SAME_DAY_ITEMS, answers.same_day, Urgency.URGENT_TODAY),
        (GP_ITEMS, answers.gp, Urgency.SEE_GP),
    ):
        reasons.extend(Reason(i.id, i.text, level) for i in items if i.id in ticked)

    began = now if answers.duration is None else onset(answers.duration, now)
    lasted = now - began
    if answers.duration is not None and lasted >= t.SEE_GP_AFTER:
        firmly = lasted >= t.SEE_GP_FIRMLY_AFTER
        text = wording.text("reason.duration", duration=answers.duration.label)
        reasons.append(Reason("duration_firmly" if firmly else "duration", text, Urgency.SEE_GP))

    for reason_id, window, count in (
        ("recurrence_short", t.RECURRENCE_SHORT_WINDOW, t.RECURRENCE_SHORT_COUNT),
        ("recurrence_long", t.RECURRENCE_LONG_WINDOW, t.RECURRENCE_LONG_COUNT),
    ):
        # This episode plus the previous ones started within the window (future ones count too).
        episodes = 1 + sum(1 for start in starts if now - start <= window)
        if episodes >= count:
            text = wording.text(
                "reason.recurrence", ordinal=wording.ordinal(episodes), days=window.days
            )
            reasons.append(Reason(reason_id, text, Urgency.SEE_GP))

    if answers.intensity is not None and answers.intensity >= t.INTENSITY_SEE_GP:
        text = wording.text("reason.intensity", intensity=answers.intensity)
        reasons.append(Reason("intensity", text, Urgency.SEE_GP))

    reasons.sort(key=lambda r: -r.urgency)  # stable: list order kept within a level
    urgency = max((r.urgency for r in reasons), default=Urgency.SELF_CARE)

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
        reasons=tuple(reasons),
        gp_timing=gp_timing,
        professional_advice=(
            urgency is Urgency.SELF_CARE
            and answers.duration is not None
            and lasted >= t.PROFESSIONAL_ADVICE_AFTER
        ),
        contributors=contributors,
        plan=plan,
        follow_up=FollowUp.CHECK_INS if urgency <= Urgency.SEE_GP else FollowUp.WERE_YOU_SEEN,
        onset=began,
    )


def combine(previous: Urgency | None, new: Urgency) -> Urgency:
    """The episode's level after a new result: urgency only goes up within an episode."""
    return new if previous is None else max(previous, new)


def is_expired(last_activity: datetime, now: datetime) -> bool:
    """True when an unfinished triage was abandoned for TRIAGE_EXPIRY (30 minutes) or more."""
    _require_aware(last_activity, "last_activity")
    _require_aware(now, "now")
    return now - last_activity >= t.TRIAGE_EXPIRY


# =================================================================================================
# 3. CONVERSATION: a pure state machine for the button flow
# =================================================================================================


class Step(StrEnum):
    """Screens in order (definition order is the flow)."""

    EMERGENCY = "emergency"
    SAME_DAY = "same_day"
    DURATION = "duration"
    GP = "gp"
    SIDE = "side"
    INTENSITY = "intensity"
    FREQUENCY = "frequency"
    FACTORS = "factors"
    DONE = "done"


class Action(StrEnum):
    """What a button does (short values: they travel in callback data)."""

    TICK = "tick"  # toggle a checklist item; value = item id
    NONE = "none"  # "None of these" (only while nothing on the list is ticked)
    CONTINUE = "cont"  # "Continue" (only once something on the list is ticked)
    CHOOSE = "pick"  # a single choice; value = the choice's value
    BACK = "back"


class ScreenKind(StrEnum):
    CHECKLIST = "checklist"
    CHOICE = "choice"
    DONE = "done"


FLOW: Final = tuple(Step)
CHECKLISTS: Final[Mapping[Step, tuple[ChecklistItem, ...]]] = {
    Step.EMERGENCY: EMERGENCY_ITEMS,
    Step.SAME_DAY: SAME_DAY_ITEMS,
    Step.GP: GP_ITEMS,
    Step.FACTORS: FACTOR_ITEMS,
}
# Red-flag lists: ticked + Continue ends the triage at this level; ticked items stay ticked.
RED_FLAG_STEPS: Final[Mapping[Step, Urgency]] = {
    Step.EMERGENCY: Urgency.EMERGENCY,
    Step.SAME_DAY: Urgency.URGENT_TODAY,
}
# Lists that carry "Not sure about one? Tick it." (decision 3).
NOT_SURE_STEPS: Final = frozenset({Step.EMERGENCY, Step.SAME_DAY, Step.GP})
# Quick log ("Same as last time?") reuses only side and factors; the rest is asked again.
QUICK_SKIPPED: Final = frozenset({Step.SIDE, Step.FACTORS})


@dataclass(frozen=True, slots=True)
class Choice:
    value: str  # what ``choose()`` takes
    source: str  # the English button label

    @property
    def label(self) -> str:
        """The button label in the current language."""
        return _(self.source)


CHOICES: Final[Mapping[Step, tuple[Choice, ...]]] = {
    Step.DURATION: tuple(Choice(d.value, DURATION_LABELS[d]) for d in Duration),
    Step.SIDE: tuple(Choice(s.value, SIDE_LABELS[s]) for s in Side),
    Step.INTENSITY: tuple(
        Choice(str(i), str(i)) for i in range(t.INTENSITY_MIN, t.INTENSITY_MAX + 1)
    ),
    Step.FREQUENCY: tuple(Choice(f.value, FREQUENCY_LABELS[f]) for f in Frequency),
}
QUESTION_IDS: Final[Mapping[Step, str]] = {
    Step.EMERGENCY: "checklist.emergency.question",
    Step.SAME_DAY: "checklist.same_day.question",
    Step.DURATION: "question.duration",
    Step.GP: "checklist.gp.question",
    Step.SIDE: "question.side",
    Step.INTENSITY: "question.intensity",
    Step.FREQUENCY: "question.frequency",
    Step.FACTORS: "question.factors",
}


class InvalidAnswer(ValueError):
    """A button or answer that does not fit the current screen. The state is unchanged."""


class WrongStep(InvalidAnswer):
    """A button for another screen, usually from an older message."""


class RedFlagLocked(InvalidAnswer):
    """An attempt to un-tick a ticked red-flag item (decision 4: urgency only goes up)."""


@dataclass(frozen=True, slots=True)
class Screen:
    """What the current step shows and which buttons it allows."""

    step: Step
    kind: ScreenKind
    question_id: str | None = None  # wording id of the question; None when DONE
    items: tuple[ChecklistItem, ...] = ()  # CHECKLIST: numbered in full in the message
    choices: tuple[Choice, ...] = ()  # CHOICE: one button each
    selected: frozenset[str] = frozenset()  # ticked item ids, or the value chosen before
    locked: frozenset[str] = frozenset()  # ticked red-flag items (they cannot be un-ticked)
    offers_none: bool = False  # "None of these": only while nothing is ticked
    offers_continue: bool = False  # "Continue": only once something is ticked
    can_go_back: bool = False
    note_id: str | None = None  # "checklist.not_sure" under every red-flag and GP list

    @property
    def actions(self) -> frozenset[Action]:
        allowed: set[Action] = set()
        if self.kind is ScreenKind.CHECKLIST:
            allowed.add(Action.TICK)
        if self.kind is ScreenKind.CHOICE:
            allowed.add(Action.CHOOSE)
        if self.offers_none:
            allowed.add(Action.NONE)
        if self.offers_continue:
            allowed.add(Action.CONTINUE)
        if self.can_go_back:
            allowed.add(Action.BACK)
        return frozenset(allowed)


@dataclass(frozen=True, slots=True)
class TriageState:
    """A triage in progress: the current step and the answers so far. Store it with ``to_json``."""

    step: Step = Step.EMERGENCY
    answers: Answers = field(default_factory=Answers)
    quick: bool = False  # quick log: side and factors reused from the last episode

    def __post_init__(self) -> None:
        _check_state(self)

    @property
    def pending_level(self) -> Urgency | None:
        """The level already committed to by ticked red flags: give its advice on Back, Cancel
        or expiry (decision 4). None when no red flag is ticked."""
        return self.answers.pending_level

    @property
    def done(self) -> bool:
        return self.step is Step.DONE

    def to_json(self) -> str:
        return json.dumps(
            {
                "v": _JSON_VERSION,
                "step": self.step.value,
                "quick": self.quick,
                "answers": self.answers.to_dict(),
            },
            separators=(",", ":"),
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, data: str) -> TriageState:
        """Parse stored state; ValueError on anything malformed, unknown or inconsistent."""
        if not isinstance(data, str) or len(data) > _MAX_JSON_CHARS:
            raise ValueError("triage state: not a string of reasonable size")
        try:
            raw = json.loads(data, parse_constant=_reject_constant)
        except RecursionError as exc:
            raise ValueError("triage state: nested too deeply") from exc
        obj = _expect_keys(raw, _STATE_KEYS, "triage state")
        if type(obj["v"]) is not int or obj["v"] != _JSON_VERSION:
            raise ValueError("triage state: unknown version")
        if type(obj["quick"]) is not bool:
            raise ValueError("triage state: quick must be a boolean")
        step = _optional_enum(obj["step"], Step, "step")
        if step is None:
            raise ValueError("triage state: missing step")
        return cls(step=step, answers=Answers.from_dict(obj["answers"]), quick=obj["quick"])


def start() -> TriageState:
    """A new triage, at the emergency checklist."""
    return TriageState()


def start_quick(side: Side, factors: Iterable[Factor]) -> TriageState:
    """Quick log ("Same as last time?"): side and factors come from the last episode; both
    red-flag lists, the duration, the GP list, intensity and frequency are asked again."""
    answers = Answers(side=Side(side), factors=frozenset(Factor(f) for f in factors))
    return TriageState(step=Step.EMERGENCY, answers=answers, quick=True)


def screen(state: TriageState) -> Screen:
    """What to show for ``state`` and which buttons are allowed."""
    step = state.step
    if step is Step.DONE:
        return Screen(step=step, kind=ScreenKind.DONE)
    can_go_back = _previous(state) is not None
    if step in CHECKLISTS:
        ticked = _ticked(state.answers, step)
        return Screen(
            step=step,
            kind=ScreenKind.CHECKLIST,
            question_id=QUESTION_IDS[step],
            items=CHECKLISTS[step],
            selected=ticked,
            locked=ticked if step in RED_FLAG_STEPS else frozenset(),
            offers_none=not ticked,
            offers_continue=bool(ticked),
            can_go_back=can_go_back,
            note_id="checklist.not_sure" if step in NOT_SURE_STEPS else None,
        )
    chosen = _chosen(state.answers, step)
    return Screen(
        step=step,
        kind=ScreenKind.CHOICE,
        question_id=QUESTION_IDS[step],
        choices=CHOICES[step],
        selected=frozenset() if chosen is None else frozenset({chosen}),
        can_go_back=can_go_back,
    )


def toggle(state: TriageState, item_id: str) -> TriageState:
    """Tick or un-tick an item of the current checklist (a ticked red flag stays ticked)."""
    step = _expect_checklist(state)
    if item_id not in {i.id for i in CHECKLISTS[step]}:
        raise InvalidAnswer(f"{item_id!r} is not on the {step} list")
    ticked = _ticked(state.answers, step)
    if item_id in ticked:
        if step in RED_FLAG_STEPS:
            raise RedFlagLocked(f"{item_id!r} is a ticked red flag and stays ticked")
        ticked = ticked - {item_id}
    else:
        ticked = ticked | {item_id}
    return replace(state, answers=_with_ticked(state.answers, step, ticked))


def none_of_these(state: TriageState) -> TriageState:
    """ "None of these": only while nothing on the current list is ticked."""
    step = _expect_checklist(state)
    if _ticked(state.answers, step):
        raise InvalidAnswer("'None of these' is not offered once something is ticked")
    return replace(state, step=_next(state))


def proceed(state: TriageState) -> TriageState:
    """ "Continue" on a checklist with something ticked. A red-flag list ends the triage (DONE)."""
    step = _expect_checklist(state)
    if not _ticked(state.answers, step):
        raise InvalidAnswer("'Continue' needs a ticked item; use 'None of these'")
    if step in RED_FLAG_STEPS:
        return replace(state, step=Step.DONE)
    return replace(state, step=_next(state))


def choose(state: TriageState, value: str) -> TriageState:
    """A single-choice answer for the current step (duration, side, intensity, frequency)."""
    step = state.step
    if step not in CHOICES:
        raise InvalidAnswer(f"{step} is not a single-choice step")
    if not isinstance(value, str) or value not in {c.value for c in CHOICES[step]}:
        raise InvalidAnswer(f"{value!r} is not a choice on the {step} screen")
    answers = state.answers
    if step is Step.DURATION:
        answers = replace(answers, duration=Duration(value))
    elif step is Step.SIDE:
        answers = replace(answers, side=Side(value))
    elif step is Step.INTENSITY:
        answers = replace(answers, intensity=int(value))
    else:
        answers = replace(answers, frequency=Frequency(value))
    return replace(state, answers=answers, step=_next(state))


def back(state: TriageState) -> TriageState:
    """The previous screen, keeping every answer (none at the first screen, none once DONE)."""
    previous = _previous(state)
    if previous is None:
        raise InvalidAnswer(f"there is no going back from {state.step}")
    return replace(state, step=previous)


def press(state: TriageState, step: str, action: str, value: str = "") -> TriageState:
    """Apply one button press, checking it belongs to the current screen (else ``WrongStep``)."""
    return dispatch(
        state,
        state.step,
        Step,
        step,
        action,
        value,
        Moves(toggle, choose, none_of_these, proceed, back),
    )


_S = TypeVar("_S")


@dataclass(frozen=True, slots=True)
class Moves(Generic[_S]):
    """The transitions of a button conversation (the triage's, or the check-in's)."""

    tick: Callable[[_S, str], _S]
    choose: Callable[[_S, str], _S]
    none: Callable[[_S], _S]
    proceed: Callable[[_S], _S]
    back: Callable[[_S], _S]


def dispatch(
    state: _S,
    current: StrEnum,
    steps: type[StrEnum],
    step: str,
    action: str,
    value: str,
    moves: Moves[_S],
) -> _S:
    """Check that a press belongs to the current screen (else ``WrongStep``), then apply it."""
    try:
        pressed_step, pressed = steps(step), Action(action)
    except ValueError as exc:
        raise InvalidAnswer("unknown step or action") from exc
    if pressed_step is not current:
        raise WrongStep(f"button for {pressed_step}, but the conversation is at {current}")
    if pressed is Action.TICK:
        return moves.tick(state, value)
    if pressed is Action.CHOOSE:
        return moves.choose(state, value)
    if value:
        raise InvalidAnswer(f"{pressed} takes no value")
    if pressed is Action.NONE:
        return moves.none(state)
    if pressed is Action.CONTINUE:
        return moves.proceed(state)
    return moves.back(state)


# --- helpers of the state machine ---------------------------------------------------------------

_JSON_VERSION: Final = 1
_MAX_JSON_CHARS: Final = 4096
_STATE_KEYS: Final = frozenset({"v", "step", "quick", "answers"})
_ANSWER_KEYS: Final = frozenset(
    {"emergency", "same_day", "duration", "gp", "side", "intensity", "frequency", "factors"}
)
_TICKED_FIELDS: Final[Mapping[Step, str]] = {
    Step.EMERGENCY: "emergency",
    Step.SAME_DAY: "same_day",
    Step.GP: "gp",
}


def _skipped(state: TriageState) -> frozenset[Step]:
    return QUICK_SKIPPED if state.quick else frozenset()


def _next(state: TriageState) -> Step:
    skipped = _skipped(state)
    later = FLOW[FLOW.index(state.step) + 1 :]
    return next(s for s in later if s not in skipped)


def _previous(state: TriageState) -> Step | None:
    if state.step is Step.DONE:
        return None
    skipped = _skipped(state)
    earlier = FLOW[: FLOW.index(state.step)]
    return next((s for s in reversed(earlier) if s not in skipped), None)


def _expect_checklist(state: TriageState) -> Step:
    if state.step not in CHECKLISTS:
        raise InvalidAnswer(f"{state.step} is not a checklist")
    return state.step


def _ticked(answers: Answers, step: Step) -> frozenset[str]:
    if step is Step.FACTORS:
        return frozenset(f.value for f in answers.factors)
    ticked: frozenset[str] = getattr(answers, _TICKED_FIELDS[step])
    return ticked


def _with_ticked(answers: Answers, step: Step, ticked: frozenset[str]) -> Answers:
    if step is Step.FACTORS:
        return replace(answers, factors=frozenset(Factor(v) for v in ticked))
    if step is Step.EMERGENCY:
        return replace(answers, emergency=ticked)
    if step is Step.SAME_DAY:
        return replace(answers, same_day=ticked)
    return replace(answers, gp=ticked)


def _chosen(answers: Answers, step: Step) -> str | None:
    value = {
        Step.DURATION: answers.duration,
        Step.SIDE: answers.side,
        Step.INTENSITY: answers.intensity,
        Step.FREQUENCY: answers.frequency,
    }[step]
    return None if value is None else str(value)


def _check_state(state: TriageState) -> None:
    """Invariants every reachable state keeps; a stored state breaking one is rejected."""
    if not isinstance(state.step, Step) or not isinstance(state.answers, Answers):
        raise TypeError("triage state: malformed")
    if not isinstance(state.quick, bool):
        raise TypeError("triage state: quick must be a boolean")
    answers, step = state.answers, state.step
    if state.quick and (answers.side is None or step in QUICK_SKIPPED):
        raise ValueError("triage state: quick log without a side, or at a skipped step")
    if answers.emergency and step not in (Step.EMERGENCY, Step.DONE):
        raise ValueError("triage state: an emergency item is ticked past the emergency list")
    if answers.same_day and step not in (Step.EMERGENCY, Step.SAME_DAY, Step.DONE):
        raise ValueError("triage state: a same-day item is ticked past the same-day list")
    if step is Step.DONE and answers.pending_level is not None:
        return
    reached = FLOW[: FLOW.index(step)]
    skipped = _skipped(state)
    for earlier in reached:
        if earlier in CHOICES and earlier not in skipped and _chosen(answers, earlier) is None:
            raise ValueError(f"triage state: at {step} without an answer for {earlier}")


# --- small validators ---------------------------------------------------------------------------

_E = TypeVar("_E", bound=StrEnum)


def _require_aware(moment: datetime, name: str) -> None:
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")


def _is_intensity(value: object) -> bool:
    return type(value) is int and t.INTENSITY_MIN <= value <= t.INTENSITY_MAX


def _check_member(value: object, enum: type[StrEnum], name: str) -> None:
    if value is not None and not isinstance(value, enum):
        raise ValueError(f"{name}: malformed")


def _ordered(ticked: frozenset[str], items: tuple[ChecklistItem, ...]) -> list[str]:
    return [i.id for i in items if i.id in ticked]


def _expect_keys(raw: object, keys: frozenset[str], name: str) -> dict[str, Any]:
    if not isinstance(raw, dict) or set(raw) != keys:
        raise ValueError(f"{name}: expected exactly the keys {sorted(keys)}")
    return raw


def _id_set(raw: object, name: str) -> frozenset[str]:
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise ValueError(f"answers.{name}: expected a list of strings")
    if len(set(raw)) != len(raw):
        raise ValueError(f"answers.{name}: repeated ids")
    if name == "factors" and not set(raw) <= {f.value for f in Factor}:
        raise ValueError("answers.factors: unknown factor")
    return frozenset(raw)


def _optional_enum(raw: object, enum: type[_E], name: str) -> _E | None:
    if raw is None:
        return None
    if not isinstance(raw, str) or raw not in {m.value for m in enum}:
        raise ValueError(f"{name}: unknown value")
    return enum(raw)


def _reject_constant(name: str) -> None:
    raise ValueError(f"triage state: {name} is not allowed")
