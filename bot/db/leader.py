"""One sender at a time across instances: a PostgreSQL session advisory lock.

Only the instance that holds the lock runs the reminder sweep, so Telegram's ~30 messages/s
cap holds globally; when it dies, its connection closes, the lock is freed and another instance
takes over at its next tick. (Claims and leases keep delivery correct even if two overlap.)
SQLite is one process by design: it always leads.

Every instance also holds a shared "presence" lock for as long as it runs (on the same
dedicated connection), so the sender can count the instances (``instances()``) and, with
``TELEGRAM_REPLY_SHARE``, leave each of the others its share of the message budget.
"""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger(__name__)
LOCK_KEY = 0x6B6E6565  # "knee": the sender's advisory lock id


class Leadership:
    def __init__(self, engine: AsyncEngine, key: int = LOCK_KEY) -> None:
        self.engine = engine
        self.key = key
        self._conn: AsyncConnection | None = None
        self.presence = key + 1
        self._leading = False
        self._fresh = False
        self._sqlite_started = False

    def took_over(self) -> bool:
        """True once after each time this process became the sender (then False until the
        next time): the moment to take over the previous sender's claims. On SQLite, once at
        start (the previous process is gone)."""
        fresh, self._fresh = self._fresh, False
        return fresh

    async def held(self) -> bool:
        """True if this process may send now (taking the lock if it is free)."""
        if self.engine.dialect.name != "postgresql":
            if not self._sqlite_started:
                self._sqlite_started = self._fresh = True
            return True
        try:
            if self._conn is None:
                conn = await self.engine.connect()
                self._conn = conn
                # Present as long as this session lives: the sender counts the instances.
                await conn.execute(
                    text("SELECT pg_advisory_lock_shared(:p)"), {"p": self.presence}
                )
                await conn.commit()
            if self._leading:
                await self._conn.execute(text("SELECT 1"))
                return True
            got = await self._conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key})
            await self._conn.commit()
        except (OperationalError, DBAPIError):
            log.warning("lost the sender lock's connection; will try again")
            await self.release()
            return False
        if not got:
            return False
        self._leading = self._fresh = True
        log.info("this instance now sends the reminders")
        return True

    async def instances(self) -> int:
        """How many instances are running (each holds the shared presence lock); 1 on SQLite."""
        if self.engine.dialect.name != "postgresql" or self._conn is None:
            return 1
        try:
            count = await self._conn.scalar(
                text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                    "AND mode = 'ShareLock' AND classid = 0 AND objid = :p"
                ),
                {"p": self.presence},
            )
            await self._conn.commit()
        except (OperationalError, DBAPIError):
            return 1
        return max(1, int(count or 0))

    async def release(self) -> None:
        conn, self._conn = self._conn, None
        self._leading = False
        if conn is not None:
            try:
                # The lock belongs to the session: end it for real, not back into the pool.
                await conn.invalidate()
                await conn.close()
            except (OperationalError, DBAPIError):
                log.debug("closing the sender lock's connection failed", exc_info=True)
