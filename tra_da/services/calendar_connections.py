"""Who may write a mentor's calendar: a Workspace service account, or the mentor's own Google
account connected with OAuth (refresh token encrypted at rest). A connection that stops working
is marked broken and shown to the mentor and to admins; it is never silently ignored."""

from __future__ import annotations

import base64
import functools
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import jwt
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import bindparam, update
from sqlmodel import Session, col, select

from tra_da.integrations import google_calendar
from tra_da.models import Booking, CalendarConnection, MentorProfile, OutboxMessage, User
from tra_da.models.base import utcnow
from tra_da.services import audit
from tra_da.services.access import require_role
from tra_da.services.errors import NotFound
from tra_da.settings import get_settings


def _key_material(purpose: bytes) -> bytes:
    return _derived_key(get_settings().session_signing_key().encode(), purpose)


@functools.lru_cache(maxsize=16)
def _derived_key(secret: bytes, purpose: bytes) -> bytes:
    """HKDF of the installation's secret for one purpose; remembered per secret (each booking
    derives the calendar event id's key)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(secret)


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_key_material(b"tra-da calendar refresh tokens")))


def encrypt_token(token: str) -> str:
    return _fernet().encrypt(token.encode()).decode()


def decrypt_token(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def event_id_for(booking_id: int) -> str:
    """The Google event id of a booking chain, keyed per installation."""
    return google_calendar.event_id_for(booking_id, _key_material(b"tra-da calendar event ids"))


def service_account_configured() -> bool:
    return bool(get_settings().google_service_account_file)


def oauth_configured() -> bool:
    settings = get_settings()
    return bool(settings.google_client_id and settings.google_client_secret)


def _connection(db: Session, mentor_id: int) -> CalendarConnection | None:
    return db.exec(
        select(CalendarConnection).where(CalendarConnection.mentor_id == mentor_id)
    ).first()


def _own_mentor_id(db: Session, user: User) -> int:
    mentor_id = db.exec(select(MentorProfile.id).where(MentorProfile.user_id == user.id)).one()
    assert mentor_id is not None
    return mentor_id


@functools.cache
def _connected_statement() -> Any:
    """Built once: whether a mentor has a calendar connection (its id only)."""
    return select(CalendarConnection.id).where(
        CalendarConnection.mentor_id == bindparam("mentor_id")
    )


def available_for(db: Session, mentor_id: int) -> bool:
    """Whether a booking with this mentor gets a Google Calendar event."""
    if service_account_configured():
        return True
    return db.exec(_connected_statement(), params={"mentor_id": mentor_id}).first() is not None


class ConnectionBroken(Exception):
    """The mentor's Google connection no longer works; they must connect again."""


def client_for(
    db: Session, mentor_id: int
) -> tuple[google_calendar.CalendarClient, CalendarConnection | None] | None:
    """A calendar client acting for this mentor, and the connection it uses (None for the
    service account); None when neither way is configured."""
    settings = get_settings()
    connection = _connection(db, mentor_id)
    if connection is not None:
        if connection.status != "connected":
            raise ConnectionBroken(connection.last_error or "the Google connection is broken")
        try:
            refresh_token = decrypt_token(connection.refresh_token_encrypted)
        except InvalidToken:
            raise ConnectionBroken(
                "the stored token cannot be read (SECRET_KEY changed?)"
            ) from None
        service = google_calendar.service_for_oauth(
            refresh_token,
            settings.google_client_id or "",
            settings.google_client_secret or "",
            settings.google_token_uri,
        )
        return google_calendar.CalendarClient(service), connection
    if settings.google_service_account_file:
        mentor_email = db.exec(
            select(User.email)
            .join(MentorProfile, col(MentorProfile.user_id) == User.id)
            .where(MentorProfile.id == mentor_id)
        ).one()
        info = google_calendar.load_service_account(settings.google_service_account_file)
        subject = settings.google_delegated_user or mentor_email
        return google_calendar.CalendarClient(
            google_calendar.service_for_delegation(info, subject)
        ), None
    return None


def mark_broken(db: Session, connection_id: int, error: str) -> None:
    db.execute(
        update(CalendarConnection)
        .where(col(CalendarConnection.id) == connection_id)
        .values(status="broken", last_error=error[:1000], updated_at=utcnow())
    )
    db.commit()


def connect_from_consent(db: Session, user_id: int, refresh_token: str, google_email: str) -> None:
    """The OAuth callback's step: store the connection for the mentor who started the flow."""
    connect(db, db.get(User, user_id), refresh_token, google_email)


