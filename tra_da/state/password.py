"""Forgot password (request a link) and reset password (use it)."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from tra_da.services import auth, ratelimit
from tra_da.settings import get_settings
from tra_da.state.events import event
from tra_da.state.forms import FormState


def _request(db: Session, email: str, client_ip: str) -> None:
    # Counted like failed sign-ins per address, so the form cannot be used to flood a mailbox.
    ratelimit.hit(get_settings().rate_limit_login, "password-reset", client_ip or "unknown")
    auth.request_password_reset(db, email)


def _reset(db: Session, token: str, password: str, invitation: bool) -> bool:
    if invitation:
        auth.accept_invitation(db, token, password)
    else:
        auth.reset_password(db, token, password)
    return True


class PasswordResetState(FormState):
    sent: rx.Field[bool] = rx.field(False)
    done: rx.Field[bool] = rx.field(False)

    @rx.var
    def reset_token(self) -> str:
        return self.router.url.query_parameters.get("token", "")

    @event
    async def open_page(self) -> None:
        self.error = self.notice = ""
        self.sent = self.done = self.working = False
        await self._refresh()

    @event
    async def request_link(self, form: dict[str, str]) -> Any:
        email = form.get("email", "").strip()
        if not email:
            self.error = self.t["login.missing"]
            return
        self.working = True
        yield
        try:
            await self._act_anonymously(_request, email, self.router.session.client_ip)
        finally:
            self.working = False
        self.sent = not self.error

    @event
    async def save_new_password(self, form: dict[str, str]) -> Any:
        if not self.reset_token:
            self.error = self.t["reset.missing"]
            return
        if form.get("password", "") != form.get("repeat", ""):
            self.error = self.t["err.passwords_differ"]
            return
        self.working = True
        yield
        try:
            invitation = self.router.url.path.rstrip("/").endswith("/set-password")
            ok = await self._act_anonymously(
                _reset, self.reset_token, form.get("password", ""), invitation
            )
        finally:
            self.working = False
        if ok:
            self.done = True
            self.token = ""
            await self._refresh()
