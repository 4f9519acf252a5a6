"""What the sweep needs from the layers above: a deliverer (Telegram) and follow-up hooks.

The Telegram layer implements ``Deliverer``: it renders one claimed reminder, sends it, and maps
what happened to an ``Outcome`` (it never raises on purpose; if it does, the sweep treats the
exception as ``TRANSIENT``). The services layer implements ``FollowUps``: it inserts the next
occurrence inside the transaction that records the result.

Outcomes and what the sweep does with them:

========== ============================================================================
SENT        row -> sent; ``FollowUps.after_sent`` in the same transaction.
RETRY_AFTER Telegram flood control (429). Row -> pending at ``now + retry_after`` (attempt
            not counted); the tick stops, the rest of the batch is released, and this
            sweeper claims nothing more until that time.
BLOCKED     the user blocked the bot (403). Row -> failed ("blocked"), every open reminder of
            the user -> cancelled, and ``on_blocked`` (services: mark the user blocked), all
            in one transaction.
TRANSIENT   network or server error. Row -> pending at ``now + backoff(attempts)``; when the
            attempts reach ``max_attempts`` it is dead instead.
REJECTED    Telegram refused this message for good (400). Row -> failed, logged.
SKIPPED     the deliverer chose not to send now (outside waking hours, a drink was logged
            recently, the episode was closed...). With ``retry_after``: row -> pending at
            ``now + retry_after`` (attempt not counted; a check-in deferred this way is still
            delivered ``late`` if it was late). Without: this occurrence is done -> expired
            with ``last_error`` "skipped", and ``FollowUps.after_not_sent`` runs so a
            recurring reminder still gets its next occurrence.
========== ============================================================================
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from bot.db.reminders import ClaimedReminder
from bot.db.uow import UnitOfWork
from bot.domain.model import ReminderStatus


class Outcome(StrEnum):
    SENT = "sent"
    RETRY_AFTER = "retry_after"
    BLOCKED = "blocked"
    TRANSIENT = "transient"
    REJECTED = "rejected"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Delivery:
    """What happened to one delivery (see the table in this module's docstring).

    ``message_id``: the sent message (SENT). ``retry_after``: the wait asked by Telegram
    (RETRY_AFTER) or the deferral chosen by the deliverer (SKIPPED). ``error``: a short reason
    for ``last_error`` and the logs; ids and error names only, never message text.
    """

    outcome: Outcome
    message_id: int | None = None
    retry_after: timedelta | None = None
    error: str | None = None


class Deliverer(Protocol):
    async def deliver(self, reminder: ClaimedReminder, *, late: bool) -> Delivery:
        """Send ``reminder`` now. ``late``: it is well past its first due time (say sorry)."""
        ...


class FollowUps(Protocol):
    """Hooks run inside the unit of work that records a result (``uow``: its repositories,
    not committed yet); if one raises, that unit of work rolls back (see ``Sweeper`` for what
    happens then)."""

    async def after_sent(self, uow: UnitOfWork, reminder: ClaimedReminder, now: datetime) -> None:
        """The reminder was sent: insert its next occurrence (``uow.reminders.insert``)."""
        ...

    async def after_not_sent(
        self,
        uow: UnitOfWork,
        reminder: ClaimedReminder,
        status: ReminderStatus,
        now: datetime,
    ) -> None:
        """It ended unsent (expired: stale or skipped; failed: rejected; dead): insert the next
        occurrence if the chain should go on. Not called when the user blocked the bot or the
        row was cancelled."""
        ...


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...
