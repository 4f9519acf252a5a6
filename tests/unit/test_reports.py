"""The chart, the PDF summary and the export, from a fixture history (no database)."""

from __future__ import annotations

import csv
import io
import json
import re
import struct
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from matplotlib.image import imread
from pypdf import PdfReader

from bot.domain import wording
from bot.domain.model import EpisodeStatus, Urgency
from bot.domain.triage import GP_ITEMS
from bot.reports import (
    RULE_WORDS,
    AdviceGiven,
    CheckInAnswer,
    EpisodeSummary,
    Records,
    ReminderActivity,
    chart_data,
    file_name,
    weekly_adherence,
)
from bot.reports.chart import (
    HEIGHT_PX,
    LEVEL_COLOURS,
    WIDTH_PX,
    build_figure,
    legend_labels,
    render_chart,
)
from bot.reports.export import TableDump, build_zip, readable
from bot.reports.pdf import LEAST, MARGIN, MOST, fit, latin1, render_pdf
from bot.reports.summary import share_text

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
# Names of conditions the bot must never print (TRIAGE.md decision 1), as whole words.
DISEASE_WORDS = (
    "ALS",
    "MND",
    "motor neurone",
    "motor neuron",
    "sclerosis",
    "Parkinson",
    "thrombosis",
    "DVT",
    "epilepsy",
    "stroke",
    "cancer",
    "tumour",
    "tumor",
    "neuropathy",
    "fasciculation",
    "diabetes",
    "rhabdomyolysis",
    "cauda equina",
    "hypocalcaemia",
    "hypokalaemia",
    "serotonin syndrome",
    "sepsis",
    "tetanus",
    "septic arthritis",
    "disease",
)

G2_TEXT = next(i.text for i in GP_ITEMS if i.id == "g2")  # the checklist wording


def _checkin(
    logged: datetime, seq: int, status: str, intensity: int | None, **kw: object
) -> CheckInAnswer:
    asked = logged + seq * DAY
    return CheckInAnswer(
        seq=seq,
        asked_at=asked,
        answered_at=asked + timedelta(minutes=20),
        status=status,
        intensity=intensity,
        frequency="comes_goes",
        red_flags=tuple(kw.get("red_flags", ())),  # type: ignore[arg-type]
        new_place=bool(kw.get("new_place", False)),
    )


def _history() -> Records:
    """Two episodes: the current one (left, escalated) and a closed one (right)."""
    current_logged = NOW - 4 * DAY
    current = EpisodeSummary(
        id=2,
        logged_at=current_logged,
        onset_at=current_logged - 6 * DAY,
        side="left",
        intensity_first=4,
        frequency="comes_goes",
        factors=("exercise", "drank_little"),
        urgency=Urgency.URGENT_TODAY,
        status=EpisodeStatus.OPEN,
        closed_at=None,
        booked_at=current_logged + 2 * DAY,
        seen_at=None,
        duration_answer="3-6d",
        triage_ticks=("g2",),
        checkins=(
            _checkin(current_logged, 1, "same", 5),
            _checkin(current_logged, 2, "worse", 7, red_flags=("u4",)),
            _checkin(current_logged, 3, "better", 3, new_place=True),
        ),
        advice=(
            AdviceGiven(current_logged, "triage", 2, "The leg feels weak or stiff"),
            AdviceGiven(
                current_logged + 2 * DAY + timedelta(minutes=20),
                "red_flag",
                3,
                "The knee locks or gives way, or you fell",
            ),
        ),
    )
    old_logged = NOW - 20 * DAY
    old = EpisodeSummary(
        id=1,
        logged_at=old_logged,
        onset_at=old_logged,
        side="right",
        intensity_first=2,
        frequency="few",
        factors=("caffeine",),
        urgency=Urgency.SELF_CARE,
        status=EpisodeStatus.CLOSED,
        closed_at=old_logged + 3 * DAY,
        booked_at=None,
        seen_at=None,
        checkins=(_checkin(old_logged, 1, "gone", None), _checkin(old_logged, 2, "gone", None)),
    )
    activity = []
    for day in range(14):
        at = NOW - (day + 1) * DAY
        activity += [
            ReminderActivity("hydration", "sent", at),
            ReminderActivity("hydration", "done" if day % 2 else "snoozed", at),
        ]
        if day < 7:
            activity += [
                ReminderActivity("stretch", "sent", at),
                ReminderActivity("stretch", "done", at),
            ]
    return Records(
        user_id=1001,
        timezone="Europe/London",
        country="GB",
        now=NOW,
        episodes=(current, old),
        activity=tuple(sorted(activity, key=lambda a: a.at)),
    )


