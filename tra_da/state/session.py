"""Who is signed in, in which language, and the guard every protected page runs on load."""

from __future__ import annotations

import asyncio
from urllib.parse import quote

import reflex as rx

from tra_da import db
from tra_da.i18n import LANGUAGES, pick_language, translations
from tra_da.services import auth


def _resolve(token: str) -> dict[str, str] | None:
    with db.session() as session:
        user = auth.user_for_web_session(session, token)
        if user is None:
            return None
        return {
            "name": user.name,
            "role": user.role,
            "timezone": user.timezone,
            "locale": user.locale,
        }


class SessionState(rx.State):
    token: str = rx.LocalStorage("", name="td_session", sync=True)
    chosen_language: str = rx.LocalStorage("", name="td_lang")
    lang: str = "vi"
    checked: bool = False
    user_name: str = ""
    user_role: str = ""
    user_timezone: str = "Asia/Ho_Chi_Minh"

    @rx.var
    def t(self) -> dict[str, str]:
        return translations(self.lang)

    @rx.var
    def signed_in(self) -> bool:
        return self.user_role != ""

    async def _refresh(self) -> None:
        found = await asyncio.to_thread(_resolve, self.token) if self.token else None
        if found is None:
            self.token = ""
            self.user_name = self.user_role = ""
        else:
            self.user_name = found["name"]
            self.user_role = found["role"]
            self.user_timezone = found["timezone"]
        accept = self.router.headers.accept_language or ""
        preferred = self.chosen_language or (found or {}).get("locale", "")
        self.lang = pick_language(preferred, accept)
        self.checked = True

    @rx.event
    async def load_session(self) -> None:
        await self._refresh()

    @rx.event
    async def require_signed_in(self):  # noqa: ANN201  (Reflex event spec)
        await self._refresh()
        if not self.user_role:
            path = self.router.url.path or "/dashboard"
            return rx.redirect(f"/login?next={quote(path)}")
        return None

    @rx.event
    def toggle_language(self) -> None:
        self.lang = LANGUAGES[(LANGUAGES.index(self.lang) + 1) % len(LANGUAGES)]
        self.chosen_language = self.lang

    @rx.event
    def sign_out(self):  # noqa: ANN201
        self.token = ""
        self.user_name = self.user_role = ""
        return rx.redirect("/")


T = SessionState.t