def connect(db: Session, actor: User | None, refresh_token: str, google_email: str) -> None:
    """Store (or replace) the mentor's connection, then retry their calendar updates that
    failed while it was broken."""
    user = require_role(actor, "mentor")
    mentor_id = _own_mentor_id(db, user)
    connection = _connection(db, mentor_id) or CalendarConnection(
        mentor_id=mentor_id, refresh_token_encrypted=""
    )
    connection.refresh_token_encrypted = encrypt_token(refresh_token)
    connection.google_email, connection.status, connection.last_error = (
        google_email,
        "connected",
        None,
    )
    connection.connected_at = connection.updated_at = utcnow()
    db.add(connection)
    audit.record(db, user, "calendar.connect", "mentor", mentor_id, after={"google": google_email})
    _retry_dead_calendar_rows(db, mentor_id)
    db.commit()


def disconnect(db: Session, actor: User | None) -> None:
    user = require_role(actor, "mentor")
    mentor_id = _own_mentor_id(db, user)
    connection = _connection(db, mentor_id)
    if connection is None:
        raise NotFound("No Google Calendar is connected.")
    db.delete(connection)
    audit.record(db, user, "calendar.disconnect", "mentor", mentor_id)
    db.commit()


def _retry_dead_calendar_rows(db: Session, mentor_id: int) -> None:
    db.execute(
        update(OutboxMessage)
        .where(
            col(OutboxMessage.kind) == "calendar",
            col(OutboxMessage.status) == "dead",
            col(OutboxMessage.booking_id).in_(
                select(Booking.id).where(Booking.mentor_id == mentor_id)
            ),
        )
        .values(status="pending", attempts=0, next_attempt_at=utcnow(), last_error=None)
        .execution_options(synchronize_session=False)
    )


@dataclass(frozen=True)
class ConnectionStatus:
    can_connect: bool  # OAuth is configured on this server
    by_service_account: bool
    connected: bool
    broken: bool
    google_email: str
    error: str


def status_for(db: Session, actor: User | None) -> ConnectionStatus:
    user = require_role(actor, "mentor")
    mentor_id = _own_mentor_id(db, user)
    connection = _connection(db, mentor_id or 0)
    return ConnectionStatus(
        can_connect=oauth_configured(),
        by_service_account=service_account_configured(),
        connected=connection is not None and connection.status == "connected",
        broken=connection is not None and connection.status == "broken",
        google_email=connection.google_email if connection else "",
        error=(connection.last_error or "") if connection else "",
    )


@dataclass(frozen=True)
class BrokenConnection:
    mentor_id: int
    mentor_name: str
    google_email: str
    error: str
    since: datetime


def broken_connections(db: Session) -> list[BrokenConnection]:
    """For admins: mentors whose calendar updates fail until they connect again."""
    rows = db.exec(
        select(CalendarConnection, User.name)
        .join(MentorProfile, col(MentorProfile.id) == CalendarConnection.mentor_id)
        .join(User, col(User.id) == MentorProfile.user_id)
        .where(CalendarConnection.status == "broken")
        .order_by(col(CalendarConnection.updated_at).desc())
    ).all()
    return [
        BrokenConnection(c.mentor_id, name, c.google_email, c.last_error or "", c.updated_at)
        for c, name in rows
    ]


TICKET_AUDIENCE = "tra-da-calendar-connect"
TICKET_SECONDS = 900


def connect_ticket(actor: User | None) -> str:
    """A 15-minute pass, kept in a cookie scoped to /api/calendar/google, that lets this browser
    start the Google consent for this mentor (the API routes cannot see the app's websocket
    session)."""
    user = require_role(actor, "mentor")
    claims = {
        "sub": str(user.id),
        "aud": TICKET_AUDIENCE,
        "exp": int(time.time()) + TICKET_SECONDS,
    }
    return jwt.encode(claims, get_settings().session_signing_key(), algorithm="HS256")


def ticket_holder(db: Session, ticket: str) -> User | None:
    """The active mentor a ticket was issued to, or None when it is forged or expired."""
    try:
        claims = jwt.decode(
            ticket,
            get_settings().session_signing_key(),
            algorithms=["HS256"],
            audience=TICKET_AUDIENCE,
            options={"require": ["exp", "sub", "aud"]},
        )
    except jwt.PyJWTError:
        return None
    user = db.get(User, int(claims["sub"]))
    if user is None or not user.is_active or user.role != "mentor":
        return None
    return user
