"""The bare baseline of `make bench`: a minimal Starlette app on Granian, same SQL, same requests.

    granian --interface asgi --factory --working-dir bench baseline:create_app

Each route signs the caller in from the Bearer token and calls the same service function as the
product's route, so the database does exactly the same work (same statements, same transaction,
same outbox rows on booking). What is left out is everything around it: Reflex, FastAPI's
dependency injection and response models, the security/body-size/rate-limit middleware.
Its ratio to the product is the cost of that stack per request.

/api/health and /api/auth/login are here for the burst model (bench/burst.py): the same service
calls as the product's routes (system.health(); auth.authenticate + open_api_session).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tra_da import db
from tra_da.models.mentor import MentorCardPublic
from tra_da.services import auth, availability, booking, directory, system
from tra_da.services.errors import Conflict, NotFound, RateLimited, ServiceError, Unauthorized

STATUS = {Unauthorized: 401, NotFound: 404, Conflict: 409, RateLimited: 429}


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _card(card: MentorCardPublic) -> dict[str, Any]:
    return card.model_dump(mode="json", exclude={"price"})


def _booking(b: Any) -> dict[str, Any]:
    return {
        "id": b.id,
        "slot_id": b.slot_id,
        "status": b.status,
        "start_at": _iso(b.start_at),
        "end_at": _iso(b.end_at),
        "meeting_link": b.meeting_link,
        "mentor_id": b.mentor_id,
    }


def _handle(request: Request, work: Any, status: int = 200) -> JSONResponse:
    token = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    with db.session() as session:
        try:
            user = auth.identity_from_access_token(session, token).user
            return JSONResponse(work(session, user), status_code=status)
        except ServiceError as exc:
            return JSONResponse({"error": exc.message}, status_code=STATUS.get(type(exc), 400))


def mentors(request: Request) -> JSONResponse:
    offset = int(request.query_params.get("offset", "0"))
    limit = int(request.query_params.get("limit", "12"))
    query = request.query_params.get("q", "")

    def work(session: Any, user: Any) -> Any:
        cards, total = directory.search(session, user, query=query, limit=limit, offset=offset)
        return {"items": [_card(c) for c in cards], "total": total}

    return _handle(request, work)


def mentor(request: Request) -> JSONResponse:
    mentor_id = int(request.path_params["mentor_id"])
    return _handle(request, lambda s, u: _card(directory.profile(s, u, mentor_id)))


def slots(request: Request) -> JSONResponse:
    mentor_id = int(request.path_params["mentor_id"])

    def work(session: Any, user: Any) -> Any:
        directory.profile(session, user, mentor_id)
        return [
            {"id": s.id, "start_at": _iso(s.start_at), "end_at": _iso(s.end_at)}
            for s in availability.open_slots(session, mentor_id, None, None)
        ]

    return _handle(request, work)


def book(request: Request) -> JSONResponse:
    slot_id = int(request.path_params["slot_id"])
    return _handle(request, lambda s, u: _booking(booking.book_slot(s, u, slot_id)), 201)


def bookings(request: Request) -> JSONResponse:
    return _handle(
        request, lambda s, u: [_booking(b) for b in booking.list_bookings(s, u, "upcoming")]
    )


def health(request: Request) -> JSONResponse:
    report = system.health()
    return JSONResponse({"status": "ok" if report.ok else "unavailable"}, 200 if report.ok else 503)


async def login(request: Request) -> JSONResponse:
    body = await request.json()
    forwarded = request.headers.get("x-forwarded-for", "").split(",")[-1].strip()
    address = forwarded or (request.client.host if request.client else None)

    def work() -> JSONResponse:
        with db.session() as session:
            try:
                user = auth.authenticate(session, body["email"], body["password"], address)
                pair = auth.open_api_session(session, user, request.headers.get("user-agent"))
                return JSONResponse({"access_token": pair.access_token})
            except ServiceError as exc:
                return JSONResponse({"error": exc.message}, STATUS.get(type(exc), 400))

    # A sync route's work runs in the thread pool, as the product's `def login` does.
    return await run_in_threadpool(work)


def create_app() -> Starlette:
    return Starlette(
        routes=[
            Route("/api/mentors", mentors),
            Route("/api/mentors/{mentor_id:int}", mentor),
            Route("/api/mentors/{mentor_id:int}/slots", slots),
            Route("/api/slots/{slot_id:int}/book", book, methods=["POST"]),
            Route("/api/bookings", bookings),
            Route("/api/health", health),
            Route("/api/auth/login", login, methods=["POST"]),
        ]
    )
