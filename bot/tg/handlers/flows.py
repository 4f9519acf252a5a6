"""Conversation steps that more than one handler module takes (this module registers no
handlers): the timezone question and its typed answer, a twitch described in words, /cancel of
a triage, a ticked red flag's advice. Handler modules import this and ``common``, never each
other."""

from __future__ import annotations

from telegram import ReplyKeyboardRemove, Update

from bot import l10n
from bot.domain import freetext as ft
from bot.domain.language import _
from bot.domain.model import Urgency, UserProfile
from bot.services import places
from bot.tg import callbacks as cb
from bot.tg import keyboards, render, texts
from bot.tg.context import BotContext
from bot.tg.handlers.common import ask_to_start, chat_of, message_of, number_for, user_id_of
from bot.tg.markup import escape
from bot.tg.render import w

# --- the timezone -------------------------------------------------------------------------------


async def timezone_command(update: Update, context: BotContext) -> None:
    """/timezone, and "Timezone" in /settings: the question (or the answer typed with it)."""
    message = message_of(update)
    if await context.services.users.await_timezone(user_id_of(update)) is None:
        await ask_to_start(update)
        return
    if context.args:  # "/timezone Berlin": the answer came with the command
        await typed_timezone(update, context, " ".join(context.args))
        return
    await message.reply_text(_(texts.TIMEZONE_HOW), reply_markup=keyboards.location())


async def save_timezone(update: Update, context: BotContext, zone: str) -> None:
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


async def typed_timezone(update: Update, context: BotContext, text: str) -> None:
    """Typed while the bot waits for a timezone (after /timezone or during onboarding)."""
    chat = chat_of(update)
    found = await places.lookup(text)
    if found is None:
        profile = await context.services.users.get(user_id_of(update))
        await chat.send_message(f"{_(texts.BAD_TIMEZONE)}\n\n{render.safety_line(profile)}")
    elif isinstance(found, str):
        await save_timezone(update, context, found)
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
    return _(texts.PLACE_AND_PEOPLE).format(
        place=place.label, thousands=l10n.number(place.population // 1000)
    )


# --- the triage ---------------------------------------------------------------------------------


async def level_advice(update: Update, level: Urgency, profile: UserProfile | None) -> None:
    chat = update.effective_chat
    if chat is not None:
        await chat.send_message(render.level_only(level, profile))


async def offer_triage(update: Update, text: str) -> bool:
    """A twitch described in words: offer to log it. True if offered."""
    chat = update.effective_chat
    if chat is None or not ft.read(text).twitch:
        return False
    await chat.send_message(
        w("free_text.offer_triage"),
        reply_markup=keyboards.markup(
            [keyboards.button(_(texts.BUTTON_TWITCH), cb.TwitchStart("new"))]
        ),
    )
    return True


async def cancel_triage(update: Update, context: BotContext) -> bool:
    """/cancel during a triage; True if there was one (its pending level gets advice)."""
    state = await context.services.triage.cancel(user_id_of(update))
    if state is None:
        return False
    chat = chat_of(update)
    await chat.send_message(_(texts.TRIAGE_CANCELLED))
    if state.pending_level is not None:
        profile = await context.services.users.get(user_id_of(update))
        await level_advice(update, state.pending_level, profile)
    return True
