"""The check-in conversation: a pure, JSON-serialisable state machine (the style of
``triage.TriageState``).

    STATUS "Still twitching?" [Gone / Better / Same / Worse]
      any  -> RED_FLAGS (the compact screen: the emergency and same-day lists in one numbered
              checklist; "Not sure about one? Tick it.")
                "None of these" (only while nothing is ticked) -> after Gone: DONE;
                otherwise INTENSITY (0-10)
                -> FREQUENCY -> NEW_PLACE "Anywhere else now?" [Yes / No] -> DONE
                "Continue" with a ticked item -> DONE at once, at that item's level

Safety choices (TRIAGE.md decisions 2-4), as in the triage:

- A ticked red flag stays ticked (``RedFlagLocked``); ``pending_level`` is the level it commits
  to, and the Telegram layer gives that level's advice on Back, Cancel or expiry.
- "Continue" with any red flag ticked ends the check-in at once (an emergency item: EMERGENCY;
  otherwise URGENT_TODAY): the advice comes before any other question, as in the triage.
- Back keeps every answer; a finished check-in cannot be gone back into.

Buttons and errors are those of the triage (``triage.Action``, ``triage.InvalidAnswer``,
``triage.WrongStep``, ``triage.RedFlagLocked``), so the Telegram layer handles both alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any, Final

from bot.domain import triage
from bot.domain.checklists import CHECKIN_STATUS_LABELS, NO_LABEL, YES_LABEL, ChecklistItem
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
    expect_keys,
    expect_none_offered,
    expect_previous,
    is_intensity,
    load_state,
    optional_enum,
)
from bot.domain.escalation import text
from bot.domain.facts import STILL_THERE, CheckInFacts, CheckStatus
from bot.domain.model import Frequency, Urgency

__all__ = [
    "CHOICES",
    "FLOW",
    "NO",
    "QUESTION_IDS",
    "RED_FLAG_ITEMS",
    "STATUS_LABELS",
    "YES",
    "Action",
    "CheckInAnswers",
    "CheckInState",
    "InvalidAnswer",
    "RedFlagLocked",
    "Screen",
    "Step",
    "WrongStep",
    "back",
    "choose",
    "finish_with_flags",
    "none_of_these",
    "press",
    "proceed",
    "result",
    "screen",
    "start",
    "text",
    "toggle",
]

# =================================================================================================
# DATA
# =================================================================================================


class Step(StrEnum):
    """Screens in order (definition order is the flow)."""

    STATUS = "status"
    RED_FLAGS = "red_flags"
    INTENSITY = "intensity"
    FREQUENCY = "frequency"
    NEW_PLACE = "new_place"
    DONE = "done"


FLOW: Final = tuple(Step)

# The compact red-flag screen: both red-flag lists of the triage, numbered 1..15 in this order.
RED_FLAG_ITEMS: Final[tuple[ChecklistItem, ...]] = (
    *triage.EMERGENCY_ITEMS,
    *triage.SAME_DAY_ITEMS,
)
_EMERGENCY_IDS: Final = frozenset(i.id for i in triage.EMERGENCY_ITEMS)
_SAME_DAY_IDS: Final = frozenset(i.id for i in triage.SAME_DAY_ITEMS)

STATUS_LABELS: Final[Mapping[CheckStatus, str]] = {
    s: CHECKIN_STATUS_LABELS[s.value] for s in CheckStatus
}
YES: Final = "yes"
NO: Final = "no"

CHOICES: Final[Mapping[Step, tuple[Choice, ...]]] = {
    Step.STATUS: tuple(Choice(s.value, STATUS_LABELS[s]) for s in CheckStatus),
    Step.INTENSITY: triage.CHOICES[triage.Step.INTENSITY],
    Step.FREQUENCY: triage.CHOICES[triage.Step.FREQUENCY],
    Step.NEW_PLACE: (Choice(YES, YES_LABEL), Choice(NO, NO_LABEL)),
}

QUESTION_IDS: Final[Mapping[Step, str]] = {
    Step.STATUS: "checkin.question",  # "Still twitching?"
    Step.RED_FLAGS: "checklist.emergency.question",  # "Do any of these apply right now?"
    Step.INTENSITY: "question.intensity",
    Step.FREQUENCY: "question.frequency",
    Step.NEW_PLACE: "checkin.question.new_place",
}


# =================================================================================================
# ANSWERS
# =================================================================================================


@dataclass(frozen=True, slots=True)
class CheckInAnswers:
    """The answers of one check-in (so far, or final: see ``result()``)."""

    status: CheckStatus | None = None
    red_flags: frozenset[str] = frozenset()  # ids of RED_FLAG_ITEMS
    intensity: int | None = None
    frequency: Frequency | None = None
    new_place: bool | None = None

    def __post_init__(self) -> None:
        if self.status is not None and not isinstance(self.status, CheckStatus):
            raise ValueError("status: malformed")
        if not isinstance(self.red_flags, frozenset) or not self.red_flags <= _ITEM_IDS:
            raise ValueError("red_flags: unknown or malformed item ids")
        if self.intensity is not None and not is_intensity(self.intensity):
            raise ValueError("intensity: out of range")
        if self.frequency is not None and not isinstance(self.frequency, Frequency):
            raise ValueError("frequency: malformed")
        if self.new_place is not None and not isinstance(self.new_place, bool):
            raise ValueError("new_place: malformed")

    @property
    def pending_level(self) -> Urgency | None:
        """The level committed to by ticked red flags, or None (decision 4)."""
        if self.red_flags & _EMERGENCY_IDS:
            return Urgency.EMERGENCY
        if self.red_flags & _SAME_DAY_IDS:
            return Urgency.URGENT_TODAY
        return None

    def facts(self, *, seq: int, due_at: datetime, answered_at: datetime) -> CheckInFacts:
        """These answers as the just-answered check-in, for ``escalation.evaluate``."""
        if self.status is None:
            raise ValueError("a check-in without a status is not answered")
        return CheckInFacts(
            seq=seq,
            due_at=due_at,
            answered_at=answered_at,
            status=self.status,
            red_flags=self.red_flags,
            intensity=self.intensity,
            frequency=self.frequency,
            new_place=self.new_place,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": None if self.status is None else self.status.value,
            "red_flags": [i.id for i in RED_FLAG_ITEMS if i.id in self.red_flags],
            "intensity": self.intensity,
            "frequency": None if self.frequency is None else self.frequency.value,
            "new_place": self.new_place,
        }

    @classmethod
    def from_dict(cls, raw: object) -> CheckInAnswers:
        """Strictly parse ``to_dict()`` output; ValueError on anything else."""
        data = expect_keys(raw, _ANSWER_KEYS, "answers")
        flags = data["red_flags"]
        if not isinstance(flags, list) or not all(isinstance(v, str) for v in flags):
            raise ValueError("answers.red_flags: expected a list of strings")
        if len(set(flags)) != len(flags):
            raise ValueError("answers.red_flags: repeated ids")
        if data["new_place"] is not None and type(data["new_place"]) is not bool:
            raise ValueError("answers.new_place: expected a boolean or null")
        return cls(
            status=optional_enum(data["status"], CheckStatus, "status"),
            red_flags=frozenset(flags),
            intensity=data["intensity"],  # type and range checked by __post_init__
            frequency=optional_enum(data["frequency"], Frequency, "frequency"),
            new_place=data["new_place"],
        )


# =================================================================================================
# CONVERSATION
# =================================================================================================


@dataclass(frozen=True, slots=True)
class CheckInState:
    """A check-in in progress. Store it with ``to_json``."""

    step: Step = Step.STATUS
    answers: CheckInAnswers = field(default_factory=CheckInAnswers)

    def __post_init__(self) -> None:
        _check_state(self)

    @property
    def pending_level(self) -> Urgency | None:
        """The level already committed to by ticked red flags (give its advice on Back, Cancel
        or expiry). None when no red flag is ticked."""
        return self.answers.pending_level

    @property
    def done(self) -> bool:
        return self.step is Step.DONE

    def to_json(self) -> str:
        return dump_state(_JSON_VERSION, self.step, answers=self.answers.to_dict())

    @classmethod
    def from_json(cls, data: str) -> CheckInState:
        """Parse stored state; ValueError on anything malformed, unknown or inconsistent."""
        step, obj = load_state(
            data,
            Step,
            name="check-in state",
            version=_JSON_VERSION,
            keys=_STATE_KEYS,
            max_chars=_MAX_JSON_CHARS,
        )
        return cls(step=step, answers=CheckInAnswers.from_dict(obj["answers"]))


def start() -> CheckInState:
    """A new check-in, at "Still twitching?"."""
    return CheckInState()


def result(state: CheckInState) -> CheckInAnswers:
    """The final answers of a finished check-in (``InvalidAnswer`` before DONE). "Gone" keeps
    only the status and any ticked red flag (answers given before going back are dropped)."""
    if not state.done:
        raise InvalidAnswer(f"the check-in is not finished (at {state.step})")
    answers = state.answers
    if answers.status is CheckStatus.GONE:
        return CheckInAnswers(status=CheckStatus.GONE, red_flags=answers.red_flags)
    return answers


def screen(state: CheckInState) -> Screen[Step]:
    """What to show for ``state`` and which buttons are allowed."""
    step = state.step
    if step is Step.DONE:
        return Screen(step=step, kind=ScreenKind.DONE)
    can_go_back = _previous(step) is not None
    if step is Step.RED_FLAGS:
        ticked = state.answers.red_flags
        return checklist_screen(
            step,
            QUESTION_IDS[step],
            RED_FLAG_ITEMS,
            ticked,
            locked=ticked,
            can_go_back=can_go_back,
            note_id="checklist.not_sure",
        )
    chosen = _chosen(state.answers, step)
    return choice_screen(step, QUESTION_IDS[step], CHOICES[step], chosen, can_go_back=can_go_back)


def toggle(state: CheckInState, item_id: str) -> CheckInState:
    """Tick an item of the red-flag list (a ticked red flag stays ticked)."""
    _expect_step(state, Step.RED_FLAGS)
    if item_id not in _ITEM_IDS:
        raise InvalidAnswer(f"{item_id!r} is not on the red-flag list")
    ticked = state.answers.red_flags
    if item_id in ticked:
        raise RedFlagLocked(f"{item_id!r} is a ticked red flag and stays ticked")
    return replace(state, answers=replace(state.answers, red_flags=ticked | {item_id}))


def none_of_these(state: CheckInState) -> CheckInState:
    """ "None of these": only while nothing is ticked."""
    _expect_step(state, Step.RED_FLAGS)
    expect_none_offered(state.answers.red_flags)
    # After "Gone", "None of these" ends the check-in (TRIAGE.md: decision 2 holds for Gone).
    following = Step.DONE if state.answers.status is CheckStatus.GONE else Step.INTENSITY
    return replace(state, step=following)


def proceed(state: CheckInState) -> CheckInState:
    """ "Continue" with something ticked: the check-in ends at once, at that level."""
    _expect_step(state, Step.RED_FLAGS)
    expect_continue_offered(state.answers.red_flags)
    return replace(state, step=Step.DONE)


def choose(state: CheckInState, value: str) -> CheckInState:
    """A single-choice answer for the current step (status, intensity, frequency, new place)."""
    step = state.step
    expect_choice(CHOICES, step, value)
    answers = state.answers
    if step is Step.STATUS:
        status = CheckStatus(value)
        answers = replace(answers, status=status)
        # Every answer, "Gone" too, is followed by the compact red-flag screen (decision 2).
        return replace(state, answers=answers, step=Step.RED_FLAGS)
    if step is Step.INTENSITY:
        return replace(state, answers=replace(answers, intensity=int(value)), step=Step.FREQUENCY)
    if step is Step.FREQUENCY:
        answers = replace(answers, frequency=Frequency(value))
        return replace(state, answers=answers, step=Step.NEW_PLACE)
    return replace(state, answers=replace(answers, new_place=value == YES), step=Step.DONE)


def finish_with_flags(state: CheckInState) -> CheckInState:
    """Leaving a check-in with a ticked red flag (a second keyboard, expiry) has the effect of
    "Continue": DONE at that level. ``InvalidAnswer`` when nothing is ticked."""
    if state.pending_level is None:
        raise InvalidAnswer("no red flag is ticked")
    status = state.answers.status or CheckStatus.SAME
    return replace(state, answers=replace(state.answers, status=status), step=Step.DONE)


def back(state: CheckInState) -> CheckInState:
    """The previous screen, keeping every answer (none at the first screen, none once DONE)."""
    return replace(state, step=expect_previous(_previous(state.step), state.step))


_MOVES: Final = Moves(toggle, choose, none_of_these, proceed, back)


def press(state: CheckInState, step: str, action: str, value: str = "") -> CheckInState:
    """Apply one button press, checking it belongs to the current screen (else ``WrongStep``)."""
    return dispatch(state, state.step, Step, step, action, value, _MOVES)


# --- helpers ------------------------------------------------------------------------------------

_JSON_VERSION: Final = 1
_MAX_JSON_CHARS: Final = 2048
_STATE_KEYS: Final = frozenset({"v", "step", "answers"})
_ANSWER_KEYS: Final = frozenset({"status", "red_flags", "intensity", "frequency", "new_place"})
_ITEM_IDS: Final = frozenset(i.id for i in RED_FLAG_ITEMS)
# Steps after the red-flag screen: reached only with the twitch still there and nothing ticked.
_QUESTIONS: Final = (Step.INTENSITY, Step.FREQUENCY, Step.NEW_PLACE)


def _previous(step: Step) -> Step | None:
    if step in (Step.STATUS, Step.DONE):
        return None
    return FLOW[FLOW.index(step) - 1]


def _expect_step(state: CheckInState, step: Step) -> None:
    if state.step is not step:
        raise InvalidAnswer(f"{state.step} is not the {step} screen")


def _chosen(answers: CheckInAnswers, step: Step) -> str | None:
    if step is Step.STATUS:
        return None if answers.status is None else answers.status.value
    if step is Step.INTENSITY:
        return None if answers.intensity is None else str(answers.intensity)
    if step is Step.FREQUENCY:
        return None if answers.frequency is None else answers.frequency.value
    if answers.new_place is None:
        return None
    return YES if answers.new_place else NO


def _check_state(state: CheckInState) -> None:
    """Invariants every reachable state keeps; a stored state breaking one is rejected."""
    if not isinstance(state.step, Step) or not isinstance(state.answers, CheckInAnswers):
        raise TypeError("check-in state: malformed")
    step, answers = state.step, state.answers
    if step is Step.STATUS:
        return
    if answers.status is None:
        raise ValueError(f"check-in state: at {step} without a status")
    if step in _QUESTIONS:
        if answers.status not in STILL_THERE or answers.red_flags:
            raise ValueError(f"check-in state: at {step} after 'Gone' or a ticked red flag")
        if step is not Step.INTENSITY and answers.intensity is None:
            raise ValueError(f"check-in state: at {step} without an intensity")
        if step is Step.NEW_PLACE and answers.frequency is None:
            raise ValueError("check-in state: at new_place without a frequency")
    if step is Step.DONE:
        finished = (
            answers.status is CheckStatus.GONE
            or bool(answers.red_flags)
            or None not in (answers.intensity, answers.frequency, answers.new_place)
        )
        if not finished:
            raise ValueError("check-in state: done with questions unanswered")
