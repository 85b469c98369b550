"""A git merge driver for the translation catalogues: three-way merge by message id.

    git config merge.catalogue.driver "python3 scripts/po_merge.py %O %A %B"
    (.gitattributes: *.po merge=catalogue)

Two branches that each add keys near the end of a .po file conflict as text although they never
touch the same message. Here every message id is merged on its own: added on one side -> kept,
changed on one side -> that side's text, removed on one side and unchanged on the other ->
removed. The same id changed differently on both sides is a real conflict: ours is kept, the
driver prints it and exits 1 so git reports the file as conflicted.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po


def _read(path: str) -> Catalog:
    with Path(path).open("rb") as handle:
        return read_po(handle)


def _text(message: Message | None) -> str | None:
    return None if message is None else str(message.string or "")


def merge(base_path: str, ours_path: str, theirs_path: str) -> list[str]:
    base, ours, theirs = _read(base_path), _read(ours_path), _read(theirs_path)
    clashes: list[str] = []
    merged: list[Message] = []
    seen: set[str] = set()
    for message in list(ours) + list(theirs):
        key = message.id
        if not key or not isinstance(key, str) or key in seen:
            continue
        seen.add(key)
        b, o, t = base.get(key), ours.get(key), theirs.get(key)
        if o is not None and t is not None:
            if _text(o) == _text(t) or _text(t) == _text(b):
                merged.append(o)
            elif _text(o) == _text(b):
                merged.append(t)
            else:
                merged.append(o)
                clashes.append(key)
        else:  # one side lacks it: removed there (and unchanged here), or added here
            present = o if o is not None else t
            if present is not None and (b is None or _text(present) != _text(b)):
                merged.append(present)
    result = Catalog(locale=ours.locale, domain=ours.domain, fuzzy=False)
    result._set_mime_headers(ours.mime_headers)  # noqa: SLF001 - keep the header as it was
    result.header_comment = ours.header_comment
    for message in merged:
        result.add(message.id, message.string, flags=message.flags)
    with Path(ours_path).open("wb") as handle:
        write_po(handle, result, width=100, sort_output=False, omit_header=False)
    return clashes


if __name__ == "__main__":
    found = merge(*sys.argv[1:4])
    for key in found:
        print(f"catalogue conflict: {key} changed on both sides (ours kept)", file=sys.stderr)
    sys.exit(1 if found else 0)
