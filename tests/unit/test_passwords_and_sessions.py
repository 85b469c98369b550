from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import jwt
import pytest

from tra_da.services import auth, passwords
from tra_da.services.errors import Invalid
from tra_da.settings import get_settings


def test_bcrypt_cost_is_at_least_12() -> None:
    stored = passwords.hash_password("a-long-passphrase")
    assert stored.startswith("$2b$12$")
    assert passwords.verify_password("a-long-passphrase", stored)
    assert not passwords.verify_password("a-long-passphrasE", stored)


@pytest.mark.parametrize(
    ("candidate", "message"),
    [
        ("short", "at least 8"),
        ("x" * 65, "at most 64"),
        ("ệ" * 30, "longer than 72 bytes"),
    ],
)
def test_password_policy_says_what_to_do(candidate: str, message: str) -> None:
    with pytest.raises(Invalid, match=message):
        passwords.hash_password(candidate)


def test_unknown_accounts_and_overlong_passwords_never_verify() -> None:
    assert not passwords.verify_password("anything-at-all", None)
    stored = passwords.hash_password("ệ" * 24)  # exactly 72 bytes
    assert not passwords.verify_password("ệ" * 24 + "x", stored)


def _claims(**override: object) -> dict:
    now = datetime.now(UTC)
    claims = {
        "sub": "1",
        "typ": "web",
        "aud": auth.WEB_AUDIENCE,
        "iss": auth.ISSUER,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(hours=1)).timestamp()),
    }
    claims.update(override)
    return claims


def _signed(**override: object) -> str:
    return jwt.encode(_claims(**override), get_settings().session_signing_key(), algorithm="HS256")


class _FakeDb:
    def __init__(self, user: object) -> None:
        self.user = user

    def get(self, _model: object, _id: int) -> object:
        return self.user


ACTIVE = SimpleNamespace(id=1, is_active=True, sessions_valid_after=None)


def test_a_web_session_token_round_trips() -> None:
    token = auth.web_session_token(ACTIVE)  # type: ignore[arg-type]
    assert auth.user_for_web_session(_FakeDb(ACTIVE), token) is ACTIVE  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "token",
    [
        "",
        "not-a-jwt",
        jwt.encode(_claims(), "another-key-that-is-long-enough-0123456789", algorithm="HS256"),
        _signed(typ="access"),
        _signed(aud="someone-else"),
        _signed(iss="someone-else"),
        _signed(exp=1),
        jwt.encode(_claims(), None, algorithm="none"),  # type: ignore[arg-type]
    ],
)
def test_forged_expired_or_foreign_tokens_are_refused(token: str) -> None:
    assert auth.user_for_web_session(_FakeDb(ACTIVE), token) is None  # type: ignore[arg-type]


def test_sessions_end_for_deactivated_users_and_after_revocation() -> None:
    token = auth.web_session_token(ACTIVE, now=datetime.now(UTC) - timedelta(minutes=5))  # type: ignore[arg-type]
    inactive = SimpleNamespace(id=1, is_active=False, sessions_valid_after=None)
    revoked = SimpleNamespace(id=1, is_active=True, sessions_valid_after=datetime.now(UTC))
    assert auth.user_for_web_session(_FakeDb(inactive), token) is None  # type: ignore[arg-type]
    assert auth.user_for_web_session(_FakeDb(revoked), token) is None  # type: ignore[arg-type]
