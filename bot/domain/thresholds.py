"""Every clinical number of TRIAGE.md, in one place, one line each, for a clinician to review.

Triage, escalation, reminder planning and the wording import these; no other module of the
domain writes a clinical number of its own. Comments cite TRIAGE.md (decision N / section) or
clinical-research.md (section) where TRIAGE.md defers to it.
"""

from __future__ import annotations

from datetime import time, timedelta
from typing import Final

# --- Onset: the UPPER end of each "How long?" answer, the safer reading (decision 6) ----------
ONSET_UNDER_A_DAY: Final = timedelta(0)  # "under a day" -> onset is now
ONSET_1_2_DAYS: Final = timedelta(days=2)  # "1-2 days" -> 2 days ago
ONSET_3_6_DAYS: Final = timedelta(days=6)  # "3-6 days" -> 6 days ago
ONSET_7_13_DAYS: Final = timedelta(days=13)  # "7-13 days" -> 13 days ago
ONSET_2_WEEKS_OR_MORE: Final = timedelta(days=14)  # "2 weeks or more" -> 14 days ago

# --- Time since onset (decision 6; escalation section) ----------------------------------------
PROFESSIONAL_ADVICE_AFTER: Final = timedelta(days=1)  # "💬" advice once it has lasted a day
SEE_GP_AFTER: Final = timedelta(days=7)  # SEE_GP at 7 days from onset
SEE_GP_FIRMLY_AFTER: Final = timedelta(days=14)  # SEE_GP firmly at 14 days (NHS: after 2 weeks)

# --- History: recurrence, the current episode included (decision 5; escalation) ---------------
RECURRENCE_SHORT_WINDOW: Final = timedelta(days=30)  # "3 or more episodes started in 30 days"
RECURRENCE_SHORT_COUNT: Final = 3  # ... -> SEE_GP
RECURRENCE_LONG_WINDOW: Final = timedelta(days=90)  # "or 5 in 90"
RECURRENCE_LONG_COUNT: Final = 5  # ... -> SEE_GP

# --- Intensity, 0-10 (triage step 5; escalation) ----------------------------------------------
INTENSITY_MIN: Final = 0  # lowest answer on the scale
INTENSITY_MAX: Final = 10  # highest answer on the scale
INTENSITY_SEE_GP: Final = 8  # 8/10 or more -> SEE_GP (at triage and at check-ins)
INTENSITY_RISE_FROM_FIRST: Final = 3  # 3 or more above the episode's first rating -> SEE_GP
INTENSITY_RISE_FROM_PREVIOUS: Final = 2  # 2 or more above the previous check-in ...
INTENSITY_RISE_CHECKINS_IN_A_ROW: Final = 2  # ... at two check-ins in a row -> SEE_GP

# --- Other escalation from check-ins (escalation section) -------------------------------------
ALMOST_CONSTANT_CHECKINS_IN_A_ROW: Final = 2  # "almost constant" at 2 check-ins in a row -> SEE_GP
SAME_OR_WORSE_CHECKINS: Final = 3  # Same/Worse at 3 check-ins while doing reminders -> SEE_GP
GONE_IN_A_ROW_TO_CLOSE: Final = 2  # two "Gone" in a row close the episode
MISSED_CHECKINS_FOR_NOTICE: Final = 2  # two missed in a row -> the missed-check-ins text, once
CLOSE_AFTER_NO_ANSWER: Final = timedelta(days=21)  # 21 days without any answer closes it

# --- Check-in schedule (days since logging; check-ins section) --------------------------------
CHECKIN_DAYS: Final = (1, 2, 3, 5, 7, 10, 14)  # then weekly while the episode is open
CHECKIN_WEEKLY_INTERVAL: Final = timedelta(days=7)  # after the last entry of CHECKIN_DAYS
CHECKIN_DAYS_AFTER_MISSED: Final = (7, 14)  # after 2 missed: only days 7 and 14, then weekly
MAX_CHECKINS_PER_DAY: Final = 1  # never more than one check-in a day

