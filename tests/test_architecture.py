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
