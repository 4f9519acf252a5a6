"""A user's own records as plain data, and the pure steps shared by /history, the chart and PDF.

``bot.db.records`` reads the rows once and ``bot.services.records`` builds ``Records``; everything
here is pure (``now`` and the timezone are data) so it is tested without a database:

- ``chart_data(records)`` -> ``ChartData``: what ``chart.render_chart`` draws (a week to 30
  days, as the data needs: ``chart_days``), also on the PDF page;
- ``pdf.render_pdf(records)``: the one-page summary for a doctor;
- ``summary.share_text(records)``: the same in one forwardable message ("Share with a clinician");
- ``export.readable(...)`` then ``export.build_zip(...)``: every row about the user, as CSV
  files and JSON a person can read, with a data dictionary.

Labels here are plain words for people (the user, or a doctor reading the PDF): no emoji, never
a disease name. They are English source texts marked ``N_()`` and said in the current language
(``bot.domain.language``) when used: the word mappings below are ``Words``, which translate on
every lookup, so a report made inside ``language.use("ru")`` comes out in Russian. Dates go
through ``bot.l10n`` (CLDR).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Final

from bot import l10n
from bot.domain import triage as tr
from bot.domain.language import N_, _
from bot.domain.model import EpisodeStatus, Frequency, ReminderKind, Side, Urgency
from bot.domain.reasons import Reason
from bot.domain.timezones import zone

DAY: Final = timedelta(days=1)


class Words(Mapping[str, str]):
    """Stored value (a stable English key) -> its words, in the current language at each lookup.

    The values are English source texts marked ``N_()``; ``in``, ``get`` and iteration work on
    the keys as with a dict."""

    __slots__ = ("_source",)

    def __init__(self, source: Mapping[str, str]) -> None:
        self._source = dict(source)

    def __getitem__(self, key: str) -> str:
        return _(self._source[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._source)

    def __len__(self) -> int:
        return len(self._source)


# Every checklist item by id (the red-flag lists and the see-a-doctor list of the triage).
CHECKLIST_ITEMS: Final[Mapping[str, tr.ChecklistItem]] = {
    i.id: i for i in (*tr.EMERGENCY_ITEMS, *tr.SAME_DAY_ITEMS, *tr.GP_ITEMS)
}
EMERGENCY_IDS: Final = frozenset(i.id for i in tr.EMERGENCY_ITEMS)
SAME_DAY_IDS: Final = frozenset(i.id for i in tr.SAME_DAY_ITEMS)

LEVEL_LABELS: Final[Mapping[Urgency, str]] = {
    Urgency.EMERGENCY: N_("Emergency"),
    Urgency.URGENT_TODAY: N_("Urgent, same day"),
    Urgency.SEE_GP: N_("See a doctor"),
    Urgency.SELF_CARE: N_("Self-care"),
}  # English source texts: ``level_label()`` says them in the current language
SIDE_WORDS: Final[Mapping[str, str]] = Words(
    {
        Side.LEFT.value: N_("left knee"),
        Side.RIGHT.value: N_("right knee"),
        Side.BOTH.value: N_("both knees"),
    }
)
# "How often" in the middle of a sentence (the buttons say "A few times").
FREQUENCY_WORDS: Final[Mapping[str, str]] = Words(
    {
        Frequency.FEW_TIMES.value: N_("a few times"),
        Frequency.COMES_AND_GOES.value: N_("comes and goes"),
        Frequency.ALMOST_CONSTANT.value: N_("almost constant"),
    }
)
FACTOR_WORDS: Final[Mapping[str, str]] = Words({f.value: tr.FACTOR_LABELS[f] for f in tr.Factor})
STATUS_WORDS: Final[Mapping[str, str]] = Words(
    {
        "gone": N_("gone"),
        "better": N_("better"),
        "same": N_("same"),
        "worse": N_("worse"),
    }
)
ADHERENCE_KINDS: Final = (ReminderKind.HYDRATION.value, ReminderKind.STRETCH.value)
DONE: Final = "done"
SENT: Final = "sent"  # ReminderActivity.action for a reminder that went out


# =================================================================================================
# The records
# =================================================================================================


@dataclass(frozen=True, slots=True)
class CheckInAnswer:
    """One check-in of an episode (asked; answered or not)."""

    seq: int
    asked_at: datetime
    answered_at: datetime | None
    status: str | None  # gone / better / same / worse
    intensity: int | None
    frequency: str | None
    red_flags: tuple[str, ...]  # checklist item ids ticked
    new_place: bool | None  # "Anywhere else now?"


@dataclass(frozen=True, slots=True)
class AdviceGiven:
    """One stored escalation: which level, by which rule, why and when."""

    at: datetime
    rule: str
    level: int | None  # None: a notice without a level (e.g. after missed check-ins)
    reason: str  # rows stored before reason ids: the reason as said ("" since)
    reasons: tuple[Reason, ...] | None = None  # the reason ids; None for those older rows

    @property
    def urgency(self) -> Urgency | None:
        if self.level is None:
            return None
        try:
            return Urgency(self.level)
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class Rating:
    """An intensity answer (0-10): at logging or at a check-in."""

    at: datetime
    intensity: int
    source: str  # "logged", "updated" or the check-in status ("better", "same", ...)


@dataclass(frozen=True, slots=True)
class EpisodeSummary:
    id: int
    logged_at: datetime
    onset_at: datetime  # the upper end of the "How long?" answer (the safer reading)
    side: str | None
    intensity_first: int | None
    frequency: str | None
    factors: tuple[str, ...]
    urgency: Urgency
    status: EpisodeStatus
    closed_at: datetime | None
    booked_at: datetime | None
    seen_at: datetime | None
    duration_answer: str | None = None  # the triage's "How long?" value
    triage_ticks: tuple[str, ...] = ()  # checklist items ticked at the (last) triage
    checkins: tuple[CheckInAnswer, ...] = ()  # in schedule order
    advice: tuple[AdviceGiven, ...] = ()  # oldest first
    updates: tuple[Rating, ...] = ()  # intensity answers of later /twitch updates

    @property
    def open(self) -> bool:
        return self.status is EpisodeStatus.OPEN

    def end(self, now: datetime) -> datetime:
        """When it stopped (closed), or ``now`` while it is open."""
        return self.closed_at if self.closed_at is not None else now

    def lasted(self, now: datetime) -> timedelta:
        return max(self.end(now) - self.onset_at, timedelta(0))

    @property
    def ratings(self) -> tuple[Rating, ...]:
        """Every intensity answer, oldest first."""
        found = []
        if self.intensity_first is not None:
            found.append(Rating(self.logged_at, self.intensity_first, "logged"))
        for c in self.checkins:
            if c.answered_at is not None and c.intensity is not None:
                found.append(Rating(c.answered_at, c.intensity, c.status or "check-in"))
        found.extend(self.updates)
        return tuple(sorted(found, key=lambda r: r.at))

    @property
    def worst_intensity(self) -> int | None:
        values = [r.intensity for r in self.ratings]
        return max(values) if values else None

    @property
    def answered_checkins(self) -> tuple[CheckInAnswer, ...]:
        return tuple(c for c in self.checkins if c.answered_at is not None)

    @property
    def elsewhere(self) -> bool:
        """Twitching somewhere else too: the see-a-doctor item, or a check-in "yes"."""
        return "g1" in self.triage_ticks or any(c.new_place for c in self.checkins)


@dataclass(frozen=True, slots=True)
class ReminderActivity:
    """A hydration or stretch reminder sent, or the user's answer to one."""

    kind: str  # hydration / stretch (check-in events are kept too, and ignored here)
    action: str  # sent, done, snoozed, paused, ignored, skipped
    at: datetime


