"""Reminder use cases: preferences, the next occurrence of each nudge, answers to reminders,
and what the sweep needs to decide whether to send one now.

Only the next occurrence of a recurring reminder is stored; it is inserted by the transaction
that records the previous one (``ReminderFollowUps``) or by the change of a setting.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import tables as t
from bot.db.repositories import UserRepository, to_profile
from bot.domain import escalation as esc
from bot.domain import planning
from bot.domain import thresholds as th
from bot.domain.language import N_
from bot.domain.model import EpisodeStatus, ReminderKind, ReminderStatus, Urgency, UserProfile
from bot.domain.redflags import ReportStatus
from bot.domain.timezones import parse_zone, zone
from bot.scheduling.claims import (
    ClaimedReminder,
    cancel_for_episode,
    cancel_for_user,
    insert_reminder,
)
from bot.services.history import load_history, record_asked
from bot.services.ports import Clock
from bot.services.uow import UowFactory

log = logging.getLogger(__name__)
NUDGES = (ReminderKind.HYDRATION, ReminderKind.STRETCH)
_OPEN = (ReminderStatus.PENDING.value, ReminderStatus.CLAIMED.value)
_MAX_SLOT_TRIES = 12
_NO_KEY_UPDATE = {"key_share": True}  # SELECT ... FOR NO KEY UPDATE on PostgreSQL


class Response(StrEnum):
    DONE = "done"
    SNOOZE_30 = "s30"
    SNOOZE_60 = "s60"
    PAUSE = "pause"


_ACTIONS = {
    Response.DONE: "done",
    Response.SNOOZE_30: "snoozed",
    Response.SNOOZE_60: "snoozed",
    Response.PAUSE: "paused",
}
SNOOZES = dict(zip((Response.SNOOZE_30, Response.SNOOZE_60), th.SNOOZE_CHOICES, strict=True))


@dataclass(frozen=True, slots=True)
class Upcoming:
    kind: ReminderKind
    due_at: datetime


@dataclass(frozen=True, slots=True)
class Overview:
    profile: UserProfile
    upcoming: tuple[Upcoming, ...]
    paused_today: bool


@dataclass(frozen=True, slots=True)
class Prepared:
    """Send it: what the renderer needs."""

    profile: UserProfile
    kind: ReminderKind
    seq: int | None = None  # check-in number
    notice: str | None = None  # a wording id said first (the missed-check-ins text)
    closing: str | None = None  # the episode was closed: say this wording id, ask nothing
    report: int | None = None  # the follow-up of an unconfirmed typed red flag (text_reports)
    report_items: tuple[str, ...] = ()  # its checklist item ids
    side: str | None = None  # a check-in's episode: which knee ...
    logged_at: datetime | None = None  # ... and when it was logged ("what it is about")
    level: Urgency | None = None  # the episode's level (a safety-net close repeats its advice)


@dataclass(frozen=True, slots=True)
class Skip:
    """Don't send now: later (``retry_after``), or never (None: the next occurrence is planned)."""

    reason: str
    retry_after: timedelta | None = None


async def _delete_pending_nudges(session: AsyncSession, user_id: int) -> None:
    await session.execute(
        delete(t.Reminder).where(
            t.Reminder.user_id == user_id,
            t.Reminder.kind.in_([k.value for k in NUDGES]),
            t.Reminder.status == ReminderStatus.PENDING.value,
        )
    )


def _local_today(profile: UserProfile, now: datetime) -> date:
    return profile.local_date(now)


