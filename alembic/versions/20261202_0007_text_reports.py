"""text reports (red flags read in typed messages: item ids and level, never the text);
episode updates (intensity answers of later /twitch updates)

Revision ID: 0007
Revises: 20261202_0005
Create Date: 2026-12-02 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "20261202_0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "text_reports",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("level", sa.SmallInteger(), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column(
            "status", sa.String(length=16), server_default=sa.text("'open'"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "episode_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episodes.id"],
            name=op.f("fk_text_reports_episode_id_episodes"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_text_reports_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_text_reports")),
    )
    op.create_index(op.f("ix_text_reports_user_id"), "text_reports", ["user_id"], unique=False)
    op.add_column(
        "episodes",
        sa.Column("updates", sa.JSON(), server_default=sa.text("'[]'"), nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("episodes") as batch:
        batch.drop_column("updates")
    op.drop_index(op.f("ix_text_reports_user_id"), table_name="text_reports")
    op.drop_table("text_reports")
