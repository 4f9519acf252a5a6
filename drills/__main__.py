"""``python -m drills NAME [options]``: run one drill by name and print its figures.

Not part of ``make test``. Every drill is bounded in time, stops every process it starts by its
pid, and talks only to 127.0.0.1 (the stand-in and, for PostgreSQL drills, a local cluster).
"""

from __future__ import annotations

import importlib
import sys

DRILLS = {
    "restart-burst": "drills.restart_burst",
    "kill9-dispatch": "drills.kill9_dispatch",
    "two-instances": "drills.two_instances",
    "faults": "drills.faults",
    "send-faults": "drills.send_faults",
    "downtime": "drills.downtime",
    "fuzz": "drills.fuzz",
}


def usage() -> str:
    lines = [f"usage: python -m drills {{{','.join(DRILLS)}}} [options]", "", "drills:"]
    for name, module in DRILLS.items():
        doc = importlib.import_module(module).__doc__ or ""
        lines.append(f"  {name:16} {doc.strip().splitlines()[0] if doc.strip() else ''}")
    lines.append("")
    lines.append("python -m drills NAME --help lists a drill's options.")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        print(usage())
        return 0
    if not argv or argv[0] not in DRILLS:
        print(usage(), file=sys.stderr)
        return 2
    module = importlib.import_module(DRILLS[argv[0]])
    result: int = module.main(argv[1:])
    return result


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
