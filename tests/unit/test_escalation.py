"""Escalation from history, as a user meets it: what is said after a check-in, at which level,
with which reason, and what is never said twice. Then the check-in schedule and the follow-ups."""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import escalation as esc
from bot.domain import planning
from bot.domain import thresholds as t
from bot.domain import triage as tr
from bot.domain import wording as w
from bot.domain.escalation import (
    CheckInFacts,
    CheckStatus,
    EpisodeFacts,
    Escalation,
    GivenEscalation,
    History,
    Rule,
    SeenAnswer,
    SeenAsk,
    SeenStep,
)
from bot.domain.model import Frequency, Urgency

LOGGED = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
GONE, BETTER, SAME, WORSE = (
    CheckStatus.GONE,
    CheckStatus.BETTER,
    CheckStatus.SAME,
    CheckStatus.WORSE,
)
FEW, CONSTANT = Frequency.FEW_TIMES, Frequency.ALMOST_CONSTANT
MISSED = None  # a check-in that fell due and got no answer
E_IDS = [i.id for i in tr.EMERGENCY_ITEMS]
U_IDS = [i.id for i in tr.SAME_DAY_ITEMS]
INTENSITY_RULES = {Rule.INTENSITY, Rule.INTENSITY_RISE, Rule.INTENSITY_RISING}
DAYS = (1, 2, 3, 5, 7, 10, 14, 21)  # check-in days


# --- builders ------------------------------------------------------------------------------------


def ci(
    day: int,
    status: CheckStatus | None = SAME,
    *,
    flags: Sequence[str] = (),
    intensity: int | None = 3,
    frequency: Frequency | None = FEW,
    new_place: bool | None = False,
    due: datetime | None = None,
    answered_at: datetime | None = None,
) -> CheckInFacts:
    """The check-in of schedule ``day``, due then, answered 5 minutes later (unless MISSED)."""
    seq = planning.checkin_seq(day)
    due_at = due or LOGGED + day * DAY
    if status is None:
        return CheckInFacts(seq, due_at)
    if status is GONE:
        intensity, frequency, new_place = None, None, None
    return CheckInFacts(
        seq=seq,
        due_at=due_at,
        answered_at=answered_at or due_at + timedelta(minutes=5),
        status=status,
        red_flags=frozenset(flags),
        intensity=intensity,
        frequency=frequency,
        new_place=new_place,
    )


def episode(
    *checkins: CheckInFacts,
    onset_before: timedelta = timedelta(0),
    urgency: Urgency = Urgency.SELF_CARE,
    first: int | None = 3,
    given: Sequence[GivenEscalation] = (),
    booked_at: datetime | None = None,
    seen_at: datetime | None = None,
    closed_at: datetime | None = None,
    reminders: bool = False,
) -> EpisodeFacts:
    return EpisodeFacts(
        id=1,
        onset_at=LOGGED - onset_before,
        logged_at=LOGGED,
        urgency=urgency,
        first_intensity=first,
        booked_at=booked_at,
        seen_at=seen_at,
        closed_at=closed_at,
        checkins=checkins,
        escalations_given=tuple(given),
        reminders_done_recently=reminders,
    )


def latest_moment(ep: EpisodeFacts) -> datetime:
    moments = [ep.logged_at, *(c.due_at for c in ep.checkins)]
    moments += [c.answered_at for c in ep.checkins if c.answered_at is not None]
    return max(moments)


def run(
    ep: EpisodeFacts, *, now: datetime | None = None, others: Sequence[datetime] = ()
) -> Escalation | None:
    """Evaluate just after the latest thing that happened (or at ``now``)."""
    return esc.evaluate(History(ep, tuple(others)), now or latest_moment(ep))


def new_rules(result: Escalation | None) -> set[Rule]:
    return set() if result is None else {f.rule for f in result.new}


def after(ep: EpisodeFacts, result: Escalation | None) -> EpisodeFacts:
    """The episode once the service stored ``result`` (given escalations, raised urgency)."""
    if result is None:
        return ep
    return replace(
        ep,
        urgency=tr.combine(ep.urgency, result.level),
        escalations_given=ep.escalations_given + result.given(),
    )


def triage_given(*reason_ids: str, advice: bool = False) -> tuple[GivenEscalation, ...]:
    return esc.given_from_triage(reason_ids, professional_advice=advice, at=LOGGED)


