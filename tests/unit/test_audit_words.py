"""The audit log reads as words: every field a service records has a name in both languages,
and a field nobody named still reads as words, never as a code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tra_da.i18n import translations
from tra_da.state.admin import AUDIT_FIELDS, _describe_change

SERVICES = Path(__file__).resolve().parents[2] / "tra_da" / "services"


def _is_call(node: ast.AST, name: str) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == name
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "audit"
    )


def _recorded_fields() -> set[str]:
    """The keys the services write into an entry's before/after: dict literals handed to
    audit.record or built by a *_snapshot function, and the field tuples given to
    audit.snapshot (written inline or as a module constant)."""
    found: set[str] = set()
    for path in SERVICES.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if "audit." not in path.read_text(encoding="utf-8"):
            continue
        tuples = {
            target.id: node.value
            for node in tree.body
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        dicts: list[ast.Dict] = []
        for node in ast.walk(tree):
            if _is_call(node, "record"):
                assert isinstance(node, ast.Call)
                args = [*node.args, *(k.value for k in node.keywords)]
                dicts += [a for a in args if isinstance(a, ast.Dict)]
            if isinstance(node, ast.FunctionDef) and node.name.endswith("_snapshot"):
                dicts += [n for n in ast.walk(node) if isinstance(n, ast.Dict)]
            if _is_call(node, "snapshot") and path.name != "audit.py":
                assert isinstance(node, ast.Call)
                fields = node.args[1]
                if isinstance(fields, ast.Name):
                    fields = tuples[fields.id]
                assert isinstance(fields, ast.Tuple), ast.dump(fields)
                found |= {e.value for e in fields.elts if isinstance(e, ast.Constant)}
        for d in dicts:
            found |= {k.value for k in d.keys if isinstance(k, ast.Constant)}
    return {f for f in found if isinstance(f, str)}


def test_every_recorded_field_has_a_name_in_both_languages() -> None:
    recorded = _recorded_fields()
    # The scan itself must see the services' fields, or this test could not fail.
    assert {"expertise", "max_mentees", "price_amount", "resolution_note", "topic"} <= recorded
    assert sorted(recorded - set(AUDIT_FIELDS)) == []
    for lang in ("vi", "en"):
        t = translations(lang)
        assert all(t.get(key, "").strip() for key in AUDIT_FIELDS.values()), lang


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("vi", "Số mentee tối đa: 5 → 2; Chuyên môn: rust, webassembly; Đang hoạt động: Có"),
        ("en", "Max mentees: 5 → 2; Expertise: rust, webassembly; Active: Yes"),
    ],
)
def test_field_names_follow_the_reader_language(lang: str, expected: str) -> None:
    t = translations(lang)
    before = {"max_mentees": 5}
    after = {"max_mentees": 2, "expertise": ["rust", "webassembly"], "active": True}
    assert _describe_change(before, after, t) == expected.replace("Có", t["common.yes"])


def test_a_field_nobody_named_still_reads_as_words() -> None:
    t = translations("en")
    assert _describe_change(None, {"calendar_owner_id": 7}, t) == "Calendar owner id: 7"
    assert "_" not in _describe_change({"some_new_flag": False}, {"some_new_flag": True}, t)
