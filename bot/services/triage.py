"""The triage use case: a button conversation kept in the database, then a stored episode.

Every press carries the version of the screen it was made on; the state moves on only if the
version still matches, so a stale or doubled tap changes nothing. Finishing stores (or updates)
the episode, its reasons, and the first check-in (or "Were you seen?") in one transaction.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Literal

from bot.db.repositories import StoredTriage
from bot.db.uow import UnitOfWork
from bot.domain import thresholds as th
from bot.domain import triage as tr
from bot.domain import wording
from bot.domain.model import EpisodeRecord, EpisodeStatus, Side, Urgency, UserProfile
from bot.services.ports import Clock
from bot.services.reminders import plan_follow_up
from bot.services.safety import Rule, commit_red_flag
from bot.services.uow import UowFactory

log = logging.getLogger(__name__)
FACTOR_VALUES = frozenset(f.value for f in tr.Factor)


@dataclass(frozen=True, slots=True)
class TriageView:
    """A screen to show: the state and the version its buttons must carry."""

    state: tr.TriageState
    version: int
    profile: UserProfile
    updating_episode: bool = False
    before: Urgency | None = None  # the level ticked red flags had committed to before this tap
    left: Urgency | None = None  # a triage left with a ticked red flag (its advice is due)


@dataclass(frozen=True, slots=True)
class TriageResult:
    assessment: tr.Assessment
    episode_id: int
    profile: UserProfile
    updated: bool  # an open episode was re-assessed rather than a new one started
    previous_urgency: Urgency | None
    next_contact: datetime | None  # when the first check-in or "Were you seen?" is due
    answers: tr.Answers = field(default_factory=tr.Answers)  # what was answered (the recap)


class Refusal(StrEnum):
    EXPIRED = "expired"  # no triage in progress (finished, cancelled, expired)
    STALE = "stale"  # a button from an older screen, or a double tap
    INVALID = "invalid"  # not a button of this screen
    LOCKED = "locked"  # un-ticking a ticked red flag


@dataclass(frozen=True, slots=True)
class Refused:
    why: Refusal
    current: TriageView | None = None  # the screen to show again, when there is one


@dataclass(frozen=True, slots=True)
class Expired:
    user_id: int
    message_id: int | None
    pending_level: Urgency | None
    profile: UserProfile | None


OpenMode = Literal["new", "resume", "full", "quick"]


class OpenKind(StrEnum):
    BEGUN = "begun"  # a new triage: show its first screen (``view``)
    RESUME = "resume"  # the triage in progress: show it again (``view``)
    ASK_RESTART = "ask_restart"  # a triage with answers is in progress: resume or restart?
    OFFER_QUICK = "offer_quick"  # "same as last time?" or a new log
    NOT_ONBOARDED = "not_onboarded"  # no consent yet: /start first


@dataclass(frozen=True, slots=True)
class Opening:
    """What /twitch (or one of its buttons) shows; ``view`` for BEGUN and RESUME."""

    kind: OpenKind
    view: TriageView | None = None


@dataclass(frozen=True, slots=True)
class TriageService:
    uow: UowFactory
    clock: Clock

    async def begin(self, user_id: int, *, quick: bool = False) -> TriageView | None:
        """Start a triage (None if the user has not accepted the disclaimer)."""
        now = self.clock.now()
        async with self.uow() as uow:
            # Two taps on "Log a twitch" at once (PostgreSQL): the second waits for the first
            # (the touch's UPDATE locks the user's row), then restarts the triage it stored.
            profile = await uow.users.touch(user_id, now)
            if profile is None or not profile.onboarded:
                return None
            stored = await uow.triages.get(user_id)
            last = await uow.episodes.latest(user_id) if quick else None
            return await self._begin(uow, profile, stored, last, now)

    async def open(self, user_id: int, mode: OpenMode) -> Opening:
        """/twitch, or one of its buttons (``mode``), as one transaction: what to show.

        "new": a triage in progress with answers is not dropped unasked (ASK_RESTART); a user
        with a previous episode is offered the quick log (OFFER_QUICK); else a new triage.
        "resume": the triage in progress (RESUME), or a new one if there is none. "full" and
        "quick": a new triage (the quick one starts from the last episode's answers)."""
        now = self.clock.now()
        async with self.uow() as uow:
            # The touch's UPDATE also locks the user's row (PostgreSQL): double taps run one
            # by one, as in ``begin``.
            profile = await uow.users.touch(user_id, now)
            if profile is None or not profile.onboarded:
                return Opening(OpenKind.NOT_ONBOARDED)
            stored = await uow.triages.get(user_id)
            if mode in ("new", "resume"):
                current = self._shown(profile, stored, now)
                if current is not None and mode == "resume":
                    return Opening(OpenKind.RESUME, current)
                asking = current is not None and current.state.pending_level is None
                if asking and current is not None and current.state != tr.start():
                    # (With a ticked red flag, a new /twitch finishes with it first: _begin.)
                    return Opening(OpenKind.ASK_RESTART)
            last = await uow.episodes.latest(user_id) if mode in ("new", "quick") else None
            if mode == "new" and last is not None and last.side is not None:
                return Opening(OpenKind.OFFER_QUICK)
            # No episode at all and no triage left to finish: none can be open.
            none_open = mode == "new" and last is None and stored is None
            quick_from = last if mode == "quick" else None
            view = await self._begin(uow, profile, stored, quick_from, now, none_open=none_open)
            return Opening(OpenKind.BEGUN, view)

    async def _begin(
        self,
        uow: UnitOfWork,
        profile: UserProfile,
        stored: StoredTriage | None,
        last: EpisodeRecord | None,
        now: datetime,
        *,
        none_open: bool = False,
    ) -> TriageView:
        """A new triage (quick from ``last``, the latest episode, when given)."""
        user_id = profile.id
        left = await self._finish_left(uow, profile, stored, now)
        open_episode = None if none_open else await uow.episodes.open_for(user_id)
        state = tr.start()
        if last is not None and last.side is not None:
            factors = [tr.Factor(f) for f in last.factors if f in FACTOR_VALUES]
            state = tr.start_quick(Side(last.side), factors)
        stored = await uow.triages.put(
            user_id,
            state.to_json(),
            now=now,
            expires_at=now + th.TRIAGE_EXPIRY,
            episode_id=open_episode.id if open_episode else None,
        )
        return TriageView(state, stored.version, profile, open_episode is not None, left=left)

    async def reopen(self, user_id: int, episode_id: int) -> TriageView | None:
        """ "Something's wrong - change my answers" under a result: the questions again, the
        episode's answers ticked, finishing into the same episode (its level only goes up; a
        ticked red flag stays ticked). None if the episode is not this user's open one."""
        now = self.clock.now()
        async with self.uow() as uow:
            profile = await uow.users.touch(user_id, now)  # its UPDATE locks the user's row
            episode = await uow.episodes.row(episode_id)
            if (
                profile is None
                or not profile.onboarded
                or episode is None
                or episode.user_id != user_id
                or episode.status != EpisodeStatus.OPEN.value
            ):
                return None
            left = await self._finish_left(uow, profile, await uow.triages.get(user_id), now)
            try:
                state = tr.TriageState(answers=tr.Answers.from_dict(episode.answers))
            except (TypeError, ValueError):
                state = tr.start()  # answers of an older shape: asked afresh
            stored = await uow.triages.put(
                user_id,
                state.to_json(),
                now=now,
                expires_at=now + th.TRIAGE_EXPIRY,
                episode_id=episode.id,
            )
            return TriageView(state, stored.version, profile, True, left=left)

    async def current(self, user_id: int) -> TriageView | None:
        """The screen of the triage in progress (to ask its question again), if any."""
        now = self.clock.now()
        async with self.uow() as uow:
            stored = await uow.triages.get(user_id)
            if stored is None:
                return None
            return self._shown(await uow.users.get(user_id), stored, now)

    @staticmethod
    def _shown(
        profile: UserProfile | None, stored: StoredTriage | None, now: datetime
    ) -> TriageView | None:
        if stored is None or stored.expires_at <= now or profile is None:
            return None
        state = _state(stored.state)
        if state is None or state.done:
            return None
        return TriageView(state, stored.version, profile, stored.episode_id is not None)

    async def can_quick_log(self, user_id: int) -> bool:
        async with self.uow() as uow:
            return await self._has_last_side(uow, user_id)

    @staticmethod
    async def _has_last_side(uow: UnitOfWork, user_id: int) -> bool:
        last = await uow.episodes.latest(user_id)
        return last is not None and last.side is not None

    async def peek(self, user_id: int) -> tr.TriageState | None:
        """The triage in progress, if any (read only)."""
        async with self.uow() as uow:
            stored = await uow.triages.get(user_id)
        if stored is None:
            return None
        try:
            return tr.TriageState.from_json(stored.state)
        except ValueError:
            return None

    async def shown(self, user_id: int, version: int, message_id: int) -> None:
        """Remember which message shows the triage (so expiry can tidy it up)."""
        async with self.uow() as uow:
            await uow.triages.set_message(user_id, version, message_id)

    async def press(
        self, user_id: int, version: int, step: str, action: str, value: str = ""
    ) -> TriageView | TriageResult | Refused:
        now = self.clock.now()
        async with self.uow() as uow:
            stored = await uow.triages.get(user_id)
            profile = await uow.users.touch(user_id, now)
            if stored is None or profile is None or stored.expires_at <= now:
                return Refused(Refusal.EXPIRED)
            state = tr.TriageState.from_json(stored.state)
            pending_before = state.pending_level
            current = TriageView(state, stored.version, profile, stored.episode_id is not None)
            if version != stored.version:
                return Refused(Refusal.STALE, current)
            try:
                state = tr.press(state, step, action, value)
            except tr.RedFlagLocked:
                return Refused(Refusal.LOCKED, current)
            except tr.WrongStep:
                return Refused(Refusal.STALE, current)
            except tr.InvalidAnswer:
                return Refused(Refusal.INVALID, current)
            if state.done:
                if not await uow.triages.finish(user_id, version):
                    return Refused(Refusal.STALE, current)  # a double tap finished it already
                return await self._finish(uow, profile, state, stored.episode_id, now)
            moved = await uow.triages.advance(
                user_id, version, state.to_json(), now=now, expires_at=now + th.TRIAGE_EXPIRY
            )
            if moved is None:
                return Refused(Refusal.STALE, current)
            if action == tr.Action.BACK.value and pending_before is not None:
                # Back from a ticked red flag: the same effect as finishing with it.
                done = await commit_red_flag(
                    uow,
                    profile,
                    pending_before,
                    items=_red_flags(state),
                    rule=Rule.LEFT_TRIAGE,
                    now=now,
                    episode_id=stored.episode_id,
                )
                await uow.triages.set_episode(user_id, done.episode_id)
            return TriageView(
                state, moved.version, profile, stored.episode_id is not None, pending_before
            )

    async def cancel(self, user_id: int) -> tr.TriageState | None:
        """Stop the triage in progress; returns what it was (its pending level needs advice,
        and is stored on the episode first)."""
        now = self.clock.now()
        async with self.uow() as uow:
            stored = await uow.triages.remove(user_id)
            if stored is None:
                return None
            profile = await uow.users.get(user_id)
            await self._finish_left(uow, profile, stored, now)
        return _state(stored.state)

    async def expire_due(self) -> list[Expired]:
        """Remove abandoned triages; the caller tells each user (advice if a flag was ticked)."""
        now = self.clock.now()
        async with self.uow() as uow:
            gone = await uow.triages.take_expired(now)
            result = []
            for stored in gone:
                profile = await uow.users.get(stored.user_id)
                pending = await self._finish_left(uow, profile, stored, now)
                result.append(Expired(stored.user_id, stored.message_id, pending, profile))
            return result

    @staticmethod
    async def _finish_left(
        uow: UnitOfWork,
        profile: UserProfile | None,
        stored: StoredTriage | None,
        now: datetime,
    ) -> Urgency | None:
        """A triage left (Cancel, /twitch again, expiry) with a ticked red flag: finish with
        the flag (TRIAGE.md: a red flag once seen is never lost). Returns the level to advise."""
        if stored is None or profile is None:
            return None
        state = _state(stored.state)
        if state is None or state.pending_level is None:
            return None
        done = await commit_red_flag(
            uow,
            profile,
            state.pending_level,
            items=_red_flags(state),
            rule=Rule.LEFT_TRIAGE,
            now=now,
            episode_id=stored.episode_id,
        )
        # The advice is given once: not again when Back already finished with this flag.
        return state.pending_level if done.recorded else None

    async def _finish(
        self,
        uow: UnitOfWork,
        profile: UserProfile,
        state: tr.TriageState,
        episode_id: int | None,
        now: datetime,
    ) -> TriageResult:
        answers = state.answers
        episode = await uow.episodes.row(episode_id) if episode_id is not None else None
        if episode is not None and episode.status != EpisodeStatus.OPEN:
            episode = None
        since = now - th.RECURRENCE_LONG_WINDOW
        previous = await uow.episodes.starts_since(
            profile.id, since, exclude=episode.id if episode is not None else None
        )
        if episode is not None:
            # Updating an open episode: its own start is not a new episode.
            assessment = tr.assess(answers, now=now)
        else:
            assessment = tr.assess(answers, now=now, recent_episode_starts=previous)
        previous_urgency = Urgency(episode.urgency) if episode is not None else None
        level = tr.combine(previous_urgency, assessment.urgency)
        reasons = [{**r.key.stored(), "level": int(r.urgency)} for r in assessment.reasons]
        if episode is None:
            current = await uow.episodes.create(
                user_id=profile.id,
                logged_at=now,
                onset_at=assessment.onset,
                side=answers.side.value if answers.side else None,
                intensity_first=answers.intensity,
                frequency=answers.frequency.value if answers.frequency else None,
                factors=[f.value for f in tr.Factor if f in answers.factors],
                answers=answers.to_dict(),
                urgency=level,
                reasons=reasons,
            )
            updated = False
        else:
            current = episode.id
            episode.onset_at = min(episode.onset_at, assessment.onset)
            episode.answers = answers.to_dict()
            episode.urgency = int(level)
            episode.reasons = [*episode.reasons, *reasons]
            if answers.side is not None:
                episode.side = answers.side.value
            if answers.frequency is not None:
                episode.frequency = answers.frequency.value
            if answers.intensity is not None:
                # The new intensity is kept with its time (history, chart and report show it).
                update = {"at": now.isoformat(), "intensity": answers.intensity}
                episode.updates = [*(episode.updates or []), update]
            episode.factors = sorted({*episode.factors, *(f.value for f in answers.factors)})
            updated = True
        if level > Urgency.SELF_CARE or assessment.professional_advice:
            await uow.episodes.record_escalation(
                current,
                profile.id,
                rule="triage",
                level=level,
                reasons=[r.key for r in assessment.reasons],
                now=now,
            )
        next_contact = await plan_follow_up(uow, profile, current, level, now)
        log.info("triage finished: user %s episode %s level %s", profile.id, current, level.name)
        return TriageResult(
            assessment=_at_level(assessment, level),
            episode_id=current,
            profile=profile,
            updated=updated,
            previous_urgency=previous_urgency,
            next_contact=next_contact,
            answers=answers,
        )


def _state(raw: str) -> tr.TriageState | None:
    try:
        return tr.TriageState.from_json(raw)
    except ValueError:
        return None


def _red_flags(state: tr.TriageState) -> frozenset[str]:
    return state.answers.emergency | state.answers.same_day


def _at_level(assessment: tr.Assessment, level: Urgency) -> tr.Assessment:
    """The assessment shown to the user, at the episode's level (urgency only goes up)."""
    if level == assessment.urgency:
        return assessment
    earlier = tr.Reason("episode", wording.text("reason.episode"), level)
    urgent = level >= Urgency.URGENT_TODAY
    return replace(
        assessment,
        urgency=level,
        reasons=(earlier, *assessment.reasons),
        gp_timing=tr.GpTiming.WITHIN_DAYS if level is Urgency.SEE_GP else None,
        professional_advice=False,
        contributors=() if urgent else assessment.contributors,
        # "Don't stop a prescribed medicine without advice" stays at every level (TRIAGE.md).
        plan=_medicines_only(assessment.plan) if urgent else assessment.plan,
        follow_up=tr.FollowUp.WERE_YOU_SEEN if urgent else tr.FollowUp.CHECK_INS,
    )


def _medicines_only(plan: tuple[tr.PlanItem, ...]) -> tuple[tr.PlanItem, ...]:
    return (tr.PlanItem.MEDICINES,) if tr.PlanItem.MEDICINES in plan else ()
