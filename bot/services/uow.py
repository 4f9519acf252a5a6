"""The unit-of-work factory type the services receive."""

from __future__ import annotations

from collections.abc import Callable

from bot.db.uow import UnitOfWork

UowFactory = Callable[[], UnitOfWork]