@dataclass(frozen=True, slots=True)
class Records:
    """Everything about one user the reports show."""

    user_id: int
    timezone: str | None
    country: str | None
    now: datetime
    episodes: tuple[EpisodeSummary, ...]  # newest first
    activity: tuple[ReminderActivity, ...] = ()
    # Water or stretch reminders were ever turned on (on now, or any such reminder stored).
    reminders_turned_on: bool = False

    @property
    def tz(self) -> tzinfo:
        return user_zone(self.timezone)

    @property
    def timezone_name(self) -> str:
        return self.timezone or "UTC"

    @property
    def open_ids(self) -> tuple[int, ...]:
        return tuple(e.id for e in self.episodes if e.open)


def zone_label(name: str | None) -> str:
    """The name of the zone ``user_zone`` uses: the stored one, or "UTC"."""
    if name is None:
        return "UTC"
    try:
        zone(name)
    except KeyError:
        return "UTC"
    return name


def user_zone(name: str | None) -> tzinfo:
    """The user's zone; UTC when none is set (or a stored name is no longer known)."""
    if name is None:
        return UTC
    try:
        return zone(name)
    except KeyError:
        return UTC


# =================================================================================================
# Words shared by /history and the PDF
# =================================================================================================


def local_day(moment: datetime, tz: tzinfo) -> date:
    return moment.astimezone(tz).date()


