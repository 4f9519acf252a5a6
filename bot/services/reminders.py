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
from typing import Any, Protocol

from bot.db.reminders import ClaimedReminder
from bot.db.uow import UnitOfWork
from bot.domain import escalation as esc
from bot.domain import planning, wording
from bot.domain import thresholds as th
from bot.domain.model import EpisodeStatus, ReminderKind, ReminderStatus, Urgency, UserProfile
from bot.domain.reasons import Reason
from bot.domain.redflags import ReportStatus
from bot.domain.timezones import parse_zone, zone
from bot.services.ports import Clock
from bot.services.uow import UowFactory

log = logging.getLogger(__name__)
NUDGES = (ReminderKind.HYDRATION, ReminderKind.STRETCH)
_MAX_SLOT_TRIES = 12


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


class _Episode(Protocol):
    """What planning a check-in reads of an episode (an ``EpisodeRecord``)."""

    @property
    def id(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def urgency(self) -> int: ...
    @property
    def logged_at(self) -> datetime: ...


async def episode_history(uow: UnitOfWork, episode_id: int, now: datetime) -> esc.History:
    """The episode's stored history as the rules see it (the episode was read in this unit of
    work: its row is not read again)."""
    history = await uow.history.load(episode_id, now)
    if history is None:
        raise LookupError(f"episode {episode_id} is gone")
    return history


def _local_today(profile: UserProfile, now: datetime) -> date:
    return profile.local_date(now)


async def plan_nudge(
    uow: UnitOfWork,
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
        inserted = await uow.reminders.insert(
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
    uow: UnitOfWork, profile: UserProfile, episode: _Episode, seq: int, now: datetime
) -> datetime | None:
    """Insert check-in number ``seq`` of an open episode (days 1, 2, 3, 5, 7, 10, 14, weekly)."""
    if episode.status != EpisodeStatus.OPEN.value or episode.urgency >= Urgency.URGENT_TODAY:
        return None
    while True:
        day = planning.checkin_day(seq)
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
    await uow.reminders.insert(
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
    uow: UnitOfWork, profile: UserProfile, episode_id: int, level: Urgency, now: datetime
) -> datetime:
    """After a result or an escalation: the first check-in (self-care, see-GP), or for the
    urgent levels "Were you seen?" the next day instead of routine check-ins."""
    if profile.timezone:
        tz = zone(profile.timezone)
        due = planning.checkin_due(now, 1, tz, profile.wake_start, profile.wake_end)
    else:
        due = now + timedelta(days=1)
    if level >= Urgency.URGENT_TODAY:
        await uow.reminders.cancel_for_episode(episode_id, kinds=[ReminderKind.CHECKIN.value])
        # The key plan_next_seen_ask gives ask 1 due that day: an ask planned again (coming
        # back after a block, then a new urgent result) is stored once, not twice.
        kind, key, payload = (
            ReminderKind.FOLLOW_UP,
            f"seen:{episode_id}:1:{due:%Y%m%d}",
            {"ask": 1},
        )
    else:
        kind, key, payload = ReminderKind.CHECKIN, f"chk:{episode_id}:1", {"seq": 1}
    # A cancelled, never-sent row (a block, or "Yes, I was assessed" cancelling the ask) keeps
    # its single-use key: it would stop a new urgent result the same day from planning its
    # "Were you seen?" at all (fuzz finding).
    await uow.reminders.delete_cancelled_unsent(episode_id, (kind,))
    inserted = await uow.reminders.insert(
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
        stored = await uow.reminders.next_due(episode_id, kind=kind, open_too=True)
        return stored or due
    return due


async def seen_asks(uow: UnitOfWork, episode_id: int) -> list[esc.SeenAsk]:
    """The "Were you seen?" asks sent for an episode, with their answers."""
    return [
        esc.SeenAsk(sent_at, esc.SeenAnswer(answer) if answer is not None else None)
        for sent_at, answer in await uow.reminders.sent_asks(episode_id)
    ]


def _waking(due: datetime, profile: UserProfile) -> datetime:
    """``due``, moved to the start of the user's waking hours if it falls outside them (as it
    is without a timezone)."""
    if profile.timezone is None:
        return due
    return planning.next_waking(due, zone(profile.timezone), profile.wake_start, profile.wake_end)


async def plan_next_seen_ask(
    uow: UnitOfWork, profile: UserProfile, episode_id: int, now: datetime
) -> None:
    """After an urgent result: the next "Were you seen?", or the closing safety net."""
    episode = await uow.episodes.get(episode_id, profile.id)
    if episode is None or episode.status != EpisodeStatus.OPEN.value:
        return
    given_at = await uow.episodes.last_escalated_at(episode_id, Urgency.URGENT_TODAY)
    plan = esc.were_you_seen_plan(given_at or episode.logged_at, await seen_asks(uow, episode_id))
    if plan.step is esc.SeenStep.DONE or plan.at is None:
        return
    due = _waking(max(plan.at, now), profile)
    close = plan.step is esc.SeenStep.CLOSE
    await uow.reminders.insert(
        user_id=profile.id,
        episode_id=episode_id,
        kind=ReminderKind.FOLLOW_UP.value,
        due_at=due,
        dedup_key=f"seen:{episode_id}:{'close' if close else plan.ask_number}:{due:%Y%m%d}",
        payload={"close": True} if close else {"ask": plan.ask_number},
        now=now,
    )


async def record_ignored(uow: UnitOfWork, reminder: ClaimedReminder, now: datetime) -> None:
    """A new nudge went out: the previous one of its kind, if nobody answered it, was ignored
    (part of the adherence record, with done, snoozed and paused)."""
    await uow.reminders.mark_previous_ignored(reminder.user_id, reminder.kind, reminder.id, now)


MISSED = esc.Rule.MISSED_CHECKINS


MISSED_NOTICE = Reason("missed_notice")
MISSED_REASON = wording.TEXTS["reason.missed_notice"]  # its English words (older rows hold them)


async def _store_missed_checkins(
    uow: UnitOfWork, episode_id: int, user_id: int, now: datetime
) -> None:
    await uow.episodes.record_escalation(
        episode_id,
        user_id,
        rule=MISSED.value,
        level=None,
        reasons=[MISSED_NOTICE],  # an id: the reports say it in the reader's language
        now=now,
    )


async def _close(uow: UnitOfWork, episode_id: int, now: datetime) -> None:
    """The episode closes and its unsent reminders are cancelled."""
    await uow.episodes.close(episode_id, now)
    await uow.reminders.cancel_for_episode(episode_id)


async def mark_blocked(uow: UnitOfWork, user_id: int, now: datetime) -> None:
    """The sweep got a 403: the user blocked the bot (their nudges stop for good)."""
    await uow.users.mark_blocked(user_id, now)


class ReminderFollowUps:
    """Inserts the next occurrence in the transaction that records the previous one."""

    async def after_sent(self, uow: UnitOfWork, reminder: ClaimedReminder, now: datetime) -> None:
        await self._next(uow, reminder, now, sent=True)

    async def after_not_sent(
        self,
        uow: UnitOfWork,
        reminder: ClaimedReminder,
        status: ReminderStatus,
        now: datetime,
    ) -> None:
        del status
        await self._next(uow, reminder, now, sent=False)

    async def _next(
        self, uow: UnitOfWork, reminder: ClaimedReminder, now: datetime, *, sent: bool
    ) -> None:
        profile = await uow.users.get(reminder.user_id)
        if profile is None or profile.blocked:
            return  # nothing more until they come back (resume_after_block)
        if reminder.kind in NUDGES:
            if sent:
                await record_ignored(uow, reminder, now)
            if reminder.payload.get("snooze"):
                return  # a snoozed copy: the regular chain goes on by itself
            after = max(now, reminder.due_at)
            await plan_nudge(uow, profile, reminder.kind, after=after, now=now)
        elif reminder.kind is ReminderKind.CHECKIN and reminder.episode_id is not None:
            episode = await uow.episodes.get(reminder.episode_id, reminder.user_id)
            if episode is None or episode.status != EpisodeStatus.OPEN.value:
                return
            seq = int(reminder.payload.get("seq", 1))
            history = await episode_history(uow, episode.id, now)
            if sent and esc.should_close_for_silence(history.current, now):
                # The closing text went out: now, in the transaction that records it, the
                # episode closes (if it had not gone out, the next check-in is planned instead).
                await _close(uow, episode.id, now)
                return
            if sent:
                await uow.history.record_asked(reminder.id, episode.id, profile.id, seq, now)
                await uow.flush()
                history = await episode_history(uow, episode.id, now)
                found = esc.evaluate(history, now)
                if found is not None and any(f.rule is MISSED for f in found.new):
                    await _store_missed_checkins(uow, episode.id, profile.id, now)
            following = esc.next_checkin_seq(history.current, now)
            if following is not None:
                await plan_checkin(uow, profile, episode, max(following, seq + 1), now)
        elif reminder.kind is ReminderKind.FOLLOW_UP and reminder.episode_id is not None:
            if not reminder.payload.get("close"):
                await plan_next_seen_ask(uow, profile, reminder.episode_id, now)
                return
            episode = await uow.episodes.get(reminder.episode_id, reminder.user_id)
            if episode is None or episode.status != EpisodeStatus.OPEN.value:
                return
            if sent:  # the close repeating the level went out: the episode closes with it
                await _close(uow, episode.id, now)
                return
            # Not delivered: the episode stays open and keeps a row to say it again tomorrow.
            due = _waking(now + timedelta(days=1), profile)
            await uow.reminders.insert(
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
            if await uow.users.locked_profile(user_id) is None:
                return None
            profile = await uow.users.set_reminders(
                user_id,
                hydration_on=True,
                stretch_on=True,
                fluid_limited=fluid_limited,
                blocked_at=None,
                last_active_at=now,
            )
            await self._replan(uow, profile, now)
            return await self._overview(uow, profile, now)

    async def disable(self, user_id: int) -> Overview | None:
        """Stop hydration and stretching reminders for good (check-ins are safety: they stay)."""
        now = self.clock.now()
        async with self.uow() as uow:
            if await uow.users.locked_profile(user_id) is None:
                return None
            profile = await uow.users.set_reminders(user_id, hydration_on=False, stretch_on=False)
            # Pending nudges are deleted, not cancelled: a cancelled row keeps its single-use
            # dedup key, and turning reminders on again would then skip today's slots.
            await uow.reminders.delete_pending(user_id, NUDGES)
            await uow.reminders.cancel_for_user(user_id, kinds=[k.value for k in NUDGES])
            return await self._overview(uow, profile, now)

    async def change(self, user_id: int, **values: Any) -> Overview | None:
        """Change hydration count, stretch times or waking hours, and re-plan the nudges."""
        allowed = {"hydration_per_day", "stretch_times", "wake_start", "wake_end"}
        if not set(values) <= allowed:
            raise ValueError(f"not a reminder setting: {sorted(set(values) - allowed)}")
        now = self.clock.now()
        async with self.uow() as uow:
            if await uow.users.locked_profile(user_id) is None:
                return None
            profile = await uow.users.set_reminders(user_id, **values)
            await self._replan(uow, profile, now)
            return await self._overview(uow, profile, now)

    async def step_hydration(self, user_id: int, step: int) -> Overview | None:
        """One more or one fewer water reminder a day, within the allowed range, read and
        changed in one transaction (two quick taps make two steps, never a lost one)."""
        now = self.clock.now()
        async with self.uow() as uow:
            before = await uow.users.locked_profile(user_id)
            if before is None:
                return None
            count = before.hydration_per_day + step
            profile = await uow.users.set_reminders(
                user_id,
                hydration_per_day=max(
                    th.HYDRATION_PER_DAY_MIN, min(th.HYDRATION_PER_DAY_MAX, count)
                ),
            )
            await self._replan(uow, profile, now)
            return await self._overview(uow, profile, now)

    async def pause_today(self, user_id: int) -> Overview | None:
        now = self.clock.now()
        async with self.uow() as uow:
            before = await uow.users.locked_profile(user_id)
            if before is None:
                return None
            profile = await uow.users.set_reminders(user_id, paused_on=_local_today(before, now))
            await uow.reminders.add_event(user_id, "all", "paused", now)
            await self._replan(uow, profile, now)
            return await self._overview(uow, profile, now)

    async def resume(self, user_id: int) -> Overview | None:
        now = self.clock.now()
        async with self.uow() as uow:
            if await uow.users.locked_profile(user_id) is None:
                return None
            profile = await uow.users.set_reminders(user_id, paused_on=None)
            await self._replan(uow, profile, now)
            return await self._overview(uow, profile, now)

    async def set_timezone(self, user_id: int, text: str) -> UserProfile | None:
        """Store the zone the user typed or chose and move their planned nudges to its waking
        hours, in one transaction; None if it is not a zone we understand (or no such user)."""
        name = parse_zone(text)
        if name is None:
            return None
        now = self.clock.now()
        async with self.uow() as uow:
            if await uow.users.locked_profile(user_id) is None:
                return None
            profile = await uow.users.set_reminders(user_id, timezone=name, awaiting=None)
            await self._replan(uow, profile, now)
            return profile

    async def replan(self, user_id: int) -> None:
        """Re-plan the nudges after a change elsewhere (e.g. a new timezone)."""
        now = self.clock.now()
        async with self.uow() as uow:
            profile = await uow.users.locked_profile(user_id)
            if profile is not None:
                await self._replan(uow, profile, now)

    async def resume_after_block(self, user_id: int) -> datetime | None:
        """The user unblocked the bot: they are active again, and the open episode's check-ins
        (or "Were you seen?") resume, because they are safety; water and stretch stay off until
        turned on. One transaction."""
        now = self.clock.now()
        async with self.uow() as uow:
            profile = await uow.users.touch(user_id, now)
            episode = await uow.episodes.open_for(user_id)
            if profile is None or episode is None:
                return None
            pending = await uow.reminders.next_due(episode.id)
            if pending is not None:
                return pending
            # The block cancelled the unsent ones; a cancelled row keeps its single-use dedup
            # key, which would stop the same check-in or ask from being planned again.
            await uow.reminders.delete_cancelled_unsent(
                episode.id, (ReminderKind.CHECKIN, ReminderKind.FOLLOW_UP)
            )
            if episode.urgency >= Urgency.URGENT_TODAY:
                await plan_next_seen_ask(uow, profile, episode.id, now)
                return None
            last = await uow.checkins.newest_seq(episode.id)
            return await plan_checkin(uow, profile, episode, (last or 0) + 1, now)

    async def overview(self, user_id: int) -> Overview | None:
        now = self.clock.now()
        async with self.uow() as uow:
            profile = await uow.users.get(user_id)
            if profile is None:
                return None
            return await self._overview(uow, profile, now)

    async def respond(
        self, user_id: int, reminder_id: int, response: Response
    ) -> ReminderKind | None:
        """Done / Snooze / Pause on a nudge; stored as the adherence record. None if not theirs.

        One event per nudge: a double tap or a replay of the same answer changes nothing and
        returns the kind again; a different answer after the first returns None (stale). The
        user's row, then the reminder's, is locked first, so concurrent taps queue up."""
        now = self.clock.now()
        async with self.uow() as uow:
            user = await uow.users.locked_profile(user_id)
            reminder = await uow.reminders.get(reminder_id, lock=True)
            if user is None or reminder is None or reminder.user_id != user_id:
                return None
            kind = reminder.kind
            if kind not in NUDGES:
                return None
            action = _ACTIONS[response]
            before = await uow.reminders.answer_of(reminder_id, _ACTIONS.values())
            if before is not None:
                return kind if before == action else None
            await uow.reminders.add_event(user_id, kind.value, action, now, reminder_id)
            if response in SNOOZES:
                await uow.reminders.insert(
                    user_id=user_id,
                    kind=kind.value,
                    due_at=now + SNOOZES[response],
                    dedup_key=f"snz:{reminder_id}:{response.value}",
                    payload={"snooze": True},
                    now=now,
                )
            elif response is Response.PAUSE:
                profile = await uow.users.set_reminders(user_id, paused_on=_local_today(user, now))
                await self._replan(uow, profile, now)
            return kind

    async def prepare(self, reminder: ClaimedReminder) -> Prepared | Skip:
        """Decide, just before sending, whether this reminder should go out now."""
        now = self.clock.now()
        async with self.uow() as uow:
            profile = await uow.users.get(reminder.user_id)
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
                if await uow.episodes.urgent_open(profile.id):
                    # No "💧 Water check" after "call 999": nudges wait until "Yes, I was
                    # assessed" or the episode closes (TRIAGE.md).
                    return Skip("urgent episode open: nudges paused")
                if reminder.kind is ReminderKind.HYDRATION and await uow.reminders.done_since(
                    profile.id, ReminderKind.HYDRATION, now - th.HYDRATION_SKIP_AFTER_DRINK
                ):
                    return Skip("drink logged recently")
                return Prepared(profile, reminder.kind)
            report = reminder.payload.get("report")
            if reminder.kind is ReminderKind.FOLLOW_UP and isinstance(report, int):
                # "Yesterday you mentioned ...": an unconfirmed typed red flag, asked about once.
                stored = await uow.reports.get(report)
                if stored is None or stored.status != ReportStatus.UNCONFIRMED.value:
                    return Skip("typed report answered")
                return Prepared(profile, reminder.kind, report=report, report_items=stored.items)
            episode = (
                await uow.episodes.get(reminder.episode_id, reminder.user_id)
                if reminder.episode_id
                else None
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
            history = await episode_history(uow, episode.id, now)
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
    async def _replan(uow: UnitOfWork, profile: UserProfile, now: datetime) -> None:
        # Pending nudges were never sent: delete them (not cancel), so their slots can be
        # planned again under the new settings.
        await uow.reminders.delete_pending(profile.id, NUDGES)
        for kind in NUDGES:
            await plan_nudge(uow, profile, kind, after=now, now=now)

    @staticmethod
    async def _overview(uow: UnitOfWork, profile: UserProfile, now: datetime) -> Overview:
        rows = await uow.reminders.upcoming(profile.id, limit=10)
        upcoming = tuple(Upcoming(kind, due) for kind, due in rows)
        return Overview(profile, upcoming, profile.paused_on_today(now))
