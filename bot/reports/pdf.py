"""The one-page "summary for your doctor" (fpdf2, A4, 10 pt body and up).

One page, always: the sections are filled newest first within a budget (how many episodes,
ratings, warning signs, advice lines and weeks), and the budget shrinks until the page holds
everything; what is left out is counted ("3 earlier episodes not shown"). The footer is the
approved disclaimer with the user's emergency number.

fpdf2's core fonts are Latin-1 only: every text goes through ``latin1()`` (dashes and quotes
become their ASCII forms); no emoji here. Runs in a thread (``asyncio.to_thread``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from bot.domain import wording
from bot.domain.countries import emergency_number
from bot.domain.model import Urgency
from bot.reports import (
    ADHERENCE_KINDS,
    DONE,
    FACTOR_WORDS,
    FREQUENCY_WORDS,
    SENT,
    EpisodeSummary,
    Records,
    action_totals,
    checklist_kind,
    checklist_text,
    day_label,
    lasted_words,
    level_label,
    local_day,
    side_words,
    weekly_adherence,
)

TITLE: Final = "Knee twitch summary for your doctor"
MARGIN: Final = 15.0  # mm
FOOTER_SPACE: Final = 26.0  # mm kept free at the bottom for the disclaimer
LINE: Final = 5.0  # mm per line at 10 pt
BODY_PT: Final = 10
HEADING_PT: Final = 12
TITLE_PT: Final = 17
FONT: Final = "helvetica"
KIND_WORDS: Final = {"hydration": "water", "stretch": "stretches"}
COLUMNS: Final = (
    "Began (est.)",
    "Logged",
    "Knee",
    "Lasted",
    "Intensity first / worst",
    "How often",
    "Advice",
    "Status",
)
COLUMN_WIDTHS: Final = (17, 16, 13, 24, 21, 28, 24, 37)
SIDE_SHORT: Final = {"left": "Left", "right": "Right", "both": "Both"}
_ASCII: Final = str.maketrans(
    {
        "–": "-",
        "—": "-",
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "…": "...",
        "•": "-",
        "→": "->",
        "≥": ">=",
        "≤": "<=",
        "\u00a0": " ",
    }
)


@dataclass(frozen=True, slots=True)
class Budget:
    """How much of each section fits; the renderer tries these from the roomiest down."""

    episodes: int
    ratings: int  # per episode in the strength section
    trend_episodes: int
    flags: int
    advice: int
    weeks: int


BUDGETS: Final = (
    Budget(episodes=10, ratings=10, trend_episodes=3, flags=8, advice=8, weeks=4),
    Budget(episodes=8, ratings=8, trend_episodes=3, flags=6, advice=6, weeks=4),
    Budget(episodes=6, ratings=7, trend_episodes=2, flags=5, advice=5, weeks=3),
    Budget(episodes=5, ratings=6, trend_episodes=2, flags=4, advice=4, weeks=2),
    Budget(episodes=4, ratings=5, trend_episodes=1, flags=3, advice=3, weeks=2),
    Budget(episodes=3, ratings=4, trend_episodes=1, flags=2, advice=2, weeks=1),
    Budget(episodes=2, ratings=3, trend_episodes=1, flags=1, advice=1, weeks=1),
)


def latin1(text: str) -> str:
    """What the core fonts can print: ASCII dashes and quotes; anything else outside Latin-1
    becomes "?"."""
    return text.translate(_ASCII).encode("latin-1", "replace").decode("latin-1")


def render_pdf(records: Records) -> bytes:
    """The summary as PDF bytes: exactly one A4 page."""
    for budget in BUDGETS:
        pdf = _Summary(records, budget, clip=False).build()
        if pdf.page_no() == 1:
            return bytes(pdf.output())
    # Nothing realistic gets here; still one page: sections that don't fit are left out.
    return bytes(_Summary(records, BUDGETS[-1], clip=True).build().output())


class _Summary:
    def __init__(self, records: Records, budget: Budget, *, clip: bool) -> None:
        self.records = records
        self.budget = budget
        self.clip = clip
        self.tz = records.tz
        self.today = local_day(records.now, self.tz)
        self.uk = records.country == "GB"
        pdf = FPDF(orientation="P", unit="mm", format="A4")
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.set_auto_page_break(auto=not clip, margin=FOOTER_SPACE)
        pdf.set_title(TITLE)
        pdf.set_author("Knee twitch companion (Telegram bot)")
        pdf.set_creation_date(records.now)
        pdf.add_page()
        self.pdf = pdf

    # --- building blocks ---------------------------------------------------------------------

    def _fits(self, text: str, height: float = LINE) -> bool:
        if not self.clip:
            return True
        lines = self.pdf.multi_cell(w=0, h=height, text=latin1(text), dry_run=True, output="LINES")
        needed = height * len(lines) if isinstance(lines, list) else height
        return self.pdf.get_y() + needed <= self.pdf.h - FOOTER_SPACE

    def text(self, text: str, *, style: str = "", size: int = BODY_PT) -> None:
        self.pdf.set_font(FONT, style=style, size=size)
        if not self._fits(text):
            return
        self.pdf.multi_cell(
            w=0, h=LINE, text=latin1(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )

    def heading(self, text: str) -> None:
        self.pdf.ln(2.5)
        self.pdf.set_font(FONT, style="B", size=HEADING_PT)
        if not self._fits(text, 6.5):
            return
        self.pdf.cell(w=0, h=6.5, text=latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def day(self, moment: datetime) -> str:
        return day_label(local_day(moment, self.tz), self.today)

    def when(self, moment: datetime) -> str:
        return f"{self.day(moment)} {moment.astimezone(self.tz):%H:%M}"

    # --- the page ----------------------------------------------------------------------------

    def build(self) -> FPDF:
        self._title()
        self._episodes()
        self._strength()
        self._sites()
        self._warning_signs()
        self._factors()
        self._advice()
        self._reminders()
        self._footer()
        return self.pdf

    def _title(self) -> None:
        self.pdf.set_font(FONT, style="B", size=TITLE_PT)
        self.pdf.cell(w=0, h=9, text=TITLE, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        now = self.records.now.astimezone(self.tz)
        zone_name = self.records.timezone_name
        self.text(
            f"Generated {day_label(self.today)} at {now:%H:%M}. Timezone: {zone_name}; all "
            "dates and times below are in this timezone."
        )
        self.text(
            "Made by a self-care chat bot from the person's own answers about a twitching "
            "muscle just above the knee. Dates of onset are estimates (the upper end of the "
            'answer to "How long has it been going on?").',
            style="I",
        )

    def _episodes(self) -> None:
        episodes = self.records.episodes
        self.heading(f"Episodes ({len(episodes)} logged, newest first)")
        if not episodes:
            self.text("No episodes logged.")
            return
        shown = episodes[: self.budget.episodes]
        self.pdf.set_font(FONT, size=BODY_PT)
        if self.clip and not self._fits("x\n" * (2 * len(shown) + 1)):
            shown = shown[:1]
        with self.pdf.table(
            col_widths=COLUMN_WIDTHS,
            text_align="LEFT",
            line_height=LINE,
            first_row_as_headings=True,
            width=self.pdf.epw,
        ) as table:
            row = table.row()
            for name in COLUMNS:
                row.cell(name)
            for episode in shown:
                row = table.row()
                for value in self._episode_cells(episode):
                    row.cell(latin1(value))
        left_out = len(episodes) - len(shown)
        if left_out:
            self.text(f"{left_out} earlier episode{'s' if left_out > 1 else ''} not shown.")

    def _episode_cells(self, episode: EpisodeSummary) -> tuple[str, ...]:
        now = self.records.now
        knee = SIDE_SHORT.get(episode.side or "", "-")
        lasted = lasted_words(episode.lasted(now)) + (" so far" if episode.open else "")
        first, worst = episode.intensity_first, episode.worst_intensity
        intensity = "-" if first is None else f"{first} / {worst}"
        often = FREQUENCY_WORDS.get(episode.frequency or "", "-")
        status = [
            "Ongoing" if episode.closed_at is None else f"Stopped {self.day(episode.closed_at)}"
        ]
        if episode.booked_at is not None:
            status.append(f"booked {self.day(episode.booked_at)}")
        if episode.seen_at is not None:
            status.append(f"seen {self.day(episode.seen_at)}")
        return (
            self.day(episode.onset_at),
            self.day(episode.logged_at),
            knee,
            lasted,
            intensity,
            often,
            level_label(episode.urgency, uk=self.uk),
            "; ".join(status),
        )

    def _strength(self) -> None:
        self.heading("Intensity trend (0 = barely, 10 = constant and very noticeable)")
        rated = [e for e in self.records.episodes if e.ratings or e.answered_checkins]
        if not rated:
            self.text("No ratings given.")
            return
        for episode in rated[: self.budget.trend_episodes]:
            points = list(self._trend(episode))
            left_out = len(points) - self.budget.ratings
            shown = points[-self.budget.ratings :]
            prefix = f"Episode from {self.day(episode.onset_at)}: "
            more = f"(+{left_out} earlier) " if left_out > 0 else ""
            self.text(prefix + more + ", ".join(shown) + ".")
        left_out = len(rated) - self.budget.trend_episodes
        if left_out > 0:
            worst = [e.worst_intensity for e in rated[self.budget.trend_episodes :]]
            values = [w for w in worst if w is not None]
            highest = f" (highest {max(values)})" if values else ""
            self.text(f"{left_out} earlier episode{'s' if left_out > 1 else ''}{highest}.")

    def _trend(self, episode: EpisodeSummary) -> Iterator[str]:
        if episode.intensity_first is not None:
            yield f"{self.day(episode.logged_at)} {episode.intensity_first} (logged)"
        for c in episode.answered_checkins:
            assert c.answered_at is not None  # noqa: S101 - answered
            status = c.status or "answered"
            value = f"{c.intensity} " if c.intensity is not None else ""
            yield f"{self.day(c.answered_at)} {value}({status})"

    def _sites(self) -> None:
        self.heading("Knee and other places")
        sides = Counter(e.side for e in self.records.episodes if e.side)
        if sides:
            parts = [
                f"{side_words(side)}: {count} episode{'s' if count > 1 else ''}"
                for side, count in sides.most_common()
            ]
            self.text("; ".join(parts).capitalize() + ".")
        else:
            self.text("No knee given.")
        places: list[str] = []
        for episode in self.records.episodes:
            if "g1" in episode.triage_ticks:
                places.append(f"at logging on {self.day(episode.logged_at)}")
            for c in episode.answered_checkins:
                if c.new_place and c.answered_at is not None:
                    places.append(f"at the {self.day(c.answered_at)} check-in")
        if places:
            shown = places[: self.budget.flags]
            more = f" and {len(places) - len(shown)} more" if len(places) > len(shown) else ""
            self.text("Twitching somewhere else too: " + "; ".join(shown) + more + ".")
        else:
            self.text("Twitching somewhere else: not reported.")

    def _warning_signs(self) -> None:
        self.heading("Warning signs asked about")
        episodes = self.records.episodes
        checkins = sum(len(e.answered_checkins) for e in episodes)
        self.text(
            f"Asked at {_count(len(episodes), 'logging')} and {_count(checkins, 'check-in')} "
            "(emergency and same-day signs; the see-a-doctor list at logging). "
            "People are told to tick a sign when they are not sure."
        )
        ticks: list[tuple[datetime, str, str]] = []
        for episode in episodes:
            ticks += [(episode.logged_at, "at logging", i) for i in episode.triage_ticks]
            for c in episode.answered_checkins:
                assert c.answered_at is not None  # noqa: S101 - answered
                ticks += [(c.answered_at, "at a check-in", i) for i in c.red_flags]
        ticks = [t for t in ticks if checklist_text(t[2]) is not None]
        if not ticks:
            self.text("None of the signs was ticked.")
            return
        ticks.sort(key=lambda t: t[0], reverse=True)
        for at, where, item_id in ticks[: self.budget.flags]:
            kind = checklist_kind(item_id)
            self.text(f"- {self.day(at)}, {where}: {checklist_text(item_id)} ({kind}).")
        left_out = len(ticks) - self.budget.flags
        if left_out > 0:
            self.text(f"{left_out} earlier ticked sign{'s' if left_out > 1 else ''} not shown.")

    def _factors(self) -> None:
        self.heading("Factors reported (in the 24 hours before logging)")
        counts = Counter(f for e in self.records.episodes for f in e.factors if f in FACTOR_WORDS)
        if not counts:
            self.text("None reported.")
            return
        total = len(self.records.episodes)
        parts = [f"{FACTOR_WORDS[f]} ({n} of {total} episodes)" for f, n in counts.most_common()]
        self.text("; ".join(parts) + ".")

    def _advice(self) -> None:
        self.heading("Advice the bot gave, and when")
        given = sorted(
            ((e, a) for e in self.records.episodes for a in e.advice),
            key=lambda pair: pair[1].at,
            reverse=True,
        )
        if not given:
            self.text("Self-care advice only.")
            return
        for _episode, advice in given[: self.budget.advice]:
            label = self._advice_label(advice.rule, advice.urgency)
            self.text(f"- {self.when(advice.at)}: {label}. {advice.reason}")
        left_out = len(given) - self.budget.advice
        if left_out > 0:
            self.text(
                f"{left_out} earlier piece{'s' if left_out > 1 else ''} of advice not shown."
            )

    def _advice_label(self, rule: str, urgency: Urgency | None) -> str:
        if rule == "missed_checkins":
            return "A note after missed check-ins"
        if urgency is None or urgency is Urgency.SELF_CARE:
            return "Worth a word with a professional (not urgent)"
        return level_label(urgency, uk=self.uk)

    def _reminders(self) -> None:
        self.heading("Self-care reminders (water and stretches): done / sent")
        activity = self.records.activity
        totals = action_totals(activity)
        if not any(totals.values()):
            self.text("Water and stretch reminders were not used.")
            return
        kinds = [kind for kind in ADHERENCE_KINDS if totals[kind]]
        weeks = weekly_adherence(activity, self.tz)
        for week in weeks[-self.budget.weeks :]:
            parts = [
                f"{KIND_WORDS[kind]} {week.done.get(kind, 0)} / {week.sent.get(kind, 0)}"
                for kind in kinds
            ]
            self.text(
                f"Week from {_monday_label(week.week_start, self.today)}: "
                + ", ".join(parts)
                + "."
            )
        parts = []
        for kind in kinds:
            counts = totals[kind]
            others = ", ".join(
                f"{n} {action}"
                for action, n in sorted(counts.items())
                if action not in (DONE, SENT)
            )
            extra = f" ({others})" if others else ""
            done, sent = counts.get(DONE, 0), counts.get(SENT, 0)
            parts.append(f"{KIND_WORDS[kind]} done {done} of {sent} sent{extra}")
        self.text("Overall: " + "; ".join(parts) + ".")

    def _footer(self) -> None:
        pdf = self.pdf
        pdf.set_auto_page_break(auto=False)
        pdf.set_y(pdf.h - FOOTER_SPACE + 4)
        pdf.set_draw_color(150, 150, 150)
        pdf.line(MARGIN, pdf.get_y(), pdf.w - MARGIN, pdf.get_y())
        pdf.ln(2)
        pdf.set_font(FONT, style="B", size=BODY_PT)
        footer = wording.text("footer", number=emergency_number(self.records.country))
        pdf.multi_cell(
            w=0, h=LINE, text=latin1(footer), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _monday_label(monday: date, today: date) -> str:
    return day_label(monday, today)