# --- red flags at a check-in ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "level", "headline"),
    [(i, Urgency.EMERGENCY, "level.emergency.headline") for i in E_IDS]
    + [(i, Urgency.URGENT_TODAY, "level.urgent_today.headline") for i in U_IDS],
)
def test_a_red_flag_at_a_check_in_gives_that_level_at_once(
    item: str, level: Urgency, headline: str
) -> None:
    result = run(episode(ci(1, WORSE, flags=[item], intensity=None, frequency=None)))
    assert result is not None
    assert result.level is level
    assert result.raised
    assert result.headline_id() == headline
    item_text = next(i.text for i in (*tr.EMERGENCY_ITEMS, *tr.SAME_DAY_ITEMS) if i.id == item)
    assert item_text in result.reasons
    assert result.follow_up is tr.FollowUp.WERE_YOU_SEEN
    assert result.notices == ()  # no "💬" advice next to a red flag


def test_a_red_flag_overrides_the_clock_and_every_reason_is_kept() -> None:
    ep = episode(ci(14, SAME, flags=["e3", "u2"], intensity=9), onset_before=DAY)
    result = run(ep)
    assert result is not None
    assert result.level is Urgency.EMERGENCY
    assert result.headline_id() == "level.emergency.headline"
    assert result.action_id() == "level.emergency.action"
    levels = [f.level for f in result.new]
    assert levels[:2] == [Urgency.EMERGENCY, Urgency.URGENT_TODAY]  # most urgent first
    assert {Rule.DURATION_FIRMLY, Rule.INTENSITY} <= new_rules(result)


def test_a_red_flag_is_said_once_per_check_in_and_again_at_the_next_one() -> None:
    ep = episode(ci(1, SAME, flags=["u3"]))
    first = run(ep)
    assert first is not None
    ep = after(ep, first)
    assert run(ep) is None  # evaluated again: nothing new
    assert run(ep, now=LOGGED + 2 * DAY) is None
    # Reported again at a later check-in (e.g. after being assessed): new again.
    again = replace(ep, checkins=(*ep.checkins, ci(2, SAME, flags=["u3"])))
    result = run(again)
    assert result is not None
    assert Rule.RED_FLAG in new_rules(result)


def test_a_red_flag_after_being_seen_still_escalates_but_one_from_before_does_not() -> None:
    seen = LOGGED + 2 * DAY
    before = episode(ci(1, SAME, flags=["u4"]), seen_at=seen)
    assert run(before, now=seen + HOUR) is None  # the clinician's plan took over
    later = episode(ci(1, SAME, flags=["u4"]), ci(3, SAME, flags=["e1"]), seen_at=seen)
    result = run(later)
    assert result is not None
    assert result.level is Urgency.EMERGENCY
    assert new_rules(result) == {Rule.RED_FLAG}


# --- "lasted more than a day": the 💬 advice -----------------------------------------------------


@pytest.mark.parametrize(
    ("status", "advice"),
    [(SAME, True), (WORSE, True), (BETTER, True), (GONE, False)],
)
def test_still_there_at_the_first_check_in_gets_the_professional_advice_once(
    status: CheckStatus, advice: bool
) -> None:
    ep = episode(ci(1, status))
    result = run(ep)
    if not advice:
        assert result is None
        return
    assert result is not None
    assert result.level is Urgency.SELF_CARE
    assert not result.speaks_level
    assert result.headline_id() is None
    assert [n.text_id for n in result.notices] == ["professional.text"]
    assert result.notices[0].reason_text == "It's been going on for more than a day"
    assert result.follow_up is tr.FollowUp.CHECK_INS
    # Once per episode: still there at the second check-in, nothing new to say.
    ep = after(ep, result)
    assert run(replace(ep, checkins=(*ep.checkins, ci(2, SAME)))) is None


def test_the_professional_advice_given_at_triage_is_not_repeated() -> None:
    ep = episode(ci(1, SAME), onset_before=2 * DAY, given=triage_given(advice=True))
    assert run(ep) is None


def test_no_professional_advice_when_a_doctor_is_already_advised() -> None:
    ep = episode(ci(1, SAME), urgency=Urgency.SEE_GP)
    assert run(ep) is None


# --- the clock: 7 and 14 days from onset ---------------------------------------------------------


