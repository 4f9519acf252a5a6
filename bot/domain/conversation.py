"""What every button conversation shares (the triage's and the check-in's): what a button does,
a single choice, the screen shown and how it is built, the errors a press can raise and the
checks that raise them, the dispatcher, the stored JSON envelope, and the validators of stored
state. Standard library only."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

from bot.domain import thresholds as t
from bot.domain.checklists import ChecklistItem
from bot.domain.language import _


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


@dataclass(frozen=True, slots=True)
class Choice:
    value: str  # what ``choose()`` takes
    source: str  # the English button label

    @property
    def label(self) -> str:
        """The button label in the current language."""
        return _(self.source)


_Step = TypeVar("_Step", bound=StrEnum, covariant=True)


@dataclass(frozen=True, slots=True)
class Screen(Generic[_Step]):
    """What the current step of a conversation shows and which buttons it allows (the triage's
    ``Screen[triage.Step]`` and the check-in's ``Screen[checkin.Step]``)."""

    step: _Step
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


E = TypeVar("E", bound=StrEnum)


def checklist_screen(
    step: E,
    question_id: str,
    items: tuple[ChecklistItem, ...],
    ticked: frozenset[str],
    *,
    locked: frozenset[str],
    can_go_back: bool,
    note_id: str | None,
) -> Screen[E]:
    """A checklist: "None of these" while nothing is ticked, "Continue" once something is."""
    return Screen(
        step=step,
        kind=ScreenKind.CHECKLIST,
        question_id=question_id,
        items=items,
        selected=ticked,
        locked=locked,
        offers_none=not ticked,
        offers_continue=bool(ticked),
        can_go_back=can_go_back,
        note_id=note_id,
    )


def choice_screen(
    step: E,
    question_id: str,
    choices: tuple[Choice, ...],
    chosen: str | None,
    *,
    can_go_back: bool,
) -> Screen[E]:
    """A single choice, with the value chosen before (if any) marked."""
    return Screen(
        step=step,
        kind=ScreenKind.CHOICE,
        question_id=question_id,
        choices=choices,
        selected=frozenset() if chosen is None else frozenset({chosen}),
        can_go_back=can_go_back,
    )


class InvalidAnswer(ValueError):
    """A button or answer that does not fit the current screen. The state is unchanged."""


class WrongStep(InvalidAnswer):
    """A button for another screen, usually from an older message."""


class RedFlagLocked(InvalidAnswer):
    """An attempt to un-tick a ticked red-flag item (decision 4: urgency only goes up)."""


def expect_choice(choices: Mapping[E, tuple[Choice, ...]], step: E, value: object) -> None:
    """``InvalidAnswer`` unless ``step`` is a single-choice step and ``value`` is one of its
    choices."""
    if step not in choices:
        raise InvalidAnswer(f"{step} is not a single-choice step")
    if not isinstance(value, str) or value not in {c.value for c in choices[step]}:
        raise InvalidAnswer(f"{value!r} is not a choice on the {step} screen")


def expect_none_offered(ticked: frozenset[str]) -> None:
    """ "None of these" is offered only while nothing on the list is ticked."""
    if ticked:
        raise InvalidAnswer("'None of these' is not offered once something is ticked")


def expect_continue_offered(ticked: frozenset[str]) -> None:
    """ "Continue" is offered only once something on the list is ticked."""
    if not ticked:
        raise InvalidAnswer("'Continue' needs a ticked item; use 'None of these'")


def expect_previous(previous: E | None, current: E) -> E:
    """The screen Back goes to (``InvalidAnswer`` at the first screen and once DONE)."""
    if previous is None:
        raise InvalidAnswer(f"there is no going back from {current}")
    return previous


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


# --- validators of stored state (JSON from the database is checked, never trusted) ------------


def require_aware(moment: object, name: str) -> None:
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, not a naive one")


def is_intensity(value: object) -> bool:
    return type(value) is int and t.INTENSITY_MIN <= value <= t.INTENSITY_MAX


def check_member(value: object, enum: type[StrEnum], name: str) -> None:
    if value is not None and not isinstance(value, enum):
        raise ValueError(f"{name}: malformed")


def expect_keys(raw: object, keys: frozenset[str], name: str) -> dict[str, Any]:
    if not isinstance(raw, dict) or set(raw) != keys:
        raise ValueError(f"{name}: expected exactly the keys {sorted(keys)}")
    return raw


def optional_enum(raw: object, enum: type[E], name: str) -> E | None:
    if raw is None:
        return None
    if not isinstance(raw, str) or raw not in {m.value for m in enum}:
        raise ValueError(f"{name}: unknown value")
    return enum(raw)


def dump_state(version: int, step: StrEnum, **fields: object) -> str:
    """A conversation's state as stored: ``{"v": version, "step": step, **fields}``."""
    return json.dumps(
        {"v": version, "step": step.value, **fields},
        separators=(",", ":"),
        ensure_ascii=False,
    )


def load_state(
    data: object, steps: type[E], *, name: str, version: int, keys: frozenset[str], max_chars: int
) -> tuple[E, dict[str, Any]]:
    """The step and the whole object of a stored ``dump_state``; ValueError on anything
    malformed, too large, nested too deeply or of another version (``name`` in the message)."""
    if not isinstance(data, str) or len(data) > max_chars:
        raise ValueError(f"{name}: not a string of reasonable size")

    def reject_constant(constant: str) -> None:
        raise ValueError(f"{name}: {constant} is not allowed")

    try:
        raw = json.loads(data, parse_constant=reject_constant)
    except RecursionError as exc:
        raise ValueError(f"{name}: nested too deeply") from exc
    obj = expect_keys(raw, keys, name)
    if type(obj["v"]) is not int or obj["v"] != version:
        raise ValueError(f"{name}: unknown version")
    step = optional_enum(obj["step"], steps, "step")
    if step is None:
        raise ValueError(f"{name}: missing step")
    return step, obj
