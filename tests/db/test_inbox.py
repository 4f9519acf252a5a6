"""The update inbox on SQLite and PostgreSQL: stored once, claimed by one worker, forgotten."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from bot.db.inbox import PRUNE_BATCH
from bot.db.tables import UpdateInbox
from bot.services import Services
from bot.services.inbox import LEASE, MAX_ATTEMPTS, TOMBSTONE_TTL, InboxService
from tests.conftest import FakeClock

BOT = 7000000001


def _inbox(services: Services, worker: str = "w1") -> InboxService:
    return InboxService(services.sessionmaker, services.clock, BOT, worker)


def _message(update_id: int, user: int, text: str = "hello") -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": 1764061200,
            "chat": {"id": user, "type": "private", "first_name": "A"},
            "from": {"id": user, "is_bot": False, "first_name": "A"},
            "text": text,
        },
    }


async def _rows(services: Services) -> dict[int, Any]:
    async with services.engine.connect() as conn:
        result = await conn.execute(select(UpdateInbox.__table__))
        return {row.update_id: row for row in result.all()}


async def test_an_update_is_stored_once(services: Services) -> None:
    inbox = _inbox(services)
    assert await inbox.store([_message(1, 10), _message(2, 10)]) == [1, 2]
    assert await inbox.store([_message(2, 10), _message(3, 10)]) == [3]
    assert sorted(await _rows(services)) == [1, 2, 3]


async def test_only_known_users_are_linked_and_odd_ids_do_not_break_storing(
    services: Services,
) -> None:
    await services.users.consent(10)
    inbox = _inbox(services)
    stored = await inbox.store(
        [
            _message(1, 10),
            _message(2, 11),  # not a user (yet)
            _message(3, 10**20),  # an id no database column holds
            {"update_id": 10**20, "message": {}},  # the same: skipped
            {"no": "update_id"},
        ]
    )
    assert stored == [1, 2, 3]
    rows = await _rows(services)
    assert [rows[1].user_id, rows[2].user_id, rows[3].user_id] == [10, None, None]


async def test_one_claim_wins_among_racing_workers(services: Services) -> None:
    await _inbox(services).store([_message(1, 10)])
    workers = [_inbox(services, f"w{n}") for n in range(8)]
    won = await asyncio.gather(*(w.claim(1) for w in workers))
    assert sum(won) == 1


async def test_a_dead_workers_claim_is_retaken_after_its_lease(
    services: Services, clock: FakeClock
) -> None:
    first, second = _inbox(services, "dead"), _inbox(services, "alive")
    await first.store([_message(1, 10)])
    assert await first.claim(1)
    assert not await second.claim(1)
    assert [row.update_id for row in await second.leftovers(10)] == []
    clock.advance(LEASE)
    [left] = await second.leftovers(10)
    assert left.payload == _message(1, 10)
    assert await second.claim(1)


async def test_a_renewed_claim_is_not_retaken(services: Services, clock: FakeClock) -> None:
    first, second = _inbox(services, "slow"), _inbox(services, "other")
    await first.store([_message(1, 10)])
    assert await first.claim(1)
    clock.advance(LEASE - timedelta(seconds=1))
    await first.renew([1])
    clock.advance(timedelta(seconds=2))
    assert not await second.claim(1)


async def test_done_forgets_the_text_and_the_user_and_keeps_the_id_for_a_day(
    services: Services, clock: FakeClock
) -> None:
    await services.users.consent(10)
    inbox = _inbox(services)
    await inbox.store([_message(1, 10, "my symptoms")])
    assert await inbox.claim(1)
    await inbox.done(1)
    row = (await _rows(services))[1]
    assert (row.state, row.payload, row.user_id) == ("done", None, None)
    assert await inbox.store([_message(1, 10, "my symptoms")]) == []  # a redelivery
    assert not await inbox.claim(1)
    clock.advance(TOMBSTONE_TTL)
    assert await inbox.prune() == 1
    assert await _rows(services) == {}


async def test_prune_deletes_a_day_of_tombstones_in_batches_and_keeps_the_rest(
    services: Services, clock: FakeClock
) -> None:
    inbox = _inbox(services)
    old = list(range(1, PRUNE_BATCH * 2 + 501))
    assert await inbox.store([_message(u, 10) for u in old]) == old
    await inbox.done_many(old)
    clock.advance(TOMBSTONE_TTL)
    assert await inbox.store([_message(99_999, 10)]) == [99_999]  # not a day old yet
    assert await inbox.prune() == len(old)
    assert list(await _rows(services)) == [99_999]


async def test_done_remembers_an_update_whose_row_delete_removed(services: Services) -> None:
    await services.users.consent(10)
    inbox = _inbox(services)
    await inbox.store([_message(1, 10, "/delete")])
    assert await inbox.claim(1)
    await services.users.erase(10)  # what the handler of this update does
    assert await _rows(services) == {}
    await inbox.done(1)
    assert await inbox.store([_message(1, 10, "/delete")]) == []


async def test_an_update_that_keeps_killing_its_worker_is_dropped(
    services: Services, clock: FakeClock
) -> None:
    inbox = _inbox(services)
    await inbox.store([_message(1, 10)])
    for _ in range(MAX_ATTEMPTS):
        assert await inbox.claim(1)
        clock.advance(LEASE)  # the worker died with it
    assert not await inbox.claim(1)
    assert (await _rows(services))[1].payload is None
    assert await inbox.leftovers(10) == []


async def test_the_claim_reads_what_the_sender_is_asked_and_their_language(
    services: Services,
) -> None:
    """Read with the claim, so a command needs no transaction of its own to end a typed
    question that is not there; unknown (None) for a sender who was not a user when stored."""
    await services.users.consent(20, language="de")
    await services.users.consent(21)
    await services.users.await_timezone(21)
    inbox = _inbox(services)
    await inbox.store([_message(1, 20), _message(2, 21), _message(3, 22)])
    await services.users.consent(22)  # a user only after their update was stored
    first, second, third = [await inbox.claim_with_language(u) for u in (1, 2, 3)]
    assert (first.claimed, first.language, first.awaiting) == (True, "de", False)
    assert (second.claimed, second.awaiting) == (True, True)
    assert (third.claimed, third.awaiting) == (True, None)
