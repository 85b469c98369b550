"""/admin/deliveries: side effects that are retrying or failed, and broken calendar links."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import reflex as rx
from sqlmodel import Session

from tra_da.models import User
from tra_da.services import calendar_connections, outbox
from tra_da.services.access import require_role
from tra_da.state.events import event
from tra_da.state.fields import ListField, list_field
from tra_da.state.forms import FormState
from tra_da.state.page_load import PageLoad
from tra_da.state.timefmt import local


@dataclass(frozen=True)
class DeliveryRow(outbox.OutboxRow):
    next: str = ""  # next_attempt_at in the viewer's zone
    created: str = ""
    status_key: str = ""  # the message keys of the status and the kind
    kind_key: str = ""


# What the page shows of a broken calendar link, as the service gives it.
BrokenCalendarRow = calendar_connections.BrokenConnection


class DeliveriesState(PageLoad, FormState):
    rows: ListField[DeliveryRow] = list_field()
    broken: ListField[BrokenCalendarRow] = list_field()
    dead: rx.Field[int] = rx.field(0)
    retrying: rx.Field[int] = rx.field(0)
    loaded: rx.Field[bool] = rx.field(False)  # placeholders, not "all good", until then

    @event
    async def open_page(self) -> Any:
        return await self._open_for("admin")

    async def _load(self) -> None:
        zone = self.user_timezone

        def load(db: Session, actor: User) -> tuple[Any, ...]:
            require_role(actor, "admin")
            rows = [
                DeliveryRow(
                    **asdict(r),
                    next=local(r.next_attempt_at, zone),
                    created=local(r.created_at, zone),
                    status_key=f"deliveries.status.{r.status}",
                    kind_key=f"deliveries.kind.{r.kind}",
                )
                for r in outbox.problems(db, actor)
            ]
            broken = calendar_connections.broken_connections(db)
            return rows, broken, outbox.counts(db)

        result = await self._read_data(self._act(load))
        if result is not None:
            self.rows, self.broken, counts = result
            self.dead, self.retrying = counts["dead"], counts["retrying"]
            self.loaded = True

    @event
    async def retry(self, message_id: int) -> None:
        await self._act(outbox.retry, message_id)
        failed = self.error
        await self._load()
        self.error, self.notice = failed, "" if failed else self.t["deliveries.retried"]
