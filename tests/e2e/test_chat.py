"""``make chat``: the console conversation, driven through its main loop with in-memory streams
(and once as a subprocess through a pipe), reading the transcript a person would read."""

from __future__ import annotations

import asyncio
import io
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.devtools.chat import USER_ID, Chat, Options, converse, styled_text
from bot.devtools.clock import parse_target
from bot.devtools.standin import BotMessage
from bot.domain.language import in_language
from bot.tg import texts

START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # a Wednesday; London is on UTC in November
HEADER_RE = re.compile(r"^── (\w{3} \d{2} \w{3} \d{4}), (\d{2}:\d{2}) (\S+) ──$", re.MULTILINE)
BUTTON_RE = re.compile(r"\[(\d+)\] (.+?)(?=   \[\d+\] |$)")


class Console:
    """The person at the keyboard: types a line once the chat asks for one, reads what it
    printed in between. Waits on the chat's request for the next line, never on a clock."""

    def __init__(self) -> None:
        self.out = io.StringIO()
        self._lines: asyncio.Queue[str | None] = asyncio.Queue()
        self._ready: asyncio.Queue[None] = asyncio.Queue()
        self.task: asyncio.Task[int] | None = None
        self.chat: Chat

    async def read_line(self) -> str | None:
        await self._ready.put(None)
        return await self._lines.get()

    @property
    def transcript(self) -> str:
        return self.out.getvalue()

    async def wait_ready(self) -> None:
        """Wait until the chat asks for the next line (or has ended)."""
        assert self.task is not None
        ready = asyncio.ensure_future(self._ready.get())
        async with asyncio.timeout(20):
            await asyncio.wait({ready, self.task}, return_when=asyncio.FIRST_COMPLETED)
        if not ready.done():
            ready.cancel()
            if self.task.exception() is not None:
                raise AssertionError(f"the chat crashed:\n{self.transcript[-3000:]}")

    async def type(self, line: str | None) -> str:
        """Type ``line`` (None = Ctrl-D); returns what the chat printed in response."""
        start = len(self.transcript)
        await self._lines.put(line)
        await self.wait_ready()
        return self.transcript[start:]

    def choice(self, label: str) -> str | None:
        """The number the latest printed choices give ``label``."""
        for line in reversed(self.transcript.splitlines()):
            if line.startswith("    ["):
                for number, found in BUTTON_RE.findall(line.strip()):
                    if found == label:
                        return str(number)
        return None

    async def press(self, label: str) -> str:
        """Type the number of the choice labelled ``label`` (searched by label, so wording and
        order changes elsewhere do not break the script)."""
        number = self.choice(label)
        assert number is not None, f"no choice {label!r} in:\n{self.transcript[-2000:]}"
        return await self.type(number)


@pytest.fixture
async def console(tmp_path: Path) -> AsyncIterator[Console]:
    person = Console()
    options = Options(
        db_path=tmp_path / "data" / "chat.sqlite3",
        files_dir=tmp_path / "data" / "chat-files",
        start=START,
        styled=False,
        echo=True,
    )
    person.chat = Chat(person.out, options)
    await person.chat.start()
    person.task = asyncio.create_task(converse(person.chat, person.read_line))
    await person.wait_ready()
    yield person
    try:
        if not person.task.done():
            await person.type("/quit")
        assert person.task.result() == 0
    finally:
        await person.chat.stop()


def _read(path: Path) -> bytes:
    return path.read_bytes()


def _day_of(transcript: str, index: int) -> str:
    """The virtual date (``Thu 26 Nov``) of the last time header before ``index``."""
    headers = [m for m in HEADER_RE.finditer(transcript) if m.start() < index]
    assert headers, "no time header before this point"
    return headers[-1].group(1)[:10]


async def _onboard(c: Console) -> None:
    shown = await c.type("/start")
    assert "I'm 18+ and I understand" in shown
    await c.press("I'm 18+ and I understand")
    if c.choice("United Kingdom") is None:
        await c.press("More countries »")
    await c.press("United Kingdom")
    shown = await c.press("London")
    assert "#" in shown


async def _self_care_triage(c: Console) -> str:
    await c.type("/twitch")
    for label in (
        "None of these",  # emergency checklist
        "None of these",  # same-day checklist
        "Under a day",
        "None of these",  # see-a-GP checklist
        "Left",
        "3",  # intensity
        "A few times",
    ):
        await c.press(label)
    return await c.press("None of these")  # today's factors


async def _answer_same(c: Console) -> str:
    shown = await c.press("Same")
    for label in ("None of these", "3", "A few times", "No"):
        shown += await c.press(label)
    return shown


async def test_a_week_of_check_ins_in_a_few_seconds(console: Console) -> None:
    c = console
    await _onboard(c)
    result = await _self_care_triage(c)
    assert "Turn on reminders" in result  # offered, left off
    answers: dict[str, str] = {}
    for _ in range(7):
        shown = await c.type("/clock +1d")
        if "Still twitching?" in shown:
            answers[_day_of(c.transcript, len(c.transcript))] = await _answer_same(c)
    transcript = c.transcript

    days = [_day_of(transcript, m.start()) for m in re.finditer(r"Still twitching\?", transcript)]
    assert days == ["Thu 26 Nov", "Fri 27 Nov", "Sat 28 Nov", "Mon 30 Nov", "Wed 02 Dec"]
    # Each check-in arrived at 09:00 London time, with that time shown above it.
    for match in HEADER_RE.finditer(transcript):
        if match.group(1)[:10] in days:
            assert (match.group(2), match.group(3)) == ("09:00", "Europe/London")
    # The 7-day escalation: the see-a-doctor headline on day 7, not before.
    assert "🟡" in answers["Wed 02 Dec"], answers["Wed 02 Dec"]
    assert "7 days" in answers["Wed 02 Dec"]
    assert all("🟡" not in answers[day] for day in days[:-1])
    assert "💧" not in transcript  # reminders were left off
    # The first check-in's buttons went when it was answered: pressing one says so.
    first = re.search(r"^#(\d+)\n(?:  .*\n)?  Still twitching\?", transcript, re.MULTILINE)
    assert first is not None
    assert "has no buttons any more" in await c.type(f"{first.group(1)}.3")
    # The export is a document: saved to a file whose path is printed.
    saved = re.search(r"📎 document: (\S+)  \(/open (\d+)\)", await c.type("/export"))
    assert saved is not None
    path = c.chat.files[int(saved.group(2))]
    assert path.as_posix() == saved.group(1)
    assert _read(path).startswith(b"PK")  # a zip
    assert transcript.count("(virtual time: ") >= 8
    assert "\033[" not in transcript  # plain text when styles are off


