"""Check and split the Spanish, German and Russian free-text corpora (issue 13, issue 8).

``python -m tests.freetext_corpus.i18n check``            validate every ``{es,de,ru}_*.tsv``
``python -m tests.freetext_corpus.i18n split LANG FILE``  pool FILE with LANG's train and holdout
                                                          and split again (seed below)

Format: /work/notes/freetext-contract.md ("Corpus files"), the same as ``en_*.tsv``: TSV with
the header text, expect, items, note (tab-separated); ``expect`` one of now, ask, gp, neg,
quiet, twitch; ``items`` checklist ids (e1-e6, u1-u9, g1-g7) or ``heat``.

The split is the English corpus's (``tests/freetext_corpus/split.py`` on the ``corpus`` branch):
rows de-duplicated (case-folded text), grouped by (expect, items), each group shuffled with one
``random.Random(SEED)`` in a fixed order, round(n/5) of each group to the holdout. It is
idempotent, so the committed train and holdout files and the seed reproduce it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from bot.domain.triage import EMERGENCY_ITEMS, GP_ITEMS, SAME_DAY_ITEMS
from tests.freetext_corpus import split as split_module
from tests.freetext_corpus.split import split  # one split rule for every language

HERE: Final = Path(__file__).resolve().parent
LANGS: Final = ("es", "de", "ru")
PARTS: Final = ("train", "holdout")
HEADER: Final = ("text", "expect", "items", "note")
EXPECTS: Final = ("now", "ask", "gp", "neg", "quiet", "twitch")
HEAT: Final = "heat"
GP_IDS: Final = frozenset(i.id for i in GP_ITEMS)
KNOWN_IDS: Final = frozenset(
    {*(i.id for i in (*EMERGENCY_ITEMS, *SAME_DAY_ITEMS, *GP_ITEMS)), HEAT}
)
SEED: Final = split_module.SEED  # the English corpus's seed
HOLDOUT_FRACTION: Final = 5


@dataclass(frozen=True, slots=True)
class Row:
    text: str
    expect: str
    items: tuple[str, ...]
    note: str


def parse(path: Path) -> list[Row]:
    """Rows of one TSV file; raises ValueError naming the line on any malformed row."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or tuple(lines[0].split("\t")) != HEADER:
        raise ValueError(f"{path.name}: header must be {HEADER} (tab-separated)")
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        where = f"{path.name}:{n}"
        fields = line.split("\t")
        if len(fields) != len(HEADER):
            raise ValueError(f"{where}: {len(fields)} columns, want 4")
        text, expect, items_field, note = fields
        items = tuple(i.strip() for i in items_field.split(",") if i.strip())
        if not text.strip() or '"' in text:
            raise ValueError(f"{where}: empty text or a double quote in it")
        if expect not in EXPECTS:
            raise ValueError(f"{where}: unknown expect {expect!r}")
        if unknown := [i for i in items if i not in KNOWN_IDS]:
            raise ValueError(f"{where}: unknown items {unknown}")
        if (expect in ("now", "ask", "gp")) != bool(items):
            raise ValueError(f"{where}: {expect} {'needs' if not items else 'takes no'} items")
        if expect == "gp" and not set(items) <= GP_IDS:
            raise ValueError(f"{where}: gp rows name g* items only")
        rows.append(Row(text, expect, items, note))
    return rows


def write(path: Path, rows: list[Row]) -> None:
    lines = ["\t".join(HEADER)]
    lines += ["\t".join((r.text, r.expect, ",".join(r.items), r.note)) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def check(directory: Path = HERE) -> dict[str, dict[str, list[Row]]]:
    """Parse every language's train and holdout; the two never share a text."""
    corpus: dict[str, dict[str, list[Row]]] = {}
    for lang in LANGS:
        parts = {part: parse(directory / f"{lang}_{part}.tsv") for part in PARTS}
        seen = {r.text.casefold().strip() for r in parts["train"]}
        if shared := [r.text for r in parts["holdout"] if r.text.casefold().strip() in seen]:
            raise ValueError(f"{lang}: in both train and holdout: {shared}")
        corpus[lang] = parts
    return corpus


def main(argv: list[str]) -> int:
    if argv[:1] == ["split"] and len(argv) == 3:
        lang, extra = argv[1], Path(argv[2])
        rows = parse(extra)
        for part in PARTS:
            path = HERE / f"{lang}_{part}.tsv"
            if path.exists():
                rows += parse(path)
        train, holdout = split(rows)
        write(HERE / f"{lang}_train.tsv", train)
        write(HERE / f"{lang}_holdout.tsv", holdout)
        sys.stdout.write(f"{lang}: {len(train)} train, {len(holdout)} holdout (seed {SEED})\n")
        return 0
    if argv == ["check"]:
        for lang, parts in check().items():
            counts = {part: len(rows) for part, rows in parts.items()}
            sys.stdout.write(f"{lang}: ok {counts}\n")
        return 0
    sys.stderr.write(__doc__ or "")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
