"""Load an episode's stored history as the pure escalation rules see it (bot.domain.escalation)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import tables as t
from bot.domain import escalation as esc
from bot.domain import thresholds as th
from bot.domain.model import Frequency, Urgency

DONE_RECENTLY = th.SELF_CARE_DONE_RECENTLY


def _checkin_facts(row: t.CheckIn) -> esc.CheckInFacts:
    if row.answered_at is None or row.status is None:
        return esc.CheckInFacts(seq=row.seq, due_at=row.asked_at)
    return esc.CheckInFacts(
        seq=row.seq,
        due_at=row.asked_at,
        answered_at=row.answered_at,
        status=esc.CheckStatus(row.status),
        red_flags=frozenset(row.red_flags or ()),
        intensity=row.intensity,
        frequency=Frequency(row.frequency) if row.frequency else None,
        new_place=row.new_place,
    )


async def load_history(session: AsyncSession, episode: t.Episode, now: datetime) -> esc.History:
    checkins = (
        (
            await session.execute(
                select(t.CheckIn).where(t.CheckIn.episode_id == episode.id).order_by(t.CheckIn.seq)
            )
        )
        .scalars()
        .all()
    )
    rows = (
        (await session.execute(select(t.Escalation).where(t.Escalation.episode_id == episode.id)))
        .scalars()
        .all()
    )
    given: list[esc.GivenEscalation] = []
    professional = False
    for row in rows:
        rule = esc.Rule.from_stored(row.rule)
        level = Urgency(row.level) if row.level is not None else None
        if rule is not None:
            given.append(esc.GivenEscalation(rule, level, row.created_at))
        elif row.rule == "triage" and level is Urgency.SELF_CARE:
            professional = True
    reason_ids = [str(r.get("id")) for r in episode.reasons or () if isinstance(r, dict)]
    given.extend(
        esc.given_from_triage(reason_ids, professional_advice=professional, at=episode.logged_at)
    )
    done = await session.scalar(
        select(t.ReminderEvent.id)
        .where(
            t.ReminderEvent.user_id == episode.user_id,
            t.ReminderEvent.action == "done",
            t.ReminderEvent.at >= now - DONE_RECENTLY,
        )
        .limit(1)
    )
    others = (
        await session.execute(
            # An earlier episode counts by the later of its onset and its logging time (the
            # reading that keeps it inside the window, TRIAGE.md); onset is never after logging.
            select(t.Episode.logged_at).where(
                t.Episode.user_id == episode.user_id,
                t.Episode.id != episode.id,
                t.Episode.logged_at >= episode.logged_at - th.RECURRENCE_LONG_WINDOW,
            )
        )
    ).scalars()
    facts = esc.EpisodeFacts(
        id=episode.id,
        onset_at=episode.onset_at,
        logged_at=episode.logged_at,
        urgency=Urgency(episode.urgency),
        first_intensity=episode.intensity_first,
        booked_at=episode.booked_at,
        seen_at=episode.seen_at,
        closed_at=episode.closed_at,
        checkins=tuple(_checkin_facts(c) for c in checkins),
        escalations_given=tuple(given),
        reminders_done_recently=done is not None,
    )
    return esc.History(current=facts, other_episode_starts=tuple(others))


async def record_asked(
    session: AsyncSession, reminder_id: int, episode_id: int, user_id: int, seq: int, now: datetime
) -> None:
    """The check-in message went out: its row exists from now on (for answers and misses)."""
    found = await session.scalar(
        select(t.CheckIn).where(t.CheckIn.episode_id == episode_id, t.CheckIn.seq == seq)
    )
    if found is None:
        session.add(
            t.CheckIn(
                episode_id=episode_id,
                user_id=user_id,
                seq=seq,
                asked_at=now,
                reminder_id=reminder_id,
                red_flags=[],
            )
        )
    else:
        found.reminder_id = reminder_id
