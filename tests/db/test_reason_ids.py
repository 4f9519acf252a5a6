"""Issue 9 (4): the database stores reason ids and raw values, not English; the reports say them
in the reader's language. On SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import migrate
from bot.db import tables as t
from bot.db.engine import create_engine
from bot.domain import escalation as esc
from bot.domain import language
from bot.domain.model import Urgency
from bot.services import Services
from bot.services.records import RecordsService
from bot.services.safety import Rule, commit_red_flag
from tests.conftest import FakeClock

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
ALICE = 7

# The duration reason as the catalogs say it (bot/locales/*/bot.po).
NINE_DAYS = {
    "en": "It's been going on for 9 days",
    "ru": "Это продолжается уже 9 дн.",
    "de": "Es dauert schon 9 Tage an",
}


@pytest.fixture
def records(services: Services) -> RecordsService:
    return RecordsService(services.uow, services.clock)


async def _alice_with_an_episode(services: Services) -> int:
    async with services.uow() as uow:
        await uow.users.consent(ALICE, NOW - timedelta(days=60))
        await uow.users.update(ALICE, timezone="Europe/London", country="GB")
        return await uow.episodes.add(
            t.Episode(
                user_id=ALICE,
                logged_at=NOW,
                onset_at=NOW - timedelta(days=9),
                answers={},
                urgency=int(Urgency.SEE_GP),
                reasons=[],
            )
        )


async def _duration_given_in_english(services: Services, episode: int) -> None:
    """The 7-day rule at a check-in, 9 days after onset, while the user spoke English."""
    history = esc.History(
        current=esc.EpisodeFacts(
            id=episode,
            logged_at=NOW,
            onset_at=NOW - timedelta(days=9),
            urgency=Urgency.SEE_GP,
        ),
    )
    with language.use("en"):
        found = esc.evaluate(history, NOW)
        assert found is not None
        [finding] = [f for f in found.new if f.rule is esc.Rule.DURATION]
        assert finding.reason_text == NINE_DAYS["en"]
        async with services.uow() as uow:
            await uow.episodes.record_escalation(
                episode,
                ALICE,
                rule=finding.rule.value,
                level=finding.level,
                reasons=[finding.reason],
                now=NOW,
            )


async def _rows(services: Services) -> list[tuple[str, list[object] | None]]:
    async with services.uow() as uow:
        found = await uow.session.execute(
            select(t.Escalation.reason, t.Escalation.reasons).order_by(t.Escalation.id)
        )
        return [(r.reason, r.reasons) for r in found]


async def test_a_reason_is_stored_as_an_id_with_its_numbers(services: Services) -> None:
    episode = await _alice_with_an_episode(services)
    await _duration_given_in_english(services, episode)
    assert await _rows(services) == [("", [{"id": "duration", "args": {"days": 9}}])]


@pytest.mark.parametrize("reader", ["ru", "de"])
async def test_a_reason_given_in_english_reads_in_the_readers_language(
    services: Services, records: RecordsService, clock: FakeClock, reader: str
) -> None:
    clock.set(NOW)
    episode = await _alice_with_an_episode(services)
    await _duration_given_in_english(services, episode)
    with language.use(reader):
        report = await records.report_with_summary(ALICE)
        archive = await records.export(ALICE)
    assert report is not None
    assert archive is not None
    said = NINE_DAYS[reader].rstrip(".")  # an advice line ends with its own full stop
    assert f"{said} (" in report.summary  # "...: See a doctor. <reason> (at a check-in)."
    assert "going on" not in report.summary
    pdf = " ".join(PdfReader(io.BytesIO(report.pdf)).pages[0].extract_text().split())
    assert f"{said} (" in pdf
    assert "going on" not in pdf
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        data = json.loads(opened.read("data.json"))
        readme = opened.read("README.txt").decode()
    [row] = data["tables"]["escalations"]
    assert row["reasons"] == [{"id": "duration", "args": {"days": 9}, "text": NINE_DAYS[reader]}]
    assert row["reason"] is None
    assert '"args"' in readme  # the data dictionary explains the keys


async def test_a_typed_red_flag_stores_the_item_ids_and_reads_in_german(
    services: Services, records: RecordsService, clock: FakeClock
) -> None:
    clock.set(NOW)
    episode = await _alice_with_an_episode(services)
    async with services.uow() as uow:
        profile = await uow.users.get(ALICE)
        assert profile is not None
        with language.use("en"):
            await commit_red_flag(
                uow,
                profile,
                Urgency.EMERGENCY,
                items=["e1", "heat"],
                rule=Rule.TYPED,
                now=NOW,
                episode_id=episode,
            )
    [(reason, stored)] = await _rows(services)
    assert (reason, stored) == ("", [{"id": "e1", "args": {}}, {"id": "heat", "args": {}}])
    with language.use("de"):
        report = await records.report_with_summary(ALICE)
        german_heat = language.gettext("Overheating in the heat")
    assert report is not None
    assert german_heat != "Overheating in the heat"
    assert german_heat in report.summary
    assert "Overheating in the heat" not in report.summary


async def test_an_old_english_row_still_reads(
    services: Services, records: RecordsService, clock: FakeClock
) -> None:
    """A row stored before reason ids (English words, no ids) shows as it did."""
    clock.set(NOW)
    episode = await _alice_with_an_episode(services)
    async with services.uow() as uow:
        uow.session.add(
            t.Escalation(
                episode_id=episode,
                user_id=ALICE,
                rule="duration",
                level=int(Urgency.SEE_GP),
                reason=NINE_DAYS["en"],
                created_at=NOW,
            )
        )
    with language.use("ru"):
        report = await records.report_with_summary(ALICE)
    assert report is not None
    assert NINE_DAYS["en"] in report.summary


async def test_the_migration_keeps_old_rows_both_ways(db_url: str) -> None:
    """0008 -> 0009 -> 0008: an English reason stored before stays, with no ids (NULL)."""
    engine: AsyncEngine = create_engine(db_url)
    try:
        await migrate.upgrade(engine, "0008")
        async with engine.begin() as conn:
            await conn.execute(
                sa.text(
                    "INSERT INTO users (id, created_at, last_active_at) VALUES (:id, :at, :at)"
                ),
                {"id": ALICE, "at": NOW},
            )
            await conn.execute(
                sa.text(
                    "INSERT INTO episodes (id, user_id, logged_at, onset_at, factors, answers,"
                    " urgency, reasons) VALUES (1, :user, :at, :at, '[]', '{}', 2, '[]')"
                ),
                {"user": ALICE, "at": NOW},
            )
            await conn.execute(
                sa.text(
                    "INSERT INTO escalations (episode_id, user_id, rule, level, reason,"
                    " created_at) VALUES (1, :user, 'duration', 2, :reason, :at)"
                ),
                {"user": ALICE, "reason": NINE_DAYS["en"], "at": NOW},
            )
        await migrate.upgrade(engine, "0009")
        async with engine.connect() as conn:
            rows = (await conn.execute(sa.text("SELECT reason, reasons FROM escalations"))).all()
        assert [tuple(r) for r in rows] == [(NINE_DAYS["en"], None)]
        await migrate.downgrade(engine, "0008")
        async with engine.connect() as conn:
            rows = (await conn.execute(sa.text("SELECT reason FROM escalations"))).all()
            columns = await conn.run_sync(
                lambda c: {col["name"] for col in sa.inspect(c).get_columns("escalations")}
            )
        assert [tuple(r) for r in rows] == [(NINE_DAYS["en"],)]
        assert "reasons" not in columns
    finally:
        await engine.dispose()
