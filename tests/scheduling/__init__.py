"""Helpers for the reminder-engine tests: rows, a recording deliverer, recording hooks."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import tables
from bot.db.reminders import REMINDERS, ClaimedReminder, insert_reminder
from bot.db.uow import UnitOfWork
from bot.domain.model import ReminderKind, ReminderStatus
from bot.scheduling.ports import Delivery, Outcome

_keys = itertools.count(1)


async def add_users(engine: AsyncEngine, user_ids: Sequence[int], now: datetime) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            insert(tables.User),
            [{"id": u, "created_at": now, "last_active_at": now} for u in user_ids],
        )


async def add_episode(engine: AsyncEngine, user_id: int, now: datetime) -> int:
    async with engine.begin() as conn:
        result = await conn.execute(
            insert(tables.Episode)
            .values(
                user_id=user_id,
                logged_at=now,
                onset_at=now,
                factors=[],
                answers={},
                urgency=1,
                reasons=[],
                status="open",
            )
            .returning(tables.Episode.id)
        )
        return int(result.scalar_one())


async def add_reminder(
    engine: AsyncEngine,
    *,
    user_id: int,
    due_at: datetime,
    now: datetime,
    kind: ReminderKind = ReminderKind.CHECKIN,
    episode_id: int | None = None,
    key: str | None = None,
    payload: dict[str, Any] | None = None,
) -> int:
    async with engine.begin() as conn:
        new_id = await insert_reminder(
            conn,
            user_id=user_id,
            kind=kind,
            due_at=due_at,
            dedup_key=key or f"test:{next(_keys)}",
            episode_id=episode_id,
            payload=payload,
            now=now,
        )
    assert new_id is not None
    return new_id


async def fetch(engine: AsyncEngine, reminder_id: int) -> Any:
    async with engine.connect() as conn:
        result = await conn.execute(select(REMINDERS).where(REMINDERS.c.id == reminder_id))
        return result.one()


async def statuses(engine: AsyncEngine) -> dict[int, str]:
    async with engine.connect() as conn:
        result = await conn.execute(select(REMINDERS.c.id, REMINDERS.c.status))
        return {int(r.id): r.status for r in result}


async def keys(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        result = await conn.execute(select(REMINDERS.c.dedup_key))
        return {r.dedup_key for r in result}


Script = Callable[[ClaimedReminder, bool], Awaitable[Delivery] | Delivery]


@dataclass
class RecordingDeliverer:
    """The network edge, in memory: records each call; ``script`` decides the outcome."""

    script: Script | None = None
    calls: list[tuple[int, bool]] = field(default_factory=list)
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1000))

    async def deliver(self, reminder: ClaimedReminder, *, late: bool) -> Delivery:
        self.calls.append((reminder.id, late))
        if self.script is None:
            return Delivery(Outcome.SENT, message_id=next(self._message_ids))
        result = self.script(reminder, late)
        if isinstance(result, Delivery):
            return result
        return await result

    @property
    def ids(self) -> list[int]:
        return [reminder_id for reminder_id, _ in self.calls]

    def next_message_id(self) -> int:
        return next(self._message_ids)


@dataclass
class RecordingFollowUps:
    """Inserts ``{dedup_key}:next`` after a send, in the same transaction; can be made to fail."""

    fail_sent: bool = False
    fail_not_sent: bool = False
    sent: list[int] = field(default_factory=list)
    not_sent: list[tuple[int, ReminderStatus]] = field(default_factory=list)

    async def after_sent(self, uow: UnitOfWork, reminder: ClaimedReminder, now: datetime) -> None:
        await uow.reminders.insert(
            user_id=reminder.user_id,
            kind=reminder.kind,
            due_at=now + timedelta(days=1),
            dedup_key=f"{reminder.dedup_key}:next",
            episode_id=reminder.episode_id,
            now=now,
        )
        self.sent.append(reminder.id)
        if self.fail_sent:
            raise RuntimeError("follow-up bug")

    async def after_not_sent(
        self,
        uow: UnitOfWork,
        reminder: ClaimedReminder,
        status: ReminderStatus,
        now: datetime,
    ) -> None:
        self.not_sent.append((reminder.id, status))
        if self.fail_not_sent:
            raise RuntimeError("follow-up bug")
