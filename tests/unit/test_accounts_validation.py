from __future__ import annotations

import pytest

from tra_da.services import accounts
from tra_da.services.errors import Invalid


@pytest.mark.parametrize("raw", ["not-an-email", "a@", "@example.com", "a b@example.com"])
def test_invalid_emails_are_refused_with_the_value_shown(raw: str) -> None:
    with pytest.raises(Invalid, match="is not a valid email address"):
        accounts.normalise_email(raw)


def test_emails_are_normalised_to_lower_case() -> None:
    assert accounts.normalise_email("  Lan.Nguyen@Example.COM ") == "lan.nguyen@example.com"


def test_time_zones_must_be_iana_names() -> None:
    assert accounts.check_timezone("America/New_York") == "America/New_York"
    with pytest.raises(Invalid, match="IANA"):
        accounts.check_timezone("Mars/Olympus")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("role", "root", "Role must be"),
        ("locale", "fr", "Language must be"),
        ("name", "   ", "Enter a name"),
    ],
)
def test_create_user_validates_before_touching_the_database(
    field: str, value: str, message: str
) -> None:
    kwargs = {
        "email": "x@example.com",
        "name": "X",
        "role": "mentee",
        "password": None,
        "locale": "vi",
        field: value,
    }
    with pytest.raises(Invalid, match=message):
        accounts.create_user(None, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/account", "/account"),
        ("/admin/mailbox?x=1", "/admin/mailbox?x=1"),
        ("//evil.example.com", "/dashboard"),
        ("https://evil.example.com", "/dashboard"),
        ("/\\evil.example.com", "/dashboard"),
        ("", "/dashboard"),
        ("/mentors/7?slot=12", "/mentors/7?slot=12"),
        ("/\t/evil.example.com", "/dashboard"),
        ("/\n/evil.example.com", "/dashboard"),
        ("/ /evil.example.com", "/dashboard"),
        ("javascript:alert(1)", "/dashboard"),
        ("/" + "a" * 2001, "/dashboard"),
    ],
)
def test_after_sign_in_only_same_site_paths(target: str, expected: str) -> None:
    from tra_da.services.auth import safe_next

    assert safe_next(target) == expected
