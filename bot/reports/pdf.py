"""The one-page "summary for your doctor" (fpdf2, A4, 10 pt body and up).

One page, always. Content and layout are apart: each section turns the records into blocks
(headings, paragraphs, the episode table, the /history chart) within a ``Budget`` (how many
episodes, ratings, warning signs, advice lines and weeks, newest first; the chart's height); every
block is measured once on a scratch
page; ``fit()`` then shrinks the budget arithmetically, taking from whatever takes the most room,
and grows back what still fits; the chart (the same picture as /history) starts at its smallest
and takes the room the text leaves. What is left out is counted ("3 earlier episodes not shown").
The footer is the approved disclaimer with the user's emergency number.

Every text is in the current language (``bot.domain.language``: render inside
``language.use(...)``), printed in DejaVu Sans, a Unicode font shipped in ``bot/reports/fonts``
and embedded (subset), so accents and Cyrillic print as they are; ``printable()`` keeps the
ASCII dashes and quotes the page always had and turns what the font lacks (emoji) into "?".
Runs in a thread (``asyncio.to_thread``).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Final

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from bot.domain import wording
from bot.domain.countries import emergency_number
from bot.domain.language import N_, _
from bot.reports import (
    ADHERENCE_KINDS,
    DONE,
    FACTOR_WORDS,
    FREQUENCY_WORDS,
    SENT,
    STATUS_WORDS,
    EpisodeSummary,
    Records,
    Words,
    action_totals,
    advice_given,
    advice_text,
    chart_data,
    checkins_words,
    count_words,
    day_label,
    lasted_words,
    level_label,
    local_day,
    loggings_words,
    side_words,
    signs_ticked,
    weekly_adherence,
)

TITLE: Final = N_("Knee twitch summary for your doctor")
AUTHOR: Final = N_("Knee twitch companion (Telegram bot)")
GENERATED: Final = N_(
    "Generated {day} at {time}. Timezone: {zone}; all dates and times below are in this timezone."
)
ABOUT: Final = N_(
    "Made by a self-care chat bot from the person's own answers about a twitching muscle just "
    'above the knee. Dates of onset are estimates (the upper end of the answer to "How long has '
    'it been going on?").'
)
SIGNS_ASKED: Final = N_(
    "Asked at {loggings} and {checkins} (emergency and same-day signs; the see-a-doctor list at "
    "logging). People are told to tick a sign when they are not sure."
)
MARGIN: Final = 15.0  # mm
FOOTER_SPACE: Final = 19.0  # mm kept free at the bottom for the disclaimer
LINE: Final = 5.0  # mm per line at 10 pt
HEADING_GAP: Final = 2.5  # mm above a heading
HEADING_LINE: Final = 6.5
TITLE_LINE: Final = 9.0
BODY_PT: Final = 10
HEADING_PT: Final = 12
TITLE_PT: Final = 17
# DejaVu Sans (shipped in bot/reports/fonts with its licence, LICENSE_DEJAVU): Latin with
# accents, Cyrillic, Greek; embedded (subset) in every PDF.
FONT: Final = "dejavu"
FONTS: Final = Path(__file__).resolve().parent / "fonts"
FONT_FILES: Final = {
    "": FONTS / "DejaVuSans.ttf",
    "B": FONTS / "DejaVuSans-Bold.ttf",
    "I": FONTS / "DejaVuSans-Oblique.ttf",
}
# DejaVu Sans runs about 9% wider than the Helvetica this page was laid out in: drawn at 92%
# width it keeps the same sizes (10 pt body and up), line breaks and fit as before.
FONT_STRETCH: Final = 92
A4_HEIGHT: Final = 297.0
SCRATCH_PAGE: Final = (210.0, 3000.0)  # tall: blocks are measured without page breaks
REMINDERS_NOT_USED: Final = N_("Water and stretch reminders were not used.")
REMINDERS_NOTHING_YET: Final = N_(
    "Water or stretch reminders were turned on; none has been answered yet."
)
KIND_WORDS: Final = Words({"hydration": N_("water"), "stretch": N_("stretches")})
# Reminder answers other than done (stored values, keys).
ACTION_WORDS: Final = Words(
    {
        "snoozed": N_("snoozed"),
        "paused": N_("paused"),
        "ignored": N_("ignored"),
        "skipped": N_("skipped"),
    }
)
COLUMNS: Final = (
    N_("Began (est.)"),
    N_("Logged"),
    N_("Knee"),
    N_("Lasted"),
    N_("Intensity first / worst"),
    N_("How often"),
    N_("Advice"),
    N_("Status"),
)
COLUMN_WIDTHS: Final = (17, 16, 15, 24, 21, 28, 24, 35)  # "Knee" fits "Rechts"
SIDE_SHORT: Final = Words({"left": N_("Left"), "right": N_("Right"), "both": N_("Both")})
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


def latin1(text: str) -> str:
    """What a Latin-1 font could print: ASCII dashes and quotes; anything else outside Latin-1
    becomes "?" (the PDF itself uses ``printable()``)."""
    return text.translate(_ASCII).encode("latin-1", "replace").decode("latin-1")


@cache
def _font_characters() -> frozenset[int]:
    """The code points every PDF style can draw (regular, bold and oblique alike)."""
    pdf = _new_pdf("A4")
    try:
        maps = [set(getattr(font, "cmap", {})) for font in pdf.fonts.values()]
    finally:
        _close_fonts(pdf)
    return frozenset(set.intersection(*maps)) if maps else frozenset()


def printable(text: str) -> str:
    """What the PDF's font can print: ASCII dashes and quotes as before; letters of any of our
    languages as they are; anything the font lacks (emoji) becomes "?". A sentence ending on a
    short month that has its own full stop ("24 нояб.", "24. Nov.") keeps one, not two."""
    drawable = _font_characters()
    text = _DOUBLE_STOP.sub(".", text.translate(_ASCII))
    return "".join(c if ord(c) in drawable or c in "\n\t" else "?" for c in text)


_DOUBLE_STOP: Final = re.compile(r"(?<=\w)\.\.(?!\.)")


# =================================================================================================
# Budget and fitting
# =================================================================================================


@dataclass(frozen=True, slots=True)
class Budget:
    """How many items each section may show (newest first)."""

    episodes: int
    ratings: int  # per episode in the intensity trend
    trend_episodes: int
    flags: int  # ticked warning signs, and places reported
    advice: int
    weeks: int
    chart: int  # the chart's height in mm (its width is 4/3 of it)


MOST: Final = Budget(
    episodes=12, ratings=12, trend_episodes=3, flags=10, advice=10, weeks=4, chart=120
)
LEAST: Final = Budget(
    episodes=3, ratings=3, trend_episodes=1, flags=1, advice=1, weeks=1, chart=55
)
# How readily a field gives way when the page is full (the episode table holds on longest),
# and the order in which fields grow back into room left over (the chart last: it takes what
# the text leaves, up to its full width).
GIVE: Final = {
    "weeks": 1.2,
    "advice": 1.0,
    "ratings": 1.0,
    "trend_episodes": 1.0,
    "flags": 0.9,
    "episodes": 0.3,
}
GROW_ORDER: Final = ("episodes", "flags", "advice", "trend_episodes", "ratings", "weeks", "chart")
CHART_SMALLEST: Final = 40  # mm: only when even the smallest budget does not fit
CHART_GAP: Final = 3.0  # mm above and below the chart


def render_pdf(records: Records) -> bytes:
    """The summary as PDF bytes: exactly one A4 page."""
    from bot.reports.chart import render_chart

    png = render_chart(chart_data(records))
    measurer = _Measurer()
    page = _Page()
    try:
        budget = fit(records, measurer, png)
        pdf = page.draw(_Content(records, budget, png).sections(), records, measurer)
        return bytes(pdf.output())
    finally:
        _close_fonts(page.pdf)
        _close_fonts(measurer.pdf)


def fit(records: Records, measurer: _Measurer | None = None, png: bytes = b"") -> Budget:
    """The roomiest budget whose blocks fit between the top margin and the footer."""
    if measurer is None:
        own = _Measurer()
        try:
            return fit(records, own, png)
        finally:
            _close_fonts(own.pdf)
    measure = measurer
    room = A4_HEIGHT - FOOTER_SPACE - MARGIN
    heights: dict[tuple[str, tuple[int, ...]], float] = {}

    def sections(budget: Budget) -> dict[str, float]:
        found = {}
        for name, names in _SECTION_FIELDS.items():
            key = (name, tuple(getattr(budget, n) for n in names))
            if key not in heights:
                blocks = _Content(records, budget, png).section(name)
                heights[key] = sum(measure.height(block) for block in blocks)
            found[name] = heights[key]
        return found

    def fits(budget: Budget) -> bool:
        return sum(sections(budget).values()) <= room

    # The chart starts at its smallest and only grows into room the text leaves over.
    budget = replace(MOST, chart=LEAST.chart)
    while not fits(budget):
        candidates = [f for f in GIVE if getattr(budget, f) > getattr(LEAST, f)]
        if not candidates:
            if budget.chart > CHART_SMALLEST:  # a very long history: the chart gives way last
                budget = replace(budget, chart=budget.chart - 5)
                continue
            return budget  # the page drawer leaves out what still does not fit

        def pressure(field: str, budget: Budget = budget) -> float:
            used = sections(budget)
            return GIVE[field] * sum(
                used[s] for s in _SECTION_FIELDS if field in _SECTION_FIELDS[s]
            )

        chosen = max(candidates, key=pressure)
        budget = replace(budget, **{chosen: getattr(budget, chosen) - 1})
    grown = True
    while grown:  # taking from the biggest may have taken more than needed: give some back
        grown = False
        for field in GROW_ORDER:
            if getattr(budget, field) < getattr(MOST, field):
                bigger = replace(budget, **{field: getattr(budget, field) + 1})
                if fits(bigger):
                    budget, grown = bigger, True
    return budget


# Which budget fields each section reads.
_SECTION_FIELDS: Final = {
    "title": (),
    "episodes": ("episodes",),
    "chart": ("chart",),
    "trend": ("ratings", "trend_episodes"),
    "sites": ("flags",),
    "warning_signs": ("flags",),
    "factors": (),
    "advice": ("advice",),
    "reminders": ("weeks",),
}


# =================================================================================================
# Blocks, measured and drawn
# =================================================================================================


@dataclass(frozen=True, slots=True)
class Title:
    text: str


@dataclass(frozen=True, slots=True)
class Heading:
    text: str


@dataclass(frozen=True, slots=True)
class Para:
    text: str
    style: str = ""  # "", "B", "I"


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[tuple[str, ...], ...]  # under the COLUMNS heading row


@dataclass(frozen=True, slots=True)
class Picture:
    png: bytes
    height: float  # mm; the width follows the picture's 4:3


Block = Title | Heading | Para | Table | Picture


def _new_pdf(page: tuple[float, float] | str) -> FPDF:
    pdf = FPDF(orientation="P", unit="mm", format=page)
    for style, path in FONT_FILES.items():
        pdf.add_font(FONT, style=style, fname=path)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    return pdf


def _close_fonts(pdf: FPDF) -> None:
    """fpdf2 keeps each font file open (read lazily) for the document's life: close them."""
    for font in pdf.fonts.values():
        opened = getattr(font, "ttfont", None)
        if opened is not None:
            opened.close()


