"""Forgot password, reset, change password, sign out everywhere, and the mail they send."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from tra_da.models import MailboxMessage, OutboxMessage
from tra_da.models.base import utcnow
from tra_da.services import accounts, auth, outbox
from tra_da.services.errors import Invalid

PASSWORD = "a-long-passphrase"


def _user(db: Session, email: str = "lan@example.com", locale: str = "vi"):
    user = accounts.create_user(
        db, email=email, name="Lan", role="mentor", password=PASSWORD, locale=locale
    )
    db.commit()
    return user


def _reset_link(db: Session) -> str:
    assert outbox.deliver_due() >= 1
    message = db.exec(select(MailboxMessage).order_by(MailboxMessage.id.desc())).first()
    assert message is not None
    match = re.search(r"token=([\w-]+)", message.text_body)
    assert match, message.text_body
    return match.group(1)


def test_reset_answers_the_same_for_unknown_emails_and_sends_nothing(db: Session) -> None:
    assert auth.request_password_reset(db, "nobody@example.com") is None
    assert auth.request_password_reset(db, "not an email") is None
    assert db.exec(select(OutboxMessage)).all() == []


def test_reset_link_is_emailed_in_the_users_language_and_works_once(db: Session) -> None:
    user = _user(db, locale="vi")
    web = auth.open_web_session(db, user)
    auth.request_password_reset(db, "LAN@example.com")
    token = _reset_link(db)
    mail = db.exec(select(MailboxMessage)).one()
    assert mail.to_email == "lan@example.com" and "Đặt lại mật khẩu" in mail.subject
    assert "http://testserver/reset-password?token=" in mail.html_body

    with pytest.raises(Invalid, match="at least 8"):
        auth.reset_password(db, token, "short")  # a bad password does not burn the link
    auth.reset_password(db, token, "a-brand-new-passphrase")
    with pytest.raises(Invalid, match="already used"):
        auth.reset_password(db, token, "another-new-passphrase")
    assert auth.identity_from_web_token(db, web) is None  # every session ended
    assert auth.authenticate(db, "lan@example.com", "a-brand-new-passphrase", None)


def test_reset_link_expires_after_30_minutes(db: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    _user(db)
    auth.request_password_reset(db, "lan@example.com")
    token = _reset_link(db)
    later = datetime.now(UTC) + timedelta(minutes=31)
    monkeypatch.setattr(auth, "utcnow", lambda: later)
    with pytest.raises(Invalid, match="expired"):
        auth.reset_password(db, token, "a-brand-new-passphrase")


def test_change_password_needs_the_current_one_and_ends_other_sessions(db: Session) -> None:
    user = _user(db)
    here = auth.open_web_session(db, user)
    elsewhere = auth.open_web_session(db, user)
    phone = auth.open_api_session(db, user)
    identity = auth.identity_from_web_token(db, here)
    assert identity is not None
    with pytest.raises(Invalid, match="current password"):
        auth.change_password(db, identity, "wrong-current", "a-brand-new-passphrase")
    auth.change_password(db, identity, PASSWORD, "a-brand-new-passphrase")
    assert auth.identity_from_web_token(db, here) is not None
    assert auth.identity_from_web_token(db, elsewhere) is None
    with pytest.raises(Exception, match="ended|sign in"):
        auth.rotate_refresh_token(db, phone.refresh_token)


def test_sign_out_everywhere_ends_every_session(db: Session) -> None:
    user = _user(db)
    here = auth.open_web_session(db, user)
    phone = auth.open_api_session(db, user)
    identity = auth.identity_from_web_token(db, here)
    assert identity is not None
    auth.sign_out_everywhere(db, identity)
    assert auth.identity_from_web_token(db, here) is None
    with pytest.raises(Exception, match="ended|sign in"):
        auth.identity_from_access_token(db, phone.access_token)


def test_web_tokens_cannot_be_forged(db: Session) -> None:
    user = _user(db)
    token = auth.open_web_session(db, user)
    session_id, _, secret = token.partition(".")
    assert auth.identity_from_web_token(db, f"{session_id}.{secret[:-2]}xx") is None
    assert auth.identity_from_web_token(db, "nonsense") is None
    assert auth.identity_from_web_token(db, "") is None


def test_outbox_retries_with_backoff_then_parks_as_dead(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    _user(db)
    auth.request_password_reset(db, "lan@example.com")

    def broken(_db: object, _message: object) -> None:
        raise ConnectionError("provider down")

    monkeypatch.setitem(outbox.HANDLERS, "email", broken)
    monkeypatch.setenv("OUTBOX_MAX_ATTEMPTS", "3")
    from tra_da.settings import get_settings

    get_settings.cache_clear()
    now = datetime.now(UTC)
    for attempt in range(1, 4):
        assert outbox.deliver_due(now=now + timedelta(hours=attempt)) == 1
        db.expire_all()
        row = db.exec(select(OutboxMessage)).one()
        assert row.attempts == attempt and "provider down" in (row.last_error or "")
    assert row.status == "dead"
    assert outbox.deliver_due(now=now + timedelta(days=1)) == 0


def test_deactivation_ends_browser_sessions_too(db: Session) -> None:
    user = _user(db)
    web = auth.open_web_session(db, user)
    assert auth.identity_from_web_token(db, web) is not None
    user.is_active = False
    db.commit()
    assert auth.identity_from_web_token(db, web) is None


def test_a_browser_session_ended_elsewhere_stops_working_within_the_recheck_window(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Verified web sessions are remembered for a few seconds (every UI event checks one). Ended
    in this process: refused at once; ended by another process (here: the row updated behind
    this process's back): refused once WEB_SESSION_RECHECK_SECONDS have passed."""
    from sqlalchemy import update

    from tra_da.models import AuthSession

    clock = [1000.0]
    monkeypatch.setattr(auth.time, "monotonic", lambda: clock[0])
    user = _user(db)
    here, other = auth.open_web_session(db, user), auth.open_web_session(db, user)
    assert auth.identity_from_web_token(db, here) is not None
    assert auth.identity_from_web_token(db, other) is not None
    assert auth.recently_verified(here) and auth.recently_verified(other)

    identity = auth.identity_from_web_token(db, here)
    assert identity is not None
    auth.sign_out(db, identity)  # this process: at once
    assert not auth.recently_verified(here)
    assert auth.identity_from_web_token(db, here) is None

    other_id = other.partition(".")[0]
    db.execute(update(AuthSession).where(AuthSession.id == other_id).values(revoked_at=utcnow()))
    db.commit()  # another process ended it: this one still trusts its recent check ...
    clock[0] += auth.WEB_SESSION_RECHECK_SECONDS - 0.5
    assert auth.identity_from_web_token(db, other) is not None
    clock[0] += 1.0  # ... but no longer than the window
    assert not auth.recently_verified(other)
    assert auth.identity_from_web_token(db, other) is None


def test_a_deactivated_user_is_refused_at_once_despite_a_recent_check(db: Session) -> None:
    user = _user(db)
    token = auth.open_web_session(db, user)
    assert auth.identity_from_web_token(db, token) is not None
    user.is_active = False
    db.add(user)
    db.commit()
    assert auth.identity_from_web_token(db, token) is None
    assert not auth.recently_verified(token)
