"""Shared domain vocabulary: plain enums and frozen dataclasses, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import IntEnum, StrEnum

from bot.domain.timezones import zone


class Urgency(IntEnum):
    """The four advice levels of TRIAGE.md, ordered so that ``max()`` picks the most urgent."""

    SELF_CARE = 1
    SEE_GP = 2
    URGENT_TODAY = 3
    EMERGENCY = 4


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class Frequency(StrEnum):
    FEW_TIMES = "few"
    COMES_AND_GOES = "comes_goes"
    ALMOST_CONSTANT = "constant"


class EpisodeStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class ReminderKind(StrEnum):
    HYDRATION = "hydration"
    STRETCH = "stretch"
    CHECKIN = "checkin"
    FOLLOW_UP = "follow_up"


class ReminderStatus(StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"
    SENT = "sent"
    EXPIRED = "expired"
    FAILED = "failed"
    DEAD = "dead"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class UserProfile:
    """What the rules need to know about a user (no Telegram, no ORM)."""

    id: int
    consent_at: datetime | None
    country: str | None
    timezone: str | None
    wake_start: int  # minutes after local midnight
    wake_end: int
    fluid_limited: bool | None
    hydration_on: bool
    hydration_per_day: int
    stretch_on: bool
    stretch_times: tuple[str, ...]
    blocked: bool
    awaiting: str | None
    paused_on: date | None = None  # "Pause today": the local date nudges are paused
    language: str | None = None  # "en", "es", "de", "ru"; None: not chosen (Telegram's decides)

    @property
    def onboarded(self) -> bool:
        return self.consent_at is not None

    def local_date(self, now: datetime) -> date:
        """Today's date where the user is (UTC until they set a timezone)."""
        if self.timezone is None:
            return now.date()
        return now.astimezone(zone(self.timezone)).date()

    def paused_on_today(self, now: datetime) -> bool:
        return self.paused_on is not None and self.paused_on == self.local_date(now)


@dataclass(frozen=True, slots=True)
class EpisodeRecord:
    """A stored episode as the rules see it (answers kept as the triage's plain dict)."""

    id: int
    user_id: int
    logged_at: datetime
    onset_at: datetime
    side: str | None
    intensity_first: int | None
    frequency: str | None
    factors: tuple[str, ...]
    urgency: Urgency
    status: EpisodeStatus
    closed_at: datetime | None
    booked_at: datetime | None
    seen_at: datetime | None

    @property
    def open(self) -> bool:
        return self.status is EpisodeStatus.OPEN
