from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tra_da.i18n import CATALOGUE, LANGUAGES, WEEKDAYS, pick_language, translations

ROOT = Path(__file__).resolve().parents[2] / "tra_da"


def test_every_string_exists_in_both_languages() -> None:
    for key, texts in CATALOGUE.items():
        assert set(texts) == set(LANGUAGES), key
        assert all(value.strip() for value in texts.values()), key
    assert all(len(WEEKDAYS[lang]) == 7 for lang in LANGUAGES)


def test_every_key_used_by_the_ui_is_in_the_catalogue() -> None:
    used: set[str] = set()
    folders = ("pages", "components", "state")
    for path in [p for folder in folders for p in (ROOT / folder).glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Subscript)
                and isinstance(node.value, ast.Name)
                and node.value.id == "T"
                and isinstance(node.slice, ast.Constant)
            ):
                used.add(node.slice.value)
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and (
                    node.value.count(".") == 1
                    and node.value.split(".")[0]
                    in {
                        "nav",
                        "landing",
                        "login",
                        "dashboard",
                        "notfound",
                        "common",
                        "role",
                        "app",
                        "admin",
                        "invite",
                        "settings",
                        "signup",
                        "reset",
                        "forgot",
                        "mailbox",
                        "forbidden",
                        "err",
                        "logs",
                    }
                )
            ):
                used.add(node.value)
    missing = sorted(k for k in used if k not in CATALOGUE and not k.endswith("."))
    assert not missing, f"keys used but not translated: {missing}"


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
