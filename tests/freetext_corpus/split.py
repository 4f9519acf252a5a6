"""Split a language's corpus into train (4/5) and holdout (1/5), stratified, with a fixed seed.

``python -m tests.freetext_corpus.split en [--seed 20261202] [--add new_rows.tsv]``

All rows of ``<lang>_train.tsv`` and ``<lang>_holdout.tsv`` (plus ``--add``, a TSV with the
same header) are pooled, de-duplicated, put in a canonical order, grouped by (expect, items) and
shuffled per group with ``random.Random(seed)``; round(n/5) rows of each group go to the holdout.
Running it again on its own output gives the same split (idempotent), so the split is
reproducible from the committed files and the seed alone.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from pathlib import Path

from tests.freetext_corpus.corpus import EXPECTS, HERE, Row, load_file, write_file

SEED = 20261202
HOLDOUT_FRACTION = 5  # one row in five
# Rows written after a language was split, while tuning its lexicon (issue 8/13), carry a note
# starting with FRESH: they go to train only, so the holdout (never opened while tuning) stays
# the recorded seed's split of the rows that were split.
FRESH = "fresh:"


def is_fresh(row: Row) -> bool:
    return row.note.startswith(FRESH)


def _key(row: Row) -> tuple[int, str, str]:
    return (EXPECTS.index(row.expect), ",".join(row.items), row.text.casefold())


def split(rows: list[Row], seed: int = SEED) -> tuple[list[Row], list[Row]]:
    fresh = [r for r in rows if is_fresh(r)]
    rows = [r for r in rows if not is_fresh(r)]
    unique: dict[str, Row] = {}
    for row in sorted(rows, key=_key):
        unique.setdefault(row.text.casefold().strip(), row)
    groups: dict[tuple[str, tuple[str, ...]], list[Row]] = defaultdict(list)
    for row in sorted(unique.values(), key=_key):
        groups[(row.expect, row.items)].append(row)
    rng = random.Random(seed)  # noqa: S311 - a reproducible split, not a secret
    train: list[Row] = []
    holdout: list[Row] = []
    for key in sorted(groups, key=lambda k: (EXPECTS.index(k[0]), k[1])):
        group = list(groups[key])
        rng.shuffle(group)
        k = int(len(group) / HOLDOUT_FRACTION + 0.5)
        holdout += group[:k]
        train += group[k:]
    seen = set(unique)
    for row in sorted(fresh, key=_key):  # train only; a text already split keeps its place
        if row.text.casefold().strip() not in seen:
            seen.add(row.text.casefold().strip())
            train.append(row)
    return sorted(train, key=_key), sorted(holdout, key=_key)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lang")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--add", type=Path, action="append", default=[])
    args = parser.parse_args(argv)
    rows: list[Row] = []
    for part in ("train", "holdout"):
        path = HERE / f"{args.lang}_{part}.tsv"
        if path.exists():
            rows += load_file(path)
    for extra in args.add:
        rows += load_file(extra, lang=args.lang, part="train")
    train, holdout = split(rows, args.seed)
    write_file(HERE / f"{args.lang}_train.tsv", train)
    write_file(HERE / f"{args.lang}_holdout.tsv", holdout)
    sys.stdout.write(
        f"{args.lang}: {len(train)} train, {len(holdout)} holdout (seed {args.seed})\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
