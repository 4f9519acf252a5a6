"""A user's own records: /history and its chart and buttons, the PDF summary, the export.

Each use case opens one unit of work. Rendering (the chart and the PDF: tenths of a second of CPU)
happens after the session is closed, in a worker thread, so the event loop keeps serving others.

Every episode action checks that the episode is the caller's (and, except delete, still open); a
stale, forged or someone else's episode id changes nothing and returns None/False.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, delete, false, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import tables as t
from bot.db.base import Base
from bot.db.repositories import to_episode
from bot.db.uow import UnitOfWork
from bot.domain.model import EpisodeRecord, EpisodeStatus, ReminderKind, Urgency, UserProfile
from bot.reports import (
    ADHERENCE_KINDS,
    SENT,
    AdviceGiven,
    ChartData,
    CheckInAnswer,
    EpisodeSummary,
    Rating,
    Records,
    ReminderActivity,
    local_day,
    user_zone,
    zone_label,
)
from bot.reports import chart_data as build_chart_data
from bot.reports.export import TableDump, build_zip, readable
from bot.reports.summary import share_text
from bot.scheduling.claims import cancel_for_episode
from bot.services.ports import Clock
from bot.services.reminders import plan_checkin
from bot.services.uow import UowFactory

log = logging.getLogger(__name__)
RECENT = 10  # episodes listed by /history


@dataclass(frozen=True, slots=True)
class Report:
    pdf: bytes
    summary: str  # plain text, one message (not escaped)


@dataclass(frozen=True, slots=True)
class ChartPicture:
    png: bytes
    days: int  # how many days it shows (up to today)


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One line of /history (dates are the user's local dates)."""

    id: int
    logged_on: date
    started_on: date  # onset: the upper end of the "How long?" answer
    lasted: timedelta  # onset to stop, or to now while open
    side: str | None
    worst_intensity: int | None
    level: Urgency
    status: EpisodeStatus
    closed_on: date | None
    booked_on: date | None
    seen_on: date | None

    @property
    def open(self) -> bool:
        return self.status is EpisodeStatus.OPEN


@dataclass(frozen=True, slots=True)
class HistoryView:
    profile: UserProfile
    today: date  # local
    entries: tuple[HistoryEntry, ...]  # newest first, at most RECENT
    total: int  # episodes stored
    open_ids: tuple[int, ...]  # every open episode (newest first), listed or not

    @property
    def open_entries(self) -> tuple[HistoryEntry, ...]:
        return tuple(e for e in self.entries if e.open)


