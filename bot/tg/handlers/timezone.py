"""/timezone: a shared location, a city, a zone name or a UTC offset."""

from __future__ import annotations

from typing import Any

from telegram import KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot import l10n
from bot.domain.language import N_, _
from bot.services import places
from bot.tg import callbacks as cb
from bot.tg import keyboards, render, texts
from bot.tg.context import BotContext
from bot.tg.handlers.common import (
    ask_to_start,
    chat_of,
    edit_or_send,
    expired,
    message_of,
    number_for,
    query_of,
    user_id_of,
)
from bot.tg.markup import escape

PRIVATE = filters.ChatType.PRIVATE
LOCATION_BUTTON = N_("📍 Share my location")


async def timezone_command(update: Update, context: BotContext) -> None:
    message = message_of(update)
    if await context.services.users.await_timezone(user_id_of(update)) is None:
        await ask_to_start(update)
        return
    if context.args:  # "/timezone Berlin": the answer came with the command
        await typed(update, context, " ".join(context.args))
        return
    await message.reply_text(_(texts.TIMEZONE_HOW), reply_markup=location_keyboard())


def location_keyboard() -> ReplyKeyboardMarkup:
    """The one button that shares a location (Telegram puts it under the typing field)."""
    return ReplyKeyboardMarkup(
        [[KeyboardButton(_(LOCATION_BUTTON), request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


async def _saved(update: Update, context: BotContext, zone: str) -> None:
    user_id = user_id_of(update)
    profile = await context.services.reminders.set_timezone(user_id, zone)
    chat = chat_of(update)
    if profile is None:
        await chat.send_message(_(texts.BAD_TIMEZONE), reply_markup=ReplyKeyboardRemove())
        return
    if profile.country is None:
        await chat.send_message(_(texts.ASK_COUNTRY), reply_markup=keyboards.countries())
        return
    # The location keyboard goes away with a short confirmation; "All set" then carries the
    # buttons its "tap below" promises.
    await chat.send_message(_(texts.TIMEZONE_SAVED), reply_markup=ReplyKeyboardRemove())
    done = _(texts.ALL_SET).format(number=escape(number_for(profile)), zone=escape(zone))
    await chat.send_message(done, reply_markup=keyboards.main_actions())


async def typed(update: Update, context: BotContext, text: str) -> None:
    """Typed while the bot waits for a timezone (after /timezone or during onboarding)."""
    chat = chat_of(update)
    found = await places.lookup(text)
    if found is None:
        profile = await context.services.users.get(user_id_of(update))
        await chat.send_message(f"{_(texts.BAD_TIMEZONE)}\n\n{render.safety_line(profile)}")
    elif isinstance(found, str):
        await _saved(update, context, found)
    else:
        labels = [p.label for p in found]
        buttons = [
            # Namesakes that still read alike are told apart by size (issue 12).
            [keyboards.button(_told_apart(p, labels), cb.PlaceCandidate(p.id))]
            for p in found
        ]
        await chat.send_message(_(texts.WHICH_PLACE), reply_markup=keyboards.markup(*buttons))


def _told_apart(place: places.Place, labels: list[str]) -> str:
    if labels.count(place.label) < 2:
        return place.label
    return _("{place}, {thousands}k people").format(
        place=place.label, thousands=l10n.number(place.population // 1000)
    )


async def location(update: Update, context: BotContext) -> None:
    message = message_of(update)
    profile = await context.services.users.get(user_id_of(update))
    if profile is None or not profile.onboarded:
        await ask_to_start(update)
        return
    if message.location is None:
        return
    zone = await places.zone_at(message.location.latitude, message.location.longitude)
    if zone is None:
        await message.reply_text(_(texts.BAD_TIMEZONE))
        return
    await _saved(update, context, zone)


async def candidate(update: Update, context: BotContext) -> None:
    query = query_of(update)
    tapped = cb.PlaceCandidate.parse(query.data)
    found = await places.place(tapped.place_id) if tapped is not None else None
    if found is None:
        await query.answer(expired(), show_alert=True)
        return
    await query.answer(_("Saved"))
    await edit_or_send(query, f"{escape(found.name)}, {escape(found.country)}")
    await _saved(update, context, found.zone)


async def other_command(update: Update, context: BotContext) -> None:
    """Any other command ends a waiting timezone question (a later "utc+5" is not an answer)."""
    await context.services.users.stop_awaiting(user_id_of(update), only_if_waiting=True)


QUESTION_ENDS_GROUP = -2  # before the red-flag reader (-1) and every feature (0)
KEEPS_QUESTION = filters.Regex(r"^/(timezone|cancel)(@\w+)?(\s|$)")


def handlers() -> list[tuple[int, BaseHandler[Any, Any, Any]]]:
    return [
        (
            QUESTION_ENDS_GROUP,
            MessageHandler(
                PRIVATE & filters.UpdateType.MESSAGE & filters.COMMAND & ~KEEPS_QUESTION,
                other_command,
            ),
        ),
        (0, CommandHandler("timezone", timezone_command, filters=PRIVATE)),
        (0, MessageHandler(PRIVATE & filters.LOCATION, location)),
        (0, CallbackQueryHandler(candidate, pattern=cb.PlaceCandidate.pattern())),
    ]