def _long_history(count: int = 60) -> Records:
    base = _history()
    template = base.episodes[0]
    episodes = []
    for i in range(count):
        logged = NOW - (3 + 6 * i) * DAY
        checkins = tuple(
            _checkin(logged, seq, "worse", 6, red_flags=("u1", "e3"), new_place=True)
            for seq in range(1, 6)
        )
        advice = tuple(
            AdviceGiven(logged + k * DAY, "red_flag", 4, "A" * 200) for k in range(1, 6)
        )
        episodes.append(
            replace(
                template,
                id=1000 + i,
                logged_at=logged,
                onset_at=logged - 14 * DAY,
                status=EpisodeStatus.OPEN if i == 0 else EpisodeStatus.CLOSED,
                closed_at=None if i == 0 else logged + 5 * DAY,
                seen_at=logged + DAY,
                checkins=checkins,
                advice=advice,
                triage_ticks=tuple(f"g{k}" for k in range(1, 8)),
                factors=(
                    "exercise",
                    "sleep",
                    "caffeine",
                    "stress",
                    "drank_little",
                    "new_medicine",
                ),
            )
        )
    return replace(base, episodes=tuple(episodes))


def _pdf_text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _assert_no_disease_names(text: str) -> None:
    for word in DISEASE_WORDS:
        flags = 0 if word.isupper() else re.IGNORECASE
        assert not re.search(rf"\b{re.escape(word)}\b", text, flags), f"names {word!r}"


# --- PDF ---


def test_pdf_is_one_a4_page_with_everything_a_doctor_needs() -> None:
    pdf = render_pdf(_history())
    assert pdf.startswith(b"%PDF-")
    pages, raw = _pdf_text(pdf)
    assert pages == 1
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    text = _flat(raw)
    assert "Knee twitch summary for your doctor" in text
    assert "Generated 25 Nov 2026 at 09:00" in text
    assert "Europe/London" in text
    # Episodes with dates and durations (onset 15 Nov, logged 21 Nov; old one 5 Nov, 3 days).
    assert "15 Nov 21 Nov Left 10 days so far 4 / 7" in text
    assert "5 Nov 5 Nov Right 3 days 2 / 2" in text
    assert "Ongoing; booked 23 Nov" in text
    assert "Stopped 8 Nov" in text
    # Intensity trend.
    assert "Intensity trend" in text
    assert "21 Nov 4 (logged), 22 Nov 5 (same), 23 Nov 7 (worse), 24 Nov 3 (better)" in text
    # Sides and sites.
    assert "Left knee: 1 episode; right knee: 1 episode" in text
    assert "Twitching somewhere else too: at the 24 Nov check-in" in text
    # Red flags answered, with the checklist wording.
    assert "Asked at 2 loggings and 5 check-ins" in text
    assert (
        "23 Nov, at a check-in: The knee locks or gives way, or you fell (same-day sign)" in text
    )
    assert f"21 Nov, at logging: {G2_TEXT} (see-a-doctor sign)" in " ".join(text.split())
    # Factors.
    assert "Hard leg exercise (1 of 2 episodes)" in text
    assert "Drank little" in text
    assert "Lots of caffeine" in text
    # Escalations given, and when.
    assert "23 Nov 09:20: Urgent, same day. The knee locks or gives way, or you fell" in text
    assert "21 Nov 09:00: See a GP. The leg feels weak or stiff" in text
    # Reminder adherence, per week and overall.
    assert "Week from 16 Nov: water 3 / 7, stretches 5 / 5." in text
    assert "Overall: water done 7 of 14 sent (7 snoozed); stretches done 7 of 7 sent." in text
    # The approved disclaimer with the user's emergency number.
    footer = wording.text("footer", number="999")
    assert footer in text
    _assert_no_disease_names(text)


