"""The free-text reader against the TRAIN corpus (issue 8; TRIAGE.md "Free text").

One test per train row, asserting the contract's semantics for that row (see
``tests/freetext_corpus/corpus.py``), and the issue's targets on the whole train file:
emergency recall 100%, same-day recall >= 98%, no negated phrase alarmed, at most 2% of twitch and
harmless rows alarmed. Where a target allows a few misses (same-day, false alarms), a missed row is
reported as an expected failure while its target still holds, and fails once it does not.

The holdout file is only checked for shape here: the reader is never asserted on it (it is
reported on its own by ``python -m bench freetext``).
"""

from __future__ import annotations

from functools import cache

import pytest

from bot.domain.freetext import read
from tests.freetext_corpus import corpus, split
from tests.freetext_corpus.corpus import Row, Verdict

TRAIN = corpus.load("train")
SAME_DAY_TARGET = 0.98
FALSE_ALARM_LIMIT = 0.02


@cache
def _verdicts() -> dict[Row, Verdict]:
    return {row: corpus.judge(row, read(row.text)) for row in TRAIN}


def _rows(level: str) -> list[Row]:
    return [r for r in TRAIN if r.level == level and r.expect in ("now", "ask")]


def _same_day_recall() -> float:
    rows = _rows("same-day")
    return sum(_verdicts()[r].ok for r in rows) / len(rows)


def _false_alarm_rate() -> float:
    rows = [r for r in TRAIN if r.expect in ("quiet", "twitch")]
    return sum(_verdicts()[r].alarm for r in rows) / len(rows)


def _misses(rows: list[Row]) -> list[str]:
    return [f"{r.text!r}: want {r.expect} {r.items}, got {_verdicts()[r].got}" for r in rows]


@pytest.mark.parametrize("row", TRAIN, ids=lambda r: r.test_id)
def test_row(row: Row) -> None:
    reading = read(row.text)
    verdict = corpus.judge(row, reading)
    what = f"{row.text!r} ({row.note}): want {row.expect} {list(row.items)}, got {verdict.got}"
    if row.expect in ("quiet", "twitch"):
        if verdict.alarm and _false_alarm_rate() <= FALSE_ALARM_LIMIT:
            pytest.xfail(f"false alarm within the 2% allowance: {what}")
        assert not verdict.alarm, f"false alarm: {what}"
        if row.expect == "twitch":
            assert reading.twitch, f"twitch not recognised: {what}"
        return
    if not verdict.ok and row.level == "same-day" and _same_day_recall() >= SAME_DAY_TARGET:
        pytest.xfail(f"same-day miss within the 98% target: {what}")
    assert verdict.ok, what


def test_every_emergency_row_is_read() -> None:
    rows = _rows("emergency")
    missed = [r for r in rows if not _verdicts()[r].ok]
    assert not missed, f"{len(missed)}/{len(rows)} emergency rows missed: {_misses(missed)}"


def test_same_day_recall_is_at_least_98_percent() -> None:
    rows = _rows("same-day")
    missed = [r for r in rows if not _verdicts()[r].ok]
    assert _same_day_recall() >= SAME_DAY_TARGET, _misses(missed)


def test_no_negated_red_flag_is_alarmed() -> None:
    rows = [r for r in TRAIN if r.expect == "neg"]
    flagged = [r for r in rows if _verdicts()[r].flagged]
    assert not flagged, _misses(flagged)


def test_at_most_2_percent_of_twitch_and_harmless_rows_alarm() -> None:
    rows = [r for r in TRAIN if r.expect in ("quiet", "twitch")]
    alarmed = [r for r in rows if _verdicts()[r].alarm]
    assert _false_alarm_rate() <= FALSE_ALARM_LIMIT, _misses(alarmed)


# ---- the corpus itself (no reader) -------------------------------------------------------------


@pytest.mark.parametrize("part", ["train", "holdout"])
def test_each_split_names_every_red_flag_item(part: str) -> None:
    rows = corpus.load(part)
    named = {i for r in rows if r.expect in ("now", "ask") for i in r.items}
    missing = [i for i in (*corpus.EMERGENCY_IDS, *corpus.SAME_DAY_IDS) if i not in named]
    assert not missing, f"{part} lacks {missing}"
    kinds = {r.expect for r in rows}
    assert kinds == set(corpus.EXPECTS), f"{part} has only {sorted(kinds)}"


LANGUAGES = sorted({r.lang for r in corpus.load("train")})


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_split_is_the_recorded_seeds_split(lang: str) -> None:
    """Each language was split on its own, with the same seed."""
    train = [r for r in corpus.load("train") if r.lang == lang]
    holdout = [r for r in corpus.load("holdout") if r.lang == lang]
    split_train = [r for r in train if not split.is_fresh(r)]  # fresh rows: train only
    assert len(holdout) * 4 <= len(split_train) <= len(holdout) * 5
    again_train, again_holdout = split.split(train + holdout, split.SEED)
    assert [r.text for r in again_train] == [r.text for r in train]
    assert [r.text for r in again_holdout] == [r.text for r in holdout]


def test_the_corpus_meets_the_issue_sizes() -> None:
    rows = [r for r in corpus.load("train") + corpus.load("holdout") if r.lang == "en"]
    assert len(rows) >= 400
    calm = [r for r in rows if r.expect in ("twitch", "quiet")]
    assert len(calm) >= 120
    for item in corpus.EMERGENCY_IDS:
        assert sum(item in r.items for r in rows) >= 12, item
    for item in corpus.SAME_DAY_IDS:
        assert sum(item in r.items for r in rows) >= 8, item
