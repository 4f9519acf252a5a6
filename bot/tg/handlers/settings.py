"""/settings: country (emergency number), timezone, waking hours, fluid limit; links /reminders."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.domain.countries import country, emergency_number
from bot.domain.model import UserProfile
from bot.tg import keyboards, texts
from bot.tg.callbacks import decode
from bot.tg.context import BotContext
from bot.tg.handlers import timezone
from bot.tg.handlers.common import edit_or_send, user_id_of
from bot.tg.markup import escape

PRIVATE = filters.ChatType.PRIVATE
FLUIDS = {None: "not asked yet", True: "yes", False: "no"}


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def settings_text(profile: UserProfile) -> str:
    place = country(profile.country)
    return "\n".join(
        [
            "<b>Your settings</b>",
            f"Country: {escape(place.name if place else 'not set')} "
            f"(emergency number: {escape(emergency_number(profile.country))})",
            f"Timezone: {escape(profile.timezone or 'not set')}",
            f"Waking hours: {_hhmm(profile.wake_start)}–{_hhmm(profile.wake_end)}",
            f"A doctor limits how much you drink: {FLUIDS[profile.fluid_limited]}",
        ]
    )


def settings_keyboard(profile: UserProfile) -> InlineKeyboardMarkup:
    b = keyboards.button
    fluid = "no" if profile.fluid_limited else "yes"
    return keyboards.markup(
        [b("🌍 Country", "set", "country"), b("🕒 Timezone", "set", "tz")],
        [b("🕘 Waking hours", "rem", "wake", "set"), b("⏰ Reminders", "rem", "show")],
        [b(f"Fluid limit: set to {fluid}", "set", "fluid", fluid)],
    )


async def settings_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None  # noqa: S101
    profile = await context.services.users.seen(user_id_of(update))
    if profile is None or not profile.onboarded:
        await message.reply_text(texts.NEEDS_START)
        return
    await message.reply_text(settings_text(profile), reply_markup=settings_keyboard(profile))


async def settings_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None  # noqa: S101
    user_id = user_id_of(update)
    match decode(query.data):
        case ("set", "country"):
            await query.answer()
            back = [keyboards.button(texts.BUTTON_BACK_SETTINGS, "set", "show")]
            markup = keyboards.countries()
            rows = [*markup.inline_keyboard, back]
            await edit_or_send(query, texts.ASK_COUNTRY, InlineKeyboardMarkup(rows))
        case ("set", "show"):
            profile = await context.services.users.get(user_id)
            if profile is None:
                await query.answer(texts.EXPIRED, show_alert=True)
                return
            await query.answer()
            await edit_or_send(query, settings_text(profile), settings_keyboard(profile))
        case ("set", "tz"):
            await query.answer()
            await timezone.timezone_command(update, context)
        case ("set", "fluid", answer) if answer in {"yes", "no"}:
            profile = await context.services.users.set_fluid_limit(user_id, answer == "yes")
            if profile is None:
                await query.answer(texts.EXPIRED, show_alert=True)
                return
            await query.answer("Saved")
            await edit_or_send(query, settings_text(profile), settings_keyboard(profile))
        case _:
            await query.answer(texts.EXPIRED, show_alert=True)


def handlers() -> list[tuple[int, BaseHandler[Any, Any, Any]]]:
    return [
        (0, CommandHandler("settings", settings_command, filters=PRIVATE)),
        (0, CallbackQueryHandler(settings_button, pattern=r"^k1:set:")),
    ]
