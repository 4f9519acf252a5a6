"""The free-text red-flag reader (TRIAGE.md "Free text"; issue 8 point 1).

``read(text) -> Reading``: which checklist items a typed message names. Items named with their
qualifier apply at once (``Reading.items``); a sign named without it lists the items it may mean,
to ask "Which of these fits?" (``Reading.maybe``); a twitch told in its own words is the product's
topic (``Reading.twitch``), never an alarm by itself.

How a message is read, in one pass:

1. Words: the first ``MAX_CHARS`` characters, casefolded, accents folded, apostrophes unified;
   punctuation and emoji become breaks; contractions and common misspellings are fixed from the
   lexicon; any other longer word one typo away from a lexicon word is read as that word; spoken
   durations ("20 min", "half an hour") become one duration word.
2. Matches: every pattern of the lexicon (signs, qualifiers, harmless phrases) is matched; a
   harmless phrase ("stroke of luck") and a claiming sign ("heat stroke") take their words.
3. Negation, NegEx/ConText style: a trigger negates what starts within its clause and window;
   pseudo-negations ("not sure", "no idea", "No, I have ..."), terminators ("but") and cancel
   phrases ("like this") limit it. In doubt a sign stays positive (TRIAGE.md: under-reading can
   kill; over-reading costs one tap).
4. Signs: qualifiers near a sign decide between items and maybe (``lexicon.Sign``).

Everything language-specific is data (``lexicon.Lexicon``): ``lexicon_en``, ``lexicon_es``,
``lexicon_de``, ``lexicon_ru``. A message is read in the language it is written in, whatever the
user's stored language (``candidates``: script, function words, letters, lexicon words); when
that is unsure, every close candidate reads it and the union is taken (issue 13). Time is
bounded: at most ``MAX_CHARS`` characters, no backtracking regexes, patterns of a few slots with
small gaps. ``read`` never raises.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import IntEnum
from itertools import groupby, product
from typing import Final

from bot.domain import lexicon, lexicon_de, lexicon_en, lexicon_es, lexicon_ru, redflags
from bot.domain.lexicon import Lexicon, Sign, When
from bot.domain.model import Urgency

log = logging.getLogger(__name__)

HEAT_ILLNESS: Final = lexicon.HEAT_ILLNESS  # "heat stroke"/"sunstroke" -> URGENT_TODAY
MAX_CHARS: Final = 16_384  # Telegram sends at most 4,096: the whole message is read, bounded

ITEM_LEVELS: Final[Mapping[str, Urgency]] = redflags.LEVELS  # the one home of item levels

# One lexicon per language the bot reads; a new language is a new data module and one line here.
LEXICONS: Final[Mapping[str, Lexicon]] = {
    "en": lexicon_en.LEXICON,
    "es": lexicon_es.LEXICON,
    "de": lexicon_de.LEXICON,
    "ru": lexicon_ru.LEXICON,
}
DEFAULT_LANGUAGE: Final = "en"
LATIN: Final = ("en", "es", "de")  # in this order when scores tie


@dataclass(frozen=True, slots=True)
class Reading:
    """What a typed message names (see the module docstring)."""

    items: frozenset[str]  # checklist item ids named with their qualifier (may hold HEAT_ILLNESS)
    maybe: frozenset[str]  # item ids a sign named without its qualifier may mean (not in items)
    twitch: bool  # the message describes a twitch in its own words
    language: str

    @property
    def level(self) -> Urgency | None:
        """Highest level among ``items`` (e* EMERGENCY, u*/heat URGENT_TODAY, g* SEE_GP)."""
        return _highest(self.items)

    @property
    def ask_level(self) -> Urgency | None:
        """Highest level among ``maybe``, else None."""
        return _highest(self.maybe)


def detect_language(text: str) -> str:
    """The language a message is written in: the first of ``candidates(text)``."""
    return candidates(text[:MAX_CHARS])[0]


def candidates(text: str) -> tuple[str, ...]:
    """The languages a message may be written in, the likeliest first.

    Cyrillic letters -> Russian (with English too when Latin words are mixed in: "делает
    twitch"). Latin script: each of English, Spanish, German scores its function words, its
    letters (ñ ¿ ¡ á / ä ö ü ß) and the words its lexicon knows; every language scoring close to
    the best is a candidate (the reader takes the union of what they find: under-reading can
    kill), and with no evidence at all each Latin language is read. The first is the likeliest
    (English on a tie): the reply language.
    """
    if _CYRILLIC.search(text):
        mixed = any(len(w) > 2 for w in _LATIN_WORD.findall(text[:_SCORED_CHARS]))
        return ("ru", "en") if mixed else ("ru",)
    head = text[:_SCORED_CHARS]
    folded = _fold(head, _READERS[DEFAULT_LANGUAGE].lex)  # case, apostrophes, accents
    words = _FOLDED_WORD.findall(folded)[:_MAX_SCORED_WORDS]
    letters = head.casefold()
    scores = {lang: _score(lang, words, letters) for lang in LATIN}
    best = max(total for total, _, _ in scores.values())
    if best <= 0:
        return LATIN
    ranked = sorted(LATIN, key=lambda lang: -scores[lang][0])  # stable: en, es, de on a tie
    first, *others = ranked
    negation = not _READERS[first].triggers.isdisjoint(words)

    def joins(other: str) -> bool:
        """Another language is read as well when it scores close, with a grammar word or letter
        of its own when the likeliest has one (a lexicon word alone would read the likeliest
        language's negation as none); or when a learner mixes in its sign words ("ich habe chest
        pain") and the likeliest language negates nothing."""
        total, grammar, vocabulary = scores[other]
        if total >= best * _CLOSE and (grammar > 0 or not scores[first][1]):
            return True
        return vocabulary >= 2 and vocabulary >= scores[first][2] and not negation

    return (first, *(other for other in others if joins(other)))


_CLOSE: Final = 0.6  # a language scoring at least this share of the best is read as well
_LATIN_WORD: Final = re.compile(r"[A-Za-z\u00c0-\u024f']+")
_FOLDED_WORD: Final = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_CYRILLIC: Final = re.compile(r"[\u0400-\u04ff]")
_SCORED_CHARS: Final = 2000  # the language shows in the first words
_MAX_SCORED_WORDS: Final = 200


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FUNCTION_WORDS: Final[Mapping[str, frozenset[str]]] = {
    "en": _set(
        "i i'm my the is are and or but not no it it's its have has had can't cant don't "
        "dont of on with for to this that since after when what how hello hi thanks"
    ),
    "es": _set(
        "yo me mi mis el la los las un una y o pero no es esta está estoy tengo tiene de del "
        "en con sin que por para muy se le lo ya hace desde como cuando más ni nada hoy "
        "ayer he ha hola gracias"
    ),
    "de": _set(
        "ich mich mir mein meine meinen meinem der das den dem ein eine einen und oder "
        "aber nicht kein keine ist bin hab habe seit mit beim auf vom zum sehr "
        "auch noch wie wenn es tut kann nach über ueber bei schon hallo danke"
    ),
}
_LETTERS: Final[Mapping[str, tuple[str, str]]] = {  # (strong: 2 points, weak: 1 point)
    "es": ("ñ¿¡", "áéíóú"),
    "de": ("äöüß", ""),
}


def _score(lang: str, words: Sequence[str], letters: str) -> tuple[float, float, int]:
    """(all points, grammar points, lexicon words): function words 2 points and the language's
    own letters 2 (ñ ¿ ä ß) are grammar; lexicon words and accents (á) 1."""
    reader = _READERS[lang]
    function = _FOLDED_FUNCTION_WORDS[lang]
    digraphs = reader.lex.digraphs
    score = grammar = 0.0
    known = 0
    for word in words:
        for pair, letter in digraphs.items():
            word = word.replace(pair, letter)
        if word in function:
            grammar += 2
        if len(word) > 3 and (  # short words ("no", "he", "die") are in every language
            word in reader.vocabulary
            or word in reader.lex.spelling
            or word.startswith(reader.prefixes)
            or reader.compound(word)
            or reader.fuzzy(word) != word
        ):
            known += 1
    strong, weak = _LETTERS.get(lang, ("", ""))
    grammar += 2 * sum(letters.count(c) for c in strong)
    score += sum(letters.count(c) for c in weak)  # "café" in any language: not grammar
    return score + known + grammar, grammar, known


def read(text: str) -> Reading:
    """Read a typed message for red flags. Never raises; bounded time on any ``str``.

    The message is read in each language it may be written in (``candidates``) and what they
    find is joined; ``Reading.language`` is the likeliest language (the reply language)."""
    language = DEFAULT_LANGUAGE
    try:
        if not isinstance(text, str):
            return _nothing(language)
        text = text[:MAX_CHARS]
        languages = candidates(text)
        language = languages[0]
        readings = [_READERS[lang].read(text) for lang in languages]
        items = frozenset().union(*(r.items for r in readings))
        maybe = frozenset().union(*(r.maybe for r in readings))
        return Reading(
            items,
            maybe - items,
            twitch=any(r.twitch for r in readings),
            language=language,
        )
    except Exception:  # a reader bug must never cost the user the reply
        log.exception("free-text reader failed")  # no message text in logs
        return _nothing(language)


def _nothing(language: str) -> Reading:
    return Reading(frozenset(), frozenset(), twitch=False, language=language)


def _highest(ids: Iterable[str]) -> Urgency | None:
    return redflags.highest(ids)


# =================================================================================================
# Words
# =================================================================================================


class Break(IntEnum):
    """What stands between a word and the one before it."""

    NONE = 0
    SOFT = 1  # an emoji or symbol: patterns skip it, negation stops at it
    COMMA = 2  # patterns stop; negation stops if a clause starter follows
    HARD = 3  # . ! ? ; : new line


_APOSTROPHES: Final = str.maketrans(dict.fromkeys("\u2019\u2018\u02bc`\u00b4\u2032", "'"))
_TOKEN: Final = re.compile(
    r"(\d+(?:[.,]\d+)?)"  # 1 a number
    r"|([^\W\d_]+(?:'[^\W\d_]+)*)"  # 2 a word, with inner apostrophes
    r"|([.!?;:\n\u2026]+)"  # 3 a sentence break
    r"|(,)"  # 4 a comma
    r"|(\S)"  # 5 anything else: a symbol, an emoji, a dash
)
_DURATION_PREFIX: Final = "#"
_MAX_AMOUNT: Final = 1e6  # "99999...9 minutes" stays a number


@dataclass(frozen=True, slots=True)
class _Words:
    tokens: list[str]
    breaks: list[Break]  # breaks[i]: between tokens[i - 1] and tokens[i]


def _fold(text: str, lex: Lexicon) -> str:
    text = text.casefold().translate(_APOSTROPHES)
    if lex.fold_accents and not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    for pair, letter in lex.digraphs.items():
        text = text.replace(pair, letter)
    return text


def _fold_words(words: Iterable[str], lex: Lexicon) -> frozenset[str]:
    return frozenset(_fold(w, lex) for w in words)


def _folded(lex: Lexicon) -> Lexicon:
    """The lexicon's words folded as a message is (a lexicon may write "ü", "ñ", "ё")."""
    neg = lex.negation
    negation = replace(
        neg,
        triggers=_fold_words(neg.triggers, lex),
        pseudo={k: _fold_words(v, lex) for k, v in neg.pseudo.items()},
        interjections=_fold_words(neg.interjections, lex),
        terminators=_fold_words(neg.terminators, lex),
        clause_starters=_fold_words(neg.clause_starters, lex),
        joiners=_fold_words(neg.joiners, lex),
        list_joiners=_fold_words(neg.list_joiners, lex),
        list_blockers=_fold_words(neg.list_blockers, lex),
        post=_fold_words(neg.post, lex),
        backward=_fold_words(neg.backward, lex),
    )
    return replace(
        lex,
        classes={k: _fold_words(v, lex) for k, v in lex.classes.items()},
        negation=negation,
        spelling={_fold(k, lex): _fold(v, lex) for k, v in lex.spelling.items()},
        phrases={_fold(k, lex): _fold(v, lex) for k, v in lex.phrases.items()},
        numbers={_fold(k, lex): v for k, v in lex.numbers.items()},
        units={_fold(k, lex): v for k, v in lex.units.items()},
        fuzzy=_fold_words(lex.fuzzy, lex),
        not_fuzzy=_fold_words(lex.not_fuzzy, lex),
        compound_heads=tuple(_fold(h, lex) for h in lex.compound_heads),
        endings={_fold(k, lex): _fold(v, lex) for k, v in lex.endings.items()},
    )


def _raw_words(text: str, lex: Lexicon) -> _Words:
    tokens: list[str] = []
    breaks: list[Break] = []
    pending = Break.NONE
    for m in _TOKEN.finditer(text):
        number, word, stop, comma, other = m.groups()
        if number is not None or word is not None:
            tokens.append(number if number is not None else word)
            breaks.append(pending)
            pending = Break.NONE
        elif stop is not None:
            pending = Break.HARD
        elif comma is not None:
            pending = max(pending, Break.COMMA)
        elif other in lex.symbols:
            tokens.append(lex.symbols[other])
            breaks.append(pending)
            pending = Break.NONE
        elif unicodedata.category(other)[0] in "SC":  # symbols, emoji, surrogates
            pending = max(pending, Break.SOFT)
    return _Words(tokens, breaks)


# =================================================================================================
# Patterns
# =================================================================================================


class _Kind(IntEnum):
    WORDS = 0  # one of ``words``, or a word starting with one of ``prefixes``
    LONGER = 1  # a duration of at least ``minutes``
    SHORTER = 2  # a duration under ``minutes``
    GAP = 3


@dataclass(frozen=True, slots=True)
class _Slot:
    kind: _Kind
    words: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    minutes: int = 0
    optional: bool = False

    def fits(self, token: str) -> bool:
        if self.kind is _Kind.WORDS:
            return token in self.words or (bool(self.prefixes) and token.startswith(self.prefixes))
        if not token.startswith(_DURATION_PREFIX):
            return False
        minutes = int(token[1:])
        return minutes >= self.minutes if self.kind is _Kind.LONGER else minutes < self.minutes


_Pattern = tuple[_Slot, ...]


def _slot(text: str, lex: Lexicon) -> _Slot:
    optional = text.endswith("?") and len(text) > 1
    text = text.removesuffix("?") if optional else text
    if text == "..":
        return _Slot(_Kind.GAP)
    if text.startswith("#"):
        name, sign_ = text[1:-1], text[-1]
        kind = _Kind.LONGER if sign_ == "+" else _Kind.SHORTER
        return _Slot(kind, minutes=lex.durations[name], optional=optional)
    words: set[str] = set()
    prefixes: list[str] = []
    for alt in text.split("|"):
        if alt.startswith("@"):
            words |= lex.classes[alt[1:]]
        elif alt.endswith("*"):
            prefixes.append(_fold(alt[:-1], lex))
        else:
            words.add(_fold(alt, lex))
    return _Slot(_Kind.WORDS, frozenset(words), tuple(prefixes), optional=optional)


def _compile(pattern: str, lex: Lexicon) -> list[_Pattern]:
    """A pattern as slots; a leading optional slot is expanded (with it, and without it)."""
    slots = tuple(_slot(part, lex) for part in pattern.split())
    if not slots or slots[0].kind is _Kind.GAP or slots[-1].kind is _Kind.GAP:
        raise ValueError(f"bad pattern: {pattern!r}")
    if slots[0].optional:
        first = _Slot(slots[0].kind, slots[0].words, slots[0].prefixes, slots[0].minutes)
        return [(first, *slots[1:]), *_compile_rest(slots[1:], pattern)]
    return [slots]


def _compile_rest(slots: _Pattern, pattern: str) -> list[_Pattern]:
    while slots and slots[0].kind is _Kind.GAP:
        slots = slots[1:]
    if not slots or all(s.optional for s in slots):
        raise ValueError(f"pattern has nothing but optional slots: {pattern!r}")
    if slots[0].optional:
        first = _Slot(slots[0].kind, slots[0].words, slots[0].prefixes, slots[0].minutes)
        return [(first, *slots[1:]), *_compile_rest(slots[1:], pattern)]
    return [slots]


@dataclass(frozen=True, slots=True)
class _Match:
    owner: int
    hits: tuple[int, ...]  # the token indices the slots matched (gaps excluded)

    @property
    def start(self) -> int:
        return self.hits[0]

    @property
    def end(self) -> int:
        return self.hits[-1] + 1


def _match_at(
    pattern: _Pattern, k: int, words: _Words, i: int, hits: tuple[int, ...], gap: int
) -> tuple[int, ...] | None:
    """The first way ``pattern[k:]`` matches from token ``i`` on, or None (bounded: a pattern
    has a few slots, a gap at most ``gap`` words)."""
    if k == len(pattern):
        return hits
    tokens, breaks = words.tokens, words.breaks
    slot = pattern[k]
    if slot.kind is _Kind.GAP:
        for skip in range(gap + 1):
            j = i + skip
            if j > len(tokens) or (skip and breaks[j - 1] >= Break.COMMA):
                return None
            found = _match_at(pattern, k + 1, words, j, hits, gap)
            if found is not None:
                return found
        return None
    if i < len(tokens) and (not hits or breaks[i] < Break.COMMA) and slot.fits(tokens[i]):
        found = _match_at(pattern, k + 1, words, i + 1, (*hits, i), gap)
        if found is not None:
            return found
    if slot.optional:
        return _match_at(pattern, k + 1, words, i, hits, gap)
    return None


# =================================================================================================
# The reader of one language
# =================================================================================================

_MAX_LIST: Final = 8  # signs in one negated list, at most
_MAX_TYPO_LEN: Final = 24  # longer words are read as typed (bounded time)
_TYPO_LONG: Final = 7  # a letter left out or added is read only in words this long
_TYPO_CACHE: Final = 4096  # words remembered per language
_MAX_REPEATED: Final = 4  # a word is squeezed with at most 2**4 tries (bounded time)
_HARMLESS: Final = -1  # owner of harmless phrases
_CANCEL: Final = -2  # owner of negation cancel phrases


@dataclass(frozen=True, slots=True)
class _Found:
    """The matches of one message, sorted by owner."""

    signs: dict[int, list[_Match]]
    qualifiers: dict[str, list[_Match]]
    cancels: list[_Match]
    claimed: dict[int, int]  # token index -> owner that claimed it (harmless: -1)


class _Reader:
    """A lexicon compiled for reading: patterns indexed by their first word."""

    def __init__(self, lex: Lexicon) -> None:
        _check(lex)
        lex = _folded(lex)
        self.lex = lex
        self.signs: tuple[Sign, ...] = lex.signs
        # owners: sign index >= 0; qualifiers get indices after the signs; -1 harmless; -2 cancel
        self.qualifier_names: list[str] = list(lex.qualifiers)
        owners: list[tuple[int, str]] = []
        for n, s in enumerate(lex.signs):
            owners += [(n, p) for p in s.patterns]
        for q, name in enumerate(self.qualifier_names):
            owners += [(len(lex.signs) + q, p) for p in lex.qualifiers[name]]
        owners += [(_HARMLESS, p) for p in lex.harmless]
        owners += [(_CANCEL, p) for p in lex.negation.cancel]
        self.by_word: dict[str, list[tuple[int, _Pattern]]] = {}
        self.by_prefix: dict[str, list[tuple[str, int, _Pattern]]] = {}
        self.by_duration: list[tuple[int, _Pattern]] = []
        vocabulary: set[str] = set()  # every word the patterns know (not fixed by typo)
        prefixes: set[str] = set()
        for owner, text in owners:
            for pattern in _compile(text, lex):
                self._index(owner, pattern)
                for slot in pattern:
                    vocabulary |= slot.words
                    prefixes.update(slot.prefixes)
        self.prefixes = tuple(sorted(prefixes))
        for fixed in lex.spelling.values():
            vocabulary.update(fixed.split())
        self.vocabulary = frozenset(vocabulary)
        self.phrases = {tuple(k.split()): v.split() for k, v in lex.phrases.items()}
        self.longest_phrase = max((len(k) for k in self.phrases), default=1)
        self.near: dict[str, set[str]] = {}
        for word in lex.fuzzy:
            if len(word) >= lex.fuzzy_min:
                for variant in {word, *_deletions(word)}:
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
            | _fold_words(_FUNCTION_WORDS.get(lex.language, ()), lex)
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
                        blanks = (
                            _blanks(target) if index is self.typo_words else _blanks(target)[:-1]
                        )
                        for key in blanks:
                            index.setdefault(key, set()).add(target)
                        if len(target) >= _TYPO_LONG:  # a letter left out, in a long word
                            for short in _deletions(target):
                                self.typo_short.setdefault(short, set()).add(target)

    def _index(self, owner: int, pattern: _Pattern) -> None:
        first = pattern[0]
        if first.kind is _Kind.WORDS:
            for word in first.words:
                self.by_word.setdefault(word, []).append((owner, pattern))
            for prefix in first.prefixes:
                self.by_prefix.setdefault(prefix[:3], []).append((prefix, owner, pattern))
        else:
            self.by_duration.append((owner, pattern))

    # --- words ----------------------------------------------------------------------------------

    def words(self, text: str) -> _Words:
        lex = self.lex
        raw = _raw_words(_fold(text, lex), lex)
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
        tokens, breaks = self._phrases(tokens, breaks)
        return self._durations(tokens, breaks)

    def squeezed(self, token: str) -> str:
        """A word typed with a letter held down, as the lexicon word it stretches ("pechoo")."""
        if not self.lex.stretched or token in self.vocabulary or not token.isalpha():
            return ""
        runs = [(c, len(list(g))) for c, g in groupby(token)]
        repeated = sum(n > 1 for _, n in runs)
        held = max(n for _, n in runs) >= 3 or runs[-1][1] >= 2  # "dolooor", "pechoo"
        if not held or repeated > _MAX_REPEATED:
            return ""
        choices = [(c,) if n == 1 else (c, c * 2) for c, n in runs]
        for parts in product(*choices):
            word = "".join(parts)
            if word != token and (
                word in self.vocabulary
                or word in self.lex.spelling
                or (len(word) > 3 and word.startswith(self.prefixes))
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
        for key in _blanks(token):
            found |= self.typo_words.get(key, set())
        found |= self.vocabulary.intersection(_swaps(token))
        found |= {w for w in self.typo_short.get(token, ()) if w in self.vocabulary}
        if len(token) > _TYPO_LONG:  # a letter too many, in a long word
            found |= self.vocabulary.intersection(_deletions(token)) - self.triggers
        if found:
            return min(found)
        for size in range(min(len(token), self.longest_stem), lex.typo_min - 1, -1):
            head, rest = token[:size], token[size:]
            stems = set().union(*(self.typo_stems.get(key, set()) for key in _blanks(head)))
            swapped = {swap + head[-1] for swap in _swaps(head[:-1])}  # not across the ending
            stems |= swapped.intersection(self.prefixes)
            stems |= {p for p in self.typo_short.get(head, ()) if p in self.prefix_set}
            if size > _TYPO_LONG:
                stems |= {d for d in _deletions(head[:-1]) if d + head[-1] in self.prefix_set}
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
        for variant in (token, *_deletions(token)):
            found |= self.near.get(variant, set())
        return min(found, key=lambda w: (abs(len(w) - len(token)), w)) if found else token

    def _phrases(self, tokens: list[str], breaks: list[Break]) -> tuple[list[str], list[Break]]:
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

    def _durations(self, tokens: list[str], breaks: list[Break]) -> _Words:
        """Spoken durations ("20 min", "10-15 minutes", "half an hour", "2 hrs") become one word
        ``#<minutes>``."""
        lex = self.lex
        out: list[str] = []
        out_breaks: list[Break] = []
        i = 0
        n = len(tokens)
        while i < n:
            amount, j = _amount(tokens, i, lex.numbers)
            if amount is not None and j < n and tokens[j] in lex.units and breaks[j] < Break.COMMA:
                out.append(f"{_DURATION_PREFIX}{int(amount * lex.units[tokens[j]])}")
                out_breaks.append(breaks[i])
                i = j + 1
            else:
                out.append(tokens[i])
                out_breaks.append(breaks[i])
                i += 1
        return _Words(out, out_breaks)

    # --- matches --------------------------------------------------------------------------------

    def find(self, words: _Words) -> _Found:
        tokens = words.tokens
        gap = self.lex.gap
        matches: list[_Match] = []
        for i, token in enumerate(tokens):
            candidates = list(self.by_word.get(token, ()))
            candidates += [
                (owner, pattern)
                for prefix, owner, pattern in self.by_prefix.get(token[:3], ())
                if token.startswith(prefix)
            ]
            if token.startswith(_DURATION_PREFIX):
                candidates += self.by_duration
            for owner, pattern in candidates:
                hits = _match_at(pattern, 0, words, i, (), gap)
                if hits is not None:
                    matches.append(_Match(owner, hits))
        claimed: dict[int, int] = {}
        for m in matches:  # harmless phrases first, then claiming signs
            if m.owner == _HARMLESS:
                claimed.update(dict.fromkeys(range(m.start, m.end), _HARMLESS))
        for m in matches:
            if 0 <= m.owner < len(self.signs) and self.signs[m.owner].claims:
                for t in range(m.start, m.end):
                    claimed.setdefault(t, m.owner)
        found = _Found({}, {}, [], claimed)
        for m in matches:
            if m.owner == _HARMLESS:
                continue
            if m.owner == _CANCEL:
                found.cancels.append(m)
            elif any(claimed.get(t, m.owner) != m.owner for t in m.hits):
                continue  # its words belong to a harmless phrase or another claiming sign
            elif m.owner < len(self.signs):
                found.signs.setdefault(m.owner, []).append(m)
            else:
                name = self.qualifier_names[m.owner - len(self.signs)]
                found.qualifiers.setdefault(name, []).append(m)
        return found

    # --- negation -------------------------------------------------------------------------------

    def negated(self, words: _Words, found: _Found) -> list[bool]:
        """Which tokens a negation covers (see ``lexicon.Negation``)."""
        tokens, breaks = words.tokens, words.breaks
        neg = self.lex.negation
        protected: set[int] = set()  # words of a sign: no trigger ("haven't peed"), no terminator
        sign_ends: set[int] = set()  # ("pins and needles"); a comma after one continues a list
        sign_starts: set[int] = set()  # (with ``list_needs_sign``: if another sign starts there)
        for owner, matches in found.signs.items():
            for m in matches:
                protected.update(m.hits)
                sign_ends.add(m.end)
                if not self.signs[owner].twitch and not self.signs[owner].needs:
                    sign_starts.add(m.start)
        cancel_starts = {m.start for m in found.cancels}
        covered = [False] * len(tokens)
        for t, token in enumerate(tokens):
            if token not in self.triggers or t in protected or not self._active(words, t):
                continue
            scope: list[int] = []
            j = t + 1
            while j < len(tokens) and j <= t + neg.window:
                brk = breaks[j]
                if brk in (Break.HARD, Break.SOFT):
                    break
                if tokens[j] in neg.terminators and j not in protected:
                    break
                if brk == Break.COMMA and (
                    j not in sign_ends
                    or tokens[j] in neg.clause_starters
                    or (
                        neg.list_needs_sign
                        and j not in sign_starts
                        and tokens[j] not in self.triggers
                    )
                ):
                    break  # "no chest pain, fainting or numbness" goes on; "no drink, speech" not
                if (
                    tokens[j] in neg.joiners
                    and j + 1 < len(tokens)
                    and breaks[j + 1] == Break.NONE
                    and tokens[j + 1] in neg.clause_starters
                ):
                    break
                scope.append(j)
                j += 1
            if not any(s in cancel_starts for s in scope):
                for s in scope:
                    covered[s] = True
        return covered

    def _active(self, words: _Words, t: int, *, backward: bool = False) -> bool:
        """False for a pseudo-negation: "not sure", "No, I have ...", "isn't it odd". After its
        sign ("онемения нет и покалываний нет") a trigger is no interjection."""
        tokens, breaks = words.tokens, words.breaks
        neg = self.lex.negation
        token = tokens[t]
        after = t + 1
        if after >= len(tokens) or breaks[after] >= Break.SOFT:
            return backward or token not in neg.interjections  # "No." / "No, I have chest pain"
        following = tokens[after]
        if not backward and token in neg.interjections and following in neg.clause_starters:
            return False  # "no I have chest pain"
        pseudo = neg.pseudo.get(token, frozenset()) | neg.pseudo.get("*", frozenset())
        return following not in pseudo

    def is_negated(
        self,
        m: _Match,
        words: _Words,
        covered: list[bool],
        *,
        sign: bool = False,
        starts: frozenset[int] = frozenset(),
        ends: Mapping[int, int] | None = None,
    ) -> bool:
        if covered[m.start]:
            return True
        tokens, breaks = words.tokens, words.breaks
        after = m.end  # a bare answer after the sign: "chest pain: no", "fainted? no."
        if sign and ends and self._may_lead_list(words, m):
            after = self._list_end(words, after, ends)  # "боли в груди и одышки нет"
        if (
            after < len(tokens)
            and tokens[after] in self.lex.negation.post
            and (after + 1 == len(tokens) or breaks[after + 1] >= Break.SOFT)
        ):
            return True
        if (  # a negation after the sign: "Gesicht hängt nicht", "в обморок не падал"
            sign
            and after < len(tokens)
            and after + 1 not in starts  # "дергается не болит": the "не" is the pain's
            and tokens[after] in self.lex.negation.backward
            and breaks[after] == Break.NONE
            and self._active(words, after, backward=True)
        ):
            return True
        hits = set(m.hits)  # a trigger inside the pattern's gaps: "my chest doesn't hurt"
        return any(
            words.tokens[g] in self.triggers and self._active(words, g)
            for g in range(m.start, m.end)
            if g not in hits
        )

    def _may_lead_list(self, words: _Words, m: _Match) -> bool:
        """A sign opening its clause, in words that do not state it ("болит грудь", "боль" are
        a statement; "боли в груди и одышки нет" is a negated list): in doubt, positive."""
        blockers = self.lex.negation.list_blockers
        opens = m.start == 0 or words.breaks[m.start] >= Break.COMMA
        return opens and not any(words.tokens[t] in blockers for t in m.hits)

    def _list_end(self, words: _Words, after: int, ends: Mapping[int, int]) -> int:
        """Where a list of signs ends that goes on after a sign ending at ``after``: over a list
        joiner ("и", "oder", "ni") or a comma, each time to the end of the sign starting there."""
        tokens, breaks = words.tokens, words.breaks
        joiners = self.lex.negation.list_joiners
        for _ in range(_MAX_LIST):
            j = after
            if j >= len(tokens):
                return after
            if breaks[j] == Break.NONE and tokens[j] in joiners:
                j += 1  # "боли в груди и одышки", "ni fiebre ni escalofríos"
                if j >= len(tokens) or breaks[j] != Break.NONE:
                    return after
            elif breaks[j] != Break.COMMA:  # "Fieber, Schüttelfrost hab ich keinen"
                return after
            if j not in ends:
                return after
            after = ends[j]
        return after

    # --- reading --------------------------------------------------------------------------------

    def read(self, text: str) -> Reading:
        words = self.words(text)
        found = self.find(words)
        covered = self.negated(words, found)
        present: dict[str, list[_Match]] = {
            name: [m for m in ms if not self.is_negated(m, words, covered)]
            for name, ms in found.qualifiers.items()
        }
        starts = frozenset(m.start for ms in found.signs.values() for m in ms)
        ends: dict[int, int] = {}
        if self.lex.negation.list_joiners:
            for ms in (*found.signs.values(), *found.qualifiers.values()):  # "oder Durst"
                for m in ms:
                    ends[m.start] = max(ends.get(m.start, 0), m.end)
        items: set[str] = set()
        maybe: set[str] = set()
        twitch = False
        for owner, matches in found.signs.items():
            s = self.signs[owner]
            for m in matches:
                if self.is_negated(m, words, covered, sign=True, starts=starts, ends=ends):
                    continue
                near = self._near_names(m, present, s)
                if s.needs and not near.intersection(s.needs):
                    continue
                applied = [r for r in s.rules if r.items and _holds(r, near)]
                if not applied:  # a sign qualified into an item is not asked about as well
                    applied = [r for r in s.rules if _holds(r, near)]
                for r in applied:
                    items |= r.items
                    maybe |= r.maybe
                if not applied:
                    if near.intersection(s.calm):
                        continue
                    items |= s.items
                    maybe |= s.maybe
                twitch = twitch or s.twitch
        return Reading(
            frozenset(items),
            frozenset(maybe - items),
            twitch=twitch,
            language=self.lex.language,
        )

    def _near_names(self, m: _Match, present: Mapping[str, Sequence[_Match]], s: Sign) -> set[str]:
        wanted = {*s.needs, *s.calm, *(q for r in s.rules for on in r.on for q in on.split("+"))}
        reach = self.lex.reach
        own = set(m.hits)
        near: set[str] = set()
        for name in wanted:
            for q in present.get(name, ()):
                distance = max(q.start - m.end, m.start - q.end, 0)
                if distance <= reach and not own.issuperset(q.hits):
                    near.add(name)
                    break
        return near


def _holds(rule: When, near: set[str]) -> bool:
    """Any of ``rule.on`` is near; ``"A+B"`` needs both."""
    return any(near.issuperset(on.split("+")) for on in rule.on)


def _check(lex: Lexicon) -> None:
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


def _blanks(word: str) -> list[str]:
    """The word with each letter in turn unknown: "болит" -> "?олит", "б?лит", ..."""
    return [f"{word[:i]}?{word[i + 1 :]}" for i in range(len(word))]


def _swaps(word: str) -> set[str]:
    """The word with two neighbouring letters swapped."""
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _amount(
    tokens: Sequence[str], i: int, numbers: Mapping[str, float]
) -> tuple[float | None, int]:
    """A spoken amount at ``tokens[i]``: "20", "twenty", "10 15" (a range: the upper end),
    "half an", "an", "a couple of". Returns (amount, index after it) or (None, i)."""

    def number(j: int) -> float | None:
        if j >= len(tokens):
            return None
        token = tokens[j]
        if token[0].isdigit():
            try:
                return min(float(token.replace(",", ".")), _MAX_AMOUNT)
            except ValueError:
                return None
        return numbers.get(token)

    amount = number(i)
    if amount is None:
        return None, i
    j = i + 1
    if amount == numbers.get("half") and j < len(tokens) and tokens[j] in ("a", "an"):
        j += 1  # "half an hour"
    elif j < len(tokens) and tokens[j] in ("or", "to"):
        upper = number(j + 1)
        if upper is not None:
            amount, j = max(amount, upper), j + 2
    else:
        upper = number(j)
        if upper is not None and upper > amount:  # "10-15 minutes" ("-" is dropped)
            amount, j = upper, j + 1
    if j < len(tokens) and tokens[j] == "of":  # "a couple of hours"
        j += 1
    return amount, j


_READERS: Final[Mapping[str, _Reader]] = {lang: _Reader(lex) for lang, lex in LEXICONS.items()}
_FOLDED_FUNCTION_WORDS: Final[Mapping[str, frozenset[str]]] = {  # words of one language only
    lang: _fold_words(words, _READERS[lang].lex).difference(
        *(
            _fold_words(w, _READERS[other].lex)
            for other, w in _FUNCTION_WORDS.items()
            if other != lang
        )
    )
    for lang, words in _FUNCTION_WORDS.items()
}
