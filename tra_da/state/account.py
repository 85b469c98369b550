"""The signed-in person's own account: profile, picture, password, sessions."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from tra_da.i18n import LANGUAGES
from tra_da.models import User
from tra_da.services import accounts, auth, profile
from tra_da.state.events import event
from tra_da.state.forms import FormState
from tra_da.state.session import SessionState

TIMEZONES = list(accounts.TIMEZONE_IDS)
# The zone select's [id, readable name] pairs in the reader's language, sorted by name: both
# languages ship in the page as one constant, nothing per option in state.
ZONE_OPTIONS: rx.Var[list[list[str]]] = rx.Var.create(
    {lang: [list(choice) for choice in accounts.timezone_choices(lang)] for lang in LANGUAGES}
)[SessionState.lang].to(list[list[str]])


def _save_profile(db: Session, actor: User, name: str, timezone: str, locale: str) -> User:
    return profile.update_profile(db, actor, name=name, timezone=timezone, locale=locale)


class AccountState(FormState):
    password_error: rx.Field[str] = rx.field("")
    password_notice: rx.Field[str] = rx.field("")
    avatar_error: rx.Field[str] = rx.field("")

    @event
    async def open_account(self) -> Any:
        self.error = self.notice = self.password_error = self.password_notice = ""
        self.avatar_error = ""
        self.working = False
        return await self._guard()

    @event
    def set_timezone_choice(self, zone: str) -> None:
        self.user_timezone = zone

    @event
    def set_locale_choice(self, locale: str) -> None:
        self.user_locale = locale

    @event
    async def save_profile(self, form: dict[str, str]) -> Any:
        self.working = True
        yield
        try:
            await self._act(
                _save_profile,
                form.get("name", ""),
                form.get("timezone", ""),
                form.get("locale", ""),
            )
        finally:
            self.working = False
        if not self.error:
            self.chosen_language = ""  # the saved setting now decides
            await self._refresh()
            self.notice = self.t["settings.saved"]

    @event
    async def upload_avatar(self, files: list[rx.UploadFile]) -> Any:
        self.avatar_error = ""
        if not files:
            self.avatar_error = self.t["settings.avatar_none"]
            return
        # Read at most one byte past the limit: the size check must not load a huge file.
        data = await files[0].read(profile.AVATAR_MAX_BYTES + 1)
        await self._act(profile.set_avatar, data, rx.get_upload_dir())
        self.avatar_error, self.error = self.error, ""
        if not self.avatar_error:
            await self._refresh()

    @event
    async def change_password(self, form: dict[str, str]) -> Any:
        if form.get("new", "") != form.get("repeat", ""):
            self.password_error = self.t["err.passwords_differ"]
            return
        self.working = True
        yield
        try:
            await self._act_on_session(
                auth.change_password, form.get("current", ""), form.get("new", "")
            )
        finally:
            self.working = False
        self.password_error, self.error = self.error, ""
        if not self.password_error:
            self.password_notice = self.t["settings.password_done"]

    @event
    async def sign_out_everywhere(self) -> Any:
        await self._act_on_session(auth.sign_out_everywhere)
        self.token = ""
        await self._refresh()
        return rx.redirect("/login")