def _font(pdf: FPDF, style: str, size: int) -> None:
    pdf.set_font(FONT, style=style, size=size)
    pdf.set_stretching(FONT_STRETCH)


def _widths(pdf: FPDF, rows: list[tuple[str, ...]]) -> tuple[float, ...]:
    """COLUMN_WIDTHS, widened where a word would not fit whole (another language's words run
    longer: "Самопомощь"), the room taken from the columns with the most to spare."""
    scale = pdf.epw / sum(COLUMN_WIDTHS)
    widths = [w * scale for w in COLUMN_WIDTHS]
    pad = 2 * pdf.c_margin + 1.0
    need = [
        max(
            pdf.get_string_width(word) * 1.1 + pad
            for cell in column
            for word in cell.split() or [""]
        )
        for column in zip(*rows, strict=True)
    ]
    for _round in range(len(widths)):
        short = [i for i, w in enumerate(widths) if w < need[i]]
        if not short:
            break
        for i in short:
            missing = need[i] - widths[i]
            spare = {j: widths[j] - need[j] for j in range(len(widths)) if widths[j] > need[j]}
            room = sum(spare.values())
            if room <= 0:
                break
            take = min(missing, room)
            for j, extra in spare.items():
                widths[j] -= take * extra / room
            widths[i] += take
    return tuple(widths)


