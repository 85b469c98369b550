"""Reading the development mailbox (admins only)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from tra_da.models import MailboxMessage, User
from tra_da.models.mailbox import MailboxMessagePublic
from tra_da.services.access import require_role


def latest(db: Session, actor: User | None, limit: int = 50) -> list[MailboxMessagePublic]:
    require_role(actor, "admin")
    statement = select(MailboxMessage).order_by(col(MailboxMessage.id).desc()).limit(limit)
    return [
        MailboxMessagePublic.model_validate(m, from_attributes=True)
        for m in db.exec(statement).all()
    ]
