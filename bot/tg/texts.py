"""Interface copy (not clinical advice; that lives in bot/domain/wording.py). Plain text + HTML."""

from __future__ import annotations

from bot.domain.language import N_
from bot.domain.model import ReminderKind

INTRO = N_(
    "👋 Hi! I help when the muscle just above your kneecap keeps twitching: a one-minute check "
    "of what to do, reminders to drink and stretch, and check-ins afterwards."
)
UNDER_18 = N_("This bot is for adults. Please talk to a parent, a school nurse or a doctor.")
ASK_COUNTRY = N_(
    "Which country are you in? I use it for the emergency number I give you. "
    "You can change it later."
)
ASK_TIMEZONE = N_(
    "What's your timezone? I only send reminders and check-ins in your waking hours."
)
TYPE_TIMEZONE = N_(
    "Type your timezone, like <code>Europe/London</code> or <code>America/New_York</code>, "
    "or a UTC offset like <code>UTC+2</code>."
)
BAD_TIMEZONE = N_(
    "I couldn't find that place or timezone. Try a city like <code>Berlin</code>, a zone "
    "like <code>Europe/London</code>, or an offset like <code>UTC+2</code>."
)
ALL_SET = N_(
    "✅ All set. In an emergency call {number}.\n"
    "Your timezone: {zone}.\n\n"
    "Whenever the muscle above your knee twitches, send /twitch or tap below."
)
WELCOME_BACK = N_("Welcome back! Send /twitch to log a twitch, or /help to see what I can do.")
NEEDS_START = N_("Please send /start first: it takes a few seconds.")
HELP = N_(
    "Here's what I can do:\n"
    "/twitch - log a twitch and get advice on what to do\n"
    "/checkin - answer today's check-in now\n"
    "/reminders - water and stretch reminders\n"
    "/timezone - set your timezone\n"
    "/settings - country (emergency number), timezone, waking hours\n"
    "/language - change the language\n"
    "/history - your past twitches and a picture of the last 30 days\n"
    "/report - a one-page PDF to show a doctor\n"
    "/export - all your data as files\n"
    "/privacy - what I store and why\n"
    "/delete - erase everything I have about you\n"
    "/cancel - stop what we're doing\n\n"
    "I'm not a doctor and I can't diagnose. In an emergency call {number}."
)
PRIVACY = N_(
    "<b>What I store</b>: your Telegram user id (not your name), your country, timezone, "
    "language and settings, when you accepted the disclaimer, and the answers you give me "
    "about your twitch. I don't keep the text you type.\n"
    "<b>Why</b>: to give advice, send reminders at the right time, and tell you when it's "
    "time to see a professional.\n"
    "<b>How long</b>: until you delete it, and automatically after 12 months without "
    "activity. /export gives you a copy of everything; /delete erases everything, at once.\n"
    "<b>Languages</b>: English is the original. The Spanish, German and Russian texts are "
    "translations that no clinician has reviewed yet."
)
CONFIRM_DELETE = N_(
    "This erases everything I have about you: settings, episodes, check-ins and reminders. "
    "It can't be undone."
)
DELETED = N_("Done: everything about you is erased. If you ever want to start again, send /start.")
DELETE_KEPT = N_("Nothing was deleted.")
NOTHING_STORED = N_("I have nothing stored about you.")
CANCELLED = N_("OK, stopped. Send /twitch whenever you need me.")
NOTHING_TO_CANCEL = N_("There's nothing to cancel. Send /help to see what I can do.")
UNKNOWN_COMMAND = N_("I don't know that command. Tap Menu or send /help to see what I can do.")
UNREADABLE = N_("I can't read that. I work with buttons and short text: send /help to see how.")
FREE_TEXT = N_(
    "I work best with buttons. Send /twitch to log a twitch, or /help for everything else."
)
LANGUAGE_UNKNOWN = N_(
    "Sorry, I can only read English, Spanish, German and Russian. Please use the buttons, or "
    "send /help."
)
# One template for every expired button or screen; {command} says how to start again.
EXPIRED = N_("This has expired. Send {command} to start again.")
PRIVATE_ONLY = N_("I only work in a private chat.")
ERROR = N_("Sorry, something went wrong on my side. Please try again in a moment.")

