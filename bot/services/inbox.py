"""The update inbox: no update is acknowledged to Telegram before it is stored, none runs twice.

Life of a row (table ``update_inbox``, key ``(bot_id, update_id)``)::

    store --> pending --claim--> claimed --done--> done (a tombstone: no payload, no user)
                 ^                  |
                 '----lease ran out--'     (the instance died: another claim takes it)

- ``store`` runs before the next ``getUpdates`` offset (or the webhook's 200) acknowledges the
  updates, and returns only the ids it inserted: a redelivered update (its row exists, pending,
  claimed or done) is not handed to the handlers again.
- ``claim`` is one ``UPDATE ... WHERE state = 'pending' OR lease ran out ... RETURNING``: on
  PostgreSQL the row lock makes a second claimer see the first one's claim, on SQLite
  ``BEGIN IMMEDIATE`` serialises them, so only one instance runs an update's handlers.
- ``done`` clears the raw update (its text) and the user link at once, and keeps the id for
  ``TOMBSTONE_TTL`` (Telegram keeps an unconfirmed update about as long) for redeliveries.
- ``leftovers`` lists rows nobody is working on (pending, or claimed by a dead instance):
  what a restart or a surviving instance processes.

An update that was being handled when its instance was killed is handled again once its lease
runs out (at least once): its effects may be doubled, never lost. The lease is renewed while the
handler runs, so a slow handler is not taken over by a live instance.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, and_, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import tables
from bot.domain import policy
from bot.services.ports import Clock

log = logging.getLogger(__name__)

INBOX = cast(Table, tables.UpdateInbox.__table__)


@dataclass(frozen=True, slots=True)
class Claim:
    """An update taken for processing, with its sender's stored language (None: none stored)."""

    claimed: bool
    language_known: bool = False
    language: str | None = None


_I = INBOX.c
_USER = cast(Table, tables.User.__table__).c
_LANGUAGE = (
    select(_USER.language)
    .where(_USER.id == _I.user_id)
    .correlate(INBOX)
    .scalar_subquery()
    .label("language")
)
"""The sender's stored language, read by the claim's own ``RETURNING``."""

PENDING = "pending"
CLAIMED = "claimed"
DONE = "done"

LEASE = policy.INBOX_LEASE
"""How long a claim holds without renewal (the owner renews it every LEASE / 3)."""
TOMBSTONE_TTL = policy.INBOX_TOMBSTONE_TTL
MAX_ATTEMPTS = 5
"""An update claimed this many times (its instance kept dying on it) is dropped, not retried."""
_BIGINT_MAX = 2**63 - 1
_USER_KEYS = (
    "message",
    "edited_message",
    "callback_query",
    "my_chat_member",
    "chat_member",
    "inline_query",
    "chosen_inline_result",
    "pre_checkout_query",
    "shipping_query",
    "poll_answer",
    "message_reaction",
    "chat_join_request",
)


@dataclass(frozen=True, slots=True)
class Leftover:
    update_id: int
    payload: dict[str, Any] | None
    """The raw update; None if the stored text does not parse (it is then dropped)."""


