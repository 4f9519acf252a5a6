"""The /history picture: intensity, episodes, check-ins, advice given and reminders done, over the
days the data needs (a week to 30 days, ``bot.reports.chart_days``).

matplotlib without pyplot (no global figure state, safe in a worker thread): a ``Figure`` on an
explicit Agg canvas, 800x600 px, large type so it reads on a phone. Runs in a thread
(``asyncio.to_thread``); about a tenth of a second. Words in the current language
(``bot.domain.language``), in matplotlib's own DejaVu Sans (Latin with accents and Cyrillic).
"""

from __future__ import annotations

import io
from typing import Final

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from bot.domain.language import N_, _
from bot.domain.model import Urgency
from bot.reports import ChartData, day_label

WIDTH_PX: Final = 800
HEIGHT_PX: Final = 600
DPI: Final = 100
FONT: Final = 13
LEGEND_COLUMNS: Final = 4
LEGEND_ROW: Final = 0.042  # of the figure's height

LEVEL_COLOURS: Final = {
    Urgency.SELF_CARE: "#4caf50",
    Urgency.SEE_GP: "#f2b705",
    Urgency.URGENT_TODAY: "#f57c00",
    Urgency.EMERGENCY: "#d32f2f",
}
LINE_COLOUR: Final = "#1f4e79"
WATER_COLOUR: Final = "#2196f3"
STRETCH_COLOUR: Final = "#8e44ad"
# Check-in answers (stored values, keys): marker, colour, legend label (English source).
MARKS: Final = {
    "gone": ("v", "#2e7d32", N_("Gone")),
    "better": ("v", "#66bb6a", N_("Better")),
    "same": ("s", "#757575", N_("Same")),
    "worse": ("^", "#c62828", N_("Worse")),
}


# Advice given, on the timeline: a diamond at the top in the level's colour, said in the legend.
ADVICE_MARKER: Final = "D"
ADVICE_WORDS: Final = {
    Urgency.EMERGENCY: N_("Advice: emergency"),
    Urgency.URGENT_TODAY: N_("Advice: urgent, same day"),
    Urgency.SEE_GP: N_("Advice: see a doctor"),
    Urgency.SELF_CARE: N_("Advice: talk to a professional"),
    None: N_("Note after missed check-ins"),
}
LEVEL_WORDS: Final = {
    Urgency.SELF_CARE: N_("self-care"),
    Urgency.SEE_GP: N_("see a doctor"),
    Urgency.URGENT_TODAY: N_("urgent"),
    Urgency.EMERGENCY: N_("emergency"),
}
NOTE_COLOUR: Final = "#607d8b"


def render_chart(data: ChartData) -> bytes:
    """The chart as PNG bytes (WIDTH_PX x HEIGHT_PX)."""
    figure = build_figure(data)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def legend_labels(figure: Figure) -> list[str]:
    """What the legend says, in order (for tests and logs)."""
    return [text.get_text() for legend in figure.legends for text in legend.get_texts()]


def build_figure(data: ChartData) -> Figure:
    """The chart as a matplotlib figure (not yet drawn)."""
    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    grid = figure.add_gridspec(2, 1, height_ratios=(3, 1), hspace=0.12)
    top = figure.add_subplot(grid[0])
    bottom = figure.add_subplot(grid[1], sharex=top)
    title = _("Your last {days} days").format(days=data.days)
    figure.suptitle(title, fontsize=FONT + 3, fontweight="bold", y=0.985)
    handles = [*_intensity_panel(top, data), *_adherence_panel(bottom, data)]
    _days_axis(bottom, data)
    rows = -(-len(handles) // LEGEND_COLUMNS)
    figure.subplots_adjust(left=0.1, right=0.96, top=0.9 - LEGEND_ROW * rows, bottom=0.1)
    if handles:
        figure.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.53, 0.935),
            ncols=LEGEND_COLUMNS,
            fontsize=FONT - 2,
            frameon=False,
            handletextpad=0.4,
            columnspacing=1.2,
        )
    return figure


