"""callback_data: a versioned prefix, a few short parts, strictly parsed; one typed schema per
button.

Wire format (unchanged since the first release, so buttons already in chats keep working):
``k1:<kind>[:<tag>...]:<field>...``, every part ``[A-Za-z0-9_+.-]{1,32}``, 64 bytes at most.

Keyboards build a button from a schema (``ObCountry("GB").data()``); handlers register the
schema's pattern (``ObCountry.pattern()`` or the family's, ``Onboarding.pattern()``) and read the
tap with ``Schema.parse(query.data)``, which returns the schema or None. Anything that does not
parse (an old layout, forged or oversized data, any non-ASCII text such as a lone surrogate, a
number with a leading zero) is None, and the handler answers "This has expired" and changes
nothing. ``parse`` and ``decode`` are total: they never raise. A number is no larger than a
signed 64-bit integer (``MAX_INT``), so it fits every id column and driver.

A schema is a frozen dataclass: ``KIND`` (the first part), ``TAG`` (literal parts after it),
then its fields in order (``int``, ``str``, a ``Literal`` of strings or a ``StrEnum``; a trailing
field may be ``X | None = None``, left off the wire when None), then ``TAIL`` (literal parts
after the fields). A family (a base class with only ``KIND``) parses into whichever of its
schemas matches, tried in the order they are defined.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import ClassVar, Literal, Self

from bot.services.reminders import Response

PREFIX = "k1"
MAX_BYTES = 64  # Telegram's limit for callback_data
MAX_INT = 2**63 - 1  # the largest id SQLite and PostgreSQL (BIGINT) store
_PART = re.compile(r"[A-Za-z0-9_+.\-]{1,32}")


def encode(*parts: str | int) -> str:
    """The low-level codec (schemas use it; handlers and keyboards use schemas)."""
    texts = [str(p) for p in parts]
    for text in texts:
        if not _PART.fullmatch(text):
            raise ValueError(f"bad callback part {text!r}")
    data = ":".join((PREFIX, *texts))
    if len(data.encode()) > MAX_BYTES:
        raise ValueError("callback data too long")
    return data


def decode(data: object) -> tuple[str, ...] | None:
    """The parts after the prefix, or None for anything we did not make. Never raises."""
    if not isinstance(data, str) or len(data) > MAX_BYTES or not data.isascii():
        return None  # ASCII only: one byte a character, no surrogates
    prefix, _, rest = data.partition(":")
    if prefix != PREFIX or not rest:
        return None
    parts = tuple(rest.split(":"))
    if len(parts) > 6 or not all(_PART.fullmatch(p) and _bounded(p) for p in parts):
        return None
    return parts


def _bounded(part: str) -> bool:
    return not part.isdigit() or int(part) <= MAX_INT


def pattern(kind: str, rest: str = ":") -> str:
    """The handler pattern for buttons of ``kind`` ("ob", "tr" ...): ``^k1:ob:`` by default;
    ``rest`` is a regular expression for what follows the kind (e.g. ``"$"``, ``":(a|b)$"``).
    One place knows the prefix, so a new layout version changes every pattern at once."""
    return f"^{re.escape(PREFIX)}:{re.escape(kind)}{rest}"


# --- the schema machinery ----------------------------------------------------------------------

_BAD = object()  # a part that does not read as its field
Reader = Callable[[str], object]


def _read_int(part: str) -> object:
    # Canonical digits only (no sign, no leading zero): what ``data()`` writes reads back.
    return int(part) if part.isdigit() and str(int(part)) == part else _BAD


def _reader(hint: object) -> Reader:
    if hint is int:
        return _read_int
    if hint is str:
        return lambda part: part
    if typing.get_origin(hint) is Literal:
        allowed = frozenset(typing.get_args(hint))
        return lambda part: part if part in allowed else _BAD
    if isinstance(hint, type) and issubclass(hint, Enum):
        values = {str(m.value): m for m in hint}
        return lambda part: values.get(part, _BAD)
    raise TypeError(f"a callback field cannot be {hint!r}")


@dataclass(frozen=True)
class _Field:
    name: str
    read: Reader
    optional: bool


_FIELDS: dict[type[Callback], tuple[_Field, ...]] = {}


def _fields(cls: type[Callback]) -> tuple[_Field, ...]:
    if cls not in _FIELDS:
        _FIELDS[cls] = _read_fields(cls)
    return _FIELDS[cls]


def _read_fields(cls: type[Callback]) -> tuple[_Field, ...]:
    hints = typing.get_type_hints(cls)
    found: list[_Field] = []
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        args = typing.get_args(hint)
        optional = (
            typing.get_origin(hint) in (types.UnionType, typing.Union) and type(None) in args
        )
        if optional:
            (hint,) = [a for a in args if a is not type(None)]
            if f.default is not None:
                raise TypeError(f"{cls.__name__}.{f.name}: an optional field defaults to None")
        elif found and found[-1].optional:
            raise TypeError(f"{cls.__name__}.{f.name}: only trailing fields may be optional")
        found.append(_Field(f.name, _reader(hint), optional))
    return tuple(found)


def _leaves(cls: type[Callback]) -> list[type[Callback]]:
    subclasses = cls.__subclasses__()
    if not subclasses:
        return [cls]
    return [leaf for sub in subclasses for leaf in _leaves(sub)]


@dataclass(frozen=True)
class Callback:
    """A button's data. Subclasses set ``KIND`` (and ``TAG``/``TAIL``) and declare fields."""

    KIND: ClassVar[str]
    TAG: ClassVar[tuple[str, ...]] = ()
    TAIL: ClassVar[tuple[str, ...]] = ()

    def data(self) -> str:
        """The callback_data string (raises ValueError for a value the wire cannot carry)."""
        values: list[str | int] = []
        for f in _fields(type(self)):
            value = getattr(self, f.name)
            if value is None:
                continue  # a trailing optional field left off
            values.append(str(value.value) if isinstance(value, Enum) else value)
        return encode(self.KIND, *self.TAG, *values, *self.TAIL)

    @classmethod
    def parse(cls, data: object) -> Self | None:
        """The schema this data is, or None (never raises). On a family: whichever of its
        schemas matches first."""
        parts = decode(data)
        if parts is None:
            return None
        for leaf in _leaves(cls):
            found = leaf._read(parts)
            if found is not None:
                return typing.cast(Self, found)
        return None

    @classmethod
    def pattern(cls) -> str:
        """The CallbackQueryHandler pattern: every button of this kind (``^k1:<kind>:``)."""
        return pattern(cls.KIND)

    @classmethod
    def _read(cls, parts: tuple[str, ...]) -> Callback | None:
        head, tail = (cls.KIND, *cls.TAG), cls.TAIL
        if parts[: len(head)] != head or (tail and parts[-len(tail) :] != tail):
            return None
        rest = parts[len(head) : len(parts) - len(tail)]
        fields = _fields(cls)
        required = sum(not f.optional for f in fields)
        if not required <= len(rest) <= len(fields):
            return None
        values: dict[str, object] = {}
        for f, part in zip(fields, rest, strict=False):
            value = f.read(part)
            if value is _BAD:
                return None
            values[f.name] = value
        return cls(**values)