def valid_id(value: object) -> bool:
    """An id the database can hold (BIGINT) and Telegram could have sent."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= _BIGINT_MAX


def sender_id(update: Mapping[str, Any]) -> int | None:
    """The user an update comes from (raw JSON), if any and if it fits a BIGINT."""
    for key in _USER_KEYS:
        part = update.get(key)
        if isinstance(part, Mapping):
            sender = part.get("from") or part.get("user")
            if isinstance(sender, Mapping) and valid_id(sender.get("id")):
                return int(sender["id"])
    return None


class InboxService:
    """The inbox of one bot (``bot_id``: the number before the token's colon)."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        clock: Clock,
        bot_id: int,
        worker_id: str,
        *,
        lease: timedelta = LEASE,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._clock = clock
        self.bot_id = bot_id
        self.worker_id = worker_id
        self.lease = lease

    def _key(self, update_id: int) -> Any:
        return and_(_I.bot_id == self.bot_id, _I.update_id == update_id)

    async def store(self, updates: Sequence[Mapping[str, Any]]) -> list[int]:
        """Store raw updates (one transaction); return the ids that were new, in order.

        Updates without a usable ``update_id`` are skipped (logged): nothing could ever match
        them to a redelivery, and Telegram never sends them.
        """
        rows: list[dict[str, Any]] = []
        for raw in updates:
            update_id = raw.get("update_id")
            if not valid_id(update_id):
                log.warning("inbox: an update without a usable update_id was dropped")
                continue
            rows.append(
                {
                    "update_id": int(cast(int, update_id)),
                    "sender": sender_id(raw),
                    # ASCII escapes: any text (a lone surrogate too) stores on every database.
                    "payload": json.dumps(raw, ensure_ascii=True, separators=(",", ":")),
                }
            )
        if not rows:
            return []
        now = self._clock.now()
        async with self._sessionmaker() as session, session.begin():
            senders = {r["sender"] for r in rows if r["sender"] is not None}
            known: set[int] = set()
            if senders:
                found = await session.execute(
                    select(tables.User.id).where(tables.User.id.in_(senders))
                )
                known = {int(user_id) for user_id in found.scalars()}
            values = [
                {
                    "bot_id": self.bot_id,
                    "update_id": r["update_id"],
                    "user_id": r["sender"] if r["sender"] in known else None,
                    "payload": r["payload"],
                    "received_at": now,
                    "state": PENDING,
                    "attempts": 0,
                }
                for r in rows
            ]
            result = await session.execute(
                _insert_ignoring_duplicates(session, values).returning(_I.update_id)
            )
            inserted = {int(u) for u in result.scalars()}
        return [r["update_id"] for r in rows if r["update_id"] in inserted]

    async def claim(self, update_id: int) -> bool:
        """Take the update for this worker; False if it is done, gone, or someone else's."""
        return (await self.claim_with_language(update_id)).claimed

    async def claim_with_language(self, update_id: int, *, finished: Sequence[int] = ()) -> Claim:
        """``claim``, and in the same statement the sender's stored language (what every reply
        to the update is written in). ``finished``: updates whose handlers have finished, marked
        done in the same transaction (``done_many``), so a busy instance spends one transaction
        per update on the inbox, not two."""
        now = self._clock.now()
        async with self._sessionmaker() as session, session.begin():
            if finished:
                await self._mark_done(session, finished, now)
            result = await session.execute(
                update(INBOX)
                .where(
                    self._key(update_id),
                    or_(
                        _I.state == PENDING,
                        and_(_I.state == CLAIMED, _I.claimed_until <= now),
                    ),
                )
                .values(
                    state=CLAIMED,
                    claimed_by=self.worker_id,
                    claimed_until=now + self.lease,
                    attempts=_I.attempts + 1,
                )
                .returning(_I.attempts, _LANGUAGE)
            )
            row = result.first()
            if row is None:
                return Claim(claimed=False)
            attempts, found = row
            if attempts > MAX_ATTEMPTS:
                log.error(
                    "inbox: update %s was claimed %s times without finishing; dropped",
                    update_id,
                    attempts - 1,
                )
                await session.execute(_done(self._key(update_id), now))
                return Claim(claimed=False)
        return Claim(claimed=True, language_known=True, language=found)

    async def done(self, update_id: int) -> None:
        """Forget the update's content; remember its id (even if /delete removed the row)."""
        await self.done_many([update_id])

    async def done_many(self, update_ids: Sequence[int]) -> None:
        """``done`` for several updates, in one transaction."""
        if not update_ids:
            return
        now = self._clock.now()
        async with self._sessionmaker() as session, session.begin():
            await self._mark_done(session, update_ids, now)

    async def _mark_done(
        self, session: AsyncSession, update_ids: Sequence[int], now: datetime
    ) -> None:
        ids = sorted(set(update_ids))
        result = await session.execute(
            _done(and_(_I.bot_id == self.bot_id, _I.update_id.in_(ids)), now).returning(
                _I.update_id
            )
        )
        missing = set(ids) - {int(u) for u in result.scalars()}
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
            await session.execute(_insert_ignoring_duplicates(session, tombstones))

    async def renew(self, update_ids: Iterable[int]) -> None:
        """Extend this worker's claims on updates whose handlers are still running."""
        ids = list(update_ids)
        if not ids:
            return
        now = self._clock.now()
        async with self._sessionmaker() as session, session.begin():
            await session.execute(
                update(INBOX)
                .where(
                    _I.bot_id == self.bot_id,
                    _I.update_id.in_(ids),
                    _I.state == CLAIMED,
                    _I.claimed_by == self.worker_id,
                )
                .values(claimed_until=now + self.lease)
            )

    async def leftovers(
        self, limit: int, *, older_than: timedelta | None = None
    ) -> list[Leftover]:
        """Updates nobody works on, oldest first: pending (received more than ``older_than``
        ago, if given) or claimed with an expired lease."""
        now = self._clock.now()
        pending = _I.state == PENDING
        if older_than is not None:
            pending = and_(pending, _I.received_at <= now - older_than)
        async with self._sessionmaker() as session:
            result = await session.execute(
                select(_I.update_id, _I.payload)
                .where(
                    _I.bot_id == self.bot_id,
                    or_(pending, and_(_I.state == CLAIMED, _I.claimed_until <= now)),
                )
                .order_by(_I.update_id)
                .limit(limit)
            )
            rows = result.all()
        found = []
        for update_id, payload in rows:
            parsed: dict[str, Any] | None = None
            try:
                value = json.loads(payload) if payload is not None else None
                parsed = value if isinstance(value, dict) else None
            except ValueError:
                parsed = None
            found.append(Leftover(int(update_id), parsed))
        return found

    async def prune(self) -> int:
        """Delete tombstones older than TOMBSTONE_TTL; returns how many."""
        cutoff = self._clock.now() - TOMBSTONE_TTL
        async with self._sessionmaker() as session, session.begin():
            result = await session.execute(
                delete(INBOX)
                .where(_I.bot_id == self.bot_id, _I.state == DONE, _I.received_at <= cutoff)
                .returning(_I.update_id)
            )
            return len(result.all())


def _done(condition: Any, now: datetime) -> Any:
    return (
        update(INBOX)
        .where(condition)
        .values(
            state=DONE,
            payload=None,
            user_id=None,
            claimed_by=None,
            claimed_until=None,
            done_at=now,
        )
    )


def _insert_ignoring_duplicates(session: AsyncSession, values: list[dict[str, Any]]) -> Any:
    keys = [_I.bot_id, _I.update_id]
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(INBOX).values(values).on_conflict_do_nothing(index_elements=keys)
    return sqlite.insert(INBOX).values(values).on_conflict_do_nothing(index_elements=keys)
