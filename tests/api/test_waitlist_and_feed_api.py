"""REST: joining and leaving a waitlist; the calendar feed address, its ETag and 304s."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select
from starlette.testclient import TestClient

from tests.api.helpers import sign_in
from tra_da import db
from tra_da.models import MentorProfile


def _mentor_id(user_id: int) -> int:
    with db.session() as session:
        found = session.exec(select(MentorProfile.id).where(MentorProfile.user_id == user_id)).one()
        assert found is not None
        return found


def test_join_and_leave_a_waitlist(client: TestClient) -> None:
    mentor = sign_in(client, "lan@example.com", "mentor")
    mentee = sign_in(client, "an@example.com", "mentee")
    mentor_id = _mentor_id(mentor.user_id)
    url = f"/api/mentors/{mentor_id}/waitlist"

    joined = client.post(url, headers=mentee.headers)
    assert joined.status_code == 201, joined.text
    assert joined.json()["waiting"] is True and joined.json()["mentor_id"] == mentor_id
    again = client.post(url, headers=mentee.headers)
    assert again.status_code == 200 and again.json()["waiting"] is True
    assert client.get(url, headers=mentee.headers).json()["waiting"] is True

    assert client.post(url, headers=mentor.headers).status_code == 403
    assert client.post(url).status_code == 401
    missing = client.post("/api/mentors/999999/waitlist", headers=mentee.headers)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"

    left = client.delete(url, headers=mentee.headers)
    assert left.status_code == 204 and left.content == b""
    assert client.get(url, headers=mentee.headers).json()["waiting"] is False
    assert client.delete(url, headers=mentee.headers).status_code == 204

    start = (datetime.now(UTC) + timedelta(days=3)).replace(microsecond=0)
    made = client.post(
        f"/api/mentors/{mentor_id}/slots",
        headers=mentor.headers,
        json={"start_at": start.isoformat(), "end_at": (start + timedelta(hours=1)).isoformat()},
    )
    assert made.status_code == 201, made.text
    refused = client.post(url, headers=mentee.headers)
    assert refused.status_code == 409
    assert "14 days" in refused.json()["error"]["message"]


def test_the_calendar_feed_address(client: TestClient) -> None:
    mentee = sign_in(client, "an@example.com", "mentee")
    assert client.get("/api/me/calendar-feed", headers=mentee.headers).json() == {
        "active": False,
        "created_at": None,
        "url": None,
        "webcal_url": None,
    }
    made = client.post("/api/me/calendar-feed", headers=mentee.headers)
    assert made.status_code == 200
    url, webcal = made.json()["url"], made.json()["webcal_url"]
    assert "/api/calendar/feed/" in url and webcal.startswith("webcal://")
    shown = client.get("/api/me/calendar-feed", headers=mentee.headers).json()
    assert shown["active"] is True and shown["url"] is None  # the secret is shown once

    path = url.split("://", 1)[1].split("/", 1)[1]
    feed = client.get("/" + path)  # no Authorization header: the token is the credential
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    assert feed.text.startswith("BEGIN:VCALENDAR")
    etag, modified = feed.headers["etag"], feed.headers["last-modified"]
    assert client.get("/" + path, headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/" + path, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get("/" + path, headers={"If-None-Match": '"other"'}).status_code == 200
    old = "Mon, 01 Jan 2024 00:00:00 GMT"
    assert client.get("/" + path, headers={"If-Modified-Since": old}).status_code == 200

    rotated = client.post("/api/me/calendar-feed", headers=mentee.headers).json()["url"]
    gone = client.get("/" + path)
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "not_found"
    new_path = rotated.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + new_path).status_code == 200
    assert client.delete("/api/me/calendar-feed", headers=mentee.headers).status_code == 204
    assert client.get("/" + new_path).status_code == 404
    assert client.get("/api/calendar/feed/" + "x" * 300 + ".ics").status_code == 404
    assert client.post("/api/me/calendar-feed").status_code == 401
