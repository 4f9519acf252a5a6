"""/start onboarding (disclaimer + consent, country, timezone), /help, /privacy, /delete."""

from __future__ import annotations

import logging
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.domain import language
from bot.domain.countries import country as country_of
from bot.domain.countries import emergency_number, likely_countries
from bot.domain.language import _
from bot.domain.model import UserProfile
from bot.tg import callbacks as cb
from bot.tg import keyboards, texts
from bot.tg.context import BotContext
from bot.tg.handlers.common import (
    edit_or_send,
    expired,
    message_of,
    number_for,
    query_of,
    user_id_of,
)
from bot.tg.markup import escape
from bot.tg.screens import intro, settings_keyboard, settings_text

log = logging.getLogger(__name__)
PRIVATE = filters.ChatType.PRIVATE


async def start(update: Update, context: BotContext) -> None:
    user_id = user_id_of(update)
    message = message_of(update)
    profile = await context.services.users.seen(user_id)
    if profile is None or not profile.onboarded:
        await message.reply_text(intro(profile), reply_markup=keyboards.consent())
        return
    if profile.country is None:
        await message.reply_text(_(texts.ASK_COUNTRY), reply_markup=_countries(update))
        return
    if profile.timezone is None:
        await message.reply_text(
            _(texts.ASK_TIMEZONE), reply_markup=keyboards.zones(country_of(profile.country))
        )
        return
    await message.reply_text(_(texts.WELCOME_BACK), reply_markup=keyboards.main_actions())


async def onboarding_button(update: Update, context: BotContext) -> None:
    query = query_of(update)
    user_id = user_id_of(update)
    users = context.services.users
    match cb.Onboarding.parse(query.data):
        case cb.ObLanguages():
            await query.answer()
            await edit_or_send(
                query, escape(_(texts.ASK_LANGUAGE)), keyboards.languages(cb.ObLanguage)
            )
        case cb.ObLanguage(code=code) if language.supported(code) is not None:
            language.activate(code)  # nothing is stored before consent: the buttons carry it
            await query.answer()
            profile = await users.get(user_id)
            await edit_or_send(query, intro(profile), keyboards.consent())
        case cb.ObMinor():
            await query.answer()
            await edit_or_send(query, _(texts.UNDER_18))
        case cb.ObConsent(shown_in=shown_in):
            chosen = language.supported(shown_in) if shown_in is not None else None
            if chosen is not None:
                language.activate(chosen)
            await users.consent(user_id, language.current())
            await query.answer(_(texts.TOAST_THANK_YOU))
            await edit_or_send(query, _(texts.ASK_COUNTRY), _countries(update))
        case cb.ObCountryPage(page=page) if page < keyboards.country_pages():
            await query.answer()
            await edit_or_send(query, _(texts.ASK_COUNTRY), keyboards.countries(page))
        case cb.ObCountry(code=code) if country_of(code) is not None:
            profile = await users.set_country(user_id, code)
            if profile is None:
                await _expired(update)
                return
            await query.answer(_(texts.EMERGENCY_NUMBER).format(number=emergency_number(code)))
            if profile.timezone is None:
                await edit_or_send(query, _(texts.ASK_TIMEZONE), keyboards.zones(country_of(code)))
            else:  # a change from /settings: back to the settings, not the onboarding end
                await edit_or_send(query, settings_text(profile), settings_keyboard(profile))
        case cb.ObZone(country=code, index=index) if _zone_at(code, index) is not None:
            # The zone and the nudges moved to its waking hours, in one transaction.
            profile = await context.services.reminders.set_timezone(
                user_id, _zone_at(code, index) or ""
            )
            if profile is None:
                await _expired(update)
                return
            await query.answer(_(texts.TOAST_SAVED))
            await _all_set(update, profile)
        case cb.ObZoneByLocation():
            if await users.await_timezone(user_id) is None:
                await _expired(update)
                return
            await query.answer()
            if query.message is not None:
                await query.message.chat.send_message(
                    _(texts.TIMEZONE_HOW), reply_markup=keyboards.location()
                )
        case cb.ObZoneTyped():
            if await users.await_timezone(user_id) is None:
                await _expired(update)
                return
            await query.answer()
            await edit_or_send(query, _(texts.TYPE_TIMEZONE))
        case _:
            await _expired(update)


def _countries(update: Update) -> InlineKeyboardMarkup:
    user = update.effective_user
    return keyboards.countries(likely=likely_countries(user.language_code if user else None))


def _zone_at(code: str, index: int) -> str | None:
    found = country_of(code)
    if found is None or index >= len(found.zones):
        return None
    return found.zones[index]


async def _all_set(update: Update, profile: UserProfile) -> None:
    query = update.callback_query
    text = _(texts.ALL_SET).format(
        number=escape(number_for(profile)), zone=escape(profile.timezone or "")
    )
    if query is not None:
        await edit_or_send(query, text, keyboards.main_actions())
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text, reply_markup=keyboards.main_actions())


async def _expired(update: Update) -> None:
    query = update.callback_query
    if query is not None:
        await query.answer(expired(), show_alert=True)


async def help_command(update: Update, context: BotContext) -> None:
    profile = await context.services.users.seen(user_id_of(update))
    text = _(texts.HELP).format(number=escape(number_for(profile)))
    if update.callback_query is not None:
        await update.callback_query.answer()
    if update.effective_message is not None:
        await update.effective_message.reply_text(text, reply_markup=keyboards.main_actions())


async def privacy(update: Update, _context: BotContext) -> None:
    if update.effective_message is not None:
        await update.effective_message.reply_text(_(texts.PRIVACY))


async def delete(update: Update, context: BotContext) -> None:
    message = message_of(update)
    if await context.services.users.get(user_id_of(update)) is None:
        await message.reply_text(_(texts.NOTHING_STORED))
        return
    await message.reply_text(_(texts.CONFIRM_DELETE), reply_markup=keyboards.confirm_delete())


async def delete_button(update: Update, context: BotContext) -> None:
    query = query_of(update)
    match cb.Delete.parse(query.data):
        case cb.Delete(answer="yes"):
            await context.services.users.erase(user_id_of(update))
            await query.answer(_(texts.TOAST_ERASED))
            await edit_or_send(query, _(texts.DELETED))
        case cb.Delete(answer="no"):
            await query.answer()
            await edit_or_send(query, _(texts.DELETE_KEPT))
        case _:
            await _expired(update)


def handlers() -> list[tuple[int, BaseHandler[Any, Any, Any]]]:
    return [
        (0, CommandHandler("start", start, filters=PRIVATE)),
        (0, CommandHandler("help", help_command, filters=PRIVATE)),
        (0, CommandHandler("privacy", privacy, filters=PRIVATE)),
        (0, CommandHandler("delete", delete, filters=PRIVATE)),
        (0, CallbackQueryHandler(onboarding_button, pattern=cb.Onboarding.pattern())),
        (0, CallbackQueryHandler(help_command, pattern=cb.Help.pattern())),
        (0, CallbackQueryHandler(delete_button, pattern=cb.Delete.pattern())),
    ]
