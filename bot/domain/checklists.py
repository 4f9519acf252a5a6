"""The triage's data (TRIAGE.md "The triage conversation"): the three checklists, the answer
choices, the factors of the last 24 hours, and what they point to (contributing factors, the
self-care plan). Numbers come from ``thresholds.py``; texts are English sources marked for the
catalogs. Standard library only."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Final

from bot.domain import thresholds as t
from bot.domain.language import N_, _
from bot.domain.model import Frequency, Side, Urgency


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    id: str  # stable and stored: never reuse an id for a different meaning
    source: str  # the English text, shown in full, numbered, in the message ({n}: ``number``)
    short: str  # the English short button label (at most 20 characters)
    number: int | None = None  # a clinical number the text names, from thresholds.py

    @property
    def text(self) -> str:
        """The full text in the current language."""
        text = _(self.source)
        return text if self.number is None else text.format(n=self.number)

    @property
    def label(self) -> str:
        """The short button label in the current language."""
        return _(self.short)


# Step 1 of "The triage conversation". Any ticked, on Continue -> EMERGENCY; the flow stops.
EMERGENCY_ITEMS: Final = (
    ChecklistItem(
        "e1", N_("Trouble breathing or swallowing, or slurred speech"), N_("Breathing/speech")
    ),
    ChecklistItem(
        "e2",
        N_("Sudden weakness or numbness on one side, a drooping face, or sudden confusion"),
        N_("One-sided weakness"),
    ),
    ChecklistItem(
        "e3",
        N_("Chest pain, sudden shortness of breath, or coughing blood"),
        N_("Chest pain/breath"),
    ),
    ChecklistItem(
        "e4", N_("A seizure, fainting, or jerking you can't stop"), N_("Seizure/fainting")
    ),
    ChecklistItem(
        "e5",
        N_("An injury with a crack, a deformed leg, or a cold, pale or numb leg or foot"),
        N_("Injury/cold leg"),
    ),
    ChecklistItem(
        "e6",
        N_("Numbness between the legs, or new bladder or bowel problems"),
        N_("Bladder/bowel"),
    ),
)

# Step 2. Any ticked, on Continue -> URGENT_TODAY; the flow stops.
SAME_DAY_ITEMS: Final = (
    ChecklistItem(
        "u1",
        N_(
            "Pain and swelling in one thigh or calf, or warm, red or darker skin (more likely "
            "after surgery, bed rest, a long journey, in pregnancy or on the pill/HRT)"
        ),
        N_("Swollen thigh/calf"),
    ),
    ChecklistItem(
        "u2", N_("A hot, red, very swollen knee with fever or shivers"), N_("Hot swollen knee")
    ),
    ChecklistItem(
        "u3",
        N_("You can't put weight on the leg or fully straighten the knee"),
        N_("Can't bear weight"),
    ),
    ChecklistItem("u4", N_("The knee locks or gives way, or you fell"), N_("Locks/gives way")),
    ChecklistItem(
        "u5",
        N_("A cramp lasting over {n} minutes, or a dirty wound"),
        N_("Long cramp/wound"),
        t.CRAMP_URGENT_MINUTES,
    ),
    ChecklistItem(
        "u6",
        N_("Dark brown or cola-coloured urine with severe muscle pain or weakness"),
        N_("Dark urine"),
    ),
    ChecklistItem(
        "u7",
        N_("Tingling around the mouth or fingers with spasms, or a racing or irregular heartbeat"),
        N_("Tingling/heartbeat"),
    ),
    ChecklistItem(
        "u8",
        N_("Agitated, confused, sweaty or feverish after starting or changing a medicine"),
        N_("Unwell on medicine"),
    ),
    ChecklistItem(
        "u9",
        N_("Very thirsty and dizzy on standing, or no urine for {n} hours"),
        N_("Thirsty/dizzy"),
        t.NO_URINE_HOURS,
    ),
)

# Step 4. Any ticked, or SEE_GP_AFTER (7 days) or more -> SEE_GP.
GP_ITEMS: Final = (
    ChecklistItem(
        "g1", N_("Twitching anywhere else too (other leg, arms, face)"), N_("Twitching elsewhere")
    ),
    ChecklistItem(
        "g2",
        N_("The leg feels weak, or stiff in a way that is not the usual soreness after exercise"),
        N_("Weak or stiff"),
    ),
    ChecklistItem("g3", N_("The thigh looks thinner"), N_("Thinner thigh")),
    ChecklistItem("g4", N_("Numbness or pins and needles"), N_("Numbness/tingling")),
    ChecklistItem(
        "g5",
        N_(
            "A regular or recently changed medicine (diuretics, steroid tablets, salbutamol-type "
            "inhalers, stimulants, some antidepressants, statins, hormones)"
        ),
        N_("Regular medicine"),
    ),
    ChecklistItem("g6", N_("Pain not linked to exercise"), N_("Pain")),
    ChecklistItem(
        "g7", N_("Twitches or cramps disturbing sleep most nights"), N_("Disturbed sleep")
    ),
)

# SEE_GP "in the next few days, and not later" when one of these is ticked (decision 5).
GP_WITHIN_A_WEEK_ITEMS: Final = frozenset({"g2", "g3"})  # weak or stiff; thinner thigh


class Duration(StrEnum):
    """Step 3, "How long?" (single choice)."""

    UNDER_A_DAY = "lt1d"
    DAYS_1_2 = "1-2d"
    DAYS_3_6 = "3-6d"
    DAYS_7_13 = "7-13d"
    WEEKS_2_PLUS = "2w+"

    @property
    def label(self) -> str:
        return _(DURATION_LABELS[self])


DURATION_LABELS: Final[Mapping[Duration, str]] = {
    Duration.UNDER_A_DAY: N_("Under a day"),
    Duration.DAYS_1_2: N_("1–2 days"),
    Duration.DAYS_3_6: N_("3–6 days"),
    Duration.DAYS_7_13: N_("7–13 days"),
    Duration.WEEKS_2_PLUS: N_("2 weeks or more"),
}

# Onset is taken at the UPPER end of the answer, the safer reading (decision 6).
ONSET_BEFORE_NOW: Final[Mapping[Duration, timedelta]] = {
    Duration.UNDER_A_DAY: t.ONSET_UNDER_A_DAY,
    Duration.DAYS_1_2: t.ONSET_1_2_DAYS,
    Duration.DAYS_3_6: t.ONSET_3_6_DAYS,
    Duration.DAYS_7_13: t.ONSET_7_13_DAYS,
    Duration.WEEKS_2_PLUS: t.ONSET_2_WEEKS_OR_MORE,
}

# Step 5, context (not triage): which knee, intensity 0-10, how often, the last 24 hours.
SIDE_LABELS: Final[Mapping[Side, str]] = {
    Side.LEFT: N_("Left"),
    Side.RIGHT: N_("Right"),
    Side.BOTH: N_("Both"),
}
FREQUENCY_LABELS: Final[Mapping[Frequency, str]] = {
    Frequency.FEW_TIMES: N_("A few times"),
    Frequency.COMES_AND_GOES: N_("Comes and goes"),
    Frequency.ALMOST_CONSTANT: N_("Almost constant"),
}

# The check-in's answers: "Still twitching?" (by ``facts.CheckStatus`` value) and yes / no.
CHECKIN_STATUS_LABELS: Final[Mapping[str, str]] = {
    "gone": N_("Gone"),
    "better": N_("Better"),
    "same": N_("Same"),
    "worse": N_("Worse"),
}
YES_LABEL: Final = N_("Yes")
NO_LABEL: Final = N_("No")


class Factor(StrEnum):
    """Step 5, "In the last 24 hours" (multi-select)."""

    HARD_EXERCISE = "exercise"
    POOR_SLEEP = "sleep"
    CAFFEINE = "caffeine"
    STRESS = "stress"
    DRANK_LITTLE = "drank_little"
    NEW_MEDICINE = "new_medicine"

    @property
    def label(self) -> str:
        return _(FACTOR_LABELS[self])


FACTOR_LABELS: Final[Mapping[Factor, str]] = {
    Factor.HARD_EXERCISE: N_("Hard leg exercise"),
    Factor.POOR_SLEEP: N_("Poor sleep"),
    Factor.CAFFEINE: N_("Lots of caffeine"),
    Factor.STRESS: N_("Stress"),
    Factor.DRANK_LITTLE: N_("Drank little"),
    Factor.NEW_MEDICINE: N_("A new medicine"),
}
FACTOR_ITEMS: Final = tuple(
    ChecklistItem(f.value, FACTOR_LABELS[f], FACTOR_LABELS[f]) for f in Factor
)


class Contributor(StrEnum):
    """Possible contributing factors: the article's six causes, plus the NHS everyday triggers.

    Shown as "often linked to", never as a cause. Text: ``wording`` id ``contributor.<value>``.
    """

    FATIGUE = "fatigue"  # physical fatigue / overexertion
    STRAIN = "strain"  # mild muscle strain
    DEHYDRATION = "dehydration"
    ELECTROLYTES = "electrolytes"  # salt and mineral levels
    MEDICATION = "medication"  # medication side effect
    NERVE = "nerve"  # nerve irritation: no answer selects it today
    TRIGGERS = "triggers"  # tiredness, poor sleep, stress, caffeine

    @property
    def wording_id(self) -> str:
        return f"contributor.{self.value}"


# Which answers point to which contributing factors (triage step 6).
FACTOR_CONTRIBUTORS: Final[Mapping[Factor, tuple[Contributor, ...]]] = {
    Factor.HARD_EXERCISE: (Contributor.FATIGUE, Contributor.STRAIN),
    Factor.DRANK_LITTLE: (Contributor.DEHYDRATION, Contributor.ELECTROLYTES),
    Factor.NEW_MEDICINE: (Contributor.MEDICATION,),
    Factor.POOR_SLEEP: (Contributor.TRIGGERS,),
    Factor.STRESS: (Contributor.TRIGGERS,),
    Factor.CAFFEINE: (Contributor.TRIGGERS,),
}
GP_ITEM_CONTRIBUTORS: Final[Mapping[str, tuple[Contributor, ...]]] = {
    "g5": (Contributor.MEDICATION,),  # a regular or recently changed medicine
}


class PlanItem(StrEnum):
    """Items of the self-care plan, in the order shown. Text: ``wording`` id ``plan.<value>``."""

    WATER = "water"
    FOOD = "food"
    CAFFEINE = "caffeine"
    STRETCH = "stretch"
    BALANCE = "balance"
    SLEEP_STRESS = "sleep_stress"
    MEDICINES = "medicines"  # "don't stop a prescribed medicine without advice"

    @property
    def wording_id(self) -> str:
        return f"plan.{self.value}"


# The caffeine line is in every self-care plan (TRIAGE.md, revised).
PLAN_ALWAYS: Final = frozenset(
    {
        PlanItem.WATER,
        PlanItem.FOOD,
        PlanItem.CAFFEINE,
        PlanItem.STRETCH,
        PlanItem.BALANCE,
        PlanItem.SLEEP_STRESS,
    }
)
FACTOR_PLAN_ITEMS: Final[Mapping[Factor, tuple[PlanItem, ...]]] = {}
CONTRIBUTOR_PLAN_ITEMS: Final[Mapping[Contributor, tuple[PlanItem, ...]]] = {
    Contributor.MEDICATION: (PlanItem.MEDICINES,),  # whenever medicines come up (decision 7)
}
# At URGENT_TODAY and EMERGENCY the message carries the action only: no factors, no plan.
PLAN_UP_TO: Final = Urgency.SEE_GP


class GpTiming(StrEnum):
    """How soon, when the level is SEE_GP (decisions 5, 6)."""

    WITHIN_DAYS = "days"  # not an emergency; within days
    WITHIN_A_WEEK = "week"  # weak or stiff, or thinner: "the next few days, not later"
    FIRMLY = "firmly"  # 14 days or more: "Please book a doctor's appointment now."


class FollowUp(StrEnum):
    """What comes after the result."""

    CHECK_INS = "check_ins"  # automatic check-ins (SELF_CARE, SEE_GP)
    WERE_YOU_SEEN = "were_you_seen"  # next day "Were you seen?" (EMERGENCY, URGENT_TODAY)

    @classmethod
    def after(cls, level: Urgency) -> FollowUp:
        """Check-ins go on up to SEE_GP; above it, "Were you seen?" follow-ups instead."""
        return cls.CHECK_INS if level <= Urgency.SEE_GP else cls.WERE_YOU_SEEN
