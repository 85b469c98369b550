"""The built frontend as the browser and a CDN get it: how the production build is cut into
files (a Reflex plugin editing the vite config Reflex writes) and the cache headers the server
puts on those files.

Build: the first load of a page is its own module, the layout, Reflex's runtime and the Radix
components it uses, in about ten files (tra_da.py names each page's module; this plugin groups
chunks and keeps Radix Themes tree-shaken). docs/performance.md has the numbers, and
tests/e2e/test_static_assets.py fails when the landing page's first-load JavaScript passes
300 KB gzip or 15 requests.

Serving: file names under ``/assets/`` carry a content hash (vite), so they are cached for a
year and never revalidated; everything else (the prerendered HTML, ``/favicon.svg``) keeps its
name across deploys, so caches must revalidate it (``no-cache``: the ETag makes that a 304).
The precompressed ``.br``/``.gz`` siblings written by the build (``frontend_compression_formats``
in rxconfig.py) are chosen by Reflex's static files app by Accept-Encoding, with
``Vary: Accept-Encoding``.
"""

from __future__ import annotations

import re
from typing import Any

import reflex as rx
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

VITE_CONFIG = "vite.config.js"
# Where Reflex's vite config template lists its chunk groups (reflex_base/compiler/templates.py).
_GROUPS = "groups: ["
# - framework: React, React DOM, React Router and the bundler's own helpers, which every page
#   needs, in one file rather than four (two of them under 1 KB).
# - icons: the lucide icons pages import statically and the helpers they share ("$initial":
#   reached by static imports from a page), rather than one ~300-byte file per icon. Icons
#   chosen at run time (rx.icon with a tag from state) stay out: all ~1,600 are candidates.
_SEP = r"[\\/]"  # a path separator, in a JavaScript regular expression
_FRAMEWORK = (
    rf"node_modules{_SEP}(react|react-dom|react-router|scheduler){_SEP}|vite{_SEP}preload-helper"
)
_LUCIDE = rf"node_modules{_SEP}lucide-react{_SEP}dist{_SEP}esm{_SEP}"
_STATIC_ICONS = rf"{_LUCIDE}(icons{_SEP}|createLucideIcon|Icon|defaultAttributes|shared|context)"
CHUNK_GROUPS = f"""
            {{ name: "framework", test: /{_FRAMEWORK}/, priority: 20 }},
            {{ name: "icons", test: /{_STATIC_ICONS}/, tags: ["$initial"], priority: 10 }},"""


def add_chunk_groups(config: str) -> str:
    """vite.config.js with our chunk groups added to Reflex's."""
    if config.count(_GROUPS) != 1:
        # Reflex changed its template: fail the build rather than ship a first load that quietly
        # fetches every icon on its own again.
        raise RuntimeError(f"{VITE_CONFIG}: expected one '{_GROUPS}' to extend; Reflex changed it")
    return config.replace(_GROUPS, _GROUPS + CHUNK_GROUPS, 1)


def drop_runtime_component_libraries() -> None:
    """Expose no library beyond Reflex's core to components built at run time.

    Reflex hands whole libraries (here all of Radix Themes) to the browser's ``window`` for
    components a state sends at run time, which defeats tree shaking: every page would load
    every Radix component (~50 KB gzip more). The app sends none, and could not run one: they
    are evaluated with ``eval`` and ``data:`` imports, which its Content-Security-Policy
    refuses (api/middleware.py).
    """
    from reflex_base.registry import RegistrationContext, _default_bundled_libraries

    core = set(_default_bundled_libraries())
    libraries = RegistrationContext.ensure_context().bundled_libraries
    libraries[:] = [library for library in libraries if library in core]


class ChunkPlugin(rx.plugins.Plugin):
    """How the production build is cut into files (see the module docstring)."""

    def pre_compile(self, **context: Any) -> None:
        drop_runtime_component_libraries()
        context["add_modify_task"](VITE_CONFIG, add_chunk_groups)


# A name vite derived from the file's content: <name>-<8 url-safe base64 characters>.<ext>
# (React Router's manifest: 8 hex digits), in the build's assets folder.
HASHED = re.compile(r"(^|/)assets/[^/]+-[A-Za-z0-9_-]{8,}\.[A-Za-z0-9]+$")
IMMUTABLE = b"public, max-age=31536000, immutable"
REVALIDATE = b"no-cache"
FRONTEND_MOUNT = "frontend"  # the name Reflex gives its Mount (reflex/utils/exec.py)


def cache_control(path: str) -> bytes:
    return IMMUTABLE if HASHED.search(path) else REVALIDATE


class CacheHeaders:
    """Around the frontend's static files: Cache-Control on what it serves (200, 206, 304)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = cache_control(scope["path"])

        async def send_with_policy(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] in (200, 206, 304):
                headers = [(k, v) for k, v in message.get("headers", []) if k != b"cache-control"]
                message["headers"] = [*headers, (b"cache-control", policy)]
            await send(message)

        await self.app(scope, receive, send_with_policy)


def add_cache_headers(app: object) -> None:
    """Wrap the frontend's Mount in ``app`` (Reflex's Starlette app, which holds it in
    production) with CacheHeaders; an app without one (development, tests) is left alone."""
    for route in getattr(app, "routes", []):
        if (
            isinstance(route, Mount)
            and route.name == FRONTEND_MOUNT
            and not isinstance(route.app, CacheHeaders)
        ):
            route.app = CacheHeaders(route.app)
