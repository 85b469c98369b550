"""Mentor profiles as a link preview sees them: title, description and Open Graph tags in the
HTML of ``GET /mentors/<id>`` itself.

The frontend is a client-rendered app: a crawler that runs no JavaScript (a chat app's link
preview, a search engine's first pass) gets the same HTML shell for every dynamic route. So the
server asks the frontend for that page as it would serve it, and writes the mentor's own head
into it: ``<title>``, ``description``, ``og:title``, ``og:description``, ``og:type=profile``,
``og:url`` and ``og:image`` (their picture, when they have one). Every value is escaped. A
mentor who is not in the directory (unknown, deactivated) gets the app's not-found page with
status 404; the page then says so in the browser too.
"""

from __future__ import annotations

import gzip
import html
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urljoin

from tra_da import db
from tra_da.admission import Overloaded, run_admitted
from tra_da.i18n import BRAND, pick_language, translations
from tra_da.models.mentor import MentorCardPublic
from tra_da.services import directory
from tra_da.services.errors import NotFound
from tra_da.settings import get_settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PROFILE_PATH = re.compile(r"^/mentors/([1-9][0-9]{0,17})/?$")
DESCRIPTION_MAX = 200
# What the shell may already carry and this page replaces (its route's generic title, say).
_REPLACED = re.compile(
    r"<title>.*?</title>"
    r"|<meta\s+(?:name|property)=\"(?:description|og:[a-z:_]+|twitter:[a-z:_]+)\"[^>]*>",
    re.IGNORECASE | re.DOTALL,
)
# Sent to the frontend's static files: the whole page, uncompressed, never a 304 or a range,
# since what the visitor gets is a different document.
_DROPPED_REQUEST = {
    *(b"accept-encoding", b"if-none-match", b"if-modified-since", b"range", b"if-range"),
}
_DROPPED_RESPONSE = {b"content-length", b"content-encoding", b"etag", b"last-modified", b"vary"}


def _profile(mentor_id: int) -> MentorCardPublic | None:
    with db.session() as session:
        try:
            return directory.profile(session, None, mentor_id)
        except NotFound:
            return None


def _description(card: MentorCardPublic, lang: str) -> str:
    text = card.headline.strip() or " ".join(card.bio.split())
    if not text:
        return translations(lang)["profile.og_description"].format(name=card.name)
    return text if len(text) <= DESCRIPTION_MAX else text[: DESCRIPTION_MAX - 1].rstrip() + "…"


def head_tags(card: MentorCardPublic, lang: str, public_url: str) -> str:
    """The profile's own head, every value escaped for an HTML attribute or text."""
    url = urljoin(public_url.rstrip("/") + "/", f"mentors/{card.id}")
    title = f"{card.name} — {BRAND}"
    description = _description(card, lang)
    pairs = [
        ("name", "description", description),
        ("property", "og:site_name", BRAND),
        ("property", "og:type", "profile"),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:url", url),
        ("name", "twitter:card", "summary"),
    ]
    if card.avatar_url:
        pairs.append(("property", "og:image", urljoin(url, card.avatar_url)))
    metas = "".join(
        f'<meta {kind}="{key}" content="{html.escape(value, quote=True)}"/>'
        for kind, key, value in pairs
    )
    return f"<title>{html.escape(title)}</title>{metas}"


def with_head(page: str, tags: str) -> str:
    """``page`` with its title and sharing tags replaced by ``tags`` (at the end of <head>)."""
    page = _REPLACED.sub("", page)
    at = page.lower().find("</head>")
    return page[:at] + tags + page[at:] if at >= 0 else tags + page


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding value takes gzip (``gzip;q=0`` refuses it)."""
    for part in accept_encoding.lower().split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip() in ("gzip", "*"):
            quality = params.strip().removeprefix("q=").strip() if params else "1"
            try:
                return float(quality) > 0
            except ValueError:
                return False
    return False


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return ""


class ProfileHead:
    """Around the frontend: ``GET``/``HEAD /mentors/<id>`` with the mentor's own head."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        found = PROFILE_PATH.match(scope.get("path", "")) if scope["type"] == "http" else None
        if found is None or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        try:
            card = await run_admitted(_profile, int(found[1]))
        except Overloaded:
            # Too busy for the extra read: the plain page still works (the browser renders it).
            await self.app(scope, receive, send)
            return
        lang = pick_language("", _header(scope, b"accept-language"))
        page = await self._page(scope, receive)
        if page is None:
            await self.app(scope, receive, send)
            return
        start, body = page
        if card is not None:
            body = with_head(body, head_tags(card, lang, get_settings().public_url))
        encoded = body.encode()
        headers = [(k, v) for k, v in start.get("headers", []) if k not in _DROPPED_RESPONSE]
        if accepts_gzip(_header(scope, b"accept-encoding")):
            encoded = gzip.compress(encoded, compresslevel=6)
            headers.append((b"content-encoding", b"gzip"))
        # The page differs by language (its description) and is compressed when accepted.
        headers.append((b"vary", b"Accept-Encoding, Accept-Language"))
        headers.append((b"content-length", str(len(encoded)).encode()))
        await send(
            {
                "type": "http.response.start",
                "status": 200 if card is not None else 404,
                "headers": headers,
            }
        )
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else encoded}
        )

    async def _page(self, scope: Scope, receive: Receive) -> tuple[Message, str] | None:
        """The HTML the frontend serves for this path (as a GET, uncompressed), or None when it
        answers with something else (no build: the development server)."""
        inner = dict(scope)
        inner["method"] = "GET"
        inner["headers"] = [(k, v) for k, v in scope["headers"] if k not in _DROPPED_REQUEST]
        # The file as body messages: a server offering "pathsend" (Granian) would otherwise be
        # handed only the file's path to send by itself.
        extensions = dict(scope.get("extensions") or {})
        extensions.pop("http.response.pathsend", None)
        extensions.pop("http.response.zerocopy", None)
        inner["extensions"] = extensions
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            else:
                raise RuntimeError(f"unexpected {message['type']} from the frontend's files")

        await self.app(inner, receive, capture)
        content_type = dict(start.get("headers", [])).get(b"content-type", b"")
        if start.get("status") not in (200, 404) or not content_type.startswith(b"text/html"):
            return None
        return start, b"".join(chunks).decode("utf-8", errors="replace")
