"""The schema. Alembic owns it (alembic/versions); tests prove the models and migrations agree."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class User(Base):
    """One Telegram user; the private chat id equals the user id."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_active_at: Mapped[datetime] = mapped_column(UTCDateTime())
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    country: Mapped[str | None] = mapped_column(String(8))
    timezone: Mapped[str | None] = mapped_column(String(64))
    # Waking hours as minutes after local midnight; end < start means they cross midnight.
    wake_start: Mapped[int] = mapped_column(SmallInteger, server_default=text("540"))
    wake_end: Mapped[int] = mapped_column(SmallInteger, server_default=text("1260"))
    fluid_limited: Mapped[bool | None] = mapped_column(Boolean)
    hydration_on: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    hydration_per_day: Mapped[int] = mapped_column(SmallInteger, server_default=text("4"))
    stretch_on: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    stretch_times: Mapped[str] = mapped_column(String(32), server_default=text("'18:00'"))
    paused_on: Mapped[date | None] = mapped_column(Date)
    blocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Which typed answer the bot is waiting for, if any (e.g. "timezone").
    awaiting: Mapped[str | None] = mapped_column(String(32))
    # The language the bot speaks to them ("en", "es", "de", "ru"); chosen or from Telegram.
    language: Mapped[str | None] = mapped_column(String(8))


class Episode(Base):
    __tablename__ = "episodes"
    __table_args__ = (Index("ix_episodes_user_status", "user_id", "status"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    logged_at: Mapped[datetime] = mapped_column(UTCDateTime())
    onset_at: Mapped[datetime] = mapped_column(UTCDateTime())
    side: Mapped[str | None] = mapped_column(String(8))
    intensity_first: Mapped[int | None] = mapped_column(SmallInteger)
    frequency: Mapped[str | None] = mapped_column(String(16))
    factors: Mapped[list[str]] = mapped_column(JSON, default=list)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    urgency: Mapped[int] = mapped_column(SmallInteger)
    # [{"id", "args", "level"}] (bot.domain.reasons); before 0009 {"id", "text", "level"}.
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), server_default=text("'open'"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    booked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Intensity answers of later /twitch updates of this open episode: [{"at", "intensity"}].
    updates: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, default=list, server_default=text("'[]'")
    )


class CheckIn(Base):
    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("episode_id", "seq"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(SmallInteger)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[str | None] = mapped_column(String(8))
    red_flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    intensity: Mapped[int | None] = mapped_column(SmallInteger)
    frequency: Mapped[str | None] = mapped_column(String(16))
    new_place: Mapped[bool | None] = mapped_column(Boolean)
    # The check-in conversation in progress (bot.domain.checkin state), like triage_sessions.
    reminder_id: Mapped[int | None] = mapped_column(
        ForeignKey("reminders.id", ondelete="SET NULL"), index=True
    )
    state: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    # Last tap on the conversation: an abandoned one expires like a triage (30 minutes).
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Reminder(Base):
    """One concrete occurrence of something to send; the sweep claims due rows."""

    __tablename__ = "reminders"
    __table_args__ = (
        Index(
            "ix_reminders_open_due",
            "due_at",
            postgresql_where=text("status IN ('pending', 'claimed')"),
            sqlite_where=text("status IN ('pending', 'claimed')"),
        ),
        Index("ix_reminders_user_status", "user_id", "status"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    episode_id: Mapped[int | None] = mapped_column(
        ForeignKey("episodes.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), server_default=text("'pending'"))
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(SmallInteger, server_default=text("0"))
    dedup_key: Mapped[str] = mapped_column(String(128), unique=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    last_error: Mapped[str | None] = mapped_column(String(200))


class Escalation(Base):
    """Each escalation given: what level, by which rule, why, and when."""

    __tablename__ = "escalations"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    episode_id: Mapped[int] = mapped_column(
        ForeignKey("episodes.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    rule: Mapped[str] = mapped_column(String(32))
    level: Mapped[int | None] = mapped_column(SmallInteger)  # None: notices without a level
    # Rows since migration 0009: "" here; ``reasons`` holds [{"id", "args"}] (bot.domain.reasons).
    # Older rows: the reason as said (English, "; "-joined), and ``reasons`` is NULL.
    reason: Mapped[str] = mapped_column(String(200))
    reasons: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ReminderEvent(Base):
    """The adherence record: every answer to a reminder (done, snoozed, paused, ignored...)."""

    __tablename__ = "reminder_events"
    __table_args__ = (Index("ix_reminder_events_user_at", "user_id", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reminder_id: Mapped[int | None] = mapped_column(
        ForeignKey("reminders.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class TriageSession(Base):
    """A triage in progress: kept here so a restart or another instance continues it."""

    __tablename__ = "triage_sessions"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    state: Mapped[str] = mapped_column(Text)
    # Bumped on every change; buttons carry it, so a stale or doubled tap changes nothing.
    version: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    episode_id: Mapped[int | None] = mapped_column(ForeignKey("episodes.id", ondelete="SET NULL"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class TextReport(Base):
    """A red flag read in a typed message (TRIAGE.md "Free text"): the checklist item ids and the
    level, never the text. Open until "Yes, this is happening now" / "No, I was just describing";
    unanswered after 30 minutes it is kept as unconfirmed and asked about once the next day."""

    __tablename__ = "text_reports"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    level: Mapped[int] = mapped_column(SmallInteger)
    items: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), server_default=text("'open'"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    episode_id: Mapped[int | None] = mapped_column(ForeignKey("episodes.id", ondelete="SET NULL"))


class UpdateInbox(Base):
    """Updates from Telegram, stored before they are acknowledged (bot.services.inbox).

    A row is written before the next ``getUpdates`` offset confirms the update (or before the
    webhook answers 200), claimed with a lease while a handler runs, and then kept only as a
    tombstone (``state`` done, ``payload`` and ``user_id`` cleared) so a redelivered update is
    ignored; tombstones are pruned after a day. ``user_id`` is set when the sender is a known
    user, so /delete purges their pending updates with everything else.
    """

    __tablename__ = "update_inbox"
    __table_args__ = (Index("ix_update_inbox_state_received", "state", "received_at"),)

    bot_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    payload: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    state: Mapped[str] = mapped_column(String(8), server_default=text("'pending'"))
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(SmallInteger, server_default=text("0"))
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


ALL_TABLES = Base.metadata.sorted_tables
