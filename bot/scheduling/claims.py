"""Moved: the reminder engine's SQL lives in ``bot.db.reminders`` (reached as ``uow.reminders``).

This name is kept only so imports outside the reminder code (``bot/services/records.py``) keep
working until they move; new code imports ``bot.db.reminders``.
"""

from __future__ import annotations

from bot.db.reminders import (
    FIRST_DUE_KEY,
    REMINDERS,
    ClaimedReminder,
    Sent,
    cancel_for_episode,
    cancel_for_user,
    claim_due,
    end_leases_of_others,
    insert_reminder,
    mark_dead,
    mark_delivered,
    mark_expired,
    mark_failed,
    mark_sent,
    mark_sent_many,
    release,
    reschedule,
)

__all__ = [
    "FIRST_DUE_KEY",
    "REMINDERS",
    "ClaimedReminder",
    "Sent",
    "cancel_for_episode",
    "cancel_for_user",
    "claim_due",
    "end_leases_of_others",
    "insert_reminder",
    "mark_dead",
    "mark_delivered",
    "mark_expired",
    "mark_failed",
    "mark_sent",
    "mark_sent_many",
    "release",
    "reschedule",
]
