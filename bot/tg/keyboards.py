"""Keyboards built from plain choices; every inline button carries a schema (bot.tg.callbacks)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot import l10n
from bot.domain import language, wording
from bot.domain.checkin import STATUS_LABELS
from bot.domain.countries import COUNTRIES, OTHER, Country
from bot.domain.language import _
from bot.tg import callbacks as cb
from bot.tg import texts

COUNTRIES_PER_PAGE = 24
LABEL_SHORT = 24  # a label a phone shows whole in a row of two
LABEL_THIRD = 16  # ... in a row of three


def rows(buttons: Sequence[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]


def flow(buttons: Sequence[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    """Rows of up to ``width`` buttons, fewer where labels are long (another language's names
    run longer): a label over LABEL_SHORT characters gets a row of its own, one over LABEL_THIRD
    shares it with one other at most; so every label shows whole."""

    def most(b: InlineKeyboardButton) -> int:  # the most buttons a row with ``b`` may hold
        return 1 if len(b.text) > LABEL_SHORT else 2 if len(b.text) > LABEL_THIRD else width

    laid: list[list[InlineKeyboardButton]] = []
    for b in buttons:
        row = laid[-1] if laid else []
        if row and len(row) < min(most(b), *(most(x) for x in row)):
            row.append(b)
        else:
            laid.append([b])
    return laid


def markup(*button_rows: Iterable[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([list(r) for r in button_rows if r])


def button(label: str, data: cb.Callback) -> InlineKeyboardButton:
    """A button whose callback_data is a schema from bot.tg.callbacks."""
    return InlineKeyboardButton(label, callback_data=data.data())


def consent() -> InlineKeyboardMarkup:
    """Consent carries the language the disclaimer was shown in: it is stored with it."""
    shown_in = language.current()
    return markup(
        [button(_(texts.BUTTON_CONSENT), cb.ObConsent(shown_in))],
        [button(_(texts.BUTTON_MINOR), cb.ObMinor())],
        [button(_(texts.BUTTON_CHANGE_LANGUAGE), cb.ObLanguages())],
    )


def languages(choose: Callable[[str], cb.Callback]) -> InlineKeyboardMarkup:
    """The four languages by their own names, the current one ticked; ``choose(code)`` is each
    button's data (``cb.ObLanguage`` before consent, ``cb.LanguageChosen`` after)."""
    now = language.current()
    labels = [
        (f"✅ {language.NAMES[code]}" if code == now else language.NAMES[code], code)
        for code in language.LANGUAGES
    ]
    return markup(*rows([button(label, choose(code)) for label, code in labels], 2))


def _sorted_countries() -> list[Country]:
    """Alphabetical in the current language (CLDR names)."""
    return sorted(
        (c for c in COUNTRIES.values() if c is not OTHER), key=lambda c: l10n.country_name(c)
    )


def country_pages() -> int:
    return -(-(len(COUNTRIES) - 1) // COUNTRIES_PER_PAGE)  # every country but "Other"


def countries(page: int = 0, likely: tuple[str, ...] = ()) -> InlineKeyboardMarkup:
    """The country question: the likely ones first (from the client's language), then all."""
    everything = _sorted_countries()
    start = page * COUNTRIES_PER_PAGE
    chunk = everything[start : start + COUNTRIES_PER_PAGE]
    first = [COUNTRIES[c] for c in likely] if page == 0 else []
    grid = flow([button(l10n.country_name(c), cb.ObCountry(c.code)) for c in first], 3)
    grid += flow(
        [button(l10n.country_name(c), cb.ObCountry(c.code)) for c in chunk if c not in first], 3
    )
    nav: list[InlineKeyboardButton] = []
    if page > 0:
        nav.append(button(_(texts.BUTTON_BACK_PAGE), cb.ObCountryPage(page - 1)))
    if start + COUNTRIES_PER_PAGE < len(everything):
        nav.append(button(_(texts.BUTTON_MORE), cb.ObCountryPage(page + 1)))
    return markup(*grid, nav, [button(_(OTHER.name), cb.ObCountry(OTHER.code))])


def zones(country: Country | None) -> InlineKeyboardMarkup:
    zone_buttons = (
        [
            button(l10n.zone_city(name), cb.ObZone(country.code, i))
            for i, name in enumerate(country.zones)
        ]
        if country is not None
        else []
    )
    return markup(
        *rows(zone_buttons, 2),
        [button(_(texts.BUTTON_SHARE_LOCATION), cb.ObZoneByLocation())],
        [button(_(texts.BUTTON_TYPE_TZ), cb.ObZoneTyped())],
    )


def checkin_status(reminder_id: int) -> InlineKeyboardMarkup:
    """ "Still twitching?" Gone / Better / Same / Worse (ci:<reminder>:<status>)."""
    choices = [
        button(_(label), cb.CheckInStatus(reminder_id, status.value))
        for status, label in STATUS_LABELS.items()
    ]
    return markup(choices[:2], choices[2:])


def main_actions() -> InlineKeyboardMarkup:
    return markup(
        [
            button(_(texts.BUTTON_TWITCH), cb.TwitchStart("new")),
            button(_(texts.BUTTON_HELP), cb.Help()),
        ]
    )


def confirm_delete() -> InlineKeyboardMarkup:
    return markup(
        [button(_(texts.BUTTON_DELETE), cb.Delete("yes"))],
        [button(_(texts.BUTTON_KEEP), cb.Delete("no"))],
    )


def typed_report(report_id: int | None) -> InlineKeyboardMarkup:
    """ "Yes, this is happening now" / "No, I was just describing" under a typed red flag."""
    ref = report_id or 0  # 0: before consent, nothing stored
    return markup(
        [button(wording.text("free_text.emergency_yes"), cb.TypedReport("y", ref))],
        [button(wording.text("free_text.emergency_no"), cb.TypedReport("n", ref))],
    )


def see_doctor(episode_id: int) -> InlineKeyboardMarkup:
    """Under a see-a-doctor (SEE_GP) escalation, never under an emergency or same-day one: one
    tap must not lower a "call 999" (issue 12)."""
    return markup(
        [
            button(_(texts.BUTTON_BOOKED), cb.HistoryAction("ebooked", episode_id)),
            button(_(texts.BUTTON_SEEN), cb.HistoryAction("eseen", episode_id)),
        ]
    )


def location() -> ReplyKeyboardMarkup:
    """The one button that shares a location (Telegram puts it under the typing field)."""
    return ReplyKeyboardMarkup(
        [[KeyboardButton(_(texts.LOCATION_BUTTON), request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )
