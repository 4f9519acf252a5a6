"""The check-in use case: "Still twitching?" and its follow-up screens, stored per check-in row,
then the escalation rules over the whole history, all committed once."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import tables as t
from bot.db.repositories import UserRepository
from bot.domain import checkin as ck
from bot.domain import escalation as esc
from bot.domain import thresholds as th
from bot.domain import triage as tr
from bot.domain.model import EpisodeStatus, ReminderKind, ReminderStatus, Urgency, UserProfile
from bot.scheduling.claims import cancel_for_episode
from bot.services.history import load_history
from bot.services.ports import Clock
from bot.services.reminders import plan_checkin, plan_follow_up, plan_next_seen_ask
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
            # FOR UPDATE (PostgreSQL): two racing taps on one check-in take turns.
            row = await uow.session.scalar(
                select(t.CheckIn)
                .where(t.CheckIn.reminder_id == reminder_id, t.CheckIn.user_id == user_id)
                .with_for_update()
            )
            if row is None or not await self._current(uow.session, row):
                return Refused(Closed.CLOSED)
            ticked = _pending(row.state)
            if ticked is not None:
                # A second "Still twitching?" keyboard while a red flag is ticked: the same
                # effect as finishing with it (TRIAGE.md), never a fresh start that drops it.
                profile = await self._profile(uow.session, user_id)
                return await self._finish(uow.session, row, ticked, profile, now)
            return await self._apply(uow.session, row, ck.start(), "status", "pick", status, now)

    async def press(
        self, user_id: int, checkin_id: int, version: int, step: str, action: str, value: str
    ) -> CheckInView | CheckInDone | Refused:
        now = self.clock.now()
        async with self.uow() as uow:
            row = await uow.session.get(t.CheckIn, checkin_id, with_for_update=True)
            if row is None or row.user_id != user_id or row.state is None:
                return Refused(Closed.CLOSED)
            if not await self._current(uow.session, row):
                return Refused(Closed.CLOSED)
            state = ck.CheckInState.from_json(row.state)
            if version != row.version:
                profile = await self._profile(uow.session, user_id)
                return Refused(Closed.STALE, CheckInView(row.id, row.version, state, profile))
            return await self._apply(uow.session, row, state, step, action, value, now)

    async def seen_answer(self, user_id: int, reminder_id: int, answer: str) -> SeenOutcome | None:
        """ "Were you seen?": yes (the clinician's plan takes over), not yet (the advice again and
        another ask tomorrow), or resume (the normal check-ins). None if the button is stale."""
        now = self.clock.now()
        async with self.uow() as uow:
            session = uow.session
            reminder = await session.get(t.Reminder, reminder_id)
            if (
                reminder is None
                or reminder.user_id != user_id
                or reminder.kind != ReminderKind.FOLLOW_UP.value
                or reminder.episode_id is None
            ):
                return None
            episode = await session.get(t.Episode, reminder.episode_id)
            if episode is None or episode.status != EpisodeStatus.OPEN.value:
                return None
            profile = await self._profile(session, user_id)
            if answer == "resume":
                if episode.seen_at is None:
                    return None
                last = await session.scalar(
                    select(func.max(t.CheckIn.seq)).where(t.CheckIn.episode_id == episode.id)
                )
                due = await plan_checkin(session, profile, episode, (last or 0) + 1, now)
                return SeenOutcome(profile, Urgency(episode.urgency), "resumed", due)
            already = await session.scalar(
                select(t.ReminderEvent.id).where(t.ReminderEvent.reminder_id == reminder_id)
            )
            if already is not None:
                return None
            assessed = answer == "yes"
            session.add(
                t.ReminderEvent(
                    user_id=user_id,
                    reminder_id=reminder_id,
                    kind=ReminderKind.FOLLOW_UP.value,
                    action=(esc.SeenAnswer.ASSESSED if assessed else esc.SeenAnswer.NOT_YET).value,
                    at=now,
                )
            )
            await session.flush()
            level = Urgency(episode.urgency)
            if assessed:
                await cancel_for_episode(session, episode.id, kinds=[ReminderKind.FOLLOW_UP.value])
                # The clinician's plan takes over: the level drops, GP prompts stop (TRIAGE.md).
                episode.seen_at = now
                episode.urgency = int(Urgency.SELF_CARE)
                return SeenOutcome(profile, level, "assessed", None)
            # The next ask (planned when this one was sent) stays; make sure there is one.
            await plan_next_seen_ask(session, profile, episode.id, now)
            return SeenOutcome(profile, level, "not_yet", None)

    async def expire_abandoned(self) -> list[Expired]:
        """Check-in conversations left half-way for 30 minutes: closed, like an abandoned triage
        (with that level's advice if a red flag was ticked). The check-in counts as unanswered."""
        now = self.clock.now()
        async with self.uow() as uow:
            session = uow.session
            rows = (
                await session.execute(
                    select(t.CheckIn, t.Reminder.message_id)
                    .outerjoin(t.Reminder, t.Reminder.id == t.CheckIn.reminder_id)
                    .where(
                        t.CheckIn.state.is_not(None),
                        t.CheckIn.answered_at.is_(None),
                        t.CheckIn.updated_at <= now - th.TRIAGE_EXPIRY,
                    )
                    .limit(100)
                    .with_for_update(of=t.CheckIn)
                )
            ).all()
            expired = []
            for row, message_id in rows:
                ticked = _pending(row.state)
                profile = await self._profile(session, row.user_id)
                if ticked is not None:
                    # Abandoned with a red flag ticked: finished with it (stored, escalated,
                    # "Were you seen?" planned); the caller gives the advice.
                    await self._finish(session, row, ticked, profile, now)
                else:
                    row.state = None
                    row.version += 1
                pending = ticked.answers.pending_level if ticked is not None else None
                expired.append(Expired(row.user_id, message_id, pending, profile))
            return expired

    async def pending(self, user_id: int) -> tuple[int, CheckInView | None] | None:
        """/checkin: the open check-in to answer (reminder id), or None if there is none."""
        async with self.uow() as uow:
            row = await uow.session.scalar(
                select(t.CheckIn)
                .join(t.Episode, t.Episode.id == t.CheckIn.episode_id)
                .where(
                    t.CheckIn.user_id == user_id,
                    t.CheckIn.answered_at.is_(None),
                    t.Episode.status == EpisodeStatus.OPEN.value,
                )
                .order_by(t.CheckIn.seq.desc())
                .limit(1)
            )
            if row is None or row.reminder_id is None:
                return None
            if row.state is None:
                return row.reminder_id, None
            profile = await self._profile(uow.session, user_id)
            state = ck.CheckInState.from_json(row.state)
            return row.reminder_id, CheckInView(row.id, row.version, state, profile)

    async def _profile(self, session: AsyncSession, user_id: int) -> UserProfile:
        profile = await UserRepository(session).get(user_id)
        if profile is None:  # the check-in row belongs to the user (a foreign key)
            raise LookupError(f"check-in of user {user_id} without the user")
        return profile

    @staticmethod
    async def _current(session: AsyncSession, row: t.CheckIn) -> bool:
        """Unanswered, its episode open, and no newer check-in asked since."""
        if row.answered_at is not None:
            return False
        episode = await session.get(t.Episode, row.episode_id)
        if episode is None or episode.status != EpisodeStatus.OPEN.value:
            return False
        newest = await session.scalar(
            select(func.max(t.CheckIn.seq)).where(t.CheckIn.episode_id == row.episode_id)
        )
        return newest == row.seq

    async def _apply(
        self,
        session: AsyncSession,
        row: t.CheckIn,
        state: ck.CheckInState,
        step: str,
        action: str,
        value: str,
        now: datetime,
    ) -> CheckInView | CheckInDone | Refused:
        profile = await self._profile(session, row.user_id)
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
            row.state = state.to_json()
            row.version += 1
            row.updated_at = now
            before = current.state.pending_level
            if action == tr.Action.BACK.value and before is not None:
                # Back from a ticked red flag: the same effect as finishing with it.
                await commit_red_flag(
                    session,
                    profile,
                    before,
                    items=state.answers.red_flags,
                    rule=Rule.LEFT_CHECKIN,
                    now=now,
                    episode_id=row.episode_id,
                )
            return CheckInView(row.id, row.version, state, profile, before)
        return await self._finish(session, row, state, profile, now)

    async def _finish(
        self,
        session: AsyncSession,
        row: t.CheckIn,
        state: ck.CheckInState,  # DONE
        profile: UserProfile,
        now: datetime,
    ) -> CheckInDone:
        answers = ck.result(state)
        row.answered_at = now
        row.status = answers.status.value if answers.status else None
        row.red_flags = sorted(answers.red_flags)
        row.intensity = answers.intensity
        row.frequency = answers.frequency.value if answers.frequency else None
        row.new_place = answers.new_place
        row.state = None
        row.version += 1
        await session.flush()
        episode = await session.get(t.Episode, row.episode_id)
        assert episode is not None  # noqa: S101 - a check-in belongs to an episode
        history = await load_history(session, episode, now)
        found = esc.evaluate(history, now)
        if found is not None:
            for finding in found.new:
                session.add(
                    t.Escalation(
                        episode_id=episode.id,
                        user_id=profile.id,
                        rule=finding.rule.value,
                        level=int(finding.level) if finding.level is not None else None,
                        reason=finding.reason_text[:200],
                        created_at=now,
                    )
                )
            if found.raised:
                episode.urgency = int(tr.combine(Urgency(episode.urgency), found.level))
                if found.level >= Urgency.URGENT_TODAY:
                    await plan_follow_up(session, profile, episode.id, found.level, now)
        # A red flag ticked at a check-in overrides "Gone": the episode stays open (TRIAGE.md).
        closed = not answers.red_flags and esc.closes_on_gone(history.current.checkins)
        if closed:
            episode.status = EpisodeStatus.CLOSED.value
            episode.closed_at = now
            await cancel_for_episode(session, episode.id)
        next_due = None
        if not closed:
            next_due = await session.scalar(
                select(func.min(t.Reminder.due_at)).where(
                    t.Reminder.episode_id == episode.id,
                    t.Reminder.kind == ReminderKind.CHECKIN.value,
                    t.Reminder.status == ReminderStatus.PENDING.value,
                )
            )
        log.info(
            "check-in answered: episode %s seq %s escalation %s closed %s",
            episode.id,
            row.seq,
            found.level.name if found else None,
            closed,
        )
        return CheckInDone(profile, found, closed, next_due, episode.id, Urgency(episode.urgency))


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
