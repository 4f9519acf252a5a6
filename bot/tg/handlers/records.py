"""/history (episodes, the 30-day picture, buttons per open episode), /report (PDF), /export (zip).

Buttons carry ``hi:<action>:<episode id>``; anything else, or an episode that is not the user's
own open one any more, is answered "This has expired. Send /history to start again." and changes
nothing.
"""

from __future__ import annotations

import logging
from typing import Any, Final

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ChatAction
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.domain.language import _
from bot.domain.model import EpisodeRecord, Urgency
from bot.reports import day_label, file_name, lasted_words, level_label, side_words, user_zone
from bot.services.records import HistoryEntry, HistoryView, RecordsService
from bot.tg import callbacks as cb
from bot.tg import keyboards, texts
from bot.tg.context import BotContext
from bot.tg.handlers.common import (
    ask_to_start,
    chat_of,
    edit_or_send,
    expired,
    query_of,
    user_id_of,
)
from bot.tg.markup import escape
from bot.tg.render import w

log = logging.getLogger(__name__)
PRIVATE = filters.ChatType.PRIVATE

LEVEL_MARKS: Final = {
    Urgency.EMERGENCY: "🚨",
    Urgency.URGENT_TODAY: "🟠",
    Urgency.SEE_GP: "🟡",
    Urgency.SELF_CARE: "🟢",
}


def _service(context: BotContext) -> RecordsService:
    return context.services.records


# --- rendering ----------------------------------------------------------------------------------


def _entry_text(entry: HistoryEntry, view: HistoryView) -> str:
    uk = view.profile.country == "GB"
    lasted = lasted_words(entry.lasted)
    if entry.open:
        lasted = _(texts.HISTORY_SO_FAR).format(lasted=lasted)
    day = escape(day_label(entry.logged_on, view.today))
    first = f"<b>{day}</b> · {escape(side_words(entry.side))} · {escape(lasted)}"
    level = f"{LEVEL_MARKS[entry.level]} {escape(level_label(entry.level, uk=uk))}"
    if entry.open:
        status = [_(texts.HISTORY_ONGOING)]
    elif entry.closed_on is not None:
        status = [_(texts.HISTORY_STOPPED_ON).format(day=day_label(entry.closed_on, view.today))]
    else:
        status = [_(texts.HISTORY_STOPPED)]
    if entry.booked_on is not None:
        status.append(
            _(texts.HISTORY_BOOKED_ON).format(day=day_label(entry.booked_on, view.today))
        )
    if entry.seen_on is not None:
        status.append(_(texts.HISTORY_SEEN_ON).format(day=day_label(entry.seen_on, view.today)))
    worst = (
        ""
        if entry.worst_intensity is None
        else _(texts.HISTORY_WORST).format(intensity=entry.worst_intensity) + " · "
    )
    return f"{first}\n{escape(worst)}{level} · {escape(', '.join(status))}"


def history_text(view: HistoryView) -> str:
    if not view.entries:
        return escape(_(texts.HISTORY_EMPTY))
    parts = [_(texts.HISTORY_TITLE), *(_entry_text(e, view) for e in view.entries)]
    if view.total > len(view.entries):
        parts.append(
            escape(_(texts.HISTORY_MORE).format(shown=len(view.entries), total=view.total))
        )
    parts.append(escape(_(texts.HISTORY_FOOTNOTE)))
    return "\n\n".join(parts)


def history_keyboard(view: HistoryView) -> InlineKeyboardMarkup | None:
    if not view.entries:
        return keyboards.markup([keyboards.button(_(texts.BUTTON_TWITCH), cb.TwitchStart("new"))])
    rows: list[list[InlineKeyboardButton]] = []
    several = len(view.open_entries) > 1
    for entry in view.open_entries:
        prefix = f"{day_label(entry.logged_on, view.today)}: " if several else ""

        def b(
            label: str, action: cb.HistoryVerb, entry: HistoryEntry = entry, prefix: str = prefix
        ) -> InlineKeyboardButton:
            return keyboards.button(prefix + label, cb.HistoryAction(action, entry.id))

        first = []
        if entry.booked_on is None and entry.seen_on is None:
            first.append(b(_(texts.BUTTON_BOOKED), "booked"))
        if entry.seen_on is None:
            first.append(b(_(texts.BUTTON_SEEN), "seen"))
        rows += [
            first,
            [b(_(texts.BUTTON_STOPPED), "stop")],
            [b(_(texts.BUTTON_DELETE_EPISODE), "del")],
        ]
    return keyboards.markup(*rows) if rows else None


def confirm_keyboard(episode_id: int) -> InlineKeyboardMarkup:
    return keyboards.markup(
        [
            keyboards.button(
                _(texts.BUTTON_DELETE_EPISODE_YES), cb.HistoryAction("delyes", episode_id)
            )
        ],
        [keyboards.button(_(texts.BUTTON_KEEP), cb.HistoryAction("delno", episode_id))],
    )


# --- handlers -----------------------------------------------------------------------------------


