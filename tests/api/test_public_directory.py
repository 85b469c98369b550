"""The public directory (issue 18 section 1): signed-out visitors read mentors, profiles and open
slots; only public fields, never an email; the per-address rate limit still holds; each
profile's HTML carries its own title and Open Graph tags (api/sharing.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session
from starlette.testclient import TestClient

from tests import factories
from tra_da.api.sharing import ProfileHead
from tra_da.models import User
from tra_da.services import mentors
from tra_da.settings import get_settings

PUBLIC_FIELDS = {
    *("id", "user_id", "name", "headline", "bio", "track", "expertise", "avatar_url"),
    *("next_open_slot", "price", "rating"),
}


@pytest.fixture
def lan(db: Session) -> tuple[User, int, int]:
    admin = factories.admin(db)
    row = factories.mentor(
        db,
        admin,
        "lan.secret@example.com",
        name="Nguyễn Thị Lan",
        headline="Data engineer",
        bio="SQL, pipelines",
    )
    slot_id = factories.slot(db, row.id, datetime.now(UTC) + timedelta(days=3))
    return admin, row.id, slot_id


def test_visitors_read_the_directory_profiles_and_slots_without_a_token(
    client: TestClient, lan: tuple[User, int, int]
) -> None:
    _, mentor_id, slot_id = lan
    listing = client.get("/api/mentors")
    one = client.get(f"/api/mentors/{mentor_id}")
    slots = client.get(f"/api/mentors/{mentor_id}/slots")
    assert listing.status_code == one.status_code == slots.status_code == 200
    assert listing.json()["total"] == 1
    card = one.json()
    assert card["name"] == "Nguyễn Thị Lan" and card["headline"] == "Data engineer"
    assert set(card) == PUBLIC_FIELDS  # nothing else leaves: no email, no account data
    assert [s["id"] for s in slots.json()] == [slot_id]
    for response in (listing, one, slots):
        text = response.text
        assert "lan.secret" not in text and "@" not in text, text
        assert "email" not in json.dumps(response.json())


def test_a_token_that_is_sent_must_still_be_valid(
    client: TestClient, lan: tuple[User, int, int]
) -> None:
    response = client.get("/api/mentors", headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code == 401
    assert response.json()["error"]["code"]


def test_a_deactivated_or_unknown_mentor_is_not_found_by_visitors(
    client: TestClient, db: Session, lan: tuple[User, int, int]
) -> None:
    admin, mentor_id, _ = lan
    mentors.set_mentor_active(db, admin, mentor_id, False)
    assert client.get(f"/api/mentors/{mentor_id}").status_code == 404
    assert client.get(f"/api/mentors/{mentor_id}/slots").status_code == 404
    assert client.get("/api/mentors").json()["total"] == 0
    assert client.get("/api/mentors/987654").json()["error"]["code"] == "not_found"


def test_visitors_are_rate_limited_per_address(
    client: TestClient, lan: tuple[User, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RATE_LIMIT_API", "3/minute")
    get_settings.cache_clear()
    statuses = [client.get("/api/mentors").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    blocked = client.get(f"/api/mentors/{lan[1]}")
    assert blocked.status_code == 429 and "Retry-After" in blocked.headers


# --- the profile page's own head (api/sharing.py) -------------------------------------------

SHELL = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"/><title>Trà Đá — Mentor</title>'
    '<meta name="description" content="generic"/><meta property="og:image" content="/x.ico"/>'
    '<script type="module" src="/assets/root.js"></script></head><body><div id="root"></div>'
    "</body></html>"
)


def _frontend() -> Any:
    """The built frontend as the server serves a dynamic route: the SPA shell (200)."""
    seen: list[dict[str, Any]] = []

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        seen.append(scope)
        # As Starlette's FileResponse does when the server offers it (Granian does).
        assert "http.response.pathsend" not in scope.get("extensions", {})
        body = SHELL.encode()
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"text/html; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                    (b"etag", b'"shell"'),
                    (b"cache-control", b"no-cache"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    app.seen = seen  # type: ignore[attr-defined]
    return app


def test_a_profile_page_has_its_own_escaped_title_description_and_open_graph_tags(
    db: Session, lan: tuple[User, int, int]
) -> None:
    _, mentor_id, _ = lan
    user = factories.account(db, _mentor_user(db, mentor_id))
    user.name = 'Lan <script>alert("x")</script> & co'
    db.add(user)
    db.commit()
    frontend = _frontend()

    async def granian(scope: dict[str, Any], receive: Any, send: Any) -> None:
        scope["extensions"] = {**scope.get("extensions", {}), "http.response.pathsend": {}}
        await ProfileHead(frontend)(scope, receive, send)

    page = TestClient(granian).get(
        f"/mentors/{mentor_id}", headers={"Accept-Encoding": "br, gzip", "Accept-Language": "en"}
    )
    assert page.status_code == 200
    html = page.text
    assert "<script>alert" not in html
    title = "Lan &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co — Trà Đá"
    assert f"<title>{title}</title>" in html
    assert f'<meta property="og:title" content="{title}"/>' in html
    assert html.count("<title>") == 1 and "Trà Đá — Mentor" not in html
    assert '<meta property="og:type" content="profile"/>' in html
    assert '<meta name="description" content="Data engineer"/>' in html
    assert '<meta property="og:description" content="Data engineer"/>' in html
    url = get_settings().public_url.rstrip("/") + f"/mentors/{mentor_id}"
    assert f'<meta property="og:url" content="{url}"/>' in html
    assert 'content="generic"' not in html and "og:image" not in html  # no picture: no image
    assert html.index("og:title") < html.index("</head>")
    assert "etag" not in page.headers and page.headers["cache-control"] == "no-cache"
    # The frontend was asked for the whole, uncompressed page.
    sent = dict(frontend.seen[-1]["headers"])
    assert b"accept-encoding" not in sent


def test_a_profile_with_a_picture_shares_it_and_unknown_mentors_get_404(
    db: Session, lan: tuple[User, int, int]
) -> None:
    admin, mentor_id, _ = lan
    user = factories.account(db, _mentor_user(db, mentor_id))
    user.avatar_url = "/_upload/avatar-abc.png"
    db.add(user)
    db.commit()
    client = TestClient(ProfileHead(_frontend()))
    html = client.get(f"/mentors/{mentor_id}").text
    image = get_settings().public_url.rstrip("/") + "/_upload/avatar-abc.png"
    assert f'<meta property="og:image" content="{image}"/>' in html
    missing = client.get("/mentors/987654")
    assert missing.status_code == 404 and "og:title" not in missing.text
    mentors.set_mentor_active(db, admin, mentor_id, False)
    assert client.get(f"/mentors/{mentor_id}").status_code == 404
    head = client.head("/mentors/987654")
    assert head.status_code == 404 and head.content == b""
    # Other pages pass through untouched.
    assert client.get("/mentors").text == SHELL


def _mentor_user(db: Session, mentor_id: int) -> int:
    from tra_da.models import MentorProfile

    profile_row = db.get(MentorProfile, mentor_id)
    assert profile_row is not None
    return profile_row.user_id
