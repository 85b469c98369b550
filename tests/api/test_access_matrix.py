"""Every REST route known so far × every kind of caller → the status they get.

Later capabilities add their routes to ROUTES; a route missing from here fails the test below.
"""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.api.helpers import PASSWORD, Person, make_user, sign_in

CALLERS = ("signed_out", "mentee", "other_mentee", "mentor", "other_mentor", "admin")

# (method, path, body factory, expected status per caller)
ROUTES: list[tuple[str, str, object, dict[str, int]]] = [
    ("GET", "/api/health", None, dict.fromkeys(CALLERS, 200)),
    (
        "GET",
        "/api/auth/me",
        None,
        {**dict.fromkeys(CALLERS, 200), "signed_out": 401},
    ),
    (
        "POST",
        "/api/auth/register",
        lambda caller: {"email": f"new-{caller}@example.com", "password": PASSWORD, "name": "Mới"},
        dict.fromkeys(CALLERS, 201),
    ),
    (
        "POST",
        "/api/auth/login",
        lambda caller: {"email": "mentee@example.com", "password": PASSWORD},
        dict.fromkeys(CALLERS, 200),
    ),
    (
        "POST",
        "/api/auth/refresh",
        lambda caller: {"refresh_token": "fresh"},
        {**dict.fromkeys(CALLERS, 200), "signed_out": 401},
    ),
    ("GET", "/api/import-samples/{kind}.csv", None, dict.fromkeys(CALLERS, 200)),
    # The directory is public (issue 18): visitors read it without a token.
    ("GET", "/api/mentors", None, dict.fromkeys(CALLERS, 200)),
    (
        "POST",
        "/api/mentors",
        lambda caller: {
            "email": f"new-mentor-{caller}@example.com",
            "name": "Mentor Mới",
            "expertise": ["sql"],
            "bio": "",
            "track": "Data",
            "max_mentees": 3,
        },
        {**dict.fromkeys(CALLERS, 403), "signed_out": 401, "admin": 201},
    ),
    ("GET", "/api/mentors/{mentor_id}", None, dict.fromkeys(CALLERS, 200)),
    ("GET", "/api/mentors/{mentor_id}/slots", None, dict.fromkeys(CALLERS, 200)),
    (
        "POST",
        "/api/mentors/{mentor_id}/slots",
        lambda caller, ctx: {"start_at": ctx["free_start"], "end_at": ctx["free_end"]},
        {
            "signed_out": 401,
            "mentee": 403,
            "other_mentee": 403,
            "mentor": 201,
            "other_mentor": 403,
            "admin": 201,
        },
    ),
    (
        "POST",
        "/api/slots/{slot_id}/book",
        None,
        {
            "signed_out": 401,
            "mentee": 201,
            "other_mentee": 201,
            "mentor": 403,
            "other_mentor": 403,
            "admin": 403,
        },
    ),
    ("GET", "/api/bookings", None, {**dict.fromkeys(CALLERS, 200), "signed_out": 401}),
    (
        "POST",
        "/api/bookings/{booking_id}/cancel",
        lambda caller, ctx: {"reason": "test"},
        {
            "signed_out": 401,
            "mentee": 200,
            "other_mentee": 404,
            "mentor": 200,
            "other_mentor": 404,
            "admin": 200,
        },
    ),
    (
        "POST",
        "/api/bookings/{booking_id}/reschedule",
        lambda caller, ctx: {"slot_id": ctx["slot_id"]},
        {
            "signed_out": 401,
            "mentee": 200,
            "other_mentee": 404,
            "mentor": 403,
            "other_mentor": 403,
            "admin": 403,
        },
    ),
    (
        "GET",
        "/api/mentees/me/recommendations",
        None,
        {**dict.fromkeys(CALLERS, 403), "signed_out": 401, "mentee": 200, "other_mentee": 200},
    ),
    (
        "GET",
        "/api/mentors/me/mentees",
        None,
        {
            "signed_out": 401,
            "mentee": 403,
            "other_mentee": 403,
            "mentor": 200,
            "other_mentor": 200,
            "admin": 403,
        },
    ),
    (
        "POST",
        "/api/session-logs",
        lambda caller, ctx: {
            "mentee_id": ctx["mentee_id"],
            "session_date": ctx["today"],
            "topic": "Phỏng vấn thử",
            "mentor_score": 4,
            "needs_support": False,
            "notes": "private",
        },
        {
            "signed_out": 401,
            "mentee": 403,
            "other_mentee": 403,
            "mentor": 201,
            "other_mentor": 404,  # not their mentee: never confirm who is someone else's
            "admin": 403,
        },
    ),
    (
        "GET",
        "/api/session-logs",
        None,
        {**dict.fromkeys(CALLERS, 200), "signed_out": 401},
    ),
    (
        "GET",
        "/api/session-logs?mentee_id={mentee_id}",
        None,
        {
            "signed_out": 401,
            "mentee": 200,
            "other_mentee": 404,
            "mentor": 200,
            "other_mentor": 404,
            "admin": 200,
        },
    ),
    (
        "PUT",
        "/api/mentors/{mentor_id}/price",
        lambda caller, ctx: {"amount": 0, "currency": "VND"},  # free: no checkout afterwards
        {
            "signed_out": 401,
            "mentee": 403,
            "other_mentee": 403,
            "mentor": 200,
            "other_mentor": 403,
            "admin": 200,
        },
    ),
    (
        "GET",
        "/api/bookings/{booking_id}/payment",
        None,
        {
            "signed_out": 401,
            "mentee": 200,
            "other_mentee": 404,
            "mentor": 200,
            "other_mentor": 404,
            "admin": 200,
        },
    ),
    (
        "GET",
        "/api/payments",
        None,
        {**dict.fromkeys(CALLERS, 403), "signed_out": 401, "admin": 200},
    ),
    (
        "POST",
        "/api/payments/{payment_id}/refund",
        lambda caller, ctx: {"reason": "test"},
        {**dict.fromkeys(CALLERS, 403), "signed_out": 401, "admin": 202},
    ),
    (
        "POST",
        "/api/payments/stripe/webhook",
        lambda caller, ctx: {"id": "evt_unsigned", "type": "checkout.session.completed"},
        dict.fromkeys(CALLERS, 400),  # no Stripe-Signature: refused whoever calls
    ),
    # The booking is ahead: its mentee gets 409 (not yet reviewable); see test_reviews_api.py.
    (
        "POST",
        "/api/bookings/{booking_id}/review",
        lambda caller, ctx: {"rating": 5, "text": ""},
        {
            "signed_out": 401,
            "mentee": 409,
            "other_mentee": 404,
            "mentor": 403,
            "other_mentor": 403,
            "admin": 403,
        },
    ),
    ("GET", "/api/mentors/{mentor_id}/reviews", None, dict.fromkeys(CALLERS, 200)),
    # A mentee may wait (201) while the matrix's mentor has no open slot in the next 14 days and
    # is refused (409) while they do: each call adds slots later than the last, so which one
    # applies depends on how many calls came before. Leaving a wait one is not on is a no-op
    # (204). test_waitlist_api.py holds the rules; this row holds who gets past the role check.
    (
        "GET",
        "/api/mentors/{mentor_id}/waitlist",
        None,
        {**dict.fromkeys(CALLERS, 200), "signed_out": 401},
    ),
    (
        "POST",
        "/api/mentors/{mentor_id}/waitlist",
        None,
        {
            **dict.fromkeys(CALLERS, 403),
            "signed_out": 401,
            "mentee": (201, 409),
            "other_mentee": (201, 409),
        },
    ),
    (
        "DELETE",
        "/api/mentors/{mentor_id}/waitlist",
        None,
        {**dict.fromkeys(CALLERS, 403), "signed_out": 401, "mentee": 204, "other_mentee": 204},
    ),
    ("GET", "/api/me/calendar-feed", None, {**dict.fromkeys(CALLERS, 200), "signed_out": 401}),
    ("POST", "/api/me/calendar-feed", None, {**dict.fromkeys(CALLERS, 200), "signed_out": 401}),
    ("DELETE", "/api/me/calendar-feed", None, {**dict.fromkeys(CALLERS, 204), "signed_out": 401}),
    # The token is the credential: an unknown one is 404 whoever asks.
    ("GET", "/api/calendar/feed/{token}.ics", None, dict.fromkeys(CALLERS, 404)),
    ("GET", "/api/reviews", None, {**dict.fromkeys(CALLERS, 403), "signed_out": 401, "admin": 200}),
    (
        "POST",
        "/api/reviews/{review_id}/hide",  # no such review: admins get as far as 404
        lambda caller, ctx: {"reason": "test"},
        {**dict.fromkeys(CALLERS, 403), "signed_out": 401, "admin": 404},
    ),
    (
        "POST",
        "/api/reviews/{review_id}/unhide",
        None,
        {**dict.fromkeys(CALLERS, 403), "signed_out": 401, "admin": 404},
    ),
    (
        "POST",
        "/api/auth/logout",
        lambda caller: {"refresh_token": "fresh"},
        {**dict.fromkeys(CALLERS, 204), "signed_out": 401},
    ),
]


