"""payments: mentor prices, payment holds on bookings, payments, refunds, Stripe events seen

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 18:09:55.968027
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stripe_event",
        sa.Column("id", sa.String(length=255), nullable=False),
        sa.Column("type", sa.String(length=100), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stripe_event")),
    )
    op.create_table(
        "payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("checkout_session_id", sa.String(length=255), nullable=True),
        sa.Column("checkout_url", sa.String(length=2000), nullable=True),
        sa.Column("payment_intent_id", sa.String(length=255), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("late", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('awaiting', 'processing', 'paid', 'expired', 'failed')",
            name="ck_payment_status",
        ),
        sa.CheckConstraint("amount > 0", name="ck_payment_amount"),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["booking.id"],
            name=op.f("fk_payment_booking_id_booking"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment")),
        sa.UniqueConstraint("booking_id", name=op.f("uq_payment_booking_id")),
        sa.UniqueConstraint("checkout_session_id", name=op.f("uq_payment_checkout_session_id")),
    )
    op.create_index("ix_payment_created", "payment", ["created_at"], unique=False)
    op.create_table(
        "payment_refund",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("stripe_refund_id", sa.String(length=255), nullable=True),
        sa.Column("requested_by_user_id", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.String(length=1000), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'succeeded', 'failed')", name="ck_payment_refund_status"
        ),
        sa.CheckConstraint("amount > 0", name="ck_payment_refund_amount"),
        sa.ForeignKeyConstraint(
            ["payment_id"],
            ["payment.id"],
            name=op.f("fk_payment_refund_payment_id_payment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_user_id"],
            ["user_account.id"],
            name=op.f("fk_payment_refund_requested_by_user_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_refund")),
        sa.UniqueConstraint("stripe_refund_id", name=op.f("uq_payment_refund_stripe_refund_id")),
    )
    op.create_index(
        op.f("ix_payment_refund_payment_id"), "payment_refund", ["payment_id"], unique=False
    )
    # Plain ADD COLUMN, no batch copy: booking keeps its partial unique index on live bookings
    # and mentor_profile keeps the triggers of migration 0004.
    op.add_column(
        "booking", sa.Column("payment_expires_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column(
        "mentor_profile",
        sa.Column("price_amount", sa.Integer(), server_default="0", nullable=False),
    )
    op.add_column(
        "mentor_profile",
        sa.Column("price_currency", sa.String(length=3), server_default="VND", nullable=False),
    )


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite >= 3.35), for the same reasons as above.
    op.drop_column("mentor_profile", "price_currency")
    op.drop_column("mentor_profile", "price_amount")
    op.drop_column("booking", "payment_expires_at")
    op.drop_index(op.f("ix_payment_refund_payment_id"), table_name="payment_refund")
    op.drop_table("payment_refund")
    op.drop_index("ix_payment_created", table_name="payment")
    op.drop_table("payment")
    op.drop_table("stripe_event")
