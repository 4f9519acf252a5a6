"""An episode's stored history as the pure escalation rules see it (bot.domain.escalation).

The queries live in ``bot.db.records`` (``uow.history``: ``HistoryRepository.load`` and
``record_asked``). These two names remain for callers that still hold a raw session and an
episode row (services/reminders.py, services/checkins.py) until they go through the unit of work.
"""

from __future__ import annotations

from bot.db.records import load_history, record_asked

__all__ = ["load_history", "record_asked"]
