"""The PDF, the chart, the share summary and the export in the current language (issue 13).

The catalogs are translated in parallel, so these tests do not read them: a stand-in catalog
(``language.catalog``, what ``language.gettext`` looks a text up in) says a few source texts in
Cyrillic or with German letters; everything else stays English. Dates come from CLDR (Babel).
"""

from __future__ import annotations

import csv
import gettext
import io
import json
import zipfile
from collections.abc import Mapping
from datetime import UTC, date, timedelta
from pathlib import Path

import matplotlib
import pytest
from pypdf import PdfReader

from bot import l10n
from bot.domain import language
from bot.reports import CHECKLIST_ITEMS, chart_data
from bot.reports.chart import build_figure, legend_labels, render_chart
from bot.reports.export import TableDump, build_zip, readable
from bot.reports.pdf import FONT_FILES, TITLE, printable, render_pdf
from bot.reports.summary import HEADING, share_text
from tests.unit.test_reports import NOW, _history

LOCKS = next(i for i in CHECKLIST_ITEMS.values() if i.text.startswith("The knee locks"))
RU_TITLE = "Сводка о подёргивании мышцы над коленом для врача"
RU_LOCKS = "Колено заклинивает или подкашивается, или вы упали"
RU: Mapping[str, str] = {
    TITLE: RU_TITLE,
    LOCKS.source: RU_LOCKS,
    "Warning signs asked about": "О тревожных признаках спрашивали",
    HEADING: "Сводка о подёргивании у колена",
    "Your last {days} days": "Ваши последние {days} дней",
    "How strong": "Насколько сильно",
    "How strong (0-10)": "Насколько сильно (0-10)",
    "Episode: {level}": "Эпизод: {level}",
    "urgent": "срочно",
    "see a doctor": "к врачу",
    "Worse": "Хуже",
    "Better": "Лучше",
    "Same": "Так же",
    "Water done": "Вода: сделано",
    "Stretch done": "Растяжка: сделано",
    "Done": "Сделано",
    "Day ({zone} time)": "День (время {zone})",
    "Advice: urgent, same day": "Совет: срочно, в тот же день",
    "Advice: see a doctor": "Совет: к врачу",
    "Yes": "Да",
    "Left knee": "Левое колено",
    "How long": "Как долго",
}
DE: Mapping[str, str] = {TITLE: "Übersicht für Ihre Ärztin – Größe, Häufigkeit, Beschwerden"}


class _Catalog(gettext.NullTranslations):
    def __init__(self, texts: Mapping[str, str]) -> None:
        super().__init__()
        self.texts = texts

    def gettext(self, message: str) -> str:
        return self.texts.get(message, message)


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> None:
    catalogs = {"ru": _Catalog(RU), "de": _Catalog(DE)}
    monkeypatch.setattr(language, "catalog", lambda code: catalogs[code])


def _pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return " ".join(reader.pages[0].extract_text().split())


@pytest.mark.usefixtures("stand_in")
def test_a_pdf_made_in_russian_prints_cyrillic_that_reads_back_as_written() -> None:
    with language.use("ru"):
        pdf = render_pdf(_history())
        november_21 = l10n.day_month(date(2026, 11, 21))
    text = _pdf_text(pdf)
    assert RU_TITLE in text  # the title, bold
    assert "О тревожных признаках спрашивали" in text  # a heading
    assert RU_LOCKS in text  # a ticked checklist item, in the body font
    assert november_21 == "21 нояб."  # dates from CLDR, in Russian
    assert november_21 in text
    assert "Nov" not in text
    assert "?" not in text.replace("How long has it been going on?", "")


@pytest.mark.usefixtures("stand_in")
def test_a_pdf_made_in_german_keeps_its_umlauts_and_eszett() -> None:
    with language.use("de"):
        text = _pdf_text(render_pdf(_history()))
    assert "Übersicht für Ihre Ärztin - Größe, Häufigkeit, Beschwerden" in text  # dash as before
    assert "25.11.2026" not in text  # "Generated" keeps the day-month form, in German
    assert "25. Nov. 2026" in text


def test_the_pdf_font_prints_our_letters_and_turns_emoji_into_a_question_mark() -> None:
    assert printable("Привет – «ёж» ß é ñ") == "Привет - «ёж» ß é ñ"
    assert printable("🚨 help") == "? help"
    assert all(path.is_file() for path in FONT_FILES.values())
    assert (next(iter(FONT_FILES.values())).parent / "LICENSE_DEJAVU").is_file()


def test_the_fonts_are_package_data() -> None:
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text()
    assert '"reports/fonts/*.ttf"' in pyproject
    assert '"reports/fonts/LICENSE_DEJAVU"' in pyproject


@pytest.mark.usefixtures("stand_in")
def test_the_chart_draws_cyrillic_labels_without_missing_glyphs() -> None:
    """Warnings are errors here: matplotlib warns "Glyph ... missing from font(s)"."""
    data = chart_data(_history())
    with language.use("ru"):
        figure = build_figure(data)
        png = render_chart(data)
    assert png.startswith(b"\x89PNG")
    figure.canvas.draw()  # every text laid out in its font
    labels = legend_labels(figure)
    assert "Насколько сильно" in labels
    assert "Хуже" in labels
    assert "Совет: срочно, в тот же день" in labels
    assert figure.texts[0].get_text() == f"Ваши последние {data.days} дней"
    assert figure.axes[1].get_xlabel() == "День (время Europe/London)"
    ticks = [t.get_text() for t in figure.axes[1].get_xticklabels()]
    assert "25 нояб." in ticks