YesNo = Literal["yes", "no"]
FromSettings = Literal["set"]  # a question opened from /settings carries its way back


# --- /start onboarding (ob) ---------------------------------------------------------------------


@dataclass(frozen=True)
class Onboarding(Callback):
    KIND = "ob"


@dataclass(frozen=True)
class ObLanguages(Onboarding):
    """ "Change language" under the disclaimer: the language question."""

    TAG = ("lang",)


@dataclass(frozen=True)
class ObLanguage(Onboarding):
    """A language chosen before consent (nothing is stored: the buttons carry it)."""

    TAG = ("lang",)
    code: str


@dataclass(frozen=True)
class ObMinor(Onboarding):
    TAG = ("minor",)


@dataclass(frozen=True)
class ObConsent(Onboarding):
    """Consent, with the language the disclaimer was shown in (older buttons carry none)."""

    TAG = ("consent",)
    shown_in: str | None = None


@dataclass(frozen=True)
class ObCountryPage(Onboarding):
    TAG = ("cpage",)
    page: int


@dataclass(frozen=True)
class ObCountry(Onboarding):
    TAG = ("country",)
    code: str


@dataclass(frozen=True)
class ObZone(Onboarding):
    """The ``index``-th zone of the country ``country``."""

    TAG = ("tz",)
    country: str
    index: int


