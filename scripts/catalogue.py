"""The translation catalogues (tra_da/locale/<lang>/LC_MESSAGES/messages.po): check and update.

    .venv/bin/python scripts/catalogue.py check          what tests/unit/test_i18n.py checks
    .venv/bin/python scripts/catalogue.py update         add every key the code uses but the
                                                         catalogues lack (empty: to translate),
                                                         and rewrite both files in one layout
    .venv/bin/python scripts/catalogue.py merge FILE.py  take the texts of an old-style
                                                         ``CATALOGUE = {key: {"vi": .., "en": ..}}``
                                                         (a branch written before the .po files)

The message id is the key the code uses ("nav.home", "err.timezone", "email.invitation.subject"),
the message string the text, with {name}-style placeholders (flagged python-brace-format, so
Poedit and Weblate check them). Babel's own extractor looks for gettext() calls, which this code
does not make: keys are found here by reading the source (`keys_used`).
"""

from __future__ import annotations

import ast
import re
import string
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "tra_da"
LOCALE_DIR = PACKAGE / "locale"
LANGUAGES = ("vi", "en")
EMAIL_PARTS = ("subject", "intro", "body", "action", "outro")
# Functions that take an email template's name (its texts: email.<name>.<part>), and where.
EMAIL_CALLS = {"email_message": 1, "_tell_both": 3, "render": 0}
_KEY = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")
_TEMPLATE = re.compile(r"[a-z][a-z0-9_]*")


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"


def read_all() -> dict[str, dict[str, str]]:
    """{key: {lang: text}} in the order of the Vietnamese file, then keys only the English has."""
    entries: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        with po_path(lang).open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        for message in catalog:
            if message.id and isinstance(message.id, str):
                entries.setdefault(message.id, {})[lang] = str(message.string or "")
    return entries


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


HEADER = """\
# Trà Đá: every text a person reads, in {language}.
# msgid is the key the code uses, msgstr the text; keep each {{placeholder}} as it is.
# Edit with Poedit or Weblate (or any text editor); make test checks both languages."""


def write_all(entries: Mapping[str, Mapping[str, str]]) -> None:
    """Both files, keys in the order given. The header's dates stay as they were, so a rewrite
    only shows the messages that changed."""
    for lang in LANGUAGES:
        created = None
        if po_path(lang).exists():
            with po_path(lang).open("rb") as handle:
                created = read_po(handle, locale=lang).creation_date
        catalog = Catalog(
            locale=lang,
            domain="messages",
            header_comment=HEADER.format(language="Vietnamese" if lang == "vi" else "English"),
            project="Trà Đá",
            version="1",
            msgid_bugs_address="",
            copyright_holder="Trà Đá",
            creation_date=created,
            revision_date=created,
            last_translator="Trà Đá",
            language_team=lang,
            fuzzy=False,
        )
        for key, texts in entries.items():
            text = texts.get(lang, "")
            every = placeholders(text) | {p for t in texts.values() for p in placeholders(t)}
            catalog.add(key, text, flags=["python-brace-format"] if every else [])
        po_path(lang).parent.mkdir(parents=True, exist_ok=True)
        with po_path(lang).open("wb") as handle:
            write_po(handle, catalog, width=100, sort_output=False, omit_header=False)


def _constants(tree: ast.AST) -> Iterable[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value


def _t_subscripts(tree: ast.AST) -> Iterable[str]:
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Name)
            and node.value.id == "T"
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, str)
        ):
            yield node.slice.value


def _text_calls(tree: ast.AST) -> Iterable[str]:
    """The keys given to ``tra_da.i18n.text(key, language, ...)``."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and (getattr(node.func, "id", "") == "text" or getattr(node.func, "attr", "") == "text")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and _KEY.fullmatch(node.args[0].value)  # not SQLAlchemy's text("SELECT 1")
        ):
            yield node.args[0].value


def email_templates_used(root: Path = PACKAGE) -> set[str]:
    """Template names passed to the email functions, and the values of the tables that name
    them (REMINDERS, REFUND_TEMPLATES)."""
    used: set[str] = set()
    for path in (root / "services").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                at = EMAIL_CALLS.get(name, len(node.args))
                arg = node.args[at] if at < len(node.args) else None
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    used.add(arg.value)
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id in {"REMINDERS", "REFUND_TEMPLATES"}
                for t in node.targets
            ):
                keys = {
                    id(k) for d in ast.walk(node.value) if isinstance(d, ast.Dict) for k in d.keys
                }
                used |= {
                    n.value
                    for n in ast.walk(node.value)
                    if isinstance(n, ast.Constant)
                    and isinstance(n.value, str)
                    and id(n) not in keys
                    and _TEMPLATE.fullmatch(n.value)
                }
    return used


def keys_used(root: Path = PACKAGE, known: Iterable[str] = ()) -> set[str]:
    """Every message key the code names: ``T["..."]``, ``text("...", lang)``, string constants
    shaped like a key of a catalogue area ("nav.home", "admin.add") in pages, components and
    states; error keys ("err.timezone") anywhere; the parts of every email template the
    services send. (Outside the view, "booking.id" or "checkout.session.completed" are columns
    and events, not texts.)"""
    areas = {key.split(".")[0] for key in known} | {"err"}
    view = {root / folder for folder in ("pages", "components", "state")}
    used: set[str] = set()
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        in_view = path.parent in view
        used |= set(_t_subscripts(tree)) | set(_text_calls(tree))
        used |= {
            value
            for value in _constants(tree)
            if _KEY.fullmatch(value)
            and (value.startswith("err.") or (in_view and value.split(".")[0] in areas))
        }
    for template in email_templates_used(root):
        used |= {f"email.{template}.{part}" for part in EMAIL_PARTS}
    return used


def problems(entries: Mapping[str, Mapping[str, str]], used: Iterable[str] = ()) -> list[str]:
    found = []
    for key, texts in entries.items():
        for lang in LANGUAGES:
            if not texts.get(lang, "").strip():
                found.append(f"{key}: no {lang} text")
        try:
            fields = {lang: placeholders(texts.get(lang, "")) for lang in LANGUAGES}
        except ValueError as exc:  # an unbalanced brace: format() would fail at run time
            found.append(f"{key}: {exc}")
            continue
        if len({frozenset(f) for f in fields.values()}) > 1:
            found.append(f"{key}: placeholders differ {fields}")
    found += [
        f"{key}: used in the code, not in the catalogues" for key in used if key not in entries
    ]
    return sorted(found)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    entries = read_all()
    if command == "check":
        found = problems(entries, keys_used(known=entries))
        print("\n".join(found) or f"{len(entries)} messages, both languages, all keys present")
        return 1 if found else 0
    if command == "update":
        missing = sorted(k for k in keys_used(known=entries) if k not in entries)
        for key in missing:
            entries[key] = dict.fromkeys(LANGUAGES, "")
            print(f"added {key} (untranslated)")
        write_all(entries)
        return 0
    if command == "merge" and len(argv) == 3:
        scope: dict[str, object] = {}
        exec(compile(Path(argv[2]).read_text(encoding="utf-8"), argv[2], "exec"), scope)  # noqa: S102
        old = scope.get("CATALOGUE")
        if not isinstance(old, dict):
            print(f"{argv[2]} defines no CATALOGUE dict")
            return 1
        for key, texts in old.items():
            if entries.get(key) != texts:
                print(f"{'changed' if key in entries else 'added'} {key}")
                entries[key] = {lang: str(texts.get(lang, "")) for lang in LANGUAGES}
        write_all(entries)
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
