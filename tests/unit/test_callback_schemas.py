"""Typed callback-data schemas (issue 9): the same bytes as before on the wire, parsing that
never raises, one schema per button shared by the keyboard that makes it and the handler that
reads it."""

from __future__ import annotations

import ast
import random
import re
from pathlib import Path

import pytest
from telegram.ext import CallbackQueryHandler

from bot.services.reminders import Response
from bot.tg import callbacks as cb
from bot.tg.handlers import all_handlers

# Each schema next to the parts today's buttons were made of (``encode(*parts)``): buttons
# already sent to people's chats must keep working, so the strings must be byte-identical.
EXAMPLES: list[tuple[cb.Callback, tuple[str | int, ...]]] = [
    (cb.ObLanguages(), ("ob", "lang")),
    (cb.ObLanguage("es"), ("ob", "lang", "es")),
    (cb.ObMinor(), ("ob", "minor")),
    (cb.ObConsent("de"), ("ob", "consent", "de")),
    (cb.ObConsent(), ("ob", "consent")),
    (cb.ObCountryPage(3), ("ob", "cpage", 3)),
    (cb.ObCountry("GB"), ("ob", "country", "GB")),
    (cb.ObZone("US", 12), ("ob", "tz", "US", 12)),
    (cb.ObZoneByLocation(), ("ob", "tzloc")),
    (cb.ObZoneTyped(), ("ob", "tztype")),
    (cb.Help(), ("help",)),
    (cb.Delete("yes"), ("del", "yes")),
    (cb.Delete("no"), ("del", "no")),
    (cb.TwitchStart("new"), ("tw", "new")),
    (cb.TwitchStart("resume"), ("tw", "resume")),
    (cb.TwitchEdit(42), ("tw", "edit", 42)),
    (cb.TriageCancel(7), ("tr", 7, "x")),
    (cb.TriagePress(7, "same_day", "tick", "vision"), ("tr", 7, "same_day", "tick", "vision")),
    (cb.TriagePress(7, "gp", "none"), ("tr", 7, "gp", "none")),
    (cb.CheckInStatus(5, "better"), ("ci", 5, "better")),
    (cb.CheckInPress(9, 2, "status", "pick", "gone"), ("ck", 9, 2, "status", "pick", "gone")),
    (cb.CheckInPress(9, 2, "flags", "continue"), ("ck", 9, 2, "flags", "continue")),
    (cb.FollowUp(11, "resume"), ("fu", 11, "resume")),
    (cb.ReminderTap(12, Response.SNOOZE_30), ("rm", 12, "s30")),
    (cb.ReminderTap(2**63 - 1, Response.DONE), ("rm", 2**63 - 1, "done")),
    (cb.RemOn(), ("rem", "on")),
    (cb.RemOn("plan"), ("rem", "on", "plan")),
    (cb.RemFluid("no"), ("rem", "fluid", "no")),
    (cb.RemOff(), ("rem", "off")),
    (cb.RemPause(), ("rem", "pause")),
    (cb.RemResume(), ("rem", "resume")),
    (cb.RemHydration("up"), ("rem", "hyd", "up")),
    (cb.RemWake(), ("rem", "wake")),
    (cb.RemWake("set"), ("rem", "wake", "set")),
    (cb.RemWakeStart(420), ("rem", "ws", 420)),
    (cb.RemWakeStart(420, "set"), ("rem", "ws", 420, "set")),
    (cb.RemWakeEnd(420, 0, "set"), ("rem", "we", 420, 0, "set")),
    (cb.RemWakeEnd(420, 1320), ("rem", "we", 420, 1320)),
    (cb.RemStretch(), ("rem", "str")),
    (cb.RemStretchPick(5), ("rem", "st", 5)),
    (cb.RemShow(), ("rem", "show")),
    (cb.SetCountry(), ("set", "country")),
    (cb.SetShow(), ("set", "show")),
    (cb.SetTimezone(), ("set", "tz")),
    (cb.SetFluid("yes"), ("set", "fluid", "yes")),
    (cb.LanguagePick(), ("lang", "pick")),
    (cb.LanguageChosen("ru"), ("lang", "ru")),
    (cb.TypedReport("y", 0), ("ft", "y", 0)),
    (cb.TypedReport("n", 31), ("ft", "n", 31)),
    (cb.WhichFitsNone(), ("fx", "none")),
    (cb.WhichFitsItem("vision"), ("fx", "vision")),
    (cb.PlaceCandidate(2643743), ("tzc", 2643743)),
    (cb.HistoryAction("delyes", 17), ("hi", "delyes", 17)),
    (cb.HistoryAction("ebooked", 17), ("hi", "ebooked", 17)),
]