def _intensity_panel(ax: Axes, data: ChartData) -> list[Artist]:
    ax.set_xlim(0, data.days)
    ax.set_ylim(-0.5, 10.5)
    ax.set_yticks(range(0, 11, 2))
    ax.set_ylabel(_("How strong (0-10)"), fontsize=FONT)
    ax.tick_params(labelsize=FONT - 1)
    ax.tick_params(axis="x", labelbottom=False)
    ax.grid(axis="y", alpha=0.3)
    handles: list[Artist] = []
    if data.series:
        handles.append(
            Line2D([], [], color=LINE_COLOUR, lw=2.5, marker="o", label=_("How strong"))
        )
    levels_seen: list[Urgency] = []
    for span in data.spans:
        ax.axvspan(span.start, span.end, color=LEVEL_COLOURS[span.level], alpha=0.18, lw=0)
        if span.level not in levels_seen:
            levels_seen.append(span.level)
    for level in sorted(levels_seen):
        handles.append(
            Patch(
                color=LEVEL_COLOURS[level],
                alpha=0.35,
                label=_("Episode: {level}").format(level=_(LEVEL_WORDS[level])),
            )
        )
    for points in data.series:
        xs = [x for x, _ in points]
        ys = [y for _, y in points]
        ax.plot(xs, ys, color=LINE_COLOUR, lw=2.5, marker="o", ms=7, zorder=3)
    shown: set[str] = set()
    for mark in data.marks:
        marker, colour, source = MARKS.get(mark.status, ("o", "#757575", mark.status))
        label = _(source) if mark.status in MARKS else source
        y = mark.intensity if mark.intensity is not None else 0
        ax.plot([mark.x], [y], marker=marker, color=colour, ms=13, ls="none", zorder=4, mew=0)
        if label not in shown:
            shown.add(label)
            handles.append(
                Line2D([], [], marker=marker, color=colour, ls="none", ms=11, label=label)
            )
    advice_seen: list[Urgency | None] = []
    for advice in data.advice:
        colour = _advice_colour(advice.level)
        ax.axvline(advice.x, color=colour, lw=1.5, ls="--", alpha=0.8, zorder=2)
        ax.plot(
            [advice.x],
            [10],
            marker=ADVICE_MARKER,
            color=colour,
            ms=11,
            ls="none",
            zorder=5,
            mec="black",
            mew=0.8,
        )
        if advice.level not in advice_seen:
            advice_seen.append(advice.level)
    for given in sorted(advice_seen, key=lambda v: -1 if v is None else int(v), reverse=True):
        handles.append(
            Line2D(
                [],
                [],
                marker=ADVICE_MARKER,
                color=_advice_colour(given),
                ls="none",
                ms=10,
                mec="black",
                mew=0.8,
                label=_(ADVICE_WORDS[given]),
            )
        )
    if data.empty:
        ax.text(
            data.days / 2,
            5,
            _("No twitches logged in these days"),
            ha="center",
            va="center",
            fontsize=FONT + 1,
            color="#555555",
        )
    return handles


def _adherence_panel(ax: Axes, data: ChartData) -> list[Artist]:
    xs = range(data.days)
    water = [x + 0.3 for x in xs]
    stretch = [x + 0.7 for x in xs]
    ax.bar(water, data.hydration_done, width=0.38, color=WATER_COLOUR)
    ax.bar(stretch, data.stretch_done, width=0.38, color=STRETCH_COLOUR)
    top = max([*data.hydration_done, *data.stretch_done, 1])
    ax.set_ylim(0, top + 0.5)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
    ax.set_ylabel(_("Done"), fontsize=FONT)
    ax.tick_params(labelsize=FONT - 1)
    ax.grid(axis="y", alpha=0.3)
    handles: list[Artist] = []
    if any(data.hydration_done):
        handles.append(Patch(color=WATER_COLOUR, label=_("Water done")))
    if any(data.stretch_done):
        handles.append(Patch(color=STRETCH_COLOUR, label=_("Stretch done")))
    if not handles:
        ax.text(
            data.days / 2,
            0.75,
            _("No reminders done in these days"),
            ha="center",
            va="center",
            fontsize=FONT - 1,
            color="#555555",
        )
    return handles


def _days_axis(ax: Axes, data: ChartData) -> None:
    days = data.day_list
    step = max(1, round(data.days / 5))
    ticks = list(range(data.days - 1, -1, -step))[::-1]  # always label the last day (today)
    today = days[-1]
    ax.set_xticks([i + 0.5 for i in ticks])
    ax.set_xticklabels([day_label(days[i], today) for i in ticks], fontsize=FONT - 1)
    ax.set_xlabel(_("Day ({zone} time)").format(zone=data.timezone), fontsize=FONT)


def _advice_colour(level: Urgency | None) -> str:
    return NOTE_COLOUR if level is None else LEVEL_COLOURS[level]
