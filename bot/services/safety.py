"""Red flags: one code path that finishes with a ticked or typed red flag, and typed reports.

TRIAGE.md: "A red flag once seen is never lost. Whatever the user does next (a new /twitch,
/cancel, Back, a second check-in keyboard, "Gone", letting the screen expire, a restart of the
bot), a ticked or typed red flag has the same effect as finishing with it: the level is stored on
the episode (raised, never lowered), the escalation is recorded, routine reminders and check-ins
for the episode stop, the "Were you seen?" follow-up is planned, and the user has been given that
level's advice once." ``commit_red_flag`` is that effect; every exit calls it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.db.uow import UnitOfWork
from bot.domain import planning
from bot.domain import redflags as rf
from bot.domain import thresholds as th
from bot.domain import triage as tr
from bot.domain.model import ReminderKind, Urgency, UserProfile
from bot.domain.reasons import Reason
from bot.domain.redflags import ReportStatus
from bot.domain.timezones import zone
from bot.services.ports import Clock
from bot.services.reminders import plan_follow_up
from bot.services.uow import UowFactory

log = logging.getLogger(__name__)


class Rule(StrEnum):
    """Why a red flag was committed (stored on the escalation row)."""

    LEFT_TRIAGE = "red_flag_left_triage"  # Back, Cancel, /twitch again, expiry, restart
    LEFT_CHECKIN = "red_flag_left_checkin"  # Back at a check-in
    TYPED = "free_text"  # "Yes, this is happening now" after a typed red flag


@dataclass(frozen=True, slots=True)
class Committed:
    episode_id: int
    raised: bool  # the episode's level went up (or a new episode was started)
    recorded: bool  # an escalation was stored now (False: this flag was finished with already)


async def commit_red_flag(
    uow: UnitOfWork,
    profile: UserProfile,
    level: Urgency,
    *,
    items: frozenset[str] | list[str],
    rule: Rule,
    now: datetime,
    episode_id: int | None = None,
) -> Committed:
    """Finish with a red flag: the level on the episode (started if there is none), the
    escalation recorded, routine check-ins replaced by "Were you seen?" (nudges pause while an
    urgent episode is open: see ``ReminderService.prepare``). Idempotent for the same level."""
    episodes = uow.episodes
    episode = await episodes.get(episode_id, profile.id) if episode_id is not None else None
    if episode is None or not episode.open:
        episode = await episodes.open_for(profile.id)
    ids = rf.ordered(items)
    raised = False
    if episode is None:
        emergency = frozenset(i for i in ids if rf.level_of(i) is Urgency.EMERGENCY)
        same_day = frozenset(i for i in ids if i in {x.id for x in tr.SAME_DAY_ITEMS})
        answers = tr.Answers(emergency=emergency, same_day=same_day)
        current = await episodes.create(
            user_id=profile.id,
            logged_at=now,
            onset_at=now,
            answers=answers.to_dict(),
            urgency=level,
            reasons=_reasons(ids),
        )
        urgency = level
        raised = True
    else:
        current, urgency = episode.id, episode.urgency
        if level > urgency:
            await episodes.set_level(current, level, _reasons(ids))
            urgency = level
            raised = True
    already = await episodes.escalated_since(current, level, now - th.TRIAGE_EXPIRY)
    recorded = raised or not already
    if recorded:
        await episodes.record_escalation(
            current,
            profile.id,
            rule=rule.value,
            level=level,
            reasons=[Reason(i) for i in ids],
            now=now,
        )
    if level >= Urgency.URGENT_TODAY:
        await plan_follow_up(uow, profile, current, Urgency(urgency), now)
    log.info(
        "red flag committed: user %s episode %s level %s rule %s",
        profile.id,
        current,
        level.name,
        rule.value,
    )
    return Committed(current, raised, recorded)


# --- typed reports ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TypedReport:
    report_id: int | None  # None before consent: nothing is stored
    level: Urgency
    items: tuple[str, ...]
    profile: UserProfile | None


@dataclass(frozen=True, slots=True)
class ReportAnswer:
    level: Urgency
    items: tuple[str, ...]
    profile: UserProfile | None
    recorded: bool  # stored on an episode now (False when answered already, or before consent)


@dataclass(frozen=True, slots=True)
class SafetyService:
    uow: UowFactory
    clock: Clock

    async def typed(self, user_id: int, items: frozenset[str]) -> TypedReport | None:
        """A typed message named these red-flag items: store the report (item ids and level,
        never the text) for a consented user. None when no item calls for a level."""
        level = rf.highest(items)
        if level is None:
            return None
        ids = rf.ordered(items)
        now = self.clock.now()
        async with self.uow() as uow:
            profile = await uow.users.touch(user_id, now)
            if profile is None or not profile.onboarded or level < Urgency.URGENT_TODAY:
                return TypedReport(None, level, ids, profile)
            report_id = await uow.reports.add(user_id, int(level), list(ids), now)
            return TypedReport(report_id, level, ids, profile)

    async def answer(self, user_id: int, report_id: int, happening: bool) -> ReportAnswer | None:
        """ "Yes, this is happening now" (recorded on the open episode, or one is started, with
        the after-emergency follow-up) or "No, I was just describing". None if not theirs."""
        now = self.clock.now()
        async with self.uow() as uow:
            report = await uow.reports.get(report_id, lock=True)
            if report is None or report.user_id != user_id:
                return None
            profile = await uow.users.touch(user_id, now)
            level, items = Urgency(report.level), report.items
            if report.status in (ReportStatus.CONFIRMED.value, ReportStatus.DESCRIBING.value):
                return ReportAnswer(level, items, profile, recorded=False)
            if not happening:
                await uow.reports.answer(report_id, ReportStatus.DESCRIBING.value, now)
                return ReportAnswer(level, items, profile, recorded=False)
            await uow.reports.answer(report_id, ReportStatus.CONFIRMED.value, now)
            if profile is None:
                return ReportAnswer(level, items, profile, recorded=False)
            done = await commit_red_flag(
                uow, profile, level, items=list(items), rule=Rule.TYPED, now=now
            )
            await uow.reports.set_episode(report_id, done.episode_id)
            return ReportAnswer(level, items, profile, recorded=True)

    async def expire_unanswered(self) -> int:
        """Reports left unanswered for 30 minutes: kept as unconfirmed (level and items), and one
        follow-up planned for the next day ("Yesterday you mentioned ..."). Nudges go on."""
        now = self.clock.now()
        async with self.uow() as uow:
            rows = await uow.reports.expire_open(now - th.TRIAGE_EXPIRY, limit=100)
            for row in rows:
                profile = await uow.users.get(row.user_id)
                if profile is None:
                    continue
                await uow.reminders.insert(
                    user_id=row.user_id,
                    kind=ReminderKind.FOLLOW_UP.value,
                    due_at=_next_day(profile, row.created_at),
                    dedup_key=f"txt:{row.id}",
                    payload={"report": row.id},
                    now=now,
                )
            return len(rows)

    async def reported(self, user_id: int, report_id: int) -> TypedReport | None:
        """An unconfirmed report, for its next-day follow-up (None once answered or gone)."""
        async with self.uow() as uow:
            row = await uow.reports.get(report_id)
            if row is None or row.user_id != user_id:
                return None
            if row.status != ReportStatus.UNCONFIRMED.value:
                return None
            profile = await uow.users.get(user_id)
            return TypedReport(row.id, Urgency(row.level), row.items, profile)


def _reasons(ids: tuple[str, ...]) -> list[dict[str, object]]:
    """Stored like a triage result's reasons: one per checklist item (the typed heat-illness
    sign is on the escalation row only: it is not a checklist item)."""
    return [
        {**Reason(i).stored(), "level": int(level)}
        for i in ids
        if i != rf.HEAT_ILLNESS and (level := rf.level_of(i)) is not None
    ]


def _next_day(profile: UserProfile, asked: datetime) -> datetime:
    """The next day near the time of the report, in waking hours; 24 hours later without a
    timezone (TRIAGE.md)."""
    if profile.timezone is None:
        return asked + timedelta(days=1)
    return planning.checkin_due(
        asked, 1, zone(profile.timezone), profile.wake_start, profile.wake_end
    )