@dataclass(frozen=True, slots=True)
class RecordsService:
    uow: UowFactory
    clock: Clock

    # --- reading ---------------------------------------------------------------------------

    async def history(self, user_id: int) -> HistoryView | None:
        """Recent episodes, newest first; None for someone who never consented."""
        now = self.clock.now()
        async with self.uow() as uow:
            profile = await uow.users.touch(user_id, now)
            if profile is None:
                return None
            records = await _load(uow.session, profile, now)
        tz = records.tz
        entries = tuple(
            HistoryEntry(
                id=e.id,
                logged_on=local_day(e.logged_at, tz),
                started_on=local_day(e.onset_at, tz),
                lasted=e.lasted(now),
                side=e.side,
                worst_intensity=e.worst_intensity,
                level=e.urgency,
                status=e.status,
                closed_on=_day(e.closed_at, records),
                booked_on=_day(e.booked_at, records),
                seen_on=_day(e.seen_at, records),
            )
            for e in records.episodes[:RECENT]
        )
        return HistoryView(
            profile, local_day(now, tz), entries, len(records.episodes), records.open_ids
        )

    async def records(self, user_id: int) -> Records | None:
        """Everything the chart and the PDF show (None for an unknown user)."""
        now = self.clock.now()
        async with self.uow() as uow:
            profile = await uow.users.get(user_id)
            if profile is None:
                return None
            return await _load(uow.session, profile, now)

    async def chart_data(self, user_id: int, days: int | None = None) -> ChartData | None:
        """What the chart shows: by default as many days as the data needs (a week to 30)."""
        records = await self.records(user_id)
        return None if records is None else build_chart_data(records, days)

    async def chart_picture(self, user_id: int) -> ChartPicture | None:
        """The /history picture and how many days it shows (None for an unknown user)."""
        data = await self.chart_data(user_id)
        if data is None:
            return None
        return ChartPicture(await asyncio.to_thread(_render_chart, data), data.days)

    async def chart(self, user_id: int) -> bytes | None:
        """The /history picture as PNG bytes (None for an unknown user)."""
        picture = await self.chart_picture(user_id)
        return None if picture is None else picture.png

    async def report(self, user_id: int) -> bytes | None:
        """The one-page PDF for a doctor; None for an unknown user or one with no episodes."""
        found = await self.report_with_summary(user_id)
        return None if found is None else found.pdf

    async def report_with_summary(self, user_id: int) -> Report | None:
        """The PDF and the forwardable one-message summary ("Share with a clinician"); None for
        an unknown user or one with no episodes."""
        records = await self.records(user_id)
        if records is None or not records.episodes:
            return None
        return Report(await asyncio.to_thread(_render_pdf, records), share_text(records))

    async def export(self, user_id: int) -> bytes | None:
        """A zip a person can read: one CSV per table with the user's rows, ``data.json`` with all
        of them, and ``README.txt`` explaining every file and column (``reports.export``)."""
        now = self.clock.now()
        async with self.uow() as uow:
            profile = await uow.users.get(user_id)
            if profile is None:
                return None
            dumps = await _dump_user(uow.session, user_id)
        extra = {"timezone": profile.timezone, "country": profile.country}
        tz = user_zone(profile.timezone)
        return await asyncio.to_thread(
            build_zip,
            readable(dumps, tz),
            user_id=user_id,
            exported_at=now,
            extra=extra,
            tz=tz,
            zone_name=zone_label(profile.timezone),
        )

    async def open_episode(self, user_id: int, episode_id: int) -> EpisodeRecord | None:
        """The user's own open episode, or None (for the delete confirmation)."""
        async with self.uow() as uow:
            found = await uow.episodes.get(episode_id, user_id)
        return found if found is not None and found.open else None

    # --- the /history buttons ----------------------------------------------------------------

    async def close_episode(self, user_id: int, episode_id: int) -> EpisodeRecord | None:
        """ "It has stopped": close the open episode and cancel its pending reminders."""
        now = self.clock.now()
        async with self.uow() as uow:
            row = await _own_open(uow, user_id, episode_id, now)
            if row is None:
                return None
            row.status = EpisodeStatus.CLOSED.value
            row.closed_at = now
            cancelled = await cancel_for_episode(uow.session, row.id)
            log.info("episode %s closed by its user; %s reminders cancelled", row.id, cancelled)
            return to_episode(row)

    async def mark_booked(self, user_id: int, episode_id: int) -> EpisodeRecord | None:
        """ "I've booked": stops the repeated 14-day prompts (escalation reads booked_at)."""
        now = self.clock.now()
        async with self.uow() as uow:
            row = await _own_open(uow, user_id, episode_id, now)
            if row is None:
                return None
            if row.booked_at is None:
                row.booked_at = now
            return to_episode(row)

    async def mark_seen(self, user_id: int, episode_id: int) -> EpisodeRecord | None:
        """ "I've been seen": the clinician's plan takes over (escalation reads seen_at)."""
        now = self.clock.now()
        async with self.uow() as uow:
            row = await _own_open(uow, user_id, episode_id, now)
            if row is None:
                return None
            if row.seen_at is None:
                row.seen_at = now
                # The clinician's plan takes over: the level drops to self-care (TRIAGE.md
                # decision 4), no more "Were you seen?", and the normal check-ins go on
                # (red-flag checks included).
                urgent = row.urgency >= Urgency.URGENT_TODAY
                row.urgency = int(Urgency.SELF_CARE)
                await cancel_for_episode(uow.session, row.id, kinds=[ReminderKind.FOLLOW_UP.value])
                if urgent:
                    profile = await uow.users.get(user_id)
                    last = await uow.session.scalar(
                        select(func.max(t.CheckIn.seq)).where(t.CheckIn.episode_id == row.id)
                    )
                    if profile is not None:
                        await plan_checkin(uow.session, profile, row, (last or 0) + 1, now)
            return to_episode(row)

    async def delete_episode(self, user_id: int, episode_id: int) -> bool:
        """Delete the user's episode with its check-ins, reminders and escalations."""
        now = self.clock.now()
        async with self.uow() as uow:
            if await uow.users.touch(user_id, now) is None:
                return False
            if await uow.episodes.get(episode_id, user_id) is None:
                return False
            episodes = _table(t.Episode)
            await _delete_where(uow.session, episodes, episodes.c.id == episode_id)
            log.info("episode %s deleted by its user", episode_id)
            return True


