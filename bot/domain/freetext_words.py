"""The free-text reader's words (step 1 of ``freetext``): a message cut into tokens and the
breaks between them, folded as the lexicon is (case, apostrophes, accents, digraphs); spoken
amounts ("twenty", "10-15", "half an"); and the letter edits the typo reading tries. Pure
functions, standard library only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Final

from bot.domain.lexicon import Lexicon


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
DURATION_PREFIX: Final = "#"
_MAX_AMOUNT: Final = 1e6  # "99999...9 minutes" stays a number


@dataclass(frozen=True, slots=True)
class Words:
    tokens: list[str]
    breaks: list[Break]  # breaks[i]: between tokens[i - 1] and tokens[i]


def fold(text: str, lex: Lexicon) -> str:
    text = text.casefold().translate(_APOSTROPHES)
    if lex.fold_accents and not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    for pair, letter in lex.digraphs.items():
        text = text.replace(pair, letter)
    return text


def fold_words(words: Iterable[str], lex: Lexicon) -> frozenset[str]:
    return frozenset(fold(w, lex) for w in words)


def folded(lex: Lexicon) -> Lexicon:
    """The lexicon's words folded as a message is (a lexicon may write "ü", "ñ", "ё")."""
    neg = lex.negation
    negation = replace(
        neg,
        triggers=fold_words(neg.triggers, lex),
        pseudo={k: fold_words(v, lex) for k, v in neg.pseudo.items()},
        interjections=fold_words(neg.interjections, lex),
        terminators=fold_words(neg.terminators, lex),
        clause_starters=fold_words(neg.clause_starters, lex),
        joiners=fold_words(neg.joiners, lex),
        list_joiners=fold_words(neg.list_joiners, lex),
        list_blockers=fold_words(neg.list_blockers, lex),
        post=fold_words(neg.post, lex),
        backward=fold_words(neg.backward, lex),
        fillers=fold_words(neg.fillers, lex),
        causes=fold_words(neg.causes, lex),
        cancel_before=fold_words(neg.cancel_before, lex),
    )
    return replace(
        lex,
        classes={k: fold_words(v, lex) for k, v in lex.classes.items()},
        negation=negation,
        spelling={fold(k, lex): fold(v, lex) for k, v in lex.spelling.items()},
        phrases={fold(k, lex): fold(v, lex) for k, v in lex.phrases.items()},
        numbers={fold(k, lex): v for k, v in lex.numbers.items()},
        units={fold(k, lex): v for k, v in lex.units.items()},
        fuzzy=fold_words(lex.fuzzy, lex),
        not_fuzzy=fold_words(lex.not_fuzzy, lex),
        compound_heads=tuple(fold(h, lex) for h in lex.compound_heads),
        endings={fold(k, lex): fold(v, lex) for k, v in lex.endings.items()},
        gapped={fold(k, lex): fold(v, lex) for k, v in lex.gapped.items()},
    )


def raw_words(text: str, lex: Lexicon) -> Words:
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
    return Words(tokens, breaks)


def blanks(word: str) -> list[str]:
    """The word with each letter in turn unknown: "болит" -> "?олит", "б?лит", ..."""
    return [f"{word[:i]}?{word[i + 1 :]}" for i in range(len(word))]


def swaps(word: str) -> set[str]:
    """The word with two neighbouring letters swapped."""
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}


def deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def amount(
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


# Russian typed in Latin letters ("bol v grudi", "ne mogu dyshat", "poteryal soznanie"): the
# common ways of writing each Cyrillic letter (GOST, passport and chat spellings), the longest
# first. A word may be read several ways ("ts" is "ц" or "тс", a first "e" is "е" or "э", a
# soft sign is often left out): ``latin_to_cyrillic`` gives the likeliest first, a few at most.
_LATIN_CYRILLIC: Final = (
    ("shch", "щ"),
    ("tsya", "тся"),
    ("tsja", "тся"),
    ("sch", "щ"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("ts", "ц"),
    ("yu", "ю"),
    ("ya", "я"),
    ("yo", "е"),
    ("ye", "е"),
    ("ju", "ю"),
    ("ja", "я"),
    ("jo", "е"),
    ("je", "е"),
    ("a", "а"),
    ("b", "б"),
    ("v", "в"),
    ("w", "в"),
    ("g", "г"),
    ("d", "д"),
    ("e", "е"),
    ("z", "з"),
    ("i", "и"),
    ("j", "й"),
    ("k", "к"),
    ("q", "к"),
    ("l", "л"),
    ("m", "м"),
    ("n", "н"),
    ("o", "о"),
    ("p", "п"),
    ("r", "р"),
    ("s", "с"),
    ("t", "т"),
    ("u", "у"),
    ("f", "ф"),
    ("h", "х"),
    ("c", "ц"),
    ("x", "кс"),
    ("'", "ь"),
)
_LATIN_VOWELS: Final = frozenset("aeiouy")
_CYRILLIC_CONSONANTS: Final = frozenset("бвгджзклмнпрстфхцчшщ")
MAX_TRANSLIT_LEN: Final = 24  # longer words are not transliterated (bounded time)


def _latin_letters(word: str, ts: str) -> str:
    out: list[str] = []
    i = 0
    n = len(word)
    while i < n:
        if word[i] == "y" and not word.startswith(("yu", "ya", "yo", "ye"), i):
            out.append("й" if i and word[i - 1] in _LATIN_VOWELS else "ы")  # "moy", "silnyy"
            i += 1
            continue
        if word.startswith("ts", i) and not word.startswith(("tsya", "tsja"), i):
            out.append(ts)
            i += 2
            continue
        for latin, cyrillic in _LATIN_CYRILLIC:
            if word.startswith(latin, i):
                out.append(cyrillic)
                i += len(latin)
                break
        else:
            out.append(word[i])
            i += 1
    return "".join(out)


def latin_to_cyrillic(word: str) -> list[str]:
    """A (casefolded) Latin word read as Russian: the likeliest spelling first, then the other
    readings of its ambiguous letters ("ts": "ц"/"тс"; a first "e": "е"/"э"), each also with a
    soft sign after one consonant ("bol" -> "боль", "dyshat" -> "дышать"). Empty for a word
    that is not all Latin letters or is too long."""
    if (
        not word
        or len(word) > MAX_TRANSLIT_LEN
        or not all("a" <= c <= "z" or c == "'" for c in word)
    ):
        return []
    bases = [_latin_letters(word, "ц")]
    if "ts" in word:
        bases.append(_latin_letters(word, "тс"))
    if bases[0].startswith("е"):
        bases += ["э" + b[1:] for b in bases]
    soft = [
        b[: i + 1] + "ь" + b[i + 1 :]
        for b in bases
        for i in range(len(b))
        if b[i] in _CYRILLIC_CONSONANTS and b[i + 1 : i + 2] != "ь"
    ]
    return bases + soft
