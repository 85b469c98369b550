"""What the Content-Security-Policy has to name: the compiled pages' inline scripts, the
websocket origin and the image hosts that settings switch on.

The prerendered pages hydrate from a few inline scripts (React Router's context, the route
module loader, the colour-mode script). Rather than 'unsafe-inline', the policy lists the
SHA-256 hash of each one, read from the built pages when the server starts: a script someone
injects into a page has no listed hash and does not run.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

log = logging.getLogger("tra_da.csp")

# An inline script: a <script> tag without a src attribute, and its text.
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script>", re.S | re.I)


def built_pages_dir() -> Path:
    """Where `reflex run --env prod` / `reflex export` put the prerendered pages."""
    try:
        from reflex.utils.prerequisites import get_web_dir

        web = get_web_dir()
    except Exception:  # Reflex missing or unconfigured: the default layout
        web = Path.cwd() / ".web"
    return web / "build" / "client"


def inline_script_hashes(html: str) -> set[str]:
    return {
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(html)
    }


@cache
def built_script_hashes(directory: Path | None = None) -> tuple[str, ...]:
    """The hashes of every inline script in the built pages, sorted; empty without a build."""
    root = directory or built_pages_dir()
    found: set[str] = set()
    for page in root.rglob("*.html") if root.is_dir() else []:
        found |= inline_script_hashes(page.read_text(encoding="utf-8", errors="replace"))
    if not found:
        log.warning(
            "No built pages in %s: the CSP admits inline scripts ('unsafe-inline') until the "
            "frontend is built (development server, or a server started before the build)",
            root,
        )
    return tuple(sorted(found))


def websocket_origin(public_url: str) -> str:
    """ws(s)://host[:port] of the public URL: the UI's event socket is same-origin."""
    parts = urlsplit(public_url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}"


def connect_sources(public_url: str, api_url: str | None = None) -> list[str]:
    """This origin and its websocket; plus the backend's when the frontend was exported for a
    backend elsewhere (REFLEX_API_URL, baked into the build by `make export`)."""
    sources = ["'self'", websocket_origin(public_url)]
    if api_url and urlsplit(api_url).netloc != urlsplit(public_url).netloc:
        parts = urlsplit(api_url)
        sources += [f"{parts.scheme}://{parts.netloc}", websocket_origin(api_url)]
    return sources
