from __future__ import annotations

import pytest

from tra_da.services import passwords
from tra_da.services.errors import Invalid


def test_bcrypt_cost_is_at_least_12(real_bcrypt_cost: None) -> None:
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
        ("password1", "10,000 most common"),
        ("BaseBall", "10,000 most common"),
    ],
)
def test_password_policy_says_what_to_do(candidate: str, message: str) -> None:
    with pytest.raises(Invalid, match=message):
        passwords.hash_password(candidate)


def test_the_common_list_has_ten_thousand_entries() -> None:
    assert len(passwords.COMMON_PASSWORDS) == 10_000
    assert "123456" in passwords.COMMON_PASSWORDS


def test_unknown_accounts_and_overlong_passwords_never_verify() -> None:
    assert not passwords.verify_password("anything-at-all", None)
    stored = passwords.hash_password("ệ" * 24)  # exactly 72 bytes
    assert not passwords.verify_password("ệ" * 24 + "x", stored)
