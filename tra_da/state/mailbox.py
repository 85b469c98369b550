"""/admin/mailbox: the development mailbox, for admins."""

from __future__ import annotations

from typing import Any

from tra_da.admission import run_admitted
from tra_da.models.mailbox import MailboxMessagePublic
from tra_da.services import mailbox
from tra_da.state import work
from tra_da.state.events import event
from tra_da.state.fields import ListField, list_field
from tra_da.state.session import SessionState
from tra_da.state.timefmt import local


class MessageRow(MailboxMessagePublic):
    at: str = ""  # created_at in the viewer's zone


def _latest(token: str, zone: str) -> list[MessageRow]:
    messages = work.as_signed_in(token, mailbox.latest, ())
    return [MessageRow(**m.model_dump(), at=local(m.created_at, zone)) for m in messages]


class MailboxState(SessionState):
    messages: ListField[MessageRow] = list_field()

    @event
    async def open_mailbox(self) -> Any:
        redirect = await self._guard("admin")
        if self.allowed:
            self.messages = await run_admitted(_latest, self.token, self.user_timezone)
        return redirect