def day_label(day: date, today: date | None = None) -> str:
    """ "3 Nov" this year, "3 Nov 2025" otherwise, in the current language ("3 нояб.")."""
    text = l10n.day_month(day)
    return text if today is not None and day.year == today.year else f"{text} {day.year}"


def lasted_words(lasted: timedelta) -> str:
    """ "under a day", "1 day", "9 days"."""
    days = lasted // DAY
    if days < 1:
        return _("under a day")
    return _("1 day") if days == 1 else _("{days} days").format(days=days)


def count_words(n: int, one: str, other: str) -> str:
    """``one`` (n == 1) or ``other``: English source texts marked ``N_()`` with ``{count}``, said
    in the current language (a language with more plural forms words ``other`` so that it reads
    for any n, e.g. "Episodes: {count}")."""
    return (_(one) if n == 1 else _(other)).format(count=n)


def loggings_words(n: int) -> str:
    """ "1 logging", "3 loggings"."""
    return count_words(n, N_("{count} logging"), N_("{count} loggings"))


def checkins_words(n: int) -> str:
    """ "1 check-in", "3 check-ins"."""
    return count_words(n, N_("{count} check-in"), N_("{count} check-ins"))


def level_label(level: Urgency, *, uk: bool = False) -> str:
    if uk and level is Urgency.SEE_GP:
        return _("See a GP")
    return _(LEVEL_LABELS[level])


def side_words(side: str | None) -> str:
    return SIDE_WORDS.get(side or "", _("knee not given"))


def file_name(stem: str, extension: str, now: datetime, tz: tzinfo) -> str:
    """ "knee-twitch-summary-2026-11-25.pdf": the date is the user's local date."""
    return f"knee-twitch-{stem}-{local_day(now, tz).isoformat()}.{extension}"


def checklist_text(item_id: str) -> str | None:
    found = CHECKLIST_ITEMS.get(item_id)
    return found.text if found is not None else None


def checklist_kind(item_id: str) -> str:
    if item_id in EMERGENCY_IDS:
        return _("emergency sign")
    if item_id in SAME_DAY_IDS:
        return _("same-day sign")
    return _("see-a-doctor sign")


AT_LOGGING: Final = N_("at logging")
AT_A_CHECKIN: Final = N_("at a check-in")


@dataclass(frozen=True, slots=True)
class SignTicked:
    at: datetime
    where: str  # AT_LOGGING, AT_A_CHECKIN (English source: ``where_words`` says it)
    item_id: str

    @property
    def where_words(self) -> str:
        return _(self.where)

    @property
    def text(self) -> str:
        return checklist_text(self.item_id) or ""

    @property
    def kind(self) -> str:
        return checklist_kind(self.item_id)