@pytest.mark.parametrize(
    ("lasted", "rule"),
    [
        (6 * DAY + 23 * HOUR, None),
        (7 * DAY, Rule.DURATION),
        (13 * DAY + 23 * HOUR, Rule.DURATION),
        (14 * DAY, Rule.DURATION_FIRMLY),
    ],
)
def test_seven_and_fourteen_days_from_onset(lasted: timedelta, rule: Rule | None) -> None:
    # The day-1 check-in answered exactly 1 day after logging; onset earlier by the rest.
    check = ci(1, SAME, answered_at=LOGGED + DAY)
    result = run(episode(check, onset_before=lasted - DAY))
    clock = new_rules(result) & {Rule.DURATION, Rule.DURATION_FIRMLY}
    assert clock == (set() if rule is None else {rule})
    if rule is not None:
        assert result is not None
        assert result.level is Urgency.SEE_GP
        assert f"It's been going on for {lasted.days} days" in result.reasons
    if rule is Rule.DURATION:
        assert result is not None
        assert result.headline_id() == "level.see_gp.headline"
        assert result.headline_id(uk=True) == "level.see_gp.headline_uk"
        assert result.action_id() == "level.see_gp.action"
    if rule is Rule.DURATION_FIRMLY:
        assert result is not None
        assert result.firmly
        assert result.headline_id() == "level.see_gp.firmly_headline"
        assert result.action_id() == "level.see_gp.firmly_action"
        assert [f.text_id for f in result.new if f.rule is rule] == ["see_gp_firmly"]


def test_the_day_7_check_in_counts_as_7_days_even_when_waking_hours_bring_it_earlier() -> None:
    # Logged at 23:00; the day-7 check-in goes out at 09:00, 6 days 10 hours later.
    logged_late = LOGGED.replace(hour=23)
    due = logged_late + 6 * DAY + 10 * HOUR
    ep = replace(
        episode(given=triage_given(advice=False)),
        onset_at=logged_late,
        logged_at=logged_late,
        checkins=(ci(7, SAME, due=due),),
    )
    assert Rule.DURATION in new_rules(run(ep))


def test_the_seven_day_advice_is_given_once() -> None:
    ep = episode(ci(1, SAME), onset_before=7 * DAY, given=triage_given("duration"))
    assert run(ep) is None


def test_no_clock_advice_when_the_twitch_was_reported_gone() -> None:
    assert run(episode(ci(1, GONE), onset_before=20 * DAY)) is None


def test_the_firm_advice_repeats_at_each_check_in_until_booked() -> None:
    ep = episode(
        onset_before=14 * DAY, urgency=Urgency.SEE_GP, given=triage_given("duration_firmly")
    )
    assert run(ep, now=LOGGED + HOUR) is None  # the triage said it
    for day in (1, 2, 3):
        ep = replace(ep, checkins=(*ep.checkins, ci(day, BETTER)))
        result = run(ep)
        assert new_rules(result) == {Rule.DURATION_FIRMLY}, day
        assert result is not None
        assert result.headline_id() == "level.see_gp.firmly_headline"
        assert not result.raised
        ep = after(ep, result)
        assert run(ep) is None  # not twice for the same check-in
    booked = replace(ep, booked_at=LOGGED + 3 * DAY + HOUR)
    assert run(replace(booked, checkins=(*booked.checkins, ci(5, SAME)))) is None


def test_being_seen_stops_every_gp_prompt_but_not_red_flags() -> None:
    seen = LOGGED + 3 * DAY
    ep = episode(
        ci(5, WORSE, intensity=9, frequency=CONSTANT, new_place=True),
        onset_before=20 * DAY,
        seen_at=seen,
        reminders=True,
    )
    assert run(ep) is None
    flagged = replace(ep, checkins=(ci(5, WORSE, flags=["u1"], intensity=9),))
    result = run(flagged)
    assert result is not None
    assert new_rules(result) == {Rule.RED_FLAG}
    assert result.level is Urgency.URGENT_TODAY


# --- recurrence: episodes started in 30 and 90 days ----------------------------------------------


@pytest.mark.parametrize(
    ("days_before", "rules", "reason"),
    [
        ((10,), set(), None),  # 2 in 30 days
        ((10, 20), {Rule.RECURRENCE_SHORT}, "This is the third time in 30 days"),
        ((5, 30), {Rule.RECURRENCE_SHORT}, "This is the third time in 30 days"),  # exactly 30
        ((5, 30.0001), set(), None),
        ((40, 50, 60), set(), None),  # 4 in 90 days
        ((40, 50, 60, 90), {Rule.RECURRENCE_LONG}, "This is the fifth time in 90 days"),
    ],
)
def test_recurrence_counts_this_episode_and_the_others_as_the_triage_does(
    days_before: tuple[float, ...], rules: set[Rule], reason: str | None
) -> None:
    others = [LOGGED - timedelta(days=d) for d in days_before]
    ep = episode(ci(1, GONE))
    result = run(ep, others=others)
    assert new_rules(result) == rules
    triage_reasons = tr.assess(tr.Answers(), now=LOGGED, recent_episode_starts=others).reasons
    assert {r.id for r in triage_reasons} == {r.value for r in rules}
    if reason is not None:
        assert result is not None
        assert reason in result.reasons
        assert result.level is Urgency.SEE_GP


