"""The update inbox's SQL (table ``update_inbox``); the rules live in ``bot.services.inbox``.

Every update costs the inbox a store and a claim (the done rides on the next claim), so these
statements are on the path of every tap. They are built once, with bound parameters, and run
on a Core connection: SQLAlchemy then reuses their compiled form and cache key instead of
building a statement, its cache key and an ORM session for each update (py-spy: a third of the
inbox's CPU went there).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from bot.db import tables
from bot.db.prepared import Prepared, direct

INBOX = cast(Table, tables.UpdateInbox.__table__)
_I = INBOX.c
_U = cast(Table, tables.User.__table__).c

PENDING = "pending"
CLAIMED = "claimed"
DONE = "done"

_LANGUAGE = (
    select(_U.language)
    .where(_U.id == _I.user_id)
    .correlate(INBOX)
    .scalar_subquery()
    .label("language")
)
"""The sender's stored language, read by the claim's own ``RETURNING``."""

_BLOCKED = (
    select(_U.blocked_at.is_not(None))
    .where(_U.id == _I.user_id)
    .correlate(INBOX)
    .scalar_subquery()
    .label("blocked")
)
"""Whether the sender is marked as having blocked the bot (an update from them: they are back)."""

_AWAITING = (
    select(_U.awaiting.is_not(None))
    .where(_U.id == _I.user_id)
    .correlate(INBOX)
    .scalar_subquery()
    .label("awaiting")
)
"""Whether the sender is asked to type something (a command then ends that question)."""

_KNOWN_USERS = select(_U.id).where(_U.id.in_(bindparam("b_ids", expanding=True)))

_CLAIM = Prepared(
    update(INBOX)
    .where(
        _I.bot_id == bindparam("b_bot"),
        _I.update_id == bindparam("b_update"),
        or_(
            _I.state == PENDING,
            and_(_I.state == CLAIMED, _I.claimed_until <= bindparam("b_now")),
        ),
    )
    .values(
        state=CLAIMED,
        claimed_by=bindparam("b_worker"),
        claimed_until=bindparam("b_until"),
        attempts=_I.attempts + 1,
    )
    .returning(_I.attempts, _LANGUAGE, _I.user_id, _BLOCKED, _AWAITING)
)

_FORGET: dict[str, Any] = {
    "state": DONE,
    "payload": None,
    "user_id": None,
    "claimed_by": None,
    "claimed_until": None,
    "done_at": bindparam("b_now"),
}
"""Done: the update's text and its user link are forgotten, its id is kept (a tombstone)."""

_DONE = (
    update(INBOX)
    .where(_I.bot_id == bindparam("b_bot"), _I.update_id.in_(bindparam("b_ids", expanding=True)))
    .values(_FORGET)
    .returning(_I.update_id)
)

_RENEW = (
    update(INBOX)
    .where(
        _I.bot_id == bindparam("b_bot"),
        _I.update_id.in_(bindparam("b_ids", expanding=True)),
        _I.state == CLAIMED,
        _I.claimed_by == bindparam("b_worker"),
    )
    .values(claimed_until=bindparam("b_until"))
)

PRUNE_BATCH = 1000
_PRUNE = (
    delete(INBOX)
    .where(
        _I.bot_id == bindparam("b_bot"),
        _I.update_id.in_(
            select(_I.update_id)
            .where(
                _I.bot_id == bindparam("b_bot"),
                _I.state == DONE,
                _I.received_at <= bindparam("b_before"),
            )
            .limit(PRUNE_BATCH)
            .scalar_subquery()
        ),
    )
    .returning(_I.update_id)
)

_KEYS = [_I.bot_id, _I.update_id]
_INSERT = {
    "sqlite": sqlite.insert(INBOX).on_conflict_do_nothing(index_elements=_KEYS),
    "postgresql": postgresql.insert(INBOX).on_conflict_do_nothing(index_elements=_KEYS),
}

# One update at a time (on SQLite, where a statement costs microseconds and a batch is built
# per size): the sender is linked in the same statement when they are a user.
_STORE_ONE = Prepared(
    sqlite.insert(INBOX)
    .values(
        bot_id=bindparam("b_bot"),
        update_id=bindparam("b_update"),
        user_id=select(_U.id).where(_U.id == bindparam("b_sender")).scalar_subquery(),
        payload=bindparam("b_payload"),
        received_at=bindparam("b_now"),
        state=PENDING,
        attempts=0,
    )
    .on_conflict_do_nothing(index_elements=_KEYS)
    .returning(_I.update_id)
)
_DONE_ONE = Prepared(
    update(INBOX)
    .where(_I.bot_id == bindparam("b_bot"), _I.update_id == bindparam("b_update"))
    .values(_FORGET)
    .returning(_I.update_id)
)


@dataclass(frozen=True, slots=True)
class Taken:
    """A claim that succeeded: how many times the update was claimed, its sender's stored
    language (None: no sender, or none stored), whether that sender is marked blocked, and
    whether they are asked to type something. ``user_id`` None: the sender was not a user when
    the update was stored, so nothing of them was read."""

    attempts: int
    language: str | None
    user_id: int | None = None
    blocked: bool = False
    awaiting: bool = False


@dataclass(frozen=True, slots=True)
class NewUpdate:
    update_id: int
    sender: int | None
    payload: str


