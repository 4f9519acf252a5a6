"""The Bot API stand-in behaves like Telegram towards the real PTB ``Bot`` and ``Application``."""

from __future__ import annotations

import asyncio
import datetime as dtm
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import (
    Bot,
    BotCommand,
    ChatMemberUpdated,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyParameters,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from .standin import BotApiStandin, LocalServer

KEYBOARD = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Yes", callback_data="yes"),
            InlineKeyboardButton("No", callback_data="no"),
        ]
    ]
)


@pytest.fixture
async def api() -> AsyncIterator[BotApiStandin]:
    async with BotApiStandin() as standin:
        standin.user(1, "Ann")
        yield standin


@pytest.fixture
async def bot(api: BotApiStandin) -> AsyncIterator[Bot]:
    async with Bot(api.token, base_url=api.bot_api_url, base_file_url=api.file_api_url) as b:
        yield b


def build_app(api: BotApiStandin) -> Application[Any, Any, Any, Any, Any, Any]:
    return (
        ApplicationBuilder()
        .token(api.token)
        .base_url(api.bot_api_url)
        .base_file_url(api.file_api_url)
        .build()
    )


# ------------------------------------------------------------------ plain Bot calls


async def test_get_me_reports_the_bot_user(api: BotApiStandin, bot: Bot) -> None:
    me = await bot.get_me()
    assert me.id == api.bot_id
    assert me.is_bot
    assert me.username == "kneebot_test_bot"
    assert api.calls_to("getMe")[-1].ok


async def test_wrong_token_is_unauthorized(api: BotApiStandin) -> None:
    wrong = Bot("123:wrong", base_url=api.bot_api_url, base_file_url=api.file_api_url)
    with pytest.raises(InvalidToken):
        async with wrong:
            pass
    assert api.calls[-1].status == 401


async def test_raw_http_shapes(api: BotApiStandin) -> None:
    async with httpx.AsyncClient(base_url=api.base_url) as client:
        unknown = await client.post(f"/bot{api.token}/noSuchMethod")
        assert unknown.status_code == 404
        assert unknown.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
        unauthorized = await client.post("/bot1:nope/getMe")
        assert unauthorized.status_code == 401
        assert unauthorized.json()["description"] == "Unauthorized"
        # A numeric-looking text stays a string; GET with query parameters works too.
        sent = await client.get(f"/bot{api.token}/sendMessage?chat_id=1&text=123")
        assert sent.json()["result"]["text"] == "123"
        assert api.last_message(1).text == "123"
        json_body = await client.post(
            f"/bot{api.token}/sendMessage", json={"chat_id": 1, "text": "via json"}
        )
        assert json_body.json()["ok"] is True
        missing = await client.get(f"/file/bot{api.token}/documents/nothing.bin")
        assert missing.status_code == 404


async def test_flood_control_is_off_unless_asked_and_then_refuses_the_extra_send(
    api: BotApiStandin, bot: Bot
) -> None:
    for n in range(5):  # off by default: any number goes through
        await bot.send_message(1, f"free {n}")
    async with BotApiStandin(flood_limit=2, flood_period=60) as limited:
        limited.user(1, "Ann")
        async with Bot(limited.token, base_url=limited.bot_api_url) as capped:
            await capped.send_message(1, "one")
            await capped.get_me()  # not a send: not counted
            await capped.send_message(1, "two")
            with pytest.raises(RetryAfter) as refused:
                await capped.send_message(1, "three")
        assert refused.value.retry_after == dtm.timedelta(seconds=60)
        assert limited.flood_refusals == 1
        assert [m.text for m in limited.messages(1)] == ["one", "two"]
    assert api.flood_refusals == 0


async def test_send_message_records_text_and_buttons(api: BotApiStandin, bot: Bot) -> None:
    sent = await bot.send_message(
        1, "<b>Hi</b> &amp; welcome", parse_mode=ParseMode.HTML, reply_markup=KEYBOARD,
        disable_notification=True,
    )  # fmt: skip
    # PTB parsed the response into a real Message.
    assert sent.text == "Hi & welcome"
    assert sent.entities[0].type == "bold"
    assert sent.reply_markup == KEYBOARD
    assert sent.from_user is not None
    assert sent.from_user.id == api.bot_id
    assert sent.chat.type == "private"

    last = api.last_message(1)
    assert last.message_id == sent.message_id
    assert last.text == "<b>Hi</b> &amp; welcome"
    assert last.plain_text == "Hi & welcome"
    assert last.parse_mode == "HTML"
    assert last.disable_notification is True
    assert last.buttons == [[("Yes", "yes"), ("No", "no")]]
    assert await api.next_message(1) is last


