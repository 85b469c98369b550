"""Calendar feeds: the secret .ics subscription address (no Authorization header: the token in
the address is the credential) and /api/me/calendar-feed to make, rotate or stop it."""

from __future__ import annotations

from email.utils import format_datetime, parsedate_to_datetime

from fastapi import APIRouter, Request, Response

from tra_da.api.deps import SessionDep, SignedInDep
from tra_da.models.waitlist import CalendarFeedPublic
from tra_da.services import calendar_feed
from tra_da.services.errors import NotFound

router = APIRouter(tags=["calendar feed"])
MEDIA_TYPE = "text/calendar; charset=utf-8"


@router.get("/api/me/calendar-feed", response_model=CalendarFeedPublic)
def feed_status(identity: SignedInDep, session: SessionDep) -> CalendarFeedPublic:
    return calendar_feed.status(session, identity.user)


@router.post("/api/me/calendar-feed", response_model=CalendarFeedPublic)
def rotate_feed(identity: SignedInDep, session: SessionDep) -> CalendarFeedPublic:
    return calendar_feed.rotate(session, identity.user)


@router.delete("/api/me/calendar-feed", status_code=204)
def stop_feed(identity: SignedInDep, session: SessionDep) -> Response:
    calendar_feed.stop(session, identity.user)
    return Response(status_code=204)


def _not_modified(request: Request, etag: str, last_modified: object) -> bool:
    """If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2)."""
    match = request.headers.get("if-none-match")
    if match is not None:
        tags = [t.strip().removeprefix("W/") for t in match.split(",")]
        return "*" in tags or etag in tags
    since = request.headers.get("if-modified-since")
    if since:
        try:
            return bool(last_modified <= parsedate_to_datetime(since))  # type: ignore[operator]
        except (TypeError, ValueError):
            return False  # an unreadable date is ignored, as the RFC says
    return False


@router.get(
    "/api/calendar/feed/{token}.ics",
    response_class=Response,
    responses={
        200: {"content": {"text/calendar": {}}, "description": "The feed (iCalendar)"},
        304: {"description": "Not modified since the ETag or date the client holds"},
    },
)
def calendar_feed_file(token: str, request: Request, session: SessionDep) -> Response:
    if len(token) > 100:
        raise NotFound("This calendar address does not exist or was replaced.")
    found = calendar_feed.feed(session, token)
    headers = {
        "ETag": found.etag,
        "Last-Modified": format_datetime(found.last_modified, usegmt=True),
        "Cache-Control": "private, no-cache",
    }
    if _not_modified(request, found.etag, found.last_modified):
        return Response(status_code=304, headers=headers)
    return Response(found.body, media_type=MEDIA_TYPE, headers=headers)
