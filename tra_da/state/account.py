"""The signed-in person's own account: profile, picture, password, sessions."""

from __future__ import annotations

from typing import Any

import reflex as rx

from tra_da.i18n import LANGUAGES
from tra_da.models.mentee import MenteeOwnPublic, MenteeUpdate
from tra_da.models.user import UserUpdate
from tra_da.services import accounts, auth, mentees, profile
from tra_da.state.events import event
from tra_da.state.fields import ObjectField, object_field
from tra_da.state.forms import FormState
from tra_da.state.page_load import PageLoad
from tra_da.state.session import SessionState

TIMEZONES = list(accounts.TIMEZONE_IDS)
# The zone select's [id, readable name] pairs in the reader's language, sorted by name: both
# languages ship in the page as one constant, nothing per option in state.
ZONE_OPTIONS: rx.Var[list[list[str]]] = rx.Var.create(
    {lang: [list(choice) for choice in accounts.timezone_choices(lang)] for lang in LANGUAGES}
)[SessionState.lang].to(list[list[str]])


class AccountState(PageLoad, FormState):
    """The page, and the card of a mentee's own profile: its read refused (the server too busy,
    say) is said in the card (``load_error``), with "Try again"."""

    password_error: rx.Field[str] = rx.field("")
    password_notice: rx.Field[str] = rx.field("")
    avatar_error: rx.Field[str] = rx.field("")
    # A mentee's own goals, interests and background (None for other roles).
    mentee: ObjectField[MenteeOwnPublic] = object_field()
    mentee_error: rx.Field[str] = rx.field("")
    mentee_notice: rx.Field[str] = rx.field("")
    mentee_working: rx.Field[bool] = rx.field(False)

    @event
    async def open_account(self) -> Any:
        self.error = self.notice = self.password_error = self.password_notice = ""
        self.avatar_error = self.mentee_error = self.mentee_notice = ""
        self.working = self.mentee_working = False
        self.mentee = None
        self._note_load("")
        return await self._open_for()

    async def _load(self) -> None:
        """A mentee's own profile; the other roles have nothing to read here."""
        if self.user_role != "mentee":
            return
        found = await self._read_data(self._act(mentees.own_profile), card=True)
        if found is not None:
            self.mentee = found

    @event
    async def save_mentee_profile(self, form: dict[str, str]) -> Any:
        self.mentee_notice = ""
        self.mentee_working = True
        yield
        try:
            # Built unchecked: the service checks each field and names the one to fix.
            update = MenteeUpdate.model_construct(
                goals=form.get("goals", ""),
                interests=form.get("interests", ""),
                background=form.get("background", ""),
            )
            saved = await self._act(mentees.update_own_profile, update)
        finally:
            self.mentee_working = False
        self.mentee_error, self.error = self.error, ""
        if saved is not None:
            self.mentee = saved
            self.mentee_notice = self.t["settings.saved"]

    @event
    def set_timezone_choice(self, zone: str) -> None:
        self.user_timezone = zone

    @event
    def set_locale_choice(self, locale: str) -> Any:
        # The select shows the language in use (the language button may have changed it since
        # the last save): choosing one switches the app to it at once, saving keeps it.
        if locale in LANGUAGES:
            return self._use_language(locale)
        return None

    @event
    async def save_profile(self, form: dict[str, str]) -> Any:
        self.working = True
        yield
        try:
            await self._act(
                profile.update_profile,
                UserUpdate(
                    name=form.get("name", ""),
                    timezone=form.get("timezone", ""),
                    locale=form.get("locale", ""),
                ),
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