QUICK_OFFER = N_(
    "A quick log reuses which knee and what happened in the last day; I'll still ask the "
    "safety questions."
)
TRIAGE_IN_PROGRESS = N_("You're in the middle of logging a twitch. Carry on, or start again?")
BUTTON_RESUME_TRIAGE = N_("Carry on where I was")
BUTTON_RESTART_TRIAGE = N_("Start again")
BUTTON_QUICK = N_("Yes, quick log")
BUTTON_NEW_LOG = N_("No, start fresh")
STALE_TRIAGE = N_("That button is from an earlier screen. Here's where we are.")
TRIAGE_CANCELLED = N_("Stopped. Send /twitch whenever you want to log a twitch.")
TRIAGE_DONE = N_("✅ Thanks, that's everything I need.")
TRIAGE_EXPIRED_NOTICE = N_("This check expired after 30 minutes. Send /twitch to start again.")
BUTTON_REMINDERS_ON = N_("Turn on reminders")
USE_BUTTONS = N_("Please use the buttons on the question above, or send /cancel to stop.")
JUST_DESCRIBING = N_("OK. If you'd like advice about your twitch, send /twitch.")
NOTED = N_("Noted")
# The triage result's recap of the answers and the way to correct them (issue 12).
RECAP = N_("Your answers: {answers}")
RECAP_NO_WARNING_SIGNS = N_("no warning signs")
RECAP_WARNING_SIGNS = N_("warning signs: {items}")
RECAP_GP_SIGNS = N_("see-a-doctor signs: {items}")
RECAP_NONE = N_("none")
RECAP_SIDES = {"left": N_("left knee"), "right": N_("right knee"), "both": N_("both knees")}
RECAP_INTENSITY = N_("{intensity}/10")
RECAP_FACTORS = N_("last 24 h: {items}")
BUTTON_CHANGE_ANSWERS = N_("Something's wrong - change my answers")
CHANGE_ANSWERS_HEADER = N_(
    "Your earlier answers are ticked: change what's wrong. A ticked warning sign stays ticked."
)

BUTTON_DRANK = N_("💧 Done, I had a drink")
BUTTON_STRETCHED = N_("✅ Done")
BUTTON_SNOOZE_30 = N_("Snooze 30 min")
BUTTON_SNOOZE_60 = N_("Snooze 1 h")
BUTTON_PAUSE_TODAY = N_("Pause today")
BUTTON_ASSESSED = N_("Yes, I was assessed")
BUTTON_NOT_YET = N_("Not yet")

TIMEZONE_FIRST = N_(
    "First, your timezone, so reminders come in your waking hours. What's your timezone?"
)

TIMEZONE_HOW = N_(
    "Where are you? Tap the button to share your location, or type a city (Berlin), "
    "a zone (Europe/Berlin) or an offset (UTC+2). I only use it to find your timezone."
)
WHICH_PLACE = N_("Which one do you mean?")
TIMEZONE_SAVED = N_("📍 Timezone saved.")

CHECKIN_EXPIRED = N_("This check-in expired after 30 minutes. Send /checkin to answer it.")
CHECKIN_SAVED = N_("✅ Thanks, saved.")
NO_CHECKIN = N_(
    "No check-in is waiting right now. I'll message you when it's time. "
    "To log a new twitch, send /twitch."
)

SEEN_THANKS = N_(
    "Thank you. Follow the plan you were given. Would you like me to keep checking in on "
    "the twitch?"
)
BUTTON_KEEP_CHECKING = N_("Yes, keep checking in")
NOT_SEEN_YET = N_("OK. Here's the advice again; I'll ask again tomorrow.")

ASK_WAKE = N_("When does your day usually start? I won't send reminders before then.")
ASK_SLEEP = N_("And when do you usually go to sleep? Nothing is sent after that.")
ASK_STRETCH = N_("When would you like the stretch reminder?")

BUTTON_CONSENT = N_("I'm 18+ and I understand")
BUTTON_MINOR = N_("I'm under 18")
BUTTON_TYPE_TZ = N_("Type it instead")
BUTTON_SHARE_LOCATION = N_("📍 Use my location")
BUTTON_TWITCH = N_("Log a twitch")
BUTTON_HELP = N_("Help")
BUTTON_DELETE = N_("Yes, erase everything")
BUTTON_KEEP = N_("No, keep it")
BUTTON_MORE = N_("More countries »")
BUTTON_BACK_PAGE = N_("« Back")
BUTTON_BACK_SETTINGS = N_("« Back to settings")

