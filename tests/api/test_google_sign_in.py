"""Google sign-in, offline: ID tokens signed here with a local key and certificate."""

from __future__ import annotations

import datetime as dt
import json
import time
from urllib.parse import parse_qs, urlparse

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from google.auth import crypt
from google.auth import jwt as google_jwt
from sqlmodel import Session
from starlette.testclient import TestClient

from tra_da.integrations import google_auth
from tra_da.services import accounts, auth
from tra_da.settings import get_settings

CLIENT_ID = "trada-test.apps.googleusercontent.com"


@pytest.fixture(scope="module")
def google_key() -> tuple[bytes, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "google-test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return pem, cert.public_bytes(serialization.Encoding.PEM)


class FakeCertsRequest:
    """Stands in for the HTTP call that fetches Google's public certificates."""

    def __init__(self, cert_pem: bytes) -> None:
        self.cert_pem = cert_pem

    def __call__(self, url: str, method: str = "GET", **_: object) -> object:
        body = json.dumps({"k1": self.cert_pem.decode()}).encode()
        return type("Response", (), {"status": 200, "data": body, "headers": {}})()


def id_token(key_pem: bytes, **override: object) -> str:
    now = int(time.time())
    claims = {
        "iss": "https://accounts.google.com",
        "aud": CLIENT_ID,
        "sub": "google-123",
        "email": "lan@example.com",
        "email_verified": True,
        "name": "Nguyễn Lan",
        "iat": now,
        "exp": now + 600,
    }
    claims.update(override)
    signer = crypt.RSASigner.from_string(key_pem, key_id="k1")
    return google_jwt.encode(signer, claims).decode()


@pytest.fixture
def google_settings(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("GOOGLE_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("GOOGLE_CLIENT_SECRET", "test-secret")
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


def test_a_valid_token_gives_its_claims(google_key, google_settings) -> None:
    key, cert = google_key
    claims = google_auth.verify(id_token(key), google_settings, FakeCertsRequest(cert))
    assert claims["email"] == "lan@example.com" and claims["sub"] == "google-123"


@pytest.mark.parametrize(
    "override",
    [
        {"aud": "someone-else.apps.googleusercontent.com"},
        {"iss": "https://evil.example.com"},
        {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200},
        {"email_verified": False},
    ],
    ids=["audience", "issuer", "expired", "unverified-email"],
)
def test_tokens_failing_any_check_are_refused(google_key, google_settings, override) -> None:
    key, cert = google_key
    with pytest.raises(google_auth.GoogleSignInError):
        google_auth.verify(id_token(key, **override), google_settings, FakeCertsRequest(cert))


def test_a_token_signed_by_another_key_is_refused(google_key, google_settings) -> None:
    _, cert = google_key
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with pytest.raises(google_auth.GoogleSignInError):
        google_auth.verify(id_token(other), google_settings, FakeCertsRequest(cert))


def test_google_links_to_the_account_with_the_same_verified_email(db: Session) -> None:
    existing = accounts.create_user(
        db, email="lan@example.com", name="Lan", role="mentor", password="a-long-passphrase"
    )
    db.commit()
    user = auth.sign_in_with_google(db, {"sub": "google-123", "email": "LAN@example.com"})
    assert user.id == existing.id and user.role == "mentor" and user.google_sub == "google-123"
    again = auth.sign_in_with_google(db, {"sub": "google-123", "email": "changed@example.com"})
    assert again.id == existing.id  # the Google id, not the email, is the link from now on


def test_a_new_google_user_becomes_a_mentee(db: Session) -> None:
    user = auth.sign_in_with_google(db, {"sub": "g-9", "email": "new@example.com", "name": "Mới"})
    assert user.role == "mentee" and user.password_hash is None and user.name == "Mới"
    assert accounts.profile_of(db, user) is not None


def test_the_browser_round_trip(
    client: TestClient, google_key, google_settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    key, cert = google_key
    start = client.get("/api/auth/google/start?next=/account", follow_redirects=False)
    assert start.status_code == 303
    target = urlparse(start.headers["location"])
    params = {k: v[0] for k, v in parse_qs(target.query).items()}
    assert target.netloc == "accounts.google.com"
    assert params["client_id"] == CLIENT_ID and params["code_challenge_method"] == "S256"
    assert params["redirect_uri"] == "http://testserver/api/auth/google/callback"

    seen: dict[str, str] = {}

    def fake_exchange(settings, code: str, verifier: str) -> str:
        seen["challenge"] = google_auth.code_challenge(verifier)
        return id_token(key)

    monkeypatch.setattr(google_auth, "exchange_code", fake_exchange)
    real_verify = google_auth.verify
    monkeypatch.setattr(
        google_auth,
        "verify",
        lambda token, settings: real_verify(token, settings, FakeCertsRequest(cert)),
    )

    back = client.get(
        f"/api/auth/google/callback?code=c&state={params['state']}", follow_redirects=False
    )
    assert back.status_code == 303
    assert seen["challenge"] == params["code_challenge"]  # PKCE verifier matches the challenge
    location = urlparse(back.headers["location"])
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert location.path == "/login" and query["next"] == "/account"

    from tra_da import db

    binding = client.cookies.get("td_google_binding")
    assert binding
    with db.session() as session:
        with pytest.raises(Exception, match="not valid"):  # someone else's browser: no binding
            auth.web_session_from_google_code(session, query["google_code"], "other", "test")
        web = auth.web_session_from_google_code(session, query["google_code"], binding, "test")
        assert auth.identity_from_web_token(session, web) is not None
        with pytest.raises(Exception, match="already used"):
            auth.web_session_from_google_code(session, query["google_code"], binding, "test")

    client.get("/api/auth/google/start", follow_redirects=False)
    forged = client.get("/api/auth/google/callback?code=c&state=wrong", follow_redirects=False)
    assert "google_error=state" in forged.headers["location"]
    client.cookies.clear()
    stale = client.get("/api/auth/google/callback?code=c&state=x", follow_redirects=False)
    assert "google_error=expired" in stale.headers["location"]


def test_without_google_keys_there_is_no_google_route(client: TestClient) -> None:
    assert client.get("/api/auth/google/start", follow_redirects=False).status_code == 404
