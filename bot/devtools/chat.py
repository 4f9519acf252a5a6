"""``make chat``: talk to the bot in a terminal, without Telegram, with a time-warp clock.

The real ``Application`` (bot.tg.app.build), handlers, services and database code
run against the in-process Bot API stand-in (bot.devtools.standin) over HTTP on 127.0.0.1:
nothing is faked above the HTTP edge. What differs from production:

- the clock is a ``VirtualClock``: it stands still until ``/clock`` moves it, and a jump steps
  through every due time in between, running the reminder sweep and the housekeeping jobs at
  each step (so nothing turns stale or late because of the jump);
- the repeating jobs are not scheduled; ``/clock`` runs them;
- the database is ``./data/chat.sqlite3`` (migrated on start), never the real one.

Console commands are listed in ``HELP`` (``/help-chat``); everything else goes to the bot.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select

from bot.config import load_settings
from bot.db import migrate
from bot.db import tables as t
from bot.db.engine import create_engine
from bot.devtools.clock import VirtualClock, parse_target
from bot.devtools.standin import BotApiStandin, BotMessage
from bot.domain import thresholds as th
from bot.domain.model import ReminderStatus
from bot.services import Services
from bot.tg import jobs
from bot.tg.app import BotApplication, build, running

USER_ID = 1001
USER_NAME = "You"
DEFAULT_DB = Path("data/chat.sqlite3")
DEFAULT_FILES = Path("data/chat-files")
HISTORY = Path("data/.chat_history")
SETTLE_TIMEOUT = 30.0  # seconds the bot may take to handle one input before we say so
MAX_STEPS = 5000  # due times one /clock jump may step through

HELP = """\
Console commands (everything else is sent to the bot as you typed it):
  3             press button 3 of the latest message that has buttons
  12.3          press button 3 of message #12 (an older message)
  /say TEXT     send TEXT as it is (e.g. a number the bot asked for)
  /location 51.5 -0.12   share a location
  /lang de      set your Telegram language_code for the next messages
  /clock        show the virtual time
  /clock +2h    move it: +30m, +2h, +1d, +1d12h, +2w, or 2026-12-01 09:00 (your timezone);
                everything due on the way is delivered in order, with its time
  /open 12      open the photo or document of message #12 with the system viewer
  /reset        wipe the chat database (./data/chat.sqlite3) and start again
  /help-chat    this list;  /quit or Ctrl-D to leave
The bot's own commands work as in Telegram: /start, /twitch, /checkin, /help, ...
"""

_STYLES = {
    "bold": "1",
    "italic": "3",
    "underline": "4",
    "strikethrough": "9",
    "code": "36",
    "pre": "36",
    "text_link": "4",
    "spoiler": "7",
}
_SENDS = frozenset({"sendmessage", "sendphoto", "senddocument", "sendvoice"})
_EDITS = frozenset({"editmessagetext", "editmessagecaption", "editmessagereplymarkup"})
_BUTTON_RE = re.compile(r"(?:(\d+)\.)?(\d+)")

log = logging.getLogger(__name__)


@dataclass
class Options:
    db_path: Path = DEFAULT_DB
    files_dir: Path = DEFAULT_FILES
    start: datetime | None = None
    """The virtual time to start at (default: where the last session left it, else now)."""
    styled: bool = False
    """Terminal styles (bold, italic) for the bot's formatting; plain text when False."""
    echo: bool = False
    """Echo each input line as ``> line`` (when input is not typed on a terminal)."""