def test_recurrence_said_at_triage_is_not_repeated_and_the_window_does_not_slide() -> None:
    others = [LOGGED - 25 * DAY, LOGGED - 20 * DAY]
    ep = episode(ci(1, GONE), urgency=Urgency.SEE_GP, given=triage_given("recurrence_short"))
    assert run(ep, others=others) is None
    # Not said at triage: three weeks later it still counts around the logging time.
    late = episode(ci(21, SAME, frequency=FEW), urgency=Urgency.SEE_GP)
    assert Rule.RECURRENCE_SHORT in new_rules(run(late, others=others))


# --- intensity -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "ratings", "rules"),
    [
        (6, [7], set()),
        (6, [8], {Rule.INTENSITY}),
        (None, [8], {Rule.INTENSITY}),
        (3, [5], set()),  # +2 from the first
        (3, [6], {Rule.INTENSITY_RISE}),  # +3 from the first
        (5, [3, 5, 7], {Rule.INTENSITY_RISING}),  # +2 then +2
        (5, [3, 5, 6], set()),  # +2 then +1
        (5, [3, 4, 6], set()),  # +1 then +2
        (5, [3, MISSED, 5, 7], {Rule.INTENSITY_RISING}),  # a missed one does not break it
        (5, [3, GONE, 5, 7], set()),  # a "Gone" does
        (2, [4, 6, 8], {Rule.INTENSITY, Rule.INTENSITY_RISE, Rule.INTENSITY_RISING}),
    ],
)
def test_intensity_rules(
    first: int | None, ratings: list[int | CheckStatus | None], rules: set[Rule]
) -> None:
    checkins = []
    for day, rating in zip(DAYS, ratings, strict=False):
        if rating is MISSED or isinstance(rating, CheckStatus):
            checkins.append(ci(day, rating))
        else:
            checkins.append(ci(day, SAME, intensity=rating))
    result = run(episode(*checkins, first=first))
    assert new_rules(result) & INTENSITY_RULES == rules
    if rules:
        assert result is not None
        assert result.level is Urgency.SEE_GP


def test_intensity_reasons_in_plain_words() -> None:
    result = run(episode(ci(1, SAME, intensity=8), first=5))
    assert result is not None
    assert "You rated it 8 out of 10" in result.reasons
    assert "It got stronger: from 5 to 8 out of 10" in result.reasons


def test_each_intensity_rule_is_said_once() -> None:
    ep = episode(ci(1, SAME, intensity=8), first=7)
    first = run(ep)
    assert new_rules(first) == {Rule.INTENSITY}
    ep = after(ep, first)
    assert run(replace(ep, checkins=(*ep.checkins, ci(2, SAME, intensity=9)))) is None


# --- how often, and where ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frequencies", "fires"),
    [
        ([CONSTANT], False),
        ([CONSTANT, CONSTANT], True),
        ([CONSTANT, Frequency.COMES_AND_GOES], False),
        ([Frequency.COMES_AND_GOES, CONSTANT], False),
        ([CONSTANT, MISSED, CONSTANT], True),
    ],
)
def test_almost_constant_at_two_check_ins_in_a_row(
    frequencies: list[Frequency | None], fires: bool
) -> None:
    checkins = [
        ci(day, MISSED) if f is MISSED else ci(day, SAME, frequency=f)
        for day, f in zip(DAYS, frequencies, strict=False)
    ]
    result = run(episode(*checkins, given=triage_given(advice=True)))
    assert (Rule.ALMOST_CONSTANT in new_rules(result)) is fires
    if fires:
        assert result is not None
        assert "It's been almost constant at two check-ins in a row" in result.reasons


@pytest.mark.parametrize(("new_place", "fires"), [(True, True), (False, False), (None, False)])
def test_twitching_in_a_new_place(new_place: bool | None, fires: bool) -> None:
    result = run(episode(ci(1, SAME, new_place=new_place), given=triage_given(advice=True)))
    assert (new_rules(result) == {Rule.NEW_PLACE}) is fires
    if fires:
        assert result is not None
        assert result.reasons == ("It's twitching in a new place too",)


def test_twitching_elsewhere_said_at_triage_is_not_a_new_place() -> None:
    ep = episode(ci(1, SAME, new_place=True), urgency=Urgency.SEE_GP, given=triage_given("g1"))
    assert run(ep) is None


