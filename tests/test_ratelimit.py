"""The message budget: at most N sends in any window, replies before reminders, no bursts of
reminders, and the split between instances."""

from __future__ import annotations

import asyncio
import itertools
import time

from bot.tg.ratelimit import CATCH_UP, Priority, RateLimiter

PERIOD = 0.2  # a short window keeps the test quick; the rules do not depend on its length


async def _taken_at(
    limiter: RateLimiter, priority: Priority, log: list[tuple[str, float]]
) -> None:
    slot = await limiter.acquire(priority)
    log.append((priority.name, time.monotonic()))
    limiter.done(slot)


async def test_never_more_than_rate_in_any_window() -> None:
    limiter = RateLimiter(3, period=PERIOD)
    log: list[tuple[str, float]] = []
    await asyncio.gather(*(_taken_at(limiter, Priority.REPLY, log) for _ in range(9)))
    times = sorted(t for _, t in log)
    assert all(later - earlier >= PERIOD for earlier, later in zip(times, times[3:], strict=False))
    assert times[-1] - times[0] < 3 * PERIOD  # and it does not wait longer than it must


async def test_a_reply_goes_before_reminders_that_were_waiting() -> None:
    limiter = RateLimiter(2, period=PERIOD)
    log: list[tuple[str, float]] = []
    await _taken_at(limiter, Priority.REPLY, log)
    await _taken_at(limiter, Priority.REPLY, log)  # the window is full now
    nudge = asyncio.create_task(_taken_at(limiter, Priority.NUDGE, log))
    checkin = asyncio.create_task(_taken_at(limiter, Priority.URGENT, log))
    await asyncio.sleep(0)  # both are waiting
    reply = asyncio.create_task(_taken_at(limiter, Priority.REPLY, log))
    await asyncio.gather(nudge, checkin, reply)
    assert [name for name, _ in log[2:]] == ["REPLY", "URGENT", "NUDGE"]


async def test_reminders_are_spread_not_sent_in_a_burst() -> None:
    limiter = RateLimiter(4, period=PERIOD)
    log: list[tuple[str, float]] = []
    await asyncio.gather(*(_taken_at(limiter, Priority.NUDGE, log) for _ in range(4)))
    times = [t for _, t in log]
    spacing = PERIOD / 4 / CATCH_UP
    assert all(b - a >= spacing * 0.99 for a, b in itertools.pairwise(times))
    # so a reply that comes now waits well under the whole window (as it would behind a burst)
    started = time.monotonic()
    await _taken_at(limiter, Priority.REPLY, log)
    assert log[-1][1] - started < PERIOD / 2


def test_the_sender_takes_what_the_other_instances_reply_shares_leave() -> None:
    limiter = RateLimiter(30, reply_share=5)
    assert limiter.rate == 5  # a replier until it finds it is the sender
    limiter.as_sender(instances=3)
    assert limiter.rate == 20
    limiter.as_sender(instances=1)
    assert limiter.rate == 30
    limiter.as_replier()
    assert limiter.rate == 5
    single = RateLimiter(30)  # no split configured: one instance uses the whole budget
    single.as_sender(instances=3)
    single.as_replier()
    assert single.rate == 30
