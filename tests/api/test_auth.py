"""/api/auth: sign-up, sign-in, tokens, rotation, logout, brute-force limits."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from starlette.testclient import TestClient

from tests.api.helpers import PASSWORD, make_user, sign_in
from tra_da import db
from tra_da.models import User
from tra_da.services import auth
from tra_da.settings import get_settings


def _register(client: TestClient, **body: str):
    payload = {"email": "an@example.com", "password": PASSWORD, "name": "Võ An", **body}
    return client.post("/api/auth/register", json=payload)


def test_register_makes_a_mentee_and_signs_them_in(client: TestClient) -> None:
    response = _register(client, timezone="Europe/Berlin")
    assert response.status_code == 201
    body = response.json()
    assert body["token_type"] == "bearer" and body["user"]["role"] == "mentee"
    me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200
    assert me.json()["timezone"] == "Europe/Berlin" and me.json()["profile"]["goals"] == ""
    assert "password_hash" not in me.text


@pytest.mark.parametrize(
    ("override", "status", "fragment"),
    [
        ({"email": "AN@Example.com"}, 409, "already exists"),
        ({"password": "short"}, 422, "at least 8"),
        ({"password": "iloveyou"}, 422, "most common"),
        ({"password": "ệ" * 30}, 422, "72 bytes"),
        ({"email": "not-an-email"}, 422, "not a valid email"),
        ({"timezone": "Mars/Base"}, 422, "time zone"),
        ({"name": ""}, 422, "name"),
    ],
)
def test_register_refuses_bad_input_with_a_clear_message(
    client: TestClient, override: dict, status: int, fragment: str
) -> None:
    assert _register(client).status_code == 201
    response = _register(client, **{"email": "other@example.com", **override})
    assert response.status_code == status
    assert fragment in response.json()["error"]["message"]


def test_login_errors_do_not_reveal_whether_the_account_exists(client: TestClient) -> None:
    make_user("lan@example.com", "mentor")
    wrong = client.post("/api/auth/login", json={"email": "lan@example.com", "password": "x" * 9})
    unknown = client.post("/api/auth/login", json={"email": "who@example.com", "password": "x" * 9})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["error"]["message"] == unknown.json()["error"]["message"]


def test_unknown_emails_take_as_long_as_wrong_passwords(real_bcrypt_cost: None, db: object) -> None:
    make_user("lan@example.com", "mentor")

    def timed(email: str) -> float:
        start = time.perf_counter()
        with pytest.raises(Exception, match="do not match"):
            auth.authenticate(db, email, "wrong-password-1", None)  # type: ignore[arg-type]
        return time.perf_counter() - start

    # Interleaved, the fastest of four each: a busy machine slows single runs, never speeds them.
    pairs = [(timed("lan@example.com"), timed("nobody@example.com")) for _ in range(4)]
    wrong = min(w for w, _ in pairs)
    unknown = min(u for _, u in pairs)
    assert unknown > 0.6 * wrong, (unknown, wrong)  # both pay a full bcrypt check


def _token(**override: object) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": "1",
        "sid": "x",
        "typ": "access",
        "aud": auth.API_AUDIENCE,
        "iss": auth.ISSUER,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=15)).timestamp()),
    }
    claims.update(override)
    key = str(claims.pop("key", get_settings().session_signing_key()))
    algorithm = str(claims.pop("alg", "HS256"))
    return jwt.encode(claims, None if algorithm == "none" else key, algorithm=algorithm)


def test_access_tokens_are_checked_in_every_claim(client: TestClient) -> None:
    person = sign_in(client, "lan@example.com", "mentor")
    claims = jwt.decode(person.access, options={"verify_signature": False})
    assert claims["typ"] == "access" and claims["exp"] - claims["iat"] == 15 * 60
    good = {"sub": claims["sub"], "sid": claims["sid"]}
    assert client.get("/api/auth/me", headers=person.headers).status_code == 200
    forged = [
        _token(**good, alg="none"),
        _token(**good, key="another-key-that-is-long-enough-for-hs256-xx"),
        _token(**good, exp=int(time.time()) - 5, iat=int(time.time()) - 1000),
        _token(**good, typ="refresh"),
        _token(**good, aud="someone-else"),
        _token(**good, iss="someone-else"),
        person.access[:-3] + ("AAA" if not person.access.endswith("AAA") else "BBB"),
        "not-a-token",
    ]
    for token in forged:
        response = client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, token
        assert response.json()["error"]["code"] == "unauthorized"
    assert client.get("/api/auth/me").status_code == 401


def test_refresh_rotates_and_a_replay_ends_the_whole_session(client: TestClient) -> None:
    person = sign_in(client, "lan@example.com", "mentor")
    first = client.post("/api/auth/refresh", json={"refresh_token": person.refresh})
    assert first.status_code == 200
    newer = first.json()
    assert newer["refresh_token"] != person.refresh
    replay = client.post("/api/auth/refresh", json={"refresh_token": person.refresh})
    assert replay.status_code == 401
    # The thief's replay revoked the family: the legitimate newer tokens are dead too.
    assert (
        client.post("/api/auth/refresh", json={"refresh_token": newer["refresh_token"]}).status_code
        == 401
    )
    headers = {"Authorization": f"Bearer {newer['access_token']}"}
    assert client.get("/api/auth/me", headers=headers).status_code == 401


def test_refresh_tokens_are_stored_hashed(client: TestClient) -> None:
    from sqlmodel import select

    from tra_da.models import RefreshToken

    person = sign_in(client, "lan@example.com", "mentor")
    with db.session() as session:
        stored = session.exec(select(RefreshToken.token_hash)).all()
    assert person.refresh not in stored and auth.digest(person.refresh) in stored


def test_sessions_end_after_thirty_days(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = sign_in(client, "lan@example.com", "mentor")
    later = datetime.now(UTC) + timedelta(days=30, minutes=1)
    monkeypatch.setattr(auth, "utcnow", lambda: later)
    assert (
        client.post("/api/auth/refresh", json={"refresh_token": person.refresh}).status_code == 401
    )


def test_logout_revokes_the_session(client: TestClient) -> None:
    person = sign_in(client, "lan@example.com", "mentor")
    other = client.post(
        "/api/auth/login", json={"email": person.email, "password": PASSWORD}
    ).json()
    response = client.post(
        "/api/auth/logout", json={"refresh_token": person.refresh}, headers=person.headers
    )
    assert response.status_code == 204
    assert client.get("/api/auth/me", headers=person.headers).status_code == 401
    assert (
        client.post("/api/auth/refresh", json={"refresh_token": person.refresh}).status_code == 401
    )
    # Another device's session is untouched.
    headers = {"Authorization": f"Bearer {other['access_token']}"}
    assert client.get("/api/auth/me", headers=headers).status_code == 200


def test_deactivating_a_user_ends_their_sessions_at_once(client: TestClient) -> None:
    person = sign_in(client, "lan@example.com", "mentor")
    with db.session() as session:
        user = session.get(User, person.user_id)
        assert user is not None
        user.is_active = False
        session.commit()
    assert client.get("/api/auth/me", headers=person.headers).status_code == 401
    assert (
        client.post("/api/auth/refresh", json={"refresh_token": person.refresh}).status_code == 401
    )
    login = client.post("/api/auth/login", json={"email": person.email, "password": PASSWORD})
    assert login.status_code == 401 and "deactivated" in login.json()["error"]["message"]


def test_sixth_failed_sign_in_for_an_account_gets_429(client: TestClient) -> None:
    make_user("lan@example.com", "mentor")
    for _ in range(5):
        response = client.post(
            "/api/auth/login", json={"email": "lan@example.com", "password": "wrong-pass-1"}
        )
        assert response.status_code == 401
    blocked = client.post(
        "/api/auth/login", json={"email": "lan@example.com", "password": PASSWORD}
    )
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    assert "Too many failed sign-ins" in blocked.json()["error"]["message"]


def test_failed_sign_ins_are_also_limited_per_address(client: TestClient) -> None:
    for index in range(5):
        client.post(
            "/api/auth/login",
            json={"email": f"guess{index}@example.com", "password": "wrong-pass-1"},
        )
    make_user("lan@example.com", "mentor")
    blocked = client.post(
        "/api/auth/login", json={"email": "lan@example.com", "password": PASSWORD}
    )
    assert blocked.status_code == 429 and "Retry-After" in blocked.headers


def test_other_api_requests_are_limited_per_address(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = sign_in(client, "lan@example.com", "mentor")
    monkeypatch.setenv("RATE_LIMIT_API", "3/minute")
    get_settings.cache_clear()
    statuses = [client.get("/api/auth/me", headers=person.headers).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get("/api/health").status_code == 200  # health checks are never limited


def test_logout_cannot_end_someone_elses_session(client: TestClient) -> None:
    lan = sign_in(client, "lan@example.com", "mentor")
    an = sign_in(client, "an@example.com", "mentee")
    response = client.post(
        "/api/auth/logout", json={"refresh_token": lan.refresh}, headers=an.headers
    )
    assert response.status_code == 204  # an's own session ended ...
    assert client.get("/api/auth/me", headers=an.headers).status_code == 401
    assert client.get("/api/auth/me", headers=lan.headers).status_code == 200  # ... lan's not