def test_pdf_body_text_is_at_least_10_points() -> None:
    sizes: list[float] = []

    def visit(text: str, _cm: object, tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            sizes.append(size * abs(tm[3] or 1))

    PdfReader(io.BytesIO(render_pdf(_history()))).pages[0].extract_text(visitor_text=visit)
    assert sizes
    assert min(sizes) >= 10


def test_a_long_history_still_fits_one_page() -> None:
    pdf = render_pdf(_long_history())
    pages, raw = _pdf_text(pdf)
    assert pages == 1
    text = _flat(raw)
    assert "Episodes (60 logged, newest first)" in text
    assert "earlier episodes not shown" in text
    assert "earlier ticked signs not shown" in text
    assert "This isn't a diagnosis" in text
    _assert_no_disease_names(text)


def test_pdf_without_country_timezone_or_reminders() -> None:
    records = replace(_history(), country=None, timezone=None, activity=())
    pages, raw = _pdf_text(render_pdf(records))
    text = _flat(raw)
    assert pages == 1
    assert "Timezone: UTC" in text
    assert "Water and stretch reminders were not used." in text
    assert "your local emergency number (112 / 911 / 999)" in text


def test_pdf_text_is_latin1_safe() -> None:
    assert latin1("1–2 days “quoted” — ok…") == '1-2 days "quoted" - ok...'
    assert latin1("🚨 help") == "? help"
    zone = replace(_history(), timezone="UTC+05:30")
    pages, text = _pdf_text(render_pdf(zone))
    assert pages == 1
    assert "UTC+05:30" in text
    assert all(ord(ch) < 256 for ch in text)


# --- chart ---


def _png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def test_chart_is_an_800_by_600_png() -> None:
    png = render_chart(chart_data(_history()))
    assert _png_size(png) == (WIDTH_PX, HEIGHT_PX) == (800, 600)


def test_chart_of_nothing_still_renders() -> None:
    empty = replace(_history(), episodes=(), activity=())
    data = chart_data(empty)
    assert data.empty
    assert _png_size(render_chart(data)) == (800, 600)


def test_chart_data_days_spans_checkins_and_adherence() -> None:
    data = chart_data(_history(), days=30)  # a fixed window (the default fits the data)
    assert data.days == 30
    assert data.day_list[0] == date(2026, 10, 27)
    assert data.day_list[-1] == date(2026, 11, 25)
    # Intensity by day: 4 logged on 21 Nov, then 5, 7 and 3 at the check-ins.
    by_day = dict(zip(data.day_list, data.daily_max, strict=True))
    assert [by_day[date(2026, 11, d)] for d in (21, 22, 23, 24, 25)] == [4, 5, 7, 3, None]
    assert by_day[date(2026, 11, 5)] == 2
    # Episode spans in days from 27 Oct: the old one 5-8 Nov (to the end of 8 Nov, its last
    # day), the current one to the end of today (issue 12: the band reaches its last day; it used
    # to stop at the closing time, 12.375, and at now, 29.375).
    old, current = data.spans
    assert (old.start, old.end, old.level, old.open) == (9.375, 13.0, Urgency.SELF_CARE, False)
    assert current.start == pytest.approx(19.375)
    assert current.end == pytest.approx(30.0)
    assert current.open
    assert [m.status for m in data.marks] == ["gone", "gone", "same", "worse", "better"]
    assert data.hydration_done[-1] == 0  # nothing done today yet
    assert sum(data.hydration_done) == 7
    assert sum(data.stretch_done) == 7


def test_chart_days_are_the_users_local_days_across_dst() -> None:
    """New York leaves DST on 1 Nov 2026; an answer at 03:00 UTC belongs to the day before.
    (A fixed 30-day window, as before the range fitted the data.)"""
    late = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
    episode = replace(
        _history().episodes[1],
        logged_at=late,
        onset_at=late,
        closed_at=None,
        status=EpisodeStatus.OPEN,
        checkins=(),
    )
    records = replace(_history(), timezone="America/New_York", episodes=(episode,), activity=())
    data = chart_data(records, days=30)
    by_day = dict(zip(data.day_list, data.daily_max, strict=True))
    assert by_day[date(2026, 11, 19)] == 2
    assert by_day[date(2026, 11, 20)] is None
    [span] = data.spans
    assert span.start == pytest.approx(23 + 22 / 24)  # 22:00 local on 19 Nov (day 23)


def test_weekly_adherence_counts_per_local_week() -> None:
    weeks = weekly_adherence(_history().activity, _history().tz)
    assert [w.week_start.isoformat() for w in weeks] == ["2026-11-09", "2026-11-16", "2026-11-23"]
    assert weeks[-1].sent == {"hydration": 2, "stretch": 2}
    assert weeks[1].done == {"hydration": 3, "stretch": 5}


def test_file_names_use_the_local_date() -> None:
    late = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)
    assert file_name("summary", "pdf", NOW, UTC) == "knee-twitch-summary-2026-11-25.pdf"
    tokyo = replace(_history(), timezone="Asia/Tokyo").tz
    assert file_name("data", "zip", late, tokyo) == "knee-twitch-data-2026-11-26.zip"