# =================================================================================================
# Reading rows
# =================================================================================================


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


def _day(moment: datetime | None, records: Records) -> date | None:
    return None if moment is None else local_day(moment, records.tz)


async def _own_open(
    uow: UnitOfWork, user_id: int, episode_id: int, now: datetime
) -> t.Episode | None:
    if await uow.users.touch(user_id, now) is None:
        return None
    row = await uow.episodes.row(episode_id)
    if row is None or row.user_id != user_id or row.status != EpisodeStatus.OPEN.value:
        return None
    return row


def _ids(raw: Mapping[str, Any], *keys: str) -> tuple[str, ...]:
    found: list[str] = []
    for key in keys:
        value = raw.get(key)
        if isinstance(value, list):
            found += [v for v in value if isinstance(v, str)]
    return tuple(found)


async def _load(session: AsyncSession, profile: UserProfile, now: datetime) -> Records:
    user_id = profile.id
    episode_rows = (
        await session.execute(
            select(t.Episode)
            .where(t.Episode.user_id == user_id)
            .order_by(t.Episode.logged_at.desc(), t.Episode.id.desc())
        )
    ).scalars()
    checkins: dict[int, list[CheckInAnswer]] = {}
    for c in (
        await session.execute(
            select(t.CheckIn).where(t.CheckIn.user_id == user_id).order_by(t.CheckIn.seq)
        )
    ).scalars():
        checkins.setdefault(c.episode_id, []).append(
            CheckInAnswer(
                seq=c.seq,
                asked_at=c.asked_at,
                answered_at=c.answered_at,
                status=c.status,
                intensity=c.intensity,
                frequency=c.frequency,
                red_flags=tuple(x for x in (c.red_flags or ()) if isinstance(x, str)),
                new_place=c.new_place,
            )
        )
    advice: dict[int, list[AdviceGiven]] = {}
    for e in (
        await session.execute(
            select(t.Escalation)
            .where(t.Escalation.user_id == user_id)
            .order_by(t.Escalation.created_at, t.Escalation.id)
        )
    ).scalars():
        advice.setdefault(e.episode_id, []).append(
            AdviceGiven(at=e.created_at, rule=e.rule, level=e.level, reason=e.reason)
        )
    episodes = []
    for row in episode_rows.all():
        answers = row.answers if isinstance(row.answers, dict) else {}
        duration = answers.get("duration")
        episodes.append(
            EpisodeSummary(
                id=row.id,
                logged_at=row.logged_at,
                onset_at=row.onset_at,
                side=row.side,
                intensity_first=row.intensity_first,
                frequency=row.frequency,
                factors=tuple(row.factors or ()),
                urgency=Urgency(row.urgency),
                status=EpisodeStatus(row.status),
                closed_at=row.closed_at,
                booked_at=row.booked_at,
                seen_at=row.seen_at,
                duration_answer=duration if isinstance(duration, str) else None,
                triage_ticks=_ids(answers, "emergency", "same_day", "gp"),
                checkins=tuple(checkins.get(row.id, ())),
                advice=tuple(advice.get(row.id, ())),
                updates=_updates(row.updates),
            )
        )
    activity = [
        ReminderActivity(kind, action, at)
        for kind, action, at in (
            await session.execute(
                select(t.ReminderEvent.kind, t.ReminderEvent.action, t.ReminderEvent.at).where(
                    t.ReminderEvent.user_id == user_id
                )
            )
        ).all()
    ]
    sent = (
        await session.execute(
            select(t.Reminder.kind, t.Reminder.sent_at).where(
                t.Reminder.user_id == user_id,
                t.Reminder.kind.in_(ADHERENCE_KINDS),
                t.Reminder.sent_at.is_not(None),
            )
        )
    ).all()
    activity += [ReminderActivity(kind, SENT, at) for kind, at in sent if at is not None]
    activity.sort(key=lambda a: a.at)
    planned = await session.scalar(
        select(t.Reminder.id)
        .where(t.Reminder.user_id == user_id, t.Reminder.kind.in_(ADHERENCE_KINDS))
        .limit(1)
    )
    turned_on = (
        profile.hydration_on
        or profile.stretch_on
        or planned is not None
        or any(a.kind in ADHERENCE_KINDS for a in activity)
    )
    return Records(
        user_id=user_id,
        timezone=profile.timezone,
        country=profile.country,
        now=now,
        episodes=tuple(episodes),
        activity=tuple(activity),
        reminders_turned_on=turned_on,
    )


