"""Escalation from an episode's history: TRIAGE.md "Check-ins and escalation from history" as
small pure functions. No I/O; ``now`` is always a parameter.

Read in this order:

1. ``facts``: what the database layer maps its rows to (``EpisodeFacts``, ``CheckInFacts``,
   ``GivenEscalation``, ``History``), and ``given_from_triage()`` for what the triage already said.
2. ``rules``: one small function per rule, each returning ``Finding``s (rule, level, reason in
   plain words, wording id).
3. this module: ``evaluate(history, now)``: every finding, the level (never below the episode's),
   and which findings are new. ``None`` when there is nothing new to say.
4. ``planning``: missed check-ins, closing (silence, two "Gone"), the next check-in day, and the
   "Were you seen?" follow-ups after ``EMERGENCY`` / ``URGENT_TODAY``.

The names of ``facts`` and of the check-in schedule in ``planning`` are re-exported here
(``esc.EpisodeFacts``, ``esc.next_checkin_seq``): callers keep one import for the escalation.

"Once per episode" means: once a rule is in ``EpisodeFacts.escalations_given`` it is not new
again. Red flags are new at every check-in that reports them; the 14-day advice is new at every
check-in still reporting the twitch, until "I've booked".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from bot.domain import triage, wording
from bot.domain.conversation import require_aware
from bot.domain.facts import (
    RED_FLAG_LEVELS,
    SAME_OR_WORSE,
    STILL_THERE,
    CheckInFacts,
    CheckStatus,
    EpisodeFacts,
    GivenEscalation,
    History,
    Rule,
    given_from_triage,
)
from bot.domain.model import Urgency
from bot.domain.planning import (
    CLOSING_TEXT_ID,
    DAY,
    FOLLOW_UP_TEXT_ID,
    SAFETY_NET_TEXT_ID,
    SeenAnswer,
    SeenAsk,
    SeenPlan,
    SeenStep,
    checkin_day,
    checkin_seq,
    checkin_wanted,
    checkins_stopped,
    closes_on_gone,
    first_day_after,
    last_contact,
    missed_checkins_in_a_row,
    next_checkin_day,
    next_checkin_seq,
    should_close_for_silence,
    were_you_seen_plan,
)
from bot.domain.rules import (
    GP_RULES,
    Finding,
    View,
    lasted_a_day,
    missed_checkins,
    red_flags,
)
from bot.domain.wording import text

__all__ = [
    "CLOSING_TEXT_ID",
    "DAY",
    "FOLLOW_UP_TEXT_ID",
    "PER_CHECKIN",
    "RED_FLAG_LEVELS",
    "SAFETY_NET_TEXT_ID",
    "SAME_OR_WORSE",
    "STILL_THERE",
    "CheckInFacts",
    "CheckStatus",
    "EpisodeFacts",
    "Escalation",
    "Finding",
    "GivenEscalation",
    "History",
    "Rule",
    "SeenAnswer",
    "SeenAsk",
    "SeenPlan",
    "SeenStep",
    "checkin_day",
    "checkin_seq",
    "checkin_wanted",
    "checkins_stopped",
    "closes_on_gone",
    "evaluate",
    "first_day_after",
    "given_from_triage",
    "last_contact",
    "missed_checkins_in_a_row",
    "next_checkin_day",
    "next_checkin_seq",
    "should_close_for_silence",
    "text",
    "were_you_seen_plan",
]

# Rules that are new again at each check-in reporting them (others: once per episode).
PER_CHECKIN: Final = frozenset({Rule.RED_FLAG, Rule.DURATION_FIRMLY})


@dataclass(frozen=True, slots=True)
class Escalation:
    """What the history calls for now.

    Store every ``new`` finding (rule, level, ``reason``, ``at``); show them in one message:
    the level's headline and action (``headline_id``/``action_id``, when ``speaks_level``) with
    ``reasons`` under "Why:", then each of ``notices`` by its ``text_id``. If ``raised``, the
    episode's urgency becomes ``level`` (``triage.combine``).
    """

    level: Urgency  # the highest of the findings and the episode's urgency
    previous: Urgency  # the episode's urgency before
    findings: tuple[Finding, ...]  # ALL that apply now, most urgent first, notices last
    new: tuple[Finding, ...]  # those not given before: to send and store now
    at: datetime

    @property
    def raised(self) -> bool:
        return self.level > self.previous

    @property
    def speaks_level(self) -> bool:
        """A level message is due (a new finding with a level)."""
        return any(f.level is not None for f in self.new)

    @property
    def firmly(self) -> bool:
        """The 14-day firm wording applies (SEE_GP, with a new 14-day finding)."""
        return self.level is Urgency.SEE_GP and any(
            f.rule is Rule.DURATION_FIRMLY for f in self.new
        )

    @property
    def reasons(self) -> tuple[str, ...]:
        """Plain-words reasons of the new findings with a level, most urgent first."""
        return tuple(f.reason_text for f in self.new if f.level is not None)

    @property
    def notices(self) -> tuple[Finding, ...]:
        """New findings without a level: the "💬" advice, the missed-check-ins notice."""
        return tuple(f for f in self.new if f.level is None)

    @property
    def follow_up(self) -> triage.FollowUp:
        """Check-ins go on up to SEE_GP; above it, "Were you seen?" follow-ups instead."""
        return triage.FollowUp.after(self.level)

    def headline_id(self, *, uk: bool = False) -> str | None:
        if not self.speaks_level:
            return None
        if self.firmly:
            return wording.firmly_headline_id(uk=uk)
        return wording.level_headline_id(self.level, uk=uk)

    def action_id(self, *, non_urgent_service: bool = False) -> str | None:
        if not self.speaks_level:
            return None
        if self.firmly:
            return "level.see_gp.firmly_action"
        return wording.level_action_id(self.level, non_urgent_service=non_urgent_service)

    def given(self) -> tuple[GivenEscalation, ...]:
        """The new findings as given escalations (what the next evaluation must know)."""
        return tuple(GivenEscalation(f.rule, f.level, self.at) for f in self.new)


def evaluate(history: History, now: datetime) -> Escalation | None:
    """Every rule over the episode as of ``now``; None when nothing new is to be said (also for
    a closed episode). Call it after each answered check-in, and when a check-in falls due
    (with that check-in in ``checkins``, unanswered): that is when a second miss is noticed."""
    require_aware(now, "now")
    if not isinstance(history, History):
        raise TypeError("history must be a History")
    episode = history.current
    if episode.closed_at is not None and episode.closed_at <= now:
        return None
    view = View(
        history=history,
        now=now,
        answered=tuple(c for c in episode.checkins if c.answered_by(now)),
    )

    findings = red_flags(view)
    if not view.seen:
        for rule in GP_RULES:
            findings.extend(rule(view))
    level = max([episode.urgency, *(f.level for f in findings if f.level is not None)])
    if not view.seen and level is Urgency.SELF_CARE:
        findings.extend(lasted_a_day(view))  # above SELF_CARE a doctor is already advised
    findings.extend(missed_checkins(view))
    findings.sort(key=lambda f: -(f.level or 0))  # stable: rule order kept within a level

    new = tuple(f for f in findings if _is_new(f, view))
    if not new:
        return None
    return Escalation(
        level=level, previous=episode.urgency, findings=tuple(findings), new=new, at=now
    )


def _is_new(finding: Finding, view: View) -> bool:
    given = [g for g in view.episode.escalations_given if g.rule is finding.rule]
    if finding.rule not in PER_CHECKIN:
        return not given
    if finding.rule is Rule.DURATION_FIRMLY and view.booked:
        return False  # "I've booked" stops the repeats
    latest = view.latest
    if latest is None or latest.answered_at is None:
        return not given  # said by the triage (or not yet): once
    answered_at = latest.answered_at
    return not any(g.at >= answered_at and (g.level or 0) >= (finding.level or 0) for g in given)
