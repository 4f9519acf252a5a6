"""The free-text reader's spelling (step 1 of ``freetext``, after ``freetext_words``): a word
as the lexicon word it was meant to be. Contractions and common misspellings from the lexicon; a
letter held down ("pechoo"); a compound ("brustschmerzen"); one letter mistyped, swapped, left out
or added ("балит", "obmorak"); a word one edit from a fuzzy lexicon word; then lexicon phrases
and spoken durations ("20 min", "half an hour") as one word. Never a word the lexicon knows, nor
a negation.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby, product
from typing import Final

from bot.domain.freetext_words import (
    DURATION_PREFIX,
    Break,
    Words,
    amount,
    blanks,
    deletions,
    fold,
    fold_words,
    raw_words,
    swaps,
)
from bot.domain.lexicon import Lexicon

_MAX_TYPO_LEN: Final = 24  # longer words are read as typed (bounded time)
_TYPO_LONG: Final = 7  # a letter left out or added is read only in words this long
_TYPO_CACHE: Final = 4096  # words remembered per language
_MAX_REPEATED: Final = 4  # a word is squeezed with at most 2**4 tries (bounded time)
GAPPED_MAX: Final = 4  # words between the two words of a gapped phrase, at most


class Speller:
    """The words of one (folded) lexicon, indexed for reading a message's words as them.

    ``pattern_words`` and ``stems``: every word and ``stem*`` the lexicon's patterns know;
    ``function_words``: the language's grammar words (read as typed, never as a typo)."""

    def __init__(
        self,
        lex: Lexicon,
        pattern_words: Iterable[str],
        stems: Iterable[str],
        function_words: Iterable[str],
    ) -> None:
        self.lex = lex
        prefixes = set(stems)
        vocabulary = set(pattern_words)  # every word the patterns know (not fixed by typo)
        self.prefixes = tuple(sorted(prefixes))
        for fixed in lex.spelling.values():
            vocabulary.update(fixed.split())
        self.vocabulary = frozenset(vocabulary)
        self.phrases = {tuple(k.split()): v.split() for k, v in lex.phrases.items()}
        self.gapped: dict[str, dict[str, str]] = {}
        for pair, word in lex.gapped.items():
            first, second = pair.split()
            self.gapped.setdefault(first, {})[second] = word
        self.longest_phrase = max((len(k) for k in self.phrases), default=1)
        self.near: dict[str, set[str]] = {}
        for word in lex.fuzzy:
            if len(word) >= lex.fuzzy_min:
                for variant in {word, *deletions(word)}:
                    self.near.setdefault(variant, set()).add(word)
        self.triggers = lex.negation.triggers
        self.heads = tuple(sorted(lex.compound_heads, key=len, reverse=True))
        # One mistyped letter in a lexicon word or stem ("балит", "калено", "обморак"): every
        # word and stem of at least ``typo_min`` letters, with each letter in turn unknown.
        self.typo_words: dict[str, set[str]] = {}
        self.typo_stems: dict[str, set[str]] = {}
        neg = lex.negation
        self.plain = frozenset(  # words read as they are: phrases, numbers, negation, grammar
            {w for k in lex.phrases for w in k.split()}
            | set(lex.numbers)
            | set(lex.units)
            | set(lex.spelling)
            | neg.triggers
            | neg.terminators
            | neg.clause_starters
            | neg.joiners
            | {w for ws in neg.pseudo.values() for w in ws}
            | fold_words(function_words, lex)
        )
        self.longest_stem = max((len(p) for p in prefixes), default=0)
        self.prefix_set = frozenset(prefixes)
        self.typo_cache: dict[str, str] = {}
        self.typo_short: dict[str, set[str]] = {}
        if lex.typo_min:
            for targets, index in (
                (self.vocabulary, self.typo_words),
                (prefixes, self.typo_stems),
            ):
                for target in targets:
                    if (
                        len(target) >= lex.typo_min
                        and target.isalpha()
                        and target not in neg.triggers  # a typo never reads as a negation
                    ):
                        # a stem's last letter is where its words inflect: never a typo there
                        keys = blanks(target) if index is self.typo_words else blanks(target)[:-1]
                        for key in keys:
                            index.setdefault(key, set()).add(target)
                        if len(target) >= _TYPO_LONG:  # a letter left out, in a long word
                            for short in deletions(target):
                                self.typo_short.setdefault(short, set()).add(target)

    def words(self, text: str) -> Words:
        """The message's words."""
        words = self._words(text, gapped=False)
        return words if words is not None else Words([], [])

    def gapped_words(self, text: str) -> Words | None:
        """The message's words with ``Lexicon.gapped`` phrases joined over the words between
        them, or None when there is none."""
        return self._words(text, gapped=True) if self.gapped else None

    def _words(self, text: str, *, gapped: bool) -> Words | None:
        lex = self.lex
        raw = raw_words(fold(text, lex), lex)
        tokens: list[str] = []
        breaks: list[Break] = []
        for token, brk in zip(raw.tokens, raw.breaks, strict=True):
            fixed = (
                lex.spelling.get(token)
                or self.squeezed(token)
                or self.compound(token)
                or self.typo(token)
                or self.fuzzy(token)
            )
            for n, part in enumerate(fixed.split()):
                tokens.append(part)
                breaks.append(brk if n == 0 else Break.NONE)
        if gapped:
            joined = self.gapped_of(tokens, breaks)
            if joined is None:
                return None
            tokens, breaks = joined
        tokens, breaks = self.phrases_of(tokens, breaks)
        return self.durations_of(tokens, breaks)

    def squeezed(self, token: str) -> str:
        """A word typed with a letter held down, as the lexicon word it stretches ("pechoo")."""
        if not self.lex.stretched or token in self.vocabulary or not token.isalpha():
            return ""
        runs = [(c, len(list(g))) for c, g in groupby(token)]
        repeated = sum(n > 1 for _, n in runs)
        held = max(n for _, n in runs) >= 3 or runs[-1][1] >= 2  # "dolooor", "pechoo"
        if not held or repeated > _MAX_REPEATED:
            return ""
        long_held = max(n for _, n in runs) >= 3  # "nooo" is "no"; "нее" (her) is no "не"
        choices = [(c,) if n == 1 else (c, c * 2) for c, n in runs]
        for parts in product(*choices):
            word = "".join(parts)
            if (
                word != token
                and (word not in self.triggers or long_held)
                and (
                    word in self.vocabulary
                    or word in self.lex.spelling
                    or (len(word) > 3 and word.startswith(self.prefixes))
                )
            ):
                return self.lex.spelling.get(word, word)
        return ""

    def typo(self, token: str) -> str:
        """``_typo`` remembered for the words seen last (a long message repeats its words)."""
        cache = self.typo_cache
        if token not in cache:
            if len(cache) >= _TYPO_CACHE:
                cache.clear()
            cache[token] = self._typo(token)
        return cache[token]

    def _typo(self, token: str) -> str:
        """A word with one letter mistyped or two swapped, as the lexicon word or stem it
        misspells ("балит" -> "болит", "калено" -> "колено", "obmorak"); an ending typed
        another way ("кружиться" -> "кружится") likewise. Never a word the lexicon knows."""
        lex = self.lex
        if (
            not lex.typo_min
            or len(token) < lex.typo_min
            or len(token) > _MAX_TYPO_LEN
            or token in self.vocabulary
            or token in self.plain
            or token in lex.not_fuzzy
            or token.startswith(self.prefixes)
            or not token.isalpha()
        ):
            return ""
        for ending, other in lex.endings.items():
            if token.endswith(ending):
                fixed = token[: -len(ending)] + other
                if fixed in self.vocabulary or fixed.startswith(self.prefixes):
                    return fixed
        found: set[str] = set()
        for key in blanks(token):
            found |= self.typo_words.get(key, set())
        found |= self.vocabulary.intersection(swaps(token))
        found |= {w for w in self.typo_short.get(token, ()) if w in self.vocabulary}
        if len(token) > _TYPO_LONG:  # a letter too many, in a long word
            found |= self.vocabulary.intersection(deletions(token)) - self.triggers
        if found:
            return min(found)
        for size in range(min(len(token), self.longest_stem), lex.typo_min - 1, -1):
            head, rest = token[:size], token[size:]
            stems = set().union(*(self.typo_stems.get(key, set()) for key in blanks(head)))
            swapped = {swap + head[-1] for swap in swaps(head[:-1])}  # not across the ending
            stems |= swapped.intersection(self.prefixes)
            stems |= {p for p in self.typo_short.get(head, ()) if p in self.prefix_set}
            if size > _TYPO_LONG:
                stems |= {d for d in deletions(head[:-1]) if d + head[-1] in self.prefix_set}
            if stems:
                return min(stems) + rest
        return ""

    def compound(self, token: str) -> str:
        """An unknown word ending in a compound head, as two words ("brustschmerzen")."""
        if (
            not self.heads
            or not token.endswith(self.heads)
            or token in self.vocabulary
            or token.startswith(self.prefixes)
        ):
            return ""
        for head in self.heads:
            if token.endswith(head) and len(token) - len(head) >= 3:
                return f"{token[: -len(head)]} {head}"
        return ""

    def fuzzy(self, token: str) -> str:
        lex = self.lex
        if (
            len(token) < lex.fuzzy_min
            or token in self.vocabulary
            or token in lex.not_fuzzy
            or token.startswith(self.prefixes)
            or not token.isalpha()
        ):
            return token
        found: set[str] = set()
        for variant in (token, *deletions(token)):
            found |= self.near.get(variant, set())
        return min(found, key=lambda w: (abs(len(w) - len(token)), w)) if found else token

    def gapped_of(
        self, tokens: list[str], breaks: list[Break]
    ) -> tuple[list[str], list[Break]] | None:
        """``Lexicon.gapped``: "kann das Bein nicht belasten" -> "das bein kannnicht belasten"
        (a contiguous pair is left to ``phrases``); a negation or a clause break between them
        keeps them apart."""
        if not self.gapped:
            return None
        out = list(tokens)
        out_breaks = list(breaks)
        drop: set[int] = set()
        for i, token in enumerate(tokens):
            seconds = self.gapped.get(token)
            if not seconds:
                continue
            for j in range(i + 2, min(i + 2 + GAPPED_MAX, len(tokens))):
                if breaks[j] >= Break.COMMA:
                    break
                if tokens[j] in seconds and j not in drop:
                    out[j] = seconds[tokens[j]]
                    drop.add(i)
                    break
                if tokens[j] in self.triggers or tokens[j] in self.gapped:
                    break
        if not drop:
            return None
        kept = [k for k in range(len(tokens)) if k not in drop]
        for k in drop:  # the first word's break passes to the word after it
            if k + 1 < len(out_breaks):
                out_breaks[k + 1] = max(out_breaks[k + 1], breaks[k])
        return [out[k] for k in kept], [out_breaks[k] for k in kept]

    def phrases_of(self, tokens: list[str], breaks: list[Break]) -> tuple[list[str], list[Break]]:
        out: list[str] = []
        out_breaks: list[Break] = []
        i = 0
        while i < len(tokens):
            for size in range(min(self.longest_phrase, len(tokens) - i), 1, -1):
                key = tuple(tokens[i : i + size])
                if key in self.phrases and all(b < Break.COMMA for b in breaks[i + 1 : i + size]):
                    for n, part in enumerate(self.phrases[key]):  # one word, or several
                        out.append(part)
                        out_breaks.append(breaks[i] if n == 0 else Break.NONE)
                    i += size
                    break
            else:
                out.append(tokens[i])
                out_breaks.append(breaks[i])
                i += 1
        return out, out_breaks

    def durations_of(self, tokens: list[str], breaks: list[Break]) -> Words:
        """Spoken durations ("20 min", "10-15 minutes", "half an hour", "2 hrs") become one word
        ``#<minutes>``."""
        lex = self.lex
        out: list[str] = []
        out_breaks: list[Break] = []
        i = 0
        n = len(tokens)
        while i < n:
            said, j = amount(tokens, i, lex.numbers)
            if said is not None and j < n and tokens[j] in lex.units and breaks[j] < Break.COMMA:
                out.append(f"{DURATION_PREFIX}{int(said * lex.units[tokens[j]])}")
                out_breaks.append(breaks[i])
                i = j + 1
            elif (  # a unit before its number: Russian "минут 15" ("about 15 minutes")
                tokens[i] in lex.units
                and i + 1 < n
                and tokens[i + 1][0].isdigit()
                and breaks[i + 1] < Break.COMMA
                and (said := amount(tokens, i + 1, lex.numbers)[0]) is not None
            ):
                out.append(f"{DURATION_PREFIX}{int(said * lex.units[tokens[i]])}")
                out_breaks.append(breaks[i])
                i += 2
            else:
                out.append(tokens[i])
                out_breaks.append(breaks[i])
                i += 1
        return Words(out, out_breaks)
