"""reviews: one review per booking (rating 1-5, short text), hideable by admins; backfilled from
the mentee scores already on session logs

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 08:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("mentee_id", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=1000), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hidden_reason", sa.String(length=500), nullable=True),
        sa.Column("hidden_by_user_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name="ck_review_rating"),
        sa.CheckConstraint("length(text) <= 1000", name="ck_review_text_length"),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["booking.id"],
            name=op.f("fk_review_booking_id_booking"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["mentor_profile.id"],
            name=op.f("fk_review_mentor_id_mentor_profile"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mentee_id"],
            ["mentee_profile.id"],
            name=op.f("fk_review_mentee_id_mentee_profile"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["hidden_by_user_id"],
            ["user_account.id"],
            name=op.f("fk_review_hidden_by_user_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review")),
        sa.UniqueConstraint("booking_id", name=op.f("uq_review_booking_id")),
    )
    op.create_index(
        "ix_review_mentor_visible",
        "review",
        ["mentor_id", "created_at"],
        unique=False,
        postgresql_where=sa.text("hidden_at IS NULL"),
        sqlite_where=sa.text("hidden_at IS NULL"),
    )
    op.create_index("ix_review_created", "review", ["created_at"], unique=False)
    op.create_index("ix_review_mentee", "review", ["mentee_id"], unique=False)
    # Ratings mentees gave before reviews existed count too: one review (no text) per rated,
    # booked session log, dated by the log's last change. The booking's own mentor and mentee
    # are taken (a log always names the same ones).
    op.execute(
        """
        INSERT INTO review (booking_id, mentor_id, mentee_id, rating, text, created_at, updated_at)
        SELECT b.id, b.mentor_id, b.mentee_id, l.mentee_score, '', l.updated_at, l.updated_at
        FROM session_log l JOIN booking b ON b.id = l.booking_id
        WHERE l.mentee_score IS NOT NULL AND l.booking_id IS NOT NULL
        """
    )


def downgrade() -> None:
    op.drop_index("ix_review_mentee", table_name="review")
    op.drop_index("ix_review_created", table_name="review")
    op.drop_index("ix_review_mentor_visible", table_name="review")
    op.drop_table("review")
