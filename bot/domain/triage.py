"""Triage: the button conversation of TRIAGE.md "The triage conversation", a pure state machine.

The triage lives in three modules, read in this order:

1. ``checklists``: the data (the three checklists, the answer choices, the factors and what
   they point to).
2. ``assessment``: ``onset()``, ``assess()`` and ``combine()``: answers in, a level out.
3. this module: ``TriageState``, a JSON-serialisable state machine for the button flow
   (EMERGENCY -> SAME_DAY -> DURATION -> GP -> SIDE -> INTENSITY -> FREQUENCY -> FACTORS -> DONE).
   What it shares with the check-in's conversation is in ``conversation``.

The names of ``checklists`` and ``assessment`` are re-exported here (``tr.assess``,
``tr.EMERGENCY_ITEMS``): callers keep one import for the triage.

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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Final

from bot.domain import thresholds as t
from bot.domain.assessment import (
    Answers,
    Assessment,
    Reason,
    assess,
    combine,
    is_expired,
    onset,
)
from bot.domain.checklists import (
    CONTRIBUTOR_PLAN_ITEMS,
    DURATION_LABELS,
    EMERGENCY_ITEMS,
    FACTOR_CONTRIBUTORS,
    FACTOR_ITEMS,
    FACTOR_LABELS,
    FACTOR_PLAN_ITEMS,
    FREQUENCY_LABELS,
    GP_ITEM_CONTRIBUTORS,
    GP_ITEMS,
    GP_WITHIN_A_WEEK_ITEMS,
    ONSET_BEFORE_NOW,
    PLAN_ALWAYS,
    PLAN_UP_TO,
    SAME_DAY_ITEMS,
    SIDE_LABELS,
    ChecklistItem,
    Contributor,
    Duration,
    Factor,
    FollowUp,
    GpTiming,
    PlanItem,
)
from bot.domain.conversation import (
    Action,
    Choice,
    InvalidAnswer,
    Moves,
    RedFlagLocked,
    Screen,
    ScreenKind,
    WrongStep,
    checklist_screen,
    choice_screen,
    dispatch,
    dump_state,
    expect_choice,
    expect_continue_offered,
    expect_none_offered,
    expect_previous,
    load_state,
)
from bot.domain.model import Frequency, Side, Urgency

__all__ = [
    "CHECKLISTS",
    "CHOICES",
    "CONTRIBUTOR_PLAN_ITEMS",
    "DURATION_LABELS",
    "EMERGENCY_ITEMS",
    "FACTOR_CONTRIBUTORS",
    "FACTOR_ITEMS",
    "FACTOR_LABELS",
    "FACTOR_PLAN_ITEMS",
    "FLOW",
    "FREQUENCY_LABELS",
    "GP_ITEMS",
    "GP_ITEM_CONTRIBUTORS",
    "GP_WITHIN_A_WEEK_ITEMS",
    "NOT_SURE_STEPS",
    "ONSET_BEFORE_NOW",
    "PLAN_ALWAYS",
    "PLAN_UP_TO",
    "QUESTION_IDS",
    "QUICK_SKIPPED",
    "RED_FLAG_STEPS",
    "SAME_DAY_ITEMS",
    "SIDE_LABELS",
    "Action",
    "Answers",
    "Assessment",
    "ChecklistItem",
    "Choice",
    "Contributor",
    "Duration",
    "Factor",
    "FollowUp",
    "GpTiming",
    "InvalidAnswer",
    "Moves",
    "PlanItem",
    "Reason",
    "RedFlagLocked",
    "Screen",
    "ScreenKind",
    "Step",
    "TriageState",
    "WrongStep",
    "assess",
    "back",
    "choose",
    "combine",
    "dispatch",
    "is_expired",
    "none_of_these",
    "onset",
    "press",
    "proceed",
    "screen",
    "start",
    "start_quick",
    "toggle",
]


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
        return dump_state(
            _JSON_VERSION, self.step, quick=self.quick, answers=self.answers.to_dict()
        )

    @classmethod
    def from_json(cls, data: str) -> TriageState:
        """Parse stored state; ValueError on anything malformed, unknown or inconsistent."""
        step, obj = load_state(
            data,
            Step,
            name="triage state",
            version=_JSON_VERSION,
            keys=_STATE_KEYS,
            max_chars=_MAX_JSON_CHARS,
        )
        if type(obj["quick"]) is not bool:
            raise ValueError("triage state: quick must be a boolean")
        return cls(step=step, answers=Answers.from_dict(obj["answers"]), quick=obj["quick"])


def start() -> TriageState:
    """A new triage, at the emergency checklist."""
    return TriageState()


def start_quick(side: Side, factors: Iterable[Factor]) -> TriageState:
    """Quick log ("Same as last time?"): side and factors come from the last episode; both
    red-flag lists, the duration, the GP list, intensity and frequency are asked again."""
    answers = Answers(side=Side(side), factors=frozenset(Factor(f) for f in factors))
    return TriageState(step=Step.EMERGENCY, answers=answers, quick=True)


def screen(state: TriageState) -> Screen[Step]:
    """What to show for ``state`` and which buttons are allowed."""
    step = state.step
    if step is Step.DONE:
        return Screen(step=step, kind=ScreenKind.DONE)
    can_go_back = _previous(state) is not None
    if step in CHECKLISTS:
        ticked = _ticked(state.answers, step)
        return checklist_screen(
            step,
            QUESTION_IDS[step],
            CHECKLISTS[step],
            ticked,
            locked=ticked if step in RED_FLAG_STEPS else frozenset(),
            can_go_back=can_go_back,
            note_id="checklist.not_sure" if step in NOT_SURE_STEPS else None,
        )
    chosen = _chosen(state.answers, step)
    return choice_screen(step, QUESTION_IDS[step], CHOICES[step], chosen, can_go_back=can_go_back)


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
    expect_none_offered(_ticked(state.answers, _expect_checklist(state)))
    return replace(state, step=_next(state))


def proceed(state: TriageState) -> TriageState:
    """ "Continue" on a checklist with something ticked. A red-flag list ends the triage (DONE)."""
    step = _expect_checklist(state)
    expect_continue_offered(_ticked(state.answers, step))
    if step in RED_FLAG_STEPS:
        return replace(state, step=Step.DONE)
    return replace(state, step=_next(state))


def choose(state: TriageState, value: str) -> TriageState:
    """A single-choice answer for the current step (duration, side, intensity, frequency)."""
    step = state.step
    expect_choice(CHOICES, step, value)
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
    return replace(state, step=expect_previous(_previous(state), state.step))


_MOVES: Final = Moves(toggle, choose, none_of_these, proceed, back)


def press(state: TriageState, step: str, action: str, value: str = "") -> TriageState:
    """Apply one button press, checking it belongs to the current screen (else ``WrongStep``)."""
    return dispatch(state, state.step, Step, step, action, value, _MOVES)


# --- helpers of the state machine ---------------------------------------------------------------

_JSON_VERSION: Final = 1
_MAX_JSON_CHARS: Final = 4096
_STATE_KEYS: Final = frozenset({"v", "step", "quick", "answers"})
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
