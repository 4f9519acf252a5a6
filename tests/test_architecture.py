"""The layering rules of ARCHITECTURE.md, checked on the source."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[1] / "bot"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _files(package: str) -> list[Path]:
    return sorted((BOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", _files("domain"), ids=lambda p: p.name)
def test_domain_imports_only_the_standard_library(path: Path) -> None:
    for name in _imports(path):
        top = name.split(".")[0]
        assert top in sys.stdlib_module_names or name.startswith("bot.domain"), (
            f"{path.name} imports {name}: bot/domain must use the standard library only"
        )


@pytest.mark.parametrize(
    "path",
    [p for pkg in ("domain", "services", "db", "scheduling", "reports") for p in _files(pkg)],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_nothing_below_tg_imports_telegram(path: Path) -> None:
    for name in _imports(path):
        assert name.split(".")[0] != "telegram", f"{path} imports {name}"
        assert not name.startswith("bot.tg"), f"{path} imports {name}: imports point downward"


def test_durations_live_in_thresholds_or_policy() -> None:
    """One home per kind of number (issue 9): a duration written as a literal belongs in
    ``bot/domain/thresholds.py`` (clinical) or ``bot/domain/policy.py`` (everything else). A
    calendar day (``timedelta(days=1)``) and zero are arithmetic, not policy."""
    import ast

    homes = {"bot/domain/thresholds.py", "bot/domain/policy.py"}
    found = []
    for path in sorted(BOT.rglob("*.py")):
        rel = path.relative_to(BOT.parent)
        if str(rel) in homes or "devtools" in rel.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "timedelta"
            ):
                continue
            literals = [
                (k.arg, k.value.value) for k in node.keywords if isinstance(k.value, ast.Constant)
            ] + [("days", a.value) for a in node.args if isinstance(a, ast.Constant)]
            if literals and literals not in ([("days", 1)], [("days", 0)]):
                found.append(f"{rel}:{node.lineno} timedelta{literals}")
    assert found == []


@pytest.mark.parametrize(
    "path",
    _files("services"),
    ids=lambda p: p.name,
)
def test_services_reach_the_database_only_through_repositories(path: Path) -> None:
    """Every SQL statement lives in bot/db: a service imports neither SQLAlchemy nor the
    tables, and reaches the database through the unit of work's repositories."""
    for name in _imports(path):
        assert name.split(".")[0] != "sqlalchemy", f"{path.name} imports {name}"
        assert name != "bot.db.tables", f"{path.name} imports {name}"
    source = path.read_text(encoding="utf-8")
    assert "from bot.db import tables" not in source, f"{path.name} imports bot.db.tables"


@pytest.mark.parametrize("path", _files("scheduling"), ids=lambda p: p.name)
def test_the_sweep_holds_no_sql(path: Path) -> None:
    """The sweep's logic stays in bot/scheduling; its statements are in bot/db/reminders.py."""
    for name in _imports(path):
        assert name.split(".")[0] != "sqlalchemy", f"{path.name} imports {name}"


SHARED_BY_HANDLERS = {"bot.tg.handlers.common", "bot.tg.handlers.flows"}


@pytest.mark.parametrize(
    "path",
    [p for p in _files("tg/handlers") if p.stem not in {"__init__", "common", "flows"}],
    ids=lambda p: p.name,
)
def test_handler_modules_do_not_import_each_other(path: Path) -> None:
    """A handler module depends on ``common``/``flows`` and lower modules (screens, keyboards,
    render, texts), never on another handler module (issue 9)."""
    for name in _imports(path):
        if name.startswith("bot.tg.handlers."):
            assert name in SHARED_BY_HANDLERS, f"{path.name} imports {name}"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "bot.tg.handlers":
            names = {a.name for a in node.names}
            assert names <= {"common", "flows"}, f"{path.name} imports {names} from handlers"


