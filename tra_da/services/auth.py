"""Getting in and staying in: sign-up, sign-in, sessions, tokens, passwords.

A session (AuthSession) is one signed-in device. Browsers keep an opaque session token; API
clients get a 15-minute access JWT plus a refresh token rotated on every use. Every request checks
the session row, so signing out, changing a password or deactivating a user ends sessions at once
(a session ended by another process: within WEB_SESSION_RECHECK_SECONDS, see below).
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt
from sqlalchemy import update
from sqlmodel import Session, col, select

from tra_da.models import AccountToken, AuthSession, RefreshToken, User
from tra_da.models.base import utcnow
from tra_da.models.limits import NAME_MAX
from tra_da.services import accounts, notifications, ratelimit
from tra_da.services.access import require_active
from tra_da.services.errors import Conflict, Invalid, Unauthorized
from tra_da.services.outbox import Queued
from tra_da.services.passwords import check_policy, hash_password, verify_password
from tra_da.settings import get_settings

ISSUER = "tra-da"
API_AUDIENCE = "tra-da-api"
ACCESS_MINUTES = 15
SESSION_DAYS = 30
RESET_MINUTES = 30
WRONG_CREDENTIALS = "That email and password do not match an account. Check both and try again."
SESSION_ENDED = "Your session has ended; sign in again."


@dataclass(frozen=True)
class Identity:
    """The signed-in user and the session they act through."""

    user: User
    session_id: str


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    token_type: str = "bearer"  # noqa: S105  (the OAuth token type, not a secret)


def _secret() -> str:
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    """Tokens are 256 random bits: a plain SHA-256 is enough to store them safely."""
    return hashlib.sha256(token.encode()).hexdigest()


NEXT_MAX = 2000  # a return path longer than any of the app's own addresses is not one of them


def safe_next(target: str) -> str:
    """Where to go after signing in: only same-site paths, never an open redirect. A browser
    reads a backslash as a slash and drops tabs and line breaks from a URL (slash, tab, slash,
    host is "//host", another site), so a path with any of them, any other control character
    or a space is refused too."""
    if (
        len(target) <= NEXT_MAX
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and target.isprintable()
        and not any(c.isspace() for c in target)
    ):
        return target
    return "/dashboard"


# --- sign-up and sign-in ------------------------------------------------------------------


def register(
    db: Session,
    *,
    email: str,
    password: str,
    name: str,
    timezone: str = "Asia/Ho_Chi_Minh",
    locale: str = "vi",
) -> User:
    """A new mentee account (people become mentors or admins only through an admin)."""
    check_policy(password)
    user = accounts.create_user(
        db,
        email=email,
        name=name,
        role="mentee",
        password=password,
        timezone=timezone,
        locale=locale,
    )
    db.commit()
    return user


def authenticate(db: Session, email: str, password: str, client_ip: str | None) -> User:
    """The user behind these credentials; failed attempts are counted per account and address."""
    # The account is looked up first, so the guard below never waits on the database.
    user = find_account(db, email)
    check_password(email, password, user.password_hash if user else None, client_ip)
    assert user is not None  # an unknown account never passes check_password
    return require_active(user)


def find_account(db: Session, email: str) -> User | None:
    """The account a sign-in names, if any (the first half of ``authenticate``)."""
    return accounts.find_by_email(db, email) if "@" in email else None


def check_password(
    email: str, password: str, password_hash: str | None, client_ip: str | None
) -> None:
    """The second half of ``authenticate``, without the database: raises Unauthorized unless
    ``password`` matches ``password_hash`` (None: no such account, or no password). The UI runs
    it on its own threads (admission.run_hashing), holding no connection while bcrypt works."""
    # Check, verify and count as one step per account and address: parallel guesses queue up
    # instead of all passing the check before any failure is counted.
    with ratelimit.sign_in_guard(email, client_ip):
        ratelimit.check_sign_in_allowed(email, client_ip)
        if not verify_password(password, password_hash):
            ratelimit.record_sign_in_failure(email, client_ip)
            raise Unauthorized(WRONG_CREDENTIALS, "login.wrong")


# --- sessions -----------------------------------------------------------------------------


def _open_session(db: Session, user: User, kind: str, user_agent: str | None) -> AuthSession:
    require_active(user)
    assert user.id is not None
    session = AuthSession(
        id=uuid.uuid4().hex,
        user_id=user.id,
        kind=kind,
        expires_at=utcnow() + timedelta(days=SESSION_DAYS),
        user_agent=(user_agent or "")[:300] or None,
    )
    db.add(session)
    return session


def open_web_session(db: Session, user: User, user_agent: str | None = None) -> str:
    """Start a browser session; returns the opaque token the browser keeps."""
    token = _secret()
    session = _open_session(db, user, "web", user_agent)
    session.token_hash = digest(token)
    db.commit()
    return f"{session.id}.{token}"


def open_web_session_for(db: Session, user_id: int, user_agent: str | None = None) -> str:
    """open_web_session for the account find_account found and check_password accepted."""
    return open_web_session(db, require_active(db.get(User, user_id)), user_agent)


def open_api_session(db: Session, user: User, user_agent: str | None = None) -> TokenPair:
    session = _open_session(db, user, "api", user_agent)
    db.flush()
    pair = _issue_pair(db, user, session)
    db.commit()
    return pair


def _issue_pair(db: Session, user: User, session: AuthSession) -> TokenPair:
    refresh = _secret()
    db.add(RefreshToken(session_id=session.id, token_hash=digest(refresh)))
    return TokenPair(
        access_token=access_token(user, session.id),
        refresh_token=refresh,
        expires_in=ACCESS_MINUTES * 60,
    )


def access_token(user: User, session_id: str, now: datetime | None = None) -> str:
    now = now or utcnow()
    claims = {
        "sub": str(user.id),
        "sid": session_id,
        "typ": "access",
        "aud": API_AUDIENCE,
        "iss": ISSUER,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=ACCESS_MINUTES)).timestamp()),
    }
    return jwt.encode(claims, get_settings().session_signing_key(), algorithm="HS256")


def _live_session(db: Session, session_id: str) -> AuthSession | None:
    session = db.get(AuthSession, session_id)
    if session is None or session.revoked_at is not None or session.expires_at <= utcnow():
        return None
    return session


def _identity(db: Session, session: AuthSession | None, user_id: int | None = None) -> Identity:
    if session is None or (user_id is not None and session.user_id != user_id):
        raise Unauthorized(SESSION_ENDED)
    user = db.get(User, session.user_id)
    if user is None or not user.is_active:
        raise Unauthorized(SESSION_ENDED)
    return Identity(user=user, session_id=session.id)


def identity_from_access_token(db: Session, token: str) -> Identity:
    try:
        claims = jwt.decode(
            token,
            get_settings().session_signing_key(),
            algorithms=["HS256"],
            audience=API_AUDIENCE,
            issuer=ISSUER,
            options={"require": ["exp", "iat", "sub", "aud", "iss", "sid", "typ"]},
        )
    except jwt.ExpiredSignatureError:
        raise Unauthorized("Your access token has expired; refresh it or sign in again.") from None
    except jwt.PyJWTError:
        raise Unauthorized("Invalid access token; sign in again.") from None
    if claims["typ"] != "access" or not str(claims["sub"]).isdigit():
        raise Unauthorized("Invalid access token; sign in again.")
    session_id, user_id = str(claims["sid"]), int(claims["sub"])
    # The session row is read once per WEB_SESSION_RECHECK_SECONDS, as for browsers (below);
    # the user row every time, so a deactivated user is refused at once in every process.
    key = "api:" + session_id
    if _recently_verified(key) == (session_id, user_id):
        user = db.get(User, user_id)
        if user is not None and user.is_active:
            return Identity(user=user, session_id=session_id)
        forget_web_sessions([session_id])
        raise Unauthorized(SESSION_ENDED)
    identity = _identity(db, _live_session(db, session_id), user_id)
    _remember(key, session_id, user_id)
    return identity


# Sessions verified in the last few seconds: browsers by the token's digest, API access tokens
# (already signed) by "api:" + session id; (when, session id, user id). Every UI event and every
# API request checks its session; within this window the session row is not read again (the user
# row still is: a deactivated user is refused at once). A session ended in this process (sign
# out, sign out everywhere, password change, deactivation) is forgotten at once (_revoke); one
# ended by another process (a second worker, the API on another host) stops working here within
# WEB_SESSION_RECHECK_SECONDS.
WEB_SESSION_RECHECK_SECONDS = 5.0
_verified: dict[str, tuple[float, str, int]] = {}
_verified_lock = threading.Lock()


def _remember(key: str, session_id: str, user_id: int) -> None:
    now = time.monotonic()
    with _verified_lock:
        if len(_verified) >= 10_000:  # bounded: drop what is too old to be used anyway
            for old in [
                k for k, v in _verified.items() if now - v[0] >= WEB_SESSION_RECHECK_SECONDS
            ]:
                del _verified[old]
            if len(_verified) >= 10_000:
                _verified.clear()
        _verified[key] = (now, session_id, user_id)


def _recently_verified(key: str) -> tuple[str, int] | None:
    found = _verified.get(key)
    if found is None or time.monotonic() - found[0] >= WEB_SESSION_RECHECK_SECONDS:
        return None
    return found[1], found[2]


def recently_verified(token: str) -> bool:
    """Whether this browser token passed the database check within the recheck window (and its
    session was not ended in this process since). No database work."""
    return bool(token) and _recently_verified(digest(token)) is not None


def forget_web_sessions(session_ids: list[str] | None = None) -> None:
    """Drop remembered verifications (of these sessions; of all when None)."""
    with _verified_lock:
        if session_ids is None:
            _verified.clear()
            return
        ended = set(session_ids)
        for key in [k for k, v in _verified.items() if v[1] in ended]:
            del _verified[key]


def identity_from_web_token(db: Session, token: str) -> Identity | None:
    """The browser's session, or None when missing, forged, expired or ended."""
    session_id, _, secret = token.partition(".")
    if not session_id or not secret:
        return None
    key = digest(token)
    if (known := _recently_verified(key)) is not None and known[0] == session_id:
        user = db.get(User, known[1])
        if user is not None and user.is_active:
            return Identity(user=user, session_id=session_id)
        forget_web_sessions([session_id])
        return None
    session = _live_session(db, session_id)
    if session is None or session.kind != "web" or session.token_hash is None:
        return None
    if not secrets.compare_digest(session.token_hash, digest(secret)):
        return None
    try:
        identity = _identity(db, session)
    except Unauthorized:
        return None
    _remember(key, session.id, session.user_id)
    return identity


