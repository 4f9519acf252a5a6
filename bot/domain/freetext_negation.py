"""The free-text reader's negation (step 3 of ``freetext``), NegEx/ConText style: a trigger
negates what starts within its clause and ``Negation.window``; pseudo-negations ("not sure",
"no idea", "No, I have ..."), terminators ("but") and cancel phrases ("like this") limit it; a
bare answer after a sign ("chest pain: no"), a negation after it ("Gesicht hängt nicht") or
after a list of signs ("боли в груди и одышки нет") negates it too. In doubt a sign stays
positive (TRIAGE.md: under-reading can kill; over-reading costs one tap).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from bot.domain.freetext_patterns import Found, Match
from bot.domain.freetext_words import Break, Words
from bot.domain.lexicon import Lexicon, Sign

_MAX_LIST: Final = 8  # signs in one negated list, at most
_MAX_FILLERS: Final = 2  # words between a sign and its negation ("слабости такой нет")


class Negation:
    """The negation rules of one (folded) lexicon (see ``lexicon.Negation``)."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.signs: tuple[Sign, ...] = lex.signs
        self.triggers = lex.negation.triggers
        # Words that make a sign negative in itself ("no puedo" -> "nopuedo", "не могу" ->
        # "немогу", "can't"): the triggers and the joined phrases that start with one.
        self.heads: frozenset[str] = self.triggers | {
            value.split()[0]
            for key, value in lex.phrases.items()
            if key.split() and value.split() and key.split()[0] in self.triggers
        }

    def negated(self, words: Words, found: Found) -> list[bool]:
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
                before = [s for s in scope if tokens[s] in neg.cancel_before]
                for s in scope:  # "не было такой боли": "такой" undoes what follows it
                    covered[s] = not any(b <= s for b in before)
        return covered

    def _active(self, words: Words, t: int, *, backward: bool = False) -> bool:
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
        m: Match,
        words: Words,
        covered: list[bool],
        *,
        sign: bool = False,
        starts: frozenset[int] = frozenset(),
        ends: Mapping[int, int] | None = None,
    ) -> bool:
        if covered[m.start]:
            return True
        tokens, breaks = words.tokens, words.breaks
        if sign and any(tokens[h] in self.heads for h in m.hits):
            # A sign negative in itself ("no puedo tragar nada", "не могу ничего глотать",
            # "can't breathe at all, no"): a negation word after it or inside it is its object
            # or an emphasis (negative concord), not a denial. In doubt it stays positive.
            return False
        after = m.end  # a bare answer after the sign: "chest pain: no", "fainted? no."
        if sign and ends and self._may_lead_list(words, m):
            after = self._list_end(words, after, ends)  # "боли в груди и одышки нет"
        if sign and ends:  # its qualifier right after it: "судорог всего тела не было"
            while after in ends and after not in starts and breaks[after] == Break.NONE:
                after = max(after + 1, ends[after])
        if (
            after < len(tokens)
            and tokens[after] in self.lex.negation.post
            and (after + 1 == len(tokens) or breaks[after + 1] >= Break.SOFT)
        ):
            return True
        if sign and self._filled_post(words, after):
            return True  # "слабости такой нет"
        if (  # a negation after the sign: "Gesicht hängt nicht", "в обморок не падал"
            sign
            and after < len(tokens)
            and not self._a_cause(words, m)  # "из-за боли в груди не сплю"
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

    def _filled_post(self, words: Words, after: int) -> bool:
        """A ``post`` negation after a filler or two right after the sign ("слабости такой
        нет"); "такой боли не было" (never like this) is no filler: only ``post`` words count."""
        tokens, breaks = words.tokens, words.breaks
        neg = self.lex.negation
        j = after
        while (
            j < len(tokens)
            and j < after + _MAX_FILLERS
            and tokens[j] in neg.fillers
            and breaks[j] == Break.NONE
        ):
            j += 1
        return (
            j > after
            and j < len(tokens)
            and breaks[j] == Break.NONE
            and tokens[j] in neg.post
            and self._active(words, j, backward=True)
        )

    def _a_cause(self, words: Words, m: Match) -> bool:
        """The sign follows a cause word ("из-за", "от"): what a negation after it denies is
        another thing ("из-за боли в груди не сплю")."""
        return m.start > 0 and words.tokens[m.start - 1] in self.lex.negation.causes

    def _may_lead_list(self, words: Words, m: Match) -> bool:
        """A sign opening its clause, in words that do not state it ("болит грудь", "боль" are
        a statement; "боли в груди и одышки нет" is a negated list): in doubt, positive."""
        blockers = self.lex.negation.list_blockers
        opens = m.start == 0 or words.breaks[m.start] >= Break.COMMA
        return opens and not any(words.tokens[t] in blockers for t in m.hits)

    def _list_end(self, words: Words, after: int, ends: Mapping[int, int]) -> int:
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
