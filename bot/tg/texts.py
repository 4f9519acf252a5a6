"""Interface copy (not clinical advice; that lives in bot/domain/wording.py). Plain text + HTML."""

from __future__ import annotations

INTRO = (
    "👋 Hi! I help when the muscle just above your kneecap keeps twitching: a one-minute check "
    "of what to do, reminders to drink and stretch, and check-ins afterwards."
)
UNDER_18 = "This bot is for adults. Please talk to a parent, a school nurse or a doctor."
ASK_COUNTRY = (
    "Which country are you in? I use it for the emergency number I give you. "
    "You can change it later."
)
ASK_TIMEZONE = "What's your timezone? I only send reminders and check-ins in your waking hours."
TYPE_TIMEZONE = (
    "Type your timezone, like <code>Europe/London</code> or <code>America/New_York</code>, "
    "or a UTC offset like <code>UTC+2</code>."
)
BAD_TIMEZONE = (
    "I couldn't find that place or timezone. Try a city like <code>Berlin</code>, a zone "
    "like <code>Europe/London</code>, or an offset like <code>UTC+2</code>."
)
ALL_SET = (
    "✅ All set. In an emergency call {number}.\n"
    "Your timezone: {zone}.\n\n"
    "Whenever the muscle above your knee twitches, send /twitch or tap below."
)
WELCOME_BACK = "Welcome back! Send /twitch to log a twitch, or /help to see what I can do."
NEEDS_START = "Please send /start first: it takes a few seconds."
HELP = (
    "Here's what I can do:\n"
    "/twitch - log a twitch and get advice on what to do\n"
    "/checkin - answer today's check-in now\n"
    "/reminders - water and stretch reminders\n"
    "/timezone - set your timezone\n"
    "/settings - country (emergency number), timezone, waking hours\n"
    "/history - your past twitches and a picture of the last 30 days\n"
    "/report - a one-page PDF to show a doctor\n"
    "/export - all your data as files\n"
    "/privacy - what I store and why\n"
    "/delete - erase everything I have about you\n"
    "/cancel - stop what we're doing\n\n"
    "I'm not a doctor and I can't diagnose. In an emergency call {number}."
)
PRIVACY = (
    "<b>What I store</b>: your Telegram user id (not your name), your country, timezone and "
    "settings, when you accepted the disclaimer, and the answers you give me about your "
    "twitch. I don't keep the text you type.\n"
    "<b>Why</b>: to give advice, send reminders at the right time, and tell you when it's "
    "time to see a professional.\n"
    "<b>How long</b>: until you delete it, and automatically after 12 months without "
    "activity. /export gives you a copy of everything; /delete erases everything, at once."
)
CONFIRM_DELETE = (
    "This erases everything I have about you: settings, episodes, check-ins and reminders. "
    "It can't be undone."
)
DELETED = "Done: everything about you is erased. If you ever want to start again, send /start."
DELETE_KEPT = "Nothing was deleted."
NOTHING_STORED = "I have nothing stored about you."
CANCELLED = "OK, stopped. Send /twitch whenever you need me."
NOTHING_TO_CANCEL = "There's nothing to cancel. Send /help to see what I can do."
UNKNOWN_COMMAND = "I don't know that command. Tap Menu or send /help to see what I can do."
UNREADABLE = "I can't read that. I work with buttons and short text: send /help to see how."
FREE_TEXT = "I work best with buttons. Send /twitch to log a twitch, or /help for everything else."
LANGUAGE_UNKNOWN = "Sorry, I can only read English for now. Please use the buttons, or send /help."
EXPIRED = "This has expired. Send /start to begin again."
PRIVATE_ONLY = "I only work in a private chat."
ERROR = "Sorry, something went wrong on my side. Please try again in a moment."