@dataclass(frozen=True)
class ObZoneByLocation(Onboarding):
    TAG = ("tzloc",)


@dataclass(frozen=True)
class ObZoneTyped(Onboarding):
    TAG = ("tztype",)


# --- /help, /delete -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Help(Callback):
    KIND = "help"

    @classmethod
    def pattern(cls) -> str:
        return pattern(cls.KIND, "$")


@dataclass(frozen=True)
class Delete(Callback):
    """Erase everything: yes / no."""

    KIND = "del"
    answer: YesNo


# --- /twitch and the triage screens (tw, tr) ----------------------------------------------------

TwitchMode = Literal["new", "quick", "full", "resume"]


@dataclass(frozen=True)
class Twitch(Callback):
    KIND = "tw"


@dataclass(frozen=True)
class TwitchStart(Twitch):
    """ "Log a twitch" (new), the quick log, a full log, or back to the triage in progress."""

    mode: TwitchMode

    @classmethod
    def pattern(cls) -> str:
        return pattern(cls.KIND, f":({'|'.join(typing.get_args(TwitchMode))})$")


@dataclass(frozen=True)
class TwitchEdit(Twitch):
    """ "Change my answers" under a result."""

    TAG = ("edit",)
    episode_id: int

    @classmethod
    def pattern(cls) -> str:
        return pattern(cls.KIND, ":edit:")


@dataclass(frozen=True)
class Triage(Callback):
    KIND = "tr"


@dataclass(frozen=True)
class TriageCancel(Triage):
    """Cancel, from any screen of the triage ``version`` (``tr:<version>:x``)."""

    TAIL = ("x",)
    version: int


@dataclass(frozen=True)
class TriagePress(Triage):
    """A button on a triage screen; the service checks step, action and value."""

    version: int
    step: str
    action: str | None = None
    value: str | None = None


# --- check-ins (ci, ck, fu) ---------------------------------------------------------------------


@dataclass(frozen=True)
class CheckInStatus(Callback):
    """ "Still twitching?" Gone / Better / Same / Worse under a check-in reminder."""

    KIND = "ci"
    reminder_id: int
    status: str


@dataclass(frozen=True)
class CheckInPress(Callback):
    """A button on a check-in screen; the service checks step, action and value."""

    KIND = "ck"
    checkin_id: int
    version: int
    step: str
    action: str
    value: str | None = None


@dataclass(frozen=True)
class FollowUp(Callback):
    """ "Were you seen?": yes / no, then "keep checking in" (resume)."""

    KIND = "fu"
    reminder_id: int
    answer: str


# --- reminders (rm, rem) ------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderTap(Callback):
    """Done / Snooze / Pause under a water or stretch reminder."""

    KIND = "rm"
    reminder_id: int
    response: Response


@dataclass(frozen=True)
class Reminders(Callback):
    """The /reminders panel and its questions."""

    KIND = "rem"


@dataclass(frozen=True)
class RemOn(Reminders):
    """Turn reminders on; ``plan``: pressed under a result (the question comes below it)."""

    TAG = ("on",)
    origin: Literal["plan"] | None = None


