"""The audit log: every admin change, who made it, when, and the values before and after."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from tra_da.models import AuditEntry, User
from tra_da.models.audit import AuditEntryPublic
from tra_da.request_context import current_request_id
from tra_da.services.access import require_role


def snapshot(row: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """The chosen fields of a row as JSON-safe values (never a password hash)."""
    values = {}
    for name in fields:
        value = getattr(row, name)
        values[name] = value.isoformat() if isinstance(value, (date, datetime)) else value
    return values


def record(
    db: Session,
    actor: User,
    action: str,
    entity: str,
    entity_id: object,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Add an entry in the caller's transaction: the change and its record land together."""
    changed_before, changed_after = before, after
    if before is not None and after is not None:
        keys = [k for k in after if before.get(k) != after.get(k)]
        changed_before = {k: before.get(k) for k in keys}
        changed_after = {k: after[k] for k in keys}
    db.add(
        AuditEntry(
            actor_user_id=actor.id,
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            before=changed_before,
            after=changed_after,
            request_id=current_request_id(),
        )
    )


def search(
    db: Session, actor: User | None, query: str = "", page: int = 1, page_size: int = 50
) -> tuple[list[AuditEntryPublic], int]:
    require_role(actor, "admin")
    statement = select(AuditEntry, User.name).outerjoin(
        User, col(User.id) == AuditEntry.actor_user_id
    )
    if query.strip():
        like = f"%{query.strip().lower()}%"
        statement = statement.where(
            or_(
                func.lower(AuditEntry.action).like(like),
                func.lower(AuditEntry.entity).like(like),
                func.lower(func.coalesce(User.name, "")).like(like),
                col(AuditEntry.entity_id) == query.strip(),
            )
        )
    total = db.exec(select(func.count()).select_from(statement.subquery())).one()
    rows = db.exec(
        statement.order_by(col(AuditEntry.id).desc())
        .offset((max(page, 1) - 1) * page_size)
        .limit(page_size)
    ).all()
    return [
        AuditEntryPublic(
            at=e.at,
            actor=name or "—",
            action=e.action,
            entity=e.entity,
            entity_id=e.entity_id or "",
            before=e.before,
            after=e.after,
        )
        for e, name in rows
    ], int(total)
