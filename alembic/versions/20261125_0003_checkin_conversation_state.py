"""checkin conversation state

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 17:57:07.733454
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Batch mode: SQLite cannot add a foreign key or change NULL-ability in place.
    with op.batch_alter_table("checkins") as batch:
        batch.add_column(
            sa.Column(
                "reminder_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
            )
        )
        batch.add_column(sa.Column("state", sa.Text(), nullable=True))
        batch.add_column(
            sa.Column("version", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
        batch.create_index(batch.f("ix_checkins_reminder_id"), ["reminder_id"], unique=False)
        batch.create_foreign_key(
            batch.f("fk_checkins_reminder_id_reminders"),
            "reminders",
            ["reminder_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("escalations") as batch:
        batch.alter_column("level", existing_type=sa.SmallInteger(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM escalations WHERE level IS NULL")
    with op.batch_alter_table("escalations") as batch:
        batch.alter_column("level", existing_type=sa.SmallInteger(), nullable=False)
    with op.batch_alter_table("checkins") as batch:
        batch.drop_constraint(batch.f("fk_checkins_reminder_id_reminders"), type_="foreignkey")
        batch.drop_index(batch.f("ix_checkins_reminder_id"))
        batch.drop_column("version")
        batch.drop_column("state")
        batch.drop_column("reminder_id")
