"""Emergency numbers by country (TRIAGE.md decision 8). One table, reviewed in one read."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.language import N_, _

UNKNOWN_NUMBER = N_("your local emergency number (112 / 911 / 999)")
OTHER_NUMBER = N_("your local emergency number")


@dataclass(frozen=True, slots=True)
class Country:
    code: str  # ISO 3166-1 alpha-2, or "OTHER"
    name: str
    emergency: str  # what to call, as shown to the user
    non_urgent: str | None = None  # named only where right (NHS 111 only for the UK)
    doctor: str = "doctor"  # "GP" in the UK
    zones: tuple[str, ...] = ()  # IANA zones offered at onboarding (first = suggestion)


_EU = {
    "AT": ("Austria", "Europe/Vienna"),
    "BE": ("Belgium", "Europe/Brussels"),
    "BG": ("Bulgaria", "Europe/Sofia"),
    "HR": ("Croatia", "Europe/Zagreb"),
    "CY": ("Cyprus", "Asia/Nicosia"),
    "CZ": ("Czechia", "Europe/Prague"),
    "DK": ("Denmark", "Europe/Copenhagen"),
    "EE": ("Estonia", "Europe/Tallinn"),
    "FI": ("Finland", "Europe/Helsinki"),
    "FR": ("France", "Europe/Paris"),
    "DE": ("Germany", "Europe/Berlin"),
    "GR": ("Greece", "Europe/Athens"),
    "HU": ("Hungary", "Europe/Budapest"),
    "IT": ("Italy", "Europe/Rome"),
    "LV": ("Latvia", "Europe/Riga"),
    "LT": ("Lithuania", "Europe/Vilnius"),
    "LU": ("Luxembourg", "Europe/Luxembourg"),
    "MT": ("Malta", "Europe/Malta"),
    "NL": ("Netherlands", "Europe/Amsterdam"),
    "PL": ("Poland", "Europe/Warsaw"),
    "PT": ("Portugal", "Europe/Lisbon"),
    "RO": ("Romania", "Europe/Bucharest"),
    "SK": ("Slovakia", "Europe/Bratislava"),
    "SI": ("Slovenia", "Europe/Ljubljana"),
    "ES": ("Spain", "Europe/Madrid"),
    "SE": ("Sweden", "Europe/Stockholm"),
}

_OTHERS: tuple[Country, ...] = (
    Country("GB", "United Kingdom", "999", "NHS 111", "GP", ("Europe/London",)),
    Country("IE", "Ireland", "112", None, "doctor", ("Europe/Dublin",)),
    Country("CH", "Switzerland", "144", None, "doctor", ("Europe/Zurich",)),
    Country("NO", "Norway", "113", None, "doctor", ("Europe/Oslo",)),
    Country(
        "US",
        "United States",
        "911",
        None,
        "doctor",
        (
            "America/New_York",
            "America/Chicago",
            "America/Denver",
            "America/Los_Angeles",
            "America/Anchorage",
            "Pacific/Honolulu",
        ),
    ),
    Country(
        "CA",
        "Canada",
        "911",
        None,
        "doctor",
        (
            "America/Toronto",
            "America/Winnipeg",
            "America/Edmonton",
            "America/Vancouver",
            "America/Halifax",
        ),
    ),
    Country("MX", "Mexico", "911", None, "doctor", ("America/Mexico_City", "America/Tijuana")),
    Country("BR", "Brazil", "192", None, "doctor", ("America/Sao_Paulo", "America/Manaus")),
    Country(
        "AU",
        "Australia",
        "000",
        None,
        "doctor",
        ("Australia/Sydney", "Australia/Brisbane", "Australia/Adelaide", "Australia/Perth"),
    ),
    Country("NZ", "New Zealand", "111", None, "doctor", ("Pacific/Auckland",)),
    Country("IN", "India", "112", None, "doctor", ("Asia/Kolkata",)),
    Country("JP", "Japan", "119", None, "doctor", ("Asia/Tokyo",)),
    Country("CN", "China", "120", None, "doctor", ("Asia/Shanghai",)),
    Country("KR", "South Korea", "119", None, "doctor", ("Asia/Seoul",)),
    Country("SG", "Singapore", "995", None, "doctor", ("Asia/Singapore",)),
    Country(
        "ZA",
        "South Africa",
        N_("10177 (112 from a mobile)"),
        None,
        "doctor",
        ("Africa/Johannesburg",),
    ),
    Country("IL", "Israel", "101", None, "doctor", ("Asia/Jerusalem",)),
    Country("TR", "Turkey", "112", None, "doctor", ("Europe/Istanbul",)),
    Country("RU", "Russia", "103", None, "doctor", ("Europe/Moscow",)),
)

OTHER = Country("OTHER", N_("Other"), OTHER_NUMBER)

COUNTRIES: dict[str, Country] = {
    c.code: c
    for c in (
        *_OTHERS,
        *(
            Country(code, name, "112", None, "doctor", (zone,))
            for code, (name, zone) in _EU.items()
        ),
        OTHER,
    )
}


def country(code: str | None) -> Country | None:
    """The country for a stored code, or None when the user has not chosen one yet."""
    if code is None:
        return None
    return COUNTRIES.get(code)


def emergency_number(code: str | None) -> str:
    """What the bot tells the user to call; a neutral phrase until a country is set."""
    found = country(code)
    return _(found.emergency if found is not None else UNKNOWN_NUMBER)


# Where a Telegram client's language most likely puts its user: offered first at onboarding.
# A region in the language code ("en-GB", "es-MX") decides alone when it is one we offer.
LIKELY_BY_LANGUAGE: dict[str, tuple[str, ...]] = {
    "en": ("GB", "US", "IE", "CA", "AU", "NZ"),
    "es": ("ES", "MX"),
    "de": ("DE", "AT", "CH"),
    "ru": ("RU",),
    "fr": ("FR", "BE", "CH", "CA"),
    "it": ("IT", "CH"),
    "pt": ("BR", "PT"),
    "nl": ("NL", "BE"),
    "pl": ("PL",),
    "ja": ("JP",),
    "zh": ("CN", "SG"),
    "ko": ("KR",),
    "he": ("IL",),
    "tr": ("TR",),
    "hi": ("IN",),
}


def likely_countries(language_code: str | None) -> tuple[str, ...]:
    """Countries to offer first for a Telegram ``language_code`` (e.g. "en-GB" -> GB first)."""
    if not language_code:
        return ()
    language, _sep, region = language_code.replace("_", "-").partition("-")
    found = list(LIKELY_BY_LANGUAGE.get(language.casefold(), ()))
    if region.upper() in COUNTRIES:
        found = [region.upper(), *(c for c in found if c != region.upper())]
    return tuple(c for c in found if c in COUNTRIES)[:6]
