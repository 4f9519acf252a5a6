"""``python -m bench <name> [options]``: run one benchmark by name."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = {
    "sweep": "bench.sweep",
    "startup": "bench.startup",
    "freetext": "bench.freetext",
    "throughput": "bench.throughput",
    "dispatch": "bench.dispatch",
    "scale": "bench.scale",
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in BENCHMARKS:
        print(f"usage: python -m bench {{{','.join(BENCHMARKS)}}} [options]", file=sys.stderr)
        return 2
    module = importlib.import_module(BENCHMARKS[argv[0]])
    result: int = module.main(argv[1:])
    return result


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