# --- export ---


def test_export_zip_has_csv_per_table_and_json() -> None:
    dumps = {
        "users": TableDump(("id", "timezone"), ({"id": 7, "timezone": "Europe/London"},)),
        "episodes": TableDump(
            ("id", "user_id", "logged_at", "factors", "closed_at"),
            (
                {
                    "id": 1,
                    "user_id": 7,
                    "logged_at": NOW,
                    "factors": ["exercise", "sleep"],
                    "closed_at": None,
                },
            ),
        ),
        "checkins": TableDump(("id", "new_place"), ()),
    }
    archive = build_zip(dumps, user_id=7, exported_at=NOW, extra={"timezone": "Europe/London"})
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        names = set(opened.namelist())
        assert names == {"README.txt", "data.json", "users.csv", "episodes.csv", "checkins.csv"}
        data = json.loads(opened.read("data.json"))
        rows = list(csv.reader(io.StringIO(opened.read("episodes.csv").decode())))
        empty = opened.read("checkins.csv").decode()
    assert data["user_id"] == 7
    assert data["timezone"] == "Europe/London"
    assert data["tables"]["episodes"] == [
        {
            "id": 1,
            "user_id": 7,
            "logged_at": "2026-11-25T09:00:00+00:00",
            "factors": ["exercise", "sleep"],
            "closed_at": None,
        }
    ]
    assert rows == [
        ["id", "user_id", "logged_at", "factors", "closed_at"],
        ["1", "7", "2026-11-25T09:00:00+00:00", '["exercise", "sleep"]', ""],
    ]
    assert empty.strip() == "id,new_place"


# --- issue 12: the chart fits the data, shows the advice given, bands to their last day ---


def _week_of_history() -> Records:
    """One episode logged 2 days ago (onset 3 days ago), answered at one check-in, with advice."""
    logged = NOW - 2 * DAY
    episode = replace(
        _history().episodes[0],
        logged_at=logged,
        onset_at=logged - DAY,
        booked_at=None,
        checkins=(_checkin(logged, 1, "worse", 6),),
        advice=(
            AdviceGiven(logged, "triage", 2, "The leg feels weak or stiff"),
            AdviceGiven(logged + DAY, "red_flag", 4, "Sudden weakness"),
        ),
    )
    return replace(_history(), episodes=(episode,), activity=())


def test_chart_range_fits_the_data_from_a_week_to_30_days() -> None:
    week = chart_data(_week_of_history())
    assert week.days == 7  # at least a week (the data starts 3 days ago)
    assert (week.day_list[0], week.day_list[-1]) == (date(2026, 11, 19), date(2026, 11, 25))
    assert week.spans[0].start == pytest.approx(3.375)  # 22 Nov 09:00, day 3 of 7
    fitted = chart_data(_history())
    assert fitted.days == 21  # from the old episode's first day, 5 Nov
    assert fitted.day_list[0] == date(2026, 11, 5)
    assert chart_data(_long_history()).days == 30  # at most 30
    empty = chart_data(replace(_history(), episodes=(), activity=()))
    assert empty.days == 7
    png = render_chart(week)
    assert _png_size(png) == (800, 600)
    assert "Your last 7 days" in [t.get_text() for t in build_figure(week).texts]


def _pixels_of(png: bytes, colour: str) -> int:
    image = imread(io.BytesIO(png), format="png")
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    close = (
        (abs(image[..., 0] - red) < 0.01)
        & (abs(image[..., 1] - green) < 0.01)
        & (abs(image[..., 2] - blue) < 0.01)
    )
    return int(close.sum())


def test_chart_marks_the_advice_given_in_the_level_colour_with_words_in_the_legend() -> None:
    records = _week_of_history()
    data = chart_data(records)
    assert [(round(a.x, 3), a.level) for a in data.advice] == [
        (4.375, Urgency.SEE_GP),
        (5.375, Urgency.EMERGENCY),
    ]
    labels = legend_labels(build_figure(data))
    assert "Advice: see a doctor" in labels
    assert "Advice: emergency" in labels
    with_advice = render_chart(data)
    without = render_chart(
        chart_data(replace(records, episodes=(replace(records.episodes[0], advice=()),)))
    )
    emergency = LEVEL_COLOURS[Urgency.EMERGENCY]
    assert _pixels_of(with_advice, emergency) > 40  # the marker (and its legend key)
    assert _pixels_of(without, emergency) == 0
    assert not any(
        label.startswith("Advice")
        for label in legend_labels(
            build_figure(
                chart_data(replace(records, episodes=(replace(records.episodes[0], advice=()),)))
            )
        )
    )


