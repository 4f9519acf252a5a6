"""Triage as a user meets it: the level, the reasons, the advice, the button flow, free text."""

from __future__ import annotations

import json
import re
import string
from datetime import UTC, datetime, timedelta, timezone
from enum import StrEnum
from typing import Any

import pytest

from bot.domain import freetext as ft
from bot.domain import thresholds as t
from bot.domain import triage as tr
from bot.domain import wording as w
from bot.domain.model import Frequency, Side, Urgency
from bot.domain.triage import (
    Action,
    Answers,
    Contributor,
    Duration,
    Factor,
    FollowUp,
    GpTiming,
    PlanItem,
    Step,
    TriageState,
)

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
E_IDS = [i.id for i in tr.EMERGENCY_ITEMS]
U_IDS = [i.id for i in tr.SAME_DAY_ITEMS]
G_IDS = [i.id for i in tr.GP_ITEMS]
EVERYDAY_PLAN = (  # the caffeine line is in every plan (TRIAGE.md, revised)
    PlanItem.WATER,
    PlanItem.FOOD,
    PlanItem.CAFFEINE,
    PlanItem.STRETCH,
    PlanItem.BALANCE,
    PlanItem.SLEEP_STRESS,
)


# --- helpers: press buttons the way the Telegram layer does -------------------------------------


def tap(state: TriageState, action: Action, value: str = "") -> TriageState:
    return tr.press(state, state.step, action, value)


def run_flow(
    *,
    emergency: tuple[str, ...] = (),
    same_day: tuple[str, ...] = (),
    duration: Duration = Duration.UNDER_A_DAY,
    gp: tuple[str, ...] = (),
    side: Side = Side.LEFT,
    intensity: int = 3,
    frequency: Frequency = Frequency.FEW_TIMES,
    factors: tuple[Factor, ...] = (),
) -> TriageState:
    """Answer every screen through button presses; stops where the flow stops."""
    state = tr.start()
    for ids in (emergency, same_day):
        for item in ids:
            state = tap(state, Action.TICK, item)
        if ids:
            return tap(state, Action.CONTINUE)
        state = tap(state, Action.NONE)
    state = tap(state, Action.CHOOSE, duration.value)
    for item in gp:
        state = tap(state, Action.TICK, item)
    state = tap(state, Action.CONTINUE if gp else Action.NONE)
    state = tap(state, Action.CHOOSE, side.value)
    state = tap(state, Action.CHOOSE, str(intensity))
    state = tap(state, Action.CHOOSE, frequency.value)
    for factor in factors:
        state = tap(state, Action.TICK, factor.value)
    return tap(state, Action.CONTINUE if factors else Action.NONE)


def result(state: TriageState, **kwargs: Any) -> tr.Assessment:
    assert state.done
    return tr.assess(state.answers, now=NOW, **kwargs)


def reason_ids(assessment: tr.Assessment) -> list[str]:
    return [r.id for r in assessment.reasons]


# --- the checklists as data ----------------------------------------------------------------------


def test_checklists_have_the_documented_ids_and_short_labels() -> None:
    assert [f"e{n}" for n in range(1, 7)] == E_IDS
    assert [f"u{n}" for n in range(1, 10)] == U_IDS
    assert [f"g{n}" for n in range(1, 8)] == G_IDS
    for item in (*tr.EMERGENCY_ITEMS, *tr.SAME_DAY_ITEMS, *tr.GP_ITEMS, *tr.FACTOR_ITEMS):
        assert item.text
        assert 0 < len(item.label) <= 20, item
    for choices in tr.CHOICES.values():
        assert all(0 < len(c.label) <= 20 for c in choices)


def test_answer_choices_are_those_of_triage_md() -> None:
    assert [d.label for d in Duration] == [
        "Under a day",
        "1–2 days",
        "3–6 days",
        "7–13 days",
        "2 weeks or more",
    ]
    assert [c.value for c in tr.CHOICES[Step.INTENSITY]] == [str(n) for n in range(11)]
    assert [c.label for c in tr.CHOICES[Step.SIDE]] == ["Left", "Right", "Both"]
    assert [c.label for c in tr.CHOICES[Step.FREQUENCY]] == [
        "A few times",
        "Comes and goes",
        "Almost constant",
    ]
    assert [f.label for f in Factor] == [
        "Hard leg exercise",
        "Poor sleep",
        "Lots of caffeine",
        "Stress",
        "Drank little",
        "A new medicine",
    ]


# --- levels: each red flag, each GP item, each duration -----------------------------------------


@pytest.mark.parametrize("item", E_IDS)
def test_any_emergency_item_alone_is_an_emergency_and_the_flow_stops_there(item: str) -> None:
    state = tap(tr.start(), Action.TICK, item)
    shown = tr.screen(state)
    assert shown.offers_continue
    assert not shown.offers_none
    state = tap(state, Action.CONTINUE)
    assert state.done  # no same-day list, no duration, no context questions
    assessment = result(state)
    assert assessment.urgency is Urgency.EMERGENCY
    assert reason_ids(assessment) == [item]
    assert assessment.follow_up is FollowUp.WERE_YOU_SEEN
    assert not assessment.automatic_checkin
    assert assessment.plan == ()
    assert assessment.contributors == ()
    assert not assessment.professional_advice
    assert assessment.headline_id() == "level.emergency.headline"


