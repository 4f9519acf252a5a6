"""RecordsService on SQLite and PostgreSQL: export, history and its buttons, report, chart."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from bot.db import tables as t
from bot.db.base import Base
from bot.domain import escalation as esc
from bot.domain.model import EpisodeStatus, Urgency
from bot.reports.export import DICTIONARY, FILES, INTERNAL, UNKNOWN_COLUMN, UNKNOWN_FILE
from bot.services import Services
from bot.services.records import RECENT, RecordsService
from tests.conftest import FakeClock

from .test_erase import ALICE, BOB, fill_all_tables

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture
def records(services: Services) -> RecordsService:
    return RecordsService(services.uow, services.clock)


async def _user(services: Services, user: int, zone: str = "Europe/London") -> None:
    async with services.uow() as uow:
        await uow.users.consent(user, NOW - timedelta(days=60))
        await uow.users.update(user, timezone=zone, country="GB")


async def _episode(
    services: Services,
    user: int,
    logged_at: datetime,
    *,
    urgency: Urgency = Urgency.SELF_CARE,
    side: str = "left",
    intensity: int = 3,
    closed_at: datetime | None = None,
) -> int:
    async with services.uow() as uow:
        return await uow.episodes.add(
            t.Episode(
                user_id=user,
                logged_at=logged_at,
                onset_at=logged_at - timedelta(days=2),
                side=side,
                intensity_first=intensity,
                frequency="few",
                factors=["exercise"],
                answers={"emergency": [], "same_day": [], "gp": [], "duration": "1-2d"},
                urgency=int(urgency),
                reasons=[],
                status="closed" if closed_at else "open",
                closed_at=closed_at,
            )
        )


async def _add(services: Services, *rows: Base) -> list[int]:
    async with services.uow() as uow:
        uow.session.add_all(rows)
        await uow.session.flush()
        return [int(getattr(r, "id", 0) or 0) for r in rows]


def _checkin(user: int, episode: int, seq: int, **values: Any) -> t.CheckIn:
    asked = NOW - timedelta(days=5 - seq)
    defaults: dict[str, Any] = {
        "answered_at": asked + timedelta(hours=1),
        "status": "same",
        "intensity": 4,
        "red_flags": [],
    }
    defaults.update(values)
    return t.CheckIn(episode_id=episode, user_id=user, seq=seq, asked_at=asked, **defaults)


def _reminder(user: int, episode: int | None, key: str, **values: Any) -> t.Reminder:
    defaults: dict[str, Any] = {"kind": "checkin", "status": "pending", "payload": {}}
    defaults.update(values)
    return t.Reminder(
        user_id=user,
        episode_id=episode,
        due_at=NOW + timedelta(days=1),
        dedup_key=key,
        created_at=NOW,
        **defaults,
    )


def _escalation(user: int, episode: int, level: Urgency = Urgency.SEE_GP) -> t.Escalation:
    return t.Escalation(
        episode_id=episode,
        user_id=user,
        rule="duration",
        level=int(level),
        reason="It's been going on for 9 days",
        created_at=NOW - timedelta(days=1),
    )


async def _count(services: Services, model: type[Base], *where: Any) -> int:
    async with services.uow() as uow:
        query = select(func.count()).select_from(model)
        return int((await uow.session.execute(query.where(*where))).scalar_one())


async def _episode_row(services: Services, episode_id: int) -> t.Episode | None:
    async with services.uow() as uow:
        return await uow.session.get(t.Episode, episode_id)


# --- export ---


def _unzip(archive: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return {name: opened.read(name) for name in opened.namelist()}


async def test_export_has_every_table_with_the_users_rows_only(
    services: Services, records: RecordsService
) -> None:
    filled = await fill_all_tables(services.engine)
    archive = await records.export(ALICE)
    assert archive is not None
    files = _unzip(archive)
    tables = {table.name: table for table in Base.metadata.sorted_tables}
    assert {n.removesuffix(".csv") for n in files if n.endswith(".csv")} == set(tables)
    data = json.loads(files["data.json"])
    assert data["user_id"] == ALICE
    assert set(data["tables"]) == set(tables)
    for name, table in tables.items():
        pk = [c.name for c in table.primary_key.columns]
        exported = data["tables"][name]
        keys = {tuple(row[c] for c in pk) for row in exported}
        assert keys == set(filled.of(name, ALICE)), f"{name}: not exactly Alice's rows"
        assert not keys & set(filled.of(name, BOB)), f"{name}: Bob's rows exported"
        # Every column but the bot's own bookkeeping (issue 12: "no internal keys"; this read
        # "every column" before), and the bookkeeping left out is named in the README.
        left_out = INTERNAL.get(name, frozenset())
        assert left_out <= {c.name for c in table.columns}, f"{name}: unknown internal column"
        columns = [c.name for c in table.columns if c.name not in left_out]
        for row in exported:
            assert set(row) == set(columns), f"{name}: columns missing"
            if "user_id" in row:
                assert row["user_id"] == ALICE
        csv_lines = files[f"{name}.csv"].decode().strip().splitlines()
        assert csv_lines[0].split(",") == columns
        assert len(csv_lines) == 1 + len(exported)
    assert str(BOB) not in files["data.json"].decode()
    assert "README.txt" in files


async def test_export_readme_explains_every_file_and_column(
    services: Services, records: RecordsService
) -> None:
    """Issue 12: a data dictionary in the zip. Every table of the schema (the erase test's list:
    a table added later lands here too) has its file and every exported column explained."""
    await fill_all_tables(services.engine)
    archive = await records.export(ALICE)
    assert archive is not None
    readme = _unzip(archive)["README.txt"].decode()
    for table in Base.metadata.sorted_tables:
        assert table.name in FILES, f"{table.name}: explain the file in export.FILES"
        assert f"{table.name}.csv - {FILES[table.name]}" in readme
        for column in table.columns:
            if column.name in INTERNAL.get(table.name, ()):
                assert f"{table.name}.{column.name}" in readme  # named as left out
                continue
            described = DICTIONARY.get(table.name, {}).get(column.name)
            assert described, f"{table.name}.{column.name}: explain it in export.DICTIONARY"
    assert UNKNOWN_COLUMN not in readme
    assert UNKNOWN_FILE not in readme
    assert "Times are in your timezone (Europe/London" not in readme  # the filler set none
    assert "Times are in your timezone (UTC)" in readme


async def test_export_reads_as_words_in_local_time_without_internal_keys(
    services: Services, records: RecordsService, clock: FakeClock
) -> None:
    """Issue 12: times in the user's timezone (ISO 8601, local offset), levels and answers as
    words, waking hours as 08:00, no callback data, claims, leases or dedup keys."""
    clock.set(NOW)
    await _user(services, ALICE, zone="Asia/Tokyo")
    async with services.uow() as uow:
        await uow.users.update(ALICE, wake_start=8 * 60, wake_end=22 * 60 + 30)
    episode = await _episode(services, ALICE, NOW - timedelta(days=2), urgency=Urgency.SEE_GP)
    async with services.uow() as uow:
        row = await uow.session.get(t.Episode, episode)
        assert row is not None
        row.answers = {
            "emergency": [],
            "same_day": ["u4"],
            "gp": ["g2"],
            "duration": "1-2d",
            "side": "left",
            "intensity": 3,
            "frequency": "few",
            "factors": ["exercise"],
        }
        row.updates = [{"at": (NOW - timedelta(days=1)).isoformat(), "intensity": 5}]
    [reminder] = await _add(
        services,
        _reminder(
            ALICE,
            episode,
            "checkin:secret-dedup",
            status="sent",
            sent_at=NOW,
            claimed_by="worker-7",
            payload={"callback": "k1:ck:yes:1"},
            message_id=555,
        ),
    )
    await _add(
        services,
        _checkin(ALICE, episode, 1, red_flags=["u4"], new_place=True, reminder_id=reminder),
        _escalation(ALICE, episode),
        t.Escalation(
            episode_id=episode,
            user_id=ALICE,
            rule="free_text",
            level=int(Urgency.EMERGENCY),
            reason="free_text",
            created_at=NOW,
        ),
        t.TextReport(
            user_id=ALICE,
            level=int(Urgency.EMERGENCY),
            items=["e1"],
            status="confirmed",
            created_at=NOW,
            answered_at=NOW,
        ),
        t.ReminderEvent(
            user_id=ALICE, reminder_id=reminder, kind="hydration", action="done", at=NOW
        ),
    )
    archive = await records.export(ALICE)
    assert archive is not None
    files = _unzip(archive)
    data = json.loads(files["data.json"])
    tables = data["tables"]
    [user] = tables["users"]
    assert (user["wake_start"], user["wake_end"]) == ("08:00", "22:30")
    assert user["consent_at"] == "2026-09-26T18:00:00+09:00"  # local time, local offset
    [ep] = tables["episodes"]
    assert ep["logged_at"] == "2026-11-23T18:00:00+09:00"
    assert (ep["side"], ep["frequency"], ep["urgency"], ep["status"]) == (
        "Left knee",
        "A few times",
        "See a doctor",
        "Ongoing",
    )
    assert ep["factors"] == ["Hard leg exercise"]
    assert ep["answers"]["How long"] == "1–2 days"
    assert ep["answers"]["Same-day signs ticked"] == ["The knee locks or gives way, or you fell"]
    assert ep["updates"] == [{"at": "2026-11-24T18:00:00+09:00", "intensity": 5}]
    [checkin] = tables["checkins"]
    assert (checkin["status"], checkin["new_place"]) == ("Same", "Yes")
    assert checkin["red_flags"] == ["The knee locks or gives way, or you fell"]
    assert checkin["reminder_id"] == reminder  # ids stay where they link rows
    [sent] = tables["reminders"]
    assert (sent["kind"], sent["status"], sent["sent_at"]) == (
        "Check-in",
        "Sent",
        "2026-11-25T18:00:00+09:00",
    )
    levels = [(e["rule"], e["level"], e["reason"]) for e in tables["escalations"]]
    assert levels == [
        ("At a check-in", "See a doctor", "It's been going on for 9 days"),
        ("A typed message", "Emergency", None),  # the stored reason was the rule id
    ]
    [report] = tables["text_reports"]
    assert (report["level"], report["status"]) == ("Emergency", "Happening now")
    assert [(e["kind"], e["action"]) for e in tables["reminder_events"]] == [("Water", "Done")]
    everything = b"".join(files.values()).decode()
    # The README names the left-out columns ("reminders.claimed_by"); the data has none.
    data_only = re.sub(r"\b\w+\.(claimed_by|dedup_key|payload)\b", "", everything)
    for internal in ("secret-dedup", "worker-7", "k1:", "claimed_by", "dedup_key", "payload"):
        assert internal not in data_only, internal
    episodes_csv = files["episodes.csv"].decode()
    assert "Left knee,3,A few times" in episodes_csv
    assert "2026-11-23T18:00:00+09:00" in episodes_csv


async def test_export_of_an_unknown_user_is_none(records: RecordsService) -> None:
    assert await records.export(ALICE) is None


# --- delete ---


async def test_delete_episode_removes_its_checkins_reminders_and_escalations(
    services: Services, records: RecordsService
) -> None:
    await _user(services, ALICE)
    await _user(services, BOB)
    doomed = await _episode(services, ALICE, NOW - timedelta(days=5))
    kept = await _episode(services, ALICE, NOW - timedelta(days=30), closed_at=NOW)
    bobs = await _episode(services, BOB, NOW - timedelta(days=5))
    [reminder, *_] = await _add(
        services,
        _reminder(ALICE, doomed, "a1", status="sent", sent_at=NOW),
        _reminder(ALICE, doomed, "a2"),
        _reminder(ALICE, kept, "k1"),
        _reminder(ALICE, None, "hyd1", kind="hydration"),
        _reminder(BOB, bobs, "b1"),
        _checkin(ALICE, doomed, 1),
        _checkin(ALICE, doomed, 2),
        _checkin(ALICE, kept, 1),
        _checkin(BOB, bobs, 1),
        _escalation(ALICE, doomed),
        _escalation(ALICE, kept),
        _escalation(BOB, bobs),
    )
    await _add(
        services,
        t.ReminderEvent(
            user_id=ALICE, reminder_id=reminder, kind="checkin", action="done", at=NOW
        ),
        t.TriageSession(
            user_id=ALICE,
            state="{}",
            version=1,
            episode_id=doomed,
            started_at=NOW,
            updated_at=NOW,
            expires_at=NOW + timedelta(minutes=30),
        ),
    )

    assert await records.delete_episode(BOB, doomed) is False  # not Bob's
    assert await records.delete_episode(ALICE, 999_999) is False
    assert await _episode_row(services, doomed) is not None

    assert await records.delete_episode(ALICE, doomed) is True
    assert await _episode_row(services, doomed) is None
    children = (
        (t.CheckIn, t.CheckIn.episode_id, t.CheckIn.user_id),
        (t.Reminder, t.Reminder.episode_id, t.Reminder.user_id),
        (t.Escalation, t.Escalation.episode_id, t.Escalation.user_id),
    )
    for model, episode_id, user_id in children:
        assert await _count(services, model, episode_id == doomed) == 0
        assert await _count(services, model, episode_id == kept) == 1
        assert await _count(services, model, user_id == BOB) == 1
    assert await _count(services, t.Reminder, t.Reminder.dedup_key == "hyd1") == 1
    async with services.uow() as uow:
        [event] = (await uow.session.execute(select(t.ReminderEvent))).scalars()
        triage = await uow.session.get(t.TriageSession, ALICE)
    assert event.reminder_id is None  # the adherence record stays, unlinked
    assert triage is not None
    assert triage.episode_id is None
    assert await records.delete_episode(ALICE, doomed) is False  # already gone


# --- booked, seen, stopped ---


async def test_mark_booked_and_seen(
    services: Services, records: RecordsService, clock: FakeClock
) -> None:
    clock.set(NOW)
    await _user(services, ALICE)
    await _user(services, BOB)
    episode = await _episode(services, ALICE, NOW - timedelta(days=9), urgency=Urgency.SEE_GP)

    assert await records.mark_booked(BOB, episode) is None
    assert await records.mark_seen(BOB, episode) is None
    assert await records.mark_booked(ALICE, 424_242) is None
    row = await _episode_row(services, episode)
    assert row is not None
    assert (row.booked_at, row.seen_at) == (None, None)

    booked = await records.mark_booked(ALICE, episode)
    assert booked is not None
    assert booked.booked_at == NOW
    clock.advance(timedelta(days=2))
    again = await records.mark_booked(ALICE, episode)
    assert again is not None
    assert again.booked_at == NOW  # the first tap counts
    seen = await records.mark_seen(ALICE, episode)
    assert seen is not None
    assert seen.seen_at == NOW + timedelta(days=2)
    assert seen.status is EpisodeStatus.OPEN


async def test_close_episode_cancels_its_pending_reminders(
    services: Services, records: RecordsService, clock: FakeClock
) -> None:
    clock.set(NOW)
    await _user(services, ALICE)
    await _user(services, BOB)
    episode = await _episode(services, ALICE, NOW - timedelta(days=3))
    other = await _episode(services, BOB, NOW - timedelta(days=3))
    await _add(
        services,
        _reminder(ALICE, episode, "c1", status="sent", sent_at=NOW),
        _reminder(ALICE, episode, "c2"),
        _reminder(ALICE, episode, "c3", status="claimed", claimed_by="w", claimed_until=NOW),
        _reminder(ALICE, None, "h1", kind="hydration"),
        _reminder(BOB, other, "b1"),
    )
    assert await records.close_episode(BOB, episode) is None
    closed = await records.close_episode(ALICE, episode)
    assert closed is not None
    assert closed.status is EpisodeStatus.CLOSED
    assert closed.closed_at == NOW
    async with services.uow() as uow:
        statuses = dict(
            (await uow.session.execute(select(t.Reminder.dedup_key, t.Reminder.status))).all()
        )
    assert statuses == {
        "c1": "sent",
        "c2": "cancelled",
        "c3": "cancelled",
        "h1": "pending",  # hydration nudges belong to the user, not the episode
        "b1": "pending",
    }
    # A closed episode takes no more buttons (a stale /history message).
    assert await records.close_episode(ALICE, episode) is None
    assert await records.mark_booked(ALICE, episode) is None
    assert await records.mark_seen(ALICE, episode) is None
    assert await records.open_episode(ALICE, episode) is None


# --- history, report, chart ---


async def test_history_lists_recent_episodes_in_local_dates(
    services: Services, records: RecordsService, clock: FakeClock
) -> None:
    clock.set(NOW)
    assert await records.history(ALICE) is None
    await _user(services, ALICE, zone="America/New_York")
    await _user(services, BOB)
    # 03:00 UTC on 25 Nov is still 24 Nov in New York.
    late = await _episode(services, ALICE, datetime(2026, 11, 25, 3, 0, tzinfo=UTC), side="right")
    older = await _episode(
        services,
        ALICE,
        NOW - timedelta(days=20),
        urgency=Urgency.SEE_GP,
        closed_at=NOW - timedelta(days=15),
    )
    await _episode(services, BOB, NOW - timedelta(days=1))
    await _add(
        services, _checkin(ALICE, late, 1, intensity=7), _checkin(ALICE, late, 2, intensity=5)
    )
    view = await records.history(ALICE)
    assert view is not None
    assert [e.id for e in view.entries] == [late, older]
    assert view.open_ids == (late,)
    first, second = view.entries
    assert first.logged_on.isoformat() == "2026-11-24"
    assert first.side == "right"
    assert first.worst_intensity == 7
    assert first.open
    assert second.level is Urgency.SEE_GP
    assert second.lasted == timedelta(days=7)  # onset 2 days before logging, closed 5 days later
    assert second.closed_on is not None
    assert view.total == 2


async def test_history_shows_the_latest_few(services: Services, records: RecordsService) -> None:
    await _user(services, ALICE)
    for i in range(RECENT + 2):
        await _episode(services, ALICE, NOW - timedelta(days=40 - i), closed_at=NOW)
    view = await records.history(ALICE)
    assert view is not None
    assert len(view.entries) == RECENT
    assert view.total == RECENT + 2
    assert view.entries[0].logged_on > view.entries[-1].logged_on


async def test_report_and_chart(
    services: Services, records: RecordsService, clock: FakeClock
) -> None:
    clock.set(NOW)
    await _user(services, ALICE)
    assert await records.report(ALICE) is None  # nothing to summarise yet
    assert await records.report(BOB) is None  # unknown
    episode = await _episode(services, ALICE, NOW - timedelta(days=4), urgency=Urgency.SEE_GP)
    [reminder, *_] = await _add(
        services,
        _reminder(ALICE, None, "h1", kind="hydration", status="sent", sent_at=NOW),
        _checkin(ALICE, episode, 1, intensity=6, red_flags=["u4"]),
        _escalation(ALICE, episode),
    )
    await _add(
        services,
        t.ReminderEvent(
            user_id=ALICE, reminder_id=reminder, kind="hydration", action="done", at=NOW
        ),
    )
    pdf = await records.report(ALICE)
    assert pdf is not None
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "21 Nov" in text
    assert "The knee locks or gives way" in text
    assert "water 1 / 1" in text
    data = await records.chart_data(ALICE)
    assert data is not None
    assert data.hydration_done[-1] == 1
    assert max(v for v in data.daily_max if v is not None) == 6
    # Issue 12: the escalation row is on the timeline; the range fits the data (onset 6 days
    # ago: a week, not 30 days).
    assert [a.level for a in data.advice] == [Urgency.SEE_GP]
    assert data.days == 7
    assert "See a GP. It's been going on for 9 days (at a check-in)." in " ".join(text.split())
    png = await records.chart(ALICE)
    assert png is not None
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert await records.chart(BOB) is None


async def test_report_says_not_used_only_when_reminders_were_never_turned_on(
    services: Services, records: RecordsService, clock: FakeClock
) -> None:
    """Issue 12: turned on (and nothing answered) is not "not used"."""
    clock.set(NOW)
    await _user(services, ALICE)
    await _episode(services, ALICE, NOW - timedelta(days=2))

    async def text() -> str:
        pdf = await records.report(ALICE)
        assert pdf is not None
        return " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())

    assert "Water and stretch reminders were not used." in await text()

    async def hydration(on: bool) -> None:
        async with services.uow() as uow:
            row = await uow.session.get(t.User, ALICE)
            assert row is not None
            row.hydration_on = on

    await hydration(True)
    on = await text()
    assert "not used" not in on
    assert "turned on; none has been answered yet" in on
    await hydration(False)  # turned off again after one was sent: they were still used
    await _add(services, _reminder(ALICE, None, "h-ignored", kind="hydration", status="sent"))
    assert "not used" not in await text()


# --- an episode's stored history, as the escalation rules read it (uow.history) ---


async def test_history_holds_the_episodes_checkins_advice_and_recent_starts(
    services: Services, clock: FakeClock
) -> None:
    clock.set(NOW)
    await _user(services, ALICE)
    await _user(services, BOB)
    await _episode(services, ALICE, NOW - timedelta(days=200), closed_at=NOW - timedelta(days=199))
    await _episode(services, ALICE, NOW - timedelta(days=40), closed_at=NOW - timedelta(days=38))
    episode = await _episode(services, ALICE, NOW - timedelta(days=5), urgency=Urgency.SEE_GP)
    await _episode(services, BOB, NOW - timedelta(days=3))  # someone else's: not counted
    await _add(
        services,
        _checkin(ALICE, episode, 2, red_flags=["g2"], frequency="few"),  # stored before seq 1
        _checkin(ALICE, episode, 1),
        _checkin(ALICE, episode, 3, answered_at=None, status=None, intensity=None),
        _escalation(ALICE, episode),
        t.ReminderEvent(user_id=BOB, kind="hydration", action="done", at=NOW),
        t.ReminderEvent(
            user_id=ALICE, kind="hydration", action="done", at=NOW - timedelta(days=4)
        ),
    )
    async with services.uow() as uow:
        history = await uow.history.load(episode, NOW)
        assert await uow.history.load(episode + 1000, NOW) is None
    assert history is not None
    current = history.current
    assert (current.id, current.urgency) == (episode, Urgency.SEE_GP)
    assert current.logged_at == NOW - timedelta(days=5)
    assert [c.seq for c in current.checkins] == [1, 2, 3]
    assert current.checkins[1].red_flags == frozenset({"g2"})
    assert current.checkins[1].status is esc.CheckStatus.SAME
    assert current.checkins[2].answered_at is None  # asked, not answered
    assert [(g.rule, g.level) for g in current.escalations_given] == [
        (esc.Rule.DURATION, Urgency.SEE_GP)
    ]
    assert not current.reminders_done_recently  # Alice's "done" is 4 days old; Bob's is not hers
    assert history.other_episode_starts == (NOW - timedelta(days=40),)  # 90 days back

    await _add(
        services,
        t.ReminderEvent(user_id=ALICE, kind="stretch", action="done", at=NOW - timedelta(days=2)),
    )
    async with services.uow() as uow:
        again = await uow.history.load(episode, NOW)
    assert again is not None
    assert again.current.reminders_done_recently


async def test_a_checkin_sent_twice_is_one_row_pointing_at_the_last_send(
    services: Services, clock: FakeClock
) -> None:
    clock.set(NOW)
    await _user(services, ALICE)
    episode = await _episode(services, ALICE, NOW - timedelta(days=2))
    first, second = await _add(
        services, _reminder(ALICE, episode, "chk:a"), _reminder(ALICE, episode, "chk:b")
    )
    for reminder in (first, second):
        async with services.uow() as uow:
            await uow.history.record_asked(reminder, episode, ALICE, 1, NOW)
    async with services.uow() as uow:
        history = await uow.history.load(episode, NOW)
        rows = (await uow.session.execute(select(t.CheckIn))).scalars().all()
    assert [(r.seq, r.reminder_id, r.asked_at) for r in rows] == [(1, second, NOW)]
    assert history is not None
    assert history.current.checkins == (esc.CheckInFacts(seq=1, due_at=NOW),)
