"""The forwardable one-message summary sent with the /report PDF ("Share with a clinician").

Plain text (the handler escapes it), one Telegram message (under 4096 characters): the episodes
(how long, worst intensity, the advice level), the warning signs answered, the advice given and
when, and the approved footer. Facts the person gave and advice already given only: nothing new.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from bot.domain import wording
from bot.domain.countries import emergency_number
from bot.reports import (
    FREQUENCY_WORDS,
    EpisodeSummary,
    Records,
    advice_given,
    advice_text,
    day_label,
    lasted_words,
    level_label,
    local_day,
    side_words,
    signs_ticked,
)

# --- Interface copy (not clinical advice) --------------------------------------------------------
HEADING: Final = "Knee twitch summary"
INTRO: Final = (
    "From a self-care chat bot, in the person's own answers about a twitching muscle just above "
    "the knee. Times are {zone} time; onset dates are estimates."
)
EPISODES: Final = "Episodes ({count} logged, newest first):"
EPISODES_MORE: Final = "+ {count} earlier not listed (the PDF and /export have them)."
SIGNS: Final = "Warning signs asked about at {loggings} and {checkins}:"
SIGNS_NONE: Final = "none was ticked."
SIGNS_MORE: Final = "+ {count} earlier ticked."
ADVICE: Final = "Advice the bot gave, and when:"
ADVICE_NONE: Final = "Self-care advice only."
ADVICE_MORE: Final = "+ {count} earlier."
BULLET: Final = "• "
LIMIT: Final = 4000  # Telegram allows 4096 characters in a message
MOST: Final = (5, 6, 6)  # episodes, ticked signs, pieces of advice listed
LEAST: Final = (1, 1, 1)


def share_text(records: Records) -> str:
    """The summary as plain text, short enough for one message."""
    episodes, signs, advice = MOST
    text = _text(records, episodes, signs, advice)
    while len(text) > LIMIT and (episodes, signs, advice) != LEAST:
        episodes, signs, advice = max(episodes - 1, 1), max(signs - 1, 1), max(advice - 1, 1)
        text = _text(records, episodes, signs, advice)
    return text[:LIMIT]


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun if n == 1 else noun + 's'}"


def _text(records: Records, most_episodes: int, most_signs: int, most_advice: int) -> str:
    tz = records.tz
    today = local_day(records.now, tz)
    uk = records.country == "GB"

    def day(moment: datetime) -> str:
        return day_label(local_day(moment, tz), today)

    def episode_line(e: EpisodeSummary) -> str:
        lasted = lasted_words(e.lasted(records.now))
        parts = [f"{side_words(e.side).capitalize()}, began about {day(e.onset_at)}"]
        parts[0] += f" (logged {day(e.logged_at)})"
        if e.closed_at is None:
            parts.append(f"{lasted} so far, ongoing")
        else:
            parts.append(f"lasted {lasted}, stopped {day(e.closed_at)}")
        worst = e.worst_intensity
        if worst is not None:
            first = (
                f" (first {e.intensity_first})" if e.intensity_first not in (None, worst) else ""
            )
            parts.append(f"worst intensity {worst}/10{first}")
        if e.frequency in FREQUENCY_WORDS:
            parts.append(FREQUENCY_WORDS[e.frequency or ""])
        parts.append(f"advice level: {level_label(e.urgency, uk=uk)}")
        if e.booked_at is not None:
            parts.append(f"appointment booked {day(e.booked_at)}")
        if e.seen_at is not None:
            parts.append(f"seen {day(e.seen_at)}")
        return BULLET + "; ".join(parts) + "."

    lines = [HEADING, INTRO.format(zone=records.timezone_name), ""]
    episodes = records.episodes
    lines.append(EPISODES.format(count=len(episodes)))
    lines += [episode_line(e) for e in episodes[:most_episodes]]
    if len(episodes) > most_episodes:
        lines.append(EPISODES_MORE.format(count=len(episodes) - most_episodes))

    checkins = sum(len(e.answered_checkins) for e in episodes)
    asked = SIGNS.format(
        loggings=_plural(len(episodes), "logging"), checkins=_plural(checkins, "check-in")
    )
    ticks = signs_ticked(records)
    lines.append("")
    if not ticks:
        lines.append(f"{asked} {SIGNS_NONE}")
    else:
        lines.append(asked)
        lines += [
            f"{BULLET}{day(t.at)}, {t.where}: {t.text} ({t.kind})." for t in ticks[:most_signs]
        ]
        if len(ticks) > most_signs:
            lines.append(SIGNS_MORE.format(count=len(ticks) - most_signs))

    given = advice_given(records)
    lines += ["", ADVICE]
    if not given:
        lines.append(ADVICE_NONE)
    for a in given[:most_advice]:
        when = f"{day(a.at)} {a.at.astimezone(tz):%H:%M}"
        lines.append(f"{BULLET}{when}: {advice_text(a, uk=uk)}")
    if len(given) > most_advice:
        lines.append(ADVICE_MORE.format(count=len(given) - most_advice))

    lines += ["", wording.text("footer", number=emergency_number(records.country))]
    return "\n".join(lines)