def styled_text(message: BotMessage, styled: bool) -> str:
    """The message's visible text, with its entities as terminal styles (or plain)."""
    text = message.plain_text or ""
    links: dict[int, str] = {}  # python index where a link ends -> " (url)"
    codes: list[set[str]] = [set() for _ in text]
    # Entities count UTF-16 code units; map them to Python string indices.
    unit_to_index: list[int] = []
    for index, char in enumerate(text):
        unit_to_index.extend([index] * (2 if ord(char) > 0xFFFF else 1))
    unit_to_index.append(len(text))
    for entity in message.entities:
        start = unit_to_index[min(entity["offset"], len(unit_to_index) - 1)]
        end = unit_to_index[min(entity["offset"] + entity["length"], len(unit_to_index) - 1)]
        kind = entity.get("type", "")
        if kind == "text_link" and entity.get("url"):
            links[end] = links.get(end, "") + f" ({entity['url']})"
        if kind in _STYLES:
            for index in range(start, end):
                codes[index].add(_STYLES[kind])
    out: list[str] = []
    current: frozenset[str] = frozenset()
    for index, char in enumerate(text):
        if index in links:  # a link's address goes after its text, unstyled
            if current:
                out.append("\033[0m")
                current = frozenset()
            out.append(links.pop(index))
        wanted = frozenset(codes[index]) if styled else frozenset()
        if wanted != current:
            out.append("\033[0m" + "".join(f"\033[{code}m" for code in sorted(wanted)))
            current = wanted
        out.append(char)
    if current:
        out.append("\033[0m")
    out.extend(links.values())  # links that end the text
    return "".join(out)


