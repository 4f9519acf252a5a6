"""The claim SQL on a real database, SQLite and PostgreSQL: dedup, due order, leases, fencing."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import reminders as claims
from bot.db.engine import create_engine
from bot.db.reminders import REMINDERS, ClaimedReminder
from bot.domain.model import ReminderKind
from tests.conftest import FakeClock
from tests.scheduling import add_episode, add_reminder, add_users, fetch, statuses

LEASE = timedelta(minutes=2)
USER = 42


@pytest.fixture
async def user(engine: AsyncEngine, clock: FakeClock) -> int:
    await add_users(engine, [USER], clock.now())
    return USER


async def _claim(
    engine: AsyncEngine, now: datetime, worker: str, limit: int = 100
) -> list[ClaimedReminder]:
    async with engine.begin() as conn:
        return await claims.claim_due(conn, now=now, worker_id=worker, lease=LEASE, limit=limit)


async def test_dedup_key_blocks_a_second_insert(
    engine: AsyncEngine, clock: FakeClock, user: int
) -> None:
    now = clock.now()
    async with engine.begin() as conn:
        first = await claims.insert_reminder(
            conn, user_id=user, kind=ReminderKind.HYDRATION, due_at=now, dedup_key="k", now=now
        )
        second = await claims.insert_reminder(
            conn,
            user_id=user,
            kind=ReminderKind.HYDRATION,
            due_at=now + timedelta(hours=1),
            dedup_key="k",
            now=now,
        )
    assert isinstance(first, int)
    assert second is None
    assert list((await statuses(engine)).values()) == ["pending"]
    row = await fetch(engine, first)
    assert row.due_at == now  # the first insert stands
    assert row.due_at.tzinfo is not None


async def test_dedup_key_holds_after_the_row_is_finished(
    engine: AsyncEngine, clock: FakeClock, user: int
) -> None:
    now = clock.now()
    rid = await add_reminder(engine, user_id=user, due_at=now, now=now, key="once")
    async with engine.begin() as conn:
        await claims.cancel_for_user(conn, user)
        again = await claims.insert_reminder(
            conn, user_id=user, kind="checkin", due_at=now, dedup_key="once", now=now
        )
    assert again is None
    assert (await statuses(engine)) == {rid: "cancelled"}


async def test_an_unknown_kind_is_refused(
    engine: AsyncEngine, clock: FakeClock, user: int
) -> None:
    async with engine.begin() as conn:
        with pytest.raises(ValueError, match="nope"):
            await claims.insert_reminder(
                conn, user_id=user, kind="nope", due_at=clock.now(), dedup_key="x", now=clock.now()
            )


async def test_claim_returns_only_due_rows_in_due_order(
    engine: AsyncEngine, clock: FakeClock, user: int
) -> None:
    now = clock.now()
    ten_min = await add_reminder(engine, user_id=user, due_at=now - timedelta(minutes=10), now=now)
    hour = await add_reminder(
        engine,
        user_id=user,
        due_at=now - timedelta(hours=1),
        now=now,
        kind=ReminderKind.HYDRATION,
        payload={"slot": 2},
    )
    exactly_now = await add_reminder(engine, user_id=user, due_at=now, now=now)
    future = await add_reminder(engine, user_id=user, due_at=now + timedelta(seconds=1), now=now)

    claimed = await _claim(engine, now, "w1")

    assert [c.id for c in claimed] == [hour, ten_min, exactly_now]
    first = claimed[0]
    assert first.kind is ReminderKind.HYDRATION
    assert first.payload == {"slot": 2}
    assert first.attempts == 1
    assert first.user_id == user
    assert first.due_at == now - timedelta(hours=1)
    assert first.due_at.tzinfo is not None
    assert first.sent_at is None
    row = await fetch(engine, hour)
    assert (row.status, row.claimed_by, row.claimed_until) == ("claimed", "w1", now + LEASE)
    assert (await fetch(engine, future)).status == "pending"
    # Claimed rows with a live lease are not due for anyone.
    assert await _claim(engine, now, "w2") == []


async def test_claim_respects_the_limit_and_skips_finished_rows(
    engine: AsyncEngine, clock: FakeClock, user: int
) -> None:
    now = clock.now()
    ids = [
        await add_reminder(engine, user_id=user, due_at=now - timedelta(minutes=m), now=now)
        for m in (5, 4, 3, 2, 1)
    ]
    async with engine.begin() as conn:
        await conn.execute(
            update(REMINDERS).where(REMINDERS.c.id == ids[0]).values(status="sent", sent_at=now)
        )
    claimed = await _claim(engine, now, "w1", limit=2)
    assert [c.id for c in claimed] == ids[1:3]
    assert await _claim(engine, now, "w1", limit=0) == []


async def test_an_abandoned_claim_is_retaken_after_the_lease(
    engine: AsyncEngine, clock: FakeClock, user: int
) -> None:
    now = clock.now()
    rid = await add_reminder(engine, user_id=user, due_at=now, now=now)
    assert [c.id for c in await _claim(engine, now, "crashed")] == [rid]

    assert await _claim(engine, now + LEASE - timedelta(seconds=1), "w2") == []
    retaken = await _claim(engine, now + LEASE, "w2")

    assert [c.id for c in retaken] == [rid]
    assert retaken[0].attempts == 2
    row = await fetch(engine, rid)
    assert (row.claimed_by, row.claimed_until) == ("w2", now + 2 * LEASE)


async def test_a_worker_whose_lease_expired_cannot_mark_the_row(
    engine: AsyncEngine, clock: FakeClock, user: int
) -> None:
    now = clock.now()
    rid = await add_reminder(engine, user_id=user, due_at=now, now=now)
    await _claim(engine, now, "slow")
    later = now + LEASE + timedelta(seconds=5)
    await _claim(engine, later, "fast")

    async with engine.begin() as conn:
        assert not await claims.mark_sent(conn, rid, worker_id="slow", now=later, message_id=1)
        assert not await claims.mark_failed(conn, rid, worker_id="slow", error="x")
        assert not await claims.reschedule(conn, rid, worker_id="slow", due_at=later)
        assert await claims.mark_sent(conn, rid, worker_id="fast", now=later, message_id=2)
    async with engine.begin() as conn:
        # Nor can it overwrite the result afterwards.
        assert not await claims.mark_dead(conn, rid, worker_id="slow", error="x")
    row = await fetch(engine, rid)
    assert (row.status, row.message_id, row.sent_at) == ("sent", 2, later)


async def test_an_expired_lease_not_yet_retaken_still_belongs_to_its_worker(
    engine: AsyncEngine, clock: FakeClock, user: int
) -> None:
    # Recording the send is better than leaving the row for a second, duplicate send.
    now = clock.now()
    rid = await add_reminder(engine, user_id=user, due_at=now, now=now)
    await _claim(engine, now, "slow")
    async with engine.begin() as conn:
        assert await claims.mark_sent(
            conn, rid, worker_id="slow", now=now + 2 * LEASE, message_id=7
        )
    assert (await fetch(engine, rid)).status == "sent"


async def test_the_attempt_number_fences_a_reclaim_by_the_same_worker(
    engine: AsyncEngine, clock: FakeClock, user: int
) -> None:
    now = clock.now()
    rid = await add_reminder(engine, user_id=user, due_at=now, now=now)
    (first,) = await _claim(engine, now, "w")
    (second,) = await _claim(engine, now + LEASE, "w")
    assert (first.attempts, second.attempts) == (1, 2)
    async with engine.begin() as conn:
        assert not await claims.mark_sent(
            conn, rid, worker_id="w", now=now, message_id=1, attempt=first.attempts
        )
        assert await claims.mark_sent(
            conn, rid, worker_id="w", now=now, message_id=1, attempt=second.attempts
        )


async def test_reschedule_release_and_terminal_marks(
    engine: AsyncEngine, clock: FakeClock, user: int
) -> None:
    now = clock.now()
    a, b, c, d, e = [
        await add_reminder(engine, user_id=user, due_at=now - timedelta(seconds=i), now=now)
        for i in range(5, 0, -1)
    ]
    await _claim(engine, now, "w")
    later = now + timedelta(minutes=5)
    async with engine.begin() as conn:
        assert await claims.reschedule(
            conn, a, worker_id="w", due_at=later, error="E" * 500, payload={"x": 1}
        )
        assert await claims.reschedule(conn, b, worker_id="w", due_at=later, count_attempt=False)
        assert await claims.release(conn, [c, 999_999], worker_id="w") == 1
        assert await claims.mark_expired(conn, d, worker_id="w", error="stale")
        assert await claims.mark_dead(conn, e, worker_id="w", error="timeout")

    row_a, row_b, row_c = [await fetch(engine, i) for i in (a, b, c)]
    assert (row_a.status, row_a.due_at, row_a.attempts, row_a.claimed_by) == (
        "pending",
        later,
        1,
        None,
    )
    assert row_a.last_error == "E" * 200
    assert row_a.payload == {"x": 1}
    assert (row_b.status, row_b.attempts, row_b.last_error) == ("pending", 0, None)
    assert (row_c.status, row_c.due_at, row_c.attempts) == (
        "pending",
        now - timedelta(seconds=3),
        0,
    )
    assert (await fetch(engine, d)).status == "expired"
    row_e = await fetch(engine, e)
    assert (row_e.status, row_e.last_error) == ("dead", "timeout")


async def test_mark_delivered_keeps_the_send_for_the_next_claim(
    engine: AsyncEngine, clock: FakeClock, user: int
) -> None:
    now = clock.now()
    rid = await add_reminder(engine, user_id=user, due_at=now, now=now)
    await _claim(engine, now, "w")
    retry = now + timedelta(seconds=30)
    async with engine.begin() as conn:
        assert await claims.mark_delivered(
            conn,
            rid,
            worker_id="w",
            now=now,
            message_id=55,
            retry_at=retry,
            error="follow-up: RuntimeError",
        )
    (again,) = await _claim(engine, retry, "w2")
    assert (again.sent_at, again.message_id, again.attempts) == (now, 55, 2)
    async with engine.begin() as conn:
        assert await claims.mark_sent(conn, rid, worker_id="w2", now=retry, message_id=None)
    row = await fetch(engine, rid)
    assert (row.status, row.sent_at, row.message_id) == ("sent", now, 55)


async def test_cancel_for_user_and_episode(
    engine: AsyncEngine, clock: FakeClock, user: int
) -> None:
    now = clock.now()
    await add_users(engine, [7], now)
    episode = await add_episode(engine, user, now)
    hyd = await add_reminder(
        engine, user_id=user, due_at=now, now=now, kind=ReminderKind.HYDRATION
    )
    chk = await add_reminder(engine, user_id=user, due_at=now, now=now, episode_id=episode)
    future_chk = await add_reminder(
        engine, user_id=user, due_at=now + timedelta(days=1), now=now, episode_id=episode
    )
    done = await add_reminder(engine, user_id=user, due_at=now, now=now, episode_id=episode)
    other = await add_reminder(engine, user_id=7, due_at=now, now=now)
    claimed = await _claim(engine, now, "w")
    assert {c.id for c in claimed} == {hyd, chk, done, other}
    async with engine.begin() as conn:
        await claims.mark_sent(conn, done, worker_id="w", now=now, message_id=1)

    async with engine.begin() as conn:
        assert await claims.cancel_for_episode(conn, episode, kinds=["hydration"]) == 0
        assert await claims.cancel_for_episode(conn, episode, kinds=["checkin"]) == 2
    async with engine.begin() as conn:
        # The claimed check-in was cancelled under its worker: its result is not recorded.
        assert not await claims.mark_sent(conn, chk, worker_id="w", now=now, message_id=2)
        assert await claims.cancel_for_user(conn, user) == 1

    assert await statuses(engine) == {
        hyd: "cancelled",
        chk: "cancelled",
        future_chk: "cancelled",
        done: "sent",
        other: "claimed",
    }


async def test_four_racing_claimers_take_disjoint_rows(
    engine: AsyncEngine, db_url: str, clock: FakeClock
) -> None:
    """Separate engines (real separate connections, also on SQLite) claim at the same time."""
    now = clock.now()
    users = list(range(1, 41))
    await add_users(engine, users, now)
    total = 200
    ids = {
        await add_reminder(
            engine, user_id=users[i % len(users)], due_at=now - timedelta(seconds=i), now=now
        )
        for i in range(total)
    }
    engines = [create_engine(db_url) for _ in range(4)]

    async def worker(index: int, eng: AsyncEngine) -> list[int]:
        taken: list[int] = []
        while True:
            async with eng.begin() as conn:
                batch = await claims.claim_due(
                    conn, now=now, worker_id=f"w{index}", lease=LEASE, limit=7
                )
                # Keep the transaction open across a yield so the claims really overlap.
                await asyncio.sleep(0)
            if not batch:
                return taken
            taken.extend(c.id for c in batch)

    try:
        results = await asyncio.gather(*(worker(i, e) for i, e in enumerate(engines)))
    finally:
        for eng in engines:
            await eng.dispose()

    every = [rid for taken in results for rid in taken]
    duplicates = [rid for rid, n in Counter(every).items() if n > 1]
    assert duplicates == []
    assert set(every) == ids
    assert sum(1 for taken in results if taken) >= 2  # the work was really shared
    assert set((await statuses(engine)).values()) == {"claimed"}


async def test_now_in_another_zone_is_the_same_instant(
    engine: AsyncEngine, clock: FakeClock, user: int
) -> None:
    now = clock.now()
    rid = await add_reminder(engine, user_id=user, due_at=now, now=now)
    local = now.astimezone(ZoneInfo("America/New_York"))
    assert [c.id for c in await _claim(engine, local, "w")] == [rid]
    row = await fetch(engine, rid)
    assert row.claimed_until == now + LEASE
    assert row.claimed_until.tzinfo == UTC


async def test_mark_sent_many_records_each_row_it_still_owns(
    engine: AsyncEngine, clock: FakeClock, user: int
) -> None:
    now = clock.now()
    first = await add_reminder(engine, user_id=user, due_at=now, now=now)
    second = await add_reminder(engine, user_id=user, due_at=now, now=now)
    taken = await add_reminder(engine, user_id=user, due_at=now, now=now)
    claimed = {c.id: c for c in await _claim(engine, now, "w1")}
    async with engine.begin() as conn:  # a failed attempt left an error on the first row
        await conn.execute(update(REMINDERS).where(REMINDERS.c.id == first).values(last_error="x"))
        # the third row's lease ran out and another worker took it
        await conn.execute(
            update(REMINDERS).where(REMINDERS.c.id == taken).values(claimed_by="w2")
        )
    later = now + timedelta(seconds=3)
    sent = [
        claims.Sent(first, claimed[first].attempts, 501, now),
        claims.Sent(second, claimed[second].attempts, 502, later),
        claims.Sent(taken, claimed[taken].attempts, 503, later),
    ]
    async with engine.begin() as conn:
        owned = await claims.mark_sent_many(conn, sent, worker_id="w1")
    assert owned == {first, second}
    one, two, other = [await fetch(engine, rid) for rid in (first, second, taken)]
    assert (one.status, one.message_id, one.sent_at, one.last_error) == ("sent", 501, now, None)
    assert (two.status, two.message_id, two.sent_at) == ("sent", 502, later)
    assert (other.status, other.claimed_by, other.message_id) == ("claimed", "w2", None)
