"""/api/mentees/me/recommendations and /api/mentors?sort=match as a mobile app sees them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select
from starlette.testclient import TestClient

from tests.api.helpers import sign_in
from tra_da import db
from tra_da.models import MenteeProfile, MentorExpertise, MentorProfile, Slot, User


def _programme() -> tuple[int, int, int]:
    """Three mentors: sql (free this week), Data track, design (full)."""
    ids = []
    with db.session() as session:
        for n, (track, tags, seats) in enumerate(
            [("Web", ["sql"], 3), ("Data", ["go"], 3), ("Web", ["design", "sql"], 0)]
        ):
            user = User(email=f"m{n}@example.com", name=f"Mentor {n}", role="mentor")
            session.add(user)
            session.flush()
            profile = MentorProfile(user_id=user.id, track=track, max_mentees=seats)
            session.add(profile)
            session.flush()
            session.add_all(MentorExpertise(mentor_id=profile.id, tag=t) for t in tags)
            ids.append(profile.id)
        start = datetime.now(UTC) + timedelta(days=2)
        session.add(Slot(mentor_id=ids[0], start_at=start, end_at=start + timedelta(hours=1)))
        session.commit()
    return ids[0], ids[1], ids[2]


def _describe(user_id: int, **fields: str) -> None:
    with db.session() as session:
        profile = session.exec(select(MenteeProfile).where(MenteeProfile.user_id == user_id)).one()
        for name, value in fields.items():
            setattr(profile, name, value)
        session.commit()


def test_a_mentee_gets_recommendations_with_reasons(client: TestClient) -> None:
    sql, data, full = _programme()
    mentee = sign_in(client, "an@example.com", "mentee")
    empty = client.get("/api/mentees/me/recommendations", headers=mentee.headers)
    assert empty.status_code == 200 and empty.json() == {"items": []}
    _describe(mentee.user_id, goals="Học SQL và thiết kế", track="Data")
    response = client.get("/api/mentees/me/recommendations", headers=mentee.headers)
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [i["mentor"]["id"] for i in items] == [sql, data]  # 30 + 20 before 40; full left out
    assert [i["score"] for i in items] == [50, 40]
    assert items[0]["reason"]["code"] == "match.reason.expertise"
    assert items[0]["reason"]["text"] == "Cùng chuyên môn: sql"
    assert items[1]["reason"] == {
        "code": "match.reason.track",
        "text": "Cùng lĩnh vực: Data",
        "params": {"track": "Data"},
    }
    assert "email" not in items[0]["mentor"]
    one = client.get("/api/mentees/me/recommendations?limit=1", headers=mentee.headers)
    assert [i["mentor"]["id"] for i in one.json()["items"]] == [sql]
    for bad in ("0", "11", "x"):
        refused = client.get(f"/api/mentees/me/recommendations?limit={bad}", headers=mentee.headers)
        assert refused.status_code == 422 and "error" in refused.json()


def test_sort_match_orders_the_directory_for_mentees(client: TestClient) -> None:
    sql, data, full = _programme()
    mentee = sign_in(client, "an@example.com", "mentee")
    _describe(mentee.user_id, interests="design", track="Data")
    by_match = client.get("/api/mentors?sort=match", headers=mentee.headers)
    assert by_match.status_code == 200, by_match.text
    # Data track 40, design 30 (a full mentor is still listed), free this week 20.
    assert [m["id"] for m in by_match.json()["items"]] == [data, full, sql]
    by_name = client.get("/api/mentors", headers=mentee.headers)
    assert [m["id"] for m in by_name.json()["items"]] == [sql, data, full]
    admin = sign_in(client, "admin@example.com", "admin")
    as_admin = client.get("/api/mentors?sort=match", headers=admin.headers)
    assert [m["id"] for m in as_admin.json()["items"]] == [sql, data, full]  # the name order
    refused = client.get("/api/mentors?sort=rating", headers=mentee.headers)
    assert refused.status_code == 422 and "error" in refused.json()