@pytest.mark.parametrize("item", U_IDS)
def test_any_same_day_item_alone_is_urgent_today_and_the_flow_stops(item: str) -> None:
    state = run_flow(same_day=(item,))
    assert state.step is Step.DONE
    assert state.answers.duration is None
    assessment = result(state)
    assert assessment.urgency is Urgency.URGENT_TODAY
    assert reason_ids(assessment) == [item]
    assert assessment.follow_up is FollowUp.WERE_YOU_SEEN
    assert assessment.plan == ()
    assert assessment.headline_id() == "level.urgent_today.headline"
    assert assessment.action_id(non_urgent_service=True) == "level.urgent_today.action_non_urgent"


@pytest.mark.parametrize(
    ("item", "timing", "action_id"),
    [
        ("g1", GpTiming.WITHIN_DAYS, "level.see_gp.action"),
        ("g2", GpTiming.WITHIN_A_WEEK, "level.see_gp.action_within_week"),  # weak or stiff
        ("g3", GpTiming.WITHIN_A_WEEK, "level.see_gp.action_within_week"),  # thinner
        ("g4", GpTiming.WITHIN_DAYS, "level.see_gp.action"),
        ("g5", GpTiming.WITHIN_DAYS, "level.see_gp.action"),
        ("g6", GpTiming.WITHIN_DAYS, "level.see_gp.action"),
        ("g7", GpTiming.WITHIN_DAYS, "level.see_gp.action"),
    ],
)
def test_any_gp_item_alone_is_see_gp(item: str, timing: GpTiming, action_id: str) -> None:
    assessment = result(run_flow(gp=(item,)))
    assert assessment.urgency is Urgency.SEE_GP
    assert assessment.gp_timing is timing
    assert assessment.action_id() == action_id
    assert reason_ids(assessment) == [item]
    assert assessment.automatic_checkin
    assert assessment.next_step_id == "checkin.timing"
    assert assessment.headline_id() == "level.see_gp.headline"
    assert assessment.headline_id(uk=True) == "level.see_gp.headline_uk"
    assert not assessment.professional_advice


@pytest.mark.parametrize(
    ("duration", "urgency", "advice", "timing", "reasons"),
    [
        (Duration.UNDER_A_DAY, Urgency.SELF_CARE, False, None, []),
        (Duration.DAYS_1_2, Urgency.SELF_CARE, True, None, []),
        (Duration.DAYS_3_6, Urgency.SELF_CARE, True, None, []),
        (Duration.DAYS_7_13, Urgency.SEE_GP, False, GpTiming.WITHIN_DAYS, ["duration"]),
        (Duration.WEEKS_2_PLUS, Urgency.SEE_GP, False, GpTiming.FIRMLY, ["duration_firmly"]),
    ],
)
def test_each_duration_gives_its_level_and_the_more_than_a_day_advice(
    duration: Duration,
    urgency: Urgency,
    advice: bool,
    timing: GpTiming | None,
    reasons: list[str],
) -> None:
    assessment = result(run_flow(duration=duration))
    assert assessment.urgency is urgency
    assert assessment.professional_advice is advice
    assert assessment.gp_timing is timing
    assert reason_ids(assessment) == reasons
    assert assessment.automatic_checkin


def test_duration_reasons_are_in_plain_words() -> None:
    week = result(run_flow(duration=Duration.DAYS_7_13))
    assert week.reasons[0].text == "It's been going on for 7–13 days"
    firm = result(run_flow(duration=Duration.WEEKS_2_PLUS))
    assert firm.reasons[0].text == "It's been going on for 2 weeks or more"
    assert firm.headline_id() == "level.see_gp.firmly_headline"
    assert firm.headline_id(uk=True) == "level.see_gp.firmly_headline_uk"
    assert firm.action_id() == "level.see_gp.firmly_action"


def test_plain_self_care_has_the_plan_the_check_in_and_no_reasons() -> None:
    assessment = result(run_flow())
    assert assessment.urgency is Urgency.SELF_CARE
    assert assessment.reasons == ()
    assert assessment.plan == EVERYDAY_PLAN
    assert assessment.follow_up is FollowUp.CHECK_INS
    assert assessment.headline_id() == "level.self_care.headline"
    assert assessment.action_id() == "level.self_care.action"


def test_two_weeks_firmly_outranks_within_a_week() -> None:
    assessment = result(run_flow(duration=Duration.WEEKS_2_PLUS, gp=("g2",)))
    assert assessment.gp_timing is GpTiming.FIRMLY
    assert reason_ids(assessment) == ["g2", "duration_firmly"]


# --- combinations take the most urgent and keep every reason ------------------------------------


@pytest.mark.parametrize(
    ("answers", "previous", "urgency", "reasons"),
    [
        (
            Answers(
                emergency=frozenset({"e3"}),
                same_day=frozenset({"u1", "u4"}),
                duration=Duration.WEEKS_2_PLUS,
                gp=frozenset({"g3"}),
                intensity=9,
            ),
            (NOW - timedelta(days=2), NOW - timedelta(days=10)),
            Urgency.EMERGENCY,
            ["e3", "u1", "u4", "g3", "duration_firmly", "recurrence_short", "intensity"],
        ),
        (
            Answers(same_day=frozenset({"u9"}), gp=frozenset({"g1", "g5"})),
            (),
            Urgency.URGENT_TODAY,
            ["u9", "g1", "g5"],
        ),
        (
            Answers(duration=Duration.DAYS_7_13, gp=frozenset({"g4"}), intensity=8),
            (),
            Urgency.SEE_GP,
            ["g4", "duration", "intensity"],
        ),
        (
            Answers(duration=Duration.DAYS_1_2, intensity=2),
            tuple(NOW - timedelta(days=d) for d in (5, 10, 40, 50)),
            Urgency.SEE_GP,
            ["recurrence_short", "recurrence_long"],
        ),
    ],
)
def test_combinations_take_the_most_urgent_level_and_keep_every_reason(
    answers: Answers,
    previous: tuple[datetime, ...],
    urgency: Urgency,
    reasons: list[str],
) -> None:
    assessment = tr.assess(answers, now=NOW, recent_episode_starts=previous)
    assert assessment.urgency is urgency
    assert reason_ids(assessment) == reasons
    levels = [r.urgency for r in assessment.reasons]
    assert levels == sorted(levels, reverse=True)
    assert all(r.text for r in assessment.reasons)


