"""A user's own records: /history and its chart and buttons, the PDF summary, the export.

Each use case opens one unit of work. Rendering (the chart and the PDF: tenths of a second of CPU)
happens after the session is closed, in a worker thread, so the event loop keeps serving others.

Every episode action checks that the episode is the caller's (and, except delete, still open); a
stale, forged or someone else's episode id changes nothing and returns None/False.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.db.uow import UnitOfWork
from bot.domain.model import EpisodeRecord, EpisodeStatus, ReminderKind, Urgency, UserProfile
from bot.reports import (
    ADHERENCE_KINDS,
    ChartData,
    Records,
    local_day,
    user_zone,
    zone_label,
)
from bot.reports import chart_data as build_chart_data
from bot.reports.export import build_zip, readable
from bot.reports.summary import share_text
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
            records = await _load(uow, profile, now)
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
            return await _load(uow, profile, now)

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
            dumps = await uow.records.dump(user_id)
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
            own = await _own_open(uow, user_id, episode_id, now)
            if own is None:
                return None
            episode = await uow.episodes.close(episode_id, now)
            cancelled = await uow.reminders.cancel_for_episode(episode_id)
            log.info(
                "episode %s closed by its user; %s reminders cancelled", episode_id, cancelled
            )
            return episode

    async def mark_booked(self, user_id: int, episode_id: int) -> EpisodeRecord | None:
        """ "I've booked": stops the repeated 14-day prompts (escalation reads booked_at)."""
        now = self.clock.now()
        async with self.uow() as uow:
            if await _own_open(uow, user_id, episode_id, now) is None:
                return None
            return await uow.episodes.mark_booked(episode_id, now)

    async def mark_seen(self, user_id: int, episode_id: int) -> EpisodeRecord | None:
        """ "I've been seen": the clinician's plan takes over (escalation reads seen_at)."""
        now = self.clock.now()
        async with self.uow() as uow:
            own = await _own_open(uow, user_id, episode_id, now)
            if own is None:
                return None
            profile, episode = own
            if episode.seen_at is None:
                # The clinician's plan takes over: the level drops to self-care (TRIAGE.md
                # decision 4), no more "Were you seen?", and the normal check-ins go on
                # (red-flag checks included).
                urgent = episode.urgency >= Urgency.URGENT_TODAY
                episode = await uow.episodes.mark_seen(episode_id, now)
                await uow.reminders.cancel_for_episode(
                    episode_id, kinds=[ReminderKind.FOLLOW_UP.value]
                )
                if urgent:
                    last = await uow.checkins.newest_seq(episode_id) or 0
                    await plan_checkin(uow, profile, episode, last + 1, now)
            return episode

    async def delete_episode(self, user_id: int, episode_id: int) -> bool:
        """Delete the user's episode with its check-ins, reminders and escalations."""
        now = self.clock.now()
        async with self.uow() as uow:
            if await uow.users.touch(user_id, now) is None:
                return False
            if await uow.episodes.get(episode_id, user_id) is None:
                return False
            await uow.records.delete_episode(episode_id)
            log.info("episode %s deleted by its user", episode_id)
            return True


# =================================================================================================
# Reading rows
# =================================================================================================


def _day(moment: datetime | None, records: Records) -> date | None:
    return None if moment is None else local_day(moment, records.tz)


async def _own_open(
    uow: UnitOfWork, user_id: int, episode_id: int, now: datetime
) -> tuple[UserProfile, EpisodeRecord] | None:
    """The user (their activity marked) and their episode, if it is theirs and still open."""
    profile = await uow.users.touch(user_id, now)
    if profile is None:
        return None
    episode = await uow.episodes.get(episode_id, user_id)  # a stale or forged id: None
    if episode is None or episode.status is not EpisodeStatus.OPEN:
        return None
    return profile, episode


async def _load(uow: UnitOfWork, profile: UserProfile, now: datetime) -> Records:
    stored = await uow.records.load(profile.id)
    turned_on = (
        profile.hydration_on
        or profile.stretch_on
        or stored.adherence_planned
        or any(a.kind in ADHERENCE_KINDS for a in stored.activity)
    )
    return Records(
        user_id=profile.id,
        timezone=profile.timezone,
        country=profile.country,
        now=now,
        episodes=stored.episodes,
        activity=stored.activity,
        reminders_turned_on=turned_on,
    )


# matplotlib and fpdf2 take about 0.6 s to import: loaded on the first chart or PDF, in the
# worker thread, not at start-up.
def _render_chart(data: ChartData) -> bytes:
    from bot.reports.chart import render_chart

    return render_chart(data)


def _render_pdf(records: Records) -> bytes:
    from bot.reports.pdf import render_pdf

    return render_pdf(records)
