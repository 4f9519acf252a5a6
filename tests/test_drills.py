"""The drills runner (drills/, not run by ``make test``): ``python -m drills --help`` lists every
drill module in the folder, and each drill's own ``--help`` works."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOT_DRILLS = {"__init__", "__main__", "common"}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "drills", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_help_lists_every_drill() -> None:
    modules = {p.stem for p in (ROOT / "drills").glob("*.py")} - NOT_DRILLS
    answer = _run("--help")
    assert answer.returncode == 0, answer.stderr
    listed = {
        line.split()[0]
        for line in answer.stdout.split("drills:", 1)[1].splitlines()
        if line.startswith("  ")
    }
    assert {name.replace("-", "_") for name in listed} == modules


def test_each_drill_has_help() -> None:
    answer = _run("--help")
    names = [
        line.split()[0]
        for line in answer.stdout.split("drills:", 1)[1].splitlines()
        if line.startswith("  ")
    ]
    for name in names:
        result = _run(name, "--help")
        assert result.returncode == 0, (name, result.stderr)
        assert f"python -m drills {name}" in result.stdout


def test_every_benchmark_imports() -> None:
    """``python -m bench NAME`` must not break silently when the code it drives moves (bench is
    not run by ``make test``; an import error was found only by running it by hand)."""
    code = (
        "import importlib, bench.__main__ as m\n"
        "for name in m.BENCHMARKS.values(): importlib.import_module(name)\n"
        "print(len(m.BENCHMARKS))"
    )
    answer = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert answer.returncode == 0, answer.stderr
    modules = {p.stem for p in (ROOT / "bench").glob("*.py")} - {"__init__", "__main__"}
    assert int(answer.stdout) == len(modules - {"echo_bot"})
