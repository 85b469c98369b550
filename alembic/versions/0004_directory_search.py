"""directory search: folded search text and a trigger-kept next open slot per mentor

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 17:40:00
"""

import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MIN_OPEN = (
    "(SELECT min(s.start_at) FROM slot s WHERE s.mentor_id = {m} AND s.status = 'open' "
    "AND s.start_at >= {now})"
)
_SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
_SQLITE_TRIGGERS = {
    "tr_slot_next_open_insert": "AFTER INSERT ON slot BEGIN "
    "UPDATE mentor_profile SET next_open_at = {new} WHERE id = NEW.mentor_id; END",
    "tr_slot_next_open_update": "AFTER UPDATE ON slot BEGIN "
    "UPDATE mentor_profile SET next_open_at = {new} WHERE id = NEW.mentor_id; "
    "UPDATE mentor_profile SET next_open_at = {old} WHERE id = OLD.mentor_id "
    "AND OLD.mentor_id <> NEW.mentor_id; END",
    "tr_slot_next_open_delete": "AFTER DELETE ON slot BEGIN "
    "UPDATE mentor_profile SET next_open_at = {old} WHERE id = OLD.mentor_id; END",
}
# PostgreSQL: a deferred constraint trigger, so the mentor row is locked at commit, after the
# slot rows; bookings never wait on it while holding a slot another transaction needs.
_PG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION slot_next_open() RETURNS trigger LANGUAGE plpgsql AS $$ "  # noqa: S608 (constants only)
    "BEGIN "
    "IF TG_OP <> 'INSERT' THEN "
    "UPDATE mentor_profile SET next_open_at = "
    + _MIN_OPEN.format(m="OLD.mentor_id", now="now()")
    + " WHERE id = OLD.mentor_id; END IF; "
    "IF TG_OP <> 'DELETE' THEN "
    "UPDATE mentor_profile SET next_open_at = "
    + _MIN_OPEN.format(m="NEW.mentor_id", now="now()")
    + " WHERE id = NEW.mentor_id; END IF; "
    "RETURN NULL; END $$"
)


def fold(text: str) -> str:
    """The same folding as tra_da.services.directory.fold, frozen here for the backfill."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def upgrade() -> None:
    op.add_column(
        "mentor_profile",
        sa.Column("search_text", sa.String(length=6000), server_default="", nullable=False),
    )
    op.add_column(
        "mentor_profile", sa.Column("next_open_at", sa.DateTime(timezone=True), nullable=True)
    )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        op.execute(
            "CREATE CONSTRAINT TRIGGER tr_slot_next_open AFTER INSERT OR UPDATE OR DELETE ON slot "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slot_next_open()"
        )
        now = "now()"
    else:
        for name, body in _SQLITE_TRIGGERS.items():
            op.execute(
                f"CREATE TRIGGER {name} "
                + body.format(
                    new=_MIN_OPEN.format(m="NEW.mentor_id", now=_SQLITE_NOW),
                    old=_MIN_OPEN.format(m="OLD.mentor_id", now=_SQLITE_NOW),
                )
            )
        now = _SQLITE_NOW
    op.execute(
        "UPDATE mentor_profile SET next_open_at = "  # noqa: S608 (constants only)
        + _MIN_OPEN.format(m="mentor_profile.id", now=now)
    )
    rows = bind.execute(
        sa.text(
            "SELECT p.id, u.name, p.headline, p.bio, p.track FROM mentor_profile p "
            "JOIN user_account u ON u.id = p.user_id"
        )
    ).all()
    tags: dict[int, list[str]] = {}
    for mentor_id, tag in bind.execute(sa.text("SELECT mentor_id, tag FROM mentor_expertise")):
        tags.setdefault(mentor_id, []).append(tag)
    for mentor_id, *parts in rows:
        bind.execute(
            sa.text("UPDATE mentor_profile SET search_text = :t WHERE id = :i"),
            {"t": fold(" ".join([*parts, *tags.get(mentor_id, [])]))[:6000], "i": mentor_id},
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS tr_slot_next_open ON slot")
        op.execute("DROP FUNCTION IF EXISTS slot_next_open()")
    else:
        for name in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_column("mentor_profile", "next_open_at")
    op.drop_column("mentor_profile", "search_text")