# Languages (issue 13). {name} is the language's own name ("Deutsch"), never translated.
LANGUAGE_NOW = N_("🌐 Language: {name}")
ASK_LANGUAGE = N_("Which language should I use? Reminders and check-ins will use it too.")
LANGUAGE_SAVED = N_("✅ From now on I'll write in {name}.")
BUTTON_CHANGE_LANGUAGE = N_("🌐 Change language")

COMMANDS: tuple[tuple[str, str], ...] = (
    ("twitch", N_("Log a twitch and get advice")),
    ("history", N_("Your twitches and the last 30 days")),
    ("report", N_("A one-page summary for a doctor")),
    ("export", N_("Download all your data")),
    ("checkin", N_("Answer today's check-in now")),
    ("reminders", N_("Your reminders: see and change them")),
    ("timezone", N_("Set your timezone")),
    ("settings", N_("Country, timezone, waking hours")),
    ("language", N_("Change the language")),
    ("help", N_("What I can do")),
    ("privacy", N_("What I store and why")),
    ("delete", N_("Erase everything about you")),
    ("cancel", N_("Stop what we're doing")),
    ("start", N_("Welcome and set-up")),
)
DESCRIPTION = N_(
    "For a twitching muscle just above the knee: advice on when to seek care, self-care "
    "reminders and check-ins. I'm not a doctor: this is not a diagnosis, and not for "
    "emergencies."
)
SHORT_DESCRIPTION = N_(
    "Knee-twitch companion: when to seek care, self-care reminders, check-ins. Not a diagnosis."
)

# Moved with the keyboards and screens that several handler modules show (issue 9).
BUTTON_BOOKED = N_("I've booked")
BUTTON_SEEN = N_("I've been seen")
LOCATION_BUTTON = N_("📍 Share my location")
FLUIDS = {None: N_("not asked yet"), True: N_("yes"), False: N_("no")}

# --- /history, /report, /export (handlers/records.py) -------------------------------------------
HISTORY_EMPTY = N_(
    "You haven't logged a twitch yet. When it happens, send /twitch or tap below: it takes "
    "about a minute."
)
HISTORY_TITLE = N_("<b>Your twitches</b> (newest first)")
HISTORY_MORE = N_("Showing the latest {shown} of {total}. /export has them all.")
HISTORY_FOOTNOTE = N_(
    "/report makes a one-page summary to show a doctor. /export gives you all your data."
)
HISTORY_SO_FAR = N_("{lasted} so far")
HISTORY_ONGOING = N_("ongoing")
HISTORY_STOPPED_ON = N_("stopped {day}")
HISTORY_STOPPED = N_("stopped")
HISTORY_BOOKED_ON = N_("booked {day}")
HISTORY_SEEN_ON = N_("seen {day}")
HISTORY_WORST = N_("worst {intensity}/10")
CHART_CAPTION = N_(
    "Your last {days} days: how strong it was, your check-in answers, the advice I gave, and the "
    "reminders you did."
)
REPORT_CAPTION = N_(
    "A one-page summary to show a doctor or pharmacist. It isn't a diagnosis: it lists what "
    "you told me. Share with a clinician: the next message is the same in short, to forward."
)
REPORT_NOTHING = N_("There's nothing to summarise yet. Send /twitch to log a twitch.")
EXPORT_CAPTION = N_(
    "All your data: one CSV file per table (opens in any spreadsheet), and everything in "
    "data.json. README.txt explains every file and column."
)
CONFIRM_DELETE_EPISODE = N_(
    "Delete the episode from {day} ({side})? Its check-ins, reminders and advice go too. "
    "This can't be undone."
)
BUTTON_STOPPED = N_("It has stopped")
BUTTON_DELETE_EPISODE = N_("Delete this episode")
BUTTON_DELETE_EPISODE_YES = N_("Yes, delete it")
TOAST_BOOKED = N_("Noted: you've booked. Good luck with the appointment.")
TOAST_SEEN = N_("Noted: you've been seen. Follow the plan they gave you.")
TOAST_CLOSED = N_("Closed")
TOAST_DELETED = N_("Deleted")
TOAST_KEPT = N_("Kept")

