"""A user's own records and an episode's stored history: every query behind /history, its chart
and buttons, the PDF, the export, and what the escalation rules read. Plain values out (frozen
dataclasses of ``bot.domain`` and ``bot.reports``); like every repository, these never commit.

- ``RecordsRepository`` (``uow.records``): everything stored about a user, read at once for
  /history, the chart and the PDF; every row of theirs in every table (the export); the /history
  buttons' changes to one episode, and deleting it with what hangs off it.
- ``HistoryRepository`` (``uow.history``): one episode as ``bot.domain.escalation`` sees it, and
  the check-in row written when a check-in goes out.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, delete, false, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import tables as t
from bot.db.base import Base
from bot.db.repositories import to_episode
from bot.domain import escalation as esc
from bot.domain import reasons
from bot.domain import thresholds as th
from bot.domain.model import EpisodeRecord, Frequency, Urgency
from bot.reports import (
    ADHERENCE_KINDS,
    SENT,
    AdviceGiven,
    CheckInAnswer,
    EpisodeSummary,
    Rating,
    ReminderActivity,
)
from bot.reports.export import TableDump

log = logging.getLogger(__name__)


_RECORD_FIELDS = tuple(
    f.name for f in fields(EpisodeRecord) if f.name in {g.name for g in fields(EpisodeSummary)}
)
"""What an episode's summary shares with its record (read once, by ``to_episode``)."""


@dataclass(frozen=True, slots=True)
class StoredRecords:
    """What is stored about a user for /history, the chart and the PDF (``reports.Records``
    without the profile and the clock, which the service adds)."""

    episodes: tuple[EpisodeSummary, ...]  # newest first
    activity: tuple[
        ReminderActivity, ...
    ]  # answers to reminders and adherence nudges sent, by time
    adherence_planned: bool  # a hydration or stretch reminder row exists (in any state)


class RecordsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # --- reading ---------------------------------------------------------------------------

    async def load(self, user_id: int) -> StoredRecords:
        """Every episode with its check-ins, advice and later ratings; the reminder activity."""
        session = self.session
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
                AdviceGiven(
                    at=e.created_at,
                    rule=e.rule,
                    level=e.level,
                    reason=e.reason,
                    reasons=reasons.from_stored(e.reasons),
                )
            )
        episodes = []
        for row in episode_rows.all():
            answers = row.answers if isinstance(row.answers, dict) else {}
            duration = answers.get("duration")
            record = to_episode(row)
            episodes.append(
                EpisodeSummary(
                    **{name: getattr(record, name) for name in _RECORD_FIELDS},
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
        return StoredRecords(tuple(episodes), tuple(activity), planned is not None)

    async def dump(self, user_id: int) -> dict[str, TableDump]:
        """Every row about the user in every table (the export), by table name, in key order.

        Generic over ``Base.metadata``: a new table is covered without a change here."""
        dumps: dict[str, TableDump] = {}
        owned: dict[str, list[Any]] = {}
        for table in Base.metadata.sorted_tables:
            condition = _owner_condition(table, user_id, owned)
            order = list(table.primary_key.columns)
            rows = (
                await self.session.execute(select(table).where(condition).order_by(*order))
            ).mappings()
            found = tuple(dict(r) for r in rows.all())
            dumps[table.name] = TableDump(tuple(c.name for c in table.columns), found)
            key = list(table.primary_key.columns)
            if len(key) == 1:
                owned[table.name] = [r[key[0].name] for r in found]
        return dumps

    # --- one episode: the /history buttons (the others are EpisodeRepository's) -------------

    async def delete_episode(self, episode_id: int) -> None:
        """Delete the episode with its check-ins, reminders and escalations (rows that only
        point at it, where the schema says SET NULL, are unlinked)."""
        episodes = _table(t.Episode)
        await self._delete_where(episodes, episodes.c.id == episode_id)

    async def _delete_where(self, table: Table, condition: ColumnElement[bool]) -> None:
        """Delete rows and, first, their dependants (or unlink them where the schema says SET
        NULL): explicit, so it does not depend on the database enforcing foreign keys."""
        key = list(table.primary_key.columns)
        for child, column, ondelete in _children(table):
            if len(key) != 1:  # pragma: no cover - every referenced table has a one-column key
                continue
            parents = select(key[0]).where(condition)
            if (ondelete or "").upper() == "SET NULL":
                await self.session.execute(
                    update(child).where(column.in_(parents)).values({column.name: None})
                )
            else:
                await self._delete_where(child, column.in_(parents))
        await self.session.execute(delete(table).where(condition))


class HistoryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def load(self, episode_id: int, now: datetime) -> esc.History | None:
        """The episode's stored history as the escalation rules see it (None: no such episode).

        An episode already read in this transaction is taken from the session, changes
        included, without a query."""
        row = await self.session.get(t.Episode, episode_id)
        return None if row is None else await _history(self.session, row, now)

    async def record_asked(
        self, reminder_id: int, episode_id: int, user_id: int, seq: int, now: datetime
    ) -> None:
        """The check-in message went out: its row exists from now on (for answers and misses)."""
        found = await self.session.scalar(
            select(t.CheckIn).where(t.CheckIn.episode_id == episode_id, t.CheckIn.seq == seq)
        )
        if found is None:
            self.session.add(
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


async def _history(session: AsyncSession, episode: t.Episode, now: datetime) -> esc.History:
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
            t.ReminderEvent.at >= now - th.SELF_CARE_DONE_RECENTLY,
        )
        .limit(1)
    )
    others = (
        await session.execute(
            # An earlier episode counts by the later of its onset and its logging time (the
            # reading that keeps it inside the window, TRIAGE.md); onset is never after
            # logging.
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


# --- for callers that still hold a raw session and an episode row (services/reminders.py and
# services/checkins.py, until they reach these through the unit of work) ------------------------


# =================================================================================================
# Row values
# =================================================================================================


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


def _ids(raw: Mapping[str, Any], *keys: str) -> tuple[str, ...]:
    found: list[str] = []
    for key in keys:
        value = raw.get(key)
        if isinstance(value, list):
            found += [v for v in value if isinstance(v, str)]
    return tuple(found)


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


# =================================================================================================
# Every table, generically (export and delete): a new table is covered without a change here
# =================================================================================================


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


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


def _children(table: Table) -> list[tuple[Table, Any, str | None]]:
    """(child table, its foreign-key column, ON DELETE) for every reference to ``table``."""
    found = []
    for child in Base.metadata.sorted_tables:
        for fk in child.foreign_keys:
            if fk.column.table is table:
                found.append((child, fk.parent, fk.ondelete))
    return found