def _table(pdf: FPDF, rows: tuple[tuple[str, ...], ...]) -> None:
    _font(pdf, "", BODY_PT)
    shown = [tuple(printable(_(c)) for c in COLUMNS), *(tuple(map(printable, r)) for r in rows)]
    with pdf.table(
        col_widths=_widths(pdf, shown),
        text_align="LEFT",
        line_height=LINE,
        first_row_as_headings=True,
        width=pdf.epw,
    ) as table:
        for values in (tuple(_(c) for c in COLUMNS), *rows):
            row = table.row()
            for value in values:
                row.cell(printable(value))


def _write(pdf: FPDF, block: Block) -> None:
    match block:
        case Title(text):
            _font(pdf, "B", TITLE_PT)
            pdf.cell(w=0, h=TITLE_LINE, text=printable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        case Heading(text):
            pdf.ln(HEADING_GAP)
            _font(pdf, "B", HEADING_PT)
            pdf.cell(
                w=0, h=HEADING_LINE, text=printable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
        case Para(text, style):
            _font(pdf, style, BODY_PT)
            pdf.multi_cell(
                w=0, h=LINE, text=printable(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
        case Table(rows):
            _table(pdf, rows)
        case Picture(png, height):
            width = height * 4 / 3
            top = pdf.get_y() + CHART_GAP
            pdf.image(io.BytesIO(png), x=(pdf.w - width) / 2, y=top, w=width, h=height)
            pdf.set_y(top + height + CHART_GAP)


class _Measurer:
    """Block heights in mm, each drawn once on a tall scratch page (and remembered)."""

    def __init__(self) -> None:
        self.pdf = _new_pdf(SCRATCH_PAGE)
        self.pdf.set_auto_page_break(auto=False)
        self.cache: dict[object, float] = {}

    def _drawn(self, key: object, draw: Block) -> float:
        if key not in self.cache:
            self.pdf.add_page()
            start = self.pdf.get_y()
            _write(self.pdf, draw)
            self.cache[key] = float(self.pdf.get_y() - start)
        return self.cache[key]

    def height(self, block: Block) -> float:
        if isinstance(block, Picture):
            return block.height + 2 * CHART_GAP
        if isinstance(block, Table):
            # Rows are independent: the heading row, plus each row on its own.
            heading = self._drawn(("table", ()), Table(()))
            rows = (self._drawn(("table", r), Table((r,))) - heading for r in block.rows)
            return heading + sum(rows)
        return self._drawn(block, block)


class _Page:
    """The A4 page: blocks top to bottom, then the footer at the bottom."""

    def __init__(self) -> None:
        pdf = _new_pdf("A4")
        pdf.set_auto_page_break(auto=False)
        pdf.set_title(_(TITLE))
        pdf.set_author(_(AUTHOR))
        pdf.add_page()
        self.pdf = pdf

    def draw(
        self, sections: dict[str, list[Block]], records: Records, measurer: _Measurer
    ) -> FPDF:
        pdf = self.pdf
        pdf.set_creation_date(records.now)
        bottom = pdf.h - FOOTER_SPACE
        for blocks in sections.values():
            for block in blocks:
                # Only when even the smallest budget overflows: leave out what does not fit.
                if pdf.get_y() + measurer.height(block) <= bottom + 0.01:
                    _write(pdf, block)
        pdf.set_y(pdf.h - FOOTER_SPACE + 4)
        pdf.set_draw_color(150, 150, 150)
        pdf.line(MARGIN, pdf.get_y(), pdf.w - MARGIN, pdf.get_y())
        pdf.ln(2)
        footer = wording.text("footer", number=emergency_number(records.country))
        _write(pdf, Para(footer, "B"))
        return pdf


# =================================================================================================
# The content
# =================================================================================================


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Content:
    """The page's sections as blocks, within a budget."""

    def __init__(self, records: Records, budget: Budget, png: bytes = b"") -> None:
        self.png = png
        self.records = records
        self.budget = budget
        self.tz = records.tz
        self.today = local_day(records.now, self.tz)
        self.uk = records.country == "GB"

    def sections(self) -> dict[str, list[Block]]:
        return {name: self.section(name) for name in _SECTION_FIELDS}

    def section(self, name: str) -> list[Block]:
        blocks: list[Block] = getattr(self, f"_{name}")()
        return blocks

    def day(self, moment: datetime) -> str:
        return day_label(local_day(moment, self.tz), self.today)

    def when(self, moment: datetime) -> str:
        return f"{self.day(moment)} {moment.astimezone(self.tz):%H:%M}"

    def _title(self) -> list[Block]:
        now = self.records.now.astimezone(self.tz)
        generated = _(GENERATED).format(
            day=day_label(self.today), time=f"{now:%H:%M}", zone=self.records.timezone_name
        )
        return [Title(_(TITLE)), Para(generated), Para(_(ABOUT), "I")]

    def _episodes(self) -> list[Block]:
        episodes = self.records.episodes
        heading = _("Episodes ({count} logged, newest first)").format(count=len(episodes))
        blocks: list[Block] = [Heading(heading)]
        if not episodes:
            return [*blocks, Para(_("No episodes logged."))]
        shown = episodes[: self.budget.episodes]
        blocks.append(Table(tuple(self._episode_cells(e) for e in shown)))
        left_out = len(episodes) - len(shown)
        if left_out:
            blocks.append(
                Para(
                    count_words(
                        left_out,
                        N_("{count} earlier episode not shown."),
                        N_("{count} earlier episodes not shown."),
                    )
                )
            )
        return blocks

    def _episode_cells(self, episode: EpisodeSummary) -> tuple[str, ...]:
        now = self.records.now
        lasted = lasted_words(episode.lasted(now))
        if episode.open:
            lasted = _("{lasted} so far").format(lasted=lasted)
        first, worst = episode.intensity_first, episode.worst_intensity
        status = [
            _("Ongoing")
            if episode.closed_at is None
            else _("Stopped {day}").format(day=self.day(episode.closed_at))
        ]
        if episode.booked_at is not None:
            status.append(_("booked {day}").format(day=self.day(episode.booked_at)))
        if episode.seen_at is not None:
            status.append(_("seen {day}").format(day=self.day(episode.seen_at)))
        return (
            self.day(episode.onset_at),
            self.day(episode.logged_at),
            SIDE_SHORT.get(episode.side or "", "-"),
            lasted,
            "-" if first is None else f"{first} / {worst}",
            FREQUENCY_WORDS.get(episode.frequency or "", "-"),
            level_label(episode.urgency, uk=self.uk),
            "; ".join(status),
        )

    def _chart(self) -> list[Block]:
        if not self.png:
            return []
        return [Picture(self.png, float(self.budget.chart))]

    def _trend(self) -> list[Block]:
        blocks: list[Block] = [
            Heading(_("Intensity trend (0 = barely, 10 = constant and very noticeable)"))
        ]
        rated = [e for e in self.records.episodes if e.ratings or e.answered_checkins]
        if not rated:
            return [*blocks, Para(_("No ratings given."))]
        for episode in rated[: self.budget.trend_episodes]:
            points = list(self._points(episode))
            left_out = len(points) - self.budget.ratings
            shown = points[-self.budget.ratings :]
            more = _("(+{count} earlier)").format(count=left_out) + " " if left_out > 0 else ""
            start = _("Episode from {day}:").format(day=self.day(episode.onset_at)) + " "
            blocks.append(Para(start + more + ", ".join(shown) + "."))
        rest = rated[self.budget.trend_episodes :]
        if rest:
            values = [e.worst_intensity for e in rest if e.worst_intensity is not None]
            highest = " " + _("(highest {value})").format(value=max(values)) if values else ""
            count = count_words(
                len(rest), N_("{count} earlier episode"), N_("{count} earlier episodes")
            )
            blocks.append(Para(f"{count}{highest}."))
        return blocks

    def _points(self, episode: EpisodeSummary) -> Iterator[str]:
        if episode.intensity_first is not None:
            yield _("{day} {intensity} (logged)").format(
                day=self.day(episode.logged_at), intensity=episode.intensity_first
            )
        for c in episode.answered_checkins:
            assert c.answered_at is not None  # noqa: S101 - answered
            value = f"{c.intensity} " if c.intensity is not None else ""
            status = STATUS_WORDS.get(c.status, c.status) if c.status else _("answered")
            yield f"{self.day(c.answered_at)} {value}({status})"

    def _sites(self) -> list[Block]:
        blocks: list[Block] = [Heading(_("Knee and other places"))]
        sides = Counter(e.side for e in self.records.episodes if e.side)
        if sides:
            parts = [
                f"{side_words(side)}: "
                + count_words(count, N_("{count} episode"), N_("{count} episodes"))
                for side, count in sides.most_common()
            ]
            blocks.append(Para(_first_upper("; ".join(parts)) + "."))
        else:
            blocks.append(Para(_("No knee given.")))
        places: list[str] = []
        for episode in self.records.episodes:
            if "g1" in episode.triage_ticks:
                places.append(_("at logging on {day}").format(day=self.day(episode.logged_at)))
            for c in episode.answered_checkins:
                if c.new_place and c.answered_at is not None:
                    places.append(_("at the {day} check-in").format(day=self.day(c.answered_at)))
        if not places:
            return [*blocks, Para(_("Twitching somewhere else: not reported."))]
        shown = places[: self.budget.flags]
        more = (
            " " + _("and {count} more").format(count=len(places) - len(shown))
            if len(places) > len(shown)
            else ""
        )
        elsewhere = _("Twitching somewhere else too: {places}.").format(
            places="; ".join(shown) + more
        )
        return [*blocks, Para(elsewhere)]

    def _warning_signs(self) -> list[Block]:
        episodes = self.records.episodes
        checkins = sum(len(e.answered_checkins) for e in episodes)
        blocks: list[Block] = [
            Heading(_("Warning signs asked about")),
            Para(
                _(SIGNS_ASKED).format(
                    loggings=loggings_words(len(episodes)), checkins=checkins_words(checkins)
                )
            ),
        ]
        ticks = signs_ticked(self.records)
        if not ticks:
            return [*blocks, Para(_("None of the signs was ticked."))]
        for tick in ticks[: self.budget.flags]:
            day = self.day(tick.at)
            blocks.append(Para(f"- {day}, {tick.where_words}: {tick.text} ({tick.kind})."))
        left_out = len(ticks) - self.budget.flags
        if left_out > 0:
            blocks.append(
                Para(
                    count_words(
                        left_out,
                        N_("{count} earlier ticked sign not shown."),
                        N_("{count} earlier ticked signs not shown."),
                    )
                )
            )
        return blocks

    def _factors(self) -> list[Block]:
        blocks: list[Block] = [Heading(_("Factors reported (in the 24 hours before logging)"))]
        counts = Counter(f for e in self.records.episodes for f in e.factors if f in FACTOR_WORDS)
        if not counts:
            return [*blocks, Para(_("None reported."))]
        total = len(self.records.episodes)
        parts = [
            _("{factor} ({count} of {total} episodes)").format(
                factor=FACTOR_WORDS[f], count=n, total=total
            )
            for f, n in counts.most_common()
        ]
        return [*blocks, Para("; ".join(parts) + ".")]

    def _advice(self) -> list[Block]:
        blocks: list[Block] = [Heading(_("Advice the bot gave, and when"))]
        given = advice_given(self.records)
        if not given:
            return [*blocks, Para(_("Self-care advice only."))]
        for advice in given[: self.budget.advice]:
            blocks.append(Para(f"- {self.when(advice.at)}: {advice_text(advice, uk=self.uk)}"))
        left_out = len(given) - self.budget.advice
        if left_out > 0:
            pieces = count_words(
                left_out,
                N_("{count} earlier piece of advice not shown."),
                N_("{count} earlier pieces of advice not shown."),
            )
            blocks.append(Para(pieces))
        return blocks

    def _reminders(self) -> list[Block]:
        blocks: list[Block] = [
            Heading(_("Self-care reminders (water and stretches): done / sent"))
        ]
        activity = self.records.activity
        totals = action_totals(activity)
        if not any(totals.values()):
            if self.records.reminders_turned_on:
                return [*blocks, Para(_(REMINDERS_NOTHING_YET))]
            return [*blocks, Para(_(REMINDERS_NOT_USED))]
        kinds = [kind for kind in ADHERENCE_KINDS if totals[kind]]
        for week in weekly_adherence(activity, self.tz)[-self.budget.weeks :]:
            parts = [
                f"{KIND_WORDS[kind]} {week.done.get(kind, 0)} / {week.sent.get(kind, 0)}"
                for kind in kinds
            ]
            monday = day_label(week.week_start, self.today)
            line = _("Week from {day}: {counts}.").format(day=monday, counts=", ".join(parts))
            blocks.append(Para(line))
        parts = []
        for kind in kinds:
            counts = totals[kind]
            others = ", ".join(
                f"{n} {ACTION_WORDS.get(action, action)}"
                for action, n in sorted(counts.items())
                if action not in (DONE, SENT)
            )
            extra = f" ({others})" if others else ""
            done, sent = counts.get(DONE, 0), counts.get(SENT, 0)
            overall = _("{kind} done {done} of {sent} sent").format(
                kind=KIND_WORDS[kind], done=done, sent=sent
            )
            parts.append(overall + extra)
        return [*blocks, Para(_("Overall: {parts}.").format(parts="; ".join(parts)))]
