"""The free-text red-flag reader (TRIAGE.md "Free text"; issue 8 point 1).

``read(text) -> Reading``: which checklist items a typed message names. Items named with their
qualifier apply at once (``Reading.items``); a sign named without it lists the items it may mean,
to ask "Which of these fits?" (``Reading.maybe``); a twitch told in its own words is the product's
topic (``Reading.twitch``), never an alarm by itself.

How a message is read, in one pass:

1. Words (``freetext_words``, ``freetext_spelling``): the first ``MAX_CHARS`` characters,
   casefolded, accents folded, apostrophes unified; punctuation and emoji become breaks;
   contractions and common misspellings are fixed from the lexicon; any other longer word one
   typo away from a lexicon word is read as that word; spoken durations ("20 min", "half an
   hour") become one duration word.
2. Matches (``freetext_patterns``): every pattern of the lexicon (signs, qualifiers, harmless
   phrases) is matched; a harmless phrase ("stroke of luck") and a claiming sign ("heat stroke")
   take their words.
3. Negation (``freetext_negation``), NegEx/ConText style: a trigger negates what starts within
   its clause and window; pseudo-negations ("not sure", "no idea", "No, I have ..."),
   terminators ("but") and cancel phrases ("like this") limit it. In doubt a sign stays positive
   (TRIAGE.md: under-reading can kill; over-reading costs one tap).
4. Signs (this module): qualifiers near a sign decide between items and maybe (``lexicon.Sign``).

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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from bot.domain import lexicon, lexicon_de, lexicon_en, lexicon_es, lexicon_ru, redflags
from bot.domain.freetext_negation import Negation
from bot.domain.freetext_patterns import Match, Patterns, check
from bot.domain.freetext_spelling import Speller
from bot.domain.freetext_words import Words, fold, fold_words, folded, latin_to_cyrillic
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
    text_folded = fold(head, _READERS[DEFAULT_LANGUAGE].lex)  # case, apostrophes, accents
    words = _FOLDED_WORD.findall(text_folded)[:_MAX_SCORED_WORDS]
    letters = head.casefold()
    scores = {lang: _score(lang, words, letters) for lang in LATIN}
    best = max(total for total, _, _ in scores.values())
    latin = _latin_candidates(scores, best, words)
    if _translit_score(words) > best:  # "bol v grudi": Russian in Latin letters
        return ("ru", *latin) if best > 0 else ("ru",)
    return latin


def _latin_candidates(
    scores: Mapping[str, tuple[float, float, int]], best: float, words: Sequence[str]
) -> tuple[str, ...]:
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
_LATIN_RUN: Final = re.compile(r"[A-Za-z']+")
_MAX_TRANSLIT_WORDS: Final = 60  # the language shows in the first words
_RU_WORDS: dict[str, tuple[str, bool]] = {}  # Latin words read as Russian, the last ones seen
_RU_WORDS_CACHE: Final = 4096
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
    reader = _READERS[lang].speller
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
        readings = [_READERS[lang].read(_in_script(lang, text)) for lang in languages]
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


def _in_script(lang: str, text: str) -> str:
    """The text as the reader of ``lang`` reads it: Russian typed in Latin letters is read in
    Cyrillic (``latin_russian``)."""
    if lang != "ru" or _CYRILLIC.search(text):
        return text
    return latin_russian(text)


def latin_russian(text: str) -> str:
    """Russian typed in Latin letters, in Cyrillic: each Latin word as the first of its
    readings (``freetext_words.latin_to_cyrillic``) that the Russian lexicon or grammar knows,
    else its likeliest reading ("bol v grudi" -> "боль в груди")."""
    since_modal = _MODAL_REACH  # words read since the last "могу", "трудно" ...
    last_end = 0

    def one(m: re.Match[str]) -> str:
        nonlocal since_modal, last_end
        word = m.group().casefold()
        reading = _ru_word(word)[0]
        if text[last_end : m.start()].strip():  # punctuation: a new clause
            since_modal = _MODAL_REACH
        last_end = m.end()
        if since_modal < _MODAL_REACH and reading.endswith("т"):
            # After "могу", "трудно" ... (an adverb between at most) a verb is an infinitive:
            # "ne mogu (normalno) govorit" is "не могу говорить", whatever "говорит" would be.
            infinitive = reading + "ь"
            if infinitive in latin_to_cyrillic(word) and _ru_knows(infinitive):
                reading = infinitive
        since_modal = 0 if reading in _RU_MODALS else since_modal + 1
        return reading

    return _LATIN_RUN.sub(one, text)


_MODAL_REACH: Final = 2
_RU_MODALS: Final = frozenset(
    [
        "могу",
        "мог",
        "могла",
        "могли",
        "может",
        "можешь",
        "можем",
        "могут",
        "трудно",
        "тяжело",
        "больно",
        "невозможно",
        "нельзя",
        "надо",
        "нужно",
        "хочу",
    ]
)


def _ru_word(word: str) -> tuple[str, bool]:
    """(the Cyrillic reading of a Latin word, whether Russian knows it)."""
    cache = _RU_WORDS
    if word not in cache:
        if len(cache) >= _RU_WORDS_CACHE:
            cache.clear()
        readings = latin_to_cyrillic(word)
        cache[word] = next(  # a whole word Russian knows first ("govorit" -> "говорить",
            ((r, True) for r in readings if r in _RU_KNOWN),  # not the stem's "говорит")
            next(
                ((r, True) for r in readings if _ru_knows(r)),
                (readings[0] if readings else word, False),
            ),
        )
    return cache[word]


def _ru_knows(reading: str) -> bool:
    """A word or stem of the Russian lexicon, or a Russian grammar word."""
    if reading in _RU_KNOWN:
        return True
    stems = _READERS["ru"].speller.prefix_set
    return len(reading) > 3 and any(reading[:k] in stems for k in range(1, len(reading) + 1))


def _translit_score(words: Sequence[str]) -> float:
    """How Russian a Latin message reads once transliterated: 2 points a Russian grammar word
    ("ne", "v", "u menya"), 1 a word of the Russian lexicon; 0 unless a lexicon word is among
    them (a message is never Russian on grammar words alone)."""
    grammar = vocabulary = unknown = 0
    for word in words[:_MAX_TRANSLIT_WORDS]:
        reading, known = _ru_word(word)
        if not known:
            unknown += 1
        elif reading in _RU_GRAMMAR:
            grammar += 2
        elif len(reading) > 3:
            vocabulary += 1
    if not vocabulary:
        return 0
    if grammar + vocabulary >= 2 or (not unknown and len(words) == 1 and len(words[0]) >= 7):
        return grammar + vocabulary  # "zadykhayus": one long word, Russian only
    return 0


def _nothing(language: str) -> Reading:
    return Reading(frozenset(), frozenset(), twitch=False, language=language)


def _highest(ids: Iterable[str]) -> Urgency | None:
    return redflags.highest(ids)


# =================================================================================================
# The reader of one language
# =================================================================================================


class _Reader:
    """A lexicon compiled for reading: its words (``freetext_spelling``), its patterns indexed
    by their first word (``freetext_patterns``), its negation (``freetext_negation``)."""

    def __init__(self, lex: Lexicon) -> None:
        check(lex)
        lex = folded(lex)
        self.lex = lex
        self.signs: tuple[Sign, ...] = lex.signs
        self.patterns = Patterns(lex)
        self.speller = Speller(
            lex,
            self.patterns.words,
            self.patterns.prefixes,
            _FUNCTION_WORDS.get(lex.language, ()),
        )
        self.negation = Negation(lex)
        self.vocabulary = self.speller.vocabulary  # every word the lexicon knows
        self.prefixes = self.speller.prefixes  # every stem its patterns know
        self.triggers = lex.negation.triggers

    def read(self, text: str) -> Reading:
        """The message read word by word; in a language with gapped phrases ("kann das Bein
        nicht belasten") read once more with them joined, and both readings taken (in doubt,
        positive)."""
        reading = self._read_words(self.speller.words(text))
        joined = self.speller.gapped_words(text)
        if joined is None:
            return reading
        other = self._read_words(joined)
        items = reading.items | other.items
        return Reading(
            items,
            (reading.maybe | other.maybe) - items,
            twitch=reading.twitch or other.twitch,
            language=self.lex.language,
        )

    def _read_words(self, words: Words) -> Reading:
        found = self.patterns.find(words)
        negation = self.negation
        covered = negation.negated(words, found)
        present: dict[str, list[Match]] = {
            name: [m for m in ms if not negation.is_negated(m, words, covered)]
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
                if negation.is_negated(m, words, covered, sign=True, starts=starts, ends=ends):
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

    def _near_names(self, m: Match, present: Mapping[str, Sequence[Match]], s: Sign) -> set[str]:
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


_READERS: Final[Mapping[str, _Reader]] = {lang: _Reader(lex) for lang, lex in LEXICONS.items()}
# Russian grammar words that tell transliterated Russian from English, Spanish or German ("ne",
# "net", "u menya", "v"): never a word of those ("no", "i", "a", "on" are left out).
_RU_GRAMMAR: Final = _set(
    "не нет нету без ни в у меня мне мой моя моё мое уже очень сильно как что это так когда "
    "после всё все весь вся тоже еще ещё сейчас вчера сегодня немогу нечувствую могу"
)
_RU_KNOWN: Final = (_RU_GRAMMAR | _READERS["ru"].vocabulary | _READERS["ru"].speller.plain) - _set(
    "и а о он она на по с к я"
)
_FOLDED_FUNCTION_WORDS: Final[Mapping[str, frozenset[str]]] = {  # words of one language only
    lang: fold_words(words, _READERS[lang].lex).difference(
        *(
            fold_words(w, _READERS[other].lex)
            for other, w in _FUNCTION_WORDS.items()
            if other != lang
        )
    )
    for lang, words in _FUNCTION_WORDS.items()
}
