"""escalations.reasons: why, as reason ids and raw values, not English (issue 9)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 15:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # [{"id": "duration", "args": {"days": 9}}, ...] (bot.domain.reasons); new rows leave
    # ``reason`` empty. NULL: a row stored before, its English words in ``reason``.
    with op.batch_alter_table("escalations") as batch:
        batch.add_column(sa.Column("reasons", sa.JSON(), nullable=True))


def downgrade() -> None:
    # The rows stored since keep an empty ``reason``: the reports then show no reason for them.
    with op.batch_alter_table("escalations") as batch:
        batch.drop_column("reasons")