def _people(client: TestClient) -> dict[str, Person | None]:
    make_user("mentee@example.com", "mentee")
    return {
        "signed_out": None,
        "mentee": sign_in(client, "mentee@example.com"),
        "other_mentee": sign_in(client, "other@example.com", "mentee"),
        "mentor": sign_in(client, "mentor@example.com", "mentor"),
        "other_mentor": sign_in(client, "other-mentor@example.com", "mentor"),
        "admin": sign_in(client, "admin@example.com", "admin"),
    }


def _payload(body: object, caller: str, ctx: dict) -> dict | None:
    if not callable(body):
        return None
    try:
        return body(caller, ctx)  # type: ignore[call-arg]
    except TypeError:
        return body(caller)  # type: ignore[call-arg]


_offset = iter(range(1, 10_000))


def _context(people: dict) -> dict:
    """Fresh objects for one call: the mentor's id, an open slot, a booking of 'mentee'."""
    from datetime import UTC, datetime, timedelta

    from sqlmodel import select

    from tra_da import db
    from tra_da.models import MenteeProfile, MentorProfile, Payment, Slot, User
    from tra_da.services import booking

    base = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=5)
    with db.session() as session:
        mentor = session.exec(
            select(MentorProfile)
            .join(User, User.id == MentorProfile.user_id)
            .where(User.email == people["mentor"].email)
        ).one()

        def slot() -> int:
            start = base + timedelta(hours=next(_offset))
            row = Slot(mentor_id=mentor.id, start_at=start, end_at=start + timedelta(minutes=30))
            session.add(row)
            session.commit()
            return row.id

        mentee = session.exec(select(User).where(User.email == people["mentee"].email)).one()
        mentee_id = session.exec(
            select(MenteeProfile.id).where(MenteeProfile.user_id == mentee.id)
        ).one()
        booked = booking.book_slot(session, mentee, slot())
        paid = booking.book_slot(session, mentee, slot())
        payment = Payment(
            booking_id=paid.id,
            amount=50_000,
            currency="VND",
            status="paid",
            payment_intent_id=f"pi_matrix_{paid.id}",
        )
        session.add(payment)
        session.commit()
        # Bookings are limited to three upcoming per mentee: keep the count low.
        free = base + timedelta(hours=next(_offset), minutes=45)
        return {
            "mentor_id": mentor.id,
            "slot_id": slot(),
            "booking_id": booked.id,
            "payment_id": payment.id,
            "mentee_id": mentee_id,
            "review_id": 999_999,
            "token": "not-a-feed-token",  # none: the matrix checks who gets past the role check
            "today": datetime.now(UTC).date().isoformat(),
            "free_start": free.isoformat(),
            "free_end": (free + timedelta(minutes=10) + timedelta(minutes=5)).isoformat(),
        }


