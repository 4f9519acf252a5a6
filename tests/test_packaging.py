"""The container files: parse them and check the rules we rely on (no Docker engine here)."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_dockerfile_installs_dependencies_before_code_and_runs_as_non_root() -> None:
    lines = [
        line.strip()
        for line in (ROOT / "Dockerfile").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    instructions = [line.split()[0] for line in lines]
    assert instructions.count("FROM") == 2, "multi-stage build"
    deps = next(i for i, line in enumerate(lines) if "pip install ." in line)
    code = next(i for i, line in enumerate(lines) if line.startswith("COPY bot "))
    assert deps < code, "dependency layer must come before the code"
    user = max(i for i, ins in enumerate(instructions) if ins == "USER")
    assert lines[user].split()[1] not in {"root", "0"}
    assert user < max(i for i, ins in enumerate(instructions) if ins == "CMD")
    assert '"bot"' in lines[-1]


def test_compose_runs_postgres_migrations_then_the_bot() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert services["db"]["image"].startswith("postgres")
    assert services["migrate"]["command"][-1] == "migrate"
    bot = services["bot"]
    assert bot["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert bot["environment"]["DATABASE_URL"].startswith("postgresql+asyncpg://")
    assert "TELEGRAM_BOT_TOKEN" in bot["environment"]