def signs_ticked(records: Records) -> list[SignTicked]:
    """Checklist items ticked at logging or at check-ins (known items only), newest first."""
    ticks: list[SignTicked] = []
    for episode in records.episodes:
        ticks += [SignTicked(episode.logged_at, AT_LOGGING, i) for i in episode.triage_ticks]
        for c in episode.answered_checkins:
            assert c.answered_at is not None  # noqa: S101 - answered
            ticks += [SignTicked(c.answered_at, AT_A_CHECKIN, i) for i in c.red_flags]
    ticks = [t for t in ticks if checklist_text(t.item_id) is not None]
    ticks.sort(key=lambda t: t.at, reverse=True)
    return ticks


# Where each stored escalation rule (a key) came from, in words (never the rule id itself).
RULE_WORDS: Final[Mapping[str, str]] = {
    "triage": AT_LOGGING,
    "red_flag": N_("a warning sign at a check-in"),
    "red_flag_left_triage": N_("a warning sign ticked at logging"),
    "red_flag_left_checkin": N_("a warning sign ticked at a check-in"),
    "free_text": N_("a typed message"),
    "missed_checkins": N_("after missed check-ins"),
    "lasted_a_day": AT_A_CHECKIN,
    "duration": AT_A_CHECKIN,
    "duration_firmly": AT_A_CHECKIN,
    "recurrence_short": AT_A_CHECKIN,
    "recurrence_long": AT_A_CHECKIN,
    "intensity": AT_A_CHECKIN,
    "intensity_rise": AT_A_CHECKIN,
    "intensity_rising": AT_A_CHECKIN,
    "almost_constant": AT_A_CHECKIN,
    "new_place": AT_A_CHECKIN,
    "self_care_not_working": AT_A_CHECKIN,
}
RULE_UNKNOWN: Final = N_("by the bot")


def rule_words(rule: str) -> str:
    """ "at logging", "a typed message", ...: where a piece of advice came from."""
    return _(RULE_WORDS.get(rule, RULE_UNKNOWN))


def advice_reason(advice: AdviceGiven) -> str:
    """Why, in the current language: each stored reason id said with its values ("It's been
    going on for 9 days" reads in Russian for a Russian reader, whatever the language it was
    given in).

    Rows stored before reason ids hold the reason as said, in the language of the time: "" where
    it is only a rule id (the triage stored "triage" when it had no reason to give), else each
    part that is one of our English texts (a checklist item, the missed-check-ins note) is shown
    in the current language and the rest as it is."""
    if advice.reasons is not None:
        return "; ".join(text for r in advice.reasons if (text := r.text))
    reason = advice.reason.strip()
    if not reason or reason in RULE_WORDS or reason == advice.rule:
        return ""
    return "; ".join(_(part) for part in reason.split("; "))


def advice_label(advice: AdviceGiven, *, uk: bool = False) -> str:
    """The advice as a level in words."""
    if advice.rule == "missed_checkins":
        return _("A note after missed check-ins")
    urgency = advice.urgency
    if urgency is None or urgency is Urgency.SELF_CARE:
        return _("Worth a word with a professional (not urgent)")
    return level_label(urgency, uk=uk)


def advice_text(advice: AdviceGiven, *, uk: bool = False) -> str:
    """ "Urgent, same day. The knee locks or gives way (a warning sign at a check-in)." """
    reason = advice_reason(advice)
    why = f" {reason.rstrip('.')}" if reason else ""
    where = "" if advice.rule == "missed_checkins" else f" ({rule_words(advice.rule)})"
    text = f"{advice_label(advice, uk=uk)}.{why}{where}"
    return text if text.endswith(".") else text + "."


def advice_given(records: Records) -> list[AdviceGiven]:
    """Every piece of advice, newest first; the same advice given twice in a row on one local
    day (same level and reason) is listed once, at its first time."""
    tz = records.tz
    oldest_first = sorted((a for e in records.episodes for a in e.advice), key=lambda a: a.at)
    kept: list[AdviceGiven] = []
    for advice in oldest_first:
        if kept:
            last = kept[-1]
            same = (last.urgency, advice_reason(last), last.rule == "missed_checkins") == (
                advice.urgency,
                advice_reason(advice),
                advice.rule == "missed_checkins",
            )
            if same and local_day(last.at, tz) == local_day(advice.at, tz):
                continue
        kept.append(advice)
    return kept[::-1]