# --- self-care not working -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "reminders", "fires"),
    [
        ([SAME, WORSE], True, False),
        ([SAME, WORSE, SAME], True, True),
        ([SAME, WORSE, SAME], False, False),
        ([WORSE, BETTER, SAME, WORSE], True, True),
        ([SAME, SAME, SAME, BETTER], True, False),  # getting better now
    ],
)
def test_same_or_worse_at_three_check_ins_while_doing_the_reminders(
    statuses: list[CheckStatus], reminders: bool, fires: bool
) -> None:
    checkins = [ci(day, s) for day, s in zip(DAYS, statuses, strict=False)]
    ep = episode(*checkins, reminders=reminders, given=triage_given(advice=True))
    result = run(ep)
    assert (Rule.SELF_CARE_NOT_WORKING in new_rules(result)) is fires
    if fires:
        assert result is not None
        assert any("even with self-care" in r for r in result.reasons)


# --- missed check-ins ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("checkins", "missed"),
    [
        ((), 0),
        ((ci(1, MISSED),), 0),  # the latest is not missed until the next is due
        ((ci(1, MISSED), ci(2, MISSED)), 1),
        ((ci(1, MISSED), ci(2, MISSED), ci(3, MISSED)), 2),
        ((ci(1, MISSED), ci(2, MISSED), ci(3, SAME)), 0),  # an answer resumes
        ((ci(1, SAME), ci(2, MISSED), ci(3, MISSED)), 1),
        ((ci(1, MISSED), ci(2, MISSED), ci(3, MISSED, due=LOGGED + 30 * DAY)), 1),  # not due
    ],
)
def test_missed_check_ins_in_a_row(checkins: tuple[CheckInFacts, ...], missed: int) -> None:
    assert planning.missed_checkins_in_a_row(checkins, LOGGED + 3 * DAY + HOUR) == missed


def test_two_missed_check_ins_get_the_notice_once() -> None:
    one = episode(ci(1, MISSED), ci(2, MISSED))
    assert run(one) is None
    two = episode(ci(1, MISSED), ci(2, MISSED), ci(3, MISSED))
    result = run(two)
    assert result is not None
    assert [n.text_id for n in result.notices] == ["missed_checkins"]
    assert result.notices[0].level is None
    assert not result.speaks_level
    assert run(after(two, result)) is None
    three = after(two, result)
    assert run(replace(three, checkins=(*three.checkins, ci(7, MISSED)))) is None


# --- the level never goes down -------------------------------------------------------------------


def test_an_urgent_episode_with_a_mild_check_in_stays_urgent() -> None:
    mild = episode(ci(1, BETTER, intensity=2), urgency=Urgency.URGENT_TODAY, onset_before=DAY)
    assert run(mild) is None
    spread = episode(ci(1, BETTER, new_place=True), urgency=Urgency.URGENT_TODAY)
    result = run(spread)
    assert result is not None
    assert result.level is Urgency.URGENT_TODAY
    assert not result.raised
    assert result.headline_id() == "level.urgent_today.headline"
    assert result.action_id(non_urgent_service=True) == "level.urgent_today.action_non_urgent"
    assert result.reasons == ("It's twitching in a new place too",)


@pytest.mark.parametrize("urgency", list(Urgency))
def test_the_level_is_never_below_the_episodes(urgency: Urgency) -> None:
    result = run(episode(ci(1, SAME, intensity=9), urgency=urgency))
    assert result is not None
    assert result.level is max(urgency, Urgency.SEE_GP)
    assert result.previous is urgency


def test_nothing_for_a_closed_episode() -> None:
    ep = episode(ci(1, SAME, flags=["e1"]), closed_at=LOGGED + HOUR)
    assert run(ep) is None


def test_every_finding_is_stored_with_what_why_and_when() -> None:
    ep = episode(ci(1, SAME, intensity=9, new_place=True), first=3)
    result = run(ep)
    assert result is not None
    assert {f.rule for f in result.findings} == {
        Rule.INTENSITY,
        Rule.INTENSITY_RISE,
        Rule.NEW_PLACE,
    }
    given = result.given()
    assert [(g.rule, g.level) for g in given] == [(f.rule, f.level) for f in result.new]
    assert all(g.at == result.at for g in given)
    assert all(len(f.reason_text) <= 200 and len(f.rule) <= 32 for f in result.findings)