# --- /reminders (handlers/reminders.py) ---------------------------------------------------------
REMINDER_KINDS = {
    ReminderKind.HYDRATION: N_("💧 Water"),
    ReminderKind.STRETCH: N_("🧘 Stretch"),
    ReminderKind.CHECKIN: N_("📝 Check-in"),
    ReminderKind.FOLLOW_UP: N_("📝 Follow-up"),
}
PAUSED_TODAY = N_("Paused for today")
# The toast after a tap on a reminder's button, by ``services.reminders.Response`` value.
REMINDER_TOASTS = {
    "done": N_("Logged. Well done!"),
    "s30": N_("OK, again in 30 minutes"),
    "s60": N_("OK, again in an hour"),
    "pause": PAUSED_TODAY,
}
REMINDERS_TITLE = N_("<b>Your reminders</b>")
REMINDERS_TODAY_AT = N_("today {time}")
REMINDERS_WATER = N_("💧 Water: {count} a day, {start}–{end}")
REMINDERS_STRETCH = N_("🧘 Stretch: {times}")
REMINDERS_OFF = N_("Water and stretch reminders are off.")
REMINDERS_NEED_TIMEZONE = N_("Set your timezone first: /timezone")
REMINDERS_PAUSED = N_("⏸ Paused for today.")
REMINDERS_NEXT = N_("<b>Next</b>")
REMINDERS_TIMEZONE = N_("Your timezone: {zone}")
BUTTON_FEWER = N_("💧 Fewer")
BUTTON_MORE_WATER = N_("💧 More")
BUTTON_RESUME = N_("▶️ Resume")
BUTTON_WAKING_HOURS = N_("🕘 Waking hours")
BUTTON_STRETCH_TIME = N_("🧘 Stretch time")
BUTTON_REMINDERS_OFF = N_("Stop water and stretch reminders")
BUTTON_YES = N_("Yes")
BUTTON_NO = N_("No")
TOAST_REMINDERS_ON = N_("Reminders are on")
TOAST_REMINDERS_OFF = N_("Water and stretch reminders are off")
TOAST_RESUMED = N_("Resumed")

# --- Toasts several handlers answer with -------------------------------------------------------
TOAST_SAVED = N_("Saved")
TOAST_THANK_YOU = N_("Thank you")
TOAST_ERASED = N_("Erased")
EMERGENCY_NUMBER = N_("Emergency number: {number}")
PLACE_AND_PEOPLE = N_("{place}, {thousands}k people")

# --- Screens (screens.py) and message parts (render.py, handlers/checkin.py) -------------------
NOT_SET = N_("not set")
TRIAGE_STEP = N_("<b>Step {n} of {total}</b>")
UPDATING_EPISODE = N_("Updating your current episode.")
CHECKIN_STEP = N_("<b>Check-in, question {n} of {total}</b>")
SETTINGS_TITLE = N_("<b>Your settings</b>")
SETTINGS_COUNTRY = N_("Country: {country} (emergency number: {number})")
SETTINGS_TIMEZONE = N_("Timezone: {zone}")
SETTINGS_WAKING_HOURS = N_("Waking hours: {start}–{end}")
SETTINGS_FLUID_LIMIT = N_("A doctor limits how much you drink: {answer}")
SETTINGS_LANGUAGE = N_("Language: {name}")
BUTTON_COUNTRY = N_("🌍 Country")
BUTTON_TIMEZONE = N_("🕒 Timezone")
BUTTON_REMINDERS = N_("⏰ Reminders")
BUTTON_FLUID_LIMIT = N_("Fluid limit: set to {answer}")
BUTTON_LANGUAGE = N_("🌐 Language")
# TRIAGE.md decision 9: with a fluid limit from a doctor, no volumes.
FLUID_LIMITED = N_("Drink as your doctor advised.")
TOMORROW = N_("tomorrow")
TODAY_AT = N_("today at {time}")
TOMORROW_AT = N_("tomorrow at {time}")
ON_WEEKDAY_AT = N_("on {weekday} at {time}")
YESTERDAY = N_("yesterday")
IN_A_FEW_DAYS = N_("in a few days")
CHECKIN_SIDES = {
    "left": N_("your left-knee twitch"),
    "right": N_("your right-knee twitch"),
    "both": N_("the twitch in both knees"),
}
CHECKIN_ANY_SIDE = N_("your twitch")
CHECKING_IN_ON = N_("Checking in on {what} from {day}.")