# =================================================================================================
# The chart's data
# =================================================================================================


@dataclass(frozen=True, slots=True)
class Span:
    """An episode on the chart, in days from the first day's local midnight."""

    start: float
    end: float
    level: Urgency
    open: bool


@dataclass(frozen=True, slots=True)
class Mark:
    """A check-in answer on the chart (at the middle of its local day)."""

    x: float
    intensity: int | None
    status: str


@dataclass(frozen=True, slots=True)
class AdviceMark:
    """A piece of advice on the chart's timeline, at the time it was given."""

    x: float
    level: Urgency | None  # None: a note without a level (e.g. after missed check-ins)


@dataclass(frozen=True, slots=True)
class ChartData:
    timezone: str
    first_day: date  # local
    days: int
    spans: tuple[Span, ...]
    series: tuple[tuple[tuple[float, int], ...], ...]  # per episode: (x, highest that day)
    marks: tuple[Mark, ...]
    hydration_done: tuple[int, ...]  # per day
    stretch_done: tuple[int, ...]
    advice: tuple[AdviceMark, ...] = ()

    @property
    def day_list(self) -> tuple[date, ...]:
        return tuple(self.first_day + i * DAY for i in range(self.days))

    @property
    def daily_max(self) -> tuple[int | None, ...]:
        """The highest intensity answered on each day (any episode), None where there is none."""
        best: dict[int, int] = {}
        for points in self.series:
            for x, value in points:
                best[int(x)] = max(best.get(int(x), value), value)
        return tuple(best.get(i) for i in range(self.days))

    @property
    def empty(self) -> bool:
        return not self.spans and not self.marks and not any(self.series)


CHART_MIN_DAYS: Final = 7
CHART_MAX_DAYS: Final = 30


def chart_days(records: Records) -> int:
    """How many days the chart shows: from the first local day with anything to draw (an
    episode, a rating, advice, a reminder done), at least a week, at most 30 days."""
    tz = records.tz
    today = local_day(records.now, tz)
    earliest = today - (CHART_MAX_DAYS - 1) * DAY
    start = _midnight(earliest, tz)
    moments: list[datetime] = []
    for episode in records.episodes:
        if episode.end(records.now) >= start:  # began earlier and still going: all 30 days
            moments.append(max(episode.onset_at, start))
        moments += [a.at for a in episode.advice] + [r.at for r in episode.ratings]
    moments += [a.at for a in records.activity if a.action == DONE]
    days = [local_day(m, tz) for m in moments]
    first = min([d for d in days if d >= earliest], default=today)
    return min(max((today - first).days + 1, CHART_MIN_DAYS), CHART_MAX_DAYS)


def _midnight(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz)


def _offset(moment: datetime, first: datetime, days: int) -> float:
    """Days from ``first`` (local midnight), clipped to the chart, DST-proof via local dates."""
    local = moment.astimezone(first.tzinfo)
    whole = (local.date() - first.date()).days
    day_start = _midnight(local.date(), local.tzinfo or UTC)
    next_start = _midnight(local.date() + DAY, local.tzinfo or UTC)
    fraction = (local - day_start) / (next_start - day_start)
    return min(max(whole + fraction, 0.0), float(days))


