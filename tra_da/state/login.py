"""The sign-in form."""

from __future__ import annotations

import asyncio

import reflex as rx

from tra_da import db
from tra_da.services import auth
from tra_da.services.errors import Unauthorized
from tra_da.state.session import SessionState


def _sign_in(email: str, password: str) -> str:
    with db.session() as session:
        return auth.web_session_token(auth.sign_in(session, email, password))


def safe_next(target: str) -> str:
    """Only same-site paths: an open redirect would let a link send people elsewhere."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/dashboard"


class LoginState(SessionState):
    error_key: str = ""
    working: bool = False

    @rx.event
    async def open_login(self):  # noqa: ANN201
        self.error_key = ""
        await self._refresh()
        if self.user_role:
            return rx.redirect("/dashboard")
        return None

    @rx.event
    async def submit(self, form: dict[str, str]):  # noqa: ANN201
        email, password = form.get("email", "").strip(), form.get("password", "")
        if not email or not password:
            self.error_key = "login.missing"
            return
        self.working = True
        self.error_key = ""
        yield
        try:
            self.token = await asyncio.to_thread(_sign_in, email, password)
        except Unauthorized as exc:
            self.error_key = "login.inactive" if "deactivated" in exc.message else "login.wrong"
            self.working = False
            return
        self.working = False
        await self._refresh()
        yield rx.redirect(safe_next(self.router.url.query_parameters.get("next", "/dashboard")))
