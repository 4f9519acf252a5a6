"""Typed red-flag reports (``text_reports``): item ids and level, never the text. Never commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import tables as t
from bot.db.repositories import keep
from bot.domain.redflags import ReportStatus


@dataclass(frozen=True, slots=True)
class StoredReport:
    id: int
    user_id: int
    level: int
    items: tuple[str, ...]
    status: str  # a bot.domain.redflags.ReportStatus value
    created_at: datetime


def _stored(row: t.TextReport) -> StoredReport:
    return StoredReport(
        id=row.id,
        user_id=row.user_id,
        level=row.level,
        items=tuple(row.items),
        status=row.status,
        created_at=row.created_at,
    )


class TextReportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, user_id: int, level: int, items: list[str], now: datetime) -> int:
        row = t.TextReport(
            user_id=user_id,
            level=level,
            items=items,
            status=ReportStatus.OPEN.value,
            created_at=now,
        )
        self.session.add(row)
        await self.session.flush()
        return row.id

    async def get(self, report_id: int, *, lock: bool = False) -> StoredReport | None:
        """The report; ``lock``: FOR UPDATE (PostgreSQL), so two answers take turns."""
        row = await self.session.get(t.TextReport, report_id, with_for_update=lock or None)
        if row is None:
            return None
        keep(self.session, row)  # answered later in this unit of work: no second SELECT
        return _stored(row)

    async def answer(
        self, report_id: int, status: str, now: datetime, episode_id: int | None = None
    ) -> None:
        row = await self.session.get(t.TextReport, report_id)  # loaded already: no statement
        if row is None:
            raise LookupError(f"text report {report_id} is gone")
        row.answered_at = now
        row.status = status
        if episode_id is not None:
            row.episode_id = episode_id

    async def set_episode(self, report_id: int, episode_id: int) -> None:
        row = await self.session.get(t.TextReport, report_id)  # loaded already: no statement
        if row is not None:
            row.episode_id = episode_id

    async def expire_open(self, before: datetime, limit: int = 100) -> list[StoredReport]:
        """Open reports created at or before ``before`` become unconfirmed; returns them.
        SKIP LOCKED: two instances expiring at once take different rows."""
        rows = list(
            (
                await self.session.scalars(
                    select(t.TextReport)
                    .where(
                        t.TextReport.status == ReportStatus.OPEN.value,
                        t.TextReport.created_at <= before,
                    )
                    .limit(limit)
                    .with_for_update(skip_locked=True)
                )
            ).all()
        )
        for row in rows:
            row.status = ReportStatus.UNCONFIRMED.value  # dirty: held until the flush
        return [_stored(row) for row in rows]
