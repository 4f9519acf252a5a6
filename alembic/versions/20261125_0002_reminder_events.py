"""reminder events

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 17:48:50.776236
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reminder_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "reminder_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["reminder_id"],
            ["reminders.id"],
            name=op.f("fk_reminder_events_reminder_id_reminders"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_reminder_events_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_events")),
    )
    op.create_index(
        op.f("ix_reminder_events_reminder_id"), "reminder_events", ["reminder_id"], unique=False
    )
    op.create_index(
        "ix_reminder_events_user_at", "reminder_events", ["user_id", "at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_reminder_events_user_at", table_name="reminder_events")
    op.drop_index(op.f("ix_reminder_events_reminder_id"), table_name="reminder_events")
    op.drop_table("reminder_events")
