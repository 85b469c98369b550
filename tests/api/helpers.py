"""Small factories for API tests: people of each role and their tokens."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.testclient import TestClient

from tra_da import db
from tra_da.services import accounts

PASSWORD = "a-long-passphrase"


@dataclass
class Person:
    email: str
    access: str
    refresh: str
    user_id: int

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access}"}


def make_user(email: str, role: str, name: str = "Người dùng") -> int:
    with db.session() as session:
        user = accounts.create_user(session, email=email, name=name, role=role, password=PASSWORD)
        session.commit()
        assert user.id is not None
        return user.id


def sign_in(client: TestClient, email: str, role: str | None = None) -> Person:
    user_id = make_user(email, role) if role else 0
    response = client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    body = response.json()
    return Person(email, body["access_token"], body["refresh_token"], user_id or body["user"]["id"])
