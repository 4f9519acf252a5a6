"""The forwardable one-message summary sent with the /report PDF ("Share with a clinician").

Plain text (the handler escapes it), one Telegram message (under 4096 characters): the episodes
(how long, worst intensity, the advice level), the warning signs answered, the advice given and
when, and the approved footer. Facts the person gave and advice already given only: nothing new.
In the current language (``bot.domain.language``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from bot import l10n
from bot.domain import wording
from bot.domain.countries import emergency_number
from bot.domain.language import N_, _
from bot.reports import (
    FREQUENCY_WORDS,
    EpisodeSummary,
    Records,
    advice_given,
    advice_text,
    checkins_words,
    day_label,
    lasted_words,
    level_label,
    local_day,
    loggings_words,
    side_words,
    signs_ticked,
)

# --- Interface copy (not clinical advice) --------------------------------------------------------
HEADING: Final = N_("Knee twitch summary")
INTRO: Final = N_(
    "From a self-care chat bot, in the person's own answers about a twitching muscle just above "
    "the knee. Times are {zone} time; onset dates are estimates."
)
EPISODES: Final = N_("Episodes ({count} logged, newest first):")
EPISODES_MORE: Final = N_("+ {count} earlier not listed (the PDF and /export have them).")
SIGNS: Final = N_("Warning signs asked about at {loggings} and {checkins}:")
SIGNS_NONE: Final = N_("none was ticked.")
SIGNS_MORE: Final = N_("+ {count} earlier ticked.")
ADVICE: Final = N_("Advice the bot gave, and when:")
ADVICE_NONE: Final = N_("Self-care advice only.")
ADVICE_MORE: Final = N_("+ {count} earlier.")
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


def _text(records: Records, most_episodes: int, most_signs: int, most_advice: int) -> str:
    tz = records.tz
    today = local_day(records.now, tz)
    uk = records.country == "GB"

    def day(moment: datetime) -> str:
        return day_label(local_day(moment, tz), today)

    def episode_line(e: EpisodeSummary) -> str:
        lasted = lasted_words(e.lasted(records.now))
        side = side_words(e.side)
        began = _("{side}, began about {day} (logged {logged})").format(
            side=side[:1].upper() + side[1:], day=day(e.onset_at), logged=day(e.logged_at)
        )
        parts = [began]
        if e.closed_at is None:
            parts.append(_("{lasted} so far, ongoing").format(lasted=lasted))
        else:
            parts.append(
                _("lasted {lasted}, stopped {day}").format(lasted=lasted, day=day(e.closed_at))
            )
        worst = e.worst_intensity
        if worst is not None:
            worst_words = _("worst intensity {worst}/10").format(worst=worst)
            if e.intensity_first not in (None, worst):
                worst_words += " " + _("(first {first})").format(first=e.intensity_first)
            parts.append(worst_words)
        if e.frequency in FREQUENCY_WORDS:
            parts.append(FREQUENCY_WORDS[e.frequency or ""])
        parts.append(_("advice level: {level}").format(level=level_label(e.urgency, uk=uk)))
        if e.booked_at is not None:
            parts.append(_("appointment booked {day}").format(day=day(e.booked_at)))
        if e.seen_at is not None:
            parts.append(_("seen {day}").format(day=day(e.seen_at)))
        return BULLET + l10n.sentence("; ".join(parts))

    lines = [_(HEADING), _(INTRO).format(zone=records.timezone_name), ""]
    episodes = records.episodes
    lines.append(_(EPISODES).format(count=len(episodes)))
    lines += [episode_line(e) for e in episodes[:most_episodes]]
    if len(episodes) > most_episodes:
        lines.append(_(EPISODES_MORE).format(count=len(episodes) - most_episodes))

    checkins = sum(len(e.answered_checkins) for e in episodes)
    asked = _(SIGNS).format(
        loggings=loggings_words(len(episodes)), checkins=checkins_words(checkins)
    )
    ticks = signs_ticked(records)
    lines.append("")
    if not ticks:
        lines.append(f"{asked} {_(SIGNS_NONE)}")
    else:
        lines.append(asked)
        lines += [
            BULLET + l10n.sentence(f"{day(t.at)}, {t.where_words}: {t.text} ({t.kind})")
            for t in ticks[:most_signs]
        ]
        if len(ticks) > most_signs:
            lines.append(_(SIGNS_MORE).format(count=len(ticks) - most_signs))

    given = advice_given(records)
    lines += ["", _(ADVICE)]
    if not given:
        lines.append(_(ADVICE_NONE))
    for a in given[:most_advice]:
        when = f"{day(a.at)} {a.at.astimezone(tz):%H:%M}"
        lines.append(f"{BULLET}{when}: {advice_text(a, uk=uk)}")
    if len(given) > most_advice:
        lines.append(_(ADVICE_MORE).format(count=len(given) - most_advice))

    lines += ["", wording.text("footer", number=emergency_number(records.country))]
    return "\n".join(lines)