async def plan_nudge(
    session: AsyncSession,
    profile: UserProfile,
    kind: ReminderKind,
    *,
    after: datetime,
    now: datetime,
) -> datetime | None:
    """Insert the next hydration or stretch reminder after ``after``; None if none is due."""
    if profile.timezone is None or profile.blocked:
        return None
    if kind is ReminderKind.HYDRATION and not profile.hydration_on:
        return None
    if kind is ReminderKind.STRETCH and not profile.stretch_on:
        return None
    tz = zone(profile.timezone)
    if profile.paused_on_today(now):
        local_tomorrow = (now.astimezone(tz) + timedelta(days=1)).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        after = max(after, local_tomorrow)
    for _ in range(_MAX_SLOT_TRIES):
        if kind is ReminderKind.HYDRATION:
            slot = planning.next_hydration(
                after,
                tz,
                wake_start=profile.wake_start,
                wake_end=profile.wake_end,
                per_day=profile.hydration_per_day,
                user_id=profile.id,
            )
            key = f"hyd:{profile.id}:{slot.day.isoformat()}:{slot.index}"
        else:
            slot = planning.next_stretch(
                after,
                tz,
                times=planning.parse_times(
                    ",".join(profile.stretch_times) or th.STRETCH_TIME_DEFAULT
                ),
                wake_start=profile.wake_start,
                wake_end=profile.wake_end,
            )
            key = f"str:{profile.id}:{slot.day.isoformat()}:{slot.index}"
        inserted = await insert_reminder(
            session,
            user_id=profile.id,
            kind=kind.value,
            due_at=slot.due_at,
            dedup_key=key,
            now=now,
        )
        if inserted is not None:
            return slot.due_at
        after = slot.due_at  # that slot was used already (settings changed): take the next
    log.warning("no free %s slot for user %s", kind.value, profile.id)
    return None


async def plan_checkin(
    session: AsyncSession, profile: UserProfile, episode: t.Episode, seq: int, now: datetime
) -> datetime | None:
    """Insert check-in number ``seq`` of an open episode (days 1, 2, 3, 5, 7, 10, 14, weekly)."""
    if episode.status != EpisodeStatus.OPEN.value or episode.urgency >= Urgency.URGENT_TODAY:
        return None
    days = th.CHECKIN_DAYS
    weekly = th.CHECKIN_WEEKLY_INTERVAL.days
    while True:
        day = days[seq - 1] if seq <= len(days) else days[-1] + weekly * (seq - len(days))
        if profile.timezone:
            tz = zone(profile.timezone)
            due = planning.checkin_due(
                episode.logged_at, day, tz, profile.wake_start, profile.wake_end
            )
        else:
            due = episode.logged_at + timedelta(days=day)
        if due > now or seq > 60:
            break
        seq += 1  # missed while the bot was down: never pile them up
    await insert_reminder(
        session,
        user_id=profile.id,
        episode_id=episode.id,
        kind=ReminderKind.CHECKIN.value,
        due_at=due,
        dedup_key=f"chk:{episode.id}:{seq}",
        payload={"seq": seq},
        now=now,
    )
    return due


async def plan_follow_up(
    session: AsyncSession, profile: UserProfile, episode_id: int, level: Urgency, now: datetime
) -> datetime:
    """After a result or an escalation: the first check-in (self-care, see-GP), or for the
    urgent levels "Were you seen?" the next day instead of routine check-ins."""
    if profile.timezone:
        tz = zone(profile.timezone)
        due = planning.checkin_due(now, 1, tz, profile.wake_start, profile.wake_end)
    else:
        due = now + timedelta(days=1)
    if level >= Urgency.URGENT_TODAY:
        await cancel_for_episode(session, episode_id, kinds=[ReminderKind.CHECKIN.value])
        kind, key, payload = ReminderKind.FOLLOW_UP, f"seen:{episode_id}:{now:%Y%m%d}", {"ask": 1}
    else:
        kind, key, payload = ReminderKind.CHECKIN, f"chk:{episode_id}:1", {"seq": 1}
    inserted = await insert_reminder(
        session,
        user_id=profile.id,
        episode_id=episode_id,
        kind=kind.value,
        due_at=due,
        dedup_key=key,
        payload=payload,
        now=now,
    )
    if inserted is None:
        # Planned before (an open episode updated): promise what is stored, not a new guess.
        stored = await session.scalar(
            select(func.min(t.Reminder.due_at)).where(
                t.Reminder.episode_id == episode_id,
                t.Reminder.kind == kind.value,
                t.Reminder.status.in_(_OPEN),
            )
        )
        return stored or due
    return due