# --- After EMERGENCY or URGENT_TODAY: "Were you seen?" (check-ins section) --------------------
WERE_YOU_SEEN_AFTER: Final = timedelta(days=1)  # asked the next day
WERE_YOU_SEEN_NOT_YET_MAX_DAYS: Final = 3  # "Not yet" repeats the advice daily, up to 3 days
WERE_YOU_SEEN_EXTRA_ASKS: Final = 1  # no answer: one more ask, then close with the safety net

# --- The triage conversation ------------------------------------------------------------------
TRIAGE_EXPIRY: Final = timedelta(minutes=30)  # an abandoned triage expires after 30 minutes

# --- Numbers inside checklist texts (triage steps 1, 2) ---------------------------------------
CRAMP_URGENT_MINUTES: Final = 10  # a cramp lasting over 10 minutes -> same day
NO_URINE_HOURS: Final = 8  # no urine for 8 hours -> same day

# --- Self-care plan (triage step 6; clinical-research 5.1, 5.2) -------------------------------
WATER_GLASSES_MIN: Final = 6  # 6-8 glasses of fluid a day (unless fluids are limited)
WATER_GLASSES_MAX: Final = 8  # upper end of the same range
CAFFEINE_MAX_MG: Final = 400  # caffeine up to 400 mg a day
CAFFEINE_MAX_MG_PREGNANT: Final = 200  # 200 mg a day if pregnant
CAFFEINE_MAX_MUGS: Final = 4  # 400 mg is about 4 mugs of filter coffee (research 5.2)
STRETCH_HOLD_SECONDS_MIN: Final = 20  # hold each stretch 20-30 s
STRETCH_HOLD_SECONDS_MAX: Final = 30  # upper end of the same range
STRETCH_REPEATS_MIN: Final = 2  # 2-3 times each leg
STRETCH_REPEATS_MAX: Final = 3  # upper end of the same range
WARM_UP_MINUTES: Final = 5  # warm up with 5 minutes of walking first
STRAIN_REST_DAYS_MIN: Final = 2  # just strained: rest it for the first 2-3 days, no stretching
STRAIN_REST_DAYS_MAX: Final = 3  # upper end of the same range
STRENGTH_REPETITIONS: Final = 10  # 10 slow sit-to-stands, 10 straight-leg raises each side
STRENGTH_DAYS_PER_WEEK_MIN: Final = 2  # gentle strengthening 2-3 days a week
STRENGTH_DAYS_PER_WEEK_MAX: Final = 3  # upper end of the same range

# --- Reminders (reminders section) ------------------------------------------------------------
HYDRATION_PER_DAY_DEFAULT: Final = 4  # hydration nudges a day by default
HYDRATION_PER_DAY_MIN: Final = 1  # user may choose 1 ...
HYDRATION_PER_DAY_MAX: Final = 8  # ... to 8 a day
HYDRATION_SKIP_AFTER_DRINK: Final = timedelta(minutes=90)  # skipped if a drink was just logged
SNOOZE_CHOICES: Final = (timedelta(minutes=30), timedelta(hours=1))  # "Snooze 30 min / 1 h"
STRETCH_PER_DAY_DEFAULT: Final = 1  # stretching reminders a day by default
STRETCH_PER_DAY_MAX: Final = 2  # up to 2 a day
WAKING_HOURS_START: Final = time(9, 0)  # default waking hours, local time ...
WAKING_HOURS_END: Final = time(21, 0)  # ... 09:00-21:00
STRETCH_TIME_DEFAULT: Final = "18:00"  # one stretch reminder a day by default, in the evening
NUDGE_STALE_AFTER: Final = timedelta(minutes=30)  # a water/stretch nudge this late is dropped
CHECKIN_LATE_AFTER: Final = timedelta(minutes=30)  # a check-in this late says "Sorry this is late"
SELF_CARE_DONE_RECENTLY: Final = timedelta(days=3)  # "while reminders are being done": a Done
# in the last 3 days (escalation: self-care not working)

# --- Who it is for (decision 9) ---------------------------------------------------------------
ADULT_AGE: Final = 18  # adults only: "I'm 18+ and I understand"