# Issue 9 (4): user-facing text lives only in the text modules, keyed by a constant or an id.
TEXT_MODULES = {
    "bot/tg/texts.py",  # screens, buttons, toasts: N_() constants used as _(texts.X)
    "bot/domain/wording.py",  # approved domain texts by id: wording.text(id, **values)
    "bot/domain/checklists.py",  # checklist items and answer labels
    "bot/domain/countries.py",  # country names
    "bot/domain/language.py",  # the gettext machinery itself
}
TEXT_PACKAGES = ("bot/reports/",)  # the PDF, chart, export and summary keep their own texts
# English source texts still marked outside the text modules, by msgid (none left: the reason
# texts moved into wording.py with the reason ids). Add none; the test says when one has gone.
NOT_YET_MOVED: set[str] = set()
# gettext-style calls, and which positional argument is the English text.
MARKERS = {"_": 0, "N_": 0, "gettext": 0, "ngettext": 0, "in_language": 1}


def _marked_prose(source: str) -> list[tuple[int, str]]:
    """(line, English text) of each text literal marked or translated in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = (
            func.id
            if isinstance(func, ast.Name)
            else func.attr
            if isinstance(func, ast.Attribute)
            else ""
        )
        where = MARKERS.get(name)
        if where is None or len(node.args) <= where:
            continue
        arg = node.args[where]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            found.append((node.lineno, arg.value))
        elif isinstance(arg, ast.JoinedStr | ast.BinOp):  # an f-string or "a" + b: never right
            found.append((node.lineno, ast.unparse(arg)))
    return found


def _prose_outside_text_modules() -> tuple[list[str], set[str]]:
    """Marked literals outside the text modules (``path:line text``), and which of
    ``NOT_YET_MOVED`` were seen."""
    found, seen = [], set()
    for path in sorted(BOT.rglob("*.py")):
        rel = path.relative_to(BOT.parent).as_posix()
        if rel in TEXT_MODULES or rel.startswith(TEXT_PACKAGES):
            continue
        for line, text in _marked_prose(path.read_text(encoding="utf-8")):
            if text in NOT_YET_MOVED:
                seen.add(text)
            else:
                found.append(f"{rel}:{line} {text!r}")
    return found, seen


def test_user_facing_text_lives_in_the_text_modules() -> None:
    """One home per text (issue 9): an English text marked with ``N_()`` or translated with
    ``_()``/``gettext`` as a literal outside the text modules belongs in ``bot/tg/texts.py``
    (a named constant) or ``bot/domain/wording.py`` (an id); the catalogs keep its msgid."""
    found, seen = _prose_outside_text_modules()
    assert found == [], "move these texts to bot/tg/texts.py or bot/domain/wording.py"
    assert seen == NOT_YET_MOVED, (
        f"moved: delete {sorted(NOT_YET_MOVED - seen)} from NOT_YET_MOVED"
    )


def test_the_prose_scan_catches_a_text_written_in_place() -> None:
    planted = (
        "from bot.domain import language\n"
        "from bot.domain.language import N_, _\n"
        "from bot.tg import texts\n"
        'HELLO = N_("Hello")\n'
        'toast = _("Saved")\n'
        'label = language.gettext("Language")\n'
        'menu = language.in_language("de", "Help")\n'
        'shout = _(f"Hi {name}")\n'
        "fine = _(texts.TOAST_SAVED), _(HELLO), language.gettext(name)\n"
        'also_fine = "ok".format(), print("not a text")\n'
    )
    assert _marked_prose(planted) == [
        (4, "Hello"),
        (5, "Saved"),
        (6, "Language"),
        (7, "Help"),
        (8, "f'Hi {name}'"),
    ]


@pytest.mark.parametrize(
    "path",
    [p for package in ("tg", "reports", "scheduling") for p in _files(package)],
    ids=lambda p: str(p.relative_to(BOT)),
)
def test_sql_lives_in_bot_db(path: Path) -> None:
    """Every SQL statement lives in bot/db (issue 9): the Telegram glue, the reports and the
    sweep reach the database through services and repositories (the health check too)."""
    for name in _imports(path):
        assert name.split(".")[0] != "sqlalchemy", f"{path.name} imports {name}"
        assert name != "bot.db.tables", f"{path.name} imports {name}"
