"""Reading the development mailbox (admins only): a page of messages, newest first, found by
recipient or subject; a message's body cut into plain text and web links; its .ics attachment."""

from __future__ import annotations

import re

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from tra_da.db import lower_text
from tra_da.models import MailboxMessage, User
from tra_da.models.mailbox import BodyPart, MailboxMessagePublic
from tra_da.services.access import require_role
from tra_da.services.errors import NotFound

QUERY_MAX = 100
PAGE_SIZE_MAX = 100

# A web address as an email body writes it: http(s) only (never javascript:, data:, mailto:),
# up to whitespace or a character that cannot end one, so "(see https://x.vn/a)." links
# https://x.vn/a and leaves ")." as text.
_LINK = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\""


def body_parts(text: str) -> list[BodyPart]:
    """``text`` as runs of plain text and links, in order; joined back they are ``text``."""
    parts: list[BodyPart] = []
    at = 0
    for found in _LINK.finditer(text):
        url = found.group(0).rstrip(_TRAILING)
        if len(url) <= len("https://"):
            continue
        start = found.start()
        if start > at:
            parts.append(BodyPart(text=text[at:start]))
        parts.append(BodyPart(text=url, href=url))
        at = start + len(url)
    if at < len(text):
        parts.append(BodyPart(text=text[at:]))
    return parts


def search(
    db: Session, actor: User | None, query: str = "", page: int = 1, page_size: int = 20
) -> tuple[list[MailboxMessagePublic], int]:
    """One page of messages, newest first, and how many match: ``query`` is looked for in the
    recipient's address and the subject, case-insensitively for every letter ("ĐẶT" finds
    "Đặt"), on either database."""
    require_role(actor, "admin")
    page_size = max(1, min(page_size, PAGE_SIZE_MAX))
    statement = select(MailboxMessage)
    wanted = query.strip()[:QUERY_MAX].lower()
    if wanted:
        like = "%" + wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        statement = statement.where(
            or_(
                lower_text(MailboxMessage.to_email).like(like, escape="\\"),
                lower_text(MailboxMessage.subject).like(like, escape="\\"),
            )
        )
    total = db.exec(select(func.count()).select_from(statement.subquery())).one()
    rows = db.exec(
        statement.order_by(col(MailboxMessage.id).desc())
        .offset((max(page, 1) - 1) * page_size)
        .limit(page_size)
    ).all()
    return [MailboxMessagePublic.model_validate(m, from_attributes=True) for m in rows], int(total)


def invitation(db: Session, actor: User | None, message_id: int) -> str:
    """The .ics calendar invitation a message carried, for whoever may read the mailbox."""
    require_role(actor, "admin")
    message = db.get(MailboxMessage, message_id)
    if message is None or not message.ics:
        raise NotFound("This message has no calendar invitation.", "err.mailbox_no_ics")
    return message.ics
