"""/settings: country (emergency number), timezone, waking hours, fluid limit; links /reminders."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot import l10n
from bot.domain import language
from bot.domain.countries import country, emergency_number
from bot.domain.language import N_, _
from bot.domain.model import UserProfile
from bot.tg import callbacks as cb
from bot.tg import keyboards, texts
from bot.tg.context import BotContext
from bot.tg.handlers import timezone
from bot.tg.handlers.common import (
    ask_to_start,
    edit_or_send,
    expired,
    message_of,
    query_of,
    user_id_of,
)
from bot.tg.markup import escape

PRIVATE = filters.ChatType.PRIVATE
FLUIDS = {None: N_("not asked yet"), True: N_("yes"), False: N_("no")}


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def settings_text(profile: UserProfile) -> str:
    place = country(profile.country)
    return "\n".join(
        [
            _("<b>Your settings</b>"),
            _("Country: {country} (emergency number: {number})").format(
                country=escape(l10n.country_name(place)) if place else _("not set"),
                number=escape(emergency_number(profile.country)),
            ),
            _("Timezone: {zone}").format(
                zone=escape(profile.timezone) if profile.timezone else _("not set")
            ),
            _("Waking hours: {start}–{end}").format(
                start=_hhmm(profile.wake_start), end=_hhmm(profile.wake_end)
            ),
            _("A doctor limits how much you drink: {answer}").format(
                answer=_(FLUIDS[profile.fluid_limited])
            ),
            _("Language: {name}").format(name=language.NAMES[language.current()]),
        ]
    )


def settings_keyboard(profile: UserProfile) -> InlineKeyboardMarkup:
    b = keyboards.button
    fluid: cb.YesNo = "no" if profile.fluid_limited else "yes"
    return keyboards.markup(
        [b(_("🌍 Country"), cb.SetCountry()), b(_("🕒 Timezone"), cb.SetTimezone())],
        [b(_("🕘 Waking hours"), cb.RemWake("set")), b(_("⏰ Reminders"), cb.RemShow())],
        [
            b(
                _("Fluid limit: set to {answer}").format(answer=_(FLUIDS[fluid == "yes"])),
                cb.SetFluid(fluid),
            )
        ],
        [b(_("🌐 Language"), cb.LanguagePick())],
    )


async def settings_command(update: Update, context: BotContext) -> None:
    message = message_of(update)
    profile = await context.services.users.seen(user_id_of(update))
    if profile is None or not profile.onboarded:
        await ask_to_start(update)
        return
    await message.reply_text(settings_text(profile), reply_markup=settings_keyboard(profile))


async def settings_button(update: Update, context: BotContext) -> None:
    query = query_of(update)
    user_id = user_id_of(update)
    match cb.Settings.parse(query.data):
        case cb.SetCountry():
            await query.answer()
            back = [keyboards.button(_(texts.BUTTON_BACK_SETTINGS), cb.SetShow())]
            markup = keyboards.countries()
            rows = [*markup.inline_keyboard, back]
            await edit_or_send(query, _(texts.ASK_COUNTRY), InlineKeyboardMarkup(rows))
        case cb.SetShow():
            profile = await context.services.users.get(user_id)
            if profile is None:
                await query.answer(expired(), show_alert=True)
                return
            await query.answer()
            await edit_or_send(query, settings_text(profile), settings_keyboard(profile))
        case cb.SetTimezone():
            await query.answer()
            await timezone.timezone_command(update, context)
        case cb.SetFluid(answer=answer):
            profile = await context.services.users.set_fluid_limit(user_id, answer == "yes")
            if profile is None:
                await query.answer(expired(), show_alert=True)
                return
            await query.answer(_("Saved"))
            await edit_or_send(query, settings_text(profile), settings_keyboard(profile))
        case _:
            await query.answer(expired(), show_alert=True)


def handlers() -> list[tuple[int, BaseHandler[Any, Any, Any]]]:
    return [
        (0, CommandHandler("settings", settings_command, filters=PRIVATE)),
        (0, CallbackQueryHandler(settings_button, pattern=cb.Settings.pattern())),
    ]