# --- wording -------------------------------------------------------------------------------------


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_text_id_exists_and_proposals_use_known_words() -> None:
    produced = {
        "professional.text",
        "missed_checkins",
        "see_gp_firmly",
        "level.see_gp.headline",
        "level.urgent_today.headline",
        "level.emergency.headline",
        planning.FOLLOW_UP_TEXT_ID,
        "checkin.question",
        planning.SAFETY_NET_TEXT_ID,
        planning.CLOSING_TEXT_ID,
    }
    for text_id in produced:
        assert text_id in w.TEXTS, text_id
        text = w.TEXTS[text_id]
        assert text.strip(), text_id
        assert _fields(text) <= w.PLACEHOLDERS, text_id
        for word in ("ALS", "MND", "sclerosis", "neurone", "disease"):
            assert word not in text, text_id


def test_approved_wording_wins_over_a_proposal() -> None:
    assert esc.text("reason.duration", duration="9 days") == "It's been going on for 9 days"
    assert esc.text("reason.new_place") == w.TEXTS["reason.new_place"]
    with pytest.raises(KeyError):
        esc.text("no.such.id")


# --- validation ----------------------------------------------------------------------------------


NAIVE = datetime(2026, 3, 2, 10, 0)  # noqa: DTZ001 - deliberately naive


def test_naive_datetimes_are_rejected_everywhere() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        esc.evaluate(History(episode()), NAIVE)
    with pytest.raises(ValueError, match="timezone-aware"):
        CheckInFacts(1, NAIVE)
    with pytest.raises(ValueError, match="timezone-aware"):
        replace(episode(), seen_at=NAIVE)
    with pytest.raises(ValueError, match="timezone-aware"):
        History(episode(), (NAIVE,))
    with pytest.raises(ValueError, match="timezone-aware"):
        GivenEscalation(Rule.DURATION, Urgency.SEE_GP, NAIVE)
    with pytest.raises(ValueError, match="timezone-aware"):
        planning.next_checkin_day(episode(), NAIVE)
    with pytest.raises(ValueError, match="timezone-aware"):
        esc.were_you_seen_plan(NAIVE, ())


@pytest.mark.parametrize(
    "build",
    [
        lambda: CheckInFacts(0, LOGGED),
        lambda: CheckInFacts(1, LOGGED, answered_at=LOGGED),  # no status
        lambda: CheckInFacts(1, LOGGED, status=SAME),  # no answered_at
        lambda: CheckInFacts(1, LOGGED, intensity=3),  # detail on an unanswered one
        lambda: CheckInFacts(1, LOGGED, LOGGED, SAME, red_flags=frozenset({"x9"})),
        lambda: CheckInFacts(1, LOGGED, LOGGED, SAME, intensity=11),
        lambda: episode(ci(1), ci(1)),  # two check-ins on one day
        lambda: replace(episode(), onset_at=LOGGED + HOUR),
        lambda: replace(episode(), first_intensity=-1),
        lambda: esc.given_from_triage(["nonsense"], professional_advice=False, at=LOGGED),
    ],
)
def test_malformed_facts_are_rejected(build: object) -> None:
    assert callable(build)
    with pytest.raises(ValueError, match=r"."):
        build()


def test_check_ins_are_kept_in_schedule_order() -> None:
    ep = episode(ci(3), ci(1), ci(2))
    assert [c.seq for c in ep.checkins] == [1, 2, 3]


# --- schedule ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last", "reduced", "expected"),
    [
        (0, False, 1),
        (1, False, 2),
        (2, False, 3),
        (3, False, 5),
        (5, False, 7),
        (7, False, 10),
        (10, False, 14),
        (14, False, 21),
        (20, False, 21),
        (21, False, 28),
        (0, True, 7),
        (3, True, 7),
        (7, True, 14),
        (14, True, 21),
        (22, True, 28),
    ],
)
def test_schedule_days(last: int, reduced: bool, expected: int) -> None:
    assert planning.first_day_after(last, reduced=reduced) == expected


@pytest.mark.parametrize(
    ("seq", "day"),
    [(1, 1), (2, 2), (3, 3), (4, 5), (5, 7), (6, 10), (7, 14), (8, 21), (9, 28), (12, 49)],
)
def test_check_in_numbers_and_days(seq: int, day: int) -> None:
    # The reminders' ``chk:{episode}:{seq}`` numbers the normal schedule.
    assert planning.checkin_day(seq) == day
    assert planning.checkin_seq(day) == seq


@pytest.mark.parametrize("day", [0, 4, 6, 13, 15, 22])
def test_no_check_in_on_other_days(day: int) -> None:
    with pytest.raises(ValueError, match="check-in"):
        planning.checkin_seq(day)