async def history(update: Update, context: BotContext) -> None:
    chat = chat_of(update)
    user_id = user_id_of(update)
    service = _service(context)
    view = await service.history(user_id)
    if view is None:
        await ask_to_start(update)
        return
    await chat.send_message(history_text(view), reply_markup=history_keyboard(view))
    if not view.entries:
        return
    await chat.send_action(ChatAction.UPLOAD_PHOTO)
    picture = await service.chart_picture(user_id)
    if picture is not None:
        await chat.send_photo(
            InputFile(picture.png, filename=f"last-{picture.days}-days.png"),
            caption=escape(_(texts.CHART_CAPTION).format(days=picture.days)),
        )


async def report(update: Update, context: BotContext) -> None:
    chat = chat_of(update)
    user_id = user_id_of(update)
    profile = await context.services.users.seen(user_id)
    if profile is None:
        await ask_to_start(update)
        return
    await chat.send_action(ChatAction.UPLOAD_DOCUMENT)
    found = await _service(context).report_with_summary(user_id)
    if found is None:
        await chat.send_message(escape(_(texts.REPORT_NOTHING)))
        return
    name = file_name("summary", "pdf", context.services.clock.now(), user_zone(profile.timezone))
    await chat.send_document(
        InputFile(found.pdf, filename=name), caption=escape(_(texts.REPORT_CAPTION))
    )
    await chat.send_message(escape(found.summary))


async def export(update: Update, context: BotContext) -> None:
    chat = chat_of(update)
    user_id = user_id_of(update)
    profile = await context.services.users.seen(user_id)
    if profile is None:
        await chat.send_message(_(texts.NOTHING_STORED))
        return
    await chat.send_action(ChatAction.UPLOAD_DOCUMENT)
    archive = await _service(context).export(user_id)
    if archive is None:  # erased in between
        await chat.send_message(_(texts.NOTHING_STORED))
        return
    name = file_name("data", "zip", context.services.clock.now(), user_zone(profile.timezone))
    await chat.send_document(
        InputFile(archive, filename=name), caption=escape(_(texts.EXPORT_CAPTION))
    )


async def history_button(update: Update, context: BotContext) -> None:
    query = query_of(update)
    tapped = cb.HistoryAction.parse(query.data)
    if tapped is None or tapped.episode_id < 1:
        await query.answer(expired("/history"), show_alert=True)
        return
    action, episode_id = tapped.action, tapped.episode_id
    user_id = user_id_of(update)
    service = _service(context)
    done: EpisodeRecord | bool | None
    match action:
        case "booked" | "ebooked":
            done = await service.mark_booked(user_id, episode_id)
            toast = _(texts.TOAST_BOOKED)
        case "seen" | "eseen":
            done = await service.mark_seen(user_id, episode_id)
            toast = _(texts.TOAST_SEEN)
        case "stop":
            done = await service.close_episode(user_id, episode_id)
            toast = _(texts.TOAST_CLOSED)
        case "del":
            await _confirm_delete(update, service, user_id, episode_id)
            return
        case "delyes":
            done = await service.delete_episode(user_id, episode_id)
            toast = _(texts.TOAST_DELETED)
        case "delno":
            done = await service.open_episode(user_id, episode_id)
            toast = _(texts.TOAST_KEPT)
        case _:
            done = None
            toast = expired("/history")
    if not done:
        await query.answer(expired("/history"), show_alert=True)
        return
    await query.answer(toast)
    if action in ("ebooked", "eseen"):
        # Tapped under a see-a-doctor message: the advice stays, only its buttons go.
        await query.edit_message_reply_markup(reply_markup=None)
        return
    await _refresh(update, service, user_id)
    if action == "stop" and update.effective_chat is not None:
        await update.effective_chat.send_message(w("closing"))


async def _confirm_delete(
    update: Update, service: RecordsService, user_id: int, episode_id: int
) -> None:
    query = query_of(update)
    episode = await service.open_episode(user_id, episode_id)
    view = await service.history(user_id) if episode is not None else None
    if episode is None or view is None:
        await query.answer(expired("/history"), show_alert=True)
        return
    await query.answer()
    tz = user_zone(view.profile.timezone)
    day = day_label(episode.logged_at.astimezone(tz).date(), view.today)
    text = _(texts.CONFIRM_DELETE_EPISODE).format(day=day, side=side_words(episode.side))
    await edit_or_send(query, escape(text), confirm_keyboard(episode_id))


async def _refresh(update: Update, service: RecordsService, user_id: int) -> None:
    """Show the list again, as it is now, in the same message."""
    query = query_of(update)
    view = await service.history(user_id)
    if view is None:
        await edit_or_send(query, escape(expired("/history")))
        return
    await edit_or_send(query, history_text(view), history_keyboard(view))


def handlers() -> list[tuple[int, BaseHandler[Any, Any, Any]]]:
    return [
        (0, CommandHandler("history", history, filters=PRIVATE)),
        (0, CommandHandler("report", report, filters=PRIVATE)),
        (0, CommandHandler("export", export, filters=PRIVATE)),
        (0, CallbackQueryHandler(history_button, pattern=cb.HistoryAction.pattern())),
    ]
