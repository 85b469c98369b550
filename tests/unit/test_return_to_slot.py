"""A visitor's slot: the sign-in address carries the way back, and sign in accepts it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tra_da.services.auth import safe_next
from tra_da.state.booking import sign_in_to_book


def test_a_visitors_slot_leads_to_sign_in_and_back_to_that_slot() -> None:
    target = sign_in_to_book(7, 12)
    parts = urlsplit(target)
    assert parts.path == "/login" and not parts.netloc
    (back,) = parse_qs(parts.query)["next"]
    assert back == "/mentors/7?slot=12"
    assert safe_next(back) == back
