"""Approved user-facing texts, keyed by stable ids (TRIAGE.md "Texts"; clinical-research.md 5, 6).

Plain text, no HTML: the Telegram layer escapes and formats. Two kinds of ``{placeholder}``:

- clinical numbers (``{water_min}`` ...) are filled in here, once, from ``thresholds.py``, so a
  number lives in one place; ``TEXTS`` already holds the filled text;
- ``{number}``, ``{non_urgent}``, ``{red_flags}``, ``{when}``, ``{duration}``, ``{ordinal}``,
  ``{days}`` and ``{intensity}`` are filled by the caller through ``text(id, **values)``.

Texts marked VERBATIM are TRIAGE.md's approved wording, character for character (its " - " dashes
included); change them only together with TRIAGE.md. Checklist items and answer labels live with
the rules in ``triage.py``. The bot never names a disease here and never diagnoses.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import Final

from bot.domain import language
from bot.domain import thresholds as t
from bot.domain.language import N_
from bot.domain.model import Urgency

# Clinical numbers used inside the texts below (filled in once, at import).
_NUMBERS: Final[Mapping[str, int]] = {
    "water_min": t.WATER_GLASSES_MIN,
    "water_max": t.WATER_GLASSES_MAX,
    "caffeine_max": t.CAFFEINE_MAX_MG,
    "caffeine_pregnant": t.CAFFEINE_MAX_MG_PREGNANT,
    "caffeine_mugs": t.CAFFEINE_MAX_MUGS,
    "hold_min": t.STRETCH_HOLD_SECONDS_MIN,
    "hold_max": t.STRETCH_HOLD_SECONDS_MAX,
    "repeats_min": t.STRETCH_REPEATS_MIN,
    "repeats_max": t.STRETCH_REPEATS_MAX,
    "warm_up_minutes": t.WARM_UP_MINUTES,
    "rest_min": t.STRAIN_REST_DAYS_MIN,
    "rest_max": t.STRAIN_REST_DAYS_MAX,
    "strength_reps": t.STRENGTH_REPETITIONS,
    "strength_days_min": t.STRENGTH_DAYS_PER_WEEK_MIN,
    "strength_days_max": t.STRENGTH_DAYS_PER_WEEK_MAX,
}

# Placeholders the caller fills in with ``text(id, **values)``.
PLACEHOLDERS: Final = frozenset(
    {
        "number",
        "non_urgent",
        "red_flags",
        "when",
        "items",  # checklist items read in a typed message
        "duration",
        "ordinal",
        "days",
        "intensity",
        "first",
        "count",
    }
)

_RAW: Final[Mapping[str, str]] = {
    # --- Onboarding and every result (VERBATIM) ----------------------------------------------
    "disclaimer": (
        N_(
            "I'm a self-care assistant, not a doctor, and I can't diagnose what's causing your "
            "twitch. I give general information, reminders and check-ins, and I'll tell you when "
            "it's a good idea to see a health professional. In an emergency call {number} - don't "
            "message me. Most muscle twitches are harmless and settle within days to a few weeks. "
            "If you're ever worried, contact a doctor or pharmacist; you don't need to wait for me."
        )
    ),
    "footer": (
        N_(
            "This isn't a diagnosis. If things change or you're worried, contact a doctor - or call "
            "{number} in an emergency."
        )
    ),
    # --- The four levels (decision 5): a headline that opens the message, then one action ----
    "level.emergency.headline": N_("🚨 Emergency: call {number} now"),
    "level.emergency.action": (
        N_("Call {number} or go to the emergency department now. Don't drive yourself.")
    ),
    "level.urgent_today.headline": N_("🟠 Get medical help today"),
    "level.urgent_today.action": (
        N_(
            "Get an urgent same-day appointment with a doctor, or contact the out-of-hours service. "
            "If it gets worse, call {number}."
        )
    ),
    # Where the country names a non-urgent service (only NHS 111, UK; decision 8).
    "level.urgent_today.action_non_urgent": (
        N_(
            "Get an urgent same-day appointment with a doctor, or contact {non_urgent} or the "
            "out-of-hours service. If it gets worse, call {number}."
        )
    ),
    "level.see_gp.headline": N_("🟡 Book a doctor's appointment"),
    "level.see_gp.headline_uk": N_("🟡 Book a GP appointment"),
    "level.see_gp.action": (
        N_(
            "This isn't an emergency. Please book an appointment for the next few days. Most "
            "twitches like this turn out to be harmless, and a doctor can check for common causes "
            "like stress, medicines or your salt and mineral levels."
        )
    ),
    # When the leg feels weak or stiff, or the thigh looks thinner (decision 5, revised: "in
    # the next few days"; weakness or a thinner muscle never makes it later than that).
    "level.see_gp.action_within_week": (
        N_(
            "This isn't an emergency, but please book an appointment for the next few days and "
            "don't leave it later. A doctor can check for common causes like stress, medicines or "
            "your salt and mineral levels."
        )
    ),
    # SEE_GP firmly at 14 days (VERBATIM, split into headline + action; "see_gp_firmly" whole).
    "level.see_gp.firmly_headline": N_("🟡 Please book a doctor's appointment now."),
    "level.see_gp.firmly_headline_uk": N_("🟡 Please book a GP appointment now."),
    "level.see_gp.firmly_action": (
        N_(
            "Twitching that lasts two weeks or more should be checked. It's very likely nothing "
            "serious, and a doctor can look at common causes like medicines, stress or your salt "
            "and mineral levels."
        )
    ),
    "see_gp_firmly": (
        N_(
            "🟡 Please book a doctor's appointment now. Twitching that lasts two weeks or more "
            "should be checked. It's very likely nothing serious, and a doctor can look at common "
            "causes like medicines, stress or your salt and mineral levels."
        )
    ),
    "level.self_care.headline": N_("🟢 Self-care for now"),
    "level.self_care.action": (
        N_(
            "Most muscle twitches are harmless and settle within days to a few weeks. Here's what "
            "can help, and I'll check in with you."
        )
    ),
    # --- The fifth, non-level message (decision 6; VERBATIM) ----------------------------------
    "professional.headline": N_("💬 Worth a word with a professional (not urgent)"),
    "professional.text": (
        N_(
            "It's lasted more than a day. That's usually nothing serious, but it's worth a word with "
            "a pharmacist or doctor (or a physiotherapist if you strained it). It isn't urgent."
        )
    ),
    # --- Safety nets ------------------------------------------------------------------------
    "red_flags.one_line": (
        N_(
            "trouble breathing or speaking, chest pain, sudden weakness on one side, a seizure or "
            "fainting"
        )
    ),
    "safety_net": (
        N_(
            "See a doctor sooner if you notice weakness, a thinner muscle, numbness or twitching "
            "elsewhere. For {red_flags}, call {number}."
        )
    ),
    "missed_checkins": (  # VERBATIM
        N_(
            "I haven't heard back - I hope that means it's settled. If it's still there after two "
            "weeks, or you notice weakness, a thinner muscle, numbness or twitching elsewhere, "
            "please see a doctor. For {red_flags}, call {number}."
        )
    ),
    "closing": (  # VERBATIM
        N_(
            "Glad it's settled. If it comes back, send /twitch. See a doctor if it returns often or "
            "you notice weakness or a thinner muscle."
        )
    ),
    # --- What happens next --------------------------------------------------------------------
    "checkin.timing": (
        N_("I'll check in {when} to see how it's going, then every few days while it lasts.")
    ),
    "followup.notice": N_("I'll message you tomorrow to ask whether you were seen."),
    # --- The triage screens -------------------------------------------------------------------
    "checklist.emergency.question": N_("Do any of these apply right now?"),
    "checklist.same_day.question": N_("Do any of these apply?"),
    "checklist.gp.question": N_("Do any of these apply?"),
    "checklist.not_sure": N_("Not sure about one? Tick it."),  # decision 3, under every such list
    "checklist.locked": N_("A ticked warning sign stays ticked, to keep you safe."),
    "question.duration": N_("How long has this twitch been going on (on and off)?"),
    "question.side": N_("Which knee?"),
    "question.intensity": (
        N_("How strong is it right now, from 0 (barely) to 10 (constant and very noticeable)?")
    ),
    "question.frequency": N_("How often does it twitch?"),
    "question.factors": N_("In the last 24 hours, did any of these happen? Tick all that apply."),
    "button.none": N_("None of these"),
    "button.continue": N_("Continue"),
    "button.back": N_("Back"),
    "button.cancel": N_("Cancel"),
    "triage.quick": N_("Same as last time?"),
    # --- Reasons shown with a result (checklist reasons use the item's own text) -------------
    "reasons.intro": N_("Why:"),
    # The level an episode reached earlier, shown first when a new triage would say less.
    "reason.episode": (
        N_(
            "Earlier in this episode it was at this level, and it stays there until you've been seen"
        )
    ),
    "reason.duration": N_("It's been going on for {duration}"),
    "reason.duration.a_day": N_("more than a day"),  # {duration} from the check-ins
    "reason.duration.days": N_("{days} days"),
    "reason.recurrence": N_("This is the {ordinal} time in {days} days"),
    "reason.intensity": N_("You rated it {intensity} out of 10"),
    "reason.intensity_rise": N_("It got stronger: from {first} to {intensity} out of 10"),
    "reason.intensity_rising": (
        N_("It got stronger at two check-ins in a row: now {intensity} out of 10")
    ),
    "reason.almost_constant": N_("It's been almost constant at two check-ins in a row"),
    "reason.new_place": N_("It's twitching in a new place too"),
    "reason.self_care_not_working": (
        N_("It's been the same or worse at {count} check-ins, even with self-care")
    ),
    "reason.missed_checkins": N_("No answer to the last {count} check-ins"),
    "reason.missed_notice": N_("Two check-ins in a row without an answer"),
    # --- Possible contributing factors: the article's six causes + NHS everyday triggers -----
    "contributors.intro": N_("What might be playing a part:"),
    "contributor.fatigue": (
        N_("Hard or long exercise: twitches are often linked to tired, overworked muscles.")
    ),
    "contributor.strain": (
        N_(
            "A mild strain: twitching is often linked to a small strain in the muscle. A "
            "physiotherapist can help if you strained it."
        )
    ),
    "contributor.dehydration": (
        N_("Not drinking enough: twitches are often linked to being short of fluids.")
    ),
    "contributor.electrolytes": (
        N_(
            "Salt and mineral levels: twitches are often linked to an imbalance of minerals like "
            "potassium, calcium and magnesium, for example after sweating a lot or drinking little."
        )
    ),
    "contributor.medication": (
        N_(
            "A medicine: twitching is often linked to some medicines, as a side effect. Don't stop a "
            "prescribed medicine without advice - a pharmacist or doctor can check."
        )
    ),
    "contributor.nerve": (
        N_(
            "An irritated nerve: twitching is often linked to a nerve in the leg being pressed on or "
            "irritated."
        )
    ),
    "contributor.triggers": (
        N_(
            "Everyday triggers: twitches are often linked to tiredness, poor sleep, stress and "
            "caffeine."
        )
    ),
    # --- The self-care plan (triage step 6; clinical-research 5.1, 5.2) -----------------------
    "plan.intro": N_("What can help:"),
    "plan.water": (
        N_(
            "Drink regularly: about {water_min}–{water_max} glasses of fluid a day, enough for "
            "pale-yellow urine - unless a doctor has told you to limit fluids."
        )
    ),
    "plan.food": (
        N_(
            "Eat magnesium-rich food: spinach, nuts, seeds, beans and whole grains. If you're "
            "thinking about supplements, check with a pharmacist first."
        )
    ),
    "plan.caffeine": (
        N_(
            "Go easy on caffeine: up to {caffeine_max} mg a day (about {caffeine_mugs} mugs of "
            "filter coffee), or {caffeine_pregnant} mg if you're pregnant. Energy drinks and "
            "pre-workout products count too."
        )
    ),
    "plan.stretch": (
        N_(
            "Stretch gently once a day: a standing thigh (quadriceps) stretch holding a wall or "
            "chair, and a hamstring stretch lying down or sitting; a calf stretch is optional. Hold "
            "each for {hold_min}–{hold_max} seconds, {repeats_min}–{repeats_max} times each leg. "
            "Warm up first with {warm_up_minutes} minutes of walking. You should feel a gentle "
            "pull, never pain; don't bounce, and keep breathing. Don't stretch a fresh injury: if "
            "you've just strained the muscle, rest it for the first {rest_min}–{rest_max} days. Stop "
            "and seek advice if stretching causes pain, swelling, or the knee gives way."
        )
    ),
    "plan.balance": (
        N_(
            "Keep your thighs balanced: as general fitness (not a cure for twitching), keep the "
            "front (quadriceps) and back (hamstrings) of your thighs similarly strong and flexible. "
            "If it's pain-free, try {strength_reps} slow sit-to-stands from a chair and "
            "{strength_reps} straight-leg raises each side, {strength_days_min}–{strength_days_max} "
            "days a week."
        )
    ),
    "plan.sleep_stress": (
        N_(
            "Rest and unwind: good sleep and ways to relax help, and try not to worry - worrying can "
            "make twitching worse."
        )
    ),
    "plan.medicines": (
        N_(
            "Don't stop a prescribed medicine without advice. If you think a medicine might be "
            "involved, ask a pharmacist or your doctor."
        )
    ),
    # --- Reminders (clinical-research.md 5.1, 5.2 reminder copy; TRIAGE.md decision 9) ------
    "reminder.hydration": (
        N_(
            "💧 Water check: had a glass in the last couple of hours? Aim for {water_min}–{water_max} "
            "a day. Pale-yellow pee = you're on track. (Unless a doctor has told you to limit "
            "fluids.)"
        )
    ),
    "reminder.hydration_limited": N_("💧 Time for a drink, as your doctor advised."),
    "reminder.stretch": (
        N_(
            "🧘 Stretch break: {hold_max} s thigh stretch + {hold_max} s hamstring stretch each leg, "
            "twice. Gentle pull only - no pain, no bouncing. Not on a fresh injury."
        )
    ),
    "reminder.stretch_tip": N_("Tip: stretching works best after a short walk."),
    "reminder.fluids_question": N_("Has a doctor told you to limit how much you drink?"),
    # --- Check-ins (TRIAGE.md "Check-ins and escalation from history") ------------------------
    "checkin.question": N_("Still twitching?"),
    "checkin.late": N_("Sorry this is late."),
    "checkin.question.new_place": N_("Anywhere else now? (other leg, arms, face)"),
    "checkin.thanks": N_("Thanks. I'll check in again {when}."),
    "checkin.closed": N_("This check-in is closed."),
    "followup.were_you_seen": N_("Were you seen by a doctor or another health professional?"),
    # --- Free text (TRIAGE.md "Free text") ----------------------------------------------------
    "free_text.emergency_yes": N_("Yes, this is happening now"),
    "free_text.emergency_no": N_("No, I was just describing"),
    "free_text.offer_triage": N_("Would you like to log this twitch? It takes about a minute."),
    "free_text.you_wrote": N_("You wrote about: {items}."),
    "free_text.which": N_("Which of these fits? Not sure? Tick it."),
    "free_text.follow_up": N_("Yesterday you mentioned: {items}. How are you now?"),
    "free_text.safety_line": N_("If this is an emergency, call {number}."),
    "free_text.none_fit": N_("OK, thank you for checking."),
    "free_text.heat": N_("Overheating in the heat"),
}


def _fill_numbers(raw: str) -> str:
    for name, value in _NUMBERS.items():
        raw = raw.replace("{" + name + "}", str(value))
    return raw


TEXTS: Final[Mapping[str, str]] = MappingProxyType({k: _fill_numbers(v) for k, v in _RAW.items()})

_HEADLINE_IDS: Final[Mapping[Urgency, str]] = {
    Urgency.EMERGENCY: "level.emergency.headline",
    Urgency.URGENT_TODAY: "level.urgent_today.headline",
    Urgency.SEE_GP: "level.see_gp.headline",
    Urgency.SELF_CARE: "level.self_care.headline",
}
_ACTION_IDS: Final[Mapping[Urgency, str]] = {
    Urgency.EMERGENCY: "level.emergency.action",
    Urgency.URGENT_TODAY: "level.urgent_today.action",
    Urgency.SEE_GP: "level.see_gp.action",
    Urgency.SELF_CARE: "level.self_care.action",
}
_ORDINALS: Final = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
)


@cache
def _filled(language_code: str, text_id: str) -> str:
    with language.use(language_code):
        return _fill_numbers(language.gettext(_RAW[text_id]))


def text(text_id: str, /, **values: object) -> str:
    """The text for ``text_id`` in the current language, caller placeholders filled (KeyError if
    one is missing)."""
    return _filled(language.current(), text_id).format(**values)


def level_headline_id(urgency: Urgency, *, uk: bool = False) -> str:
    """Headline id of a level; ``uk`` picks "Book a GP appointment" for SEE_GP."""
    if uk and urgency is Urgency.SEE_GP:
        return "level.see_gp.headline_uk"
    return _HEADLINE_IDS[urgency]


def firmly_headline_id(*, uk: bool = False) -> str:
    """Headline id of the firm see-a-doctor advice (14 days); ``uk``: "GP appointment"."""
    return "level.see_gp.firmly_headline_uk" if uk else "level.see_gp.firmly_headline"


def level_action_id(urgency: Urgency, *, non_urgent_service: bool = False) -> str:
    """Action id of a level; ``non_urgent_service`` (e.g. NHS 111) varies URGENT_TODAY only."""
    if non_urgent_service and urgency is Urgency.URGENT_TODAY:
        return "level.urgent_today.action_non_urgent"
    return _ACTION_IDS[urgency]


def ordinal(n: int) -> str:
    """1 -> "first" ... 10 -> "tenth", then "11th", "21st", "22nd" ... in English; the other
    languages write the number and their catalog the ordinal mark ("3." / "3-й" / "3.ª")."""
    if language.current() != language.ENGLISH:
        return str(n)
    if 1 <= n <= len(_ORDINALS):
        return _ORDINALS[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
