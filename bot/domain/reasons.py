"""Why a piece of advice was given, as data: a stable reason id and its raw values.

A ``Reason`` is what the database stores (``escalations.reasons``, ``episodes.reasons``): an id
and arguments that are raw values (days and ratings as numbers, a duration answer as its stored
value), never words. ``Reason.text`` says it in the CURRENT language (``bot.domain.language``),
so advice given while the user spoke English reads in Russian in a report made for a Russian
reader.

Ids (args):

- a checklist item id (``e1`` ... ``g7``), or ``heat`` (the typed heat-illness sign): no args;
- ``duration`` / ``duration_firmly``: ``days`` (whole days, from the check-ins) or ``answer``
  (the triage's duration answer, e.g. ``"2w+"``);
- ``recurrence_short`` / ``recurrence_long``: ``count`` (episodes, this one included), ``days``
  (the window);
- ``intensity``: ``intensity``; ``intensity_rise``: ``first``, ``intensity``;
  ``intensity_rising``: ``intensity``;
- ``almost_constant``, ``new_place``: no args; ``self_care_not_working``: ``count``;
- ``missed_checkins``: ``count`` (the rule at a check-in); ``missed_notice``: no args (the notice
  sent after two unanswered check-ins).

An id this module does not know (or args it cannot read) says nothing (``""``): the reports then
show the advice without a reason rather than fail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Final

from bot.domain import wording
from bot.domain.checklists import (
    EMERGENCY_ITEMS,
    GP_ITEMS,
    SAME_DAY_ITEMS,
    ChecklistItem,
    Duration,
)
from bot.domain.lexicon import HEAT_ILLNESS

Args = Mapping[str, int | str]

_DAY: Final = timedelta(days=1)
_ITEMS: Final[Mapping[str, ChecklistItem]] = {
    i.id: i for i in (*EMERGENCY_ITEMS, *SAME_DAY_ITEMS, *GP_ITEMS)
}


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason: a stable id and its raw values (never words)."""

    id: str
    args: Args = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash((self.id, tuple(sorted(self.args.items()))))

    @property
    def text(self) -> str:
        """The reason in plain words, in the current language ("" for an unknown id)."""
        render = _RENDER.get(self.id)
        if render is None:
            return ""
        try:
            return render(self.args)
        except (KeyError, ValueError, TypeError):
            return ""

    def stored(self) -> dict[str, Any]:
        """As stored in JSON: ``{"id": ..., "args": {...}}``."""
        return {"id": self.id, "args": dict(self.args)}

    @classmethod
    def from_stored(cls, raw: object) -> Reason | None:
        """A stored reason (``stored()`` output, or an old ``{"id", "text", ...}`` entry, whose
        text is not used); None when it has no id."""
        if not isinstance(raw, Mapping) or not isinstance(raw.get("id"), str):
            return None
        args = raw.get("args")
        if not isinstance(args, Mapping):
            args = {}
        kept = {
            str(k): v
            for k, v in args.items()
            if isinstance(v, int | str) and not isinstance(v, bool)
        }
        return cls(raw["id"], kept)


def stored(reasons: Iterable[Reason]) -> list[dict[str, Any]]:
    """Reasons as stored in a JSON column."""
    return [r.stored() for r in reasons]


def from_stored(raw: object) -> tuple[Reason, ...] | None:
    """A JSON column's reasons; None when the column holds no list (a row stored before ids)."""
    if not isinstance(raw, list):
        return None
    return tuple(r for r in (Reason.from_stored(x) for x in raw) if r is not None)


def duration(lasted: timedelta) -> Reason:
    """ "It's been going on for 9 days" (from the check-ins), as whole days."""
    return Reason("duration", {"days": lasted // _DAY})


def _duration(args: Args) -> str:
    if "answer" in args:
        words = Duration(str(args["answer"])).label
    else:
        days = int(args["days"])
        a_day = days <= 1
        words = wording.text(
            "reason.duration.a_day" if a_day else "reason.duration.days", days=days
        )
    return wording.text("reason.duration", duration=words)


def _recurrence(args: Args) -> str:
    return wording.text(
        "reason.recurrence", ordinal=wording.ordinal(int(args["count"])), days=args["days"]
    )


def _plain(text_id: str) -> Callable[[Args], str]:
    return lambda args: wording.text(text_id, **args)


def _item(item: ChecklistItem) -> Callable[[Args], str]:
    return lambda _args: item.text


_RENDER: Final[Mapping[str, Callable[[Args], str]]] = {
    **{item_id: _item(item) for item_id, item in _ITEMS.items()},
    HEAT_ILLNESS: lambda _args: wording.text("free_text.heat"),
    "duration": _duration,
    "duration_firmly": _duration,
    "recurrence_short": _recurrence,
    "recurrence_long": _recurrence,
    "intensity": _plain("reason.intensity"),
    "intensity_rise": _plain("reason.intensity_rise"),
    "intensity_rising": _plain("reason.intensity_rising"),
    "almost_constant": _plain("reason.almost_constant"),
    "new_place": _plain("reason.new_place"),
    "self_care_not_working": _plain("reason.self_care_not_working"),
    "missed_checkins": _plain("reason.missed_checkins"),
    "missed_notice": _plain("reason.missed_notice"),
}
KNOWN_IDS: Final = frozenset(_RENDER)
