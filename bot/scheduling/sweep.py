"""The sweep: claim due reminders, deliver them one by one, commit each result right after.

The Telegram layer calls ``Sweeper.tick()`` from one repeating JobQueue job; tests call it
directly with a controllable clock. One tick:

1. If Telegram asked us to wait (an earlier RETRY_AFTER), do nothing until then.
2. Claim up to ``batch`` due rows in one short transaction (lease ``lease``).
3. For each row, in due order, with the time read again from the clock:

   - the message already went out in an earlier claim (``sent_at`` set, see below): finalise it
     (mark sent + ``after_sent``) without sending again;
   - claimed more than ``max_attempts`` times (its workers kept dying): dead, not sent;
   - a nudge (hydration, stretch) more than ``nudge_stale_after`` past its current due time
     (a deferral by the deliverer moves it): expired, not sent (no burst of stale nudges after
     downtime), and ``after_not_sent`` runs so the chain of nudges goes on;
   - otherwise deliver it, ``late=True`` when it is more than ``late_after`` (30 min) past its
     *first* due time. Check-ins and follow-ups are never dropped for being late (TRIAGE.md
     overrides the issue's 12-hour limit);
   - record the outcome (see ``bot.scheduling.ports`` for the table). Sent rows are recorded
     in groups of up to ``group`` (one transaction, one ``UPDATE`` for the group, then each
     row's ``after_sent``), and before any other outcome is recorded and at the end of the
     tick; every other outcome in its own transaction. A crash loses at most one group's
     records: those rows stay claimed and are sent again (at least once), at the latest when
     the next sender takes over (``take_over``) or their lease runs out.

   ``concurrency`` workers take the rows in due order (two in the bot: one row's database work
   overlaps another's send), never two rows of one user at once. If the lease runs out
   mid-batch, the rest of the batch is released, not sent.

``drain()`` runs ticks back to back for one job interval while full batches come back (at the
rate cap a batch takes ``batch / rate`` seconds). While there is a backlog, check-ins and
follow-ups are claimed before nudges.

Retry policy: TRANSIENT (and any exception raised by the deliverer, logged with its traceback)
-> pending again after ``backoff_base * 2**(attempts-1)``, capped at ``backoff_cap``; on the
``max_attempts``-th attempt it is dead instead. Rate limits and deferrals (RETRY_AFTER,
SKIPPED with ``retry_after``) do not count as attempts. When a row's due time is moved, the
time it was first due is kept in ``payload["first_due_at"]`` so lateness is measured from it.

Hooks and transactions: ``FollowUps.after_sent`` runs in the transaction that marks the row
sent, ``after_not_sent`` in the one that marks it expired/failed/dead, ``on_blocked`` in the
one that marks it failed and cancels the user's reminders. If a hook raises, that whole
transaction rolls back (the status change too), and then:

- after a send: the message did go out, so it must not be sent again. A second transaction
  records ``sent_at``/``message_id`` and puts the row back to pending after the backoff; the
  next claim only finalises it (mark sent + ``after_sent`` again). On the ``max_attempts``-th
  attempt the follow-up is abandoned: the row is marked sent without it (logged as an error).
- otherwise (not sent, blocked): the status change is committed without the hook (logged as an
  error), so a failing hook cannot keep a row circling.

If recording a result fails on the database itself, the tick stops: the row stays claimed and
is retaken when its lease runs out (delivery is at least once), and the rest of the batch is
released (best effort). A failing claim raises from ``tick()``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from bot.db.reminders import FIRST_DUE_KEY, ClaimedReminder, Sent
from bot.db.uow import UnitOfWork
from bot.domain import policy
from bot.domain import thresholds as th
from bot.domain.model import ReminderKind, ReminderStatus
from bot.scheduling.ports import Clock, Deliverer, Delivery, FollowUps, Outcome

logger = logging.getLogger(__name__)

T = TypeVar("T")
UowFactory = Callable[[], UnitOfWork]
OnBlocked = Callable[[UnitOfWork, int, datetime], Awaitable[None]]
Work = Callable[[UnitOfWork], Awaitable[bool]]

NUDGES = frozenset({ReminderKind.HYDRATION, ReminderKind.STRETCH})
URGENT_KINDS = frozenset(ReminderKind) - NUDGES  # check-ins and follow-ups
LATE_AFTER = th.CHECKIN_LATE_AFTER  # TRIAGE.md: a check-in this late says "Sorry this is late"
_MAX_EXPONENT = 20


def default_worker_id() -> str:
    """A worker id unique to this process: host, pid and a random part (fits claimed_by)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass(slots=True)