def rotate_refresh_token(db: Session, refresh_token: str) -> TokenPair:
    """A new pair for a refresh token used once; a replayed one revokes its whole session."""
    row = db.exec(
        select(RefreshToken).where(RefreshToken.token_hash == digest(refresh_token))
    ).first()
    if row is None:
        raise Unauthorized("Unknown refresh token; sign in again.")
    claimed = db.execute(
        update(RefreshToken)
        .where(col(RefreshToken.id) == row.id, col(RefreshToken.used_at).is_(None))
        .values(used_at=utcnow())
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        # Reuse: someone holds a copy. End the session for everyone holding any of its tokens.
        _revoke(db, [row.session_id], "refresh_reuse")
        db.commit()
        raise Unauthorized(
            "This refresh token was already used; the session is ended. Sign in again."
        )
    identity = _identity(db, _live_session(db, row.session_id))
    session = db.get(AuthSession, row.session_id)
    assert session is not None
    session.last_seen_at = utcnow()
    pair = _issue_pair(db, identity.user, session)
    db.commit()
    return pair


def _revoke(db: Session, session_ids: list[str], reason: str) -> None:
    if session_ids:
        forget_web_sessions(session_ids)
        db.execute(
            update(AuthSession)
            .where(col(AuthSession.id).in_(session_ids), col(AuthSession.revoked_at).is_(None))
            .values(revoked_at=utcnow(), revoked_reason=reason)
        )


def end_session(db: Session, session_id: str) -> None:
    _revoke(db, [session_id], "sign_out")
    db.commit()


def sign_out(db: Session, identity: Identity, refresh_token: str | None = None) -> None:
    """End the caller's session, and the one a refresh token belongs to if it is theirs."""
    ids = [identity.session_id]
    if refresh_token:
        row = db.exec(
            select(RefreshToken).where(RefreshToken.token_hash == digest(refresh_token))
        ).first()
        owner = db.get(AuthSession, row.session_id) if row else None
        if owner is not None and owner.user_id == identity.user.id:
            ids.append(owner.id)
    _revoke(db, ids, "sign_out")
    db.commit()


def end_user_sessions(
    db: Session, user_id: int, reason: str, keep_session_id: str | None = None
) -> None:
    """End every live session of a user (but ``keep_session_id``); the caller commits."""
    statement = select(AuthSession.id).where(
        AuthSession.user_id == user_id, col(AuthSession.revoked_at).is_(None)
    )
    ids = [sid for sid in db.exec(statement).all() if sid != keep_session_id]
    _revoke(db, ids, reason)


def sign_out_everywhere(db: Session, identity: Identity) -> None:
    assert identity.user.id is not None
    end_user_sessions(db, identity.user.id, "sign_out_everywhere")
    db.commit()


# --- passwords ----------------------------------------------------------------------------


def change_password(db: Session, identity: Identity, current: str, new: str) -> None:
    """Needs the current password; every other session of the user ends."""
    user = require_active(identity.user)
    ratelimit.check_sign_in_allowed(user.email, None)
    if not verify_password(current, user.password_hash):
        ratelimit.record_sign_in_failure(user.email, None)
        raise Invalid("Your current password is not right; type it again.", "err.current_password")
    if current == new:
        raise Invalid(
            "Choose a new password that differs from the current one.", "err.same_password"
        )
    user.password_hash = hash_password(new)
    user.updated_at = utcnow()
    assert user.id is not None
    _retire_reset_links(db, user.id)
    end_user_sessions(db, user.id, "password_changed", keep_session_id=identity.session_id)
    db.commit()


def request_password_reset(db: Session, email: str) -> None:
    """Email a single-use link valid 30 minutes. Says nothing about whether the email exists."""
    try:
        normalised = accounts.normalise_email(email)
    except Invalid:
        return
    user = accounts.find_by_email(db, normalised)
    if user is None or not user.is_active:
        return  # same answer, no email; neither path hashes anything
    assert user.id is not None
    token = _secret()
    db.add(
        AccountToken(
            user_id=user.id,
            purpose="password_reset",
            token_hash=digest(token),
            expires_at=utcnow() + timedelta(minutes=RESET_MINUTES),
        )
    )
    db.flush()
    link = f"{get_settings().public_url.rstrip('/')}/reset-password?token={token}"
    notifications.queue(
        db,
        notifications.email_message(
            user,
            "password_reset",
            {"link": link, "minutes": RESET_MINUTES},
            dedupe_key=f"email.password_reset:{digest(token)[:32]}",
        ),
    )
    db.commit()


def use_account_token(db: Session, token: str, purpose: str) -> User:
    """Consume a single-use token: exactly once, before it expires, whatever the concurrency."""
    row = db.exec(select(AccountToken).where(AccountToken.token_hash == digest(token))).first()
    if row is None or row.purpose != purpose:
        raise Invalid("This link is not valid; ask for a new one.", "err.link_invalid")
    if row.expires_at <= utcnow():
        raise Invalid("This link has expired; ask for a new one.", "err.link_expired")
    claimed = db.execute(
        update(AccountToken)
        .where(col(AccountToken.id) == row.id, col(AccountToken.used_at).is_(None))
        .values(used_at=utcnow())
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise Invalid("This link was already used; ask for a new one.", "err.link_used")
    user = db.get(User, row.user_id)
    return require_active(user)


def _retire_reset_links(db: Session, user_id: int) -> None:
    db.execute(
        update(AccountToken)
        .where(
            col(AccountToken.user_id) == user_id,
            col(AccountToken.purpose) == "password_reset",
            col(AccountToken.used_at).is_(None),
        )
        .values(used_at=utcnow())
    )


def reset_password(db: Session, token: str, new_password: str) -> User:
    check_policy(new_password)
    user = use_account_token(db, token, "password_reset")
    user.password_hash = hash_password(new_password)
    user.updated_at = utcnow()
    user.email_verified_at = user.email_verified_at or utcnow()
    assert user.id is not None
    _retire_reset_links(db, user.id)
    end_user_sessions(db, user.id, "password_reset")
    db.commit()
    return user


# --- Google sign-in -----------------------------------------------------------------------

GOOGLE_HANDOVER_SECONDS = 120


def sign_in_with_google(db: Session, claims: dict[str, object]) -> User:
    """The account for verified Google claims: linked by Google id, else by the same verified
    email (then linked), else a new mentee."""
    subject, email = str(claims["sub"]), str(claims["email"])
    user = db.exec(select(User).where(User.google_sub == subject)).first()
    if user is None:
        user = accounts.find_by_email(db, email)
        if user is not None:
            if user.google_sub is not None:
                raise Conflict(
                    "This account is linked to another Google account; sign in "
                    "with that one or with your password.",
                    "err.google_other",
                )
            if user.email_verified_at is None:
                # Whoever signed up with this address never proved they own it: Google just
                # did. Their password and sessions go, so a squatter cannot keep access.
                user.password_hash = None
                assert user.id is not None
                end_user_sessions(db, user.id, "google_link")
            user.google_sub = subject
            user.email_verified_at = user.email_verified_at or utcnow()
            user.updated_at = utcnow()
        else:
            name = str(claims.get("name") or email.split("@")[0])[:NAME_MAX]
            user = accounts.create_user(db, email=email, name=name, role="mentee", password=None)
            user.google_sub, user.email_verified_at = subject, utcnow()
        db.add(user)
        db.commit()
    return require_active(user)


def google_handover_code(db: Session, user: User, browser_binding: str) -> str:
    """A one-time code the browser trades for a web session right after Google's redirect.
    It only works together with ``browser_binding`` (a cookie of the browser that started the
    flow), so a link carrying someone else's code cannot sign a victim into that account."""
    assert user.id is not None
    code = _secret()
    db.add(
        AccountToken(
            user_id=user.id,
            purpose="google_login",
            token_hash=digest(f"{code}:{browser_binding}"),
            expires_at=utcnow() + timedelta(seconds=GOOGLE_HANDOVER_SECONDS),
        )
    )
    db.commit()
    return code


def web_session_from_google_code(
    db: Session, code: str, browser_binding: str, user_agent: str | None
) -> str:
    user = use_account_token(db, f"{code}:{browser_binding}", "google_login")
    return open_web_session(db, user, user_agent)


# --- invitations ---------------------------------------------------------------------------

INVITATION_DAYS = 7


def invite(db: Session, user: User, inviter: User) -> None:
    """Email a set-password link (single use, 7 days); earlier unused links stop working."""
    assert user.id is not None
    db.execute(
        update(AccountToken)
        .where(
            col(AccountToken.user_id) == user.id,
            col(AccountToken.purpose) == "invitation",
            col(AccountToken.used_at).is_(None),
        )
        .values(used_at=utcnow())
    )
    token, message = _invitation(user, inviter)
    db.add(token)
    notifications.queue(db, message)


def invite_new(db: Session, users: list[User], inviter: User) -> None:
    """``invite`` for people created in this transaction (a CSV import's new rows): they have
    no earlier link to end, so their tokens and emails go in without a look-up, the emails in
    one INSERT."""
    invitations = [_invitation(user, inviter) for user in users]
    db.add_all([token for token, _ in invitations])
    notifications.queue_all(db, [message for _, message in invitations])


def _invitation(user: User, inviter: User) -> tuple[AccountToken, Queued]:
    assert user.id is not None
    token = _secret()
    link = f"{get_settings().public_url.rstrip('/')}/set-password?token={token}"
    return AccountToken(
        user_id=user.id,
        purpose="invitation",
        token_hash=digest(token),
        expires_at=utcnow() + timedelta(days=INVITATION_DAYS),
    ), notifications.email_message(
        user,
        "invitation",
        {
            "link": link,
            "days": INVITATION_DAYS,
            "inviter": inviter.name,
            "role": user.role,
        },
        dedupe_key=f"email.invitation:{digest(token)[:32]}",
    )


def accept_invitation(db: Session, token: str, new_password: str) -> User:
    check_policy(new_password)
    user = use_account_token(db, token, "invitation")
    user.password_hash = hash_password(new_password)
    user.updated_at = utcnow()
    user.email_verified_at = user.email_verified_at or utcnow()
    db.commit()
    return user