class InboxStore:
    """The inbox rows of one bot (``bot_id``). Each method is one transaction."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], bot_id: int) -> None:
        bind = sessionmaker.kw.get("bind")
        if not isinstance(bind, AsyncEngine):
            raise TypeError("the inbox needs a sessionmaker bound to an engine")
        self._engine = bind
        self.bot_id = bot_id
        self._insert = _INSERT[bind.dialect.name]

    async def store(self, rows: Sequence[NewUpdate], now: datetime) -> set[int]:
        """Insert the updates not stored yet (pending); the ids that were new. A sender who is
        not a user (yet) is not linked: the link exists so /delete can erase their updates."""
        async with self._engine.begin() as conn:
            if direct(conn):
                stored: set[int] = set()
                for r in rows:
                    params = {
                        "b_bot": self.bot_id,
                        "b_update": r.update_id,
                        "b_sender": r.sender,
                        "b_payload": r.payload,
                        "b_now": now,
                    }
                    stored.update(int(u) for (u,) in await _STORE_ONE.rows(conn, params))
                return stored
            known: set[int] = set()
            senders = sorted({r.sender for r in rows if r.sender is not None})
            if senders:
                found = await conn.execute(_KNOWN_USERS, {"b_ids": senders})
                known = {int(user_id) for user_id in found.scalars()}
            values = [
                {
                    "bot_id": self.bot_id,
                    "update_id": r.update_id,
                    "user_id": r.sender if r.sender in known else None,
                    "payload": r.payload,
                    "received_at": now,
                    "state": PENDING,
                    "attempts": 0,
                }
                for r in rows
            ]
            result = await conn.execute(self._insert.returning(_I.update_id), values)
            return {int(u) for u in result.scalars()}

    async def claim(
        self,
        update_id: int,
        *,
        worker: str,
        now: datetime,
        until: datetime,
        max_attempts: int,
        finished: Sequence[int] = (),
    ) -> Taken | None:
        """Claim a pending update (or one whose lease ran out) for ``worker`` until ``until``;
        None if it is done, gone or someone else's. ``finished`` are marked done in the same
        transaction. Claimed more than ``max_attempts`` times: marked done instead."""
        async with self._engine.begin() as conn:
            if finished:
                await self._mark_done(conn, finished, now)
            row = await _CLAIM.first(
                conn,
                {
                    "b_bot": self.bot_id,
                    "b_update": update_id,
                    "b_now": now,
                    "b_worker": worker,
                    "b_until": until,
                },
            )
            if row is None:
                return None
            taken = Taken(
                attempts=int(row[0]),
                language=row[1],
                user_id=None if row[2] is None else int(row[2]),
                blocked=bool(row[3]),
                awaiting=bool(row[4]),
            )
            if taken.attempts > max_attempts:
                await self._mark_done(conn, [update_id], now)
            return taken

    async def mark_done(self, update_ids: Sequence[int], now: datetime) -> None:
        if update_ids:
            async with self._engine.begin() as conn:
                await self._mark_done(conn, update_ids, now)

    async def _mark_done(
        self, conn: AsyncConnection, update_ids: Sequence[int], now: datetime
    ) -> None:
        ids = sorted(set(update_ids))
        if direct(conn):
            marked: set[int] = set()
            for update_id in ids:
                params = {"b_bot": self.bot_id, "b_update": update_id, "b_now": now}
                marked.update(int(u) for (u,) in await _DONE_ONE.rows(conn, params))
        else:
            result = await conn.execute(_DONE, {"b_bot": self.bot_id, "b_ids": ids, "b_now": now})
            marked = {int(u) for u in result.scalars()}
        missing = set(ids) - marked
        if missing:  # erased with its user (/delete): keep the id against a redelivery
            tombstones = [
                {
                    "bot_id": self.bot_id,
                    "update_id": update_id,
                    "user_id": None,
                    "payload": None,
                    "received_at": now,
                    "state": DONE,
                    "attempts": 1,
                    "done_at": now,
                }
                for update_id in sorted(missing)
            ]
            await conn.execute(self._insert, tombstones)

    async def renew(self, update_ids: Sequence[int], *, worker: str, until: datetime) -> None:
        if update_ids:
            async with self._engine.begin() as conn:
                await conn.execute(
                    _RENEW,
                    {
                        "b_bot": self.bot_id,
                        "b_ids": sorted(set(update_ids)),
                        "b_worker": worker,
                        "b_until": until,
                    },
                )

    async def leftovers(
        self, limit: int, *, now: datetime, received_before: datetime | None
    ) -> list[tuple[int, str | None]]:
        """(update id, payload) of rows nobody works on, oldest first: pending (received before
        ``received_before``, if given) or claimed with an expired lease."""
        pending: Any = _I.state == PENDING
        if received_before is not None:
            pending = and_(pending, _I.received_at <= received_before)
        async with self._engine.connect() as conn:
            result = await conn.execute(
                select(_I.update_id, _I.payload)
                .where(
                    _I.bot_id == self.bot_id,
                    or_(pending, and_(_I.state == CLAIMED, _I.claimed_until <= now)),
                )
                .order_by(_I.update_id)
                .limit(limit)
            )
            return [(int(u), p) for u, p in result.all()]

    async def prune(self, received_before: datetime) -> int:
        """Delete tombstones received before ``received_before``; how many. In transactions
        of ``PRUNE_BATCH`` rows: a day of updates at Telegram's cap is millions of rows, and
        SQLite runs on the event loop's thread (``inline_sqlite``), so one long DELETE would
        hold up every reply meanwhile."""
        deleted = 0
        while True:
            async with self._engine.begin() as conn:
                result = await conn.execute(
                    _PRUNE, {"b_bot": self.bot_id, "b_before": received_before}
                )
                count = len(result.all())
            deleted += count
            if count < PRUNE_BATCH:
                return deleted
            await asyncio.sleep(0)  # let waiting updates run between batches
