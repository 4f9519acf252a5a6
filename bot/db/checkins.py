"""Check-in rows: the "Still twitching?" conversation stored per check-in. Never commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import tables as t
from bot.db.repositories import keep
from bot.domain.model import EpisodeStatus


@dataclass(frozen=True, slots=True)
class StoredCheckIn:
    id: int
    user_id: int
    episode_id: int
    seq: int
    reminder_id: int | None
    state: str | None  # the conversation in progress (JSON), None when not started or done
    version: int
    answered_at: datetime | None


def _stored(row: t.CheckIn) -> StoredCheckIn:
    return StoredCheckIn(
        id=row.id,
        user_id=row.user_id,
        episode_id=row.episode_id,
        seq=row.seq,
        reminder_id=row.reminder_id,
        state=row.state,
        version=row.version,
        answered_at=row.answered_at,
    )


class CheckInRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _out(self, row: t.CheckIn) -> StoredCheckIn:
        keep(self.session, row)  # changed later in this unit of work: no second SELECT
        return _stored(row)

    async def for_reminder(self, reminder_id: int, user_id: int) -> StoredCheckIn | None:
        """The check-in its reminder asked, locked (FOR UPDATE on PostgreSQL: two racing taps
        on one check-in take turns)."""
        row = await self.session.scalar(
            select(t.CheckIn)
            .where(t.CheckIn.reminder_id == reminder_id, t.CheckIn.user_id == user_id)
            .with_for_update()
        )
        return self._out(row) if row is not None else None

    async def locked(self, checkin_id: int) -> StoredCheckIn | None:
        row = await self.session.get(t.CheckIn, checkin_id, with_for_update=True)
        return self._out(row) if row is not None else None

    async def newest_seq(self, episode_id: int) -> int | None:
        """The number of the episode's latest check-in asked (None: none yet)."""
        found: int | None = await self.session.scalar(
            select(func.max(t.CheckIn.seq)).where(t.CheckIn.episode_id == episode_id)
        )
        return found

    async def pending_for(self, user_id: int) -> StoredCheckIn | None:
        """The user's latest unanswered check-in of an open episode."""
        row = await self.session.scalar(
            select(t.CheckIn)
            .join(t.Episode, t.Episode.id == t.CheckIn.episode_id)
            .where(
                t.CheckIn.user_id == user_id,
                t.CheckIn.answered_at.is_(None),
                t.Episode.status == EpisodeStatus.OPEN.value,
            )
            .order_by(t.CheckIn.seq.desc())
            .limit(1)
        )
        return self._out(row) if row is not None else None

    async def abandoned(
        self, before: datetime, limit: int = 100
    ) -> list[tuple[StoredCheckIn, int | None]]:
        """Conversations started and left since before ``before`` (locked), with the message id
        of the check-in's reminder."""
        rows = (
            await self.session.execute(
                select(t.CheckIn, t.Reminder.message_id)
                .outerjoin(t.Reminder, t.Reminder.id == t.CheckIn.reminder_id)
                .where(
                    t.CheckIn.state.is_not(None),
                    t.CheckIn.answered_at.is_(None),
                    t.CheckIn.updated_at <= before,
                )
                .limit(limit)
                .with_for_update(of=t.CheckIn)
            )
        ).all()
        return [(self._out(row), message_id) for row, message_id in rows]

    async def _row(self, checkin_id: int) -> t.CheckIn:
        row = await self.session.get(t.CheckIn, checkin_id)  # loaded already: no statement
        if row is None:
            raise LookupError(f"check-in {checkin_id} is gone")
        return row

    async def save_state(
        self, checkin_id: int, state: str | None, now: datetime | None = None
    ) -> StoredCheckIn:
        """The conversation moved on (or was dropped: ``state`` None); the version counts up,
        so buttons of an older screen are stale. ``now``: the time of the tap."""
        row = await self._row(checkin_id)
        row.state = state
        row.version += 1
        if now is not None:
            row.updated_at = now
        return _stored(row)

    async def save_answer(
        self,
        checkin_id: int,
        *,
        now: datetime,
        status: str | None,
        red_flags: list[str],
        intensity: int | None,
        frequency: str | None,
        new_place: bool | None,
    ) -> StoredCheckIn:
        """The check-in is answered (the conversation ends); written at once (flush), so the
        history read next sees it."""
        row = await self._row(checkin_id)
        row.answered_at = now
        row.status = status
        row.red_flags = red_flags
        row.intensity = intensity
        row.frequency = frequency
        row.new_place = new_place
        row.state = None
        row.version += 1
        await self.session.flush()
        return _stored(row)