@dataclass
class Chat:
    """One console conversation: the stand-in, the bot on it, the virtual clock, the printer."""

    out: TextIO
    options: Options = field(default_factory=Options)
    api: BotApiStandin = field(init=False)
    app: BotApplication = field(init=False)
    services: Services = field(init=False)
    clock: VirtualClock = field(init=False)
    language: str = "en"
    files: dict[int, Path] = field(default_factory=dict)
    _processed: int = 0
    _expected: int = 0
    _calls_seen: int = 0
    _shown: dict[int, bool] = field(default_factory=dict)  # message id -> deleted
    _last_header: str = ""
    _stack: contextlib.AsyncExitStack | None = None
    _cached_zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))

    # ---------------------------------------------------------------- life cycle

    @property
    def clock_file(self) -> Path:
        return self.options.db_path.with_name(self.options.db_path.stem + ".clock")

    async def start(self) -> None:
        """Start the stand-in and the bot on a migrated ``chat.sqlite3``."""
        self.options.db_path.parent.mkdir(parents=True, exist_ok=True)
        self.clock = VirtualClock(self._start_time())
        self._save_clock()
        stack = contextlib.AsyncExitStack()
        try:
            self.api = await stack.enter_async_context(BotApiStandin())
            self.api.user(USER_ID, USER_NAME, language_code=self.language)
            engine = create_engine(f"sqlite+aiosqlite:///{self.options.db_path}")
            stack.push_async_callback(engine.dispose)
            await migrate.upgrade(engine)
            settings = load_settings(
                telegram_bot_token=self.api.token,
                telegram_api_url=self.api.base_url,
                database_url=f"sqlite+aiosqlite:///{self.options.db_path}",
            )
            self.app = build(settings, engine=engine, clock=self.clock, schedule_jobs=False)
            self.services = self.app.bot_data.services
            process_update = self.app.process_update

            async def counted(update: object) -> None:
                # Counted however the update ended (the red-flag reader stops the others).
                try:
                    await process_update(update)
                finally:
                    self._processed += 1

            self.app.process_update = counted  # type: ignore[method-assign]
            self._processed = self._expected = self._calls_seen = 0
            self._shown = {}
            await stack.enter_async_context(running(self.app))
            self.app.bot_data.intake.start_polling(timeout=1)
            stack.push_async_callback(self._stop_polling)
        except BaseException:
            await stack.aclose()
            raise
        self._stack = stack
        self._calls_seen = len(self.api.calls)  # start-up calls (getMe, setMyCommands) unshown
        self._cached_zone = await self.zone()

    async def stop(self) -> None:
        stack, self._stack = self._stack, None
        if stack is not None:
            await stack.aclose()

    async def _stop_polling(self) -> None:
        await self.app.bot_data.intake.stop_polling()

    def _start_time(self) -> datetime:
        if self.options.start is not None:
            return self.options.start
        if self.options.db_path.exists() and self.clock_file.exists():
            with contextlib.suppress(ValueError):
                saved = datetime.fromisoformat(self.clock_file.read_text().strip())
                if saved.tzinfo is not None:
                    return saved
        return datetime.now(UTC).replace(second=0, microsecond=0)

    def _save_clock(self) -> None:
        self.clock_file.write_text(self.clock.now().isoformat() + "\n")

    # ---------------------------------------------------------------- input

    async def handle(self, line: str) -> bool:
        """Act on one input line; False when the conversation should end."""
        text = line.strip()
        if not text:
            return True
        command, _, rest = text.partition(" ")
        rest = rest.strip()
        match command.lower():
            case "/quit" | "/exit":
                return False
            case "/help-chat":
                self.say(HELP.rstrip("\n"))
            case "/say":
                await self._send(rest)
            case "/clock":
                await self._clock_command(rest)
            case "/location":
                await self._location(rest)
            case "/lang":
                self._lang(rest)
            case "/open":
                self._open(rest)
            case "/reset":
                await self._reset()
            case _:
                if match := _BUTTON_RE.fullmatch(text):
                    message_id = int(match.group(1)) if match.group(1) else None
                    await self._press(message_id, int(match.group(2)))
                else:
                    await self._send(text)
        return True

    async def _send(self, text: str) -> None:
        if not text:
            self.say("(nothing to send: /say TEXT)")
            return
        self.api.send_text(USER_ID, text)
        self._expected += 1
        await self._settle()

    async def _location(self, rest: str) -> None:
        try:
            latitude, longitude = (float(part) for part in rest.replace(",", " ").split())
        except ValueError:
            self.say("(usage: /location 51.5 -0.12)")
            return
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            self.say("(latitude is -90..90 and longitude -180..180)")
            return
        self.api.send_location(USER_ID, latitude, longitude)
        self._expected += 1
        await self._settle()

    def _lang(self, rest: str) -> None:
        if rest:
            if not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?", rest):
                self.say("(usage: /lang de, /lang pt-br)")
                return
            self.language = rest.lower()
            self.api.user(USER_ID, USER_NAME, language_code=self.language)
            self.say(f"(your messages now carry language_code={self.language})")
        else:
            self.say(f"(language_code={self.language})")

    def _open(self, rest: str) -> None:
        if not rest.lstrip("#").isdigit():
            self.say("(usage: /open 12, the number of a message with a file)")
            return
        path = self.files.get(int(rest.lstrip("#")))
        if path is None:
            self.say(f"(message #{rest.lstrip('#')} has no saved file)")
            return
        viewer = next(
            (found for name in ("xdg-open", "open") if (found := shutil.which(name))), None
        )
        if viewer is None:
            self.say(f"(no system viewer found; the file is {path})")
            return
        subprocess.Popen(  # noqa: S603 - a fixed viewer and a path we wrote
            [viewer, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.say(f"(opening {path})")

    async def _reset(self) -> None:
        await self.stop()
        _wipe(
            *(Path(f"{self.options.db_path}{end}") for end in ("", "-wal", "-shm", "-journal")),
            self.clock_file,
        )
        self.files.clear()
        self.options.start = None
        self._last_header = ""
        await self.start()
        self.say(f"(wiped {self.options.db_path}; a new conversation starts: try /start)")
        self.say(f"(virtual time: {self.time_label(self.clock.now())})")

    # ---------------------------------------------------------------- buttons

    async def _press(self, message_id: int | None, number: int) -> None:
        if message_id is None:
            with_buttons = [m for m in self.api.messages(USER_ID) if m.inline_keyboard]
            if not with_buttons:
                self.say("(no message has buttons to press; /say TEXT sends a number as text)")
                return
            message = with_buttons[-1]
        else:
            try:
                message = self.api.message(USER_ID, message_id)
            except AssertionError:
                self.say(f"(there is no message #{message_id})")
                return
            if message.deleted:
                self.say(f"(message #{message_id} was deleted)")
                return
        buttons = [button for row in message.inline_keyboard for button in row]
        if not buttons:
            self.say(f"(message #{message.message_id} has no buttons any more)")
            return
        if not 1 <= number <= len(buttons):
            self.say(
                f"(message #{message.message_id} has buttons 1-{len(buttons)}; "
                f"there is no {number})"
            )
            return
        button = buttons[number - 1]
        data = button.get("callback_data")
        if not isinstance(data, str):
            target = button.get("url") or "something outside the chat"
            self.say(f"(that button opens {target})")
            return
        self.api.press(USER_ID, message, data)
        self._expected += 1
        await self._settle()

    # ---------------------------------------------------------------- the clock

    async def _clock_command(self, rest: str) -> None:
        if not rest:
            self.say(f"(virtual time: {self.time_label(self.clock.now())})")
            return
        try:
            target = parse_target(rest, self.clock.now(), await self.zone())
        except ValueError as exc:
            self.say(f"({exc})")
            return
        if target < self.clock.now():
            self.say("(the clock only moves forward; /reset starts again)")
            return
        await self.advance_to(target)

    async def advance_to(self, target: datetime) -> int:
        """Step through every due time up to ``target``: at each, the sweep and housekeeping
        run and what they send is printed. Returns the number of steps."""
        steps = 0
        last_step: datetime | None = None
        while steps < MAX_STEPS:
            # Strictly after the last step: whatever is still due then (deferred, retried) is
            # taken again by the sweep at every later step, as the repeating job would.
            due = await self._next_due(after=last_step)
            if due is None or due > target:
                break
            at = max(due, self.clock.now())
            await self._run_jobs_at(at)
            last_step = at
            steps += 1
        else:
            self.say(f"(stopped after {MAX_STEPS} due times; /clock again to go on)")
            return steps
        if last_step != target:
            await self._run_jobs_at(target)
        self.say(f"(virtual time: {self.time_label(self.clock.now())})")
        return steps

    async def _run_jobs_at(self, at: datetime) -> None:
        self.clock.set(at)
        self._save_clock()
        sweeper = self.app.bot_data.sweeper
        for _ in range(20):  # a batch is 50 rows; more than that at one time is unusual
            if not (await sweeper.tick()).claimed:
                break
        await jobs.housekeep(self.app.bot, self.services)
        await self._settle()

    async def _next_due(self, after: datetime | None = None) -> datetime | None:
        """The earliest time (later than ``after``) something is due: a reminder, a lease
        running out, an abandoned triage or check-in expiring."""
        floor = after or datetime(1970, 1, 1, tzinfo=UTC)
        async with self.services.uow() as uow:
            session = uow.session
            reminder = await session.scalar(
                select(func.min(t.Reminder.due_at)).where(
                    t.Reminder.status == ReminderStatus.PENDING.value, t.Reminder.due_at > floor
                )
            )
            lease = await session.scalar(
                select(func.min(t.Reminder.claimed_until)).where(
                    t.Reminder.status == ReminderStatus.CLAIMED.value,
                    t.Reminder.claimed_until > floor,
                )
            )
            triage = await session.scalar(
                select(func.min(t.TriageSession.expires_at)).where(
                    t.TriageSession.expires_at > floor
                )
            )
            checkin = await session.scalar(
                select(func.min(t.CheckIn.updated_at)).where(
                    t.CheckIn.state.is_not(None),
                    t.CheckIn.answered_at.is_(None),
                    t.CheckIn.updated_at > floor - th.TRIAGE_EXPIRY,
                )
            )
        times = [_aware(reminder), _aware(lease), _aware(triage)]
        if (since := _aware(checkin)) is not None:
            times.append(since + th.TRIAGE_EXPIRY)
        found = [time for time in times if time is not None]
        return min(found) if found else None

    async def zone(self) -> ZoneInfo:
        """The user's timezone once they chose one (UTC before)."""
        profile = await self.services.users.get(USER_ID)
        if profile is not None and profile.timezone:
            with contextlib.suppress(ZoneInfoNotFoundError, ValueError):
                return ZoneInfo(profile.timezone)
        return ZoneInfo("UTC")

    def time_label(self, when: datetime, zone: ZoneInfo | None = None) -> str:
        zone = zone or self._cached_zone
        return f"{when.astimezone(zone):%a %d %b %Y, %H:%M} {zone.key}"

    # ---------------------------------------------------------------- output

    def say(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    async def _settle(self) -> None:
        """Wait until the bot has handled every update sent to it, then print what changed."""
        try:
            await self.api.wait_for(
                lambda: self._processed >= self._expected,
                timeout=SETTLE_TIMEOUT,
                description="the bot to handle the input",
            )
        except AssertionError:
            self.say("(the bot has not finished yet; its messages will show later)")
        self._cached_zone = await self.zone()
        self.flush()

    def flush(self) -> None:
        """Print the bot's new messages, edits, deletions and pop-ups since the last flush."""
        calls = self.api.calls[self._calls_seen :]
        self._calls_seen += len(calls)
        events: list[tuple[str, int | str]] = []  # ("message", id) / ("popup", text)
        for call in calls:
            method = call.method.lower()
            if not call.ok:
                continue
            if method == "answercallbackquery" and call.params.get("text"):
                alert = "alert" if call.params.get("show_alert") else "pop-up"
                events.append(("popup", f"({alert}) {call.params['text']}"))
            if call.params.get("chat_id") != USER_ID:
                continue
            if method in _SENDS and isinstance(call.result, dict):
                events.append(("message", int(call.result["message_id"])))
            elif method in _EDITS or method == "deletemessage":
                events.append(("message", int(call.params["message_id"])))
            elif method == "deletemessages":
                events.extend(("message", int(i)) for i in call.params.get("message_ids", []))
        last = {value: index for index, (kind, value) in enumerate(events) if kind == "message"}
        printed_any = False
        for index, (kind, value) in enumerate(events):
            if kind == "message" and last[value] != index:
                continue  # shown once, in its final state, where it last changed
            if not printed_any:
                self._header()
                printed_any = True
            if kind == "popup":
                self.say(f"  {value}")
            else:
                assert isinstance(value, int)  # noqa: S101 - by construction
                self._show(self.api.message(USER_ID, value))

    def _header(self) -> None:
        label = self.time_label(self.clock.now())
        if label != self._last_header:
            self.say(f"── {label} ──")
            self._last_header = label

    def _show(self, message: BotMessage) -> None:
        before = self._shown.get(message.message_id)
        self._shown[message.message_id] = message.deleted
        if message.deleted:
            if before is False:
                self.say(f"#{message.message_id} (deleted)")
            return
        edited = " (edited)" if before is not None else ""
        self.say(f"#{message.message_id}{edited}")
        body = styled_text(message, self.options.styled)
        if message.kind != "text" and before is None:
            path = self._save_file(message)
            where = f"{path}  (/open {message.message_id})" if path else "(no content)"
            self.say(f"  📎 {message.kind}: {where}")
        for line in body.splitlines() or [""]:
            self.say(f"  {line}" if line else "")
        number = 0
        for row in message.inline_keyboard:
            labels = []
            for button in row:
                number += 1
                link = f" → {button['url']}" if button.get("url") else ""
                labels.append(f"[{number}] {button.get('text')}{link}")
            self.say("    " + "   ".join(labels))
        rows = (message.reply_markup or {}).get("keyboard")
        if isinstance(rows, list) and rows:
            keys = []
            for button in (key for row in rows for key in row):
                label = button.get("text") if isinstance(button, dict) else str(button)
                share = isinstance(button, dict) and button.get("request_location")
                keys.append(f"«{label}»" + (" = /location LAT LON" if share else ""))
            self.say(f"    keyboard (type a key's text): {'   '.join(keys)}")

    def _save_file(self, message: BotMessage) -> Path | None:
        content: bytes | None = None
        name = "photo.jpg" if message.kind == "photo" else message.kind
        if message.upload is not None:
            content = message.upload.content
            name = message.upload.filename or name
        else:
            media = message.media
            if isinstance(media, list) and media:
                media = media[-1]
            if isinstance(media, dict):
                stored = self.api.files.get(str(media.get("file_id")))
                if stored is not None:
                    content = stored.content
                    name = stored.file_name or Path(stored.file_path).name
        if content is None:
            return None
        safe = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).name) or message.kind
        path = self.options.files_dir / f"{message.message_id}-{safe}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        self.files[message.message_id] = path
        return path


def _wipe(*paths: Path) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


ReadLine = Callable[[], Awaitable[str | None]]


async def converse(chat: Chat, read_line: ReadLine) -> int:
    """The main loop: read a line (``None`` = end of input), act on it, until /quit."""
    chat.say(
        "Talking to the bot without Telegram (type /help-chat for the console commands; "
        "/start begins)."
    )
    chat.say(f"(virtual time: {chat.time_label(chat.clock.now())})")
    while True:
        line = await read_line()
        if line is None:
            chat.say("(bye)" if chat.options.echo else "\n(bye)")  # Ctrl-D: a new line first
            return 0
        if chat.options.echo:
            chat.say(f"> {line}")
        if not await chat.handle(line):
            chat.say("(bye)")
            return 0


async def run(read_line: ReadLine, out: TextIO, options: Options) -> int:
    chat = Chat(out, options)
    await chat.start()
    try:
        return await converse(chat, read_line)
    finally:
        await chat.stop()


class _TerminalInput:
    """``input()`` (with readline when available) in a daemon thread, one line per request, so
    the prompt appears only after the bot's output and Ctrl-C never waits for the thread."""

    def __init__(self, prompt: str) -> None:
        self._prompt = prompt
        self._loop = asyncio.get_running_loop()
        self._requests: queue.Queue[asyncio.Future[str | None]] = queue.Queue()
        threading.Thread(target=self._serve, name="chat-input", daemon=True).start()

    async def __call__(self) -> str | None:
        future: asyncio.Future[str | None] = self._loop.create_future()
        self._requests.put(future)
        return await future

    def _serve(self) -> None:
        while True:
            future = self._requests.get()
            line: str | None
            try:
                line = input(self._prompt)
            except EOFError:
                line = None
            self._loop.call_soon_threadsafe(_resolve, future, line)


def _resolve(future: asyncio.Future[str | None], line: str | None) -> None:
    if not future.done():
        future.set_result(line)


def _readline_history() -> Callable[[], None]:
    """Load the input history (when readline exists); returns a function that saves it."""
    try:
        import readline
    except ImportError:
        return lambda: None
    with contextlib.suppress(OSError):
        readline.read_history_file(HISTORY)
    readline.set_history_length(1000)

    def save() -> None:
        with contextlib.suppress(OSError):
            HISTORY.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(HISTORY)

    return save


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bot.devtools.chat",
        description="Talk to the bot in a terminal, without Telegram (see /help-chat).",
    )
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="SQLite file (%(default)s)")
    parser.add_argument("--files", type=Path, default=DEFAULT_FILES, help="where files go")
    parser.add_argument(
        "--start",
        help="virtual start time, UTC, e.g. '2026-11-25 09:00' (default: where you left off)",
    )
    parser.add_argument("--verbose", action="store_true", help="the bot's logs on stderr")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    start = None
    if args.start:
        try:
            start = parse_target(args.start, datetime.now(UTC), ZoneInfo("UTC"))
        except ValueError as exc:
            sys.stderr.write(f"--start: {exc}\n")
            return 2
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not args.verbose:
        logging.getLogger("httpx").setLevel(logging.WARNING)
    interactive = sys.stdin.isatty()
    options = Options(
        db_path=args.db,
        files_dir=args.files,
        start=start,
        styled=sys.stdout.isatty() and os.environ.get("NO_COLOR") is None,
        echo=not interactive,
    )
    save_history = _readline_history() if interactive else (lambda: None)

    async def session() -> int:
        return await run(_TerminalInput("you> " if interactive else ""), sys.stdout, options)

    try:
        return asyncio.run(session())
    except KeyboardInterrupt:
        sys.stdout.write("\n(interrupted)\n")
        return 130
    finally:
        save_history()


if __name__ == "__main__":
    sys.exit(main())
