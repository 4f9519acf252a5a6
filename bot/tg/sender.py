"""What the inbox's claim read about an update's sender, for that update's handlers.

The claim's ``RETURNING`` reads a few of the sender's columns with the update (see
``bot.db.inbox``); a handler that needs only those skips a transaction of its own. Like the
stored language (``bot.domain.language.remember_stored``), a value is taken only for the very
update it was read with.
"""

from __future__ import annotations

from contextvars import ContextVar

_awaiting: ContextVar[tuple[int, bool | None] | None] = ContextVar("awaiting", default=None)


def remember(update_id: int, *, awaiting: bool | None) -> None:
    """Whether update ``update_id``'s sender was asked to type something (None: not known)."""
    _awaiting.set((update_id, awaiting))


def awaiting(update_id: int) -> bool | None:
    """True or False if read with this very update; None if not known."""
    found = _awaiting.get()
    if found is None or found[0] != update_id:
        return None
    return found[1]
