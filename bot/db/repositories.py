"""Repositories: queries in one place, domain objects out. They never commit (the UoW does)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import tables as t
from bot.domain.model import UserProfile


def to_profile(row: t.User) -> UserProfile:
    return UserProfile(
        id=row.id,
        consent_at=row.consent_at,
        country=row.country,
        timezone=row.timezone,
        wake_start=row.wake_start,
        wake_end=row.wake_end,
        fluid_limited=row.fluid_limited,
        hydration_on=row.hydration_on,
        hydration_per_day=row.hydration_per_day,
        stretch_on=row.stretch_on,
        stretch_times=tuple(x for x in row.stretch_times.split(",") if x),
        blocked=row.blocked_at is not None,
        awaiting=row.awaiting,
    )


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int) -> UserProfile | None:
        row = await self.session.get(t.User, user_id)
        return to_profile(row) if row is not None else None

    async def _row(self, user_id: int) -> t.User | None:
        return await self.session.get(t.User, user_id)

    async def consent(self, user_id: int, now: datetime) -> UserProfile:
        """Create the user on consent (nothing is stored before it), or renew the consent."""
        row = await self._row(user_id)
        if row is None:
            row = t.User(
                id=user_id,
                created_at=now,
                last_active_at=now,
                consent_at=now,
                wake_start=9 * 60,
                wake_end=21 * 60,
                hydration_on=False,
                hydration_per_day=4,
                stretch_on=False,
                stretch_times="18:00",
            )
            self.session.add(row)
        else:
            row.consent_at = now
            row.last_active_at = now
        await self.session.flush()
        return to_profile(row)

    async def touch(self, user_id: int, now: datetime) -> UserProfile | None:
        """Mark activity; a user who had blocked the bot is active again (reminders stay off)."""
        row = await self._row(user_id)
        if row is None:
            return None
        row.last_active_at = now
        if row.blocked_at is not None:
            row.blocked_at = None
        return to_profile(row)

    async def update(self, user_id: int, **values: object) -> UserProfile | None:
        allowed = {"country", "timezone", "awaiting", "fluid_limited", "wake_start", "wake_end"}
        unknown = set(values) - allowed
        if unknown:
            raise ValueError(f"not updatable here: {sorted(unknown)}")
        row = await self._row(user_id)
        if row is None:
            return None
        for key, value in values.items():
            setattr(row, key, value)
        return to_profile(row)

    async def mark_blocked(self, user_id: int, now: datetime) -> bool:
        """The user blocked the bot: stop every nudge for good (they opt in again later)."""
        result = await self.session.execute(
            update(t.User)
            .where(t.User.id == user_id, t.User.blocked_at.is_(None))
            .values(blocked_at=now, hydration_on=False, stretch_on=False)
        )
        return bool(getattr(result, "rowcount", 0))

    async def erase(self, user_id: int) -> None:
        """Delete every row about the user, in every table (children first, then the user)."""
        for table in reversed(t.ALL_TABLES):
            if table.name == "users":
                continue
            if "user_id" in table.c:
                await self.session.execute(delete(table).where(table.c.user_id == user_id))
        await self.session.execute(delete(t.User).where(t.User.id == user_id))