@dataclass(frozen=True)
class RemFluid(Reminders):
    TAG = ("fluid",)
    answer: YesNo


@dataclass(frozen=True)
class RemOff(Reminders):
    TAG = ("off",)


@dataclass(frozen=True)
class RemPause(Reminders):
    TAG = ("pause",)


@dataclass(frozen=True)
class RemResume(Reminders):
    TAG = ("resume",)


@dataclass(frozen=True)
class RemHydration(Reminders):
    TAG = ("hyd",)
    direction: Literal["up", "down"]


@dataclass(frozen=True)
class RemWake(Reminders):
    """The waking-hours question."""

    TAG = ("wake",)
    origin: FromSettings | None = None


@dataclass(frozen=True)
class RemWakeStart(Reminders):
    """Waking hours start at ``start`` (minutes after midnight)."""

    TAG = ("ws",)
    start: int
    origin: FromSettings | None = None


@dataclass(frozen=True)
class RemWakeEnd(Reminders):
    """Waking hours ``start``-``end`` (minutes after midnight)."""

    TAG = ("we",)
    start: int
    end: int
    origin: FromSettings | None = None


@dataclass(frozen=True)
class RemStretch(Reminders):
    """The stretch-time question."""

    TAG = ("str",)


@dataclass(frozen=True)
class RemStretchPick(Reminders):
    TAG = ("st",)
    index: int


@dataclass(frozen=True)
class RemShow(Reminders):
    TAG = ("show",)


# --- /settings (set), /language (lang) ----------------------------------------------------------


@dataclass(frozen=True)
class Settings(Callback):
    KIND = "set"


@dataclass(frozen=True)
class SetCountry(Settings):
    TAG = ("country",)


@dataclass(frozen=True)
class SetShow(Settings):
    TAG = ("show",)


@dataclass(frozen=True)
class SetTimezone(Settings):
    TAG = ("tz",)


@dataclass(frozen=True)
class SetFluid(Settings):
    TAG = ("fluid",)
    answer: YesNo


@dataclass(frozen=True)
class Language(Callback):
    KIND = "lang"


@dataclass(frozen=True)
class LanguagePick(Language):
    """From /settings: the language question, in place."""

    TAG = ("pick",)


@dataclass(frozen=True)
class LanguageChosen(Language):
    code: str


# --- typed red flags (ft, fx) -------------------------------------------------------------------


@dataclass(frozen=True)
class TypedReport(Callback):
    """ "Yes, this is happening now" (y) / "No, I was just describing" (n); report 0: before
    consent, nothing stored."""

    KIND = "ft"
    answer: Literal["y", "n"]
    report_id: int

    @property
    def happening(self) -> bool:
        return self.answer == "y"


@dataclass(frozen=True)
class WhichFits(Callback):
    """ "Which of these fits?" """

    KIND = "fx"


@dataclass(frozen=True)
class WhichFitsNone(WhichFits):
    TAG = ("none",)


@dataclass(frozen=True)
class WhichFitsItem(WhichFits):
    item: str


# --- /timezone (tzc), /history (hi) -------------------------------------------------------------


@dataclass(frozen=True)
class PlaceCandidate(Callback):
    """One of several places a typed name matched."""

    KIND = "tzc"
    place_id: int


HistoryVerb = Literal["booked", "ebooked", "seen", "eseen", "stop", "del", "delyes", "delno"]


@dataclass(frozen=True)
class HistoryAction(Callback):
    """A button under /history (or, ``ebooked``/``eseen``, under a see-a-doctor message)."""

    KIND = "hi"
    action: HistoryVerb
    episode_id: int

    @classmethod
    def pattern(cls) -> str:
        return pattern(cls.KIND, r"(:|$)")


def schemas() -> list[type[Callback]]:
    """Every concrete schema (for tests)."""
    return _leaves(Callback)
