"""The translation catalogs (issue 13): up to date with the code, complete, faithful in form.

`make catalogs` rebuilds them (pybabel extract / update / compile). These tests fail when an
English text was added or changed and the catalogs were not, when a language misses a text or has
it "fuzzy", or when a translation drops or adds a placeholder, an HTML tag, a command or a number.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.domain import language

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "bot" / "locales"
TRANSLATED = [code for code in language.LANGUAGES if code != language.ENGLISH]
FIX = "run `make catalogs`, then translate what it marks"


def _template() -> Catalog:
    with (LOCALES / "bot.pot").open("rb") as f:
        return read_po(f)


def _catalog(code: str) -> Catalog:
    with (LOCALES / code / "LC_MESSAGES" / "bot.po").open("rb") as f:
        return read_po(f, locale=code)


def _extracted() -> set[str]:
    found = extract_from_dir(str(ROOT / "bot"), method_map=[("**.py", "python")])
    return {message for _file, _line, message, _comments, _context in found if message}


def test_the_template_holds_every_marked_english_text() -> None:
    in_code = _extracted()
    in_template = {m.id for m in _template() if m.id}
    assert not in_code - in_template, f"texts missing from bot/locales/bot.pot: {FIX}"
    assert not in_template - in_code, f"texts no longer in the code: {FIX}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_each_language_has_the_template_texts(code: str) -> None:
    ids = {m.id for m in _catalog(code) if m.id}
    assert ids >= {m.id for m in _template() if m.id}, f"{code}: {FIX}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_compiled_catalog_matches_its_source(code: str) -> None:
    """The .mo the bot reads says what the .po says (pybabel compile was run)."""
    with (LOCALES / code / "LC_MESSAGES" / "bot.mo").open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    for message in _catalog(code):
        if not message.id or message.fuzzy or not message.string:
            continue
        assert compiled.gettext(str(message.id)) == message.string, f"{code}: {FIX}"


PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
TAG = re.compile(r"</?[a-z]+[^>]*>")
COMMAND = re.compile(r"(?<![\w/])/[a-z]+\b")
NUMBER = re.compile(r"\d+")


def _form(text: str) -> dict[str, list[str]]:
    return {
        "placeholders": sorted(PLACEHOLDER.findall(text)),
        "tags": sorted(TAG.findall(text)),
        "commands": sorted(COMMAND.findall(text)),
        "numbers": sorted(NUMBER.findall(text)),
    }


def test_form_checks_catch_a_dropped_placeholder_tag_command_or_number() -> None:
    english = "<b>Call {number}</b>: send /twitch within 20 minutes"
    assert _form("<b>Llama al {number}</b>: envía /twitch en 20 minutos") == _form(english)
    for broken in (
        "<b>Llama al número</b>: envía /twitch en 20 minutos",
        "Llama al {number}: envía /twitch en 20 minutos",
        "<b>Llama al {number}</b>: envía /registrar en 20 minutos",
        "<b>Llama al {number}</b>: envía /twitch en 30 minutos",
    ):
        assert _form(broken) != _form(english)


# Where a text constant is passed on untranslated on purpose (translated later, per user).
UNTRANSLATED_ON_PURPOSE = {
    ("bot/tg/jobs.py", "TRIAGE_EXPIRED_NOTICE"),
    ("bot/tg/jobs.py", "CHECKIN_EXPIRED"),
}
MENU = {"COMMANDS", "DESCRIPTION", "SHORT_DESCRIPTION", "RECAP_SIDES"}


def test_every_interface_text_is_looked_up_in_the_current_language() -> None:
    """``texts.X`` is an English source: it reaches a person only through ``_()``."""
    import ast

    from bot.tg import texts

    names = {n for n, v in vars(texts).items() if n.isupper() and isinstance(v, str)}
    bare = []
    for path in sorted((ROOT / "bot").rglob("*.py")):
        tree = ast.parse(path.read_text())
        wrapped = {
            id(arg)
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "_"
            for arg in node.args
        }
        rel = str(path.relative_to(ROOT))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "texts"
                and node.attr in names - MENU
                and id(node) not in wrapped
                and (rel, node.attr) not in UNTRANSLATED_ON_PURPOSE
            ):
                bare.append(f"{rel}:{node.lineno} texts.{node.attr}")
    assert not bare, f"wrap in _(): {bare}"


def test_every_marked_text_reaches_the_template() -> None:
    """A marked text the extractor cannot see (e.g. an N_() nested inside a _() call) would
    stay English in every language: each literal in N_()/_() is in the template."""
    import ast

    marked = set()
    for path in sorted((ROOT / "bot").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"_", "N_"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                marked.add(node.args[0].value)
    in_template = {m.id for m in _template() if m.id}
    assert not marked - in_template, f"marked but not extracted: {sorted(marked - in_template)}"


def test_a_stored_language_read_with_one_update_is_not_taken_for_another() -> None:
    """The inbox's claim reads the sender's language with the update; the guard trusts it only
    for that very update (a task that handles several never mixes two users' languages)."""
    import contextvars

    def in_a_fresh_context() -> list[tuple[bool, str | None]]:
        language.remember_stored(101, "de")
        seen = [language.stored(101), language.stored(102)]
        language.remember_stored(102, None)
        return [*seen, language.stored(102), language.stored(101)]

    assert contextvars.copy_context().run(in_a_fresh_context) == [
        (True, "de"),
        (False, None),
        (True, None),
        (False, None),
    ]
    assert language.stored(101) == (False, None)  # nothing leaked into this context


SENDS = {"reply_text": 0, "send_message": 1, "edit_message_text": 0, "answer": 0}
BUTTONS = {"button": 0, "b": 0, "b_": 0, "InlineKeyboardButton": 0, "KeyboardButton": 0}


def test_no_english_reaches_telegram_without_the_catalog() -> None:
    """Every text literal the bot sends, edits, answers or puts on a button goes through
    ``_()`` (or a text module): an English literal there would be English in every language."""
    import ast

    found = []
    for path in sorted((ROOT / "bot" / "tg").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = (
                node.func.attr
                if isinstance(node.func, ast.Attribute)
                else node.func.id
                if isinstance(node.func, ast.Name)
                else ""
            )
            where = {**SENDS, **BUTTONS, "edit_or_send": 1}.get(name)
            if where is None or len(node.args) <= where:
                continue
            arg = node.args[where]
            literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            formatted = isinstance(arg, ast.JoinedStr) and any(
                isinstance(v, ast.Constant) and any(c.isalpha() for c in TAG.sub("", str(v.value)))
                for v in arg.values
            )
            if (literal and any(c.isalpha() for c in arg.value)) or formatted:  # type: ignore[union-attr]
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []
