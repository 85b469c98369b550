"""waitlist: mentees waiting for a fully booked mentor

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 08:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "waitlist_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("mentee_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["mentor_profile.id"],
            name=op.f("fk_waitlist_entry_mentor_id_mentor_profile"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mentee_id"],
            ["mentee_profile.id"],
            name=op.f("fk_waitlist_entry_mentee_id_mentee_profile"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waitlist_entry")),
        sa.UniqueConstraint("mentor_id", "mentee_id", name="uq_waitlist_entry_mentor_mentee"),
    )
    op.create_index("ix_waitlist_entry_mentee", "waitlist_entry", ["mentee_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_waitlist_entry_mentee", table_name="waitlist_entry")
    op.drop_table("waitlist_entry")
