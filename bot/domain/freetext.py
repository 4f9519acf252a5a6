"""Free-text red-flag reader (TRIAGE.md "Free text"): which checklist items a typed message names.

Placeholder over the first reader in ``triage`` until the full lexicon lands; the interface is
the one the services and the Telegram layer use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from bot.domain import triage as tr
from bot.domain.model import Urgency
from bot.domain.redflags import HEAT_ILLNESS

_EMERGENCY_IDS: Final = frozenset(i.id for i in tr.EMERGENCY_ITEMS)
_SAME_DAY_IDS: Final = frozenset({*(i.id for i in tr.SAME_DAY_ITEMS), HEAT_ILLNESS})
_GP_IDS: Final = frozenset(i.id for i in tr.GP_ITEMS)
_KEYWORDS: Final = (
    ("e1", ("breath", "speak", "speech", "swallow")),
    ("e2", ("stroke",)),
    ("e3", ("chest", "blood")),
    ("e4", ("seiz", "faint", "passed out")),
)


def level_of(item_id: str) -> Urgency | None:
    """The level a checklist item (or HEAT_ILLNESS) calls for."""
    if item_id in _EMERGENCY_IDS:
        return Urgency.EMERGENCY
    if item_id in _SAME_DAY_IDS:
        return Urgency.URGENT_TODAY
    if item_id in _GP_IDS:
        return Urgency.SEE_GP
    return None


def _highest(ids: frozenset[str]) -> Urgency | None:
    levels = [lv for lv in map(level_of, ids) if lv is not None]
    return max(levels) if levels else None


@dataclass(frozen=True, slots=True)
class Reading:
    items: frozenset[str] = frozenset()  # named with their qualifier: that level at once
    maybe: frozenset[str] = frozenset()  # a sign without its qualifier: ask which fits
    twitch: bool = False  # a twitch described in its own words
    language: str = "en"

    @property
    def level(self) -> Urgency | None:
        return _highest(self.items)

    @property
    def ask_level(self) -> Urgency | None:
        return _highest(self.maybe)


def read(text: str) -> Reading:
    """Never raises."""
    signal = tr.classify_text(text)
    twitch = tr.looks_like_twitch_report(text)
    if signal is tr.TextSignal.SAME_DAY:
        return Reading(items=frozenset({HEAT_ILLNESS}), twitch=twitch)
    if signal is tr.TextSignal.EMERGENCY:
        lowered = text.casefold()
        found = {item for item, words in _KEYWORDS if any(w in lowered for w in words)}
        return Reading(items=frozenset(found or {"e1"}), twitch=twitch)
    return Reading(twitch=twitch)