async def test_send_rejections_match_telegram(api: BotApiStandin, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(999, "hello")
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities: unsupported start tag"):
        await bot.send_message(1, "1 < 2", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities: character '\.' is reserved"):
        await bot.send_message(1, "Done.", parse_mode=ParseMode.MARKDOWN_V2)
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(1, "x" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(
            1, "hi", reply_markup=InlineKeyboardMarkup.from_button(
                InlineKeyboardButton("long", callback_data="x" * 65)
            ),
        )  # fmt: skip
    ok = await bot.send_message(1, r"*Done* \. _really_", parse_mode=ParseMode.MARKDOWN_V2)
    assert ok.text == "Done . really"
    assert [e.type for e in ok.entities] == ["bold", "italic"]
    assert [m.plain_text for m in api.messages(1)] == ["Done . really"]


async def test_edit_message(api: BotApiStandin, bot: Bot) -> None:
    sent = await bot.send_message(1, "Question?", reply_markup=KEYBOARD)
    edited = await bot.edit_message_text("Answered", chat_id=1, message_id=sent.message_id)
    assert isinstance(edited, type(sent))
    assert edited.edit_date is not None
    message = api.message(1, sent.message_id)
    assert (message.text, message.edited, message.edit_count) == ("Answered", True, 1)
    assert message.buttons == []  # editing text without reply_markup drops the keyboard

    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("Answered", chat_id=1, message_id=sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", chat_id=1, message_id=4242)

    await bot.edit_message_reply_markup(1, sent.message_id, reply_markup=KEYBOARD)
    assert message.callback_data == ["yes", "no"]
    assert await bot.delete_message(1, sent.message_id)
    assert message.deleted
    assert api.messages(1) == []
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(1, sent.message_id)


async def test_upload_and_download_files(api: BotApiStandin, bot: Bot) -> None:
    sent = await bot.send_document(1, document=b"col1,col2\n", filename="export.csv")
    assert sent.document is not None
    assert sent.document.file_name == "export.csv"
    upload = api.last_message(1).upload
    assert upload is not None
    assert (upload.filename, upload.content) == ("export.csv", b"col1,col2\n")
    assert api.uploads == [upload]

    file = await bot.get_file(sent.document.file_id)
    assert await file.download_as_bytearray() == bytearray(b"col1,col2\n")

    photo = await bot.send_photo(
        1, photo=b"\xff\xd8photo", caption="<i>look</i>", parse_mode="HTML"
    )
    assert photo.caption == "look"
    assert len(photo.photo) == 3
    assert api.last_message(1).kind == "photo"
    assert api.last_message(1).caption == "<i>look</i>"

    stored = api.register_file(b"from the user", file_path="voice", ext="oga")
    voice_file = await bot.get_file(stored.file_id)
    assert voice_file.file_path is not None
    assert voice_file.file_path.endswith(stored.file_path)
    assert await voice_file.download_as_bytearray() == bytearray(b"from the user")
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await bot.get_file("nope")


async def test_bot_settings(api: BotApiStandin, bot: Bot) -> None:
    assert await bot.set_my_commands([BotCommand("start", "Begin"), BotCommand("help", "Help")])
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    assert [c["command"] for c in api.commands()] == ["start", "help"]
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Bad-Command", "x")])
    assert await bot.set_my_description("Long description")
    assert await bot.set_my_short_description("Short")
    assert (api.descriptions[""], api.short_descriptions[""]) == ("Long description", "Short")
    assert (await bot.get_my_description()).description == "Long description"
    assert await bot.send_chat_action(1, "typing")
    assert api.chat_actions(1) == ["typing"]
    assert await bot.delete_webhook()
    info = await bot.get_webhook_info()
    assert info.url == ""


# ------------------------------------------------------------------ errors and faults


async def test_flood_control_surfaces_as_retry_after(
    api: BotApiStandin, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    api.fail_next("sendMessage", error_code=429, retry_after=3)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(1, "hi")
    assert caught.value.retry_after == dtm.timedelta(seconds=3)
    failed = api.calls_to("sendMessage")[-1]
    assert failed.status == 429
    assert failed.response["parameters"] == {"retry_after": 3}
    assert failed.description == "Too Many Requests: retry after 3"
    await bot.send_message(1, "second try works")
    assert api.last_message(1).text == "second try works"


async def test_blocked_user_and_server_errors(api: BotApiStandin, bot: Bot) -> None:
    api.block(1)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(1, "hi")
    api.unblock(1)
    await bot.send_message(1, "hi again")

    api.user(2)
    api.fail_next("sendMessage", error_code=500, count=2, chat_id=2)
    await bot.send_message(1, "other chats are unaffected")
    for _ in range(2):
        with pytest.raises(NetworkError, match="Internal Server Error"):
            await bot.send_message(2, "x")
    api.fail_next("sendMessage", error_code=502)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(2, "x")
    api.fail_next("sendMessage", error_code=403)
    with pytest.raises(Forbidden):
        await bot.send_message(2, "x")
    await bot.send_message(2, "finally")
    assert [m.text for m in api.messages(2)] == ["finally"]


async def test_wait_for_timeout_explains_what_happened(api: BotApiStandin, bot: Bot) -> None:
    await bot.send_message(1, "the only message")
    await api.next_message(1)
    with pytest.raises(AssertionError, match="a new bot message in chat 1") as caught:
        await api.next_message(1, timeout=0.05)
    assert "sendMessage(chat_id=1, text='the only message') -> ok" in str(caught.value)
    await api.assert_no_message(1, within=0.01)


async def test_next_message_cursor_mark_and_click(api: BotApiStandin, bot: Bot) -> None:
    first = await bot.send_message(1, "one", reply_markup=KEYBOARD)
    await bot.send_message(1, "two")
    assert (await api.next_message(1)).text == "one"
    assert (await api.next_message(1)).text == "two"
    await bot.send_message(1, "three")
    api.mark(1)
    await api.assert_no_message(1, within=0.01)
    assert [m.text for m in api.messages(1)] == ["one", "two", "three"]

    query_id = api.click(1, "No", message=api.message(1, first.message_id))
    update = api.pending_updates[-1]
    assert update["callback_query"]["id"] == query_id
    assert update["callback_query"]["data"] == "no"
    assert update["callback_query"]["message"]["reply_markup"] == KEYBOARD.to_dict()
    with pytest.raises(AssertionError, match="no button 'Maybe'"):
        api.click(1, "Maybe", message=api.message(1, first.message_id))
    assert await bot.answer_callback_query(query_id, "ok")
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id, "twice")

    user_msg = api.send_text(1, "a reply", reply_to=first.message_id)
    assert api.user_message(1, user_msg)["reply_to_message"]["text"] == "one"
    answer = await bot.send_message(1, "re", reply_parameters=ReplyParameters(user_msg))
    assert answer.reply_to_message is not None
    assert answer.reply_to_message.text == "a reply"


# ------------------------------------------------------------------ getUpdates / webhook


async def test_long_polling_semantics(api: BotApiStandin, bot: Bot) -> None:
    first = api.send_text(1, "/start")
    updates = await bot.get_updates(timeout=5)
    assert [u.message.text for u in updates if u.message] == ["/start"]
    assert updates[0].message is not None
    assert updates[0].message.entities[0].type == "bot_command"
    assert updates[0].message.message_id == first
    # Not confirmed yet: delivered again; confirming with offset drops it.
    assert len(await bot.get_updates()) == 1
    assert await bot.get_updates(offset=updates[0].update_id + 1) == ()
    assert api.pending_updates == []

    # An empty queue waits until an update arrives.
    started = time.monotonic()
    waiting = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.05)
    assert not waiting.done()
    api.send_text(1, "hello")
    later = await waiting
    assert [u.message.text for u in later if u.message] == ["hello"]
    assert time.monotonic() - started < 1

    # A second concurrent getUpdates terminates the first one, like Telegram. (PTB's Bot never
    # overlaps its own polls, so use two raw clients.)
    assert await bot.get_updates(offset=later[-1].update_id + 1) == ()
    url = f"/bot{api.token}/getUpdates"
    async with (
        httpx.AsyncClient(base_url=api.base_url) as one,
        httpx.AsyncClient(base_url=api.base_url) as two,
    ):
        first_poll = asyncio.create_task(one.post(url, data={"timeout": "5"}))
        await asyncio.sleep(0.05)
        assert (await two.post(url, data={"timeout": "0"})).json() == {"ok": True, "result": []}
        terminated = await first_poll
    assert terminated.status_code == 409
    assert "terminated by other getUpdates request" in terminated.json()["description"]


async def test_stop_releases_pending_long_poll() -> None:
    standin = BotApiStandin()
    await standin.start()
    async with httpx.AsyncClient(base_url=standin.base_url) as client:
        poll = asyncio.create_task(
            client.post(f"/bot{standin.token}/getUpdates", data={"timeout": "30"})
        )
        # Wait until the poll is really waiting in the stand-in (not a fixed sleep: on a busy
        # machine the request can take longer than any guess to arrive).
        await standin.wait_for(
            lambda: standin._poll_generation > 0, description="the long poll to arrive"
        )
        started = time.monotonic()
        await standin.stop()
        response = await poll
    assert response.json() == {"ok": True, "result": []}
    assert time.monotonic() - started < 1


async def test_webhook_delivery(api: BotApiStandin, bot: Bot) -> None:
    received: list[tuple[str | None, dict[str, object]]] = []
    failures = [True]

    async def hook(request: Request) -> Response:
        if failures:
            failures.pop()
            return Response(status_code=500)
        received.append(
            (request.headers.get("x-telegram-bot-api-secret-token"), await request.json())
        )
        return Response()

    async with LocalServer(Starlette(routes=[Route("/hook", hook, methods=["POST"])])) as server:
        assert await bot.set_webhook(f"{server.url}/hook", secret_token="s3cret")
        with pytest.raises(Conflict, match="webhook is active"):
            await bot.get_updates()
        api.send_text(1, "/start")
        await api.wait_for(lambda: received)
        assert received[0][0] == "s3cret"
        assert received[0][1]["message"]["text"] == "/start"  # type: ignore[index]
        assert [d.status_code for d in api.webhook_deliveries] == [500, 200]
        info = await bot.get_webhook_info()
        assert info.url == f"{server.url}/hook"
        assert info.pending_update_count == 0
        assert (
            info.last_error_message == "Wrong response from the webhook: 500 Internal Server Error"
        )
        assert await bot.delete_webhook()


# ------------------------------------------------------------------ a real Application


async def test_application_round_trip(api: BotApiStandin) -> None:
    app = build_app(api)

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text("Twitching now?", reply_markup=KEYBOARD)

    async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("Noted", show_alert=True)
        await query.edit_message_text(f"You said {query.data}")

    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(button))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=dtm.timedelta(seconds=2))
        try:
            api.send_text(1, "/start")
            question = await api.next_message(1)
            assert question.text == "Twitching now?"
            assert question.buttons == [[("Yes", "yes"), ("No", "no")]]

            query_id = api.press(1, question, "yes")
            answer = await api.wait_answered(query_id)
            assert (answer.text, answer.show_alert) == ("Noted", True)
            await api.wait_for(lambda: question.edited)
            assert question.text == "You said yes"
            assert question.buttons == []
            with pytest.raises(AssertionError, match="no button with callback_data='no'"):
                api.press(1, question, "no")
        finally:
            await app.updater.stop()
            await app.stop()
    assert api.pending_updates == []


async def test_application_receives_every_update_kind(api: BotApiStandin) -> None:
    app = build_app(api)
    seen: list[str] = []
    statuses: list[str] = []
    downloads: list[bytes] = []

    async def on_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None
        if message.photo:
            file = await message.photo[-1].get_file()
            downloads.append(bytes(await file.download_as_bytearray()))
        kinds = ("text", "sticker", "photo", "voice", "location")
        seen.append(next(k for k in kinds if getattr(message, k)) + f"@{message.chat.type}")

    async def on_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert isinstance(update.my_chat_member, ChatMemberUpdated)
        statuses.append(update.my_chat_member.new_chat_member.status)

    app.add_handler(MessageHandler(filters.ALL, on_message))
    app.add_handler(ChatMemberHandler(on_member, ChatMemberHandler.MY_CHAT_MEMBER))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=dtm.timedelta(seconds=2))
        try:
            api.send_text(1, "hello")
            api.send_sticker(1)
            api.send_photo(1, b"jpeg-bytes")
            api.send_voice(1)
            api.send_location(1, 52.5, 13.4)
            api.send_group_text(-100, 1, "hi group")
            api.block(1)
            api.unblock(1)
            await api.wait_for(lambda: len(seen) == 6 and len(statuses) == 2)
        finally:
            await app.updater.stop()
            await app.stop()
    assert seen == [
        "text@private",
        "sticker@private",
        "photo@private",
        "voice@private",
        "location@private",
        "text@group",
    ]
    assert statuses == ["kicked", "member"]
    assert downloads == [b"jpeg-bytes"]
