"""The translation catalogues (tra_da/locale/*.po): both languages for every message, the same
placeholders in both, and every key the code names present."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import catalogue
from tra_da.i18n import (
    CATALOGUE,
    LANGUAGES,
    WEEKDAYS,
    describe,
    pick_language,
    text,
    translations,
)
from tra_da.services.errors import Invalid


def test_every_message_has_both_languages_and_the_same_placeholders() -> None:
    entries = catalogue.read_all()
    assert len(entries) > 500  # the files were found and parsed
    assert catalogue.problems(entries) == []
    assert set(CATALOGUE) == set(entries)
    for key, texts in CATALOGUE.items():
        assert set(texts) == set(LANGUAGES), key
        assert all(value.strip() for value in texts.values()), key
    assert all(len(WEEKDAYS[lang]) == 7 for lang in LANGUAGES)


def test_every_key_used_by_the_code_is_in_the_catalogue() -> None:
    used = catalogue.keys_used(known=CATALOGUE)
    # The scan reaches pages (T[...]), services' errors, emails and calendar texts.
    assert {
        "nav.home",
        "err.timezone",
        "email.invitation.subject",
        "calendar.event.summary",
    } <= used
    missing = sorted(key for key in used if key not in CATALOGUE)
    assert not missing, f"keys used but not translated: {missing}"


def test_the_check_finds_each_kind_of_defect(tmp_path: Path) -> None:
    entries = {
        "a.fine": {"vi": "Chào {name}", "en": "Hello {name}"},
        "a.untranslated": {"vi": "Chào", "en": " "},
        "a.placeholders": {"vi": "Chào {name}", "en": "Hello {who}"},
        "a.brace": {"vi": "Chào {name", "en": "Hello {name}"},
    }
    found = catalogue.problems(entries, used=["a.fine", "a.missing"])
    assert [line.split(":")[0] for line in found] == [
        "a.brace",
        "a.missing",
        "a.placeholders",
        "a.untranslated",
    ]
    package = tmp_path / "tra_da"
    for folder in ("pages", "services"):
        (package / folder).mkdir(parents=True)
    (package / "pages" / "x.py").write_text('T["nav.home"]\nkey = "admin.add"\nx = "booking.id"\n')
    (package / "services" / "y.py").write_text(
        'raise Invalid("no", "err.timezone")\nq = "payment.refund"\n'
        'notifications.queue(db, notifications.email_message(user, "invitation", {}, "k"))\n'
        'text("calendar.event.summary", "vi")\ntext("SELECT 1")\n'
    )
    used = catalogue.keys_used(package, known=["admin.x", "payment.status"])
    assert used == {
        "nav.home",
        "admin.add",
        "err.timezone",
        "calendar.event.summary",
        *(f"email.invitation.{part}" for part in catalogue.EMAIL_PARTS),
    }


def test_placeholders_are_filled_and_errors_described_in_the_readers_language() -> None:
    assert text("err.currency", "en", currencies="VND, USD") == (
        "Choose a currency Trà Đá accepts: VND, USD."
    )
    error = Invalid("bad zone", "err.timezone")
    assert describe(error, "vi") == CATALOGUE["err.timezone"]["vi"]
    assert describe(error, "en") == CATALOGUE["err.timezone"]["en"] != describe(error, "vi")
    assert describe(Invalid("no key here", "err.nope"), "en") == "no key here"


@pytest.mark.parametrize(
    ("stored", "accept", "expected"),
    [
        ("en", "vi-VN,vi;q=0.9", "en"),
        ("", "en-US,en;q=0.9", "en"),
        ("", "fr-FR,vi;q=0.5", "vi"),
        ("", "de-DE", "vi"),
        ("xx", "", "vi"),
    ],
)
def test_language_follows_the_user_then_the_browser(
    stored: str, accept: str, expected: str
) -> None:
    assert pick_language(stored, accept) == expected


def test_unknown_language_falls_back_to_vietnamese() -> None:
    assert translations("fr")["nav.sign_in"] == CATALOGUE["nav.sign_in"]["vi"]
    assert translations("en")["nav.sign_in"] == "Sign in"


def test_the_brand_is_the_catalogues_name_in_every_language() -> None:
    """Tabs and shared links spell the product's name as i18n.BRAND; the pages' catalogue says
    the same in each language."""
    from tra_da.i18n import BRAND, LANGUAGES, text

    assert {text("app.name", lang) for lang in LANGUAGES} == {BRAND}