def test_stored_rule_names() -> None:
    assert esc.Rule.from_stored("duration_firmly") is Rule.DURATION_FIRMLY
    assert esc.Rule.from_stored("triage") is None
    assert esc.Rule.from_stored("free_text_emergency") is None


def test_the_schedule_comes_from_thresholds() -> None:
    days, day = [], 0
    while day < 30:
        day = planning.first_day_after(day, reduced=False)
        days.append(day)
    assert tuple(days[: len(t.CHECKIN_DAYS)]) == t.CHECKIN_DAYS
    assert days[len(t.CHECKIN_DAYS) :] == [21, 28, 35]


@pytest.mark.parametrize(
    ("checkins", "now", "expected"),
    [
        ((), LOGGED, 1),
        ((ci(1, SAME),), LOGGED + DAY + HOUR, 2),
        ((ci(1, MISSED),), LOGGED + DAY + HOUR, 2),
        ((ci(1, MISSED), ci(2, MISSED)), LOGGED + 2 * DAY + HOUR, 3),  # one missed
        ((ci(1, MISSED), ci(2, MISSED), ci(3, MISSED)), LOGGED + 3 * DAY + HOUR, 7),
        ((ci(1, MISSED), ci(2, MISSED), ci(3, SAME)), LOGGED + 3 * DAY + HOUR, 5),  # resumes
        ((ci(1), ci(2), ci(3), ci(5), ci(7), ci(10), ci(14)), LOGGED + 14 * DAY + HOUR, 21),
        # Waking hours brought day 2 forward to 1 day 10 hours: day 3 is next, not day 2.
        ((ci(1), ci(2, due=LOGGED + DAY + 10 * HOUR)), LOGGED + DAY + 11 * HOUR, 3),
        # After downtime the day-3 check-in went out on day 9: the next is day 10.
        ((ci(1), ci(2), ci(3, MISSED, due=LOGGED + 9 * DAY + HOUR)), LOGGED + 9 * DAY + HOUR, 10),
        # A planned check-in not yet due does not count.
        ((ci(1), ci(2, MISSED, due=LOGGED + 3 * DAY)), LOGGED + DAY + HOUR, 2),
    ],
)
def test_next_check_in_day(
    checkins: tuple[CheckInFacts, ...], now: datetime, expected: int
) -> None:
    ep = episode(*checkins)
    assert planning.next_checkin_day(ep, now) == expected
    assert esc.next_checkin_seq(ep, now) == planning.checkin_seq(expected)


@pytest.mark.parametrize(
    "ep",
    [
        episode(urgency=Urgency.URGENT_TODAY),
        episode(urgency=Urgency.EMERGENCY),
        episode(ci(1), closed_at=LOGGED + DAY + 2 * HOUR),
        episode(ci(1, GONE), ci(2, GONE)),
    ],
    ids=["urgent", "emergency", "closed", "two-gone"],
)
def test_no_check_ins_after_urgent_advice_or_closing(ep: EpisodeFacts) -> None:
    now = LOGGED + 3 * DAY
    assert planning.next_checkin_day(ep, now) is None
    assert esc.next_checkin_seq(ep, now) is None
    assert not planning.checkin_wanted(ep, 3, now)


@pytest.mark.parametrize(
    ("checkins", "day", "wanted"),
    [
        ((ci(1, SAME), ci(2, MISSED)), 3, True),  # one missed
        ((ci(1, MISSED), ci(2, MISSED)), 3, False),  # two missed: the notice instead
        ((ci(1, MISSED), ci(2, MISSED), ci(3, MISSED)), 7, True),
        ((ci(5, MISSED), ci(7, MISSED)), 14, True),
        ((ci(1, SAME), ci(10, MISSED), ci(14, MISSED)), 21, True),
        ((ci(1, MISSED), ci(10, MISSED), ci(14, MISSED)), 21, False),  # 21 days silent: closes
        ((ci(1, MISSED), ci(2, SAME)), 3, True),
    ],
)
def test_after_two_missed_only_days_7_14_and_weekly_are_asked(
    checkins: tuple[CheckInFacts, ...], day: int, wanted: bool
) -> None:
    now = LOGGED + day * DAY
    assert planning.checkin_wanted(episode(*checkins), planning.checkin_seq(day), now) is wanted