async def seen_asks(session: AsyncSession, episode_id: int) -> list[esc.SeenAsk]:
    """The "Were you seen?" asks sent for an episode, with their answers."""
    rows = (
        await session.execute(
            select(t.Reminder.id, t.Reminder.sent_at).where(
                t.Reminder.episode_id == episode_id,
                t.Reminder.kind == ReminderKind.FOLLOW_UP.value,
                t.Reminder.sent_at.is_not(None),
            )
        )
    ).all()
    answers = dict(
        (
            await session.execute(
                select(t.ReminderEvent.reminder_id, t.ReminderEvent.action).where(
                    t.ReminderEvent.reminder_id.in_([r.id for r in rows]),
                    t.ReminderEvent.kind == ReminderKind.FOLLOW_UP.value,
                )
            )
        ).all()
    )
    return [
        esc.SeenAsk(sent_at, esc.SeenAnswer(answers[rid]) if rid in answers else None)
        for rid, sent_at in rows
        if sent_at is not None
    ]


def _waking(due: datetime, profile: UserProfile) -> datetime:
    """``due``, moved to the start of the user's waking hours if it falls outside them (as it
    is without a timezone)."""
    if profile.timezone is None:
        return due
    return planning.next_waking(due, zone(profile.timezone), profile.wake_start, profile.wake_end)


async def plan_next_seen_ask(
    session: AsyncSession, profile: UserProfile, episode_id: int, now: datetime
) -> None:
    """After an urgent result: the next "Were you seen?", or the closing safety net."""
    episode = await session.get(t.Episode, episode_id)
    if episode is None or episode.status != EpisodeStatus.OPEN.value:
        return
    given_at = await session.scalar(
        select(func.max(t.Escalation.created_at)).where(
            t.Escalation.episode_id == episode_id,
            t.Escalation.level >= int(Urgency.URGENT_TODAY),
        )
    )
    plan = esc.were_you_seen_plan(
        given_at or episode.logged_at, await seen_asks(session, episode_id)
    )
    if plan.step is esc.SeenStep.DONE or plan.at is None:
        return
    due = _waking(max(plan.at, now), profile)
    close = plan.step is esc.SeenStep.CLOSE
    await insert_reminder(
        session,
        user_id=profile.id,
        episode_id=episode_id,
        kind=ReminderKind.FOLLOW_UP.value,
        due_at=due,
        dedup_key=f"seen:{episode_id}:{'close' if close else plan.ask_number}:{due:%Y%m%d}",
        payload={"close": True} if close else {"ask": plan.ask_number},
        now=now,
    )


async def record_ignored(session: AsyncSession, reminder: ClaimedReminder, now: datetime) -> None:
    """A new nudge went out: the previous one of its kind, if nobody answered it, was ignored
    (part of the adherence record, with done, snoozed and paused)."""
    previous = await session.scalar(
        select(t.Reminder.id)
        .where(
            t.Reminder.user_id == reminder.user_id,
            t.Reminder.kind == reminder.kind.value,
            t.Reminder.status == ReminderStatus.SENT.value,
            t.Reminder.id != reminder.id,
        )
        .order_by(t.Reminder.sent_at.desc())
        .limit(1)
    )
    if previous is None:
        return
    answered = await session.scalar(
        select(t.ReminderEvent.id).where(t.ReminderEvent.reminder_id == previous).limit(1)
    )
    if answered is None:
        session.add(
            t.ReminderEvent(
                user_id=reminder.user_id,
                reminder_id=previous,
                kind=reminder.kind.value,
                action="ignored",
                at=now,
            )
        )


MISSED = esc.Rule.MISSED_CHECKINS


MISSED_REASON = N_("Two check-ins in a row without an answer")


def _missed_checkins(episode_id: int, user_id: int, now: datetime) -> t.Escalation:
    return t.Escalation(
        episode_id=episode_id,
        user_id=user_id,
        rule=MISSED.value,
        level=None,
        reason=MISSED_REASON,  # English, stored; the reports show it in the reader's language
        created_at=now,
    )


def _close(episode: t.Episode, now: datetime) -> None:
    episode.status = EpisodeStatus.CLOSED.value
    episode.closed_at = now


async def mark_blocked(session: AsyncSession, user_id: int, now: datetime) -> None:
    """The sweep got a 403: the user blocked the bot (their nudges stop for good)."""
    await UserRepository(session).mark_blocked(user_id, now)


