"""What every button conversation shares (the triage's and the check-in's): what a button does,
a single choice, the screen shown, the errors a press can raise, the dispatcher, and the
validators of stored state. Standard library only."""

from __future__ import annotations

from collections.abc import Callable
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


class InvalidAnswer(ValueError):
    """A button or answer that does not fit the current screen. The state is unchanged."""


class WrongStep(InvalidAnswer):
    """A button for another screen, usually from an older message."""


class RedFlagLocked(InvalidAnswer):
    """An attempt to un-tick a ticked red-flag item (decision 4: urgency only goes up)."""


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

E = TypeVar("E", bound=StrEnum)


def require_aware(moment: object, name: str) -> None:
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")


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
