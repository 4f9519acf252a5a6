"""Dates, times, weekdays and country names in the current language, from CLDR (Babel).

The domain stays standard library only; the Telegram layer and the reports format through here.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache

from babel import Locale
from babel.dates import format_date, format_skeleton, get_timezone, get_timezone_location
from babel.numbers import format_decimal

from bot.domain import language
from bot.domain.countries import Country


@cache
def _locale(code: str) -> Locale:
    return Locale.parse(code)


def weekday(day: date | datetime) -> str:
    """ "Tuesday" / "martes" / "Dienstag" / "вторник"."""
    return format_date(day, "EEEE", locale=_locale(language.current()))


def day_month(day: date | datetime) -> str:
    """ "1 Dec" / "1 dic" / "1. Dez." / "1 дек.": day and short month in the language's own
    order and punctuation (CLDR's skeleton; English keeps the house "1 Dec")."""
    code = language.current()
    if code == language.ENGLISH:
        return format_date(day, "d MMM", locale=_locale(code))
    return format_skeleton("dMMM", day, locale=_locale(code))


def sentence(text: str) -> str:
    """``text`` ending with one full stop ("... 25. Nov." stays as it is)."""
    return text if text.endswith(".") else text + "."


def number(value: int) -> str:
    """ "3,645" / "3.645" / "3 645": grouped the way the language writes numbers."""
    return format_decimal(value, locale=_locale(language.current()))


def zone_city(name: str) -> str:
    """A timezone's city as the button shows it: "New York" from the IANA name in English,
    CLDR's in the other languages ("Wien", "Нью-Йорк"); the IANA name if CLDR has none."""
    plain = name.rsplit("/", 1)[-1].replace("_", " ")
    code = language.current()
    if code == language.ENGLISH:
        return plain
    try:
        city = get_timezone_location(get_timezone(name), locale=_locale(code), return_city=True)
    except LookupError:
        return plain
    return city or plain


def country_name(found: Country) -> str:
    """The country's name in the current language (CLDR); "Other" through the catalog."""
    name = _locale(language.current()).territories.get(found.code)
    return name if name else language.gettext(found.name)