def test_chart_band_reaches_the_last_day_of_the_episode() -> None:
    data = chart_data(_history())  # from 5 Nov
    old, current = data.spans
    assert old.end == 4.0  # closed on 8 Nov (day 3): drawn to the end of 8 Nov
    assert current.end == data.days  # open: to the end of today
    # The closing check-in's mark (8 Nov, the middle of the day) is inside the band.
    assert old.start <= data.marks[1].x <= old.end


# --- issue 12: the PDF ---


def _with_advice(*advice: AdviceGiven) -> Records:
    history = _history()
    return replace(history, episodes=(replace(history.episodes[0], advice=advice),))


def test_pdf_advice_names_no_rule_ids_and_says_where_it_came_from() -> None:
    at = NOW - 3 * DAY
    records = _with_advice(
        AdviceGiven(at, "triage", 1, "triage"),
        AdviceGiven(at + timedelta(hours=1), "red_flag_left_triage", 3, "Red flag ticked"),
        AdviceGiven(at + timedelta(hours=2), "red_flag_left_checkin", 3, "A sign at a check-in"),
        AdviceGiven(at + timedelta(hours=3), "free_text", 4, "free_text"),
        AdviceGiven(at + timedelta(hours=4), "some_new_rule", 2, "Going on a while"),
        AdviceGiven(at + timedelta(hours=5), "missed_checkins", None, "Two check-ins missed"),
    )
    pages, raw = _pdf_text(render_pdf(records))
    text = _flat(raw)
    assert pages == 1
    for rule in (*RULE_WORDS, "some_new_rule"):
        assert not re.search(rf"\b{rule}\b", text), f"raw rule id {rule!r} printed"
    assert "22 Nov 09:00: Worth a word with a professional (not urgent). (at logging)." in text
    assert "(a warning sign ticked at logging)" in text
    assert "(a warning sign ticked at a check-in)" in text
    assert "22 Nov 12:00: Emergency. (a typed message)." in text
    assert "Going on a while (by the bot)." in text
    assert "22 Nov 14:00: A note after missed check-ins. Two check-ins missed. -" in text


def test_pdf_lists_the_same_advice_given_twice_in_a_row_on_one_day_once() -> None:
    at = NOW - 3 * DAY
    again = AdviceGiven(at + timedelta(hours=2), "red_flag_left_triage", 3, "Red flag ticked")
    records = _with_advice(
        AdviceGiven(at, "red_flag_left_triage", 3, "Red flag ticked"),
        again,
        AdviceGiven(at + DAY, "red_flag_left_triage", 3, "Red flag ticked"),  # the next day
    )
    text = _flat(_pdf_text(render_pdf(records))[1])
    assert text.count("Urgent, same day. Red flag ticked") == 2
    assert "22 Nov 09:00: Urgent, same day. Red flag ticked" in text
    assert "22 Nov 11:00" not in text
    assert "23 Nov 09:00: Urgent, same day. Red flag ticked" in text


def test_pdf_says_reminders_were_not_used_only_when_never_turned_on() -> None:
    never = replace(_history(), activity=(), reminders_turned_on=False)
    assert "reminders were not used" in _flat(_pdf_text(render_pdf(never))[1])
    on_nothing_yet = replace(never, reminders_turned_on=True)
    text = _flat(_pdf_text(render_pdf(on_nothing_yet))[1])
    assert "not used" not in text
    assert "Water or stretch reminders were turned on; none has been answered yet." in text
    ignored = tuple(
        ReminderActivity("hydration", action, NOW - k * DAY)
        for k in (1, 2, 3)
        for action in ("sent", "ignored")
    )
    all_ignored = replace(never, activity=ignored, reminders_turned_on=True)
    text = _flat(_pdf_text(render_pdf(all_ignored))[1])
    assert "not used" not in text
    assert "Overall: water done 0 of 3 sent (3 ignored)." in text