@pytest.mark.parametrize("route", ROUTES, ids=[f"{m} {p}" for m, p, _, _ in ROUTES])
def test_access_matrix(client: TestClient, route: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    from tra_da.settings import get_settings

    monkeypatch.setenv("BOOKING_MAX_UPCOMING", "50")  # every call books a fresh session
    # Payments on (prices can be set); no route here reaches Stripe itself.
    monkeypatch.setenv("STRIPE_SECRET_KEY", "sk_test_matrix")
    monkeypatch.setenv("STRIPE_WEBHOOK_SECRET", "whsec_matrix")
    monkeypatch.setenv("STRIPE_API_BASE", "http://127.0.0.1:9")
    get_settings.cache_clear()
    method, path, body, expected = route
    people = _people(client)
    for caller in CALLERS:
        person = people[caller]
        # Each call gets a fresh session so logout/refresh rows do not depend on order.
        if person is not None:
            person = sign_in(client, person.email)
        ctx = _context(people)
        payload = _payload(body, caller, ctx)
        if payload and payload.get("refresh_token") == "fresh":
            payload = {"refresh_token": person.refresh if person else "unknown-token"}
        headers = person.headers if person else {}
        url = path.replace("{kind}", "mentors").format(**ctx)
        response = client.request(method, url, json=payload, headers=headers)
        allowed = expected[caller] if isinstance(expected[caller], tuple) else (expected[caller],)
        assert response.status_code in allowed, (caller, method, path, response.text)


def test_every_api_route_is_in_the_matrix(asgi_app: object) -> None:
    from tra_da.api.app import create_api

    def flattened(routes: list) -> list:
        # FastAPI >= 0.16x keeps an included router as one entry holding the original router.
        out = []
        for route in routes:
            inner = getattr(route, "original_router", None)
            out.extend(flattened(inner.routes) if inner is not None else [route])
        return out

    known = {(m, p.split("?")[0]) for m, p, _, _ in ROUTES}
    routes = flattened(create_api().routes)
    assert any(getattr(r, "path", "") == "/api/bookings" for r in routes)  # not vacuous
    for route in routes:
        methods = getattr(route, "methods", None) or set()
        path = getattr(route, "path", "")
        if not path.startswith("/api/") or "{path" in path or path.startswith("/api/docs"):
            continue
        if path in ("/api/openapi.json",) or path.startswith(
            ("/api/auth/google", "/api/calendar/google")
        ):
            continue  # documentation, and browser redirects tested in their own files
        for method in methods - {"HEAD"}:
            assert (method, path) in known, f"add {method} {path} to the access matrix"
