"""Reviews over REST (README, REST section): a mentee reviews a past session (201, 200 on an
edit), anyone reads a mentor's visible reviews, admins list, hide and unhide them; the mentor
objects carry rating {average, count}."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select
from starlette.testclient import TestClient

from tests.api.helpers import Person, sign_in
from tra_da import db
from tra_da.models import AuditEntry, Booking, MenteeProfile, MentorProfile, Slot


def _profile_ids(mentor: Person, *mentees: Person) -> tuple[int, list[int]]:
    with db.session() as session:
        mentor_id = session.exec(
            select(MentorProfile.id).where(MentorProfile.user_id == mentor.user_id)
        ).one()
        ids = [
            session.exec(select(MenteeProfile.id).where(MenteeProfile.user_id == m.user_id)).one()
            for m in mentees
        ]
        return mentor_id or 0, [i or 0 for i in ids]


def _booking(mentor_id: int, mentee_id: int, days_ago: float, status: str = "confirmed") -> int:
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=days_ago)
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
            status=status,
        )
        session.add(booking)
        session.commit()
        return booking.id or 0


def test_a_mentee_reviews_then_edits_and_the_rating_shows_from_three(client: TestClient) -> None:
    mentor = sign_in(client, "mentor@example.com", "mentor")
    people = [sign_in(client, f"m{i}@example.com", "mentee") for i in range(3)]
    mentor_id, mentee_ids = _profile_ids(mentor, *people)
    first = _booking(mentor_id, mentee_ids[0], 2)

    created = client.post(
        f"/api/bookings/{first}/review",
        json={"rating": 3, "text": "Good"},
        headers=people[0].headers,
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["rating"], body["text"], body["booking_id"], body["editable"]) == (
        3,
        "Good",
        first,
        True,
    )
    assert "email" not in body and "mentee_id" not in body
    edited = client.post(
        f"/api/bookings/{first}/review", json={"rating": 5}, headers=people[0].headers
    )
    assert edited.status_code == 200 and edited.json()["id"] == body["id"]
    assert edited.json()["text"] == ""

    card = client.get(f"/api/mentors/{mentor_id}", headers=people[0].headers).json()
    assert card["rating"] == {"average": None, "count": 1}
    for n, (person, mentee_id) in enumerate(zip(people[1:], mentee_ids[1:], strict=True)):
        booking_id, rating = _booking(mentor_id, mentee_id, 3 + n), 4
        response = client.post(
            f"/api/bookings/{booking_id}/review", json={"rating": rating}, headers=person.headers
        )
        assert response.status_code == 201
    listed = client.get("/api/mentors", headers=people[0].headers).json()
    assert [m["rating"] for m in listed["items"] if m["id"] == mentor_id] == [
        {"average": 4.3, "count": 3}
    ]
    # Anyone reads the reviews, newest first, without signing in.
    page = client.get(f"/api/mentors/{mentor_id}/reviews?limit=2")
    assert page.status_code == 200
    assert page.json()["total"] == 3 and len(page.json()["items"]) == 2
    assert client.get(f"/api/mentors/{mentor_id}/reviews?offset=2").json()["items"][0]["text"] == (
        ""
    )


def test_review_refusals_carry_the_error_object(client: TestClient) -> None:
    mentor = sign_in(client, "mentor@example.com", "mentor")
    mentee = sign_in(client, "an@example.com", "mentee")
    other = sign_in(client, "chi@example.com", "mentee")
    admin = sign_in(client, "admin@example.com", "admin")
    mentor_id, (mentee_id,) = _profile_ids(mentor, mentee)
    past = _booking(mentor_id, mentee_id, 2)
    old = _booking(mentor_id, mentee_id, 40)
    cancelled = _booking(mentor_id, mentee_id, 4, status="cancelled")
    ahead = _booking(mentor_id, mentee_id, -2)

    def post(booking_id: int, who: Person | None, body: object) -> tuple[int, str]:
        response = client.post(
            f"/api/bookings/{booking_id}/review", json=body, headers=who.headers if who else {}
        )
        return response.status_code, response.json()["error"]["code"]

    assert post(past, None, {"rating": 5}) == (401, "unauthorized")
    assert post(past, mentor, {"rating": 5}) == (403, "forbidden")
    assert post(past, admin, {"rating": 5}) == (403, "forbidden")
    assert post(past, other, {"rating": 5}) == (404, "not_found")
    assert post(999_999, mentee, {"rating": 5}) == (404, "not_found")
    assert post(past, mentee, {"rating": 6}) == (422, "invalid")
    assert post(past, mentee, {"rating": 4, "text": "x" * 1001}) == (422, "invalid")
    assert post(past, mentee, {"text": "no rating"}) == (422, "invalid")
    assert post(old, mentee, {"rating": 4}) == (409, "conflict")
    assert post(cancelled, mentee, {"rating": 4}) == (409, "conflict")
    assert post(ahead, mentee, {"rating": 4}) == (409, "conflict")
    assert client.get("/api/mentors/999999/reviews").status_code == 404


def test_admins_hide_and_unhide_a_review_audited(client: TestClient) -> None:
    mentor = sign_in(client, "mentor@example.com", "mentor")
    mentee = sign_in(client, "an@example.com", "mentee")
    admin = sign_in(client, "admin@example.com", "admin")
    mentor_id, (mentee_id,) = _profile_ids(mentor, mentee)
    booking_id = _booking(mentor_id, mentee_id, 1)
    review = client.post(
        f"/api/bookings/{booking_id}/review",
        json={"rating": 1, "text": "Số điện thoại: 0901…"},
        headers=mentee.headers,
    ).json()
    hide = f"/api/reviews/{review['id']}/hide"
    assert client.post(hide, json={"reason": "x"}, headers=mentee.headers).status_code == 403
    assert client.post(hide, json={"reason": ""}, headers=admin.headers).status_code == 422
    assert client.post(hide, json={"reason": "   "}, headers=admin.headers).status_code == 422
    missing = client.post("/api/reviews/999999/hide", json={"reason": "x"}, headers=admin.headers)
    assert missing.status_code == 404
    hidden = client.post(hide, json={"reason": "Personal data"}, headers=admin.headers)
    assert hidden.status_code == 200, hidden.text
    assert (hidden.json()["hidden_reason"], hidden.json()["mentee_name"]) == (
        "Personal data",
        "Người dùng",
    )
    assert client.post(hide, json={"reason": "again"}, headers=admin.headers).status_code == 409
    assert client.get(f"/api/mentors/{mentor_id}/reviews").json() == {"items": [], "total": 0}
    listed = client.get("/api/reviews?shown=hidden", headers=admin.headers).json()
    assert [r["id"] for r in listed["items"]] == [review["id"]]
    assert client.get("/api/reviews", headers=mentee.headers).status_code == 403
    assert client.get("/api/reviews?shown=odd", headers=admin.headers).status_code == 422
    unhide = f"/api/reviews/{review['id']}/unhide"
    assert client.post(unhide, headers=admin.headers).status_code == 200
    assert client.post(unhide, headers=admin.headers).status_code == 409
    assert client.get(f"/api/mentors/{mentor_id}/reviews").json()["total"] == 1
    with db.session() as session:
        actions = session.exec(select(AuditEntry.action).where(AuditEntry.entity == "review")).all()
    assert sorted(actions) == ["review.hide", "review.unhide"]
