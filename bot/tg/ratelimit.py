"""One message budget per bot token, with priorities: replies first, then check-ins, then nudges.

Telegram allows about 30 messages a second per bot overall (``TELEGRAM_RATE_LIMIT``). Every
request that sends or edits a message takes one slot of that budget; at most ``rate`` slots are
taken in any window of ``period`` seconds (a sliding log of the last ``rate`` send times, plus a
small margin). A slot is dated when its request *completes* (capped at ``IN_FLIGHT_CAP`` after
it started), not when it starts: Telegram counts a request when it arrives, which is somewhere
in between, so a request that was slow to leave cannot land in the same window as the request
``rate`` places after it. A limiter that is busy all the time therefore never provokes a 429
from a server that counts the same way.

Who goes first (``rate_limit_args`` of each Bot call is a ``Priority``; none means a reply):

- ``REPLY``: an answer to the user's own action. Always served before any waiting reminder; a
  429 is retried after Telegram's wait, up to ``max_retries`` times (as PTB's AIORateLimiter).
- ``URGENT`` (emergency follow-ups, check-ins) before ``NUDGE`` (hydration, stretch). Reminder
  sends are never retried here: the sweep gets the ``RetryAfter`` and reschedules the row.
  They are also spread out (at least ``period / rate / CATCH_UP`` apart), so the window is
  never filled by one burst of reminders and a reply finds a free slot within one spacing.

A 429 from Telegram pauses the whole budget until its ``retry_after``.

Why not a library: ``aiolimiter`` (under PTB's ``AIORateLimiter``) is a leaky bucket that lets
``rate`` requests out at once and another ``rate`` during the next second, so a busy sender
meets a 429 from a sliding-window counter, and neither has priorities. This class keeps PTB's
``BaseRateLimiter`` interface, so ``ApplicationBuilder().rate_limiter(...)`` takes it as before.

Several instances on PostgreSQL: the budget is split, not shared live. Each instance that does
not send reminders caps its replies at ``reply_share`` per second; the sender instance takes
the rest (``set_rate``), see ``bot.db.leader``.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import time
from collections import deque
from collections.abc import Callable, Coroutine
from datetime import timedelta
from enum import IntEnum
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)
JSONResult = bool | dict[str, Any] | list[dict[str, Any]]

#: Bot API methods that count against the message budget (sends and edits).
COUNTED = frozenset(
    {
        "sendMessage",
        "editMessageText",
        "editMessageCaption",
        "editMessageReplyMarkup",
        "sendPhoto",
        "sendDocument",
        "sendVoice",
        "sendMediaGroup",
        "sendLocation",
        "sendSticker",
        "copyMessage",
        "forwardMessage",
    }
)
#: Added to the window, for the clocks' and the network's jitter.
MARGIN = 0.005
#: How much faster than the average pace reminders may go for a moment, after a stall.
CATCH_UP = 1.25
#: A send still in flight this long after it started is taken to have arrived by then (a
#: process descheduled for half a second delayed requests that long in the dispatch bench).
IN_FLIGHT_CAP = 2.0


class Priority(IntEnum):
    REPLY = 0
    URGENT = 1  # emergency follow-ups, check-ins
    NUDGE = 2  # hydration, stretch


#: Kept for callers of the old interface: a reminder send, never retried here.
NO_RETRY = Priority.NUDGE


class _Slot:
    """One taken slot: the latest time its request can have reached Telegram."""

    __slots__ = ("at",)

    def __init__(self, at: float) -> None:
        self.at = at


def _seconds(wait: float | timedelta) -> float:
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


class RateLimiter(BaseRateLimiter[int]):
    def __init__(
        self,
        rate: float = 30,
        *,
        period: float = 1.0,
        max_retries: int = 2,
        reply_share: float = 0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._period = period
        self._max_retries = max_retries
        self._clock = clock
        self._sent: deque[_Slot] = deque()
        self._waiting: list[tuple[int, int, asyncio.Future[_Slot]]] = []
        self._order = itertools.count()
        self._timer: asyncio.TimerHandle | None = None
        self._paused_until = 0.0
        self._last_reminder = -1e9
        self.total = rate
        self.reply_share = reply_share
        self.rate = 0
        self.set_rate(reply_share or rate)  # a replier until the sweep finds it is the sender
        self.waited: dict[Priority, float] = dict.fromkeys(Priority, 0.0)
        """Seconds spent waiting for a slot, per priority (for the benchmarks)."""
        self.taken: dict[Priority, int] = dict.fromkeys(Priority, 0)

    def as_sender(self, instances: int) -> None:
        """This instance sends the reminders: it takes the budget the other instances' reply
        shares leave (all of it with one instance, or with no split configured)."""
        if self.reply_share:
            others = self.reply_share * max(0, instances - 1)
            self.set_rate(max(self.reply_share, self.total - others))

    def as_replier(self) -> None:
        """Another instance sends the reminders: this one only replies, within its share."""
        if self.reply_share:
            self.set_rate(self.reply_share)

    def set_rate(self, rate: float) -> None:
        """Messages per ``period`` from now on (at least 1)."""
        self.rate = max(1, int(rate))
        # Reminders may go a quarter faster than the average pace (to catch up after a stall),
        # never as a burst that fills the window at once and makes a reply wait for it.
        self._spacing = (self._period + MARGIN) / self.rate / CATCH_UP

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        for _, _, future in self._waiting:
            if not future.done():
                future.cancel()
        self._waiting.clear()

    # --- slots ----------------------------------------------------------------------------

    def _free_at(self, priority: int) -> float:
        """The earliest time a request of ``priority`` may take a slot."""
        at = self._paused_until
        if len(self._sent) >= self.rate:
            at = max(at, self._sent[-self.rate].at + self._period + MARGIN)
        if priority != Priority.REPLY:
            at = max(at, self._last_reminder + self._spacing)
        return at

    def _take(self, priority: int, now: float) -> _Slot:
        slot = _Slot(now + IN_FLIGHT_CAP)
        self._sent.append(slot)
        while len(self._sent) > self.rate:
            self._sent.popleft()
        if priority != Priority.REPLY:
            self._last_reminder = now
        self.taken[Priority(priority)] += 1
        return slot

    def done(self, slot: _Slot) -> None:
        """The request that took ``slot`` completed: date the slot now (if sooner)."""
        now = self._clock()
        if now < slot.at:
            slot.at = now
            if self._waiting:
                self._schedule()

    async def acquire(self, priority: int = Priority.REPLY) -> _Slot:
        """Wait for a slot of the budget (replies before reminders, FIFO within a priority).

        Call ``done(slot)`` when the request completed.
        """
        now = self._clock()
        if self._free_at(priority) <= now and not self._ahead_of(priority):
            return self._take(priority, now)
        future: asyncio.Future[_Slot] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (priority, next(self._order), future))
        self._schedule()
        started = now
        try:
            return await future
        except asyncio.CancelledError:
            self._schedule()  # a cancelled waiter must not hold up the others
            raise
        finally:
            self.waited[Priority(priority)] += self._clock() - started

    def _ahead_of(self, priority: int) -> bool:
        """Whether a request that goes before ``priority`` is waiting."""
        while self._waiting and self._waiting[0][2].done():
            heapq.heappop(self._waiting)
        return bool(self._waiting) and self._waiting[0][0] <= priority

    def _schedule(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        while self._waiting and self._waiting[0][2].done():
            heapq.heappop(self._waiting)
        if not self._waiting:
            return
        delay = max(0.0, self._free_at(self._waiting[0][0]) - self._clock())
        self._timer = asyncio.get_running_loop().call_later(delay, self._grant)

    def _grant(self) -> None:
        self._timer = None
        now = self._clock()
        while self._waiting:
            priority, _, future = self._waiting[0]
            if future.done():
                heapq.heappop(self._waiting)
                continue
            if self._free_at(priority) > now:
                break
            heapq.heappop(self._waiting)
            future.set_result(self._take(priority, now))
        self._schedule()

    def pause(self, seconds: float) -> None:
        """Telegram said to wait: nothing is sent from this budget until then."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)
        self._schedule()

    # --- PTB's interface --------------------------------------------------------------------

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSONResult:
        del data  # one budget for every chat (private chats only)
        if endpoint not in COUNTED:
            return await callback(*args, **kwargs)
        priority = Priority.REPLY if rate_limit_args is None else Priority(rate_limit_args)
        attempt = 0
        while True:
            slot = await self.acquire(priority)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                wait = _seconds(exc.retry_after)
                self.pause(wait)
                if priority != Priority.REPLY or attempt >= self._max_retries:
                    raise
                attempt += 1
                log.warning("%s: rate limited, retrying in %.1f s", endpoint, wait)
            finally:
                self.done(slot)