def test_the_chart_check_would_catch_a_missing_glyph() -> None:
    """The font check above can fail: a letter DejaVu Sans lacks makes matplotlib warn."""
    figure = build_figure(chart_data(_history()))
    figure.suptitle("漢字")
    with pytest.warns(UserWarning, match="missing from font"):
        figure.canvas.draw()
    assert matplotlib.rcParams["font.family"] == ["sans-serif"]


@pytest.mark.usefixtures("stand_in")
def test_the_share_summary_is_in_the_current_language() -> None:
    with language.use("ru"):
        text = share_text(_history())
    assert text.startswith("Сводка о подёргивании у колена\n")
    assert RU_LOCKS in text
    assert "21 нояб." in text


@pytest.mark.usefixtures("stand_in")
def test_the_export_says_values_in_the_language_and_keeps_keys_and_iso_times() -> None:
    dumps = {
        "episodes": TableDump(
            ("id", "logged_at", "side", "answers"),
            ({"id": 1, "logged_at": NOW, "side": "left", "answers": {"duration": "lt1d"}},),
        ),
        "checkins": TableDump(("id", "new_place"), ({"id": 2, "new_place": True},)),
    }
    with language.use("ru"):
        shown = readable(dumps, UTC)
        archive = build_zip(shown, user_id=7, exported_at=NOW)
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        assert set(opened.namelist()) == {
            "README.txt",
            "data.json",
            "episodes.csv",
            "checkins.csv",
        }
        data = json.loads(opened.read("data.json"))
        rows = list(csv.reader(io.StringIO(opened.read("episodes.csv").decode())))
        readme = opened.read("README.txt").decode()
    episode = data["tables"]["episodes"][0]
    assert rows[0] == ["id", "logged_at", "side", "answers"]  # keys: English
    assert episode["logged_at"] == "2026-11-25T09:00:00+00:00"  # ISO 8601, as promised
    assert episode["side"] == "Левое колено"
    assert "Как долго" in episode["answers"]  # the label a person reads
    assert data["tables"]["checkins"][0]["new_place"] == "Да"
    assert "fixed English keys" in readme  # says which names are keys


def test_stored_english_reasons_are_shown_in_the_readers_language() -> None:
    """Escalations store their reason as said; the parts that are our English texts (the
    missed-check-ins note, a checklist item) read in the current language in the reports,
    and a reason stored in another language is shown as it is."""
    from datetime import UTC, datetime

    from bot.reports import AdviceGiven, advice_reason
    from bot.services.reminders import MISSED_REASON

    at = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    stored = AdviceGiven(at, "red_flag", 3, f"{MISSED_REASON}; The thigh looks thinner")
    with language.use("de"):
        shown = advice_reason(stored)
        assert shown == "; ".join(
            [language.gettext(MISSED_REASON), language.gettext("The thigh looks thinner")]
        )
        assert "Two check-ins" not in shown
        said_in_russian = AdviceGiven(at, "red_flag", 3, "Бедро выглядит тоньше")
        assert advice_reason(said_in_russian) == "Бедро выглядит тоньше"


def test_stored_reason_ids_are_said_in_the_readers_language() -> None:
    """Issue 9: a reason stored as an id with its numbers (given while the user spoke English)
    reads in the reader's language, formatted ones included; an id the bot no longer knows
    says nothing rather than fail."""
    from datetime import UTC, datetime

    from bot.domain import triage as tr
    from bot.domain.reasons import Reason, from_stored, stored
    from bot.reports import AdviceGiven, advice_reason

    at = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    with language.use("en"):
        assessment = tr.assess(
            tr.Answers(duration=tr.Duration.DAYS_7_13),
            now=at,
            recent_episode_starts=(at - timedelta(days=3), at - timedelta(days=9)),
        )
        assert [r.text for r in assessment.reasons] == [
            "It's been going on for 7–13 days",
            "This is the third time in 30 days",
        ]
        kept = stored(r.key for r in assessment.reasons)
    assert kept == [
        {"id": "duration", "args": {"answer": "7-13d"}},
        {"id": "recurrence_short", "args": {"count": 3, "days": 30}},
    ]
    read_back = from_stored(json.loads(json.dumps(kept)))
    assert read_back is not None
    advice = AdviceGiven(at, "triage", 2, "", (*read_back, Reason("no_such_reason")))
    with language.use("ru"):
        assert advice_reason(advice) == "Это продолжается уже 7–13 дней; Это уже 3-й раз за 30 дн."
    with language.use("de"):
        assert advice_reason(advice) == (
            "Es dauert schon 7–13 Tage an; Das ist das 3. Mal innerhalb von 30 Tagen"
        )
    assert from_stored(None) is None  # a row stored before reason ids
