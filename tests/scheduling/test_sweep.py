"""The sweep on a real database (SQLite and PostgreSQL), driven by a controllable clock."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import reminders as claims
from bot.db import tables
from bot.db.engine import create_engine, create_sessionmaker
from bot.db.reminders import REMINDERS, ClaimedReminder
from bot.db.uow import UnitOfWork, units_of_work
from bot.domain.model import ReminderKind, ReminderStatus
from bot.scheduling.ports import Delivery, Outcome
from bot.scheduling.sweep import Sweeper
from tests.conftest import FakeClock
from tests.scheduling import (
    RecordingDeliverer,
    RecordingFollowUps,
    add_reminder,
    add_users,
    fetch,
    keys,
    statuses,
)

USER = 42
OTHER = 43
LEASE = timedelta(minutes=2)


@pytest.fixture
async def users(engine: AsyncEngine, clock: FakeClock) -> None:
    await add_users(engine, [USER, OTHER], clock.now())


def make_sweeper(
    engine: AsyncEngine,
    deliverer: RecordingDeliverer,
    clock: FakeClock,
    **kwargs: Any,
) -> Sweeper:
    kwargs.setdefault("worker_id", "w1")
    return Sweeper(
        units_of_work(create_sessionmaker(engine)), deliverer, clock=clock, lease=LEASE, **kwargs
    )


async def test_due_rows_are_sent_and_recorded(
    engine: AsyncEngine, clock: FakeClock, users: None
) -> None:
    now = clock.now()
    first = await add_reminder(engine, user_id=USER, due_at=now - timedelta(minutes=1), now=now)
    second = await add_reminder(engine, user_id=OTHER, due_at=now, now=now)
    future = await add_reminder(engine, user_id=USER, due_at=now + timedelta(minutes=1), now=now)
    deliverer = RecordingDeliverer()

    report = await make_sweeper(engine, deliverer, clock).tick()

    assert deliverer.calls == [(first, False), (second, False)]
    assert (report.claimed, report.sent) == (2, 2)
    row = await fetch(engine, first)
    assert (row.status, row.sent_at, row.message_id, row.attempts) == ("sent", now, 1000, 1)
    assert (await fetch(engine, future)).status == "pending"
    again = await make_sweeper(engine, deliverer, clock).tick()
    assert again.claimed == 0


async def test_stale_nudges_expire_and_late_checkins_are_still_sent(
    engine: AsyncEngine, clock: FakeClock, users: None
) -> None:
    now = clock.now()

    async def add(kind: ReminderKind, overdue: timedelta) -> int:
        return await add_reminder(engine, user_id=USER, due_at=now - overdue, now=now, kind=kind)

    stale_hydration = await add(ReminderKind.HYDRATION, timedelta(hours=3))
    stale_stretch = await add(ReminderKind.STRETCH, timedelta(minutes=31))
    fresh_hydration = await add(ReminderKind.HYDRATION, timedelta(minutes=29))
    late_checkin = await add(ReminderKind.CHECKIN, timedelta(hours=3))
    very_late_follow_up = await add(ReminderKind.FOLLOW_UP, timedelta(hours=13))
    recent_checkin = await add(ReminderKind.CHECKIN, timedelta(minutes=20))
    deliverer = RecordingDeliverer()
    follow_ups = RecordingFollowUps()

    report = await make_sweeper(engine, deliverer, clock, follow_ups=follow_ups).tick()

    assert sorted(deliverer.calls) == sorted(
        [
            (very_late_follow_up, True),
            (late_checkin, True),
            (fresh_hydration, False),
            (recent_checkin, False),
        ]
    )
    assert (report.expired, report.sent) == (2, 4)
    state = await statuses(engine)
    assert state[stale_hydration] == state[stale_stretch] == "expired"
    assert (await fetch(engine, stale_hydration)).last_error == "stale"
    # The chain of a recurring nudge goes on after an expiry.
    assert sorted(follow_ups.not_sent) == sorted(
        [(stale_hydration, ReminderStatus.EXPIRED), (stale_stretch, ReminderStatus.EXPIRED)]
    )


async def test_retry_after_stops_the_tick_and_reschedules(
    engine: AsyncEngine, clock: FakeClock, users: None
) -> None:
    now = clock.now()
    ids = [
        await add_reminder(engine, user_id=USER, due_at=now - timedelta(seconds=3 - i), now=now)
        for i in range(3)
    ]
    wait = timedelta(seconds=17)

    def script(reminder: ClaimedReminder, late: bool) -> Delivery:
        if reminder.id == ids[0] and len(deliverer.calls) == 1:
            return Delivery(Outcome.RETRY_AFTER, retry_after=wait)
        return Delivery(Outcome.SENT, message_id=deliverer.next_message_id())

    deliverer = RecordingDeliverer(script)
    sweeper = make_sweeper(engine, deliverer, clock)

    report = await sweeper.tick()

    assert deliverer.ids == [ids[0]]
    assert (report.claimed, report.retried, report.released) == (3, 1, 2)
    assert report.rate_limited_until == now + wait
    first = await fetch(engine, ids[0])
    assert (first.status, first.due_at, first.attempts) == ("pending", now + wait, 0)
    assert first.payload["first_due_at"] == (now - timedelta(seconds=3)).isoformat()
    for rid in ids[1:]:
        row = await fetch(engine, rid)
        assert (row.status, row.attempts, row.claimed_by) == ("pending", 0, None)

    clock.advance(wait - timedelta(seconds=1))
    paused = await sweeper.tick()
    assert (paused.claimed, paused.rate_limited_until) == (0, now + wait)
    assert deliverer.ids == [ids[0]]

    clock.advance(timedelta(seconds=1))
    resumed = await sweeper.tick()
    assert resumed.sent == 3
    assert sorted(deliverer.ids[1:]) == sorted(ids)
    assert set((await statuses(engine)).values()) == {"sent"}


async def test_blocked_cancels_the_users_reminders_and_calls_the_hook(
    engine: AsyncEngine, clock: FakeClock, users: None
) -> None:
    now = clock.now()
    first = await add_reminder(engine, user_id=USER, due_at=now - timedelta(seconds=2), now=now)
    other_user = await add_reminder(
        engine, user_id=OTHER, due_at=now - timedelta(seconds=1), now=now
    )
    same_batch = await add_reminder(engine, user_id=USER, due_at=now, now=now)
    future = await add_reminder(
        engine, user_id=USER, due_at=now + timedelta(days=1), now=now, kind=ReminderKind.HYDRATION
    )
    hook_calls: list[tuple[int, datetime]] = []

    async def on_blocked(uow: UnitOfWork, user_id: int, when: datetime) -> None:
        hook_calls.append((user_id, when))
        await uow.session.execute(
            update(tables.User).where(tables.User.id == user_id).values(blocked_at=when)
        )

    def script(reminder: ClaimedReminder, late: bool) -> Delivery:
        if reminder.user_id == USER:
            return Delivery(Outcome.BLOCKED, error="Forbidden")
        return Delivery(Outcome.SENT, message_id=1)

    deliverer = RecordingDeliverer(script)
    follow_ups = RecordingFollowUps()
    report = await make_sweeper(
        engine, deliverer, clock, on_blocked=on_blocked, follow_ups=follow_ups
    ).tick()

    assert deliverer.ids == [first, other_user]  # same_batch was not sent
    assert (report.blocked, report.sent, report.cancelled) == (1, 1, 1)
    state = await statuses(engine)
    assert {rid: state[rid] for rid in (first, other_user, same_batch, future)} == {
        first: "failed",
        other_user: "sent",
        same_batch: "cancelled",
        future: "cancelled",
    }
    assert len(state) == 5  # the other user's sent row got its next occurrence
    assert (await fetch(engine, first)).last_error == "blocked"
    assert hook_calls == [(USER, now)]
    assert follow_ups.not_sent == []
    async with engine.connect() as conn:
        blocked_at = await conn.scalar(
            select(tables.User.blocked_at).where(tables.User.id == USER)
        )
    assert blocked_at == now


async def test_a_failing_on_blocked_hook_still_stops_the_reminders(
    engine: AsyncEngine, clock: FakeClock, users: None
) -> None:
    now = clock.now()
    first = await add_reminder(engine, user_id=USER, due_at=now, now=now)
    future = await add_reminder(engine, user_id=USER, due_at=now + timedelta(days=1), now=now)

    async def on_blocked(uow: UnitOfWork, user_id: int, when: datetime) -> None:
        raise RuntimeError("hook bug")

    deliverer = RecordingDeliverer(lambda r, late: Delivery(Outcome.BLOCKED))
    await make_sweeper(engine, deliverer, clock, on_blocked=on_blocked).tick()
    assert await statuses(engine) == {first: "failed", future: "cancelled"}


async def test_transient_errors_back_off_then_the_row_is_dead(
    engine: AsyncEngine, clock: FakeClock, users: None
) -> None:
    now = clock.now()
    rid = await add_reminder(engine, user_id=USER, due_at=now, now=now)
    deliverer = RecordingDeliverer(
        lambda r, late: Delivery(Outcome.TRANSIENT, error="NetworkError")
    )
    follow_ups = RecordingFollowUps()
    sweeper = make_sweeper(engine, deliverer, clock, max_attempts=3, follow_ups=follow_ups)

    assert (await sweeper.tick()).retried == 1
    row = await fetch(engine, rid)
    assert (row.status, row.attempts, row.due_at, row.last_error) == (
        "pending",
        1,
        now + timedelta(seconds=30),
        "NetworkError",
    )

    clock.advance(timedelta(seconds=29))
    assert (await sweeper.tick()).claimed == 0
    clock.advance(timedelta(seconds=1))
    assert (await sweeper.tick()).retried == 1
    row = await fetch(engine, rid)
    assert (row.attempts, row.due_at) == (2, clock.now() + timedelta(seconds=60))

    clock.advance(timedelta(seconds=60))
    report = await sweeper.tick()
    assert (report.dead, report.retried) == (1, 0)
    row = await fetch(engine, rid)
    assert (row.status, row.attempts, row.last_error) == ("dead", 3, "NetworkError")
    assert deliverer.ids == [rid, rid, rid]
    assert follow_ups.not_sent == [(rid, ReminderStatus.DEAD)]


def test_backoff_doubles_and_is_capped(clock: FakeClock) -> None:
    sweeper = Sweeper(
        None,  # type: ignore[arg-type]
        RecordingDeliverer(),
        clock=clock,
        worker_id="w",
        backoff_cap=timedelta(minutes=5),
    )
    assert [sweeper.backoff(n).total_seconds() for n in (1, 2, 3, 4, 5, 6, 100)] == [
        30,
        60,
        120,
        240,
        300,
        300,
        300,
    ]


async def test_a_deliverer_exception_does_not_kill_the_tick(
    engine: AsyncEngine, clock: FakeClock, users: None, caplog: pytest.LogCaptureFixture
) -> None:
    now = clock.now()
    broken = await add_reminder(engine, user_id=USER, due_at=now - timedelta(seconds=1), now=now)
    fine = await add_reminder(engine, user_id=OTHER, due_at=now, now=now)

    def script(reminder: ClaimedReminder, late: bool) -> Delivery:
        if reminder.id == broken:
            raise RuntimeError("secret message text")
        return Delivery(Outcome.SENT, message_id=9)

    deliverer = RecordingDeliverer(script)
    with caplog.at_level(logging.WARNING, logger="bot.scheduling"):
        report = await make_sweeper(engine, deliverer, clock).tick()

    assert deliverer.ids == [broken, fine]
    assert (report.sent, report.retried) == (1, 1)
    row = await fetch(engine, broken)
    assert (row.status, row.last_error) == ("pending", "RuntimeError")
    assert (await fetch(engine, fine)).status == "sent"
    raised = [r for r in caplog.records if r.exc_info]
    assert raised
    assert all("secret" not in r.getMessage() for r in caplog.records)


async def test_rejected_is_failed(engine: AsyncEngine, clock: FakeClock, users: None) -> None:
    now = clock.now()
    rid = await add_reminder(engine, user_id=USER, due_at=now, now=now)
    deliverer = RecordingDeliverer(
        lambda r, late: Delivery(Outcome.REJECTED, error="BadRequest: chat not found")
    )
    follow_ups = RecordingFollowUps()
    report = await make_sweeper(engine, deliverer, clock, follow_ups=follow_ups).tick()
    assert report.failed == 1
    row = await fetch(engine, rid)
    assert (row.status, row.last_error) == ("failed", "BadRequest: chat not found")
    assert follow_ups.not_sent == [(rid, ReminderStatus.FAILED)]


async def test_skipped_with_a_time_is_deferred_and_stays_late(
    engine: AsyncEngine, clock: FakeClock, users: None
) -> None:
    """A late check-in outside waking hours goes out at the next waking moment, still late."""
    now = clock.now()
    first_due = now - timedelta(hours=2)
    rid = await add_reminder(engine, user_id=USER, due_at=first_due, now=now)
    night = timedelta(hours=8)

    def script(reminder: ClaimedReminder, late: bool) -> Delivery:
        if len(deliverer.calls) == 1:
            return Delivery(Outcome.SKIPPED, retry_after=night)
        return Delivery(Outcome.SENT, message_id=5)

    deliverer = RecordingDeliverer(script)
    sweeper = make_sweeper(engine, deliverer, clock)

    assert (await sweeper.tick()).skipped == 1
    row = await fetch(engine, rid)
    assert (row.status, row.due_at, row.attempts) == ("pending", now + night, 0)

    clock.advance(night)
    assert (await sweeper.tick()).sent == 1
    assert deliverer.calls == [(rid, True), (rid, True)]


async def test_skipped_for_good_expires_and_continues_the_chain(
    engine: AsyncEngine, clock: FakeClock, users: None
) -> None:
    now = clock.now()
    rid = await add_reminder(
        engine, user_id=USER, due_at=now, now=now, kind=ReminderKind.HYDRATION
    )
    deliverer = RecordingDeliverer(lambda r, late: Delivery(Outcome.SKIPPED))
    follow_ups = RecordingFollowUps()
    report = await make_sweeper(engine, deliverer, clock, follow_ups=follow_ups).tick()
    assert (report.skipped, report.expired) == (1, 0)
    row = await fetch(engine, rid)
    assert (row.status, row.last_error) == ("expired", "skipped")
    assert follow_ups.not_sent == [(rid, ReminderStatus.EXPIRED)]


async def test_after_sent_inserts_the_next_row_in_the_same_transaction(
    engine: AsyncEngine, clock: FakeClock, users: None
) -> None:
    now = clock.now()
    rid = await add_reminder(engine, user_id=USER, due_at=now, now=now, key="hyd:42:1")
    follow_ups = RecordingFollowUps()
    await make_sweeper(engine, RecordingDeliverer(), clock, follow_ups=follow_ups).tick()
    assert (await fetch(engine, rid)).status == "sent"
    assert await keys(engine) == {"hyd:42:1", "hyd:42:1:next"}
    assert follow_ups.sent == [rid]


async def test_a_failing_after_sent_rolls_back_the_sent_mark_but_never_resends(
    engine: AsyncEngine, clock: FakeClock, users: None
) -> None:
    now = clock.now()
    rid = await add_reminder(engine, user_id=USER, due_at=now, now=now, key="chk:1:1")
    follow_ups = RecordingFollowUps(fail_sent=True)
    deliverer = RecordingDeliverer()
    sweeper = make_sweeper(engine, deliverer, clock, follow_ups=follow_ups)

    report = await sweeper.tick()

    # The hook inserted the next row, then raised: neither it nor the sent mark was committed.
    assert (report.sent, report.retried) == (1, 1)
    assert await keys(engine) == {"chk:1:1"}
    row = await fetch(engine, rid)
    assert (row.status, row.sent_at, row.message_id) == ("pending", now, 1000)
    assert row.due_at == now + timedelta(seconds=30)
    assert row.last_error == "follow-up: RuntimeError"

    # Once the hook works, the next claim finalises the row without sending it again.
    follow_ups.fail_sent = False
    sent_at = now
    clock.advance(timedelta(seconds=30))
    again = await sweeper.tick()
    assert (again.claimed, again.sent) == (1, 0)
    assert deliverer.ids == [rid]
    row = await fetch(engine, rid)
    assert (row.status, row.sent_at, row.message_id) == ("sent", sent_at, 1000)
    assert await keys(engine) == {"chk:1:1", "chk:1:1:next"}


async def test_a_hook_that_keeps_failing_is_abandoned_after_max_attempts(
    engine: AsyncEngine, clock: FakeClock, users: None
) -> None:
    now = clock.now()
    rid = await add_reminder(engine, user_id=USER, due_at=now, now=now, key="k")
    deliverer = RecordingDeliverer()
    sweeper = make_sweeper(
        engine, deliverer, clock, follow_ups=RecordingFollowUps(fail_sent=True), max_attempts=2
    )
    await sweeper.tick()
    clock.advance(timedelta(minutes=1))
    await sweeper.tick()
    row = await fetch(engine, rid)
    assert (row.status, row.attempts) == ("sent", 2)
    assert deliverer.ids == [rid]
    assert await keys(engine) == {"k"}


async def test_a_crashed_workers_claim_is_sent_after_its_lease(
    engine: AsyncEngine, clock: FakeClock, users: None
) -> None:
    now = clock.now()
    rid = await add_reminder(engine, user_id=USER, due_at=now, now=now)
    async with engine.begin() as conn:
        await claims.claim_due(conn, now=now, worker_id="crashed", lease=LEASE, limit=10)
    deliverer = RecordingDeliverer()
    sweeper = make_sweeper(engine, deliverer, clock)

    assert (await sweeper.tick()).claimed == 0
    clock.advance(LEASE)
    assert (await sweeper.tick()).sent == 1
    row = await fetch(engine, rid)
    assert (row.status, row.claimed_by, row.attempts) == ("sent", "w1", 2)


async def test_a_row_claimed_too_often_is_dead_without_sending(
    engine: AsyncEngine, clock: FakeClock, users: None
) -> None:
    now = clock.now()
    rid = await add_reminder(engine, user_id=USER, due_at=now, now=now)
    async with engine.begin() as conn:
        await conn.execute(update(REMINDERS).where(REMINDERS.c.id == rid).values(attempts=5))
    deliverer = RecordingDeliverer()
    report = await make_sweeper(engine, deliverer, clock, max_attempts=5).tick()
    assert report.dead == 1
    assert deliverer.calls == []
    assert (await fetch(engine, rid)).status == "dead"


async def test_when_the_lease_runs_out_mid_batch_the_rest_is_released(
    engine: AsyncEngine, clock: FakeClock, users: None
) -> None:
    now = clock.now()
    ids = [
        await add_reminder(engine, user_id=USER, due_at=now - timedelta(seconds=3 - i), now=now)
        for i in range(3)
    ]

    def slow(reminder: ClaimedReminder, late: bool) -> Delivery:
        clock.advance(LEASE)
        return Delivery(Outcome.SENT, message_id=1)

    deliverer = RecordingDeliverer(slow)
    report = await make_sweeper(engine, deliverer, clock).tick()
    assert deliverer.ids == [ids[0]]
    assert (report.sent, report.released) == (1, 2)
    assert await statuses(engine) == {ids[0]: "sent", ids[1]: "pending", ids[2]: "pending"}


async def test_a_row_cancelled_during_its_send_is_not_recorded(
    engine: AsyncEngine, clock: FakeClock, users: None
) -> None:
    now = clock.now()
    rid = await add_reminder(engine, user_id=USER, due_at=now, now=now)

    async def cancel_meanwhile(reminder: ClaimedReminder, late: bool) -> Delivery:
        async with engine.begin() as conn:
            await claims.cancel_for_user(conn, USER)
        return Delivery(Outcome.SENT, message_id=3)

    follow_ups = RecordingFollowUps()
    report = await make_sweeper(
        engine, RecordingDeliverer(cancel_meanwhile), clock, follow_ups=follow_ups
    ).tick()
    assert report.lost == 1
    assert follow_ups.sent == []
    assert (await statuses(engine)) == {rid: "cancelled"}


async def test_four_concurrent_sweepers_send_each_row_once(
    engine: AsyncEngine, db_url: str, clock: FakeClock
) -> None:
    now = clock.now()
    user_ids = list(range(1, 31))
    await add_users(engine, user_ids, now)
    total = 120
    ids = {
        await add_reminder(
            engine,
            user_id=user_ids[i % len(user_ids)],
            due_at=now - timedelta(seconds=i),
            now=now,
        )
        for i in range(total)
    }
    engines = [create_engine(db_url) for _ in range(4)]
    sent: list[tuple[str, int]] = []

    def deliverer_for(worker: str) -> RecordingDeliverer:
        async def record(reminder: ClaimedReminder, late: bool) -> Delivery:
            sent.append((worker, reminder.id))
            await asyncio.sleep(0)  # let the other sweepers run in between
            return Delivery(Outcome.SENT, message_id=reminder.id)

        return RecordingDeliverer(record)

    sweepers = [
        Sweeper(
            units_of_work(create_sessionmaker(eng)),
            deliverer_for(f"w{i}"),
            clock=clock,
            worker_id=f"w{i}",
            batch=5,
            follow_ups=RecordingFollowUps(),
        )
        for i, eng in enumerate(engines)
    ]

    async def run(sweeper: Sweeper) -> None:
        while (await sweeper.tick()).claimed:
            pass

    try:
        await asyncio.gather(*(run(s) for s in sweepers))
    finally:
        for eng in engines:
            await eng.dispose()

    counts = Counter(rid for _, rid in sent)
    assert [rid for rid, n in counts.items() if n > 1] == []
    assert set(counts) == ids
    assert len({worker for worker, _ in sent}) >= 2
    state = await statuses(engine)
    assert {state[rid] for rid in ids} == {"sent"}
    assert len(state) == 2 * total  # each send inserted its next occurrence, once


async def test_a_new_sender_takes_over_a_dead_senders_claims_at_once(
    engine: AsyncEngine, clock: FakeClock, users: None
) -> None:
    now = clock.now()
    rid = await add_reminder(engine, user_id=USER, due_at=now, now=now)
    mine = await add_reminder(engine, user_id=OTHER, due_at=now, now=now)
    async with engine.begin() as conn:
        await claims.claim_due(conn, now=now, worker_id="dead", lease=LEASE, limit=1)
    deliverer = RecordingDeliverer()
    sweeper = make_sweeper(engine, deliverer, clock)
    assert (await sweeper.tick()).sent == 1  # its own row; the dead sender's waits

    clock.advance(timedelta(seconds=5))  # the next tick, long before the lease ends
    assert await sweeper.take_over() == 1
    assert (await sweeper.tick()).sent == 1
    assert deliverer.ids == [mine, rid]
    row = await fetch(engine, rid)
    assert (row.status, row.claimed_by, row.attempts) == ("sent", "w1", 2)
    assert await sweeper.take_over() == 0  # its own claims are never cut short


async def test_two_workers_never_send_one_users_rows_at_once(
    engine: AsyncEngine, clock: FakeClock, users: None
) -> None:
    now = clock.now()
    first = await add_reminder(engine, user_id=USER, due_at=now, now=now)
    await add_reminder(engine, user_id=USER, due_at=now, now=now)
    other = await add_reminder(engine, user_id=OTHER, due_at=now, now=now)

    async def blocked_after_a_while() -> Delivery:
        for _ in range(10):  # in flight long enough for the other worker to look for work
            await asyncio.sleep(0)
        return Delivery(Outcome.BLOCKED, error="Forbidden")

    def script(reminder: ClaimedReminder, late: bool) -> Any:
        return blocked_after_a_while() if reminder.id == first else Delivery(Outcome.SENT)

    deliverer = RecordingDeliverer(script)
    report = await make_sweeper(engine, deliverer, clock, concurrency=2).tick()
    # The user's second row waited for the first, saw the 403, and was not sent.
    assert deliverer.ids == [first, other]
    assert (report.blocked, report.sent, report.cancelled) == (1, 1, 1)


async def test_behind_a_backlog_of_nudges_checkins_go_first(
    engine: AsyncEngine, clock: FakeClock, users: None
) -> None:
    now = clock.now()
    nudges = [
        await add_reminder(
            engine,
            user_id=USER,
            due_at=now - timedelta(minutes=9 - i),
            now=now,
            kind=ReminderKind.HYDRATION,
        )
        for i in range(4)
    ]
    checkin = await add_reminder(engine, user_id=OTHER, due_at=now, now=now)
    deliverer = RecordingDeliverer()
    sweeper = make_sweeper(engine, deliverer, clock, batch=2)
    await sweeper.tick()  # a full batch: there is a backlog
    await sweeper.tick()
    # The check-in, due last, overtook the nudges still waiting.
    assert deliverer.ids == [nudges[0], nudges[1], checkin, nudges[2]]
