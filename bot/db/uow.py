"""Unit of work: one session per update or job, committed once on success."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.records import HistoryRepository, RecordsRepository
from bot.db.repositories import EpisodeRepository, TriageRepository, UserRepository


class UnitOfWork:
    """``async with UnitOfWork(sessionmaker) as uow:`` — commit on success, roll back on error."""

    session: AsyncSession
    users: UserRepository
    episodes: EpisodeRepository
    triages: TriageRepository
    records: RecordsRepository
    history: HistoryRepository

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker

    async def __aenter__(self) -> Self:
        self.session = self._sessionmaker()
        self.users = UserRepository(self.session)
        self.episodes = EpisodeRepository(self.session)
        self.triages = TriageRepository(self.session)
        self.records = RecordsRepository(self.session)
        self.history = HistoryRepository(self.session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None:
                await self.session.commit()
            else:
                await self.session.rollback()
        finally:
            await self.session.close()