class TickReport:
    """What one tick did, counted per row.

    ``sent`` counts messages that went out in this tick (a row finalised after an earlier
    follow-up failure is not sent again and not counted); ``retried`` counts rows put back to
    pending for a later attempt (transient error, rate limit, failed follow-up).
    """

    claimed: int = 0
    sent: int = 0
    expired: int = 0
    retried: int = 0
    dead: int = 0
    blocked: int = 0
    failed: int = 0
    skipped: int = 0
    cancelled: int = 0  # claimed, then cancelled because the same user blocked the bot
    released: int = 0  # given back unsent when the tick stopped early
    lost: int = 0  # the row was no longer ours when the result was recorded
    errors: int = 0  # recording a result failed on the database
    rate_limited_until: datetime | None = None

    def merge(self, other: TickReport) -> None:
        """Add ``other``'s counts to these (the later rate limit wins)."""
        for name in self.__slots__:
            if name == "rate_limited_until":
                if other.rate_limited_until is not None:
                    self.rate_limited_until = other.rate_limited_until
            else:
                setattr(self, name, getattr(self, name) + getattr(other, name))


class _StopTick(Exception):
    """Stop processing this batch (rate limited, or the database failed)."""


class Sweeper:
    def __init__(
        self,
        uow: UowFactory,
        deliverer: Deliverer,
        *,
        clock: Clock,
        worker_id: str,
        follow_ups: FollowUps | None = None,
        on_blocked: OnBlocked | None = None,
        lease: timedelta = policy.SWEEP_LEASE,
        batch: int = 50,
        max_attempts: int = 5,
        nudge_stale_after: timedelta = th.NUDGE_STALE_AFTER,
        late_after: timedelta = LATE_AFTER,
        backoff_base: timedelta = policy.SWEEP_BACKOFF_BASE,
        backoff_cap: timedelta = policy.SWEEP_BACKOFF_CAP,
        group: int = 10,
        concurrency: int = 1,
    ) -> None:
        if min(max_attempts, batch, group, concurrency) < 1 or lease <= timedelta(0):
            raise ValueError(
                "max_attempts, batch, group and concurrency must be >= 1, lease positive"
            )
        self._uow = uow
        self._deliverer = deliverer
        self._clock = clock
        self.worker_id = worker_id
        self._follow_ups = follow_ups
        self._on_blocked = on_blocked
        self._lease = lease
        self._batch = batch
        self._max_attempts = max_attempts
        self._nudge_stale_after = nudge_stale_after
        self._late_after = late_after
        self._backoff_base = backoff_base
        self._backoff_cap = backoff_cap
        self._paused_until: datetime | None = None
        self._group = group
        self._backlog = False
        self._concurrency = concurrency
        self._unrecorded: list[tuple[ClaimedReminder, int | None, datetime]] = []

    def backoff(self, attempts: int) -> timedelta:
        """The wait after the ``attempts``-th failed attempt: base * 2**(attempts-1), capped."""
        exponent = min(max(attempts - 1, 0), _MAX_EXPONENT)
        return min(self._backoff_base * (1 << exponent), self._backoff_cap)

    @property
    def batch(self) -> int:
        return self._batch

    async def drain(
        self,
        *,
        seconds: float,
        rate: float | None = None,
        keep_going: Callable[[], bool] = lambda: True,
    ) -> TickReport:
        """Ticks back to back for up to ``seconds`` while full batches come back.

        The repeating job calls this every ``seconds``: at the rate cap a batch takes
        ``batch / rate`` seconds to send, so one tick per job run would leave the budget idle
        between runs. With ``rate`` (messages per second this sender may use), the last batch
        is sized to end about when the next run starts. Stops early when a batch was not full
        (nothing more is due), on a rate limit, or when ``keep_going()`` turns false.
        """
        total = TickReport()
        started = time.monotonic()
        while keep_going():
            left = seconds - (time.monotonic() - started)
            limit = self._batch
            if rate is not None:
                limit = min(limit, int(left * rate))
            if limit < 1:
                break
            report = await self.tick(limit=limit)
            total.merge(report)
            if report.claimed < limit or report.rate_limited_until is not None or report.errors:
                break
        return total

    async def take_over(self) -> int:
        """This sender just became the only one: other workers' claims are due now.

        Without this, rows a dead sender had claimed wait out the rest of their lease (up to
        two minutes); with it they go out in the next tick. Returns how many rows.
        """
        now = self._clock.now()
        count = await self._in_tx(
            lambda u: u.reminders.end_leases_of_others(worker_id=self.worker_id, now=now)
        )
        if count:
            logger.info(
                "sweep %s: took over %d reminders claimed by another sender", self.worker_id, count
            )
        return count

    async def tick(self, *, limit: int | None = None) -> TickReport:
        report = TickReport()
        now = self._clock.now()
        if self._paused_until is not None and now < self._paused_until:
            report.rate_limited_until = self._paused_until
            return report
        self._paused_until = None

        size = self._batch if limit is None else min(limit, self._batch)
        batch = await self._in_tx(lambda u: self._claim(u, now, size))
        self._backlog = len(batch) >= size
        report.claimed = len(batch)
        lease_end = now + self._lease
        await self._run_batch(batch, report, lease_end)
        with contextlib.suppress(_StopTick):  # logged; those rows stay claimed
            await self._record_sent(report)
        if report.claimed:
            logger.debug(
                "sweep %s: claimed %d sent %d expired %d retried %d dead %d blocked %d "
                "failed %d skipped %d released %d lost %d errors %d",
                self.worker_id,
                report.claimed,
                report.sent,
                report.expired,
                report.retried,
                report.dead,
                report.blocked,
                report.failed,
                report.skipped,
                report.released,
                report.lost,
                report.errors,
            )
        return report

    async def _run_batch(
        self, batch: Sequence[ClaimedReminder], report: TickReport, lease_end: datetime
    ) -> None:
        """Process the batch in due order with ``concurrency`` workers.

        Two workers overlap one row's database work with another row's send (the rate limiter
        spaces the sends). A user's rows are never in flight at the same time, so a 403 still
        stops that user's later rows. When a worker stops the batch (rate limit, database
        failure, lease running out), the rows nobody started are released.
        """
        blocked_users: set[int] = set()
        in_flight: dict[int, asyncio.Event] = {}
        state = {"next": 0, "stop": False}

        async def worker() -> None:
            while not state["stop"] and state["next"] < len(batch):
                if self._clock.now() >= lease_end:
                    logger.warning("sweep %s: lease ran out mid-batch", self.worker_id)
                    state["stop"] = True
                    return
                row = batch[state["next"]]
                state["next"] += 1
                while row.user_id in in_flight:
                    await in_flight[row.user_id].wait()
                if row.user_id in blocked_users:
                    report.cancelled += 1
                    continue
                done = in_flight[row.user_id] = asyncio.Event()
                try:
                    await self._process(row, report, blocked_users)
                except _StopTick:
                    state["stop"] = True
                finally:
                    del in_flight[row.user_id]
                    done.set()

        if self._concurrency == 1:
            await worker()
        else:
            await asyncio.gather(*(worker() for _ in range(self._concurrency)))
        rest = batch[int(state["next"]) :]
        if rest:
            await self._release(rest, report)

    async def _claim(self, uow: UnitOfWork, now: datetime, size: int) -> list[ClaimedReminder]:
        """Due rows in due order; while there is a backlog (the last claim was full), the
        check-ins and follow-ups first, so a safety message never queues behind nudges."""
        urgent: list[ClaimedReminder] = []
        if self._backlog:
            urgent = await uow.reminders.claim_due(
                now=now,
                worker_id=self.worker_id,
                lease=self._lease,
                limit=size,
                kinds=URGENT_KINDS,
            )
        rest = await uow.reminders.claim_due(
            now=now, worker_id=self.worker_id, lease=self._lease, limit=size - len(urgent)
        )
        return urgent + rest

    # --- one row ---------------------------------------------------------------------------

    async def _process(
        self, row: ClaimedReminder, report: TickReport, blocked_users: set[int]
    ) -> None:
        now = self._clock.now()
        if row.sent_at is not None:
            await self._finalise(row, row.message_id, report)
            return
        if row.attempts > self._max_attempts:
            logger.warning(
                "reminder %s (user %s): claimed %d times without a result, dead",
                row.id,
                row.user_id,
                row.attempts,
            )
            await self._close(row, ReminderStatus.DEAD, "too many attempts", report)
            return
        if row.kind in NUDGES and now - row.due_at > self._nudge_stale_after:
            logger.info(
                "reminder %s (user %s): stale %s nudge expired", row.id, row.user_id, row.kind
            )
            await self._close(row, ReminderStatus.EXPIRED, "stale", report)
            return

        late = now - row.first_due_at > self._late_after
        try:
            delivery = await self._deliverer.deliver(row, late=late)
        except Exception as exc:
            logger.exception(
                "reminder %s (user %s): deliverer raised, treated as transient",
                row.id,
                row.user_id,
            )
            delivery = Delivery(Outcome.TRANSIENT, error=type(exc).__name__)
        await self._handle(row, delivery, report, blocked_users)

    async def _handle(
        self,
        row: ClaimedReminder,
        delivery: Delivery,
        report: TickReport,
        blocked_users: set[int],
    ) -> None:
        now = self._clock.now()
        outcome = delivery.outcome
        if outcome is Outcome.SENT:
            report.sent += 1
            self._unrecorded.append((row, delivery.message_id, now))
            if len(self._unrecorded) >= self._group:
                await self._record_sent(report)
            return
        await self._record_sent(report)  # keep results in order: the sent ones first
        if outcome is Outcome.RETRY_AFTER:
            wait = max(delivery.retry_after or self._backoff_base, timedelta(0))
            until = now + wait
            logger.warning(
                "reminder %s (user %s): rate limited for %ss, tick stopped",
                row.id,
                row.user_id,
                wait.total_seconds(),
            )
            self._paused_until = until
            report.rate_limited_until = until
            report.retried += 1
            await self._reschedule(row, until, "retry_after", report, count_attempt=False)
            raise _StopTick
        if outcome is Outcome.BLOCKED:
            report.blocked += 1
            blocked_users.add(row.user_id)
            logger.info("reminder %s: user %s blocked the bot", row.id, row.user_id)
            await self._blocked(row, now, report)
        elif outcome is Outcome.TRANSIENT:
            error = delivery.error or "transient"
            if row.attempts >= self._max_attempts:
                logger.warning(
                    "reminder %s (user %s): attempt %d failed (%s), dead",
                    row.id,
                    row.user_id,
                    row.attempts,
                    error,
                )
                await self._close(row, ReminderStatus.DEAD, error, report)
            else:
                retry_at = now + self.backoff(row.attempts)
                logger.warning(
                    "reminder %s (user %s): attempt %d failed (%s), retry at %s",
                    row.id,
                    row.user_id,
                    row.attempts,
                    error,
                    retry_at.isoformat(),
                )
                report.retried += 1
                await self._reschedule(row, retry_at, error, report, count_attempt=True)
        elif outcome is Outcome.REJECTED:
            error = delivery.error or "rejected"
            logger.warning("reminder %s (user %s): rejected (%s)", row.id, row.user_id, error)
            await self._close(row, ReminderStatus.FAILED, error, report)
        else:  # Outcome.SKIPPED
            report.skipped += 1
            if delivery.retry_after is not None:
                due = now + max(delivery.retry_after, timedelta(0))
                logger.debug("reminder %s: deferred to %s", row.id, due.isoformat())
                await self._reschedule(row, due, None, report, count_attempt=False)
            else:
                logger.debug("reminder %s: skipped", row.id)
                await self._close(
                    row, ReminderStatus.EXPIRED, delivery.error or "skipped", report, count=False
                )

    # --- recording results -----------------------------------------------------------------

    async def _record_sent(self, report: TickReport) -> None:
        """Record the rows sent since the last call: mark sent + ``after_sent`` for each, in
        one transaction (one commit for up to ``group`` sends instead of one each).

        If that transaction fails, each row is recorded on its own (``_finalise``), so one
        failing follow-up only affects its own row.
        """
        rows, self._unrecorded = self._unrecorded, []
        if not rows:
            return
        if len(rows) == 1:
            row, message_id, sent_at = rows[0]
            await self._finalise(row, message_id, report, sent_at)
            return
        follow_ups = self._follow_ups

        async def record(uow: UnitOfWork) -> list[bool]:
            owned = await uow.reminders.mark_sent_many(
                [Sent(row.id, row.attempts, mid, at) for row, mid, at in rows],
                worker_id=self.worker_id,
            )
            if follow_ups is not None:
                for row, _, sent_at in rows:
                    if row.id in owned:
                        await follow_ups.after_sent(uow, row, sent_at)
            return [row.id in owned for row, _, _ in rows]

        try:
            oks = await self._in_tx(record)
        except Exception:
            logger.warning(
                "sweep %s: recording %d sent reminders together failed; one by one",
                self.worker_id,
                len(rows),
                exc_info=True,
            )
            for row, message_id, sent_at in rows:
                await self._finalise(row, message_id, report, sent_at)
            return
        for (row, _, _), ok in zip(rows, oks, strict=True):
            self._note_lost(row, ok, report)

    async def _finalise(
        self,
        row: ClaimedReminder,
        message_id: int | None,
        report: TickReport,
        sent_at: datetime | None = None,
    ) -> None:
        """Mark sent and run ``after_sent`` in one transaction (see the module docstring)."""
        now = self._clock.now() if sent_at is None else sent_at
        follow_ups = self._follow_ups
        attempt = row.attempts

        async def sent(uow: UnitOfWork, with_follow_ups: bool) -> bool:
            ok = await uow.reminders.mark_sent(
                row.id,
                worker_id=self.worker_id,
                now=now,
                message_id=message_id,
                attempt=attempt,
            )
            if ok and with_follow_ups and follow_ups is not None:
                await follow_ups.after_sent(uow, row, now)
            return ok

        try:
            ok = await self._in_tx(lambda u: sent(u, True))
        except Exception as exc:
            logger.exception(
                "reminder %s (user %s): mark sent + follow-ups failed (attempt %d of %d)",
                row.id,
                row.user_id,
                row.attempts,
                self._max_attempts,
            )
            error = f"follow-up: {type(exc).__name__}"
        else:
            self._note_lost(row, ok, report)
            return

        if row.attempts >= self._max_attempts:
            logger.error("reminder %s: follow-ups abandoned, marked sent without them", row.id)
            ok = await self._guarded(row, report, lambda u: sent(u, False))
        else:
            retry_at = now + self.backoff(row.attempts)
            report.retried += 1
            ok = await self._guarded(
                row,
                report,
                lambda u: u.reminders.mark_delivered(
                    row.id,
                    worker_id=self.worker_id,
                    now=now,
                    message_id=message_id,
                    retry_at=retry_at,
                    error=error,
                    attempt=attempt,
                ),
            )
        self._note_lost(row, ok, report)

    async def _close(
        self,
        row: ClaimedReminder,
        status: ReminderStatus,
        error: str,
        report: TickReport,
        *,
        count: bool = True,
    ) -> None:
        """Expired / failed / dead, with ``after_not_sent`` in the same transaction."""
        now = self._clock.now()
        follow_ups = self._follow_ups

        async def work(uow: UnitOfWork, with_follow_ups: bool) -> bool:
            ok = await uow.reminders.finish(
                row.id, status, worker_id=self.worker_id, error=error, attempt=row.attempts
            )
            if ok and with_follow_ups and follow_ups is not None:
                await follow_ups.after_not_sent(uow, row, status, now)
            return ok

        ok = await self._with_fallback(row, report, work, "after_not_sent")
        if count:
            if status is ReminderStatus.EXPIRED:
                report.expired += 1
            elif status is ReminderStatus.FAILED:
                report.failed += 1
            else:
                report.dead += 1
        self._note_lost(row, ok, report)

    async def _blocked(self, row: ClaimedReminder, now: datetime, report: TickReport) -> None:
        on_blocked = self._on_blocked

        async def work(uow: UnitOfWork, with_hook: bool) -> bool:
            ok = await uow.reminders.finish(
                row.id,
                ReminderStatus.FAILED,
                worker_id=self.worker_id,
                error="blocked",
                attempt=row.attempts,
            )
            # The user blocked the bot whether or not this row is still ours.
            await uow.reminders.cancel_for_user(row.user_id)
            if with_hook and on_blocked is not None:
                await on_blocked(uow, row.user_id, now)
            return ok

        ok = await self._with_fallback(row, report, work, "on_blocked")
        self._note_lost(row, ok, report)

    async def _reschedule(
        self,
        row: ClaimedReminder,
        due_at: datetime,
        error: str | None,
        report: TickReport,
        *,
        count_attempt: bool,
    ) -> None:
        payload = None
        if FIRST_DUE_KEY not in row.payload:
            payload = {**row.payload, FIRST_DUE_KEY: row.due_at.isoformat()}
        ok = await self._guarded(
            row,
            report,
            lambda u: u.reminders.reschedule(
                row.id,
                worker_id=self.worker_id,
                due_at=due_at,
                error=error,
                count_attempt=count_attempt,
                payload=payload,
                attempt=row.attempts,
            ),
        )
        self._note_lost(row, ok, report)

    async def _with_fallback(
        self,
        row: ClaimedReminder,
        report: TickReport,
        work: Callable[[UnitOfWork, bool], Awaitable[bool]],
        hook: str,
    ) -> bool:
        """``work`` with its hook; if that raises, ``work`` without the hook (logged)."""
        try:
            return await self._in_tx(lambda u: work(u, True))
        except Exception:
            logger.exception(
                "reminder %s (user %s): %s failed; result recorded without it",
                row.id,
                row.user_id,
                hook,
            )
        return await self._guarded(row, report, lambda u: work(u, False))

    async def _guarded(self, row: ClaimedReminder, report: TickReport, work: Work) -> bool:
        """Run ``work`` in a transaction; a database failure stops the tick."""
        try:
            return await self._in_tx(work)
        except Exception as exc:
            report.errors += 1
            logger.exception(
                "reminder %s (user %s): could not record the result; it stays claimed",
                row.id,
                row.user_id,
            )
            raise _StopTick from exc

    async def _release(self, rows: Sequence[ClaimedReminder], report: TickReport) -> None:
        if not rows:
            return
        ids = [r.id for r in rows]
        try:
            report.released += await self._in_tx(
                lambda u: u.reminders.release(ids, worker_id=self.worker_id)
            )
        except Exception:
            report.errors += 1
            logger.exception(
                "sweep %s: could not release %d rows; they return when the lease ends",
                self.worker_id,
                len(ids),
            )

    def _note_lost(self, row: ClaimedReminder, ok: bool, report: TickReport) -> None:
        if not ok:
            report.lost += 1
            logger.warning(
                "reminder %s (user %s): no longer claimed by %s (lease ran out or cancelled); "
                "result not recorded",
                row.id,
                row.user_id,
                self.worker_id,
            )

    async def _in_tx(self, work: Callable[[UnitOfWork], Awaitable[T]]) -> T:
        """``work`` in its own unit of work: committed if it returns, rolled back if it raises."""
        async with self._uow() as uow:
            return await work(uow)