def test_pdf_shows_the_chart_sized_to_the_page() -> None:
    for records in (_history(), _week_of_history(), _long_history()):
        pdf = render_pdf(records)
        reader = PdfReader(io.BytesIO(pdf))
        assert len(reader.pages) == 1
        [image] = reader.pages[0].images
        assert (image.image.width, image.image.height) == (800, 600)
    # A short history leaves room: the chart takes it (up to the page's width); a long one
    # keeps it at a readable size next to the text.
    png = render_chart(chart_data(_week_of_history()))
    assert fit(_week_of_history(), png=png).chart >= 85
    assert LEAST.chart <= fit(_history(), png=render_chart(chart_data(_history()))).chart
    assert MOST.chart * 4 / 3 <= 210 - 2 * MARGIN


# --- issue 12: the forwardable summary ("Share with a clinician") ---


def test_share_text_lists_episodes_signs_and_advice_with_the_footer() -> None:
    text = share_text(_history())
    lines = text.splitlines()
    assert lines[0] == "Knee twitch summary"
    assert "Times are Europe/London time" in lines[1]
    assert (
        "• Left knee, began about 15 Nov (logged 21 Nov); 10 days so far, ongoing; worst "
        "intensity 7/10 (first 4); comes and goes; advice level: Urgent, same day; appointment "
        "booked 23 Nov." in lines
    )
    assert (
        "• Right knee, began about 5 Nov (logged 5 Nov); lasted 3 days, stopped 8 Nov; worst "
        "intensity 2/10; a few times; advice level: Self-care." in lines
    )
    assert "Warning signs asked about at 2 loggings and 5 check-ins:" in lines
    assert (
        "• 23 Nov, at a check-in: The knee locks or gives way, or you fell (same-day sign)."
        in lines
    )
    assert (
        "• 23 Nov 09:20: Urgent, same day. The knee locks or gives way, or you fell (a warning "
        "sign at a check-in)." in lines
    )
    assert "• 21 Nov 09:00: See a GP. The leg feels weak or stiff (at logging)." in lines
    assert lines[-1] == wording.text("footer", number="999")
    _assert_no_disease_names(text)


def test_share_text_stays_one_message_and_names_no_rule_ids() -> None:
    text = share_text(_long_history())
    assert len(text) <= 4000
    assert "+ 55 earlier not listed" in text
    assert text.endswith(wording.text("footer", number="999"))
    typed = share_text(_with_advice(AdviceGiven(NOW - DAY, "free_text", 4, "free_text")))
    assert "24 Nov 09:00: Emergency. (a typed message)." in typed
    assert not re.search(r"\bfree_text\b", typed)


def test_export_keeps_a_table_it_does_not_know_with_local_times() -> None:
    """A table added later (one this code does not know yet) is still exported, times local,
    and named in the README as stored as it is (the db test then asks for its entry)."""
    dumps = {
        "users": TableDump(
            ("id", "wake_start", "awaiting"), ({"id": 7, "wake_start": 480, "awaiting": "tz"},)
        ),
        "later_table": TableDump(
            ("id", "user_id", "received_at"), ({"id": 3, "user_id": 7, "received_at": NOW},)
        ),
    }
    tokyo = replace(_history(), timezone="Asia/Tokyo").tz
    shown = readable(dumps, tokyo)
    assert shown["users"].columns == ("id", "wake_start")  # bookkeeping left out
    assert shown["users"].rows == ({"id": 7, "wake_start": "08:00"},)
    assert shown["later_table"].rows == (
        {"id": 3, "user_id": 7, "received_at": "2026-11-25T18:00:00+09:00"},
    )
    archive = build_zip(shown, user_id=7, exported_at=NOW, tz=tokyo, zone_name="Asia/Tokyo")
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        readme = opened.read("README.txt").decode()
        assert "later_table.csv" in opened.namelist()
    assert "exported 2026-11-25T18:00:00+09:00" in readme
    assert "later_table.csv - stored rows about you, as they are" in readme
    assert "received_at  stored as it is" in readme
    assert "users.awaiting" in readme


def test_chart_of_a_long_open_episode_shows_30_days() -> None:
    """An episode that began 60 days ago and is still open fills the whole 30 days."""
    episode = replace(
        _history().episodes[1],
        logged_at=NOW - 60 * DAY,
        onset_at=NOW - 60 * DAY,
        closed_at=None,
        status=EpisodeStatus.OPEN,
        checkins=(),
    )
    data = chart_data(replace(_history(), episodes=(episode,), activity=()))
    assert data.days == 30
    [span] = data.spans
    assert (span.start, span.end) == (0.0, 30.0)
