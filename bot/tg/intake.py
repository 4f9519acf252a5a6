"""How updates come in: through the inbox (bot.services.inbox), so none is lost or run twice.

- Polling (``Intake.poll``): our own ``getUpdates`` loop instead of PTB's Updater, which
  confirms the offset of updates that are only in process memory (a restart or kill -9 lost
  them). Here each batch is stored in the inbox first; only then does the next request's
  offset confirm it. A batch that cannot be stored is not confirmed: Telegram sends it again.
- Webhook (``Intake.receive``): the route stores the update, then answers 200.
- Either way the update then goes to the Application's queue. ``InboxProcessor`` (PTB's update
  processor, which runs every update's handlers) claims the row first - a row that is done,
  erased or someone else's is skipped - and marks it done after the handlers ran.
- Start-up and every ``RECOVER_EVERY`` seconds: rows nobody is working on (left by a stop, a
  crash or another instance) are queued again (``Intake.recover``).
- Stop (SIGTERM): stop fetching, let the handlers that already started finish, and leave what
  has not started in the inbox (pending) for the next start: the process exits promptly.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.error import RetryAfter, TelegramError
from telegram.ext import BaseUpdateProcessor

from bot.domain import language, policy
from bot.services.inbox import InboxService, valid_id
from bot.tg import sender

if TYPE_CHECKING:
    from telegram.ext import Application

log = logging.getLogger(__name__)

RECOVER_EVERY = 5.0  # seconds
RECOVER_AFTER = policy.INBOX_RECOVER_AFTER
"""A pending row this old that is not in this instance's queue is taken by whoever sees it."""
RECOVER_BATCH = 500
PRUNE_EVERY = 600.0  # seconds
POLL_TIMEOUT = 10  # seconds of long polling per getUpdates
DONE_WITHIN = policy.INBOX_DONE_WITHIN.total_seconds()
_BACKOFF_CAP = 30.0


class InboxProcessor(BaseUpdateProcessor):
    """Runs an update's handlers only if this instance could claim its inbox row; marks it done
    afterwards. Stopping: updates whose handlers have not started stay in the inbox."""

    def __init__(
        self,
        max_concurrent_updates: int,
        inbox: InboxService,
        on_return: Callable[[int], Awaitable[object]] | None = None,
    ) -> None:
        super().__init__(max_concurrent_updates)
        self.inbox = inbox
        self.on_return = on_return
        """Called with a user marked blocked who sent this update, before its handlers."""
        self.stopping = False
        self.queued: Counter[int] = Counter()
        """Update ids the Intake handed to the Application, not finished (or skipped) yet."""
        self.running: set[int] = set()
        self.finished: list[int] = []
        """Handled updates whose rows are not marked done yet (see ``_finish``)."""
        self._renewer: asyncio.Task[None] | None = None
        self._flusher: asyncio.Task[None] | None = None

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        if not isinstance(update, Update):
            await coroutine
            return
        update_id = update.update_id
        if update_id not in self.queued:
            # Not from the inbox (something put it in the queue directly): nothing to claim.
            log.debug("update %s did not come through the inbox", update_id)
            await coroutine
            return
        try:
            if self.stopping or not await self._claim(update):
                _close(coroutine)
                return
            self.running.add(update_id)
            try:
                await coroutine
            finally:
                self.running.discard(update_id)
            self._finish(update_id)
        finally:
            self.queued[update_id] -= 1
            if self.queued[update_id] <= 0:
                del self.queued[update_id]

    def _finish(self, update_id: int) -> None:
        """The update's handlers are done: its row is marked done by the next claim's
        transaction, or by ``flush`` within ``DONE_WITHIN`` when no claim comes. Until then the
        row stays claimed by this instance (its lease is renewed), so nobody handles it again;
        only a crash in that moment makes it run again after the lease (at least once)."""
        self.finished.append(update_id)
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_soon(), name="inbox:done")

    async def _flush_soon(self) -> None:
        await asyncio.sleep(DONE_WITHIN)
        await self.flush()

    async def flush(self) -> None:
        """Mark every finished update done now."""
        taken, self.finished = self.finished, []
        if not taken:
            return
        try:
            await self.inbox.done_many(taken)
        except asyncio.CancelledError:
            self.finished[:0] = taken
            raise
        except Exception as exc:  # handled: at worst they are handled again after the lease
            self.finished[:0] = taken
            log.warning(
                "inbox: could not mark %s updates done (%s)",
                len(taken),
                type(exc).__name__,
                exc_info=log.isEnabledFor(logging.DEBUG),
            )

    async def _claim(self, update: Update) -> bool:
        update_id = update.update_id
        taken, self.finished = self.finished, []
        try:
            claim = await self.inbox.claim_with_language(update_id, finished=taken)
        except asyncio.CancelledError:
            self.finished[:0] = taken
            raise
        except Exception as exc:  # the row stays pending: recovery queues it again later
            self.finished[:0] = taken
            log.warning("inbox: could not claim update %s (%s)", update_id, type(exc).__name__)
            return False
        if claim.claimed:  # this task handles the update: its handlers see its language
            language.remember_stored(update_id, claim.language)
            sender.remember(update_id, awaiting=claim.awaiting)
        if claim.claimed and claim.returning_user is not None and not _blocks(update):
            await self._welcome_back(claim.returning_user)
        return claim.claimed

    async def _welcome_back(self, user_id: int) -> None:
        """A user marked blocked wrote again (Telegram unblocks a bot a user writes to, but its
        "member again" update may come later, or not at all): their safety check-ins resume
        before this update's handlers run, whatever the update is."""
        if self.on_return is None:
            return
        try:
            await self.on_return(user_id)
        except Exception as exc:  # the update is still handled; "member again" resumes too
            log.warning("inbox: could not resume user %s (%s)", user_id, type(exc).__name__)

    async def initialize(self) -> None:
        self.stopping = False
        self._renewer = asyncio.create_task(self._renew(), name="inbox:renew-leases")

    async def shutdown(self) -> None:
        for task in (self._renewer, self._flusher):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._renewer = self._flusher = None
        await self.flush()

    async def _renew(self) -> None:
        interval = self.inbox.lease.total_seconds() / 3
        while True:
            await asyncio.sleep(interval)
            try:
                await self.inbox.renew({*self.running, *self.finished})
            except Exception as exc:  # the next renewal tries again; the lease is 3x longer
                log.warning("inbox: could not renew leases (%s)", type(exc).__name__)


