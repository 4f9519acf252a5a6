"""Recall and false alarms of the free-text red-flag reader on the typed-message corpus (issue 8).

``python -m bench freetext [FILE ...] [--lang en] [--no-misses]``: runs
``bot.domain.freetext.read`` on every row of ``tests/freetext_corpus/<lang>_train.tsv`` and
``<lang>_holdout.tsv`` (or only of the TSV FILEs given, each reported on its own) and prints, for
train and holdout separately and per language: recall per checklist item and per level
(emergency, same-day, see-a-GP; ``now`` rows scored "at once", ``ask`` rows "asked"), the negated
phrases alarmed, the false-alarm rate on everyday twitch / harmless rows, and the misses (text,
expected, got). The holdout misses come last, after all the figures. Always exits 0.

Targets (issue 8): emergency recall 100%, same-day >= 98%, 0 negated alarmed, <= 2% of twitch and
harmless rows alarmed.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.domain.model import Urgency
from tests.freetext_corpus import corpus
from tests.freetext_corpus.corpus import ReadingLike, Row, Verdict

LEVELS = ("emergency", "same-day", "see-a-GP")
TARGETS = {"emergency": 1.0, "same-day": 0.98}
MAX_FALSE_ALARM = 0.02


@dataclass
class Result:
    row: Row
    verdict: Verdict
    reading: ReadingLike
    seconds: float


@dataclass
class Figures:
    results: list[Result] = field(default_factory=list)

    def of(self, *expects: str) -> list[Result]:
        return [r for r in self.results if r.row.expect in expects]


def _pct(hits: int, total: int) -> str:
    if not total:
        return "    -"
    return f"{hits:3d}/{total:<3d} {100 * hits / total:5.1f}%"


def _run(rows: list[Row], read: Callable[[str], ReadingLike]) -> Figures:
    figures = Figures()
    for row in rows:
        start = time.perf_counter()
        reading = read(row.text)
        elapsed = time.perf_counter() - start
        figures.results.append(Result(row, corpus.judge(row, reading), reading, elapsed))
    return figures


def _reached(result: Result) -> bool:
    want = {"emergency": Urgency.EMERGENCY, "same-day": Urgency.URGENT_TODAY}.get(
        result.row.level or "", Urgency.SEE_GP
    )
    got = [result.reading.level]
    if result.row.expect != "now":
        got.append(result.reading.ask_level)
    return any(lvl is not None and lvl >= want for lvl in got)


def _level_lines(fig: Figures) -> list[str]:
    lines = [
        "  recall by level             at once (now)      asked (ask)        all rows"
        "                 level reached"
    ]
    for level in LEVELS:
        rows = [r for r in fig.results if r.row.level == level and r.row.expect in ("now", "ask")]
        if level == "see-a-GP":
            rows = fig.of("gp")
        now = [r for r in rows if r.row.expect == "now"]
        ask = [r for r in rows if r.row.expect in ("ask", "gp")]
        ok = sum(r.verdict.ok for r in rows)
        target = TARGETS.get(level)
        mark = ""
        if target is not None and rows:
            mark = "  (target met)" if ok / len(rows) >= target else f"  (target {target:.0%})"
        reached = sum(_reached(r) for r in rows)
        lines.append(
            f"    {level:<24}  {_pct(sum(r.verdict.ok for r in now), len(now)):<17}  "
            f"{_pct(sum(r.verdict.ok for r in ask), len(ask)):<17}  "
            f"{(_pct(ok, len(rows)) + mark):<31}  {_pct(reached, len(rows))}"
        )
    lines.append(
        "    (level reached: the reply is at the row's level, whichever items were named:"
        " at once for now rows, at once or asked otherwise)"
    )
    return lines


def _item_lines(fig: Figures) -> list[str]:
    now_hits: dict[str, list[bool]] = defaultdict(list)
    ask_hits: dict[str, list[bool]] = defaultdict(list)
    for r in fig.results:
        for item in r.row.items:
            hit = corpus.item_hit(r.row, item, r.reading)
            (now_hits if r.row.expect == "now" else ask_hits)[item].append(hit)
    lines = ["  recall by item     at once (now)      asked (ask/gp)"]
    for item in corpus.ALL_IDS:
        if item not in now_hits and item not in ask_hits:
            continue
        n, a = now_hits.get(item, []), ask_hits.get(item, [])
        lines.append(f"    {item:<14}  {_pct(sum(n), len(n)):<17}  {_pct(sum(a), len(a))}")
    return lines


def _other_lines(fig: Figures) -> list[str]:
    neg = fig.of("neg")
    negated_alarmed = sum(r.verdict.flagged for r in neg)
    calm = fig.of("quiet", "twitch")
    alarmed = sum(r.verdict.alarm for r in calm)
    twitch = fig.of("twitch")
    recognised = sum(r.reading.twitch for r in twitch)
    rate = alarmed / len(calm) if calm else 0.0
    over = sum(r.verdict.over_read for r in fig.of("gp"))
    slowest = max((r.seconds for r in fig.results), default=0.0)
    mean = sum(r.seconds for r in fig.results) / len(fig.results) if fig.results else 0.0
    return [
        f"  negated alarmed (neg rows with any level)   {negated_alarmed}/{len(neg)}"
        + ("  (target met)" if negated_alarmed == 0 else "  (target 0)"),
        f"  false alarms on twitch/quiet rows           {alarmed}/{len(calm)} = {100 * rate:.1f}%"
        + ("  (target met)" if rate <= MAX_FALSE_ALARM else "  (target <= 2%)"),
        f"  twitch recognised on twitch rows            {_pct(recognised, len(twitch))}",
        f"  gp rows read above see-a-GP (accepted)      {over}/{len(fig.of('gp'))}",
        f"  read() time: mean {mean * 1e6:.0f} us, slowest {slowest * 1e3:.2f} ms",
    ]


def _miss_lines(fig: Figures) -> list[str]:
    misses = [r for r in fig.results if not r.verdict.ok]
    if not misses:
        return ["    (none)"]
    lines = []
    for r in misses:
        expected = f"{r.row.expect} {','.join(r.row.items)}".strip()
        lines.append(f"    {r.row.text!r}\n        expected {expected:<12} got {r.verdict.got}")
    return lines


def report(
    rows_by: dict[tuple[str, str], list[Row]],
    read: Callable[[str], ReadingLike],
    *,
    misses: bool = True,
) -> str:
    out: list[str] = []
    holdout_misses: list[str] = []
    order = sorted(rows_by.items(), key=lambda kv: (kv[0][0], kv[0][1] != "train"))
    for (lang, part), rows in order:
        fig = _run(rows, read)
        out.append(f"== {lang} {part}: {len(rows)} rows ==")
        out += _level_lines(fig) + _item_lines(fig) + _other_lines(fig)
        if misses and part != "holdout":
            out.append(f"  misses ({lang} {part}):")
            out += _miss_lines(fig)
        elif misses:
            holdout_misses.append(f"== {lang} holdout misses ==")
            holdout_misses += _miss_lines(fig)
        out.append("")
    return "\n".join(out + holdout_misses)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench freetext", description=__doc__)
    parser.add_argument("files", nargs="*", type=Path, help="TSV files (default: the corpus)")
    parser.add_argument("--lang", help="only this language (en, es, ...)")
    parser.add_argument("--no-misses", action="store_true", help="figures only")
    parser.add_argument("--misses", action="store_true", help="(the default) list the misses")
    parser.add_argument("--timing", action="store_true", help="(always shown) time per read()")
    args = parser.parse_args(argv)
    try:
        from bot.domain.freetext import read
    except ImportError as exc:
        print(f"bot.domain.freetext is not there yet ({exc}); nothing to measure")
        return 0
    rows_by: dict[tuple[str, str], list[Row]] = defaultdict(list)
    if args.files:
        for path in args.files:
            match = corpus.FILE_RE.match(path.name)
            lang, part = (match["lang"], match["part"]) if match else ("", path.name)
            rows_by[(lang, part)] += corpus.load_file(path, lang=lang, part=part)
    for part in () if args.files else ("train", "holdout"):
        for row in corpus.load(part):
            if args.lang is None or row.lang == args.lang:
                rows_by[(row.lang, part)].append(row)
    print(report(rows_by, read, misses=not args.no_misses))
    return 0
