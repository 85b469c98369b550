"""/api/mentors/me/mentees and /api/session-logs as a mobile app sees them (shared/API.md)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select
from starlette.testclient import TestClient

from tests.api.helpers import Person, make_user, sign_in
from tra_da import db
from tra_da.models import Booking, MenteeProfile, MentorProfile, Slot


def _ids(mentor: Person, mentee: Person) -> tuple[int, int]:
    with db.session() as session:
        mentor_id = session.exec(
            select(MentorProfile.id).where(MentorProfile.user_id == mentor.user_id)
        ).one()
        profile = session.exec(
            select(MenteeProfile).where(MenteeProfile.user_id == mentee.user_id)
        ).one()
        profile.mentor_id = mentor_id
        session.add(profile)
        session.commit()
        assert profile.id is not None
        return mentor_id, profile.id


def _past_booking(mentor_id: int, mentee_id: int) -> int:
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    with db.session() as session:
        slot = Slot(
            mentor_id=mentor_id, start_at=start, end_at=start + timedelta(hours=1), status="booked"
        )
        session.add(slot)
        session.flush()
        booking = Booking(
            slot_id=slot.id or 0,
            mentor_id=mentor_id,
            mentee_id=mentee_id,
            start_at=slot.start_at,
            end_at=slot.end_at,
        )
        session.add(booking)
        session.commit()
        return booking.id or 0


def test_a_logged_session_reaches_the_mentee_without_private_notes(client: TestClient) -> None:
    mentor = sign_in(client, "lan@example.com", "mentor")
    mentee = sign_in(client, "an@example.com", "mentee")
    other_mentor = sign_in(client, "minh@example.com", "mentor")
    admin = sign_in(client, "admin@example.com", "admin")
    mentor_id, mentee_id = _ids(mentor, mentee)
    booking_id = _past_booking(mentor_id, mentee_id)
    # The booked session's day where the mentor lives: a log is not dated after its session.
    held = datetime.now(UTC) - timedelta(days=1)
    today = held.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).date().isoformat()
    body = {
        "mentee_id": mentee_id,
        "session_date": today,
        "topic": "System design",
        "mentor_score": 4,
        "needs_support": True,
        "notes": "Worried about the interview",
        "booking_id": booking_id,
    }
    created = client.post("/api/session-logs", json=body, headers=mentor.headers)
    assert created.status_code == 201, created.text
    log = created.json()
    assert log["notes"] == "Worried about the interview" and log["needs_support"] is True
    assert log["booking_id"] == booking_id and log["editable"] is True

    again = client.post("/api/session-logs", json=body, headers=mentor.headers)
    assert again.status_code == 409
    assert "already logged" in again.json()["error"]["message"]

    seen = client.get(f"/api/session-logs?mentee_id={mentee_id}", headers=mentee.headers)
    assert seen.status_code == 200
    (item,) = seen.json()
    assert item["topic"] == "System design"
    assert "notes" not in item and "needs_support" not in item and "mentor_score" not in item
    assert "Worried" not in seen.text

    assert client.get("/api/session-logs", headers=other_mentor.headers).json() == []
    admin_view = client.get(f"/api/session-logs?mentee_id={mentee_id}", headers=admin.headers)
    assert admin_view.json()[0]["notes"] == "Worried about the interview"

    mentees = client.get("/api/mentors/me/mentees", headers=mentor.headers)
    assert mentees.status_code == 200
    (row,) = mentees.json()
    assert (row["id"], row["sessions"], row["latest_score"], row["needs_support"]) == (
        mentee_id,
        1,
        4,
        True,
    )
    assert row["last_session"] is not None and row["next_session"] is None
    assert client.get("/api/mentors/me/mentees", headers=other_mentor.headers).json() == []


def test_bad_logs_get_a_422_that_says_what_to_fix(client: TestClient) -> None:
    mentor = sign_in(client, "lan@example.com", "mentor")
    make_user("an@example.com", "mentee")
    mentee = sign_in(client, "an@example.com")
    _, mentee_id = _ids(mentor, mentee)
    base = {
        "mentee_id": mentee_id,
        "session_date": datetime.now(UTC).date().isoformat(),
        "topic": "Topic",
        "mentor_score": 3,
        "needs_support": False,
        "notes": "",
    }
    for change, words in (
        ({"mentor_score": 9}, "1 to 5"),
        ({"topic": ""}, "topic"),
        ({"session_date": "2999-01-01"}, "2100"),
        ({"session_date": "1999-12-31"}, "2000"),
        (
            {"session_date": (datetime.now(UTC) + timedelta(days=2)).date().isoformat()},
            "taken place",
        ),
        ({"session_date": "yesterday"}, "session_date"),
    ):
        response = client.post("/api/session-logs", json=base | change, headers=mentor.headers)
        assert response.status_code == 422, response.text
        error = response.json()["error"]
        assert error["code"] == "invalid" and words in error["message"]
    assert client.get("/api/session-logs", headers=mentor.headers).json() == []  # nothing saved