def test_history_makes_see_gp_without_the_more_than_a_day_advice() -> None:
    answers = Answers(duration=Duration.DAYS_3_6, intensity=2)
    previous = (NOW - timedelta(days=1), NOW - timedelta(days=3))
    assessment = tr.assess(answers, now=NOW, recent_episode_starts=previous)
    assert assessment.urgency is Urgency.SEE_GP
    assert not assessment.professional_advice  # the SEE_GP message supersedes "💬"


@pytest.mark.parametrize(
    ("previous", "new", "expected"),
    [
        (None, Urgency.SELF_CARE, Urgency.SELF_CARE),
        (None, Urgency.EMERGENCY, Urgency.EMERGENCY),
        (Urgency.SEE_GP, Urgency.SELF_CARE, Urgency.SEE_GP),
        (Urgency.URGENT_TODAY, Urgency.SEE_GP, Urgency.URGENT_TODAY),
        (Urgency.SEE_GP, Urgency.EMERGENCY, Urgency.EMERGENCY),
        (Urgency.EMERGENCY, Urgency.SELF_CARE, Urgency.EMERGENCY),
    ],
)
def test_combine_only_goes_up(previous: Urgency | None, new: Urgency, expected: Urgency) -> None:
    assert tr.combine(previous, new) is expected


# --- onset and history ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("duration", "days_ago"),
    [
        (Duration.UNDER_A_DAY, 0),
        (Duration.DAYS_1_2, 2),
        (Duration.DAYS_3_6, 6),
        (Duration.DAYS_7_13, 13),
        (Duration.WEEKS_2_PLUS, 14),
    ],
)
def test_onset_is_the_upper_end_of_the_answer(duration: Duration, days_ago: int) -> None:
    assert tr.onset(duration, NOW) == NOW - timedelta(days=days_ago)
    assert result(run_flow(duration=duration)).onset == NOW - timedelta(days=days_ago)


