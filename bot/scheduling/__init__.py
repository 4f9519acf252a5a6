"""The reminder engine: claim due rows of the reminders table, deliver them, record results.

The SQL (both dialects) is in ``bot.db.reminders``, reached through a unit of work
(``uow.reminders``); ``ports`` holds what the upper layers implement (the
Telegram ``Deliverer``, the services' ``FollowUps``), ``sweep`` the ``Sweeper`` whose ``tick()``
a repeating JobQueue job calls. Nothing here imports ``telegram``.
"""

from __future__ import annotations

from bot.db.reminders import ClaimedReminder
from bot.scheduling.ports import Clock, Deliverer, Delivery, FollowUps, Outcome
from bot.scheduling.sweep import Sweeper, TickReport, default_worker_id

__all__ = [
    "ClaimedReminder",
    "Clock",
    "Deliverer",
    "Delivery",
    "FollowUps",
    "Outcome",
    "Sweeper",
    "TickReport",
    "default_worker_id",
]
