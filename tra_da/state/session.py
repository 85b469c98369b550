"""Who is signed in, in which language, and the guards every protected page runs on load."""

from __future__ import annotations

import dataclasses
import re
import time
import uuid
from typing import Any
from urllib.parse import quote

import reflex as rx
from reflex.state import OnLoadInternalState
from sqlmodel import Session

from tra_da.admission import Overloaded, read_admitted, run_admitted
from tra_da.i18n import LANGUAGES, describe, pick_language, translations, zone_label
from tra_da.services import auth
from tra_da.state import work
from tra_da.state.events import event
from tra_da.state.fields import ObjectField, object_field

SHOWN_LANGUAGE_KEY = "td_ui_lang"
# Who was last signed in in this browser, kept in it: a page shows that person's navigation and
# name from its first frame, before the server has checked the session (components/layout.py).
KNOWN_ROLE_KEY, KNOWN_NAME_KEY = "td_role", "td_name"
_REF = re.compile(r"[0-9a-f]{8}")  # state/failures.py new_ref()


def _resolve(db: Session, token: str) -> dict[str, str] | None:
    identity = auth.identity_from_web_token(db, token)
    if identity is None:
        return None
    user = identity.user
    return {
        "id": str(user.id),
        "name": user.name,
        "email": user.email,
        "role": user.role,
        "timezone": user.timezone,
        "locale": user.locale,
        "avatar": user.avatar_url or "",
    }


def _end(db: Session, token: str) -> None:
    identity = auth.identity_from_web_token(db, token)
    if identity is not None:
        auth.end_session(db, identity.session_id)


@dataclasses.dataclass
class Flash:
    """One toast: ``level`` is success, info, warning or error; ``id`` tells a new one apart."""

    id: str
    level: str
    message: str


