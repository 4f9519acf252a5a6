"""The free-text reader's patterns (step 2 of ``freetext``): a lexicon pattern (words and
``word|word`` alternatives, ``@class``, ``stem*``, ``..`` gaps, ``#duration+``/``#duration-``,
a trailing ``?`` for optional) compiled into slots; the patterns of one lexicon indexed by their
first word; and every match in a message (harmless phrases and claiming signs take their words).
Bounded: a pattern has a few slots, a gap at most ``Lexicon.gap`` words.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Final

from bot.domain.freetext_words import DURATION_PREFIX, Break, Words, fold
from bot.domain.lexicon import Lexicon, Sign

HARMLESS: Final = -1  # owner of harmless phrases
CANCEL: Final = -2  # owner of negation cancel phrases


class Kind(IntEnum):
    WORDS = 0  # one of ``words``, or a word starting with one of ``prefixes``
    LONGER = 1  # a duration of at least ``minutes``
    SHORTER = 2  # a duration under ``minutes``
    GAP = 3


@dataclass(frozen=True, slots=True)
class Slot:
    kind: Kind
    words: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    minutes: int = 0
    optional: bool = False

    def fits(self, token: str) -> bool:
        if self.kind is Kind.WORDS:
            return token in self.words or (bool(self.prefixes) and token.startswith(self.prefixes))
        if not token.startswith(DURATION_PREFIX):
            return False
        minutes = int(token[1:])
        return minutes >= self.minutes if self.kind is Kind.LONGER else minutes < self.minutes


Pattern = tuple[Slot, ...]


def slot_of(text: str, lex: Lexicon) -> Slot:
    optional = text.endswith("?") and len(text) > 1
    text = text.removesuffix("?") if optional else text
    if text == "..":
        return Slot(Kind.GAP)
    if text.startswith("#"):
        name, sign_ = text[1:-1], text[-1]
        kind = Kind.LONGER if sign_ == "+" else Kind.SHORTER
        return Slot(kind, minutes=lex.durations[name], optional=optional)
    words: set[str] = set()
    prefixes: list[str] = []
    for alt in text.split("|"):
        if alt.startswith("@"):
            words |= lex.classes[alt[1:]]
        elif alt.endswith("*"):
            prefixes.append(fold(alt[:-1], lex))
        else:
            words.add(fold(alt, lex))
    return Slot(Kind.WORDS, frozenset(words), tuple(prefixes), optional=optional)


def compile_pattern(pattern: str, lex: Lexicon) -> list[Pattern]:
    """A pattern as slots; a leading optional slot is expanded (with it, and without it)."""
    slots = tuple(slot_of(part, lex) for part in pattern.split())
    if not slots or slots[0].kind is Kind.GAP or slots[-1].kind is Kind.GAP:
        raise ValueError(f"bad pattern: {pattern!r}")
    return _expanded(slots, pattern)


def _expanded(slots: Pattern, pattern: str) -> list[Pattern]:
    """``slots``; if the first is optional, with it and (recursively) without it and the gaps
    after it."""
    if not slots[0].optional:
        return [slots]
    rest = slots[1:]
    while rest and rest[0].kind is Kind.GAP:
        rest = rest[1:]
    if not rest or all(s.optional for s in rest):
        raise ValueError(f"pattern has nothing but optional slots: {pattern!r}")
    return [(replace(slots[0], optional=False), *slots[1:]), *_expanded(rest, pattern)]


@dataclass(frozen=True, slots=True)
class Match:
    owner: int
    hits: tuple[int, ...]  # the token indices the slots matched (gaps excluded)

    @property
    def start(self) -> int:
        return self.hits[0]

    @property
    def end(self) -> int:
        return self.hits[-1] + 1


def match_at(
    pattern: Pattern, k: int, words: Words, i: int, hits: tuple[int, ...], gap: int
) -> tuple[int, ...] | None:
    """The first way ``pattern[k:]`` matches from token ``i`` on, or None (bounded: a pattern
    has a few slots, a gap at most ``gap`` words)."""
    if k == len(pattern):
        return hits
    tokens, breaks = words.tokens, words.breaks
    slot = pattern[k]
    if slot.kind is Kind.GAP:
        for skip in range(gap + 1):
            j = i + skip
            if j > len(tokens) or (skip and breaks[j - 1] >= Break.COMMA):
                return None
            found = match_at(pattern, k + 1, words, j, hits, gap)
            if found is not None:
                return found
        return None
    if i < len(tokens) and (not hits or breaks[i] < Break.COMMA) and slot.fits(tokens[i]):
        found = match_at(pattern, k + 1, words, i + 1, (*hits, i), gap)
        if found is not None:
            return found
    if slot.optional:
        return match_at(pattern, k + 1, words, i, hits, gap)
    return None


@dataclass(frozen=True, slots=True)
class Found:
    """The matches of one message, sorted by owner."""

    signs: dict[int, list[Match]]
    qualifiers: dict[str, list[Match]]
    cancels: list[Match]
    claimed: dict[int, int]  # token index -> owner that claimed it (harmless: -1)


class Patterns:
    """The patterns of one (folded) lexicon, indexed by their first word. Owners: sign index
    >= 0; qualifiers get indices after the signs; ``HARMLESS``; ``CANCEL``."""

    def __init__(self, lex: Lexicon) -> None:
        self.gap = lex.gap
        self.signs: tuple[Sign, ...] = lex.signs
        self.qualifier_names: list[str] = list(lex.qualifiers)
        owners: list[tuple[int, str]] = []
        for n, s in enumerate(lex.signs):
            owners += [(n, p) for p in s.patterns]
        for q, name in enumerate(self.qualifier_names):
            owners += [(len(lex.signs) + q, p) for p in lex.qualifiers[name]]
        owners += [(HARMLESS, p) for p in lex.harmless]
        owners += [(CANCEL, p) for p in lex.negation.cancel]
        self.by_word: dict[str, list[tuple[int, Pattern]]] = {}
        self.by_prefix: dict[str, list[tuple[str, int, Pattern]]] = {}
        self.by_duration: list[tuple[int, Pattern]] = []
        words: set[str] = set()  # every word the patterns know
        prefixes: set[str] = set()
        for owner, text in owners:
            for pattern in compile_pattern(text, lex):
                self._index(owner, pattern)
                for slot in pattern:
                    words |= slot.words
                    prefixes.update(slot.prefixes)
        self.words = words
        self.prefixes = prefixes

    def _index(self, owner: int, pattern: Pattern) -> None:
        first = pattern[0]
        if first.kind is Kind.WORDS:
            for word in first.words:
                self.by_word.setdefault(word, []).append((owner, pattern))
            for prefix in first.prefixes:
                self.by_prefix.setdefault(prefix[:3], []).append((prefix, owner, pattern))
        else:
            self.by_duration.append((owner, pattern))

    def find(self, words: Words) -> Found:
        tokens = words.tokens
        gap = self.gap
        matches: list[Match] = []
        for i, token in enumerate(tokens):
            candidates = list(self.by_word.get(token, ()))
            candidates += [
                (owner, pattern)
                for prefix, owner, pattern in self.by_prefix.get(token[:3], ())
                if token.startswith(prefix)
            ]
            if token.startswith(DURATION_PREFIX):
                candidates += self.by_duration
            for owner, pattern in candidates:
                hits = match_at(pattern, 0, words, i, (), gap)
                if hits is not None:
                    matches.append(Match(owner, hits))
        claimed: dict[int, int] = {}
        for m in matches:  # harmless phrases first, then claiming signs
            if m.owner == HARMLESS:
                claimed.update(dict.fromkeys(range(m.start, m.end), HARMLESS))
        for m in matches:
            if 0 <= m.owner < len(self.signs) and self.signs[m.owner].claims:
                for t in range(m.start, m.end):
                    claimed.setdefault(t, m.owner)
        found = Found({}, {}, [], claimed)
        for m in matches:
            if m.owner == HARMLESS:
                continue
            if m.owner == CANCEL:
                found.cancels.append(m)
            elif any(claimed.get(t, m.owner) != m.owner for t in m.hits):
                continue  # its words belong to a harmless phrase or another claiming sign
            elif m.owner < len(self.signs):
                found.signs.setdefault(m.owner, []).append(m)
            else:
                name = self.qualifier_names[m.owner - len(self.signs)]
                found.qualifiers.setdefault(name, []).append(m)
        return found


def check(lex: Lexicon) -> None:
    """Fail at import on a lexicon naming a qualifier or class it lacks, or a short prefix."""
    for s in lex.signs:
        names = {*s.needs, *s.calm, *(q for r in s.rules for on in r.on for q in on.split("+"))}
        missing = names - set(lex.qualifiers)
        if missing:
            raise ValueError(f"{lex.language} sign {s.name!r}: no qualifier {sorted(missing)}")
    patterns = [p for s in lex.signs for p in s.patterns]
    patterns += [p for ps in lex.qualifiers.values() for p in ps]
    patterns += [*lex.harmless, *lex.negation.cancel]
    for pattern in patterns:
        for part in pattern.replace("|", " ").split():
            part = part.removesuffix("?")
            if part.startswith("@") and part[1:] not in lex.classes:
                raise ValueError(f"{lex.language} pattern {pattern!r}: no class {part}")
            if part.endswith("*") and len(part) < 4:
                raise ValueError(f"{lex.language} pattern {pattern!r}: prefix under 3 letters")
