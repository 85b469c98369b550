"""Signing in and signing up."""

from __future__ import annotations

from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import quote

import reflex as rx
from sqlmodel import Session

from tra_da.admission import run_admitted, run_hashing
from tra_da.services import accounts, auth
from tra_da.services.auth import safe_next
from tra_da.settings import get_settings
from tra_da.state import work
from tra_da.state.events import event
from tra_da.state.forms import FormState


def _find_account(db: Session, email: str) -> tuple[int, str | None] | None:
    user = auth.find_account(db, email)
    return None if user is None or user.id is None else (user.id, user.password_hash)


async def _sign_in(email: str, password: str, client_ip: str, user_agent: str) -> str:
    """auth.authenticate + open_web_session in three steps, so bcrypt runs on the hashing
    threads and holds neither a connection nor a place at the gate (admission.run_hashing)."""
    account = await run_admitted(work.anonymously, _find_account, (email,))
    password_hash = account[1] if account else None
    await run_hashing(auth.check_password, email, password, password_hash, client_ip)
    assert account is not None  # an unknown account never passes check_password
    return await run_admitted(work.anonymously, auth.open_web_session_for, (account[0], user_agent))


def _sign_up(db: Session, form: dict[str, str], user_agent: str) -> str:
    user = auth.register(
        db,
        email=form.get("email", ""),
        password=form.get("password", ""),
        name=form.get("name", ""),
        timezone=form.get("timezone", "") or "Asia/Ho_Chi_Minh",
        locale=form.get("locale", "vi"),
    )
    return auth.open_web_session(db, user, user_agent)


def _google_session(db: Session, code: str, cookie_header: str, user_agent: str) -> str:
    cookies: SimpleCookie = SimpleCookie()
    cookies.load(cookie_header or "")
    binding = cookies["td_google_binding"].value if "td_google_binding" in cookies else ""
    return auth.web_session_from_google_code(db, code, binding, user_agent)


class LoginState(FormState):
    browser_timezone: rx.Field[str] = rx.field("")

    @rx.var
    def google_enabled(self) -> bool:
        settings = get_settings()
        return bool(settings.google_client_id and settings.google_client_secret)

    @rx.var
    def next_path(self) -> str:
        return safe_next(self.router.url.query_parameters.get("next", "/dashboard"))

    @rx.var
    def next_query(self) -> str:
        """``?next=...`` for links between sign in and sign up, so either way leads back to
        where the visitor was (a mentor's slot); empty when that is the dashboard."""
        target = self.next_path
        return "" if target == "/dashboard" else "?next=" + quote(target, safe="")

    @event
    async def open_login(self) -> Any:
        self.error = self.notice = ""
        self.working = False
        params = self.router.url.query_parameters
        if params.get("google_code"):
            headers = self.router.headers
            token = await self._act_anonymously(
                _google_session, params["google_code"], headers.cookie, headers.user_agent
            )
            return await self._enter(token)
        if params.get("google_error"):
            self.error = self.t["login.google_failed"]
        if await self._refresh():
            return rx.redirect(self.next_path)
        return None

    @event
    def set_browser_timezone(self, zone: str) -> None:
        self.browser_timezone = accounts.zone_choice(zone) if isinstance(zone, str) else ""

    async def _enter(self, token: str | None) -> Any:
        self.working = False
        if token is None:
            return None
        self.token = token
        await self._refresh()
        return rx.redirect(self.next_path)

    @event
    async def submit(self, form: dict[str, str]) -> Any:
        email, password = form.get("email", "").strip(), form.get("password", "")
        if not email or not password:
            self.error = self.t["login.missing"]
            return
        self.working = True
        yield
        session = self.router.session
        token = await self._attempt(
            _sign_in(email, password, session.client_ip, self.router.headers.user_agent),
            _sign_in,
        )
        yield await self._enter(token)

    @event
    async def submit_signup(self, form: dict[str, str]) -> Any:
        self.working = True
        yield
        data = {**form, "locale": self.lang}
        token = await self._act_anonymously(_sign_up, data, self.router.headers.user_agent)
        yield await self._enter(token)

    @event
    async def open_signup(self) -> Any:
        self.error = self.notice = ""
        self.working = False
        if await self._refresh():
            return rx.redirect(self.next_path)
        return None