def _blocks(update: Update) -> bool:
    """The update says the user blocked the bot (nothing to resume for it)."""
    member = update.my_chat_member
    return member is not None and member.new_chat_member.status == "kicked"


def _close(coroutine: Awaitable[Any]) -> None:
    close = getattr(coroutine, "close", None)
    if close is not None:
        close()


class Intake:
    """Gets updates into the inbox and from there to the Application (see the module doc)."""

    def __init__(
        self, application: Application[Any, Any, Any, Any, Any, Any], processor: InboxProcessor
    ) -> None:
        self.application = application
        self.processor = processor
        self.inbox = processor.inbox
        self._poller: asyncio.Task[None] | None = None
        self._recoverer: asyncio.Task[None] | None = None
        self.offset = 0

    # ------------------------------------------------------------------ life cycle

    async def start(self) -> None:
        """Queue what a previous run left, then keep recovering in the background."""
        self.processor.stopping = False
        await self.recover()
        self._recoverer = asyncio.create_task(self._recover_loop(), name="inbox:recover")

    async def stop(self) -> None:
        """Stop fetching and recovering; handlers not yet started will not start."""
        await self.stop_polling()
        recoverer, self._recoverer = self._recoverer, None
        if recoverer is not None:
            recoverer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await recoverer
        self.processor.stopping = True

    def start_polling(self, timeout: int = POLL_TIMEOUT) -> None:
        if self._poller is None:
            self._poller = asyncio.create_task(self._poll(timeout), name="inbox:poll")

    async def stop_polling(self) -> None:
        poller, self._poller = self._poller, None
        if poller is None:
            return
        poller.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await poller
        # Confirm what was stored, so a restart does not fetch it again (harmless if it did).
        if self.offset:
            with contextlib.suppress(TelegramError):
                await self.application.bot.get_updates(offset=self.offset, timeout=0, limit=1)

    # ------------------------------------------------------------------ taking updates in

    async def receive(self, updates: Sequence[Mapping[str, Any]]) -> None:
        """Store raw updates, then queue the new ones. Raises if they could not be stored."""
        new = set(await self.inbox.store(updates))
        for raw in updates:
            update_id = raw.get("update_id")
            if isinstance(update_id, int) and update_id in new:
                await self._enqueue(update_id, raw)
                new.discard(update_id)

    async def recover(self, older_than: timedelta | None = None) -> int:
        """Queue the inbox rows nobody is working on; returns how many were queued."""
        queued = 0
        while True:
            rows = await self.inbox.leftovers(
                RECOVER_BATCH + len(self.processor.queued), older_than=older_than
            )
            fresh = [row for row in rows if row.update_id not in self.processor.queued]
            for row in fresh:
                if row.payload is None:
                    log.warning("inbox: update %s does not parse; dropped", row.update_id)
                    await self.inbox.done(row.update_id)
                else:
                    await self._enqueue(row.update_id, row.payload)
                    queued += 1
            if len(rows) < RECOVER_BATCH + len(self.processor.queued) or not fresh:
                break
        if queued:
            log.info("inbox: %s stored updates queued again", queued)
        return queued

    async def _enqueue(self, update_id: int, raw: Mapping[str, Any]) -> None:
        try:
            update = Update.de_json(dict(raw), self.application.bot)
        except Exception as exc:  # the message is not logged: it may quote the text
            log.warning(
                "inbox: update %s does not parse (%s); dropped", update_id, type(exc).__name__
            )
            await self.inbox.done(update_id)
            return
        self.processor.queued[update_id] += 1
        await self.application.update_queue.put(update)

    # ------------------------------------------------------------------ loops

    async def _poll(self, poll_seconds: int) -> None:
        backoff = 1.0
        webhook_cleared = False
        while True:
            try:
                if not webhook_cleared:
                    # Polling and a webhook exclude each other (Telegram answers 409): polling
                    # takes over, keeping any pending updates (as PTB's Updater did).
                    await self.application.bot.delete_webhook(drop_pending_updates=False)
                    webhook_cleared = True
                fetched = await self._get_updates(poll_seconds)
                if fetched:
                    await self.receive(fetched)
                    ids = [u["update_id"] for u in fetched if valid_id(u.get("update_id"))]
                    if ids:
                        self.offset = max(ids) + 1
                backoff = 1.0
            except asyncio.CancelledError:
                raise
            except RetryAfter as exc:
                delay = exc.retry_after
                seconds = delay.total_seconds() if isinstance(delay, timedelta) else float(delay)
                log.warning("getUpdates: Telegram asks to wait %ss", seconds)
                await asyncio.sleep(seconds)
            except Exception as exc:
                # Telegram or the database failed: nothing new was confirmed; ask again.
                log.warning(
                    "getUpdates failed (%s); retrying in %.0fs", type(exc).__name__, backoff
                )
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, _BACKOFF_CAP)

    async def _get_updates(self, poll_seconds: int) -> list[dict[str, Any]]:
        """``getUpdates`` as PTB's ``Bot.get_updates`` sends it, without parsing the answer into
        ``Update`` objects: the inbox stores the raw JSON (every field, known or not) and each
        update is parsed once, when it is queued. (Parsing, then ``to_dict`` for the inbox,
        then parsing again cost about 7% of a triage tap's CPU.)"""
        bot = self.application.bot
        read_timeout = (bot.request.read_timeout or 0) + poll_seconds
        result = await bot._post(
            "getUpdates",
            {
                "offset": self.offset or None,
                "timeout": poll_seconds,
                "allowed_updates": Update.ALL_TYPES,
            },
            read_timeout=read_timeout,
        )
        if not isinstance(result, list):
            return []
        return [u for u in result if isinstance(u, dict)]

    async def _recover_loop(self) -> None:
        since_prune = 0.0
        while True:
            await asyncio.sleep(RECOVER_EVERY)
            try:
                await self.recover(older_than=RECOVER_AFTER)
                since_prune += RECOVER_EVERY
                if since_prune >= PRUNE_EVERY:
                    since_prune = 0.0
                    await self.inbox.prune()
            except Exception as exc:  # the next pass tries again
                log.warning("inbox: recovery pass failed (%s)", type(exc).__name__)
