"""/history, /report and /export, driven as a user through the real Application and stand-in."""

from __future__ import annotations

import csv
import io
import json
import re
import struct
import zipfile
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from bot.db import tables as t
from bot.domain.model import Urgency

from .conftest import Harness
from .test_triage import TAPS_SELF_CARE

EXPIRED = "This has expired. Send /history to start again."


@pytest.fixture
def h(harness: Harness) -> Harness:
    return harness


async def _log_twitch(h: Harness) -> None:
    await h.ask("/twitch")
    for label in TAPS_SELF_CARE:
        await h.tap(label)
    await h.tap("None of these")  # no factors in the last 24 hours: the result comes
    h.api.mark(h.user)  # the next reply is the one to the next command


async def _episodes(h: Harness) -> list[t.Episode]:
    async with h.services.uow() as uow:
        return list((await uow.session.execute(select(t.Episode))).scalars())


async def _rows(h: Harness, model: type[t.Base]) -> list[t.Base]:
    async with h.services.uow() as uow:
        return list((await uow.session.execute(select(model))).scalars())


def _png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    return width, height


async def test_history_before_start_and_with_nothing_logged(h: Harness) -> None:
    first = await h.ask("/history")
    assert "send /start" in first.plain_text.lower()
    await h.onboard()
    empty = await h.ask("/history")
    assert "haven't logged a twitch yet" in empty.plain_text
    assert "/twitch" in empty.plain_text
    assert empty.button_texts == ["Log a twitch"]
    await h.tap("Log a twitch")
    assert "Step 1 of 8" in h.screen().plain_text


async def test_history_lists_the_episode_and_sends_the_picture(h: Harness) -> None:
    await h.onboard()
    await _log_twitch(h)
    listing = await h.ask("/history")
    text = listing.plain_text
    assert "Your twitches" in text
    assert "25 Nov · left knee · under a day so far" in text
    assert "worst 3/10 · 🟢 Self-care · ongoing" in text
    assert listing.button_texts == [
        "I've booked",
        "I've been seen",
        "It has stopped",
        "Delete this episode",
    ]
    photo = await h.reply()
    assert photo.kind == "photo"
    assert photo.upload is not None
    assert _png_size(photo.upload.content) == (800, 600)
    # Issue 12: the range fits the data (a twitch logged today: a week, not 30 mostly empty
    # days; this assertion read "last 30 days" before).
    assert "Your last 7 days" in (photo.plain_text or "")
    assert "the advice I gave" in (photo.plain_text or "")
    assert photo.upload.filename == "last-7-days.png"


async def test_booked_seen_and_stopped(h: Harness) -> None:
    await h.onboard()
    await _log_twitch(h)
    listing = await h.ask("/history")
    await h.reply()  # the picture
    await h.tap("I've booked", listing)
    assert h.api.answered_callbacks[-1].text is not None
    assert "booked" in (h.api.answered_callbacks[-1].text or "")
    listing = h.api.message(h.user, listing.message_id)
    assert "booked 25 Nov" in listing.plain_text
    assert "I've booked" not in listing.button_texts
    h.clock.advance(timedelta(days=1))
    await h.tap("I've been seen", listing)
    listing = h.api.message(h.user, listing.message_id)
    assert "seen 26 Nov" in listing.plain_text
    assert listing.button_texts == ["It has stopped", "Delete this episode"]
    [episode] = await _episodes(h)
    assert episode.booked_at is not None
    assert episode.seen_at == h.clock.now()

    await h.tap("It has stopped", listing)
    closing = h.api.messages(h.user)[-1]
    assert closing.plain_text.startswith("Glad it's settled.")
    listing = h.api.message(h.user, listing.message_id)
    assert "stopped 26 Nov" in listing.plain_text
    assert listing.button_texts == []
    [episode] = await _episodes(h)
    assert (episode.status, episode.closed_at) == ("closed", h.clock.now())
    reminders = await _rows(h, t.Reminder)
    assert {r.status for r in reminders} == {"cancelled"}  # the check-in will not come


async def test_delete_asks_first_then_deletes(h: Harness) -> None:
    await h.onboard()
    await _log_twitch(h)
    listing = await h.ask("/history")
    await h.reply()
    await h.tap("Delete this episode", listing)
    confirm = h.api.message(h.user, listing.message_id)
    assert "Delete the episode from 25 Nov (left knee)?" in confirm.plain_text
    assert confirm.button_texts == ["Yes, delete it", "No, keep it"]
    await h.tap("No, keep it", confirm)
    assert "Your twitches" in h.api.message(h.user, listing.message_id).plain_text
    assert len(await _episodes(h)) == 1

    await h.tap("Delete this episode", listing)
    confirm = h.api.message(h.user, listing.message_id)
    data = confirm.button("Yes, delete it")["callback_data"]
    await h.tap("Yes, delete it", confirm)
    assert await _episodes(h) == []
    assert await _rows(h, t.Reminder) == []
    after = h.api.message(h.user, listing.message_id)
    assert "haven't logged a twitch yet" in after.plain_text
    # The same confirmation again (a double tap): expired, nothing else happens.
    assert await h.press(data, after) == EXPIRED


async def test_report_is_a_one_page_pdf(h: Harness) -> None:
    await h.onboard()
    nothing = await h.ask("/report")
    assert "nothing to summarise yet" in nothing.plain_text
    await _log_twitch(h)
    document = await h.ask("/report")
    assert document.kind == "document"
    assert document.upload is not None
    assert document.upload.filename == "knee-twitch-summary-2026-11-25.pdf"
    assert "isn't a diagnosis" in (document.plain_text or "")
    reader = PdfReader(io.BytesIO(document.upload.content))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Knee twitch summary for your doctor" in text
    assert "Europe/London" in text
    assert "25 Nov 25 Nov Left under a day so far 3 / 3" in text
    assert "call 999 in an emergency" in text