async def test_a_jump_delivers_each_reminder_at_its_own_time(console: Console) -> None:
    c = console
    await _onboard(c)
    await _self_care_triage(c)
    await c.press("Turn on reminders")
    await c.press("No")  # no fluid limit
    shown = await c.type("/clock +1d")
    times = [(m.group(1)[:10], m.group(2), m.start()) for m in HEADER_RE.finditer(shown)]
    nudges = [m.start() for m in re.finditer("💧 Water check", shown)]
    assert len(nudges) >= 3, shown
    # Each nudge under its own time: waking hours on the first day, in order, none stale.
    when = [next(t for t in reversed(times) if t[2] < at)[:2] for at in nudges]
    assert len(set(when)) == len(nudges)
    assert when == sorted(when, key=lambda w: (w[0][4:6], w[1]))
    assert all(day == "Wed 25 Nov" and "09:00" < hour < "21:00" for day, hour in when)
    assert "Still twitching?" in shown.split("── Thu 26 Nov 2026, 09:00 Europe/London ──")[1]
    assert "Sorry this is late" not in shown


async def test_bad_input_gets_a_clear_line_and_ctrl_d_ends(console: Console) -> None:
    c = console
    shown = await c.type("4")
    assert "no message has buttons" in shown
    await c.type("/start")
    shown = await c.type("99")
    assert re.search(r"has buttons 1-3; there is no 99", shown)
    consent = re.search(r"^#(\d+)$", c.transcript, re.MULTILINE)
    assert consent is not None
    await c.press("I'm 18+ and I understand")
    assert "Which country" in c.transcript
    shown = await c.type(f"{consent.group(1)}.40")
    assert "there is no 40" in shown
    assert "can't read" in await c.type("/clock tomorrow")
    assert "only moves forward" in await c.type("/clock 2026-11-24 09:00")
    assert "usage: /location" in await c.type("/location north")
    assert "«📍 Share my location» = /location LAT LON" in await c.type("/timezone")
    assert "Europe/London" in await c.type("/location 51.5 -0.12")
    assert "language_code=de" in await c.type("/lang de")
    await c.type("/help")
    delivered = [u for call in c.chat.api.calls_to("getUpdates") if call.ok for u in call.result]
    [helps] = [u["message"] for u in delivered if u.get("message", {}).get("text") == "/help"]
    assert helps["from"]["id"] == USER_ID
    assert helps["from"]["language_code"] == "de"
    assert "has no saved file" in await c.type("/open 1")
    shown = await c.type("/reset")
    assert "wiped" in shown
    assert "Which country" not in shown
    # A fresh start, in the language the console's phone now says (/lang de above).
    assert in_language("de", texts.INTRO).split("\n")[0][:20] in await c.type("/start")
    assert await c.type(None) == "(bye)\n"
    assert c.task is not None
    assert c.task.result() == 0


def test_clock_targets() -> None:
    zone = ZoneInfo("Europe/Berlin")
    assert parse_target("+1d12h", START, zone) == START + timedelta(days=1, hours=12)
    assert parse_target("+30m", START, zone) == START + timedelta(minutes=30)
    assert parse_target("+2w", START, zone) == START + timedelta(weeks=2)
    assert parse_target("2026-12-01 09:00", START, zone) == datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    for bad in ("+1x", "+", "+1d 2", "tomorrow"):
        with pytest.raises(ValueError, match="can't read"):
            parse_target(bad, START, zone)


def test_styles_become_terminal_escapes_only_when_asked() -> None:
    message = BotMessage(
        chat_id=1,
        message_id=5,
        kind="text",
        text="<b>Bold</b> and <i>💧 it</i>",
        plain_text="Bold and 💧 it",
        entities=[
            {"type": "bold", "offset": 0, "length": 4},
            {"type": "italic", "offset": 9, "length": 5},  # 💧 is two UTF-16 units
        ],
        parse_mode="HTML",
        reply_markup=None,
        disable_notification=False,
        protect_content=False,
        date=0,
        seq=1,
    )
    assert styled_text(message, False) == "Bold and 💧 it"
    assert styled_text(message, True) == "\033[0m\033[1mBold\033[0m and \033[0m\033[3m💧 it\033[0m"


def test_make_chat_runs_through_a_pipe_and_exits_zero_at_end_of_input(tmp_path: Path) -> None:
    script = "/clock\n/clock +2h\n3\n/help-chat\n"  # then end of input (Ctrl-D)
    done = subprocess.run(
        [sys.executable, "-m", "bot.devtools.chat", "--start", "2026-11-25 09:00"],
        input=script,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "(virtual time: Wed 25 Nov 2026, 11:00 UTC)" in out
    assert "no message has buttons" in out
    assert "/location 51.5 -0.12" in out  # the console help
    assert (tmp_path / "data" / "chat.sqlite3").exists()
    assert "\033[" not in out
