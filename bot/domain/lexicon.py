"""The data types of a free-text lexicon (one ``Lexicon`` per language; see ``freetext.py``).

A lexicon is data only: word classes, qualifiers, signs, negation cues, harmless phrases. One
module per language (``lexicon_en``, ``lexicon_es``, ``lexicon_de``, ``lexicon_ru``), registered
in ``freetext.LEXICONS``. No code here reads a message.

Pattern syntax (one pattern is a string of slots separated by spaces; all words casefolded):

- ``pain``            the word itself (after spelling and contraction fixes)
- ``pain|ache|sore``  any of these words
- ``twitch*``         any word starting with ``twitch`` (twitch, twitches, twitching, twitchy); the
  stem match that carries Russian inflection (``груд*``: грудь, груди, грудью)
- ``@PAIN``           any word of the lexicon's word class ``PAIN``
- ``my?``             an optional slot (any slot kind may carry ``?``)
- ``..``              up to ``Lexicon.gap`` other words (never across a comma or a sentence end)
- ``#CRAMP+`` / ``#CRAMP-``  a spoken duration ("20 min", "half an hour", "3 hours") of at least /
  under ``Lexicon.durations["CRAMP"]`` minutes

A pattern never crosses a comma or a sentence end; emoji between words are skipped. Lexicon words
are folded as the text is (case, accents, ``digraphs``), so a lexicon may write "ü", "ñ", "ё".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

HEAT_ILLNESS: Final = "heat"  # pseudo-item id: "heat stroke" -> URGENT_TODAY (TRIAGE.md)


def ids(text: str) -> frozenset[str]:
    """``"e5 g4"`` -> ``frozenset({"e5", "g4"})`` (item ids in the lexicon data)."""
    return frozenset(text.split())


@dataclass(frozen=True, slots=True)
class When:
    """A qualifier rule of a sign: when any of the qualifiers ``on`` is named near the sign (not
    negated, outside the sign's own words), ``items`` apply at once and ``maybe`` are asked."""

    on: tuple[str, ...]
    items: frozenset[str] = frozenset()
    maybe: frozenset[str] = frozenset()


def when(on: str, items: str = "", maybe: str = "") -> When:
    """``when("SADDLE", items="e6")``: readable lexicon data."""
    return When(tuple(on.split()), ids(items), ids(maybe))


@dataclass(frozen=True, slots=True)
class Sign:
    """One sign in the words people type.

    Reading one match that is not negated:
    - ``needs``: if given, one of these qualifiers must be near, else the match is ignored;
    - ``rules``: every rule whose qualifier is near applies (items at once, maybe to ask);
    - if no rule applied: a ``calm`` qualifier near makes the match harmless (e.g. "after the
      gym"); otherwise ``items`` apply at once and ``maybe`` are asked;
    - ``twitch``: the match describes the twitch itself (the product's topic, never an alarm);
    - ``claims``: the matched words (even when negated) can no longer be read by another sign
      ("heat stroke" is not "stroke"; "my knee collapsed" is not fainting).
    """

    name: str
    patterns: tuple[str, ...]
    items: frozenset[str] = frozenset()
    maybe: frozenset[str] = frozenset()
    rules: tuple[When, ...] = ()
    calm: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    twitch: bool = False
    claims: bool = False


def sign(
    name: str,
    *patterns: str,
    items: str = "",
    maybe: str = "",
    rules: tuple[When, ...] = (),
    calm: str = "",
    needs: str = "",
    twitch: bool = False,
    claims: bool = False,
) -> Sign:
    """``sign("chest pain", "chest .. @PAIN", items="e3")``: readable lexicon data."""
    return Sign(
        name=name,
        patterns=patterns,
        items=ids(items),
        maybe=ids(maybe),
        rules=rules,
        calm=tuple(calm.split()),
        needs=tuple(needs.split()),
        twitch=twitch,
        claims=claims,
    )


@dataclass(frozen=True, slots=True)
class Negation:
    """NegEx/ConText-style cues of one language.

    A trigger opens a scope over the next ``window`` words of its clause; a sign starting inside
    the scope is negated. The scope ends at a sentence end, an emoji, a terminator word ("but"), or
    a comma / "and" followed by a clause starter ("no fever, my chest hurts"). A trigger followed
    by a pseudo word ("not sure", "no idea", "isn't it") or standing alone ("No, I have ...") is no
    negation. A cancel phrase after the sign in the scope ("never had chest pain like this")
    undoes it. A bare answer right after a sign ("chest pain: no") negates it. In doubt the sign
    stays positive.
    """

    triggers: frozenset[str]
    pseudo: Mapping[str, frozenset[str]]  # trigger -> following words that make it no negation
    interjections: frozenset[str]  # triggers that are a bare answer before a comma or a pronoun
    terminators: frozenset[str]
    clause_starters: frozenset[str]
    joiners: frozenset[str]  # "and", "or": a new clause when a clause starter follows
    cancel: tuple[str, ...]  # patterns, e.g. "like this", "until"
    post: frozenset[str] = frozenset()  # a bare answer after the sign: "chest pain: no"
    window: int = 8
    # Words that negate the sign just before them, in languages that put the negation after
    # what it negates (German "Gesicht haengt nicht", Russian "в обморок не падал"); a pseudo
    # word after them ("nicht weg", "не проходит") keeps the sign positive.
    backward: frozenset[str] = frozenset()
    # A negated list goes on after a comma only when another sign starts there ("sin dolor,
    # fiebre ni escalofríos"), not before any other word ("sin dolor, me tiembla el muslo").
    list_needs_sign: bool = False
    # Words joining a list of signs that a negation after the last one negates as a whole
    # ("боли в груди и одышки нет", "Schwindel oder Durst hab ich keinen"); none in English.
    list_joiners: frozenset[str] = frozenset()
    # Words that state a sign (a verb, a nominative): a list they open is never negated as a
    # whole ("болит грудь и одышки нет": the chest pain stays).
    list_blockers: frozenset[str] = frozenset()
    # Words that may stand between a sign and a ``post`` negation after it ("слабости такой
    # нет", "онемения особо нет"): skipped, the sign is negated.
    fillers: frozenset[str] = frozenset()
    # Words before a sign that make it the cause of what a ``backward`` negation after it
    # denies ("из-за боли в груди не сплю": the pain stays; the sleep is negated).
    causes: frozenset[str] = frozenset()
    # Words that undo a negation only for the signs after them in its scope, as ``cancel`` does
    # for the whole scope: Russian "такой" before the sign is "like this" ("не было такой боли
    # в груди": positive), after it only describes it ("нет боли в груди такой": negated).
    cancel_before: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything language-specific the reader needs, as data."""

    language: str
    classes: Mapping[str, frozenset[str]]
    qualifiers: Mapping[str, tuple[str, ...]]
    signs: tuple[Sign, ...]
    harmless: tuple[str, ...]  # patterns of phrases that look like a sign and are not
    negation: Negation
    spelling: Mapping[str, str]  # one word -> its fixed form (may be several words)
    phrases: Mapping[str, str]  # several words -> one canonical word ("can not" -> "can't")
    symbols: Mapping[str, str]  # "&" -> "and"
    numbers: Mapping[str, float]  # number words ("twenty" -> 20, "half" -> 0.5)
    units: Mapping[str, float]  # duration unit word -> minutes
    durations: Mapping[str, int]  # names used in patterns (#CRAMP+) -> minutes
    fuzzy: frozenset[str] = field(default_factory=frozenset)  # words a one-letter typo is read as
    fuzzy_min: int = 7  # only words at least this long are read with one typo
    not_fuzzy: frozenset[str] = field(default_factory=frozenset)  # real words one letter away
    gap: int = 3
    reach: int = 10  # words between a sign and a qualifier that still qualifies it
    fold_accents: bool = True
    # Letter pairs typed for one accented letter (German "ue" for "ü"): text and lexicon words
    # are both read with the pair replaced (after accents are folded), so "ueber" is "über".
    digraphs: Mapping[str, str] = field(default_factory=dict)
    # Heads of compound words (German "schmerzen", "krampf"): an unknown word ending in one is
    # read as two words ("brustschmerzen" -> "brust schmerzen").
    compound_heads: tuple[str, ...] = ()
    # Letters typed long for emphasis ("pechoo", "больнооо", "Schmerzzz"): an unknown word with a
    # letter repeated is read as the lexicon word it makes with each run of one letter squeezed
    # to one or two letters, if there is one (never a word the lexicon does not know).
    stretched: bool = False
    # One mistyped letter (or two swapped) in an unknown word of at least this many letters is
    # read as the lexicon word or stem it misspells (0: never); ``endings`` are word endings
    # typed another way (Russian "-ться" for "-тся").
    typo_min: int = 0
    endings: Mapping[str, str] = field(default_factory=dict)
    # Two-word phrases read as one word (like ``phrases``) with up to ``GAPPED_MAX`` words of
    # the same clause between them: German puts the object or the time between a modal and its
    # negation ("kann seit 10 Stunden nicht pinkeln", "kann das Bein nicht belasten"); the joined
    # word stands where the second word was ("seit #600 kannnicht pinkeln").
    gapped: Mapping[str, str] = field(default_factory=dict)
