"""A mentor connects their Google Calendar (OAuth round trip), and REST bookings carry a meeting
link and their delivery state from the first answer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from tests.api.helpers import make_user, sign_in
from tra_da import db
from tra_da.integrations import google_auth
from tra_da.models import CalendarConnection, MentorProfile, Slot, User
from tra_da.services import calendar_connections, outbox


@pytest.fixture
def google_oauth(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from tra_da.settings import get_settings

    monkeypatch.setenv("GOOGLE_CLIENT_ID", "client-123.apps.googleusercontent.com")
    monkeypatch.setenv("GOOGLE_CLIENT_SECRET", "test-secret")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _mentor(email: str = "lan@example.com") -> User:
    user_id = make_user(email, "mentor")
    with db.session() as session:
        user = session.get(User, user_id)
        assert user is not None
        session.expunge(user)
        return user


def test_a_mentor_connects_their_google_calendar(
    client: TestClient, google_oauth: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    mentor = _mentor()
    ticket = calendar_connections.connect_ticket(mentor)
    start = client.get(f"/api/calendar/google/start?ticket={ticket}", follow_redirects=False)
    assert start.status_code == 303
    target = urlparse(start.headers["location"])
    params = {k: v[0] for k, v in parse_qs(target.query).items()}
    assert target.netloc == "accounts.google.com"
    assert "https://www.googleapis.com/auth/calendar.events" in params["scope"].split()
    assert params["access_type"] == "offline" and params["prompt"] == "consent"
    assert params["redirect_uri"] == "http://testserver/api/calendar/google/callback"
    seen: dict[str, str] = {}

    def exchange(settings: Any, code: str, verifier: str) -> dict[str, str]:
        seen["challenge"] = google_auth.code_challenge(verifier)
        return {"refresh_token": "1//the-refresh-token", "id_token": "id"}

    monkeypatch.setattr(google_auth, "exchange_calendar_code", exchange)
    monkeypatch.setattr(google_auth, "verify", lambda token, settings: {"email": "lan@gmail.com"})
    back = client.get(
        f"/api/calendar/google/callback?code=c&state={params['state']}", follow_redirects=False
    )
    assert back.headers["location"] == "/account?calendar=connected"
    assert seen["challenge"] == params["code_challenge"]
    with db.session() as session:
        stored = session.exec(select(CalendarConnection)).one()
        assert stored.google_email == "lan@gmail.com" and stored.status == "connected"
        assert "the-refresh-token" not in stored.refresh_token_encrypted
        assert calendar_connections.status_for(session, mentor).connected
    # The flow is over: its cookie is gone. A new one with a forged state is refused.
    client.get(f"/api/calendar/google/start?ticket={ticket}", follow_redirects=False)
    wrong = client.get("/api/calendar/google/callback?code=c&state=forged", follow_redirects=False)
    assert wrong.headers["location"] == "/account?calendar=state"


def test_the_settings_page_ticket_comes_in_a_cookie(client: TestClient, google_oauth: None) -> None:
    ticket = calendar_connections.connect_ticket(_mentor())
    client.cookies.set("td_calendar_ticket", ticket)
    start = client.get("/api/calendar/google/start", follow_redirects=False)
    assert urlparse(start.headers["location"]).netloc == "accounts.google.com"


def test_the_consent_cannot_start_without_a_valid_ticket(
    client: TestClient, google_oauth: None
) -> None:
    mentor = _mentor()
    forged = jwt.encode(
        {"sub": str(mentor.id), "aud": calendar_connections.TICKET_AUDIENCE, "exp": 4102444800},
        "not-our-key-but-long-enough-for-hs256-0123456789",
        algorithm="HS256",
    )
    for ticket in ("", "garbage", forged):
        answer = client.get(f"/api/calendar/google/start?ticket={ticket}", follow_redirects=False)
        assert answer.headers["location"] == "/account?calendar=expired"
    callback = client.get("/api/calendar/google/callback?code=c&state=s", follow_redirects=False)
    assert callback.headers["location"] == "/account?calendar=expired"  # no flow cookie


def test_without_oauth_keys_the_connection_is_not_offered(client: TestClient) -> None:
    mentor = _mentor()
    ticket = calendar_connections.connect_ticket(mentor)
    assert client.get(f"/api/calendar/google/start?ticket={ticket}").status_code == 404
    with db.session() as session:
        assert not calendar_connections.status_for(session, mentor).can_connect


def test_a_rest_booking_has_a_meeting_link_at_once_and_shows_its_delivery(
    client: TestClient,
) -> None:
    mentor = _mentor()
    mentee = sign_in(client, "an@example.com", "mentee")
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    with db.session() as session:
        profile = session.exec(
            select(MentorProfile).where(MentorProfile.user_id == mentor.id)
        ).one()
        slot = Slot(mentor_id=profile.id, start_at=start, end_at=start + timedelta(minutes=45))
        session.add(slot)
        session.commit()
        slot_id = slot.id
    booked = client.post(f"/api/slots/{slot_id}/book", headers=mentee.headers)
    assert booked.status_code == 201, booked.text
    assert booked.json()["meeting_link"].startswith("https://meet.jit.si/tra-da-")
    listed = client.get("/api/bookings", headers=mentee.headers).json()
    assert listed[0]["delivery"] == {"email": "sending", "calendar": "off", "error": ""}
    outbox.deliver_due(limit=50)
    listed = client.get("/api/bookings", headers=mentee.headers).json()
    assert listed[0]["delivery"]["email"] == "sent"
