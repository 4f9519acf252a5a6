"""/export: every row about the user, one CSV file per table, and all of it in ``data.json``.

Pure: ``bot.db.records`` reads the rows, and the service hands them over as plain values;
``readable()`` turns them into what a person can read: times in the user's timezone as ISO 8601
(``2026-11-25T09:00:00+00:00``, the local offset), levels and answers as words ("See a doctor",
"Left knee", "A few times"), waking hours as ``08:00``, and the bot's own bookkeeping columns
(claims, leases, dedup keys, message ids, conversation versions) left out. Ids stay where they
link rows. Every table is exported (a table unknown here as it is stored), and ``README.txt``
is the data dictionary: every file and column, and what was left out.

Language: file names, column names and data.json's names are fixed English keys (programs read
them; they are the database's names); the words (values, answer labels inside a cell, the
README) are in the current language (``bot.domain.language``). Times stay ISO 8601 in every
language, as the README promises.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal
from typing import Any, Final

from bot.domain import redflags as rf
from bot.domain import triage as tr
from bot.domain.language import N_, _
from bot.domain.model import Urgency
from bot.domain.reasons import Reason
from bot.reports import (
    FACTOR_WORDS,
    RULE_WORDS,
    Words,
    checklist_text,
    level_label,
    rule_words,
)

# =================================================================================================
# The data dictionary (interface copy: what a person reads in README.txt)
# =================================================================================================

README_HEAD: Final = N_(
    "Everything the knee twitch bot stores about you, exported {exported_at}.\n"
    "\n"
    "Times are in your timezone ({zone}), written as ISO 8601: 2026-11-25T09:00:00+00:00 is\n"
    "25 November 2026, 09:00, at UTC offset +00:00. Yes/No columns say Yes or No; an empty cell\n"
    "means nothing was stored. Lists (several answers) are JSON text inside a CSV cell.\n"
    "\n"
    "File names, column names (the first row of each CSV file) and the names in data.json are\n"
    "fixed English keys, the same in every language, for programs. The values in words, and the\n"
    "labels of answers inside a cell, are in the language you use the bot in.\n"
    "\n"
    "FILES\n"
    "  README.txt  - this data dictionary\n"
    "  data.json   - all of it in one file (the same rows as the CSV files)\n"
    "  <table>.csv - one file per table, one row per record (open with any spreadsheet)\n"
)
LEFT_OUT_HEAD: Final = N_(
    "\nLEFT OUT (the bot's own bookkeeping, not information about you): {columns}.\n"
)
UNKNOWN_COLUMN: Final = N_("stored as it is")
UNKNOWN_FILE: Final = N_("stored rows about you, as they are")

FILES: Final[Mapping[str, str]] = {
    "users": N_("you: settings and consent (one row)"),
    "episodes": N_("each twitch you logged with /twitch, with your answers"),
    "checkins": N_("each check-in about an episode: asked, and your answers"),
    "reminders": N_("each message the bot planned to send you (check-ins, water, stretches)"),
    "escalations": N_("each piece of advice the bot gave, why and when"),
    "reminder_events": N_("your answers to reminders (done, snoozed, paused...)"),
    "triage_sessions": N_("a /twitch you had started and not finished"),
    "text_reports": N_("warning signs the bot read in a message you typed (never the text)"),
    "update_inbox": N_("messages from you that arrived and were still waiting to be handled"),
}
DICTIONARY: Final[Mapping[str, Mapping[str, str]]] = {
    "users": {
        "id": N_("your Telegram user id"),
        "created_at": N_("when you first wrote to the bot"),
        "last_active_at": N_("when you last used the bot"),
        "consent_at": N_("when you agreed to the bot storing your answers"),
        "country": N_("your country (two-letter code)"),
        "timezone": N_("your timezone"),
        "wake_start": N_("waking hours: from (HH:MM)"),
        "wake_end": N_("waking hours: until (HH:MM)"),
        "fluid_limited": N_("told to limit fluids by a doctor (Yes/No)"),
        "hydration_on": N_("water reminders on (Yes/No)"),
        "hydration_per_day": N_("water reminders a day"),
        "stretch_on": N_("stretch reminders on (Yes/No)"),
        "stretch_times": N_("stretch reminder times"),
        "paused_on": N_("the day reminders were paused"),
        "blocked_at": N_("when the bot found it was blocked"),
        "language": N_("the language the bot writes to you in (en, es, de, ru)"),
    },
    "episodes": {
        "id": N_("the episode's number (check-ins, reminders and advice refer to it)"),
        "user_id": N_("your Telegram user id"),
        "logged_at": N_("when you logged it"),
        "onset_at": N_('when it began (estimate: the longest answer to "How long?")'),
        "side": N_("which knee"),
        "intensity_first": N_("how strong at logging (0-10)"),
        "frequency": N_("how often"),
        "factors": N_("in the 24 hours before"),
        "answers": N_("your answers at logging, in words"),
        "urgency": N_("the advice level"),
        "reasons": N_("why that level"),
        "status": N_("Ongoing or Stopped"),
        "closed_at": N_("when you said it stopped"),
        "booked_at": N_("when you said you booked an appointment"),
        "seen_at": N_("when you said you had been seen"),
        "updates": N_("later ratings with /twitch (time and how strong)"),
    },
    "checkins": {
        "id": N_("the check-in's number"),
        "episode_id": N_("the episode it is about (episodes.csv id)"),
        "user_id": N_("your Telegram user id"),
        "seq": N_("1 for the first check-in of the episode, 2 for the next, ..."),
        "asked_at": N_("when it was asked"),
        "answered_at": N_("when you answered"),
        "status": N_("Gone, Better, Same or Worse (compared with before)"),
        "red_flags": N_("warning signs you ticked"),
        "intensity": N_("how strong (0-10)"),
        "frequency": N_("how often"),
        "new_place": N_("twitching anywhere else now (Yes/No)"),
        "reminder_id": N_("the message that asked it (reminders.csv id)"),
        "state": N_("answers so far, while the check-in was not finished"),
    },
    "reminders": {
        "id": N_("the reminder's number"),
        "user_id": N_("your Telegram user id"),
        "episode_id": N_("the episode it is about, if any (episodes.csv id)"),
        "kind": N_("Check-in, Follow-up, Water or Stretch"),
        "due_at": N_("when it was due"),
        "status": N_("Waiting, Sent, Cancelled, ..."),
        "created_at": N_("when it was planned"),
        "sent_at": N_("when it was sent"),
    },
    "escalations": {
        "id": N_("the advice's number"),
        "episode_id": N_("the episode it is about (episodes.csv id)"),
        "user_id": N_("your Telegram user id"),
        "rule": N_("where it came from (at logging, at a check-in, a typed message, ...)"),
        "level": N_("the advice level (empty: a note without a level)"),
        "reason": N_("why"),
        "reasons": N_(
            'why, as a list of {"id", "args", "text"}: "id" names the reason, the same in every '
            'language (a checklist item such as "e1", or "duration", "intensity", ...); "args" '
            'holds its values (e.g. {"days": 9}); "text" says it in words. Advice given before '
            'reasons were stored this way has its words in "reason" instead.'
        ),
        "created_at": N_("when it was given"),
    },
    "reminder_events": {
        "id": N_("the answer's number"),
        "user_id": N_("your Telegram user id"),
        "reminder_id": N_("the reminder answered (reminders.csv id)"),
        "kind": N_("Water, Stretch, Check-in, Follow-up, or All (pausing all)"),
        "action": N_("what you did: Done, Snoozed, Paused, Ignored, ..."),
        "at": N_("when"),
    },
    "triage_sessions": {
        "user_id": N_("your Telegram user id"),
        "state": N_("your answers so far, in words"),
        "episode_id": N_("the episode it updates, if any (episodes.csv id)"),
        "started_at": N_("when you started"),
        "updated_at": N_("your last answer"),
        "expires_at": N_("when it is dropped if not finished"),
    },
    "text_reports": {
        "id": N_("the report's number"),
        "user_id": N_("your Telegram user id"),
        "level": N_("the advice level of the signs"),
        "items": N_("the warning signs read in your message"),
        "status": N_("your answer: Open, Happening now, Just describing, or No answer"),
        "created_at": N_("when you wrote it"),
        "answered_at": N_("when you answered"),
        "episode_id": N_("the episode it was added to, if any (episodes.csv id)"),
    },
    "update_inbox": {
        "bot_id": N_("the bot's Telegram id"),
        "update_id": N_("Telegram's number for the message"),
        "user_id": N_("your Telegram user id"),
        "received_at": N_("when it arrived"),
        "state": N_("Waiting or Handled"),
        "done_at": N_("when it was handled"),
    },
}
# The bot's own bookkeeping, left out (not information about the person).
INTERNAL: Final[Mapping[str, frozenset[str]]] = {
    "users": frozenset({"awaiting"}),
    "checkins": frozenset({"version", "updated_at"}),
    "reminders": frozenset(
        {
            "claimed_by",
            "claimed_until",
            "attempts",
            "dedup_key",
            "payload",
            "message_id",
            "last_error",
        }
    ),
    "triage_sessions": frozenset({"version", "message_id"}),
    "update_inbox": frozenset({"claimed_by", "claimed_until", "attempts", "payload"}),
}

# --- values in words -----------------------------------------------------------------------------
# Stored values (keys, English, as in the database) -> words in the current language.

YES, NO = N_("Yes"), N_("No")
SIDES: Final = Words(
    {"left": N_("Left knee"), "right": N_("Right knee"), "both": N_("Both knees")}
)
FREQUENCIES: Final = Words({f.value: label for f, label in tr.FREQUENCY_LABELS.items()})
DURATIONS: Final = Words({d.value: label for d, label in tr.DURATION_LABELS.items()})
CHECK_STATUSES: Final = Words(
    {"gone": N_("Gone"), "better": N_("Better"), "same": N_("Same"), "worse": N_("Worse")}
)
EPISODE_STATUSES: Final = Words({"open": N_("Ongoing"), "closed": N_("Stopped")})
REMINDER_KINDS: Final = Words(
    {
        "checkin": N_("Check-in"),
        "follow_up": N_("Follow-up"),
        "hydration": N_("Water"),
        "stretch": N_("Stretch"),
        "all": N_("All"),
    }
)
REMINDER_STATUSES: Final = Words(
    {
        "pending": N_("Waiting"),
        "claimed": N_("Being sent"),
        "sent": N_("Sent"),
        "expired": N_("Too late, not sent"),
        "failed": N_("Could not be sent"),
        "dead": N_("Could not be sent"),
        "cancelled": N_("Cancelled"),
    }
)
REPORT_STATUSES: Final = Words(
    {
        "open": N_("Open"),
        "confirmed": N_("Happening now"),
        "describing": N_("Just describing"),
        "unconfirmed": N_("No answer"),
    }
)
ANSWER_KEYS: Final = Words(
    {
        "emergency": N_("Emergency signs ticked"),
        "same_day": N_("Same-day signs ticked"),
        "gp": N_("See-a-doctor signs ticked"),
        "duration": N_("How long"),
        "side": N_("Knee"),
        "intensity": N_("How strong (0-10)"),
        "frequency": N_("How often"),
        "factors": N_("In the 24 hours before"),
        "status": N_("Compared with before"),
        "red_flags": N_("Warning signs ticked"),
        "new_place": N_("Twitching anywhere else"),
        "quick": N_("Quick update"),
    }
)

ACTIONS: Final = Words(
    {
        "done": N_("Done"),
        "sent": N_("Sent"),
        "snoozed": N_("Snoozed"),
        "paused": N_("Paused"),
        "ignored": N_("Ignored"),
    }
)

FORMAT: Final = "knee-twitch-export/2"


@dataclass(frozen=True, slots=True)
class TableDump:
    columns: tuple[str, ...]
    rows: tuple[Mapping[str, Any], ...]


def _words(mapping: Mapping[str, str], value: Any) -> Any:
    return mapping.get(value, value) if isinstance(value, str) else value


def _level(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return level_label(Urgency(value))
        except ValueError:
            return value
    return value


def _clock(value: Any) -> Any:
    """Minutes after midnight as "08:00"."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return f"{value // 60:02d}:{value % 60:02d}"
    return value


def _item(value: Any) -> Any:
    """A checklist item id as its wording."""
    if not isinstance(value, str):
        return value
    if value in FACTOR_WORDS:
        return FACTOR_WORDS[value]
    found = checklist_text(value)
    if found is not None:
        return found
    if value == rf.HEAT_ILLNESS:
        return rf.text_of(value)
    return value


def _items(value: Any) -> Any:
    return [_item(v) for v in value] if isinstance(value, list) else value


def _factors(value: Any) -> Any:
    return [FACTOR_WORDS.get(v, v) for v in value] if isinstance(value, list) else value


def _answers(value: Any) -> Any:
    """A stored answers object (triage or check-in) with its keys and values in words."""
    if not isinstance(value, Mapping):
        return value
    words: dict[str, Any] = {}
    for key, answer in value.items():
        match key:
            case "emergency" | "same_day" | "gp" | "red_flags":
                shown = _items(answer)
            case "factors":
                shown = _factors(answer)
            case "duration":
                shown = _words(DURATIONS, answer)
            case "side":
                shown = _words(SIDES, answer)
            case "frequency":
                shown = _words(FREQUENCIES, answer)
            case "status":
                shown = _words(CHECK_STATUSES, answer)
            case "new_place" | "quick":
                shown = _yes_no(answer)
            case _:
                shown = answer
        words[ANSWER_KEYS.get(str(key), str(key))] = shown
    return words


def _state(value: Any) -> Any:
    """A conversation's stored state: only the answers in it, in words."""
    if not isinstance(value, str):
        return value
    try:
        raw = json.loads(value)
    except ValueError:
        return value
    if isinstance(raw, Mapping) and isinstance(raw.get("answers"), Mapping):
        return _answers(raw["answers"])
    return raw


def _reasons(value: Any) -> Any:
    """Stored reasons with their words in the current language: ``{"id", "args", "text"}`` (an
    episode's also ``"level"``). An episode's reason stored before reason ids has no "args": its
    words as said are kept (ours in the current language)."""
    if not isinstance(value, list):
        return value
    shown: list[Any] = []
    for raw in value:
        reason = Reason.from_stored(raw)
        if reason is None or not isinstance(raw, Mapping):
            shown.append(raw)
            continue
        words: Any
        if "args" in raw:
            words = reason.text
        else:
            said = raw.get("text")
            words = _(said) if isinstance(said, str) and said else said
        entry: dict[str, Any] = {"id": reason.id, "args": dict(reason.args), "text": words}
        if "level" in raw:
            entry["level"] = _level(raw["level"])
        shown.append(entry)
    return shown


def _yes_no(value: Any) -> Any:
    if isinstance(value, bool):
        return _(YES) if value else _(NO)
    return value


def _action(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if value in ACTIONS:
        return ACTIONS[value]
    return value.replace("_", " ").capitalize()


def _rule(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    words = rule_words(value)
    return words[:1].upper() + words[1:]


# (table, column) -> how its value reads; every other value: times local, booleans Yes/No.
VALUES: Final[Mapping[tuple[str, str], Any]] = {
    ("users", "wake_start"): _clock,
    ("users", "wake_end"): _clock,
    ("episodes", "side"): lambda v: _words(SIDES, v),
    ("episodes", "frequency"): lambda v: _words(FREQUENCIES, v),
    ("episodes", "factors"): _factors,
    ("episodes", "answers"): _answers,
    ("episodes", "urgency"): _level,
    ("episodes", "reasons"): _reasons,
    ("episodes", "status"): lambda v: _words(EPISODE_STATUSES, v),
    ("checkins", "status"): lambda v: _words(CHECK_STATUSES, v),
    ("checkins", "red_flags"): _items,
    ("checkins", "frequency"): lambda v: _words(FREQUENCIES, v),
    ("checkins", "state"): _state,
    ("reminders", "kind"): lambda v: _words(REMINDER_KINDS, v),
    ("reminders", "status"): lambda v: _words(REMINDER_STATUSES, v),
    ("escalations", "rule"): _rule,
    ("escalations", "level"): _level,
    ("escalations", "reason"): lambda v: None if v in RULE_WORDS else v or None,  # "triage": none
    ("escalations", "reasons"): _reasons,
    ("reminder_events", "kind"): lambda v: _words(REMINDER_KINDS, v),
    ("reminder_events", "action"): _action,
    ("triage_sessions", "state"): _state,
    ("text_reports", "level"): _level,
    ("text_reports", "items"): _items,
    ("text_reports", "status"): lambda v: _words(REPORT_STATUSES, v),
}


def _local(value: Any, tz: tzinfo) -> Any:
    """Times (also ISO text inside JSON, e.g. episodes.updates) in the user's timezone."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.astimezone(tz).isoformat(timespec="seconds")
    if isinstance(value, str) and len(value) >= 20 and value[4:5] == "-" and "T" in value:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return value
        if parsed.tzinfo is not None:
            return parsed.astimezone(tz).isoformat(timespec="seconds")
        return value
    if isinstance(value, Mapping):
        return {k: _local(v, tz) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_local(v, tz) for v in value]
    return value


def exported_columns(table: str, columns: tuple[str, ...]) -> tuple[str, ...]:
    """The columns a person gets (the bot's bookkeeping left out)."""
    left_out = INTERNAL.get(table, frozenset())
    return tuple(c for c in columns if c not in left_out)


def readable(tables: Mapping[str, TableDump], tz: tzinfo) -> dict[str, TableDump]:
    """Every table, for a person: words, local times, no bookkeeping columns."""
    found: dict[str, TableDump] = {}
    for name, dump in tables.items():
        columns = exported_columns(name, dump.columns)
        rows = []
        for row in dump.rows:
            shown = {}
            for column in columns:
                value = row.get(column)
                convert = VALUES.get((name, column))
                if convert is not None and value is not None:
                    value = convert(value)
                shown[column] = _yes_no(_local(value, tz))
            rows.append(shown)
        found[name] = TableDump(columns, tuple(rows))
    return found


def readme(
    tables: Mapping[str, TableDump], exported_at: datetime, tz: tzinfo, zone_name: str
) -> str:
    """README.txt: the data dictionary of exactly the files and columns in the zip."""
    stamp = exported_at.astimezone(tz).isoformat(timespec="seconds")
    lines = [_(README_HEAD).format(exported_at=stamp, zone=zone_name)]
    for name, dump in tables.items():
        lines.append(f"{name}.csv - {_(FILES.get(name, UNKNOWN_FILE))}")
        described = DICTIONARY.get(name, {})
        width = max((len(c) for c in dump.columns), default=0)
        for column in dump.columns:
            meaning = _(described.get(column, UNKNOWN_COLUMN))
            lines.append(f"  {column.ljust(width)}  {meaning}")
        lines.append("")
    left_out = [f"{t}.{c}" for t in tables for c in sorted(INTERNAL.get(t, ()))]
    if left_out:
        text = _(LEFT_OUT_HEAD).format(columns=", ".join(left_out)).strip("\n")
        lines += textwrap.wrap(text, width=96, break_on_hyphens=False)
    return "\n".join(lines) + "\n"


def plain(value: Any) -> Any:
    """A JSON-ready value: datetimes and dates as ISO text, the rest unchanged."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def cell(value: Any) -> str:
    """One CSV cell: empty for NULL, true/false, JSON for lists and objects."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def table_csv(dump: TableDump) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(dump.columns)
    for row in dump.rows:
        writer.writerow([cell(row.get(name)) for name in dump.columns])
    return out.getvalue().encode("utf-8")


def build_zip(
    tables: Mapping[str, TableDump],
    *,
    user_id: int,
    exported_at: datetime,
    extra: Mapping[str, Any] | None = None,
    tz: tzinfo = UTC,
    zone_name: str = "UTC",
) -> bytes:
    """The zip: ``README.txt`` (the data dictionary), ``data.json`` and ``<table>.csv`` for every
    table given (as given: ``readable()`` first for a person)."""
    stamp = exported_at.astimezone(tz)
    data: dict[str, Any] = {
        "format": FORMAT,
        "exported_at": stamp.isoformat(timespec="seconds"),
        "user_id": user_id,
        **{k: plain(v) for k, v in (extra or {}).items()},
        "tables": {
            name: [{c: plain(row.get(c)) for c in dump.columns} for row in dump.rows]
            for name, dump in tables.items()
        },
    }
    buffer = io.BytesIO()
    date_time = stamp.timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:

        def put(name: str, content: bytes) -> None:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)

        put("README.txt", readme(tables, exported_at, tz, zone_name).encode("utf-8"))
        put("data.json", json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))
        for name, dump in tables.items():
            put(f"{name}.csv", table_csv(dump))
    return buffer.getvalue()