class ReminderFollowUps:
    """Inserts the next occurrence in the transaction that records the previous one."""

    async def after_sent(
        self, session: AsyncSession, reminder: ClaimedReminder, now: datetime
    ) -> None:
        await self._next(session, reminder, now, sent=True)

    async def after_not_sent(
        self,
        session: AsyncSession,
        reminder: ClaimedReminder,
        status: ReminderStatus,
        now: datetime,
    ) -> None:
        del status
        await self._next(session, reminder, now, sent=False)

    async def _next(
        self, session: AsyncSession, reminder: ClaimedReminder, now: datetime, *, sent: bool
    ) -> None:
        profile = await UserRepository(session).get(reminder.user_id)
        if profile is None or profile.blocked:
            return  # nothing more until they come back (resume_after_block)
        if reminder.kind in NUDGES:
            if sent:
                await record_ignored(session, reminder, now)
            if reminder.payload.get("snooze"):
                return  # a snoozed copy: the regular chain goes on by itself
            after = max(now, reminder.due_at)
            await plan_nudge(session, profile, reminder.kind, after=after, now=now)
        elif reminder.kind is ReminderKind.CHECKIN and reminder.episode_id is not None:
            episode = await session.get(t.Episode, reminder.episode_id)
            if episode is None or episode.status != EpisodeStatus.OPEN.value:
                return
            seq = int(reminder.payload.get("seq", 1))
            history = await load_history(session, episode, now)
            if sent and esc.should_close_for_silence(history.current, now):
                # The closing text went out: now, in the transaction that records it, the
                # episode closes (if it had not gone out, the next check-in is planned instead).
                _close(episode, now)
                await cancel_for_episode(session, episode.id)
                return
            if sent:
                await record_asked(session, reminder.id, episode.id, profile.id, seq, now)
                await session.flush()
                history = await load_history(session, episode, now)
                found = esc.evaluate(history, now)
                if found is not None and any(f.rule is MISSED for f in found.new):
                    session.add(_missed_checkins(episode.id, profile.id, now))
            following = esc.next_checkin_seq(history.current, now)
            if following is not None:
                await plan_checkin(session, profile, episode, max(following, seq + 1), now)
        elif reminder.kind is ReminderKind.FOLLOW_UP and reminder.episode_id is not None:
            if not reminder.payload.get("close"):
                await plan_next_seen_ask(session, profile, reminder.episode_id, now)
                return
            episode = await session.get(t.Episode, reminder.episode_id)
            if episode is None or episode.status != EpisodeStatus.OPEN.value:
                return
            if sent:  # the close repeating the level went out: the episode closes with it
                _close(episode, now)
                await cancel_for_episode(session, episode.id)
                return
            # Not delivered: the episode stays open and keeps a row to say it again tomorrow.
            due = _waking(now + timedelta(days=1), profile)
            await insert_reminder(
                session,
                user_id=profile.id,
                episode_id=episode.id,
                kind=ReminderKind.FOLLOW_UP.value,
                due_at=due,
                dedup_key=f"seen:{episode.id}:close:{due:%Y%m%d}",
                payload={"close": True},
                now=now,
            )


