"""/admin/mailbox: the development mailbox, for admins: 20 messages a page, searched by
recipient or subject, links in bodies clickable, an invitation's .ics downloadable."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from tra_da.models import User
from tra_da.models.mailbox import BodyPart as BodyPart  # the pages type body parts by it
from tra_da.models.mailbox import MailboxMessagePublic
from tra_da.services import mailbox
from tra_da.state.admin import AdminListState
from tra_da.state.events import event
from tra_da.state.fields import ListField, list_field
from tra_da.state.forms import FormState
from tra_da.state.page_load import PageLoad
from tra_da.state.timefmt import local


class MessageRow(MailboxMessagePublic):
    at: str = ""  # created_at in the viewer's zone
    parts: list[BodyPart] = []  # text_body as text and http(s) links
    has_ics: bool = False  # the .ics text itself stays on the server until downloaded


class MailboxState(AdminListState, PageLoad, FormState):
    messages: ListField[MessageRow] = list_field()
    loaded: rx.Field[bool] = rx.field(False)

    @event
    async def open_mailbox(self) -> Any:
        self.query, self.page, self.loaded = "", 1, False
        return await self._open_for("admin")

    async def _load(self) -> None:
        zone, query, page, size = self.user_timezone, self.query, self.page, self.page_size

        def load(db: Session, actor: User) -> tuple[list[MessageRow], int]:
            found, total = mailbox.search(db, actor, query, page, size)
            return [
                MessageRow(
                    **m.model_dump(exclude={"ics"}),
                    at=local(m.created_at, zone),
                    parts=mailbox.body_parts(m.text_body),
                    has_ics=bool(m.ics),
                )
                for m in found
            ], total

        result = await self._read_data(self._act(load))
        if result is not None:
            self.messages, self.total = result
            self.loaded = True

    @event
    async def download_ics(self, message_id: int) -> Any:
        """The invitation as a file, read again from the database for this admin."""
        ics = await self._act(mailbox.invitation, int(message_id))
        if ics is not None:
            yield rx.download(
                data=ics, filename=f"invitation-{int(message_id)}.ics", mime_type="text/calendar"
            )
