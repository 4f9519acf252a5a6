"""/export: every row about the user, one CSV file per table, and all of it in ``data.json``.

Pure: the service reads the rows (``bot.services.records``) and hands them over as plain values.
Times are ISO 8601 in UTC (as stored); JSON columns are JSON text inside the CSV files.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Final

FORMAT: Final = "knee-twitch-export/1"
README: Final = (
    "Everything the knee twitch bot stores about you, exported {exported_at} (UTC).\n"
    "\n"
    "data.json   - all of it in one file\n"
    "<table>.csv - one file per table, one row per record (open with any spreadsheet)\n"
    "\n"
    "Times are in UTC. Columns such as status, claimed_by or dedup_key are the bot's own "
    "bookkeeping.\n"
)


@dataclass(frozen=True, slots=True)
class TableDump:
    columns: tuple[str, ...]
    rows: tuple[Mapping[str, Any], ...]


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
) -> bytes:
    """The zip: ``README.txt``, ``data.json`` and ``<table>.csv`` for every table given."""
    stamp = exported_at.astimezone(UTC)
    data: dict[str, Any] = {
        "format": FORMAT,
        "exported_at": stamp.isoformat(),
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

        put("README.txt", README.format(exported_at=stamp.strftime("%Y-%m-%d %H:%M")).encode())
        put("data.json", json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))
        for name, dump in tables.items():
            put(f"{name}.csv", table_csv(dump))
    return buffer.getvalue()
