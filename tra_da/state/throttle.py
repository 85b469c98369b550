"""Throttle websocket events per browser, so the UI cannot be used to flood the server.

Sign-in attempts are limited in the auth service itself (per account and address), whichever
front they come through; this middleware is the coarse per-client ceiling on every UI event.
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx
from reflex.state import StateUpdate
from reflex_base.event import Event

from tra_da.i18n import describe
from tra_da.metrics import count_event
from tra_da.services import ratelimit
from tra_da.services.errors import RateLimited
from tra_da.settings import get_settings


class EventThrottle(rx.Middleware):
    async def preprocess(self, app: Any, state: Any, event: Any) -> StateUpdate | None:
        count_event(getattr(event, "name", ""))
        session = state.router.session
        limit = get_settings().rate_limit_events
        try:
            # Per browser and per address: a fresh client token does not reset the count.
            await asyncio.to_thread(ratelimit.hit, limit, "ui-event", session.client_token or "-")
            await asyncio.to_thread(ratelimit.hit, limit, "ui-event-ip", session.client_ip or "-")
        except RateLimited as exc:
            language = getattr(state, "lang", "vi") if hasattr(state, "lang") else "vi"
            warning = rx.toast.error(describe(exc, language), id="throttled")
            return StateUpdate(events=Event.from_event_type(warning))
        return None