def _families() -> list[type[cb.Callback]]:
    """The classes a handler parses with: each leaf's outermost base below ``Callback``."""
    found = []
    for schema in cb.schemas():
        top = next(c for c in reversed(schema.__mro__) if "KIND" in vars(c))
        found.append(top)
    return list(dict.fromkeys(found))


@pytest.mark.parametrize(("schema", "parts"), EXAMPLES, ids=lambda x: repr(x)[:40])
def test_schema_writes_what_encode_wrote_and_reads_it_back(
    schema: cb.Callback, parts: tuple[str | int, ...]
) -> None:
    data = schema.data()
    assert data == cb.encode(*parts)
    assert type(schema).parse(data) == schema
    family = next(f for f in _families() if isinstance(schema, f))
    assert family.parse(data) == schema  # the family picks this schema, not a sibling
    assert re.match(family.pattern(), data)
    assert re.match(type(schema).pattern(), data)


def test_every_schema_has_an_example() -> None:
    assert {type(s) for s, _ in EXAMPLES} == set(cb.schemas())


def test_exactly_one_feature_handler_takes_each_button() -> None:
    """Registration and schemas agree: each button reaches one handler (not the fallback)."""
    patterns = [
        h.pattern
        for group, h in all_handlers()
        if isinstance(h, CallbackQueryHandler) and h.pattern is not None and group == 0
    ]
    for schema, _ in EXAMPLES:
        data = schema.data()
        taking = [p for p in patterns if isinstance(p, re.Pattern) and p.match(data)]
        assert len(taking) == 1, (data, taking)


@pytest.mark.parametrize(
    "data",
    [
        "k1:tr:x:y",  # a version that is not a number
        "k1:tr:07:gp:none",  # a leading zero: not what we write
        "k1:hi:booked:0123",
        "k1:hi:zap:5",  # an action no button has
        "k1:hi:booked",  # too few parts
        "k1:hi:booked:5:1",  # too many
        "k1:rm:12:later",  # not a response
        "k1:rm:-1:done",
        "k1:ft:maybe:3",
        "k1:rem:on:later",
        "k1:rem:wake:settings",
        "k1:del:maybe",
        "k1:tw:edit:x",
        "k1:tw:edit",
        "k1:ob",
        "k1:ob:country",
        "k1:ob:tz:GB:x",
        "k2:ob:lang",
        "k1:rm:99999999999999999999:done",
        "k1:\ud800",
        "",
        None,
        5,
        b"k1:help",
    ],
)
def test_what_no_button_makes_parses_to_none(data: object) -> None:
    assert all(family.parse(data) is None for family in _families())


def test_parse_is_total() -> None:
    """Random data, some made from real buttons with a part changed: None or a schema that
    writes the same data back, never an exception."""
    rng = random.Random(9)  # noqa: S311 - reproducible fuzzing
    known = [schema.data() for schema, _ in EXAMPLES]
    alphabet = "az09_+.-:\u00e9\ud800 \n"
    everything = cb.schemas() + _families()
    for _ in range(5000):
        if rng.random() < 0.6:
            parts = rng.choice(known).split(":")
            spare = rng.choice(rng.choice(known).split(":"))
            odd = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 4)))
            parts[rng.randrange(len(parts))] = rng.choice([spare, odd, "0", "007", str(2**64)])
            if rng.random() < 0.3:
                parts.append(spare)
            data = ":".join(parts)
        else:
            data = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 70)))
        for schema in everything:
            found = schema.parse(data)
            assert found is None or found.data() == data


# --- no module builds or reads callback data by position ----------------------------------------

TG = Path(cb.__file__).parent


def _misuses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "bot.tg.callbacks":
            found += [
                f"{path.name}:{node.lineno} imports {a.name}"
                for a in node.names
                if a.name in {"encode", "decode", "pattern"}
            ]
        if isinstance(node, ast.Attribute) and node.attr in {"encode", "decode", "pattern"}:
            owner = node.value
            if isinstance(owner, ast.Name) and owner.id in {"callbacks", "cb"}:
                found.append(f"{path.name}:{node.lineno} uses {owner.id}.{node.attr}")
    return found


def test_keyboards_and_handlers_use_schemas_not_positions() -> None:
    """Buttons are built from a schema and read with one: nothing in bot/tg but the codec calls
    encode/decode or writes a pattern by hand (the parts of a decoded tuple are never indexed)."""
    modules = [p for p in sorted(TG.rglob("*.py")) if p != Path(cb.__file__)]
    assert len(modules) > 10
    assert [m for p in modules for m in _misuses(p)] == []


def test_the_check_finds_a_positional_read(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from bot.tg.callbacks import decode\n"
        "from bot.tg import callbacks\n"
        "parts = decode(data)\n"
        "x = callbacks.encode('rm', 1, 'done')\n"
        "p = callbacks.pattern('rm')\n"
    )
    assert len(_misuses(bad)) == 3
