"""update inbox: updates stored before they are acknowledged to Telegram

Revision ID: 20261202_0005
Revises: 0004
Create Date: 2026-12-02 08:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261202_0005"
down_revision: str | None = "0004"  # the file 20261125_0004_checkin_conversation_expiry.py
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "update_inbox",
        sa.Column("bot_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "state", sa.String(length=8), server_default=sa.text("'pending'"), nullable=False
        ),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.SmallInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_update_inbox_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("bot_id", "update_id", name=op.f("pk_update_inbox")),
    )
    op.create_index(
        "ix_update_inbox_state_received", "update_inbox", ["state", "received_at"], unique=False
    )
    op.create_index(op.f("ix_update_inbox_user_id"), "update_inbox", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_update_inbox_user_id"), table_name="update_inbox")
    op.drop_index("ix_update_inbox_state_received", table_name="update_inbox")
    op.drop_table("update_inbox")
