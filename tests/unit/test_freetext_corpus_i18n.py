"""The Spanish, German and Russian free-text corpora (issue 13) are well formed and complete.

Shape only: the reader is not asserted here (the holdouts are never read while tuning it).
"""

from __future__ import annotations

from collections import Counter

import pytest

from bot.domain.triage import EMERGENCY_ITEMS, SAME_DAY_ITEMS
from tests.freetext_corpus import i18n
from tests.freetext_corpus import split as split_module

CORPUS = i18n.check()


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_red_flag_item_has_several_phrasings(lang: str) -> None:
    rows = CORPUS[lang]["train"] + CORPUS[lang]["holdout"]
    positives = Counter(i for r in rows if r.expect == "now" for i in r.items)
    thin = {i.id: positives[i.id] for i in EMERGENCY_ITEMS if positives[i.id] < 4}
    thin |= {i.id: positives[i.id] for i in SAME_DAY_ITEMS if positives[i.id] < 3}
    assert not thin, f"{lang}: too few `now` rows for {thin}"
    assert positives[i18n.HEAT] >= 3


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_size_and_mix(lang: str) -> None:
    rows = CORPUS[lang]["train"] + CORPUS[lang]["holdout"]
    expects = Counter(r.expect for r in rows)
    assert len(rows) >= 130
    assert expects["twitch"] >= 35
    assert all(expects[e] > 0 for e in i18n.EXPECTS), expects


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_split_is_a_fifth_and_reproducible(lang: str) -> None:
    train, holdout = CORPUS[lang]["train"], CORPUS[lang]["holdout"]
    split_train = [r for r in train if not split_module.is_fresh(r)]  # fresh rows: train only
    assert 0.17 <= len(holdout) / (len(split_train) + len(holdout)) <= 0.23
    assert i18n.split(train + holdout) == (train, holdout)