class SessionState(rx.State):
    token: str = rx.LocalStorage("", name="td_session", sync=True)
    chosen_language: str = rx.LocalStorage("", name="td_lang")
    # The language last shown, kept in the browser: the connection banner (components/layout.py)
    # must speak it when the server cannot be reached to say which one it is.
    shown_language: str = rx.LocalStorage("", name=SHOWN_LANGUAGE_KEY)
    known_role: str = rx.LocalStorage("", name=KNOWN_ROLE_KEY)
    known_name: str = rx.LocalStorage("", name=KNOWN_NAME_KEY)
    lang: rx.Field[str] = rx.field("vi")
    checked: rx.Field[bool] = rx.field(False)
    allowed: rx.Field[bool] = rx.field(False)
    forbidden: rx.Field[bool] = rx.field(False)
    user_name: rx.Field[str] = rx.field("")
    user_email: rx.Field[str] = rx.field("")
    user_role: rx.Field[str] = rx.field("")
    user_avatar: rx.Field[str] = rx.field("")
    user_timezone: rx.Field[str] = rx.field("Asia/Ho_Chi_Minh")
    user_locale: rx.Field[str] = rx.field("")
    # The latest toast: {"id", "level", "message"}. The page shows it from compiled code
    # (components/flash.py); a toast sent as a script would be evaluated, which the CSP forbids.
    flash: ObjectField[Flash] = object_field()
    # When the fields above were last read from the database, and for which token (backend
    # only: never sent to the browser). See _guard.
    _resolved_at: float = 0.0
    _resolved_for: str = ""

    @rx.var
    def t(self) -> dict[str, str]:
        return translations(self.lang)

    def __getstate__(self) -> dict[str, Any]:
        """What Reflex's Redis state manager stores (several workers): every field, but not the
        catalogue ``t`` that Reflex caches on the state. Every page's state is a child of this
        one, so each UI event loads it from Redis, and stores it when touched: with the
        catalogue that was 45 KB unpickled per event, 14 % of the worker's CPU at 200
        browsers. ``lang`` decides ``t``, so it is looked up again when first read."""
        # This state's own fields (every page's state inherits this method).
        fields: dict[str, Any] = super().__getstate__()  # type: ignore[no-untyped-call]
        cached = SessionState.computed_vars["t"]._cache_attr
        if cached in fields:  # a copy without it: the live state keeps its cache
            fields = {name: value for name, value in fields.items() if name != cached}
        return fields

    @rx.var
    def zone_name(self) -> str:
        """The reader's time zone as pages name it: "Việt Nam (TP Hồ Chí Minh)"."""
        return zone_label(self.user_timezone, self.lang)

    @rx.var
    def signed_in(self) -> bool:
        return self.user_role != ""

    def _still_fresh(self) -> bool:
        """The signed-in fields were read for this very token within the recheck window, and
        its session was not ended in this process since (auth.recently_verified)."""
        return (
            bool(self.user_role)
            and self._resolved_for == self.token
            and time.time() - self._resolved_at < auth.WEB_SESSION_RECHECK_SECONDS
            and auth.recently_verified(self.token)
        )

    async def _refresh(self, reuse: bool = False) -> bool:
        """Re-read the session from the database; False (and signed out) when it has ended.
        A server too busy to check is not a signed-out person: what is known stays, the toast
        says to try again, and the answer is whether someone was signed in already.
        ``reuse``: keep what the tab read within the last few seconds instead (_guard)."""
        if reuse and self._still_fresh():
            found: dict[str, str] | None = {}
        else:
            try:
                found = (
                    await read_admitted(work.anonymously, _resolve, (self.token,))
                    if self.token
                    else None
                )
            except Overloaded as exc:
                self._pick_language()  # a new tab's first check too: not in the default one
                self._flash("error", describe(exc, self.lang))
                return bool(self.user_role)
        if found is None:
            self.token = ""
            self.user_name = self.user_email = self.user_role = self.user_avatar = ""
            self.user_locale = ""
            self._resolved_for = ""
        elif found:
            self.user_name, self.user_email = found["name"], found["email"]
            self.user_role, self.user_avatar = found["role"], found["avatar"]
            self.user_timezone, self.user_locale = found["timezone"], found["locale"]
            self._resolved_at, self._resolved_for = time.time(), self.token
        self._pick_language()
        self._remember_who()
        if not self.checked:
            self.checked = True
        return found is not None

    def _pick_language(self) -> None:
        """The language to read in: the one chosen in this browser, else the account's, else
        the browser's."""
        accept = self.router.headers.accept_language or ""
        lang = pick_language(self.chosen_language or self.user_locale, accept)
        # Assigning a var marks it changed even when equal, and the translations computed from
        # `lang` (about 30 KB) would travel again with every page load.
        if lang != self.lang:
            self.lang = lang
        if self.shown_language != lang:
            self.shown_language = lang

    def _remember_who(self) -> None:
        """Keep the browser's copy of who is signed in (known_role, known_name) in step; only
        a change is sent."""
        if self.known_role != self.user_role:
            self.known_role = self.user_role
        if self.known_name != self.user_name:
            self.known_name = self.user_name

    async def _guard(self, *roles: str) -> Any:
        """On load of a protected page: sign-in first, then the role, before content renders.
        The session is read again at most every WEB_SESSION_RECHECK_SECONDS per tab (a
        navigation within that reuses it): a session ended elsewhere stops opening pages within
        that time, and every action checks it again anyway (forms.run_as_signed_in)."""
        self.allowed = self.forbidden = False
        if not await self._refresh(reuse=True):
            if self.token:  # too busy to check (see _refresh): stay, the toast says so
                return None
            path = self.router.url.path or "/dashboard"
            return rx.redirect(f"/login?next={quote(path)}")
        if roles and self.user_role not in roles:
            self.forbidden = True
            return None
        self.allowed = True
        return None

    async def _visit(self) -> None:
        """On load of a public page (the directory, a mentor's profile): whoever comes, signed
        in or not, sees it; a signed-in reader is still checked, as on any page."""
        self.forbidden = False
        await self._refresh(reuse=True)
        self.allowed = True

    def _flash(self, level: str, message: str) -> None:
        """Show ``message`` as a toast (level: success, info, warning, error)."""
        self.flash = Flash(id=uuid.uuid4().hex[:12], level=level, message=message)

    @event
    async def report_failure(self, ref: str, state_path: str) -> None:
        """Sent by the backend exception handler (state/failures.py) after an event raised:
        tell the person, and stop the failed state's spinner (its changes may be lost).
        Any browser can send this event too: it only ever touches that browser's own states,
        and a ref that is not one of ours is ignored."""
        if not _REF.fullmatch(ref):
            return
        message = translations(self.lang)["err.unexpected"].format(ref=ref)
        self._flash("error", message)
        if not state_path:
            return
        try:
            failed = await self.get_state(rx.State.get_class_substate(state_path))
        except (ValueError, KeyError, AttributeError):
            return  # not a state of this app (or no event known): the toast is enough
        for flag in getattr(failed, "BUSY_FLAGS", ()):
            setattr(failed, flag, False)
        if getattr(failed, "reloading", False):  # a page's "Try again" (state/page_load.py)
            failed.reloading = False
        if hasattr(failed, "error"):
            failed.error = message

    @event
    async def load_session(self) -> None:
        await self._refresh()

    @event
    async def require_signed_in(self) -> Any:
        return await self._guard()

    def _use_language(self, lang: str) -> Any:
        """Read the app in ``lang`` from now on in this browser (the language button, the
        account's language select); the saved setting changes only when the profile is saved."""
        self.lang = lang
        self.chosen_language = self.shown_language = lang
        # What the page loaded (weekdays, dates, labels) was written in the other language:
        # load it again, as a visit would, so an English screen never keeps "T4" or "CN".
        return OnLoadInternalState.on_load_internal

    @event
    def toggle_language(self) -> Any:
        return self._use_language(LANGUAGES[(LANGUAGES.index(self.lang) + 1) % len(LANGUAGES)])

    @event
    async def sign_out(self) -> Any:
        if self.token:
            await run_admitted(work.anonymously, _end, (self.token,))
        self.token = ""
        self.user_name = self.user_email = self.user_role = self.user_avatar = ""
        self._remember_who()
        self.allowed = False
        return rx.redirect("/")


T = SessionState.t
