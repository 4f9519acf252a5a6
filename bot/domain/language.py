"""The language a message is written in: English source texts, gettext catalogs (issue 13).

English is the source: every user-facing text is written in English, marked with ``N_()`` where
it is defined and looked up with ``_()`` where it is used (standard gettext, msgid = the English
text). The catalogs live in ``bot/locales/<lang>/LC_MESSAGES/bot.po`` (made and kept with Babel:
``make catalogs`` runs ``pybabel extract``, ``update`` and ``compile``) and are read at run time
with the standard library's ``gettext``.

Which language applies is a context variable: set once per update (the user's stored choice,
else Telegram's ``language_code``), per reminder (the user's stored choice), and for a typed red
flag the language it was written in. asyncio copies context variables into every task, so two
updates handled at the same time never see each other's language. Nothing per user is kept in
process memory; the catalogs are loaded once per language.

Standard library only, like the rest of ``bot.domain``.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Final

ENGLISH: Final = "en"
LANGUAGES: Final[tuple[str, ...]] = ("en", "es", "de", "ru")
# Each language's own name, as the language picker shows it (never translated).
NAMES: Final[dict[str, str]] = {
    "en": "English",
    "es": "Español",
    "de": "Deutsch",
    "ru": "Русский",
}
DOMAIN: Final = "bot"
LOCALES: Final = Path(__file__).resolve().parent.parent / "locales"

_current: ContextVar[str] = ContextVar("language", default=ENGLISH)


def negotiate(code: str | None) -> str:
    """Telegram's ``language_code`` ("es-MX", "de", "pt-br", None) -> a language we speak."""
    if not code:
        return ENGLISH
    base = code.strip().replace("_", "-").split("-", 1)[0].lower()
    return base if base in LANGUAGES else ENGLISH


def supported(code: str | None) -> str | None:
    """``code`` if it is one of ours exactly (a stored choice), else None."""
    return code if code in LANGUAGES else None


_stored: ContextVar[tuple[int, str | None] | None] = ContextVar("stored_language", default=None)


def remember_stored(update_id: int, code: str | None) -> None:
    """The sender's stored language, read together with update ``update_id`` (the inbox's
    claim): that update's guard then needs no read of its own. None: nothing stored."""
    _stored.set((update_id, supported(code)))


def stored(update_id: int) -> tuple[bool, str | None]:
    """(known, code): whether the stored language was read with this very update, and what it
    is (a value left from another update in the same task is not taken)."""
    found = _stored.get()
    if found is None or found[0] != update_id:
        return False, None
    return True, found[1]


def current() -> str:
    return _current.get()


def activate(language: str | None) -> None:
    """Use ``language`` for the rest of this task (an update's handling, one reminder)."""
    _current.set(language if language in LANGUAGES else ENGLISH)


@contextmanager
def use(language: str | None) -> Iterator[str]:
    """Use ``language`` inside the block only; the previous one is restored after."""
    chosen = language if language in LANGUAGES else ENGLISH
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


@cache
def catalog(language: str) -> _gettext.NullTranslations:
    """The compiled catalog of ``language`` (English and a missing file: the source itself)."""
    if language == ENGLISH:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALES, languages=[language], fallback=True)


def gettext(message: str) -> str:
    """``message`` (an English source text) in the current language."""
    language = _current.get()
    if language == ENGLISH:
        return message
    return catalog(language).gettext(message)


def in_language(language: str, message: str) -> str:
    """``message`` in ``language``, whatever the current one is (menus set per language)."""
    with use(language):
        return gettext(message)


_ = gettext


def N_(message: str) -> str:
    """Marks an English source text where it is defined; ``_()`` translates it where used."""
    return message
