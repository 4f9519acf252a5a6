"""The check-in conversation as a user meets it: the screens, the short paths, Back, the locked
red flags, stale buttons, and the stored state."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.domain import checkin as ck
from bot.domain import escalation as esc
from bot.domain import triage as tr
from bot.domain import wording as w
from bot.domain.checkin import Action, CheckInAnswers, CheckInState, Step
from bot.domain.escalation import CheckStatus, History, Rule
from bot.domain.model import Frequency, Urgency
from bot.domain.triage import InvalidAnswer, RedFlagLocked, ScreenKind, WrongStep

LOGGED = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
E_IDS = [i.id for i in tr.EMERGENCY_ITEMS]
U_IDS = [i.id for i in tr.SAME_DAY_ITEMS]


def tap(state: CheckInState, action: Action, value: str = "") -> CheckInState:
    return ck.press(state, state.step, action, value)


def answer_all(
    status: CheckStatus = CheckStatus.SAME,
    *,
    flags: tuple[str, ...] = (),
    intensity: int = 4,
    frequency: Frequency = Frequency.COMES_AND_GOES,
    new_place: str = ck.NO,
) -> CheckInState:
    state = tap(ck.start(), Action.CHOOSE, status.value)
    if state.done:
        return state
    for item in flags:
        state = tap(state, Action.TICK, item)
    if flags:
        return tap(state, Action.CONTINUE)
    state = tap(state, Action.NONE)
    if state.done:  # "Gone", then "None of these" on the red-flag screen
        return state
    state = tap(state, Action.CHOOSE, str(intensity))
    state = tap(state, Action.CHOOSE, frequency.value)
    return tap(state, Action.CHOOSE, new_place)


def evaluate_one(answers: CheckInAnswers) -> esc.Escalation | None:
    """The just-answered day-1 check-in, through the escalation rules."""
    due = LOGGED + timedelta(days=1)
    facts = answers.facts(seq=1, due_at=due, answered_at=due + timedelta(minutes=3))
    episode = esc.EpisodeFacts(
        id=7,
        onset_at=LOGGED,
        logged_at=LOGGED,
        urgency=Urgency.SELF_CARE,
        first_intensity=3,
        checkins=(facts,),
        escalations_given=esc.given_from_triage((), professional_advice=True, at=LOGGED),
    )
    return esc.evaluate(History(episode), due + timedelta(minutes=3))


# --- the screens ---------------------------------------------------------------------------------


def test_the_first_screen_asks_still_twitching() -> None:
    shown = ck.screen(ck.start())
    assert shown.kind is ScreenKind.CHOICE
    assert ck.text(shown.question_id or "") == "Still twitching?"
    assert [c.label for c in shown.choices] == ["Gone", "Better", "Same", "Worse"]
    assert not shown.can_go_back
    assert shown.actions == {Action.CHOOSE}


def test_the_compact_red_flag_screen_lists_both_lists_numbered_with_the_not_sure_line() -> None:
    state = tap(ck.start(), Action.CHOOSE, "same")
    shown = ck.screen(state)
    assert shown.kind is ScreenKind.CHECKLIST
    assert [i.id for i in shown.items] == E_IDS + U_IDS  # the triage's own items, in order
    assert shown.items[0] is tr.EMERGENCY_ITEMS[0]
    assert shown.note_id == "checklist.not_sure"
    assert w.TEXTS[shown.note_id] == "Not sure about one? Tick it."
    assert shown.offers_none
    assert not shown.offers_continue
    assert shown.actions == {Action.TICK, Action.NONE, Action.BACK}
    ticked = ck.screen(tap(state, Action.TICK, "u2"))
    assert not ticked.offers_none  # "None of these" only while nothing is ticked
    assert ticked.offers_continue
    assert ticked.selected == ticked.locked == {"u2"}


def test_the_later_questions() -> None:
    state = tap(tap(ck.start(), Action.CHOOSE, "worse"), Action.NONE)
    shown = ck.screen(state)
    assert shown.step is Step.INTENSITY
    assert [c.value for c in shown.choices] == [str(n) for n in range(11)]
    state = tap(state, Action.CHOOSE, "6")
    shown = ck.screen(state)
    assert [c.label for c in shown.choices] == ["A few times", "Comes and goes", "Almost constant"]
    state = tap(state, Action.CHOOSE, Frequency.FEW_TIMES.value)
    shown = ck.screen(state)
    assert shown.step is Step.NEW_PLACE
    assert ck.text(shown.question_id or "").startswith("Anywhere else now?")
    assert [c.label for c in shown.choices] == ["Yes", "No"]


def test_every_question_has_a_text_and_labels_fit_a_button() -> None:
    for step, text_id in ck.QUESTION_IDS.items():
        assert ck.text(text_id), step
    for choices in ck.CHOICES.values():
        assert all(0 < len(c.label) <= 20 for c in choices)


# --- the paths -----------------------------------------------------------------------------------


def test_gone_is_the_short_path() -> None:
    state = answer_all(CheckStatus.GONE)
    assert state.done
    assert ck.result(state) == CheckInAnswers(status=CheckStatus.GONE)
    assert ck.screen(state).kind is ScreenKind.DONE
    assert evaluate_one(ck.result(state)) is None


@pytest.mark.parametrize("status", [CheckStatus.BETTER, CheckStatus.SAME, CheckStatus.WORSE])
def test_the_full_path(status: CheckStatus) -> None:
    state = answer_all(status, intensity=6, frequency=Frequency.ALMOST_CONSTANT, new_place=ck.YES)
    assert state.done
    answers = ck.result(state)
    assert answers == CheckInAnswers(
        status=status,
        intensity=6,
        frequency=Frequency.ALMOST_CONSTANT,
        new_place=True,
    )
    assert answers.pending_level is None
    result = evaluate_one(answers)
    assert result is not None
    assert {f.rule for f in result.new} == {Rule.INTENSITY_RISE, Rule.NEW_PLACE}
    assert result.level is Urgency.SEE_GP


@pytest.mark.parametrize("item", E_IDS)
def test_an_emergency_item_and_continue_end_at_once_with_emergency(item: str) -> None:
    state = answer_all(CheckStatus.WORSE, flags=(item,))
    assert state.done
    assert state.pending_level is Urgency.EMERGENCY
    answers = ck.result(state)
    assert answers.red_flags == {item}
    assert answers.intensity is None  # nothing more was asked
    result = evaluate_one(answers)
    assert result is not None
    assert result.level is Urgency.EMERGENCY


@pytest.mark.parametrize("item", U_IDS)
def test_a_same_day_item_and_continue_end_with_urgent_today(item: str) -> None:
    state = answer_all(CheckStatus.BETTER, flags=(item,))
    assert state.done
    assert state.pending_level is Urgency.URGENT_TODAY
    result = evaluate_one(ck.result(state))
    assert result is not None
    assert result.level is Urgency.URGENT_TODAY


def test_both_lists_ticked_is_an_emergency() -> None:
    state = answer_all(CheckStatus.SAME, flags=("u1", "e6"))
    assert state.pending_level is Urgency.EMERGENCY
    assert ck.result(state).red_flags == {"u1", "e6"}


# --- locked red flags, Back ----------------------------------------------------------------------


def test_a_ticked_red_flag_stays_ticked() -> None:
    state = tap(tap(ck.start(), Action.CHOOSE, "same"), Action.TICK, "e2")
    with pytest.raises(RedFlagLocked):
        tap(state, Action.TICK, "e2")
    with pytest.raises(InvalidAnswer):
        tap(state, Action.NONE)
    assert state.answers.red_flags == {"e2"}  # unchanged
    back = tap(state, Action.BACK)
    assert back.step is Step.STATUS
    assert back.pending_level is Urgency.EMERGENCY  # the Telegram layer gives the advice
    again = tap(back, Action.CHOOSE, "same")
    assert ck.screen(again).locked == {"e2"}


def test_gone_after_ticking_a_red_flag_keeps_the_red_flag() -> None:
    state = tap(tap(ck.start(), Action.CHOOSE, "worse"), Action.TICK, "u3")
    state = tap(tap(state, Action.BACK), Action.CHOOSE, "gone")
    # TRIAGE.md: "Gone" still shows the compact red-flag screen, the ticked flag locked.
    assert state.step is Step.RED_FLAGS
    assert ck.screen(state).locked == {"u3"}
    assert not ck.screen(state).offers_none
    state = tap(state, Action.CONTINUE)
    assert state.done
    answers = ck.result(state)
    assert answers.status is CheckStatus.GONE
    assert answers.pending_level is Urgency.URGENT_TODAY
    result = evaluate_one(answers)
    assert result is not None
    assert result.level is Urgency.URGENT_TODAY


def test_back_keeps_every_answer() -> None:
    state = tap(ck.start(), Action.CHOOSE, "worse")
    state = tap(state, Action.NONE)
    state = tap(state, Action.CHOOSE, "7")
    state = tap(state, Action.CHOOSE, Frequency.FEW_TIMES.value)
    assert state.step is Step.NEW_PLACE
    state = tap(state, Action.BACK)
    assert ck.screen(state).selected == {Frequency.FEW_TIMES.value}
    state = tap(state, Action.BACK)
    assert ck.screen(state).selected == {"7"}
    state = tap(state, Action.BACK)
    assert state.step is Step.RED_FLAGS
    state = tap(state, Action.BACK)
    assert ck.screen(state).selected == {"worse"}
    with pytest.raises(InvalidAnswer):
        tap(state, Action.BACK)
    # Changing the answer to "Gone" drops the later answers from the result.
    state = tap(state, Action.CHOOSE, "gone")
    assert state.step is Step.RED_FLAGS
    state = tap(state, Action.NONE)
    assert ck.result(state) == CheckInAnswers(status=CheckStatus.GONE)


def test_leaving_with_a_ticked_flag_finishes_at_that_level() -> None:
    state = tap(tap(ck.start(), Action.CHOOSE, "better"), Action.TICK, "e3")
    done = ck.finish_with_flags(state)
    assert done.done
    assert ck.result(done).red_flags == {"e3"}
    assert ck.result(done).pending_level is Urgency.EMERGENCY
    with pytest.raises(InvalidAnswer):
        ck.finish_with_flags(tap(ck.start(), Action.CHOOSE, "better"))


def test_a_finished_check_in_cannot_be_gone_back_into() -> None:
    state = answer_all()
    assert not ck.screen(state).can_go_back
    with pytest.raises(InvalidAnswer):
        tap(state, Action.BACK)


# --- invalid and stale presses -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "step", "action", "value", "error"),
    [
        (ck.start(), "red_flags", "tick", "e1", WrongStep),  # an older message's button
        (ck.start(), "status", "pick", "maybe", InvalidAnswer),
        (ck.start(), "status", "tick", "e1", InvalidAnswer),
        (ck.start(), "status", "none", "", InvalidAnswer),
        (ck.start(), "status", "cont", "", InvalidAnswer),
        (ck.start(), "nowhere", "pick", "gone", InvalidAnswer),
        (ck.start(), "status", "jump", "", InvalidAnswer),
        (
            CheckInState(Step.RED_FLAGS, CheckInAnswers(CheckStatus.SAME)),
            "red_flags",
            "tick",
            "g1",
            InvalidAnswer,
        ),  # the GP list is not on the compact screen
        (
            CheckInState(Step.RED_FLAGS, CheckInAnswers(CheckStatus.SAME)),
            "red_flags",
            "cont",
            "",
            InvalidAnswer,
        ),
        (
            CheckInState(Step.RED_FLAGS, CheckInAnswers(CheckStatus.SAME)),
            "red_flags",
            "none",
            "x",
            InvalidAnswer,
        ),
        (
            CheckInState(Step.RED_FLAGS, CheckInAnswers(CheckStatus.SAME)),
            "red_flags",
            "pick",
            "5",
            InvalidAnswer,
        ),
        (
            CheckInState(Step.INTENSITY, CheckInAnswers(CheckStatus.SAME)),
            "intensity",
            "pick",
            "11",
            InvalidAnswer,
        ),
        (
            CheckInState(Step.INTENSITY, CheckInAnswers(CheckStatus.SAME)),
            "intensity",
            "pick",
            " 5",
            InvalidAnswer,
        ),
    ],
)
def test_invalid_presses_raise_and_change_nothing(
    state: CheckInState, step: str, action: str, value: str, error: type[Exception]
) -> None:
    stored = state.to_json()
    with pytest.raises(error):
        ck.press(state, step, action, value)
    assert state.to_json() == stored


def test_stale_button_after_the_check_in_is_done() -> None:
    state = answer_all()
    for step in Step:
        if step is Step.DONE:
            continue
        with pytest.raises(WrongStep):
            ck.press(state, step.value, "pick", "gone")


def test_result_before_done_is_refused() -> None:
    with pytest.raises(InvalidAnswer):
        ck.result(ck.start())


def test_facts_need_a_status() -> None:
    with pytest.raises(ValueError, match="status"):
        CheckInAnswers().facts(seq=1, due_at=LOGGED, answered_at=LOGGED)


# --- stored state --------------------------------------------------------------------------------


def _walk() -> list[CheckInState]:
    """Every state along the main paths, including after Back."""
    states = [ck.start()]
    state = tap(ck.start(), Action.CHOOSE, "better")
    states.append(state)
    states.append(tap(state, Action.TICK, "u5"))
    states.append(tap(tap(state, Action.TICK, "e4"), Action.CONTINUE))
    state = tap(state, Action.NONE)
    states.append(state)
    state = tap(state, Action.CHOOSE, "0")
    states.append(state)
    state = tap(state, Action.CHOOSE, Frequency.ALMOST_CONSTANT.value)
    states.append(state)
    states.append(tap(state, Action.BACK))
    states.append(tap(state, Action.CHOOSE, ck.YES))
    states.append(answer_all(CheckStatus.GONE))
    return states


@pytest.mark.parametrize("state", _walk(), ids=lambda s: s.step.value)
def test_json_round_trip(state: CheckInState) -> None:
    data = state.to_json()
    assert CheckInState.from_json(data) == state
    assert json.loads(data)["v"] == 1


def _stored(step: str = "status", **answers: Any) -> str:
    body: dict[str, Any] = {"status": None, "red_flags": [], "intensity": None, "frequency": None}
    body["new_place"] = None
    body.update(answers)
    return json.dumps({"v": 1, "step": step, "answers": body})


@pytest.mark.parametrize(
    "data",
    [
        "",
        "not json",
        "[]",
        "null",
        '{"v":1}',
        '{"v":2,"step":"status","answers":{}}',
        json.dumps({"v": 1, "step": "status", "answers": {}, "extra": 1}),
        _stored(step="later"),
        _stored(status="fine"),
        _stored(status="same", step="intensity", intensity=11),
        _stored(status="same", step="frequency", intensity="3"),
        _stored(status="same", step="frequency", intensity=True),
        _stored(status="same", step="red_flags", red_flags=["g1"]),
        _stored(status="same", step="red_flags", red_flags=["e1", "e1"]),
        _stored(status="same", step="red_flags", red_flags="e1"),
        _stored(status="same", step="done", intensity=3, frequency="few", new_place="yes"),
        _stored(status="same", frequency="sometimes"),
        _stored(step="red_flags"),  # no status
        # ("gone" at the red-flag screen is valid since TRIAGE.md was revised: decision 2)
        _stored(status="gone", step="intensity"),
        _stored(status="same", step="intensity", red_flags=["u1"]),  # past a ticked flag
        _stored(status="same", step="new_place", intensity=3),  # no frequency
        _stored(status="same", step="frequency"),  # no intensity
        _stored(status="same", step="done"),  # unanswered questions
        '{"v":1,"step":"status","answers":{"status":null,"red_flags":[],"intensity":NaN,'
        '"frequency":null,"new_place":null}}',
        '{"v":1.0,"step":"status","answers":{"status":null,"red_flags":[],"intensity":null,'
        '"frequency":null,"new_place":null}}',
        "[" * 5000,
        _stored() + " " * 3000,
    ],
)
def test_malformed_stored_state_is_rejected(data: str) -> None:
    with pytest.raises(ValueError, match=r"."):
        CheckInState.from_json(data)


def test_from_json_rejects_a_non_string() -> None:
    with pytest.raises(ValueError, match="string"):
        CheckInState.from_json(b"{}")  # type: ignore[arg-type]