def test_onset_keeps_the_callers_timezone_and_refuses_naive_times() -> None:
    paris = NOW.astimezone(timezone(timedelta(hours=1)))
    assert tr.onset(Duration.DAYS_1_2, paris).utcoffset() == timedelta(hours=1)
    naive = datetime(2026, 11, 25, 9, 30)  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="timezone-aware"):
        tr.onset(Duration.DAYS_1_2, naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        tr.assess(Answers(), now=naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        tr.assess(Answers(), now=NOW, recent_episode_starts=[naive])


def test_onset_is_now_when_the_flow_stopped_before_the_duration() -> None:
    assert result(run_flow(emergency=("e1",))).onset == NOW


@pytest.mark.parametrize(
    ("previous_days_ago", "see_gp", "reason"),
    [
        ((), False, None),
        ((10,), False, None),  # 2 in 30 days
        ((10, 20), True, "recurrence_short"),  # 3 in 30 days: "the third time"
        ((30, 29), True, "recurrence_short"),  # exactly 30 days ago still counts
        ((30.00001, 29), False, None),  # just over 30 days does not
        ((10, 40, 60), False, None),  # 4 in 90 days, 2 in 30
        ((35, 40, 60, 89), True, "recurrence_long"),  # 5 in 90 days
        ((35, 40, 60, 90.0001), False, None),  # the fifth is just outside 90 days
    ],
)
def test_history_third_in_30_days_or_fifth_in_90(
    previous_days_ago: tuple[float, ...], see_gp: bool, reason: str | None
) -> None:
    previous = [NOW - timedelta(days=d) for d in previous_days_ago]
    assessment = result(run_flow(), recent_episode_starts=previous)
    assert (assessment.urgency is Urgency.SEE_GP) is see_gp
    assert reason_ids(assessment) == ([reason] if reason else [])


def test_history_reasons_say_which_time_it_is() -> None:
    previous = [NOW - timedelta(days=d) for d in (3, 9)]
    assessment = result(run_flow(), recent_episode_starts=previous)
    assert assessment.reasons[0].text == "This is the third time in 30 days"
    previous = [NOW - timedelta(days=d) for d in (35, 40, 60, 70)]
    assessment = result(run_flow(), recent_episode_starts=previous)
    assert assessment.reasons[0].text == "This is the fifth time in 90 days"


@pytest.mark.parametrize(
    ("intensity", "urgency"),
    [(0, Urgency.SELF_CARE), (7, Urgency.SELF_CARE), (8, Urgency.SEE_GP), (10, Urgency.SEE_GP)],
)
def test_intensity_eight_or_more_is_see_gp(intensity: int, urgency: Urgency) -> None:
    assessment = result(run_flow(intensity=intensity))
    assert assessment.urgency is urgency
    if urgency is Urgency.SEE_GP:
        assert assessment.reasons[0].text == f"You rated it {intensity} out of 10"


# --- contributing factors and the plan ----------------------------------------------------------


@pytest.mark.parametrize(
    ("factors", "gp", "contributors", "extra_plan"),
    [
        ((), (), (), ()),
        ((Factor.HARD_EXERCISE,), (), (Contributor.FATIGUE, Contributor.STRAIN), ()),
        ((Factor.DRANK_LITTLE,), (), (Contributor.DEHYDRATION, Contributor.ELECTROLYTES), ()),
        ((Factor.NEW_MEDICINE,), (), (Contributor.MEDICATION,), (PlanItem.MEDICINES,)),
        ((Factor.POOR_SLEEP,), (), (Contributor.TRIGGERS,), ()),
        ((Factor.STRESS,), (), (Contributor.TRIGGERS,), ()),
        ((Factor.CAFFEINE,), (), (Contributor.TRIGGERS,), (PlanItem.CAFFEINE,)),
        ((), ("g5",), (Contributor.MEDICATION,), (PlanItem.MEDICINES,)),
        (
            (Factor.NEW_MEDICINE, Factor.CAFFEINE, Factor.STRESS),
            ("g5",),
            (Contributor.MEDICATION, Contributor.TRIGGERS),
            (PlanItem.CAFFEINE, PlanItem.MEDICINES),
        ),
    ],
)
def test_contributing_factors_and_plan_follow_the_answers(
    factors: tuple[Factor, ...],
    gp: tuple[str, ...],
    contributors: tuple[Contributor, ...],
    extra_plan: tuple[PlanItem, ...],
) -> None:
    assessment = result(run_flow(factors=factors, gp=gp))
    assert assessment.contributors == contributors
    assert set(assessment.plan) == set(EVERYDAY_PLAN) | set(extra_plan)
    assert list(assessment.plan) == [p for p in PlanItem if p in assessment.plan]


def test_quick_log_reuses_side_and_factors_but_asks_every_list_again() -> None:
    state = tr.start_quick(Side.RIGHT, [Factor.HARD_EXERCISE])
    seen = []
    for action, value in [
        (Action.NONE, ""),
        (Action.NONE, ""),
        (Action.CHOOSE, Duration.DAYS_1_2.value),
        (Action.NONE, ""),
        (Action.CHOOSE, "4"),
        (Action.CHOOSE, Frequency.COMES_AND_GOES.value),
    ]:
        seen.append(state.step)
        state = tap(state, action, value)
    assert seen == [
        Step.EMERGENCY,
        Step.SAME_DAY,
        Step.DURATION,
        Step.GP,
        Step.INTENSITY,
        Step.FREQUENCY,
    ]
    assert state.done
    assert state.answers.side is Side.RIGHT
    assessment = result(state)
    assert assessment.contributors == (Contributor.FATIGUE, Contributor.STRAIN)
    assert assessment.professional_advice


def test_quick_log_back_skips_the_reused_screens() -> None:
    state = TriageState(
        step=Step.INTENSITY,
        answers=Answers(duration=Duration.DAYS_1_2, side=Side.LEFT),
        quick=True,
    )
    assert tap(state, Action.BACK).step is Step.GP


def test_quick_log_red_flags_still_stop_the_flow() -> None:
    state = tap(tr.start_quick(Side.BOTH, [Factor.STRESS]), Action.TICK, "e2")
    state = tap(state, Action.CONTINUE)
    assert result(state).urgency is Urgency.EMERGENCY


# --- "Not sure" counts as yes: ticking is the way -----------------------------------------------


@pytest.mark.parametrize("step", [Step.EMERGENCY, Step.SAME_DAY, Step.GP])
def test_every_red_flag_and_gp_list_says_not_sure_tick_it(step: Step) -> None:
    state = tr.start()
    while state.step is not step:
        shown = tr.screen(state)
        state = tap(state, Action.NONE) if shown.offers_none else tap(state, Action.CHOOSE, "lt1d")
    shown = tr.screen(state)
    assert shown.note_id is not None
    assert w.text(shown.note_id) == "Not sure about one? Tick it."
    assert all("not sure" not in item.label.lower() for item in shown.items)


def test_there_is_no_not_sure_button_anywhere() -> None:
    labels = [c.label for cs in tr.CHOICES.values() for c in cs]
    labels += [i.label for items in tr.CHECKLISTS.values() for i in items]
    assert not [label for label in labels if "sure" in label.lower()]


# --- the state machine --------------------------------------------------------------------------


def test_screens_show_only_the_buttons_that_fit() -> None:
    state = tr.start()
    first = tr.screen(state)
    assert first.kind is tr.ScreenKind.CHECKLIST
    assert first.question_id == "checklist.emergency.question"
    assert first.items == tr.EMERGENCY_ITEMS
    assert first.actions == {Action.TICK, Action.NONE}  # no Back at the first screen
    ticked = tr.screen(tap(state, Action.TICK, "e4"))
    assert ticked.actions == {Action.TICK, Action.CONTINUE}
    assert ticked.selected == ticked.locked == {"e4"}
    duration = tr.screen(tap(tap(state, Action.NONE), Action.NONE))
    assert duration.kind is tr.ScreenKind.CHOICE
    assert duration.actions == {Action.CHOOSE, Action.BACK}
    assert [c.value for c in duration.choices] == [d.value for d in Duration]
    assert duration.note_id is None
    done = tr.screen(run_flow())
    assert done.kind is tr.ScreenKind.DONE
    assert done.actions == frozenset()


def test_gp_items_and_factors_can_be_unticked_and_none_of_these_comes_back() -> None:
    state = tap(tap(tap(tr.start(), Action.NONE), Action.NONE), Action.CHOOSE, "3-6d")
    assert state.step is Step.GP
    state = tap(state, Action.TICK, "g6")
    assert tr.screen(state).actions == {Action.TICK, Action.CONTINUE, Action.BACK}
    state = tap(state, Action.TICK, "g6")
    assert tr.screen(state).selected == frozenset()
    assert tr.screen(state).offers_none


@pytest.mark.parametrize("item", [*E_IDS, *U_IDS])
def test_a_ticked_red_flag_cannot_be_unticked(item: str) -> None:
    state = tr.start()
    if item.startswith("u"):
        state = tap(state, Action.NONE)
    state = tap(state, Action.TICK, item)
    with pytest.raises(tr.RedFlagLocked):
        tap(state, Action.TICK, item)
    assert not tr.screen(state).offers_none


def test_back_keeps_a_red_flag_and_its_level() -> None:
    state = tap(tap(tr.start(), Action.NONE), Action.TICK, "u2")
    assert state.pending_level is Urgency.URGENT_TODAY
    state = tap(state, Action.BACK)
    assert state.step is Step.EMERGENCY
    assert state.pending_level is Urgency.URGENT_TODAY  # advice still due on Cancel/expiry
    assert state.answers.same_day == {"u2"}
    state = tap(state, Action.NONE)
    assert tr.screen(state).selected == {"u2"}
    assert tr.screen(state).actions == {Action.TICK, Action.CONTINUE, Action.BACK}
    state = tap(state, Action.CONTINUE)
    assert result(state).urgency is Urgency.URGENT_TODAY


def test_back_to_the_emergency_list_can_still_raise_the_level() -> None:
    state = tap(tap(tr.start(), Action.NONE), Action.TICK, "u1")
    state = tap(tap(state, Action.BACK), Action.TICK, "e3")
    assert state.pending_level is Urgency.EMERGENCY
    assessment = result(tap(state, Action.CONTINUE))
    assert assessment.urgency is Urgency.EMERGENCY
    assert reason_ids(assessment) == ["e3", "u1"]


def test_pending_level_is_none_without_red_flags() -> None:
    state = tap(tap(tap(tr.start(), Action.NONE), Action.NONE), Action.CHOOSE, "2w+")
    assert tap(state, Action.TICK, "g2").pending_level is None


def test_back_and_forward_keep_every_answer() -> None:
    done = run_flow(
        duration=Duration.DAYS_3_6,
        gp=("g4",),
        side=Side.BOTH,
        intensity=6,
        frequency=Frequency.ALMOST_CONSTANT,
        factors=(Factor.STRESS,),
    )
    # Walk back from the factors screen to the duration screen, then forward again unchanged.
    state = TriageState(step=Step.FACTORS, answers=done.answers)
    steps = [state.step]
    while state.step is not Step.DURATION:
        state = tap(state, Action.BACK)
        steps.append(state.step)
        assert state.answers == done.answers
    assert steps == [
        Step.FACTORS,
        Step.FREQUENCY,
        Step.INTENSITY,
        Step.SIDE,
        Step.GP,
        Step.DURATION,
    ]
    assert tr.screen(state).selected == {Duration.DAYS_3_6.value}
    state = tap(state, Action.CHOOSE, Duration.DAYS_3_6.value)
    assert tr.screen(state).selected == {"g4"}
    state = tap(state, Action.CONTINUE)
    assert tr.screen(state).selected == {Side.BOTH.value}
    assert state.answers == done.answers


def press_sequence() -> list[tuple[str, str, str]]:
    return [
        (Step.EMERGENCY, "back", ""),  # no Back at the first screen
        (Step.EMERGENCY, "cont", ""),  # Continue with nothing ticked
        (Step.EMERGENCY, "tick", "e7"),  # unknown item
        (Step.EMERGENCY, "tick", "u1"),  # an item of another list
        (Step.EMERGENCY, "pick", "lt1d"),  # a choice on a checklist
        (Step.EMERGENCY, "none", "x"),  # a value where none belongs
        (Step.EMERGENCY, "jump", ""),  # unknown action
        (Step.DURATION, "pick", "lt1d"),  # a button for another screen
        ("nowhere", "pick", "lt1d"),  # unknown step
    ]


@pytest.mark.parametrize(("step", "action", "value"), press_sequence())
def test_invalid_presses_raise_and_change_nothing(step: str, action: str, value: str) -> None:
    state = tr.start()
    before = state.to_json()
    with pytest.raises(tr.InvalidAnswer):
        tr.press(state, step, action, value)
    assert state.to_json() == before


@pytest.mark.parametrize(
    ("at", "action", "value"),
    [
        (Step.INTENSITY, "pick", "11"),
        (Step.INTENSITY, "pick", "-1"),
        (Step.INTENSITY, "pick", "07"),
        (Step.INTENSITY, "pick", "seven"),
        (Step.INTENSITY, "tick", "3"),
        (Step.SIDE, "pick", "middle"),
        (Step.FREQUENCY, "pick", "always"),
        (Step.FACTORS, "tick", "alcohol"),
        (Step.FACTORS, "cont", ""),
        (Step.GP, "tick", "e1"),
        (Step.GP, "back", "x"),
        (Step.DONE, "back", ""),  # a result cannot be undone
        (Step.DONE, "none", ""),
    ],
)
def test_invalid_answers_on_later_screens_raise(at: Step, action: str, value: str) -> None:
    done = run_flow()
    state = done if at is Step.DONE else TriageState(step=at, answers=done.answers)
    with pytest.raises(tr.InvalidAnswer):
        tr.press(state, at, action, value)


def test_a_button_from_an_old_message_is_a_wrong_step() -> None:
    state = tap(tr.start(), Action.NONE)
    with pytest.raises(tr.WrongStep):
        tr.press(state, Step.EMERGENCY, Action.TICK, "e1")


def test_none_of_these_is_refused_once_something_is_ticked() -> None:
    state = tap(tr.start(), Action.TICK, "e1")
    with pytest.raises(tr.InvalidAnswer):
        tap(state, Action.NONE)


def every_state_of_a_full_flow() -> list[TriageState]:
    states = [tr.start()]
    for action, value in [
        (Action.NONE, ""),
        (Action.TICK, "u3"),
        (Action.BACK, ""),
    ]:
        states.append(tap(states[-1], action, value))
    states.append(run_flow(duration=Duration.DAYS_7_13, gp=("g2", "g5"), factors=tuple(Factor)))
    states.append(tr.start_quick(Side.LEFT, [Factor.CAFFEINE]))
    states.append(run_flow(emergency=("e1", "e6")))
    return states


@pytest.mark.parametrize("state", every_state_of_a_full_flow())
def test_state_round_trips_through_json(state: TriageState) -> None:
    stored = state.to_json()
    assert TriageState.from_json(stored) == state
    assert TriageState.from_json(stored).to_json() == stored


def _valid() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        run_flow(duration=Duration.DAYS_3_6, gp=("g1",), factors=(Factor.STRESS,)).to_json()
    )
    return data


def _with(path: tuple[str, ...], value: Any, *more: tuple[tuple[str, ...], Any]) -> str:
    """The stored form of a finished triage with ``path`` (and ``more`` paths) set to a value."""
    data = _valid()
    for keys, new in ((path, value), *more):
        target = data
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = new
    return json.dumps(data)


def _without(key: str) -> str:
    data = _valid()
    del data["answers"][key]
    return json.dumps(data)


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "not json",
        "null",
        "[]",
        "{}",
        '"done"',
        "[" * 100_000,
        "x" * 100_000,
        _with(("v",), 2),
        _with(("v",), True),
        _with(("v",), "1"),
        _with(("step",), "teleport"),
        _with(("step",), None),
        _with(("quick",), "no"),
        _with(("quick",), 0),
        _with(("extra",), 1),
        _without("factors"),
        _with(("answers",), []),
        _with(("answers", "emergency"), ["e9"]),
        _with(("answers", "emergency"), "e1"),
        _with(("answers", "gp"), ["g1", "g1"]),
        _with(("answers", "gp"), ["u1"]),
        _with(("answers", "same_day"), [1]),
        _with(("answers", "duration"), "5d"),
        _with(("answers", "duration"), 5),
        _with(("answers", "side"), "LEFT"),
        _with(("answers", "intensity"), 11),
        _with(("answers", "intensity"), -1),
        _with(("answers", "intensity"), 7.0),
        _with(("answers", "intensity"), True),
        _with(("answers", "intensity"), "7"),
        _with(("answers", "frequency"), "sometimes"),
        _with(("answers", "factors"), ["coffee"]),
        _with(("answers", "factors"), ["stress", "stress"]),
        _with(("answers", "intensity"), float("nan")),
        # Well-formed, but no button sequence reaches these:
        _with(("step",), "duration", (("answers", "emergency"), ["e1"])),
        _with(("step",), "gp", (("answers", "same_day"), ["u1"])),
        _with(("answers", "duration"), None),  # DONE without a duration and no red flag
        _with(("step",), "frequency", (("answers", "intensity"), None)),
        _with(("quick",), True, (("step",), "side")),
        _with(("quick",), True, (("answers", "side"), None)),
    ],
)
def test_malformed_or_inconsistent_json_is_refused(stored: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - any ValueError: the message is for logs
        TriageState.from_json(stored)


def test_json_errors_are_value_errors_not_crashes() -> None:
    for stored in ("{", '{"v":1}', "1e999999", '{"v":NaN}'):
        with pytest.raises(ValueError):  # noqa: PT011
            TriageState.from_json(stored)


def test_triage_expires_after_thirty_minutes() -> None:
    last = NOW - t.TRIAGE_EXPIRY
    assert tr.is_expired(last, NOW)
    assert not tr.is_expired(last + timedelta(seconds=1), NOW)


# --- wording: approved, never a diagnosis -------------------------------------------------------

DISEASE_WORDS_ANY_CASE = [
    "motor neurone",
    "motor neuron",
    "sclerosis",
    "parkinson",
    "thrombosis",
    "stroke",
    "fasciculation",
    "dystonia",
    "tetanus",
    "rhabdo",
    "serotonin",
    "cauda equina",
    "hypokal",
    "hypocalc",
    "sepsis",
    "septic",
    "embolism",
    "cancer",
    "tumour",
    "tumor",
    "epilepsy",
    "neuropathy",
    "myopathy",
    "dystrophy",
    "diabetes",
    "syndrome",
    "disease",
    "disorder",
    "clot",
]
DISEASE_WORDS_EXACT = ["ALS", "MND", "DVT", "PE", "BFS"]


def every_user_facing_text() -> list[tuple[str, str]]:
    texts = list(w.TEXTS.items())
    for items in tr.CHECKLISTS.values():
        texts += [(f"item {i.id}", i.text) for i in items]
        texts += [(f"label {i.id}", i.label) for i in items]
    texts += [(f"choice {c.value}", c.label) for cs in tr.CHOICES.values() for c in cs]
    return texts


@pytest.mark.parametrize(("where", "text"), every_user_facing_text())
def test_no_text_names_a_disease_or_a_chiropractor(where: str, text: str) -> None:
    for word in DISEASE_WORDS_ANY_CASE:
        assert word not in text.lower(), f"{where} names {word!r}"
    for word in DISEASE_WORDS_EXACT:
        assert not re.search(rf"\b{word}\b", text), f"{where} names {word!r}"
    assert "chiropract" not in text.lower()


def test_only_the_caffeine_advice_gives_a_dose_and_no_supplement_has_one() -> None:
    dose = re.compile(r"\d\s*(mg|mcg|µg|g|iu)\b", re.IGNORECASE)
    with_dose = {k for k, v in w.TEXTS.items() if dose.search(v)}
    assert with_dose == {"plan.caffeine"}
    assert "supplement" not in w.TEXTS["plan.caffeine"]


@pytest.mark.parametrize(
    ("text_id", "must_say"),
    [
        ("plan.water", ["6–8 glasses", "pale-yellow urine",
                        "unless a doctor has told you to limit fluids"]),
        ("plan.food", ["spinach", "nuts", "seeds", "beans", "whole grains"]),
        ("plan.caffeine", ["400 mg a day", "200 mg if you're pregnant"]),
        ("plan.stretch", ["20–30 seconds", "2–3 times", "never pain", "don't bounce",
                          "fresh injury"]),
        ("plan.balance", ["general fitness", "not a cure"]),
        ("plan.medicines", ["Don't stop a prescribed medicine without advice"]),
        ("contributor.medication", ["Don't stop a prescribed medicine without advice"]),
        ("contributor.strain", ["physiotherapist"]),
    ],
)  # fmt: skip
def test_plan_and_factor_texts_keep_their_safety_lines(text_id: str, must_say: list[str]) -> None:
    for phrase in must_say:
        assert phrase in w.TEXTS[text_id]


def test_every_contributing_factor_is_phrased_often_linked_to() -> None:
    for contributor in Contributor:
        assert "often linked to" in w.TEXTS[contributor.wording_id]


@pytest.mark.parametrize(
    ("text_id", "approved"),
    [
        (
            "disclaimer",
            "I'm a self-care assistant, not a doctor, and I can't diagnose what's causing your "
            "twitch. I give general information, reminders and check-ins, and I'll tell you when "
            "it's a good idea to see a health professional. In an emergency call {number} - "
            "don't message me. Most muscle twitches are harmless and settle within days to a few "
            "weeks. If you're ever worried, contact a doctor or pharmacist; you don't need to "
            "wait for me.",
        ),
        (
            "footer",
            "This isn't a diagnosis. If things change or you're worried, contact a doctor - or "
            "call {number} in an emergency.",
        ),
        (
            "professional.text",
            "It's lasted more than a day. That's usually nothing serious, but it's worth a word "
            "with a pharmacist or doctor (or a physiotherapist if you strained it). It isn't "
            "urgent.",
        ),
        ("professional.headline", "💬 Worth a word with a professional (not urgent)"),
        (
            "see_gp_firmly",
            "🟡 Please book a doctor's appointment now. Twitching that lasts two weeks or more "
            "should be checked. It's very likely nothing serious, and a doctor can look at "
            "common causes like medicines, stress or your salt and mineral levels.",
        ),
        (
            "missed_checkins",
            "I haven't heard back - I hope that means it's settled. If it's still there after "
            "two weeks, or you notice weakness, a thinner muscle, numbness or twitching "
            "elsewhere, please see a doctor. For {red_flags}, call {number}.",
        ),
        (
            "closing",
            "Glad it's settled. If it comes back, send /twitch. See a doctor if it returns often "
            "or you notice weakness or a thinner muscle.",
        ),
        ("level.emergency.headline", "🚨 Emergency: call {number} now"),
        ("level.urgent_today.headline", "🟠 Get medical help today"),
        ("level.see_gp.headline", "🟡 Book a doctor's appointment"),
        ("level.see_gp.headline_uk", "🟡 Book a GP appointment"),
        ("level.self_care.headline", "🟢 Self-care for now"),
        ("checklist.not_sure", "Not sure about one? Tick it."),
    ],
)
def test_approved_texts_are_verbatim(text_id: str, approved: str) -> None:
    assert w.TEXTS[text_id] == approved


def test_the_firm_message_is_headline_plus_action() -> None:
    split = w.TEXTS["level.see_gp.firmly_headline"] + " " + w.TEXTS["level.see_gp.firmly_action"]
    assert split == w.TEXTS["see_gp_firmly"]


def test_emergency_action_says_where_and_not_to_drive() -> None:
    action = w.text("level.emergency.action", number="999")
    assert "999" in action
    assert "emergency department" in action
    assert "Don't drive yourself" in action


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize(("text_id", "text"), list(w.TEXTS.items()))
def test_texts_use_only_known_placeholders_and_fill_cleanly(text_id: str, text: str) -> None:
    assert _fields(text) <= w.PLACEHOLDERS, text_id
    filled = w.text(text_id, **dict.fromkeys(w.PLACEHOLDERS, "X"))
    assert "{" not in filled
    assert "}" not in filled
    assert "<" not in filled  # plain text: the Telegram layer formats


def test_every_wording_id_the_rules_use_exists() -> None:
    ids = set(tr.QUESTION_IDS.values()) | {"checklist.not_sure"}
    ids |= {c.wording_id for c in Contributor} | {p.wording_id for p in PlanItem}
    for urgency in Urgency:
        for timing in (None, *GpTiming):
            assessment = tr.Assessment(
                urgency=urgency,
                reasons=(),
                gp_timing=timing if urgency is Urgency.SEE_GP else None,
                professional_advice=False,
                contributors=(),
                plan=(),
                follow_up=FollowUp.CHECK_INS,
                onset=NOW,
            )
            ids |= {assessment.headline_id(), assessment.headline_id(uk=True)}
            ids |= {assessment.action_id(), assessment.action_id(non_urgent_service=True)}
    ids |= {"checkin.timing", "followup.notice", "safety_net", "red_flags.one_line"}
    assert ids <= set(w.TEXTS)


@pytest.mark.parametrize(
    ("n", "word"), [(1, "first"), (3, "third"), (5, "fifth"), (10, "tenth"), (11, "11th"),
                    (12, "12th"), (21, "21st"), (22, "22nd"), (23, "23rd"), (111, "111th")]
)  # fmt: skip
def test_ordinal(n: int, word: str) -> None:
    assert w.ordinal(n) == word


# --- free text ----------------------------------------------------------------------------------


class TextSignal(StrEnum):
    """What a typed message calls for (the first reader's vocabulary, kept for these cases)."""

    EMERGENCY = "emergency"
    SAME_DAY = "same_day"
    NONE = "none"


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        # Emergency signs, in their variants.
        ("I have chest pain", TextSignal.EMERGENCY),
        ("CHEST PAINS since this morning", TextSignal.EMERGENCY),
        ("I can't breathe", TextSignal.EMERGENCY),
        ("i cant breathe", TextSignal.EMERGENCY),
        ("I cannot breathe!!!", TextSignal.EMERGENCY),
        ("I can not breathe", TextSignal.EMERGENCY),
        ("I can’t breathe", TextSignal.EMERGENCY),  # curly apostrophe
        ("i couldn't breathe properly", TextSignal.EMERGENCY),
        ("Can't speak properly", TextSignal.EMERGENCY),
        ("I think I'm having a stroke", TextSignal.EMERGENCY),
        ("she had a seizure", TextSignal.EMERGENCY),
        ("I fainted at work", TextSignal.EMERGENCY),
        ("been coughing blood", TextSignal.EMERGENCY),
        ("coughing up blood", TextSignal.EMERGENCY),
        ("😱chest😣pain😱", TextSignal.EMERGENCY),
        ("no, I can't breathe", TextSignal.EMERGENCY),  # "no" ends its own clause
        ("not sure if I fainted", TextSignal.EMERGENCY),  # not sure counts as yes
        ("I don't know if it was a seizure", TextSignal.EMERGENCY),
        ("no chest pain but I fainted", TextSignal.EMERGENCY),
        ("heat stroke and now chest pain", TextSignal.EMERGENCY),
        ("a" * 10_000 + " chest pain", TextSignal.EMERGENCY),
        # Negated.
        ("no chest pain", TextSignal.NONE),
        ("No chest pain.", TextSignal.NONE),
        ("not having a seizure", TextSignal.NONE),
        ("I don't have chest pain", TextSignal.NONE),
        ("I dont have any chest pain", TextSignal.NONE),
        ("never fainted", TextSignal.NONE),
        ("twitching without chest pain or fainting", TextSignal.NONE),
        # Known harmless phrases.
        ("I had heat stroke last summer", TextSignal.SAME_DAY),
        ("HEATSTROKE?", TextSignal.SAME_DAY),
        ("no heat stroke", TextSignal.NONE),
        ("what a stroke of luck", TextSignal.NONE),
        ("I swim breast stroke", TextSignal.NONE),
        # Anything else.
        ("my knee keeps twitching", TextSignal.NONE),
        ("hello", TextSignal.NONE),
        ("🦵🦵🦵", TextSignal.NONE),
        ("", TextSignal.NONE),
        ("   \n\t ", TextSignal.NONE),
        ("x" * 10_000, TextSignal.NONE),
        ("word " * 2_000, TextSignal.NONE),
        ("\ud800\x00\u202e", TextSignal.NONE),
    ],
)
def test_free_text_emergency_detection(text: str, signal: TextSignal) -> None:
    """The first reader's cases, kept for the reader that replaced it (bot.domain.freetext)."""
    reading = ft.read(text)
    alarm = reading.level if reading.level and reading.level >= Urgency.URGENT_TODAY else None
    expected = {
        TextSignal.EMERGENCY: Urgency.EMERGENCY,
        TextSignal.SAME_DAY: Urgency.URGENT_TODAY,
        TextSignal.NONE: None,
    }[signal]
    assert alarm is expected
    if signal is TextSignal.NONE:
        asked = reading.ask_level
        assert asked is None or asked < Urgency.URGENT_TODAY


def test_free_text_never_raises_on_any_character() -> None:
    for start in range(0, 0x30000, 0x400):
        text = "".join(chr(c) for c in range(start, start + 0x400) if not 0xD800 <= c <= 0xDFFF)
        reading = ft.read(text)
        assert reading.twitch in (True, False)


@pytest.mark.parametrize(
    ("text", "report"),
    [
        ("the muscle above my knee keeps twitching", True),
        ("knee twitch again", True),
        ("my quad is twitching", True),
        ("Twitching again 😩", True),
        ("thigh spasms tonight", True),
        ("the muscle above my kneecap is jumping", True),
        ("it's not twitching anymore", False),
        ("the twitching has stopped", False),
        ("no twitch today", False),
        ("jumping for joy", False),
        ("hello", False),
        ("", False),
        ("x" * 10_000, False),
    ],
)
def test_looks_like_twitch_report(text: str, report: bool) -> None:
    assert ft.read(text).twitch is report
