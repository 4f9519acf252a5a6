"""The check-in use case: "Still twitching?" and its follow-up screens, stored per check-in row,
then the escalation rules over the whole history, all committed once."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.db.checkins import StoredCheckIn
from bot.db.uow import UnitOfWork
from bot.domain import checkin as ck
from bot.domain import escalation as esc
from bot.domain import thresholds as th
from bot.domain import triage as tr
from bot.domain.model import ReminderKind, Urgency, UserProfile
from bot.services.ports import Clock
from bot.services.reminders import (
    episode_history,
    plan_checkin,
    plan_follow_up,
    plan_next_seen_ask,
)
from bot.services.safety import Rule, commit_red_flag
from bot.services.triage import Expired
from bot.services.uow import UowFactory

log = logging.getLogger(__name__)


class Closed(StrEnum):
    CLOSED = "closed"  # not the current check-in any more, or already answered
    STALE = "stale"  # a button from an older screen of this check-in
    INVALID = "invalid"
    LOCKED = "locked"


@dataclass(frozen=True, slots=True)
class CheckInView:
    checkin_id: int
    version: int
    state: ck.CheckInState
    profile: UserProfile
    before: Urgency | None = None  # the level ticked red flags had committed to before this tap


@dataclass(frozen=True, slots=True)
class CheckInDone:
    profile: UserProfile
    escalation: esc.Escalation | None
    closed_episode: bool
    next_due: datetime | None
    episode_id: int = 0
    episode_level: Urgency = Urgency.SELF_CARE  # after this check-in


@dataclass(frozen=True, slots=True)
class SeenOutcome:
    profile: UserProfile
    level: Urgency  # the episode's level before the answer
    what: str  # "assessed", "not_yet" or "resumed"
    next_due: datetime | None


@dataclass(frozen=True, slots=True)
class Refused:
    why: Closed
    current: CheckInView | None = None


@dataclass(frozen=True, slots=True)
class CheckInService:
    uow: UowFactory
    clock: Clock

    async def answer_status(
        self, user_id: int, reminder_id: int, status: str
    ) -> CheckInView | CheckInDone | Refused:
        """A tap on Gone / Better / Same / Worse under a check-in message."""
        now = self.clock.now()
        async with self.uow() as uow:
            # Locked (PostgreSQL): two racing taps on one check-in take turns.
            row = await uow.checkins.for_reminder(reminder_id, user_id)
            if row is None or not await self._current(uow, row):
                return Refused(Closed.CLOSED)
            ticked = _pending(row.state)
            if ticked is not None:
                # A second "Still twitching?" keyboard while a red flag is ticked: the same
                # effect as finishing with it (TRIAGE.md), never a fresh start that drops it.
                profile = await self._profile(uow, user_id)
                return await self._finish(uow, row, ticked, profile, now)
            return await self._apply(uow, row, ck.start(), "status", "pick", status, now)

    async def press(
        self, user_id: int, checkin_id: int, version: int, step: str, action: str, value: str
    ) -> CheckInView | CheckInDone | Refused:
        now = self.clock.now()
        async with self.uow() as uow:
            row = await uow.checkins.locked(checkin_id)
            if row is None or row.user_id != user_id or row.state is None:
                return Refused(Closed.CLOSED)
            if not await self._current(uow, row):
                return Refused(Closed.CLOSED)
            state = ck.CheckInState.from_json(row.state)
            if version != row.version:
                profile = await self._profile(uow, user_id)
                return Refused(Closed.STALE, CheckInView(row.id, row.version, state, profile))
            return await self._apply(uow, row, state, step, action, value, now)

    async def seen_answer(self, user_id: int, reminder_id: int, answer: str) -> SeenOutcome | None:
        """ "Were you seen?": yes (the clinician's plan takes over), not yet (the advice again and
        another ask tomorrow), or resume (the normal check-ins). None if the button is stale."""
        now = self.clock.now()
        async with self.uow() as uow:
            reminder = await uow.reminders.get(reminder_id)
            if (
                reminder is None
                or reminder.user_id != user_id
                or reminder.kind is not ReminderKind.FOLLOW_UP
                or reminder.episode_id is None
            ):
                return None
            episode = await uow.episodes.get(reminder.episode_id, user_id)
            if episode is None or not episode.open:
                return None
            profile = await self._profile(uow, user_id)
            if answer == "resume":
                if episode.seen_at is None:
                    return None
                last = await uow.checkins.newest_seq(episode.id)
                due = await plan_checkin(uow, profile, episode, (last or 0) + 1, now)
                return SeenOutcome(profile, Urgency(episode.urgency), "resumed", due)
            if await uow.reminders.answered(reminder_id):
                return None
            assessed = answer == "yes"
            await uow.reminders.add_event(
                user_id,
                ReminderKind.FOLLOW_UP.value,
                (esc.SeenAnswer.ASSESSED if assessed else esc.SeenAnswer.NOT_YET).value,
                now,
                reminder_id,
            )
            await uow.flush()
            level = Urgency(episode.urgency)
            if assessed:
                await uow.reminders.cancel_for_episode(
                    episode.id, kinds=[ReminderKind.FOLLOW_UP.value]
                )
                # The clinician's plan takes over: the level drops, GP prompts stop (TRIAGE.md).
                await uow.episodes.mark_seen(episode.id, now)
                return SeenOutcome(profile, level, "assessed", None)
            # The next ask (planned when this one was sent) stays; make sure there is one.
            await plan_next_seen_ask(uow, profile, episode.id, now)
            return SeenOutcome(profile, level, "not_yet", None)

    async def expire_abandoned(self) -> list[Expired]:
        """Check-in conversations left half-way for 30 minutes: closed, like an abandoned triage
        (with that level's advice if a red flag was ticked). The check-in counts as unanswered."""
        now = self.clock.now()
        async with self.uow() as uow:
            rows = await uow.checkins.abandoned(now - th.TRIAGE_EXPIRY, limit=100)
            expired = []
            for row, message_id in rows:
                ticked = _pending(row.state)
                profile = await self._profile(uow, row.user_id)
                if ticked is not None:
                    # Abandoned with a red flag ticked: finished with it (stored, escalated,
                    # "Were you seen?" planned); the caller gives the advice.
                    await self._finish(uow, row, ticked, profile, now)
                else:
                    await uow.checkins.save_state(row.id, None)
                pending = ticked.answers.pending_level if ticked is not None else None
                expired.append(Expired(row.user_id, message_id, pending, profile))
            return expired

    async def pending(self, user_id: int) -> tuple[int, CheckInView | None] | None:
        """/checkin: the open check-in to answer (reminder id), or None if there is none."""
        async with self.uow() as uow:
            row = await uow.checkins.pending_for(user_id)
            if row is None or row.reminder_id is None:
                return None
            if row.state is None:
                return row.reminder_id, None
            profile = await self._profile(uow, user_id)
            state = ck.CheckInState.from_json(row.state)
            return row.reminder_id, CheckInView(row.id, row.version, state, profile)

    async def _profile(self, uow: UnitOfWork, user_id: int) -> UserProfile:
        profile = await uow.users.get(user_id)
        if profile is None:  # the check-in row belongs to the user (a foreign key)
            raise LookupError(f"check-in of user {user_id} without the user")
        return profile

    @staticmethod
    async def _current(uow: UnitOfWork, row: StoredCheckIn) -> bool:
        """Unanswered, its episode open, and no newer check-in asked since."""
        if row.answered_at is not None:
            return False
        episode = await uow.episodes.get(row.episode_id, row.user_id)
        if episode is None or not episode.open:
            return False
        return await uow.checkins.newest_seq(row.episode_id) == row.seq

    async def _apply(
        self,
        uow: UnitOfWork,
        row: StoredCheckIn,
        state: ck.CheckInState,
        step: str,
        action: str,
        value: str,
        now: datetime,
    ) -> CheckInView | CheckInDone | Refused:
        profile = await self._profile(uow, row.user_id)
        current = CheckInView(row.id, row.version, state, profile)
        try:
            state = ck.press(state, step, action, value)
        except ck.RedFlagLocked:
            return Refused(Closed.LOCKED, current)
        except ck.WrongStep:
            return Refused(Closed.STALE, current)
        except ck.InvalidAnswer:
            return Refused(Closed.INVALID, current)
        if not state.done:
            saved = await uow.checkins.save_state(row.id, state.to_json(), now)
            before = current.state.pending_level
            if action == tr.Action.BACK.value and before is not None:
                # Back from a ticked red flag: the same effect as finishing with it.
                await commit_red_flag(
                    uow,
                    profile,
                    before,
                    items=state.answers.red_flags,
                    rule=Rule.LEFT_CHECKIN,
                    now=now,
                    episode_id=row.episode_id,
                )
            return CheckInView(row.id, saved.version, state, profile, before)
        return await self._finish(uow, row, state, profile, now)

    async def _finish(
        self,
        uow: UnitOfWork,
        row: StoredCheckIn,
        state: ck.CheckInState,  # DONE
        profile: UserProfile,
        now: datetime,
    ) -> CheckInDone:
        answers = ck.result(state)
        await uow.checkins.save_answer(
            row.id,
            now=now,
            status=answers.status.value if answers.status else None,
            red_flags=sorted(answers.red_flags),
            intensity=answers.intensity,
            frequency=answers.frequency.value if answers.frequency else None,
            new_place=answers.new_place,
        )
        episode = await uow.episodes.get(row.episode_id, row.user_id)
        if episode is None:  # a check-in belongs to an episode (a foreign key)
            raise LookupError(f"check-in {row.id} without its episode")
        level = episode.urgency
        history = await episode_history(uow, episode.id, now)
        found = esc.evaluate(history, now)
        if found is not None:
            for finding in found.new:
                await uow.episodes.record_escalation(
                    episode.id,
                    profile.id,
                    rule=finding.rule.value,
                    level=finding.level,
                    reasons=[finding.reason],
                    now=now,
                )
            if found.raised:
                level = tr.combine(level, found.level)
                await uow.episodes.set_level(episode.id, level)
                if found.level >= Urgency.URGENT_TODAY:
                    await plan_follow_up(uow, profile, episode.id, found.level, now)
        # A red flag ticked at a check-in overrides "Gone": the episode stays open (TRIAGE.md).
        closed = not answers.red_flags and esc.closes_on_gone(history.current.checkins)
        if closed:
            await uow.episodes.close(episode.id, now)
            await uow.reminders.cancel_for_episode(episode.id)
        next_due = None
        if not closed:
            next_due = await uow.reminders.next_due(episode.id, kind=ReminderKind.CHECKIN)
        log.info(
            "check-in answered: episode %s seq %s escalation %s closed %s",
            episode.id,
            row.seq,
            found.level.name if found else None,
            closed,
        )
        return CheckInDone(profile, found, closed, next_due, episode.id, Urgency(level))


def _pending(raw: str | None) -> ck.CheckInState | None:
    """The stored check-in conversation finished with its ticked red flag, if one is ticked."""
    if raw is None:
        return None
    try:
        state = ck.CheckInState.from_json(raw)
    except ValueError:
        return None
    if state.pending_level is None:
        return None
    return ck.finish_with_flags(state)
