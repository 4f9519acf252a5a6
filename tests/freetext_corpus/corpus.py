"""The free-text corpus (issue 8): load the TSV files, split them, judge one reading.

Files: ``tests/freetext_corpus/<lang>_train.tsv`` and ``<lang>_holdout.tsv``, TSV with the header
``text	expect	items	note`` (see /work/notes/freetext-contract.md, "Corpus files"). The holdout
fifth is never opened while tuning the reader; ``python -m tests.freetext_corpus.split`` re-splits
(idempotently) with the recorded seed.

The judging rules here are the contract's, in one place, used by ``bench/freetext.py`` and by
``tests/unit/test_freetext_corpus.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Protocol

from bot.domain.model import Urgency
from bot.domain.triage import EMERGENCY_ITEMS, GP_ITEMS, SAME_DAY_ITEMS

HERE: Final = Path(__file__).resolve().parent
HEADER: Final = ("text", "expect", "items", "note")
EXPECTS: Final = ("now", "ask", "gp", "neg", "quiet", "twitch")
HEAT: Final = "heat"  # the contract's HEAT_ILLNESS pseudo-item

EMERGENCY_IDS: Final = tuple(i.id for i in EMERGENCY_ITEMS)
SAME_DAY_IDS: Final = (*(i.id for i in SAME_DAY_ITEMS), HEAT)
GP_IDS: Final = tuple(i.id for i in GP_ITEMS)
ALL_IDS: Final = (*EMERGENCY_IDS, *SAME_DAY_IDS, *GP_IDS)

FILE_RE: Final = re.compile(r"^(?P<lang>[a-z]{2})_(?P<part>train|holdout)\.tsv$")


class ReadingLike(Protocol):
    """What the judge needs from ``bot.domain.freetext.Reading``."""

    @property
    def items(self) -> frozenset[str]: ...
    @property
    def maybe(self) -> frozenset[str]: ...
    @property
    def twitch(self) -> bool: ...
    @property
    def level(self) -> Urgency | None: ...
    @property
    def ask_level(self) -> Urgency | None: ...


@dataclass(frozen=True, slots=True)
class Row:
    text: str
    expect: str
    items: tuple[str, ...]
    note: str
    lang: str = "en"
    part: str = "train"
    line: int = 0

    @property
    def level(self) -> str | None:
        """The row's level: "emergency", "same-day" or "see-a-GP" (highest of its items)."""
        if any(i in EMERGENCY_IDS for i in self.items):
            return "emergency"
        if any(i in SAME_DAY_IDS for i in self.items):
            return "same-day"
        if any(i in GP_IDS for i in self.items):
            return "see-a-GP"
        return None

    @property
    def test_id(self) -> str:
        return f"{self.lang}:{self.line}:{self.expect}:{','.join(self.items)}:{self.text[:40]}"


class CorpusError(ValueError):
    """A malformed corpus line."""


def parse_line(line: str, *, lang: str, part: str, number: int) -> Row:
    fields = line.rstrip("\r\n").split("\t")
    if len(fields) != len(HEADER):
        raise CorpusError(f"{lang}_{part}.tsv:{number}: {len(fields)} fields, want 4")
    text, expect, items_field, note = fields
    items = tuple(i.strip() for i in items_field.split(",") if i.strip())
    if not text.strip():
        raise CorpusError(f"{lang}_{part}.tsv:{number}: empty text")
    if '"' in text:
        raise CorpusError(f"{lang}_{part}.tsv:{number}: no double quotes in text (plain TSV)")
    if expect not in EXPECTS:
        raise CorpusError(f"{lang}_{part}.tsv:{number}: unknown expect {expect!r}")
    unknown = [i for i in items if i not in ALL_IDS]
    if unknown:
        raise CorpusError(f"{lang}_{part}.tsv:{number}: unknown items {unknown}")
    if expect in ("now", "ask", "gp") and not items:
        raise CorpusError(f"{lang}_{part}.tsv:{number}: {expect} needs items")
    if expect in ("neg", "quiet", "twitch") and items:
        raise CorpusError(f"{lang}_{part}.tsv:{number}: {expect} takes no items")
    if expect == "gp" and any(i not in GP_IDS for i in items):
        raise CorpusError(f"{lang}_{part}.tsv:{number}: gp rows name g* items only")
    return Row(text, expect, items, note, lang, part, number)


def load_file(path: Path, *, lang: str | None = None, part: str | None = None) -> list[Row]:
    """Rows of one TSV file; language and part come from the name unless given."""
    match = FILE_RE.match(path.name)
    if match is None and (lang is None or part is None):
        raise CorpusError(f"{path.name}: not <lang>_<train|holdout>.tsv")
    lang = lang or (match["lang"] if match else "")
    part = part or (match["part"] if match else "")
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or tuple(lines[0].split("\t")) != HEADER:
        raise CorpusError(f"{path.name}: header must be text, expect, items, note (tab-separated)")
    return [
        parse_line(line, lang=lang, part=part, number=n)
        for n, line in enumerate(lines[1:], start=2)
        if line.strip()
    ]


def files(part: str, directory: Path = HERE) -> list[Path]:
    """Every ``<lang>_<part>.tsv`` in the corpus directory, by language."""
    return sorted(p for p in directory.glob(f"*_{part}.tsv") if FILE_RE.match(p.name))


def load(part: str, directory: Path = HERE) -> list[Row]:
    return [row for path in files(part, directory) for row in load_file(path)]


def write_file(path: Path, rows: Iterable[Row]) -> None:
    lines = ["\t".join(HEADER)]
    lines += ["\t".join((r.text, r.expect, ",".join(r.items), r.note)) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Judging one reading against one row (the contract's semantics)
# ---------------------------------------------------------------------------------------------

ALARM_LEVELS: Final = (Urgency.EMERGENCY, Urgency.URGENT_TODAY)


@dataclass(frozen=True, slots=True)
class Verdict:
    ok: bool  # the row's expectation holds
    alarm: bool  # level or ask_level is EMERGENCY or URGENT_TODAY
    flagged: bool  # level or ask_level is set at all
    over_read: bool  # gp row read above SEE_GP (accepted, only counted)
    got: str  # what the reader returned, for the misses list


def describe(reading: ReadingLike) -> str:
    items = ",".join(sorted(reading.items)) or "-"
    maybe = ",".join(sorted(reading.maybe)) or "-"
    return f"items={items} maybe={maybe} twitch={reading.twitch}"


def judge(row: Row, reading: ReadingLike) -> Verdict:
    wanted = set(row.items)
    named = set(reading.items)
    either = named | set(reading.maybe)
    levels = [lvl for lvl in (reading.level, reading.ask_level) if lvl is not None]
    alarm = any(lvl in ALARM_LEVELS for lvl in levels)
    flagged = bool(levels)
    over = False
    if row.expect == "now":
        ok = wanted <= named
    elif row.expect == "ask":
        ok = wanted <= either and bool(wanted & either)
    elif row.expect == "gp":
        ok = wanted <= either
        over = reading.level is not None and reading.level > Urgency.SEE_GP
    elif row.expect == "neg":
        ok = not flagged
    elif row.expect == "quiet":
        ok = not alarm
    else:  # twitch
        ok = not alarm and reading.twitch
    return Verdict(ok, alarm, flagged, over, describe(reading))


def item_hit(row: Row, item: str, reading: ReadingLike) -> bool:
    """Recall of one item on one row: named at once for ``now``; named or asked otherwise."""
    if row.expect == "now":
        return item in reading.items
    return item in reading.items or item in reading.maybe
