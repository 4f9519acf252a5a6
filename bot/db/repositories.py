"""Repositories: queries in one place, domain objects out. They never commit (the UoW does)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from bot.db import tables as t
from bot.db.prepared import Prepared
from bot.domain import thresholds as th
from bot.domain.model import EpisodeRecord, EpisodeStatus, Urgency, UserProfile
from bot.domain.reasons import Reason
from bot.domain.reasons import stored as stored_reasons

_USERS = cast(Table, t.User.__table__)
_TOUCH = Prepared(
    update(_USERS)
    .where(_USERS.c.id == bindparam("b_user"))
    .values(last_active_at=bindparam("b_now"), blocked_at=None)
    .returning(*_USERS.c)
)
DEFAULT_STRETCH_TIME = th.STRETCH_TIME_DEFAULT


async def _core(session: AsyncSession, statement: Prepared, params: dict[str, Any]) -> Any:
    """Run a prepared statement on the session's connection (its transaction), skipping the
    ORM's execution layer: for the statements of every tap, which load no ORM rows. Its first
    row, or None."""
    return await statement.first(await session.connection(), params)


def keep(session: AsyncSession, row: object) -> None:
    """Hold ``row`` for the rest of the unit of work. The session's identity map holds rows
    weakly: a row read here and handed out as a domain object would be forgotten, and reading
    or changing it again later in the same unit of work would cost another SELECT."""
    session.info.setdefault("kept", []).append(row)


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def to_profile(row: t.User) -> UserProfile:
    return UserProfile(
        id=row.id,
        consent_at=row.consent_at,
        country=row.country,
        timezone=row.timezone,
        wake_start=row.wake_start,
        wake_end=row.wake_end,
        fluid_limited=row.fluid_limited,
        hydration_on=row.hydration_on,
        hydration_per_day=row.hydration_per_day,
        stretch_on=row.stretch_on,
        stretch_times=tuple(x for x in row.stretch_times.split(",") if x),
        blocked=row.blocked_at is not None,
        awaiting=row.awaiting,
        paused_on=row.paused_on,
        language=row.language,
    )


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int) -> UserProfile | None:
        row = await self.session.get(t.User, user_id)
        return to_profile(row) if row is not None else None

    async def _row(self, user_id: int) -> t.User | None:
        return await self.session.get(t.User, user_id)

    async def locked(self, user_id: int) -> t.User | None:
        """The user's row, locked until commit on PostgreSQL (SQLite: BEGIN IMMEDIATE already
        serialises writers), so two taps on the same setting run one after the other. FOR NO
        KEY UPDATE: rows inserted elsewhere that point at the user (their foreign key checks
        take KEY SHARE) do not wait for it, so the sweep planning a nudge cannot deadlock with
        a tap."""
        return await self.session.get(t.User, user_id, with_for_update={"key_share": True})

    async def consent(
        self, user_id: int, now: datetime, language: str | None = None
    ) -> UserProfile:
        """Create the user on consent (nothing is stored before it), or renew the consent;
        ``language`` is the one the onboarding was shown in.

        One upsert: a double tap on "I agree" runs two of these at once, and on PostgreSQL two
        plain INSERTs of the new user would make the second fail on the primary key.
        """
        values = {
            "id": user_id,
            "created_at": now,
            "last_active_at": now,
            "consent_at": now,
            "wake_start": _minutes(th.WAKING_HOURS_START),
            "wake_end": _minutes(th.WAKING_HOURS_END),
            "hydration_on": False,
            "hydration_per_day": th.HYDRATION_PER_DAY_DEFAULT,
            "stretch_on": False,
            "stretch_times": DEFAULT_STRETCH_TIME,
            "language": language,
        }
        renewed: dict[str, object] = {"consent_at": now, "last_active_at": now}
        if language is not None:
            renewed["language"] = language
        insert = (
            postgresql.insert
            if self.session.get_bind().dialect.name == "postgresql"
            else sqlite.insert
        )
        await self.session.execute(
            insert(_USERS)
            .values(values)
            .on_conflict_do_update(
                index_elements=[_USERS.c.id],
                set_=renewed,
            )
        )
        row = await self.session.get(t.User, user_id, populate_existing=True)
        assert row is not None  # noqa: S101 - just upserted in this transaction
        return to_profile(row)

    async def touch(self, user_id: int, now: datetime) -> UserProfile | None:
        """Mark activity; a user who had blocked the bot is active again (reminders stay off).

        One ``UPDATE ... RETURNING`` (every tap calls this): no ORM load and flush.
        """
        row = await _core(self.session, _TOUCH, {"b_user": user_id, "b_now": now})
        if row is None:
            return None
        cached = self.session.identity_map.get(self.session.identity_key(t.User, user_id))
        if cached is not None:  # keep an already loaded row in step with the database
            set_committed_value(cached, "last_active_at", now)
            set_committed_value(cached, "blocked_at", None)
        return to_profile(row)  # the row has the same attributes

    async def update(self, user_id: int, **values: object) -> UserProfile | None:
        allowed = {
            "country",
            "timezone",
            "awaiting",
            "fluid_limited",
            "wake_start",
            "wake_end",
            "language",
        }
        unknown = set(values) - allowed
        if unknown:
            raise ValueError(f"not updatable here: {sorted(unknown)}")
        row = await self._row(user_id)
        if row is None:
            return None
        for key, value in values.items():
            setattr(row, key, value)
        return to_profile(row)

    async def locked_profile(self, user_id: int) -> UserProfile | None:
        """``locked``, as a profile."""
        row = await self.locked(user_id)
        if row is None:
            return None
        keep(self.session, row)
        return to_profile(row)

    async def set_reminders(self, user_id: int, **values: object) -> UserProfile:
        """Change the reminder settings of a user read in this unit of work (``locked_profile``:
        no further statement); LookupError if there is no such user."""
        allowed = {
            "hydration_on",
            "stretch_on",
            "hydration_per_day",
            "stretch_times",
            "wake_start",
            "wake_end",
            "paused_on",
            "fluid_limited",
            "timezone",
            "awaiting",
            "blocked_at",
            "last_active_at",
        }
        unknown = set(values) - allowed
        if unknown:
            raise ValueError(f"not a reminder setting: {sorted(unknown)}")
        row = await self._row(user_id)
        if row is None:
            raise LookupError(f"user {user_id} is gone")
        for key, value in values.items():
            setattr(row, key, value)
        return to_profile(row)

    async def language(self, user_id: int) -> str | None:
        """The stored language alone (read at the start of every update)."""
        found = await self.session.execute(select(t.User.language).where(t.User.id == user_id))
        return found.scalar_one_or_none()

    async def clear_awaiting(self, user_id: int) -> None:
        await self.session.execute(
            update(t.User)
            .where(t.User.id == user_id, t.User.awaiting.is_not(None))
            .values(awaiting=None)
        )

    async def mark_blocked(self, user_id: int, now: datetime) -> bool:
        """The user blocked the bot: stop every nudge for good (they opt in again later)."""
        result = await self.session.execute(
            update(t.User)
            .where(t.User.id == user_id, t.User.blocked_at.is_(None))
            .values(blocked_at=now, hydration_on=False, stretch_on=False)
        )
        return bool(getattr(result, "rowcount", 0))

    async def inactive_since(self, cutoff: datetime, limit: int) -> list[int]:
        rows = await self.session.execute(
            select(t.User.id).where(t.User.last_active_at < cutoff).limit(limit)
        )
        return list(rows.scalars())

    async def erase(self, user_id: int) -> None:
        """Delete every row about the user, in every table (children first, then the user)."""
        for table in reversed(t.ALL_TABLES):
            if table.name == "users":
                continue
            if "user_id" in table.c:
                await self.session.execute(delete(table).where(table.c.user_id == user_id))
        await self.session.execute(delete(t.User).where(t.User.id == user_id))


def to_episode(row: t.Episode) -> EpisodeRecord:
    return EpisodeRecord(
        id=row.id,
        user_id=row.user_id,
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
    )


class EpisodeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, episode_id: int, user_id: int) -> EpisodeRecord | None:
        row = await self.session.get(t.Episode, episode_id)
        if row is None or row.user_id != user_id:
            return None
        keep(self.session, row)
        return to_episode(row)

    async def open_for(self, user_id: int) -> EpisodeRecord | None:
        """The user's open episode (the newest, should there ever be two)."""
        row = (
            await self.session.execute(
                select(t.Episode)
                .where(t.Episode.user_id == user_id, t.Episode.status == EpisodeStatus.OPEN)
                .order_by(t.Episode.logged_at.desc())
                .limit(1)
            )
        ).scalar_one_or_none()
        if row is None:
            return None
        keep(self.session, row)
        return to_episode(row)

    async def latest(self, user_id: int) -> EpisodeRecord | None:
        row = (
            await self.session.execute(
                select(t.Episode)
                .where(t.Episode.user_id == user_id)
                .order_by(t.Episode.logged_at.desc())
                .limit(1)
            )
        ).scalar_one_or_none()
        return to_episode(row) if row is not None else None

    async def starts_since(
        self, user_id: int, since: datetime, *, exclude: int | None = None
    ) -> list[datetime]:
        """When the user's episodes started, for the recurrence rules: each by the later of its
        onset and its logging time (TRIAGE.md; onset is never after logging, so: logging)."""
        query = select(t.Episode.logged_at).where(
            t.Episode.user_id == user_id, t.Episode.logged_at >= since
        )
        if exclude is not None:
            query = query.where(t.Episode.id != exclude)
        return list((await self.session.execute(query)).scalars())

    async def add(self, row: t.Episode) -> int:
        self.session.add(row)
        await self.session.flush()
        return row.id

    async def row(self, episode_id: int) -> t.Episode | None:
        return await self.session.get(t.Episode, episode_id)

    async def add_escalation(self, row: t.Escalation) -> None:
        self.session.add(row)

    # --- by value (the services build no rows) ----------------------------------------------

    async def create(
        self,
        *,
        user_id: int,
        logged_at: datetime,
        onset_at: datetime,
        urgency: Urgency,
        answers: dict[str, object],
        reasons: list[dict[str, object]],
        side: str | None = None,
        intensity_first: int | None = None,
        frequency: str | None = None,
        factors: list[str] | None = None,
    ) -> int:
        """A new open episode; its id."""
        return await self.add(
            t.Episode(
                user_id=user_id,
                logged_at=logged_at,
                onset_at=onset_at,
                side=side,
                intensity_first=intensity_first,
                frequency=frequency,
                factors=list(factors or []),
                answers=answers,
                urgency=int(urgency),
                reasons=reasons,
                status=EpisodeStatus.OPEN.value,
            )
        )

    async def _loaded(self, episode_id: int) -> t.Episode:
        row = await self.session.get(t.Episode, episode_id)  # loaded already: no statement
        if row is None:
            raise LookupError(f"episode {episode_id} is gone")
        return row

    async def set_level(
        self, episode_id: int, level: Urgency, reasons: list[dict[str, object]] | None = None
    ) -> None:
        """The episode's level is now ``level``; ``reasons`` are added to its reasons."""
        row = await self._loaded(episode_id)
        row.urgency = int(level)
        if reasons:
            row.reasons = [*row.reasons, *reasons]

    async def close(self, episode_id: int, now: datetime) -> EpisodeRecord:
        row = await self._loaded(episode_id)
        row.status = EpisodeStatus.CLOSED.value
        row.closed_at = now
        return to_episode(row)

    async def mark_booked(self, episode_id: int, now: datetime) -> EpisodeRecord:
        """``booked_at`` is set once (a second tap keeps the first time)."""
        row = await self._loaded(episode_id)
        if row.booked_at is None:
            row.booked_at = now
        return to_episode(row)

    async def mark_seen(self, episode_id: int, now: datetime) -> EpisodeRecord:
        """Assessed by a clinician: their plan takes over, the level drops to self-care."""
        row = await self._loaded(episode_id)
        row.seen_at = now
        row.urgency = int(Urgency.SELF_CARE)
        return to_episode(row)

    async def record_escalation(
        self,
        episode_id: int,
        user_id: int,
        *,
        rule: str,
        level: Urgency | None,
        reasons: Iterable[Reason],
        now: datetime,
    ) -> None:
        """An escalation given, with its reasons stored as ids and raw values (``reason``, the
        English text of rows stored before reason ids, is left empty)."""
        await self.add_escalation(
            t.Escalation(
                episode_id=episode_id,
                user_id=user_id,
                rule=rule,
                level=int(level) if level is not None else None,
                reason="",
                reasons=stored_reasons(reasons),
                created_at=now,
            )
        )

    async def escalated_since(self, episode_id: int, level: Urgency, since: datetime) -> bool:
        """An escalation at ``level`` or above was recorded at or after ``since``."""
        found = await self.session.scalar(
            select(t.Escalation.id)
            .where(
                t.Escalation.episode_id == episode_id,
                t.Escalation.level >= int(level),
                t.Escalation.created_at >= since,
            )
            .limit(1)
        )
        return found is not None

    async def last_escalated_at(self, episode_id: int, level: Urgency) -> datetime | None:
        """When the latest escalation at ``level`` or above was given."""
        found: datetime | None = await self.session.scalar(
            select(func.max(t.Escalation.created_at)).where(
                t.Escalation.episode_id == episode_id,
                t.Escalation.level >= int(level),
            )
        )
        return found

    async def urgent_open(self, user_id: int) -> bool:
        """An open episode at an urgent level whose user has not said "I was assessed"."""
        found = await self.session.scalar(
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


@dataclass(frozen=True, slots=True)
class StoredTriage:
    user_id: int
    state: str
    version: int
    message_id: int | None
    episode_id: int | None
    expires_at: datetime


_TRIAGES = cast(Table, t.TriageSession.__table__)
_TRIAGE_COLUMNS = (
    _TRIAGES.c.user_id,
    _TRIAGES.c.state,
    _TRIAGES.c.version,
    _TRIAGES.c.message_id,
    _TRIAGES.c.episode_id,
    _TRIAGES.c.expires_at,
)

# Statements of every tap, built once with bound parameters and prepared (``bot.db.prepared``:
# on SQLite they run on the driver, without SQLAlchemy's per-call execution).
_TRIAGE_GET = Prepared(select(*_TRIAGE_COLUMNS).where(_TRIAGES.c.user_id == bindparam("b_user")))
_TRIAGE_ADVANCE = Prepared(
    update(_TRIAGES)
    .where(_TRIAGES.c.user_id == bindparam("b_user"), _TRIAGES.c.version == bindparam("b_version"))
    .values(
        state=bindparam("b_state"),
        version=bindparam("b_next"),
        updated_at=bindparam("b_now"),
        expires_at=bindparam("b_expires"),
    )
    .returning(*_TRIAGE_COLUMNS)
)
_TRIAGE_SET_MESSAGE = Prepared(
    update(_TRIAGES)
    .where(_TRIAGES.c.user_id == bindparam("b_user"), _TRIAGES.c.version == bindparam("b_version"))
    .values(message_id=bindparam("b_message"))
)


def _triage_put(insert: Any) -> Prepared:
    new = insert(_TRIAGES).values(
        user_id=bindparam("b_user"),
        state=bindparam("b_state"),
        version=0,
        message_id=None,
        episode_id=bindparam("b_episode"),
        started_at=bindparam("b_now"),
        updated_at=bindparam("b_now"),
        expires_at=bindparam("b_expires"),
    )
    return Prepared(
        new.on_conflict_do_update(
            index_elements=[_TRIAGES.c.user_id],
            set_={
                "state": new.excluded.state,
                "version": _TRIAGES.c.version + 1,
                "message_id": None,
                "episode_id": new.excluded.episode_id,
                "started_at": new.excluded.started_at,
                "updated_at": new.excluded.updated_at,
                "expires_at": new.excluded.expires_at,
            },
        ).returning(*_TRIAGE_COLUMNS)
    )


_TRIAGE_PUT = {"sqlite": _triage_put(sqlite.insert), "postgresql": _triage_put(postgresql.insert)}


class TriageRepository:
    """In-progress triage answers, one row per user.

    ``get`` and ``advance`` (every tap) are Core statements returning plain values; the rows
    are not loaded into the session.
    """

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @staticmethod
    def _dto(row: t.TriageSession) -> StoredTriage:
        return StoredTriage(
            row.user_id, row.state, row.version, row.message_id, row.episode_id, row.expires_at
        )

    async def get(self, user_id: int) -> StoredTriage | None:
        row = await _core(self.session, _TRIAGE_GET, {"b_user": user_id})
        return StoredTriage(*row) if row is not None else None

    async def put(
        self,
        user_id: int,
        state: str,
        *,
        now: datetime,
        expires_at: datetime,
        episode_id: int | None,
    ) -> StoredTriage:
        """Start (or restart) the user's triage; the version keeps counting up across restarts.

        One upsert: on PostgreSQL, a tap finishing (deleting) the old triage at the same moment
        is waited for, and ``ON CONFLICT DO UPDATE`` then inserts instead (it always ends in one
        of the two). Two starts at once are serialised by the caller's lock on the user's row.
        """
        await self.session.flush()  # an episode this unit of work added is written first
        upsert = _TRIAGE_PUT[self.session.get_bind().dialect.name]
        params = {
            "b_user": user_id,
            "b_state": state,
            "b_episode": episode_id,
            "b_now": now,
            "b_expires": expires_at,
        }
        row = await _core(self.session, upsert, params)
        cached = self.session.identity_map.get(self.session.identity_key(t.TriageSession, user_id))
        if cached is not None:  # a row loaded earlier in this unit of work is stale now
            self.session.expire(cached)
        return StoredTriage(*row)

    async def advance(
        self, user_id: int, version: int, state: str, *, now: datetime, expires_at: datetime
    ) -> StoredTriage | None:
        """Store the next state only if nobody moved it on since ``version`` (double taps)."""
        row = await _core(
            self.session,
            _TRIAGE_ADVANCE,
            {
                "b_user": user_id,
                "b_version": version,
                "b_next": version + 1,
                "b_state": state,
                "b_now": now,
                "b_expires": expires_at,
            },
        )
        return StoredTriage(*row) if row is not None else None

    async def set_message(self, user_id: int, version: int, message_id: int) -> None:
        await _core(
            self.session,
            _TRIAGE_SET_MESSAGE,
            {"b_user": user_id, "b_version": version, "b_message": message_id},
        )

    async def set_episode(self, user_id: int, episode_id: int) -> None:
        """The triage now updates this episode (a red flag was committed to it on the way)."""
        await self.session.execute(
            update(t.TriageSession)
            .where(t.TriageSession.user_id == user_id)
            .values(episode_id=episode_id)
        )

    async def finish(self, user_id: int, version: int) -> bool:
        """Remove the triage if it is still at ``version`` (only one of two racing taps wins)."""
        result = await self.session.execute(
            delete(t.TriageSession).where(
                t.TriageSession.user_id == user_id, t.TriageSession.version == version
            )
        )
        return bool(getattr(result, "rowcount", 0))

    async def remove(self, user_id: int) -> StoredTriage | None:
        # FOR UPDATE (PostgreSQL): of two cancels at once, the second waits and finds nothing.
        row = await self.session.get(t.TriageSession, user_id, with_for_update=True)
        if row is None:
            return None
        found = self._dto(row)
        await self.session.delete(row)
        return found

    async def take_expired(self, now: datetime, limit: int = 100) -> list[StoredTriage]:
        rows = (
            (
                await self.session.execute(
                    select(t.TriageSession)
                    .where(t.TriageSession.expires_at <= now)
                    .order_by(t.TriageSession.expires_at)
                    .limit(limit)
                    # Two instances expiring at once take different rows: nobody is told twice.
                    .with_for_update(skip_locked=True)
                )
            )
            .scalars()
            .all()
        )
        found = [self._dto(r) for r in rows]
        if found:
            await self.session.execute(
                delete(t.TriageSession).where(
                    t.TriageSession.user_id.in_([r.user_id for r in found])
                )
            )
        return found