@pytest.mark.parametrize(
    ("silence", "closes"),
    [(20 * DAY + 23 * HOUR, False), (21 * DAY, True)],
)
def test_twenty_one_days_without_any_answer_closes(silence: timedelta, closes: bool) -> None:
    answered = ci(1, SAME)
    assert answered.answered_at is not None
    ep = episode(answered, ci(2, MISSED), ci(3, MISSED), ci(7, MISSED), ci(14, MISSED))
    now = answered.answered_at + silence
    assert esc.should_close_for_silence(ep, now) is closes
    assert (planning.next_checkin_day(ep, now) is None) is closes
    # Never answered at all: counted from logging.
    assert esc.should_close_for_silence(episode(ci(1, MISSED)), LOGGED + silence) is closes
    # "I've booked" is a sign of life too.
    booked = replace(ep, booked_at=answered.answered_at + 10 * DAY)
    assert not esc.should_close_for_silence(booked, now)


@pytest.mark.parametrize(
    ("checkins", "closes"),
    [
        ((ci(1, GONE),), False),
        ((ci(1, GONE), ci(2, GONE)), True),
        ((ci(1, SAME), ci(2, GONE)), False),
        ((ci(1, GONE), ci(2, SAME)), False),
        ((ci(1, GONE), ci(2, MISSED), ci(3, GONE)), False),  # not neighbours
        ((ci(1, GONE), ci(2, MISSED), ci(3, GONE), ci(5, GONE)), True),
        ((ci(1, GONE), ci(2, GONE), ci(3, MISSED)), True),
    ],
)
def test_two_gone_in_a_row_close_the_episode(
    checkins: tuple[CheckInFacts, ...], closes: bool
) -> None:
    assert esc.closes_on_gone(checkins) is closes


# --- "Were you seen?" after EMERGENCY or URGENT_TODAY --------------------------------------------


GIVEN = LOGGED + 2 * HOUR
NY = SeenAnswer.NOT_YET


def asks(*answers: SeenAnswer | None) -> tuple[SeenAsk, ...]:
    return tuple(SeenAsk(GIVEN + (n + 1) * DAY, a) for n, a in enumerate(answers))


@pytest.mark.parametrize(
    ("answers", "step", "days_after", "number"),
    [
        ((), SeenStep.ASK, 1, 1),  # the next day
        ((NY,), SeenStep.ASK, 2, 2),
        ((NY, NY), SeenStep.ASK, 3, 3),
        ((NY, NY, NY), SeenStep.CLOSE, 4, 0),  # up to 3 days of "Not yet"
        ((None,), SeenStep.ASK, 2, 2),  # no answer: one more ask
        ((None, None), SeenStep.CLOSE, 3, 0),  # ... then close with the safety net
        ((NY, None), SeenStep.ASK, 3, 3),
        ((NY, None, None), SeenStep.CLOSE, 4, 0),
    ],
)
def test_were_you_seen_follow_ups(
    answers: tuple[SeenAnswer | None, ...], step: SeenStep, days_after: int, number: int
) -> None:
    plan = esc.were_you_seen_plan(GIVEN, asks(*answers))
    assert plan.step is step
    assert plan.at == GIVEN + days_after * DAY
    assert plan.ask_number == number
    expected = planning.FOLLOW_UP_TEXT_ID if step is SeenStep.ASK else planning.SAFETY_NET_TEXT_ID
    assert plan.text_id == expected


@pytest.mark.parametrize(
    "answers", [(SeenAnswer.ASSESSED,), (NY, SeenAnswer.ASSESSED), (None, SeenAnswer.ASSESSED)]
)
def test_assessed_ends_the_follow_ups(answers: tuple[SeenAnswer | None, ...]) -> None:
    plan = esc.were_you_seen_plan(GIVEN, asks(*answers))
    assert plan.step is SeenStep.DONE
    assert plan.at is None


def test_an_urgent_level_given_again_after_assessed_asks_again() -> None:
    """Fuzz drill (issue 10): "Yes, I was assessed", then a new red flag at a check-in raises
    the episode to urgent again: "Were you seen?" comes again the next day; the earlier round's
    "assessed" does not end the new one (it left the episode with nothing planned)."""
    earlier = asks(NY, SeenAnswer.ASSESSED)
    again = GIVEN + 5 * DAY
    plan = esc.were_you_seen_plan(again, earlier)
    assert (plan.step, plan.at, plan.ask_number) == (SeenStep.ASK, again + DAY, 1)
    later = (*earlier, SeenAsk(again + DAY, NY))
    assert esc.were_you_seen_plan(again, later).ask_number == 2


def test_the_follow_up_numbers_come_from_thresholds() -> None:
    assert t.WERE_YOU_SEEN_AFTER == DAY
    assert t.WERE_YOU_SEEN_NOT_YET_MAX_DAYS == 3
    assert t.WERE_YOU_SEEN_EXTRA_ASKS == 1
