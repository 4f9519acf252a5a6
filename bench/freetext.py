"""Score the free-text reader on corpus files (the column semantics of freetext-contract.md).

``python -m bench freetext FILE [FILE ...] [--misses] [--timing]``: for each TSV file (header
``text expect items note``), prints recall per item and per level on the positives (now / ask /
gp), the false-alarm rate on the negatives (neg / quiet / twitch), twitch recognition, and with
``--misses`` every line that failed. Each file is reported on its own (the held-aside fifth is
never pooled with the tuning file). ``--timing`` adds import time and mean time per ``read()``.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import timeit
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bot.domain import freetext
from bot.domain.model import Urgency

POSITIVE = ("now", "ask", "gp")
NEGATIVE = ("neg", "quiet", "twitch")
ALARM = (Urgency.URGENT_TODAY, Urgency.EMERGENCY)


@dataclass(frozen=True, slots=True)
class Row:
    text: str
    expect: str
    items: frozenset[str]
    note: str


def load(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            Row(
                r["text"],
                r["expect"].strip(),
                frozenset(i.strip() for i in (r["items"] or "").split(",") if i.strip()),
                r.get("note") or "",
            )
            for r in reader
        ]


def judge(row: Row, reading: freetext.Reading) -> tuple[bool, set[str]]:
    """(passed, the ids of ``row.items`` that were read as the contract asks)."""
    both = reading.items | reading.maybe
    if row.expect == "now":
        got = set(row.items & reading.items)
        return got == row.items, got
    if row.expect in ("ask", "gp"):
        got = set(row.items & both)
        ok = got == row.items and bool(got)
        return ok, got
    if row.expect == "neg":
        return reading.level is None and reading.ask_level is None, set()
    alarmed = reading.level in ALARM or reading.ask_level in ALARM
    if row.expect == "twitch":
        return not alarmed and reading.twitch, set()
    return not alarmed, set()


def level_of(item: str) -> str:
    level = freetext.ITEM_LEVELS.get(item)
    return level.name if level else "?"


def report(path: Path, *, misses: bool) -> None:
    rows = load(path)
    per_item: Counter[str] = Counter()
    per_item_ok: Counter[str] = Counter()
    per_level: Counter[str] = Counter()
    per_level_ok: Counter[str] = Counter()
    per_expect: Counter[str] = Counter()
    per_expect_ok: Counter[str] = Counter()
    alarms_on_twitch = 0
    languages: Counter[str] = Counter()
    failed: list[tuple[Row, freetext.Reading]] = []
    for row in rows:
        reading = freetext.read(row.text)
        ok, got = judge(row, reading)
        languages[reading.language] += 1
        per_expect[row.expect] += 1
        per_expect_ok[row.expect] += ok
        if row.expect in POSITIVE:
            for item in row.items:
                per_item[item] += 1
                per_item_ok[item] += item in got
                per_level[level_of(item)] += 1
                per_level_ok[level_of(item)] += item in got
        if row.expect == "twitch" and (reading.level in ALARM or reading.ask_level in ALARM):
            alarms_on_twitch += 1
        if not ok:
            failed.append((row, reading))
    print(f"== {path} ({len(rows)} lines)")
    print("  language read: " + ", ".join(f"{k} {n}" for k, n in languages.most_common()))
    for expect in (*POSITIVE, *NEGATIVE):
        n = per_expect[expect]
        if n:
            print(f"  {expect:7} {per_expect_ok[expect]:4}/{n:<4} passed")
    print("  recall per level (items on positive lines):")
    for level in ("EMERGENCY", "URGENT_TODAY", "SEE_GP"):
        n = per_level[level]
        if n:
            ok = per_level_ok[level]
            print(f"    {level:13} {ok:4}/{n:<4} {100 * ok / n:6.1f}%")
    print("  recall per item:")
    for item in sorted(per_item, key=lambda i: (level_of(i), i)):
        print(f"    {item:5} {per_item_ok[item]:3}/{per_item[item]:<3}")
    for expect in NEGATIVE:
        n = per_expect[expect]
        if n:
            alarmed = n - per_expect_ok[expect]
            print(f"  false alarms/misses on {expect}: {alarmed}/{n} ({100 * alarmed / n:.1f}%)")
    if per_expect["twitch"]:
        n = per_expect["twitch"]
        print(
            f"  twitch lines alarmed: {alarms_on_twitch}/{n} ({100 * alarms_on_twitch / n:.1f}%)"
        )
    if misses:
        for row, reading in failed:
            print(
                f"  MISS [{row.expect} {','.join(sorted(row.items))}] {row.text!r} -> "
                f"items={sorted(reading.items)} maybe={sorted(reading.maybe)} "
                f"twitch={reading.twitch}  ({row.note})"
            )


def timing(paths: list[Path]) -> None:
    texts = [row.text for p in paths for row in load(p)]
    texts = (texts * (1000 // max(len(texts), 1) + 1))[:1000]
    seconds = timeit.timeit(lambda: [freetext.read(t) for t in texts], number=3) / 3
    print(f"mean read(): {1e6 * seconds / len(texts):.1f} us over {len(texts)} messages")
    big = "my knee twitches and " * 50_000
    seconds = timeit.timeit(lambda: freetext.read(big), number=3) / 3
    print(f"read() of {len(big) // 1_000_000} MB: {1e3 * seconds:.1f} ms")
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import bot.domain.freetext"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    for line in out.splitlines():
        if line.rstrip().endswith(
            (
                "bot.domain.freetext",
                "bot.domain.lexicon_en",
                "bot.domain.lexicon_es",
                "bot.domain.lexicon_de",
                "bot.domain.lexicon_ru",
                "bot.domain.triage",
            )
        ):
            print("importtime", line.strip())


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv if not a.startswith("--")]
    if not paths:
        print("usage: python -m bench freetext FILE [FILE ...] [--misses] [--timing]")
        return 2
    for path in paths:
        report(path, misses="--misses" in argv)
    if "--timing" in argv:
        timing(paths)
    return 0
