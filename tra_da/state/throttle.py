"""Throttle websocket events per browser, so the UI cannot be used to flood the server.

Sign-in attempts are limited in the auth service itself (per account and address), whichever
front they come through; this middleware is the coarse per-client ceiling on every UI event.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.state import StateUpdate

from tra_da.i18n import describe
from tra_da.metrics import count_event
from tra_da.services import ratelimit
from tra_da.services.errors import RateLimited
from tra_da.settings import get_settings
from tra_da.state.session import SessionState


class EventThrottle(rx.Middleware):
    async def preprocess(self, app: Any, state: Any, event: Any) -> StateUpdate | None:
        count_event(getattr(event, "name", ""))
        session = state.router.session
        limit = get_settings().rate_limit_events
        try:
            # Per browser and per address: a fresh client token does not reset the count.
            # Counted on the loop (in memory a dictionary update, on Redis an awaited round
            # trip): it never queues behind the threads that run database work and bcrypt.
            await ratelimit.hit_on_loop(limit, "ui-event", session.client_token or "-")
            await ratelimit.hit_on_loop(limit, "ui-event-ip", session.client_ip or "-")
        except RateLimited as exc:
            # A toast through state, not a script (see components/flash.py); not an event
            # either, which this very throttle would refuse again.
            session = await state.get_state(SessionState)
            session._flash("error", describe(exc, session.lang))
            try:
                return StateUpdate(delta=await state._get_resolved_delta())
            finally:
                state._clean()
        return None
