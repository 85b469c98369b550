"""Hardening found in review: account linking, reset links, outbox secrets, upload limits."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from sqlmodel import Session, select

from tra_da.models import MailboxMessage, OutboxMessage
from tra_da.services import accounts, auth, outbox, profile
from tra_da.services.errors import Conflict, Invalid
from tra_da.settings import get_settings

PASSWORD = "a-long-passphrase"


def test_google_takes_over_an_unverified_sign_up_safely(db: Session) -> None:
    squatter = auth.register(db, email="victim@example.com", password=PASSWORD, name="Squatter")
    web = auth.open_web_session(db, squatter)
    user = auth.sign_in_with_google(db, {"sub": "g-victim", "email": "victim@example.com"})
    assert user.id == squatter.id and user.password_hash is None and user.email_verified_at
    assert auth.identity_from_web_token(db, web) is None  # the squatter's session is gone
    with pytest.raises(Exception, match="do not match"):
        auth.authenticate(db, "victim@example.com", PASSWORD, None)


def test_google_links_a_verified_account_and_keeps_its_password(db: Session) -> None:
    user = accounts.bootstrap_admin(db, "owner@example.com", PASSWORD)
    assert user is not None and user.email_verified_at is not None
    linked = auth.sign_in_with_google(db, {"sub": "g-owner", "email": "owner@example.com"})
    assert linked.id == user.id and linked.password_hash
    with pytest.raises(Conflict, match="another Google account"):
        auth.sign_in_with_google(db, {"sub": "g-someone-else", "email": "owner@example.com"})


def _links(db: Session) -> list[str]:
    outbox.deliver_due()
    bodies = [m.text_body for m in db.exec(select(MailboxMessage).order_by(MailboxMessage.id))]
    return [re.search(r"token=([\w-]+)", body).group(1) for body in bodies]  # type: ignore[union-attr]


def test_a_reset_retires_every_other_reset_link(db: Session) -> None:
    auth.register(db, email="lan@example.com", password=PASSWORD, name="Lan")
    auth.request_password_reset(db, "lan@example.com")
    auth.request_password_reset(db, "lan@example.com")
    first, second = _links(db)
    auth.reset_password(db, second, "a-brand-new-passphrase")
    with pytest.raises(Invalid, match="already used"):
        auth.reset_password(db, first, "another-new-passphrase")


def test_delivered_links_do_not_stay_in_the_outbox(db: Session) -> None:
    auth.register(db, email="lan@example.com", password=PASSWORD, name="Lan")
    auth.request_password_reset(db, "lan@example.com")
    token = _links(db)[0]
    db.expire_all()
    stored = db.exec(select(OutboxMessage)).one()
    assert stored.status == "done" and token not in str(stored.payload)


def test_production_never_falls_back_to_the_dev_mailbox(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    auth.register(db, email="lan@example.com", password=PASSWORD, name="Lan")
    auth.request_password_reset(db, "lan@example.com")
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    get_settings.cache_clear()
    outbox.deliver_due()
    db.expire_all()
    message = db.exec(select(OutboxMessage)).one()
    assert message.status == "pending" and "SENDGRID_API_KEY or SMTP_HOST" in (
        message.last_error or ""
    )
    assert db.exec(select(MailboxMessage)).all() == []


def test_current_password_guesses_count_as_failed_sign_ins(db: Session) -> None:
    user = auth.register(db, email="lan@example.com", password=PASSWORD, name="Lan")
    identity = auth.identity_from_web_token(db, auth.open_web_session(db, user))
    assert identity is not None
    for _ in range(5):
        with pytest.raises(Invalid):
            auth.change_password(db, identity, "wrong-guess-1", "a-brand-new-passphrase")
    with pytest.raises(Exception, match="Too many"):
        auth.change_password(db, identity, PASSWORD, "a-brand-new-passphrase")


def test_huge_bitmaps_in_small_files_are_refused(db: Session, tmp_path) -> None:
    user = accounts.create_user(db, email="a@example.com", name="A", role="mentee", password=None)
    buffer = io.BytesIO()
    Image.new("1", (5000, 5000)).save(buffer, format="PNG")  # ~30 KB on disk, 25 Mpx decoded
    assert len(buffer.getvalue()) < profile.AVATAR_MAX_BYTES
    with pytest.raises(Invalid, match="4096"):
        profile.set_avatar(db, user, buffer.getvalue(), tmp_path)
