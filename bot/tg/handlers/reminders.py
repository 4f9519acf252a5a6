"""/reminders and the buttons on reminders: turn on, change, pause, Done/Snooze."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot import l10n
from bot.domain.countries import country as country_of
from bot.domain.language import _
from bot.domain.model import UserProfile
from bot.domain.timezones import zone
from bot.services.reminders import Overview
from bot.tg import callbacks as cb
from bot.tg import keyboards, texts
from bot.tg.context import BotContext
from bot.tg.handlers.common import (
    ask_to_start,
    edit_or_send,
    expired,
    message_of,
    query_of,
    user_id_of,
)
from bot.tg.markup import escape, message_html
from bot.tg.render import w
from bot.tg.screens import hhmm, settings_keyboard, settings_text

PRIVATE = filters.ChatType.PRIVATE
WAKE_STARTS = (6, 7, 8, 9, 10, 11)
WAKE_ENDS = (20, 21, 22, 23, 24, 25)  # 24 and 25 are 00:00 and 01:00
STRETCH_CHOICES = ("08:00", "12:00", "18:00", "20:00", "08:00 + 18:00", "12:00 + 20:00")
b_ = keyboards.button


def _wake_markup(
    choices: list[InlineKeyboardButton], origin: cb.FromSettings | None
) -> InlineKeyboardMarkup:
    rows = keyboards.rows(choices, 3)
    if origin:
        rows.append([b_(_(texts.BUTTON_BACK_SETTINGS), cb.SetShow())])
    return keyboards.markup(*rows)


def _local(due: datetime, profile: UserProfile, now: datetime) -> str:
    if profile.timezone is None:
        return f"{l10n.weekday(due)} {due:%H:%M} UTC"
    tz = zone(profile.timezone)
    local = due.astimezone(tz)
    if local.date() == now.astimezone(tz).date():
        return _(texts.REMINDERS_TODAY_AT).format(time=f"{local:%H:%M}")
    return f"{l10n.weekday(local)} {l10n.day_month(local)} {local:%H:%M}"


def overview_text(view: Overview, now: datetime) -> str:
    p = view.profile
    lines = [_(texts.REMINDERS_TITLE)]
    if p.hydration_on:
        lines.append(
            _(texts.REMINDERS_WATER).format(
                count=p.hydration_per_day, start=hhmm(p.wake_start), end=hhmm(p.wake_end)
            )
        )
    if p.stretch_on:
        lines.append(_(texts.REMINDERS_STRETCH).format(times=", ".join(p.stretch_times)))
    if not (p.hydration_on or p.stretch_on):
        lines.append(_(texts.REMINDERS_OFF))
    if p.timezone is None:
        lines.append(_(texts.REMINDERS_NEED_TIMEZONE))
    if view.paused_today:
        lines.append(_(texts.REMINDERS_PAUSED))
    if view.upcoming:
        lines.append("\n" + _(texts.REMINDERS_NEXT))
        lines += [
            f"{_(texts.REMINDER_KINDS[u.kind])}: {_local(u.due_at, p, now)}"
            for u in view.upcoming[:6]
        ]
    zone_name = escape(p.timezone) if p.timezone else _(texts.NOT_SET)
    lines.append("\n" + _(texts.REMINDERS_TIMEZONE).format(zone=zone_name))
    return "\n".join(lines)


def overview_keyboard(view: Overview) -> InlineKeyboardMarkup:
    p = view.profile
    b = keyboards.button
    rows = []
    if p.hydration_on or p.stretch_on:
        rows.append(
            [
                # The count is in the panel's text: no label that looks like a button (issue 12).
                b(_(texts.BUTTON_FEWER), cb.RemHydration("down")),
                b(_(texts.BUTTON_MORE_WATER), cb.RemHydration("up")),
            ]
        )
        rows.append(
            [b(_(texts.BUTTON_RESUME), cb.RemResume())]
            if view.paused_today
            else [b(_(texts.BUTTON_PAUSE_TODAY), cb.RemPause())]
        )
        rows.append(
            [
                b(_(texts.BUTTON_WAKING_HOURS), cb.RemWake()),
                b(_(texts.BUTTON_STRETCH_TIME), cb.RemStretch()),
            ]
        )
        rows.append([b(_(texts.BUTTON_REMINDERS_OFF), cb.RemOff())])
    else:
        rows.append([b(_(texts.BUTTON_REMINDERS_ON), cb.RemOn())])
    return InlineKeyboardMarkup(rows)


async def reminders_command(update: Update, context: BotContext) -> None:
    message = message_of(update)
    view = await context.services.reminders.overview(user_id_of(update))
    if view is None or not view.profile.onboarded:
        await ask_to_start(update)
        return
    now = context.services.clock.now()
    await message.reply_text(overview_text(view, now), reply_markup=overview_keyboard(view))


Show = Callable[[str, InlineKeyboardMarkup], Awaitable[object]]


def _in_place(query: CallbackQuery) -> Show:
    async def show(text: str, markup: InlineKeyboardMarkup) -> object:
        return await edit_or_send(query, text, markup)

    return show


def _below(query: CallbackQuery) -> Show:
    async def show(text: str, markup: InlineKeyboardMarkup) -> object:
        message = query.message
        if not isinstance(message, Message):
            return await edit_or_send(query, text, markup)
        # Only the pressed button goes: the others under a result stay (issue 12).
        rows = [
            [b for b in row if b.callback_data != query.data]
            for row in (message.reply_markup.inline_keyboard if message.reply_markup else ())
        ]
        kept = InlineKeyboardMarkup([r for r in rows if r]) if any(rows) else None
        await message.get_bot().edit_message_reply_markup(
            message.chat.id, message.message_id, reply_markup=kept
        )
        return await message.get_bot().send_message(message.chat.id, text, reply_markup=markup)

    return show


async def settings_button(update: Update, context: BotContext) -> None:
    query = query_of(update)
    user_id = user_id_of(update)
    service = context.services.reminders
    view: Overview | None
    match cb.Reminders.parse(query.data):
        case cb.RemOn(origin=origin):
            profile = await context.services.users.get(user_id)
            if profile is None:
                await query.answer(expired(), show_alert=True)
                return
            await query.answer()
            # Under a result or a plan: never edited away (issue 12); the question comes new.
            show = _below(query) if origin == "plan" else _in_place(query)
            if profile.timezone is None:
                await show(_(texts.TIMEZONE_FIRST), keyboards.zones(country_of(profile.country)))
                return
            await show(
                w("reminder.fluids_question"),
                keyboards.markup(
                    [keyboards.button(_(texts.BUTTON_YES), cb.RemFluid("yes"))],
                    [keyboards.button(_(texts.BUTTON_NO), cb.RemFluid("no"))],
                ),
            )
            return
        case cb.RemFluid(answer=answer):
            view = await service.enable(user_id, fluid_limited=answer == "yes")
            toast = _(texts.TOAST_REMINDERS_ON)
        case cb.RemOff():
            view = await service.disable(user_id)
            toast = _(texts.TOAST_REMINDERS_OFF)
        case cb.RemPause():
            view = await service.pause_today(user_id)
            toast = _(texts.PAUSED_TODAY)
        case cb.RemResume():
            view = await service.resume(user_id)
            toast = _(texts.TOAST_RESUMED)
        case cb.RemHydration(direction=direction):
            view = await service.step_hydration(user_id, 1 if direction == "up" else -1)
            toast = _(texts.TOAST_SAVED)
        case cb.RemWake(origin=origin):
            # From /settings the question carries its origin and a way back (issue 12).
            await query.answer()
            starts = [b_(f"{h:02d}:00", cb.RemWakeStart(h * 60, origin)) for h in WAKE_STARTS]
            await edit_or_send(query, _(texts.ASK_WAKE), _wake_markup(starts, origin))
            return
        case cb.RemWakeStart(start=start, origin=origin) if start // 60 in WAKE_STARTS:
            await query.answer()
            ends = [
                b_(f"{h % 24:02d}:00", cb.RemWakeEnd(start, (h % 24) * 60, origin))
                for h in WAKE_ENDS
            ]
            await edit_or_send(query, _(texts.ASK_SLEEP), _wake_markup(ends, origin))
            return
        case cb.RemWakeEnd(start=start, end=end, origin=origin) if (
            start // 60 in WAKE_STARTS and end // 60 in {h % 24 for h in WAKE_ENDS}
        ):
            view = await service.change(user_id, wake_start=start, wake_end=end)
            if origin and view is not None:
                # Chosen from /settings: back to the settings, not the reminders panel.
                await query.answer(_(texts.TOAST_SAVED))
                await edit_or_send(
                    query, settings_text(view.profile), settings_keyboard(view.profile)
                )
                return
            toast = _(texts.TOAST_SAVED)
        case cb.RemStretch():
            await query.answer()
            choices = [b_(label, cb.RemStretchPick(i)) for i, label in enumerate(STRETCH_CHOICES)]
            await edit_or_send(
                query, _(texts.ASK_STRETCH), keyboards.markup(*keyboards.rows(choices, 2))
            )
            return
        case cb.RemStretchPick(index=index) if index < len(STRETCH_CHOICES):
            times = STRETCH_CHOICES[index].replace(" + ", ",")
            view = await service.change(user_id, stretch_times=times)
            toast = _(texts.TOAST_SAVED)
        case cb.RemShow():
            view = await service.overview(user_id)
            toast = ""
        case _:
            await query.answer(expired(), show_alert=True)
            return
    if view is None:
        await query.answer(expired(), show_alert=True)
        return
    await query.answer(toast or None)
    now = context.services.clock.now()
    await edit_or_send(query, overview_text(view, now), overview_keyboard(view))


async def reminder_button(update: Update, context: BotContext) -> None:
    """Done / Snooze / Pause on a water or stretch reminder."""
    query = query_of(update)
    tapped = cb.ReminderTap.parse(query.data)
    if tapped is None:
        await query.answer(expired(), show_alert=True)
        return
    response = tapped.response
    kind = await context.services.reminders.respond(
        user_id_of(update), tapped.reminder_id, response
    )
    if kind is None:
        await query.answer(expired(), show_alert=True)
        return
    await query.answer(_(texts.REMINDER_TOASTS[response]))
    message = query.message
    text = message_html(message)
    await edit_or_send(query, f"{text}\n\n<i>{escape(_(texts.REMINDER_TOASTS[response]))}</i>")


def handlers() -> list[tuple[int, BaseHandler[Any, Any, Any]]]:
    return [
        (0, CommandHandler("reminders", reminders_command, filters=PRIVATE)),
        (0, CallbackQueryHandler(settings_button, pattern=cb.Reminders.pattern())),
        (0, CallbackQueryHandler(reminder_button, pattern=cb.ReminderTap.pattern())),
    ]
