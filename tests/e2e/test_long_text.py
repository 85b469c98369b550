"""Long unbroken text never widens a layout (issue 16): with every name, track, tag, topic and
goal of the demo programme stretched to its longest allowed length, in one unbroken word, no
route of the route table scrolls sideways at 375 px, for any role that may open it.

The server is this module's own (the texts are rewritten in its database, which other browser
tests must not see). A table may scroll inside its own region; the page may not.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests import stripe_stub
from tests.appcopy import Server
from tests.e2e.conftest import next_client_address, sibling_server
from tests.e2e.tour import VISITOR, WIDEST, Visitor, sign_in_visitor, visits
from tra_da.models.limits import (
    EXPERTISE_TAG_MAX,
    HIDE_REASON_MAX,
    NAME_MAX,
    REVIEW_MAX,
    TOPIC_MAX,
    TRACK_MAX,
)

PHONE = 375
LANG = "vi"  # the longer words of the two


def unbroken(seed: str, length: int) -> str:
    """``seed`` padded to ``length`` characters with no place to break a line."""
    return (seed + "Nguyễn" * length)[:length]


def stretch(database: Path) -> None:
    """Every text a list or table shows, at its longest, as one word."""
    db = sqlite3.connect(database)
    with db:
        rows = db.execute("SELECT id FROM user_account").fetchall()
        for (uid,) in rows:
            db.execute(
                "UPDATE user_account SET name = ? WHERE id = ?",
                (unbroken(f"Person{uid}", NAME_MAX), uid),
            )
        for (gid,) in db.execute("SELECT id FROM mentee_group").fetchall():
            db.execute(
                "UPDATE mentee_group SET name = ?, cohort = ?, track = ? WHERE id = ?",
                (
                    unbroken(f"Group{gid}", NAME_MAX),
                    unbroken(f"Cohort{gid}", TRACK_MAX),
                    unbroken("Track", TRACK_MAX),
                    gid,
                ),
            )
        long_text = unbroken("Text", NAME_MAX)
        db.execute(
            "UPDATE mentor_profile SET track = ?, headline = ?",
            (unbroken("Track", TRACK_MAX), long_text),
        )
        db.execute(
            "UPDATE mentee_profile SET track = ?, goals = ?, interests = ?, background = ?",
            (unbroken("Track", TRACK_MAX), long_text, long_text, long_text),
        )
        tags = db.execute("SELECT mentor_id, tag FROM mentor_expertise").fetchall()
        for number, (mentor_id, tag) in enumerate(tags):
            db.execute(
                "UPDATE mentor_expertise SET tag = ? WHERE mentor_id = ? AND tag = ?",
                (unbroken(f"Tag{number}", EXPERTISE_TAG_MAX), mentor_id, tag),
            )
        db.execute(
            "UPDATE session_log SET topic = ?, action_items = ?",
            (unbroken("Topic", TOPIC_MAX), long_text),
        )
        db.execute(
            "UPDATE booking SET cancel_reason = ? WHERE cancel_reason IS NOT NULL", (long_text,)
        )
        db.execute("UPDATE mailbox_message SET subject = ?", (long_text,))
        db.execute("UPDATE review SET text = ?", (unbroken("Review", REVIEW_MAX),))
        db.execute(
            "UPDATE review SET hidden_at = CURRENT_TIMESTAMP, hidden_reason = ? "
            "WHERE id = (SELECT MIN(id) FROM review)",
            (unbroken("Reason", HIDE_REASON_MAX),),
        )
    db.close()


@pytest.fixture(scope="module")
def long_server(
    tmp_path_factory: pytest.TempPathFactory,
    stripe: stripe_stub.StripeStub,
    e2e_server: Server,
) -> Iterator[str]:
    database = tmp_path_factory.mktemp("long-text") / "e2e.db"
    with sibling_server(e2e_server, database, stripe.url, "long-text") as base:
        stretch(database)
        yield base


@pytest.fixture(scope="module")
def visitors() -> Iterator[dict[str, Visitor]]:
    """One signed-in context per role, open for the role's routes."""
    cache: dict[str, Visitor] = {}
    yield cache
    for visitor in cache.values():
        visitor.close()


@pytest.mark.parametrize(("role", "lang", "path"), visits((LANG,)))
def test_route_does_not_scroll_sideways_at_phone_width(
    browser: Browser,
    long_server: str,
    visitors: dict[str, Visitor],
    role: str,
    lang: str,
    path: str,
) -> None:
    if role not in visitors:
        for old in list(visitors.values()):
            old.close()
        visitors.clear()
        visitors[role] = sign_in_visitor(browser, long_server, role, lang, next_client_address())
    visitor = visitors[role]
    url = visitor.open(path, width=PHONE)
    if role != VISITOR:
        assert "/login" not in visitor.page.url, f"{role} was signed out at {url}"
    wide = visitor.page.evaluate(WIDEST, PHONE)
    scroll = visitor.page.evaluate(
        "() => [document.scrollingElement.scrollWidth, window.innerWidth]"
    )
    assert scroll[0] <= scroll[1] and not wide, (
        f"{url} as {role}: the page is {scroll[0]} px wide at {scroll[1]} px; "
        f"sticking out: {wide and wide['target']}"
    )