async def test_report_sends_a_forwardable_summary_after_the_pdf(h: Harness) -> None:
    """Issue 12: "Share with a clinician": the PDF, then one plain-text message to forward."""
    await h.onboard()
    await _log_twitch(h)
    before = len(h.api.messages(h.user))
    document = await h.ask("/report")
    summary = await h.reply()
    await h.settled()
    assert len(h.api.messages(h.user)) == before + 2  # the PDF and the summary, nothing else
    assert (document.kind, summary.kind) == ("document", "text")
    assert "Share with a clinician" in (document.plain_text or "")
    text = summary.plain_text
    assert text.startswith("Knee twitch summary\n")
    assert "Episodes (1 logged, newest first):" in text
    assert "• Left knee, began about 25 Nov (logged 25 Nov); under a day so far, ongoing" in text
    assert "worst intensity 3/10" in text
    assert "Warning signs asked about at 1 logging and 0 check-ins: none was ticked." in text
    assert "Advice the bot gave, and when:" in text
    assert text.endswith(
        "This isn't a diagnosis. If things change or you're worried, contact a doctor - or call "
        "999 in an emergency."
    )
    assert summary.button_texts == []
    assert len(text) < 4096


async def test_export_sends_a_zip_of_everything(h: Harness) -> None:
    nothing = await h.ask("/export")
    assert "nothing stored" in nothing.plain_text
    await h.onboard()
    await _log_twitch(h)
    document = await h.ask("/export")
    assert document.kind == "document"
    assert document.upload is not None
    assert document.upload.filename == "knee-twitch-data-2026-11-25.zip"
    with zipfile.ZipFile(io.BytesIO(document.upload.content)) as archive:
        names = set(archive.namelist())
        data = json.loads(archive.read("data.json"))
    assert {f"{name}.csv" for name in t.Base.metadata.tables} <= names
    assert data["user_id"] == h.user
    # Issue 12: answers and kinds as words (these read "left" and "checkin" before).
    assert [e["side"] for e in data["tables"]["episodes"]] == ["Left knee"]
    assert data["tables"]["users"][0]["timezone"] == "Europe/London"
    assert data["tables"]["reminders"][0]["kind"] == "Check-in"


async def test_export_reads_as_words_with_a_data_dictionary(h: Harness) -> None:
    """Issue 12: what a person opens: local ISO times, words, 09:00, a README explaining it."""
    await h.onboard()
    await _log_twitch(h)
    document = await h.ask("/export")
    assert document.upload is not None
    with zipfile.ZipFile(io.BytesIO(document.upload.content)) as archive:
        readme = archive.read("README.txt").decode()
        episodes = list(csv.DictReader(io.StringIO(archive.read("episodes.csv").decode())))
        users = list(csv.DictReader(io.StringIO(archive.read("users.csv").decode())))
        reminders = archive.read("reminders.csv").decode()
    [episode] = episodes
    assert episode["logged_at"] == "2026-11-25T09:00:00+00:00"
    assert (episode["side"], episode["frequency"], episode["urgency"], episode["status"]) == (
        "Left knee",
        "A few times",
        "Self-care",
        "Ongoing",
    )
    assert json.loads(episode["answers"])["How long"] == "Under a day"
    [user] = users
    assert re.fullmatch(r"\d\d:\d\d", user["wake_start"]), user["wake_start"]
    assert "awaiting" not in user
    assert "dedup_key" not in reminders
    assert "claimed_by" not in reminders.splitlines()[0]
    assert "Times are in your timezone (Europe/London)" in readme
    assert "episodes.csv - each twitch you logged with /twitch" in readme
    assert "  side             which knee" in readme


async def test_junk_forged_and_other_peoples_buttons_change_nothing(h: Harness) -> None:
    await h.onboard()
    await _log_twitch(h)
    listing = await h.ask("/history")
    await h.reply()
    [mine] = await _episodes(h)
    async with h.services.uow() as uow:  # someone else's open episode
        await uow.users.consent(4242, h.clock.now())
        theirs = await uow.episodes.add(
            t.Episode(
                user_id=4242,
                logged_at=h.clock.now(),
                onset_at=h.clock.now(),
                side="right",
                factors=[],
                answers={},
                urgency=int(Urgency.SEE_GP),
                reasons=[],
                status="open",
            )
        )
    forged = [
        f"k1:hi:booked:{theirs}",
        f"k1:hi:stop:{theirs}",
        f"k1:hi:del:{theirs}",
        f"k1:hi:delyes:{theirs}",
        "k1:hi:booked:999999",
        "k1:hi:booked:0",
        f"k1:hi:booked:0{mine.id}",
        "k1:hi:booked:abc",
        f"k1:hi:zap:{mine.id}",
        "k1:hi:booked",
        f"k1:hi:booked:{mine.id}:1",
        "k1:hi",
    ]
    for data in forged:
        assert await h.press(data, listing) == EXPIRED, data
    assert await h.press("junk", listing)  # answered by the fallback
    [after] = [e for e in await _episodes(h) if e.id == mine.id]
    assert (after.status, after.booked_at, after.seen_at) == ("open", None, None)
    async with h.services.uow() as uow:
        other = await uow.session.get(t.Episode, theirs)
    assert other is not None
    assert (other.status, other.booked_at) == ("open", None)
    assert h.api.message(h.user, listing.message_id).plain_text == listing.plain_text
