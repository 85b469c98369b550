"""/admin/deliveries: side effects that are retrying or failed, and broken calendar links."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from tra_da.models import User
from tra_da.services import calendar_connections, outbox
from tra_da.services.access import require_role
from tra_da.state.events import event
from tra_da.state.fields import ListField, list_field
from tra_da.state.forms import FormState
from tra_da.state.timefmt import local


class DeliveriesState(FormState):
    rows: ListField[dict[str, Any]] = list_field()
    broken: ListField[dict[str, str]] = list_field()
    dead: rx.Field[int] = rx.field(0)
    retrying: rx.Field[int] = rx.field(0)

    @event
    async def open_page(self) -> Any:
        return await self._open_for("admin")

    async def _load(self) -> None:
        zone = self.user_timezone

        def load(db: Session, actor: User) -> tuple[Any, ...]:
            require_role(actor, "admin")
            rows = [
                {
                    "id": r.id,
                    "kind": r.kind,
                    "what": r.what,
                    "to": r.recipient,
                    "booking": r.booking_id or 0,
                    "status": r.status,
                    "attempts": r.attempts,
                    "error": r.last_error,
                    "next": local(r.next_attempt_at, zone),
                    "created": local(r.created_at, zone),
                }
                for r in outbox.problems(db, actor)
            ]
            broken = [
                {
                    "mentor": c.mentor_name,
                    "google": c.google_email,
                    "error": c.error,
                    "since": local(c.since, zone),
                }
                for c in calendar_connections.broken_connections(db)
            ]
            return rows, broken, outbox.counts(db)

        result = await self._act(load)
        if result is not None:
            self.rows, self.broken, counts = result
            self.dead, self.retrying = counts["dead"], counts["retrying"]

    @event
    async def retry(self, message_id: int) -> None:
        await self._act(outbox.retry, message_id)
        failed = self.error
        await self._load()
        self.error, self.notice = failed, "" if failed else self.t["deliveries.retried"]
