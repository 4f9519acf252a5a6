"""The smaller departures of issue 8 (TRIAGE.md, revised), on SQLite and PostgreSQL."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.db import tables as t
from bot.domain import triage as tr
from bot.domain import wording
from bot.domain.model import Urgency
from bot.services import Services
from bot.services.safety import Rule, commit_red_flag
from bot.tg import render
from tests.conftest import FakeClock

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


USER = 4242


async def test_an_earlier_episode_counts_by_the_later_of_onset_and_logging(
    services: Services,
) -> None:
    """Onset 40 days ago (outside 30 days) but logged 20 days ago: it is inside the window."""
    async with services.uow() as uow:
        await uow.users.consent(7, NOW - timedelta(days=90))
        await uow.episodes.add(
            t.Episode(
                user_id=7,
                logged_at=NOW - timedelta(days=20),
                onset_at=NOW - timedelta(days=40),
                answers={},
                urgency=1,
                reasons=[],
                status="closed",
            )
        )
    async with services.uow() as uow:
        starts = await uow.episodes.starts_since(7, NOW - timedelta(days=30))
    assert starts == [NOW - timedelta(days=20)]


def test_weak_or_thinner_says_the_next_few_days() -> None:
    assessment = tr.assess(
        tr.Answers(duration=tr.Duration.UNDER_A_DAY, gp=frozenset({"g2"})), now=NOW
    )
    action = wording.text(assessment.action_id())
    assert "next few days" in action
    assert "week" not in action


def test_the_medicine_line_stays_at_an_urgent_level() -> None:
    medicine = tr.Assessment(
        urgency=Urgency.URGENT_TODAY,
        reasons=(),
        gp_timing=None,
        professional_advice=False,
        contributors=(),
        plan=(tr.PlanItem.MEDICINES,),
        follow_up=tr.FollowUp.WERE_YOU_SEEN,
        onset=NOW,
    )
    text = html.unescape(
        render.result_message(medicine, None, tr.Answers(same_day=frozenset({"u8"})), next_step="")
    )
    assert "Don't stop a prescribed medicine without advice" in text
    assert render.plan_message(medicine, None) is None


def test_the_caffeine_line_is_in_every_self_care_plan() -> None:
    assessment = tr.assess(tr.Answers(duration=tr.Duration.UNDER_A_DAY), now=NOW)
    assert tr.PlanItem.CAFFEINE in assessment.plan


def test_weak_or_stiff_quotes_only_the_item_ticked() -> None:
    """Issue 12, bug 7: the reason quotes the item the user ticked, never a neighbour."""
    assessment = tr.assess(
        tr.Answers(duration=tr.Duration.UNDER_A_DAY, gp=frozenset({"g2"})), now=NOW
    )
    [reason] = assessment.reasons
    assert reason.text.startswith("The leg feels weak, or stiff")
    assert "not the usual soreness after exercise" in reason.text
    shown = [reason.text, wording.text(assessment.action_id())]
    assert not any("thinner" in text for text in shown)


def test_a_result_past_telegrams_limit_is_split_not_cut() -> None:
    """Issue 12: one message; should a (longer) language pass 4,096 characters, the folded
    why and plan follow in a second message instead of the send failing."""
    answers = tr.Answers(
        duration=tr.Duration.WEEKS_2_PLUS,
        gp=frozenset(i.id for i in tr.GP_ITEMS),
        factors=frozenset(tr.Factor),
    )
    assessment = tr.assess(answers, now=NOW)
    [one] = render.result_messages(assessment, None, answers, next_step="Soon.")
    assert len(one) <= render.TEXT_LIMIT
    short, plan = render.result_messages(assessment, None, answers, next_step="Soon.", limit=2000)
    assert short.startswith("<b>🟡 Please book a doctor's appointment now.</b>")
    assert "Your answers:" in short
    assert "glasses of fluid" not in short
    assert "glasses of fluid" in plan
    assert len(short) <= 2000


async def test_a_new_urgent_result_after_i_have_been_seen_plans_were_you_seen_again(
    services: Services, clock: FakeClock
) -> None:
    """Fuzz finding: "I've been seen" cancels the pending "Were you seen?"; a new urgent red
    flag the same day must plan it again (the cancelled row kept its one-use key, and the
    episode was left with nothing planned)."""
    now = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    clock.set(now)
    async with services.uow() as uow:
        await uow.users.consent(USER, now - timedelta(days=1))
        await uow.users.update(USER, timezone="Europe/London", country="GB")
        profile = await uow.users.get(USER)
        assert profile is not None
        first = await commit_red_flag(
            uow, profile, Urgency.EMERGENCY, items=["e3"], rule=Rule.TYPED, now=now
        )
    episode_id = first.episode_id
    assert await _pending_follow_ups(services, episode_id) == 1
    assert await services.records.mark_seen(USER, episode_id) is not None
    assert await _pending_follow_ups(services, episode_id) == 0
    clock.set(now + timedelta(hours=2))
    async with services.uow() as uow:
        profile = await uow.users.get(USER)
        assert profile is not None
        await commit_red_flag(
            uow,
            profile,
            Urgency.EMERGENCY,
            items=["e3"],
            rule=Rule.TYPED,
            now=now + timedelta(hours=2),
            episode_id=episode_id,
        )
    assert await _pending_follow_ups(services, episode_id) == 1


async def _pending_follow_ups(services: Services, episode_id: int) -> int:
    async with services.uow() as uow:
        rows = (
            await uow.session.execute(
                select(t.Reminder).where(
                    t.Reminder.episode_id == episode_id,
                    t.Reminder.kind == "follow_up",
                    t.Reminder.status == "pending",
                )
            )
        ).scalars()
        return len(list(rows))
