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
from datetime import timedelta
from typing import Any, cast

from bot.db.inbox import CLAIMED, DONE, PENDING, InboxStore, NewUpdate
from bot.domain import policy
from bot.services.ports import Clock

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Claim:
    """An update taken for processing, with its sender's stored language (None: none stored)."""

    claimed: bool
    language: str | None = None
    returning_user: int | None = None
    """The sender, if they are marked as having blocked the bot: an update from them means they
    are back (Telegram unblocks a bot a user writes to), so their check-ins resume."""
    awaiting: bool | None = None
    """Whether the sender is asked to type something (None: not known, the sender was not a
    user when the update was stored)."""


__all__ = ["CLAIMED", "DONE", "PENDING", "Claim", "InboxService", "Leftover", "sender_id"]

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
        sessionmaker: Any,
        clock: Clock,
        bot_id: int,
        worker_id: str,
        *,
        lease: timedelta = LEASE,
    ) -> None:
        self._rows = InboxStore(sessionmaker, bot_id)
        self._clock = clock
        self.bot_id = bot_id
        self.worker_id = worker_id
        self.lease = lease

    async def store(self, updates: Sequence[Mapping[str, Any]]) -> list[int]:
        """Store raw updates (one transaction); return the ids that were new, in order.

        Updates without a usable ``update_id`` are skipped (logged): nothing could ever match
        them to a redelivery, and Telegram never sends them.
        """
        rows: list[NewUpdate] = []
        for raw in updates:
            update_id = raw.get("update_id")
            if not valid_id(update_id):
                log.warning("inbox: an update without a usable update_id was dropped")
                continue
            rows.append(
                NewUpdate(
                    update_id=int(cast(int, update_id)),
                    sender=sender_id(raw),
                    # ASCII escapes: any text (a lone surrogate too) stores on every database.
                    payload=json.dumps(raw, ensure_ascii=True, separators=(",", ":")),
                )
            )
        if not rows:
            return []
        inserted = await self._rows.store(rows, self._clock.now())
        return [r.update_id for r in rows if r.update_id in inserted]

    async def claim(self, update_id: int) -> bool:
        """Take the update for this worker; False if it is done, gone, or someone else's."""
        return (await self.claim_with_language(update_id)).claimed

    async def claim_with_language(self, update_id: int, *, finished: Sequence[int] = ()) -> Claim:
        """``claim``, and in the same statement the sender's stored language (what every reply
        to the update is written in). ``finished``: updates whose handlers have finished, marked
        done in the same transaction (``done_many``), so a busy instance spends one transaction
        per update on the inbox, not two."""
        now = self._clock.now()
        taken = await self._rows.claim(
            update_id,
            worker=self.worker_id,
            now=now,
            until=now + self.lease,
            max_attempts=MAX_ATTEMPTS,
            finished=finished,
        )
        if taken is None:
            return Claim(claimed=False)
        if taken.attempts > MAX_ATTEMPTS:
            log.error(
                "inbox: update %s was claimed %s times without finishing; dropped",
                update_id,
                taken.attempts - 1,
            )
            return Claim(claimed=False)
        return Claim(
            claimed=True,
            language=taken.language,
            returning_user=taken.user_id if taken.blocked else None,
            awaiting=None if taken.user_id is None else taken.awaiting,
        )

    async def done(self, update_id: int) -> None:
        """Forget the update's content; remember its id (even if /delete removed the row)."""
        await self.done_many([update_id])

    async def done_many(self, update_ids: Sequence[int]) -> None:
        """``done`` for several updates, in one transaction."""
        await self._rows.mark_done(update_ids, self._clock.now())

    async def renew(self, update_ids: Iterable[int]) -> None:
        """Extend this worker's claims on updates whose handlers are still running."""
        now = self._clock.now()
        await self._rows.renew(list(update_ids), worker=self.worker_id, until=now + self.lease)

    async def leftovers(
        self, limit: int, *, older_than: timedelta | None = None
    ) -> list[Leftover]:
        """Updates nobody works on, oldest first: pending (received more than ``older_than``
        ago, if given) or claimed with an expired lease."""
        now = self._clock.now()
        rows = await self._rows.leftovers(
            limit, now=now, received_before=None if older_than is None else now - older_than
        )
        found = []
        for update_id, payload in rows:
            parsed: dict[str, Any] | None = None
            try:
                value = json.loads(payload) if payload is not None else None
                parsed = value if isinstance(value, dict) else None
            except ValueError:
                parsed = None
            found.append(Leftover(update_id, parsed))
        return found

    async def prune(self) -> int:
        """Delete tombstones older than TOMBSTONE_TTL; returns how many."""
        return await self._rows.prune(self._clock.now() - TOMBSTONE_TTL)