@dataclass(frozen=True, slots=True)
class ReminderService:
    uow: UowFactory
    clock: Clock

    async def enable(self, user_id: int, *, fluid_limited: bool) -> Overview | None:
        """Turn hydration and stretching reminders on (they are opt-in). Idempotent: a double
        tap or a replay plans the same slots again, and today's remaining ones are kept."""
        now = self.clock.now()
        async with self.uow() as uow:
            row = await uow.users.locked(user_id)
            if row is None:
                return None
            row.hydration_on = row.stretch_on = True
            row.fluid_limited = fluid_limited
            row.blocked_at = None
            row.last_active_at = now
            profile = to_profile(row)
            await self._replan(uow.session, profile, now)
            return await self._overview(uow.session, profile, now)

    async def disable(self, user_id: int) -> Overview | None:
        """Stop hydration and stretching reminders for good (check-ins are safety: they stay)."""
        now = self.clock.now()
        async with self.uow() as uow:
            row = await uow.users.locked(user_id)
            if row is None:
                return None
            row.hydration_on = row.stretch_on = False
            # Pending nudges are deleted, not cancelled: a cancelled row keeps its single-use
            # dedup key, and turning reminders on again would then skip today's slots.
            await _delete_pending_nudges(uow.session, user_id)
            await cancel_for_user(uow.session, user_id, kinds=[k.value for k in NUDGES])
            return await self._overview(uow.session, to_profile(row), now)

    async def change(self, user_id: int, **values: Any) -> Overview | None:
        """Change hydration count, stretch times or waking hours, and re-plan the nudges."""
        allowed = {"hydration_per_day", "stretch_times", "wake_start", "wake_end"}
        if not set(values) <= allowed:
            raise ValueError(f"not a reminder setting: {sorted(set(values) - allowed)}")
        now = self.clock.now()
        async with self.uow() as uow:
            row = await uow.users.locked(user_id)
            if row is None:
                return None
            for key, value in values.items():
                setattr(row, key, value)
            profile = to_profile(row)
            await self._replan(uow.session, profile, now)
            return await self._overview(uow.session, profile, now)

    async def step_hydration(self, user_id: int, step: int) -> Overview | None:
        """One more or one fewer water reminder a day, within the allowed range, read and
        changed in one transaction (two quick taps make two steps, never a lost one)."""
        now = self.clock.now()
        async with self.uow() as uow:
            row = await uow.users.locked(user_id)
            if row is None:
                return None
            count = row.hydration_per_day + step
            row.hydration_per_day = max(
                th.HYDRATION_PER_DAY_MIN, min(th.HYDRATION_PER_DAY_MAX, count)
            )
            profile = to_profile(row)
            await self._replan(uow.session, profile, now)
            return await self._overview(uow.session, profile, now)

    async def pause_today(self, user_id: int) -> Overview | None:
        now = self.clock.now()
        async with self.uow() as uow:
            row = await uow.users.locked(user_id)
            if row is None:
                return None
            row.paused_on = _local_today(to_profile(row), now)
            profile = to_profile(row)
            uow.session.add(t.ReminderEvent(user_id=user_id, kind="all", action="paused", at=now))
            await self._replan(uow.session, profile, now)
            return await self._overview(uow.session, profile, now)

    async def resume(self, user_id: int) -> Overview | None:
        now = self.clock.now()
        async with self.uow() as uow:
            row = await uow.users.locked(user_id)
            if row is None:
                return None
            row.paused_on = None
            profile = to_profile(row)
            await self._replan(uow.session, profile, now)
            return await self._overview(uow.session, profile, now)

    async def set_timezone(self, user_id: int, text: str) -> UserProfile | None:
        """Store the zone the user typed or chose and move their planned nudges to its waking
        hours, in one transaction; None if it is not a zone we understand (or no such user)."""
        name = parse_zone(text)
        if name is None:
            return None
        now = self.clock.now()
        async with self.uow() as uow:
            row = await uow.users.locked(user_id)
            if row is None:
                return None
            row.timezone, row.awaiting = name, None
            profile = to_profile(row)
            await self._replan(uow.session, profile, now)
            return profile

    async def replan(self, user_id: int) -> None:
        """Re-plan the nudges after a change elsewhere (e.g. a new timezone)."""
        now = self.clock.now()
        async with self.uow() as uow:
            row = await uow.users.locked(user_id)
            if row is not None:
                await self._replan(uow.session, to_profile(row), now)

    async def resume_after_block(self, user_id: int) -> datetime | None:
        """The user unblocked the bot: they are active again, and the open episode's check-ins
        (or "Were you seen?") resume, because they are safety; water and stretch stay off until
        turned on. One transaction."""
        now = self.clock.now()
        async with self.uow() as uow:
            session = uow.session
            profile = await uow.users.touch(user_id, now)
            episode = await session.scalar(
                select(t.Episode)
                .where(t.Episode.user_id == user_id, t.Episode.status == EpisodeStatus.OPEN.value)
                .order_by(t.Episode.logged_at.desc())
                .limit(1)
            )
            if profile is None or episode is None:
                return None
            pending = await session.scalar(
                select(func.min(t.Reminder.due_at)).where(
                    t.Reminder.episode_id == episode.id,
                    t.Reminder.status == ReminderStatus.PENDING.value,
                )
            )
            if pending is not None:
                return pending
            # The block cancelled the unsent ones; a cancelled row keeps its single-use dedup
            # key, which would stop the same check-in or ask from being planned again.
            await session.execute(
                delete(t.Reminder).where(
                    t.Reminder.episode_id == episode.id,
                    t.Reminder.status == ReminderStatus.CANCELLED.value,
                    t.Reminder.sent_at.is_(None),
                    t.Reminder.kind.in_(
                        [ReminderKind.CHECKIN.value, ReminderKind.FOLLOW_UP.value]
                    ),
                )
            )
            if episode.urgency >= Urgency.URGENT_TODAY:
                await plan_next_seen_ask(session, profile, episode.id, now)
                return None
            last = await session.scalar(
                select(func.max(t.CheckIn.seq)).where(t.CheckIn.episode_id == episode.id)
            )
            return await plan_checkin(session, profile, episode, (last or 0) + 1, now)

    async def overview(self, user_id: int) -> Overview | None:
        now = self.clock.now()
        async with self.uow() as uow:
            profile = await uow.users.get(user_id)
            if profile is None:
                return None
            return await self._overview(uow.session, profile, now)

    async def respond(
        self, user_id: int, reminder_id: int, response: Response
    ) -> ReminderKind | None:
        """Done / Snooze / Pause on a nudge; stored as the adherence record. None if not theirs.

        One event per nudge: a double tap or a replay of the same answer changes nothing and
        returns the kind again; a different answer after the first returns None (stale). The
        user's row, then the reminder's, is locked first, so concurrent taps queue up."""
        now = self.clock.now()
        async with self.uow() as uow:
            user = await uow.users.locked(user_id)
            reminder = await uow.session.get(
                t.Reminder, reminder_id, with_for_update=_NO_KEY_UPDATE
            )
            if user is None or reminder is None or reminder.user_id != user_id:
                return None
            kind = ReminderKind(reminder.kind)
            if kind not in NUDGES:
                return None
            action = _ACTIONS[response]
            before = await uow.session.scalar(
                select(t.ReminderEvent.action)
                .where(
                    t.ReminderEvent.reminder_id == reminder_id,
                    t.ReminderEvent.action.in_(set(_ACTIONS.values())),
                )
                .limit(1)
            )
            if before is not None:
                return kind if before == action else None
            uow.session.add(
                t.ReminderEvent(
                    user_id=user_id,
                    reminder_id=reminder_id,
                    kind=kind.value,
                    action=action,
                    at=now,
                )
            )
            if response in SNOOZES:
                await insert_reminder(
                    uow.session,
                    user_id=user_id,
                    kind=kind.value,
                    due_at=now + SNOOZES[response],
                    dedup_key=f"snz:{reminder_id}:{response.value}",
                    payload={"snooze": True},
                    now=now,
                )
            elif response is Response.PAUSE:
                user.paused_on = _local_today(to_profile(user), now)
                await self._replan(uow.session, to_profile(user), now)
            return kind

    async def prepare(self, reminder: ClaimedReminder) -> Prepared | Skip:
        """Decide, just before sending, whether this reminder should go out now."""
        now = self.clock.now()
        async with self.uow() as uow:
            session = uow.session
            profile = await UserRepository(session).get(reminder.user_id)
            if profile is None or profile.blocked:
                return Skip("user gone or blocked")
            if profile.timezone is not None:
                tz = zone(profile.timezone)
                local = now.astimezone(tz)
                minute = planning.minutes_of(local)
                if not planning.is_waking(minute, profile.wake_start, profile.wake_end):
                    wake = planning.next_waking(now, tz, profile.wake_start, profile.wake_end)
                    return Skip("outside waking hours", wake - now)
            if reminder.kind in NUDGES:
                on = (
                    profile.hydration_on
                    if reminder.kind is ReminderKind.HYDRATION
                    else profile.stretch_on
                )
                if not on:
                    return Skip("turned off")
                if profile.paused_on_today(now):
                    return Skip("paused today")
                if await self._urgent_open(session, profile.id):
                    # No "💧 Water check" after "call 999": nudges wait until "Yes, I was
                    # assessed" or the episode closes (TRIAGE.md).
                    return Skip("urgent episode open: nudges paused")
                if reminder.kind is ReminderKind.HYDRATION and await self._drank_recently(
                    session, profile.id, now
                ):
                    return Skip("drink logged recently")
                return Prepared(profile, reminder.kind)
            report = reminder.payload.get("report")
            if reminder.kind is ReminderKind.FOLLOW_UP and isinstance(report, int):
                # "Yesterday you mentioned ...": an unconfirmed typed red flag, asked about once.
                row = await session.get(t.TextReport, report)
                if row is None or row.status != ReportStatus.UNCONFIRMED.value:
                    return Skip("typed report answered")
                return Prepared(
                    profile, reminder.kind, report=report, report_items=tuple(row.items)
                )
            episode = (
                await session.get(t.Episode, reminder.episode_id) if reminder.episode_id else None
            )
            if episode is None or episode.status != EpisodeStatus.OPEN.value:
                return Skip("episode closed")
            if reminder.kind is ReminderKind.FOLLOW_UP:
                if reminder.payload.get("close"):
                    # Decided here, applied only once it is sent (ReminderFollowUps).
                    level = Urgency(episode.urgency)
                    return Prepared(profile, reminder.kind, closing="safety_net", level=level)
                return Prepared(profile, reminder.kind)
            if episode.urgency >= Urgency.URGENT_TODAY:
                return Skip("urgent episode: no routine check-ins")
            seq = reminder.payload.get("seq")
            history = await load_history(session, episode, now)
            if esc.should_close_for_silence(history.current, now):
                return Prepared(profile, reminder.kind, closing="closing")  # closed once sent
            notice = None
            if isinstance(seq, int) and all(c.seq != seq for c in history.current.checkins):
                asked = esc.CheckInFacts(seq=seq, due_at=now)
                current = replace(history.current, checkins=(*history.current.checkins, asked))
                history = replace(history, current=current)
            found = esc.evaluate(history, now)
            if found is not None and any(f.rule is MISSED for f in found.new):
                notice = "missed_checkins"  # stored once it is sent (ReminderFollowUps)
            return Prepared(
                profile,
                reminder.kind,
                int(seq) if isinstance(seq, int) else None,
                notice,
                side=episode.side,
                logged_at=episode.logged_at,
            )

    @staticmethod
    async def _urgent_open(session: AsyncSession, user_id: int) -> bool:
        found = await session.scalar(
            select(t.Episode.id)
            .where(
                t.Episode.user_id == user_id,
                t.Episode.status == EpisodeStatus.OPEN.value,
                t.Episode.urgency >= int(Urgency.URGENT_TODAY),
                t.Episode.seen_at.is_(None),
            )
            .limit(1)
        )
        return found is not None

    @staticmethod
    async def _drank_recently(session: AsyncSession, user_id: int, now: datetime) -> bool:
        count = await session.scalar(
            select(func.count())
            .select_from(t.ReminderEvent)
            .where(
                t.ReminderEvent.user_id == user_id,
                t.ReminderEvent.kind == ReminderKind.HYDRATION.value,
                t.ReminderEvent.action == "done",
                t.ReminderEvent.at >= now - th.HYDRATION_SKIP_AFTER_DRINK,
            )
        )
        return bool(count)

    async def _replan(self, session: AsyncSession, profile: UserProfile, now: datetime) -> None:
        # Pending nudges were never sent: delete them (not cancel), so their slots can be
        # planned again under the new settings.
        await _delete_pending_nudges(session, profile.id)
        for kind in NUDGES:
            await plan_nudge(session, profile, kind, after=now, now=now)

    @staticmethod
    async def _overview(session: AsyncSession, profile: UserProfile, now: datetime) -> Overview:
        await session.flush()
        rows = (
            await session.execute(
                select(t.Reminder.kind, t.Reminder.due_at)
                .where(t.Reminder.user_id == profile.id, t.Reminder.status.in_(_OPEN))
                .order_by(t.Reminder.due_at)
                .limit(10)
            )
        ).all()
        upcoming = tuple(Upcoming(ReminderKind(k), due) for k, due in rows)
        return Overview(profile, upcoming, profile.paused_on_today(now))
