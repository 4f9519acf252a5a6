"""Handler patterns come from the codec (issue 9: one place knows the "k1" prefix)."""

from __future__ import annotations

import re
from pathlib import Path

from bot.tg import callbacks


def test_pattern_matches_what_encode_makes_and_nothing_else() -> None:
    assert re.match(callbacks.pattern("ob"), callbacks.encode("ob", "consent"))
    assert not re.match(callbacks.pattern("ob"), callbacks.encode("obx", "consent"))
    assert re.match(callbacks.pattern("help", "$"), callbacks.encode("help"))
    assert not re.match(callbacks.pattern("help", "$"), callbacks.encode("help", "x"))


def test_no_handler_writes_the_prefix_itself() -> None:
    handlers = Path(callbacks.__file__).parent / "handlers"
    written = [
        f"{path.name}:{n}"
        for path in sorted(handlers.glob("*.py"))
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if f'"^{callbacks.PREFIX}:' in line
    ]
    assert written == []