# =================================================================================================
# Every table, generically (export and delete): a new table is covered without a change here
# =================================================================================================


def _owner_condition(
    table: Table, user_id: int, owned: Mapping[str, Sequence[Any]]
) -> ColumnElement[bool]:
    """Rows of ``table`` that are about the user: ``users.id``, a ``user_id`` column, or a
    foreign key to a row of the user's in a table read before (tables come parents first)."""
    if table.name == t.User.__tablename__:
        return table.c.id == user_id
    if "user_id" in table.c:
        return table.c.user_id == user_id
    links = [
        fk.parent.in_(owned[fk.column.table.name])
        for fk in table.foreign_keys
        if fk.column.table.name in owned
    ]
    if not links:
        log.warning("export: table %s has no link to a user; left out", table.name)
        return false()
    return or_(*links)


async def _dump_user(session: AsyncSession, user_id: int) -> dict[str, TableDump]:
    dumps: dict[str, TableDump] = {}
    owned: dict[str, list[Any]] = {}
    for table in Base.metadata.sorted_tables:
        condition = _owner_condition(table, user_id, owned)
        order = list(table.primary_key.columns)
        rows = (await session.execute(select(table).where(condition).order_by(*order))).mappings()
        found = tuple(dict(r) for r in rows.all())
        dumps[table.name] = TableDump(tuple(c.name for c in table.columns), found)
        key = list(table.primary_key.columns)
        if len(key) == 1:
            owned[table.name] = [r[key[0].name] for r in found]
    return dumps


def _children(table: Table) -> list[tuple[Table, Any, str | None]]:
    """(child table, its foreign-key column, ON DELETE) for every reference to ``table``."""
    found = []
    for child in Base.metadata.sorted_tables:
        for fk in child.foreign_keys:
            if fk.column.table is table:
                found.append((child, fk.parent, fk.ondelete))
    return found


async def _delete_where(
    session: AsyncSession, table: Table, condition: ColumnElement[bool]
) -> None:
    """Delete rows and, first, their dependants (or unlink them where the schema says SET NULL):
    explicit, so it does not depend on the database enforcing foreign keys."""
    key = list(table.primary_key.columns)
    for child, column, ondelete in _children(table):
        if len(key) != 1:  # pragma: no cover - every referenced table has a single-column key
            continue
        parents = select(key[0]).where(condition)
        if (ondelete or "").upper() == "SET NULL":
            await session.execute(
                update(child).where(column.in_(parents)).values({column.name: None})
            )
        else:
            await _delete_where(session, child, column.in_(parents))
    await session.execute(delete(table).where(condition))


# matplotlib and fpdf2 take about 0.6 s to import: loaded on the first chart or PDF, in the
# worker thread, not at start-up.
def _render_chart(data: ChartData) -> bytes:
    from bot.reports.chart import render_chart

    return render_chart(data)


def _render_pdf(records: Records) -> bytes:
    from bot.reports.pdf import render_pdf

    return render_pdf(records)


def _updates(raw: object) -> tuple[Rating, ...]:
    """Intensity answers of later /twitch updates, as stored on the episode (bad rows skipped)."""
    found = []
    for item in raw if isinstance(raw, list) else ():
        try:
            at = datetime.fromisoformat(item["at"])
            value = int(item["intensity"])
        except (TypeError, KeyError, ValueError):
            continue
        if at.tzinfo is not None:
            found.append(Rating(at, value, "updated"))
    return tuple(found)