QUICK_OFFER = (
    "A quick log reuses which knee and what happened in the last day; I'll still ask the "
    "safety questions."
)
TRIAGE_IN_PROGRESS = "You're in the middle of logging a twitch. Carry on, or start again?"
BUTTON_RESUME_TRIAGE = "Carry on where I was"
BUTTON_RESTART_TRIAGE = "Start again"
BUTTON_QUICK = "Yes, quick log"
BUTTON_NEW_LOG = "No, start fresh"
STALE_TRIAGE = "That button is from an earlier screen. Here's where we are."
TRIAGE_CANCELLED = "Stopped. Send /twitch whenever you want to log a twitch."
TRIAGE_DONE = "✅ Thanks, that's everything I need."
TRIAGE_EXPIRED_NOTICE = "This check expired after 30 minutes. Send /twitch to start again."
BUTTON_REMINDERS_ON = "Turn on reminders"
# The triage result's recap of the answers and the way to correct them (issue 12).
RECAP = "Your answers: {answers}"
RECAP_NO_WARNING_SIGNS = "no warning signs"
RECAP_WARNING_SIGNS = "warning signs: {items}"
RECAP_GP_SIGNS = "see-a-doctor signs: {items}"
RECAP_NONE = "none"
RECAP_SIDES = {"left": "left knee", "right": "right knee", "both": "both knees"}
RECAP_INTENSITY = "{intensity}/10"
RECAP_FACTORS = "last 24 h: {items}"
BUTTON_CHANGE_ANSWERS = "Something's wrong - change my answers"
CHANGE_ANSWERS_HEADER = (
    "Your earlier answers are ticked: change what's wrong. A ticked warning sign stays ticked."
)
USE_BUTTONS = "Please use the buttons on the question above, or send /cancel to stop."
JUST_DESCRIBING = "OK. If you'd like advice about your twitch, send /twitch."
NOTED = "Noted"

BUTTON_DRANK = "💧 Done, I had a drink"
BUTTON_STRETCHED = "✅ Done"
BUTTON_SNOOZE_30 = "Snooze 30 min"
BUTTON_SNOOZE_60 = "Snooze 1 h"
BUTTON_PAUSE_TODAY = "Pause today"
BUTTON_ASSESSED = "Yes, I was assessed"
BUTTON_NOT_YET = "Not yet"

TIMEZONE_FIRST = (
    "First, your timezone, so reminders come in your waking hours. What's your timezone?"
)

TIMEZONE_HOW = (
    "Where are you? Tap the button to share your location, or type a city (Berlin), "
    "a zone (Europe/Berlin) or an offset (UTC+2). I only use it to find your timezone."
)
WHICH_PLACE = "Which one do you mean?"
TIMEZONE_SAVED = "📍 Timezone saved."

CHECKIN_EXPIRED = "This check-in expired after 30 minutes. Send /checkin to answer it."
CHECKIN_SAVED = "✅ Thanks, saved."
NO_CHECKIN = (
    "No check-in is waiting right now. I'll message you when it's time. "
    "To log a new twitch, send /twitch."
)

SEEN_THANKS = (
    "Thank you. Follow the plan you were given. Would you like me to keep checking in on "
    "the twitch?"
)
BUTTON_KEEP_CHECKING = "Yes, keep checking in"
NOT_SEEN_YET = "OK. Here's the advice again; I'll ask again tomorrow."

ASK_WAKE = "When does your day usually start? I won't send reminders before then."
ASK_SLEEP = "And when do you usually go to sleep? Nothing is sent after that."
ASK_STRETCH = "When would you like the stretch reminder?"

BUTTON_CONSENT = "I'm 18+ and I understand"
BUTTON_MINOR = "I'm under 18"
BUTTON_TYPE_TZ = "Type it instead"
BUTTON_SHARE_LOCATION = "📍 Use my location"
BUTTON_TWITCH = "Log a twitch"
BUTTON_HELP = "Help"
BUTTON_DELETE = "Yes, erase everything"
BUTTON_KEEP = "No, keep it"
BUTTON_MORE = "More countries »"
BUTTON_BACK_PAGE = "« Back"
BUTTON_BACK_SETTINGS = "« Back to settings"

COMMANDS: tuple[tuple[str, str], ...] = (
    ("twitch", "Log a twitch and get advice"),
    ("history", "Your twitches and the last 30 days"),
    ("report", "A one-page summary for a doctor"),
    ("export", "Download all your data"),
    ("checkin", "Answer today's check-in now"),
    ("reminders", "Your reminders: see and change them"),
    ("timezone", "Set your timezone"),
    ("settings", "Country, timezone, waking hours"),
    ("help", "What I can do"),
    ("privacy", "What I store and why"),
    ("delete", "Erase everything about you"),
    ("cancel", "Stop what we're doing"),
    ("start", "Welcome and set-up"),
)
DESCRIPTION = (
    "For a twitching muscle just above the knee: advice on when to seek care, self-care "
    "reminders and check-ins. I'm not a doctor: this is not a diagnosis, and not for "
    "emergencies."
)
SHORT_DESCRIPTION = (
    "Knee-twitch companion: when to seek care, self-care reminders, check-ins. Not a diagnosis."
)
