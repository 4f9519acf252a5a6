"""Red-flag items by id: their level, their approved text, their order (for typed reports)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Final

from bot.domain import triage as tr
from bot.domain import wording
from bot.domain.lexicon import HEAT_ILLNESS
from bot.domain.model import Urgency

__all__ = ["HEAT_ILLNESS", "LEVELS", "ReportStatus", "highest", "is_red_flag", "level_of"]

_ITEMS: Final = {i.id: i for i in (*tr.EMERGENCY_ITEMS, *tr.SAME_DAY_ITEMS, *tr.GP_ITEMS)}
# The one map from a checklist item (or the typed heat-illness sign) to the level it calls for.
LEVELS: Final = {
    **{i.id: Urgency.EMERGENCY for i in tr.EMERGENCY_ITEMS},
    **{i.id: Urgency.URGENT_TODAY for i in tr.SAME_DAY_ITEMS},
    **{i.id: Urgency.SEE_GP for i in tr.GP_ITEMS},
    HEAT_ILLNESS: Urgency.URGENT_TODAY,
}
_ORDER: Final = (*_ITEMS, HEAT_ILLNESS)


class ReportStatus(StrEnum):
    """A typed red flag's report (TRIAGE.md "Free text")."""

    OPEN = "open"  # the two buttons are waiting
    CONFIRMED = "confirmed"  # "Yes, this is happening now"
    DESCRIBING = "describing"  # "No, I was just describing"
    UNCONFIRMED = "unconfirmed"  # no answer within 30 minutes: asked again the next day


def level_of(item_id: str) -> Urgency | None:
    """The level a checklist item (or the typed heat-illness sign) calls for; None if unknown."""
    return LEVELS.get(item_id)


def highest(item_ids: Iterable[str]) -> Urgency | None:
    levels = [lv for lv in map(level_of, item_ids) if lv is not None]
    return max(levels) if levels else None


def text_of(item_id: str) -> str:
    """The checklist item in full (approved wording), for "You wrote about ..."."""
    if item_id == HEAT_ILLNESS:
        return wording.text("free_text.heat")
    return _ITEMS[item_id].text


def ordered(item_ids: Iterable[str]) -> tuple[str, ...]:
    """Known item ids in checklist order (emergency, same-day, see-a-GP, then heat)."""
    return tuple(i for i in _ORDER if i in set(item_ids))


def is_red_flag(item_id: str) -> bool:
    level = level_of(item_id)
    return level is not None and level >= Urgency.URGENT_TODAY