def chart_data(records: Records, days: int | None = None) -> ChartData:
    """The last ``days`` local days up to today (by default ``chart_days``: as many as the data
    needs): intensity, episodes (each band to the end of its last day; open ones to the end of
    today), check-ins, advice given, adherence."""
    if days is None:
        days = chart_days(records)
    if days < 1:
        raise ValueError("days must be at least 1")
    tz = records.tz
    today = local_day(records.now, tz)
    first_day = today - (days - 1) * DAY
    first = _midnight(first_day, tz)
    end = _midnight(today + DAY, tz)

    def in_window(moment: datetime) -> bool:
        return first <= moment < end

    def day_index(moment: datetime) -> int:
        return (local_day(moment, tz) - first_day).days

    spans: list[Span] = []
    series: list[tuple[tuple[float, int], ...]] = []
    marks: list[Mark] = []
    advice_marks: list[AdviceMark] = []
    for episode in sorted(records.episodes, key=lambda e: e.onset_at):
        stop = episode.end(records.now)
        if stop < first or episode.onset_at >= end:
            continue
        last_day = max(day_index(stop), day_index(episode.onset_at)) + 1
        spans.append(
            Span(
                _offset(episode.onset_at, first, days),
                float(min(last_day, days)),
                episode.urgency,
                episode.open,
            )
        )
        for advice in episode.advice:
            if in_window(advice.at):
                shown = None if advice.rule == "missed_checkins" else advice.urgency
                advice_marks.append(AdviceMark(_offset(advice.at, first, days), shown))
        per_day: dict[int, int] = {}
        for rating in episode.ratings:
            if in_window(rating.at):
                i = day_index(rating.at)
                per_day[i] = max(per_day.get(i, rating.intensity), rating.intensity)
        if per_day:
            series.append(tuple((i + 0.5, v) for i, v in sorted(per_day.items())))
        for c in episode.answered_checkins:
            assert c.answered_at is not None  # noqa: S101 - answered_checkins
            if in_window(c.answered_at) and c.status is not None:
                marks.append(Mark(day_index(c.answered_at) + 0.5, c.intensity, c.status))
    hydration = [0] * days
    stretch = [0] * days
    for event in records.activity:
        if event.action != DONE or not in_window(event.at):
            continue
        if event.kind == ReminderKind.HYDRATION.value:
            hydration[day_index(event.at)] += 1
        elif event.kind == ReminderKind.STRETCH.value:
            stretch[day_index(event.at)] += 1
    return ChartData(
        timezone=records.timezone_name,
        first_day=first_day,
        days=days,
        spans=tuple(spans),
        series=tuple(series),
        marks=tuple(sorted(marks, key=lambda m: m.x)),
        hydration_done=tuple(hydration),
        stretch_done=tuple(stretch),
        advice=tuple(sorted(advice_marks, key=lambda a: a.x)),
    )


# =================================================================================================
# Adherence (the PDF; "hydration/stretch done per week")
# =================================================================================================


@dataclass(frozen=True, slots=True)
class WeekAdherence:
    week_start: date  # local Monday
    sent: Mapping[str, int]  # kind -> reminders sent
    done: Mapping[str, int]  # kind -> answered "done"


def weekly_adherence(activity: Iterable[ReminderActivity], tz: tzinfo) -> list[WeekAdherence]:
    """Hydration and stretch reminders sent and done, per local week (Monday first), oldest
    first; weeks with nothing are left out."""
    weeks: dict[date, dict[str, dict[str, int]]] = {}
    for event in activity:
        if event.kind not in ADHERENCE_KINDS or event.action not in (SENT, DONE):
            continue
        day = local_day(event.at, tz)
        monday = day - day.weekday() * DAY
        counts = weeks.setdefault(monday, {SENT: {}, DONE: {}})
        bucket = counts[event.action]
        bucket[event.kind] = bucket.get(event.kind, 0) + 1
    return [
        WeekAdherence(monday, counts[SENT], counts[DONE])
        for monday, counts in sorted(weeks.items())
    ]


def action_totals(activity: Iterable[ReminderActivity]) -> dict[str, dict[str, int]]:
    """kind -> action -> count, for hydration and stretch."""
    totals: dict[str, dict[str, int]] = {k: {} for k in ADHERENCE_KINDS}
    for event in activity:
        if event.kind in totals:
            totals[event.kind][event.action] = totals[event.kind].get(event.action, 0) + 1
    return totals
