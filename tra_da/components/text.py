"""Text built from a row's fields, typed for the pages: a row's field is a Var whose type Reflex
checks at compile time and mypy sees as ``Var[Any]``; these say what they make of it once."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_base.vars.sequence import StringVar

from tra_da.state.session import SessionState, T


def or_text(value: rx.Var[Any], fallback: str = "") -> StringVar[str]:
    """An optional field as text: ``fallback`` when it is missing or empty (a link's href, a
    Stripe id shown as "—")."""
    return rx.cond(value, value, fallback).to(str)


def joined(*parts: str | rx.Var[Any]) -> StringVar[str]:
    """Words and fields as one text (a dialog's description, an aria-label)."""
    out: StringVar[str] = rx.Var.create("").to(str)
    for part in parts:
        out = out + (part if isinstance(part, str) else part.to(str))
    return out


def translated(prefix: str, key: rx.Var[Any]) -> StringVar[str]:
    """The catalogue's text for ``prefix`` + a field's value: ``translated("status.", status)``."""
    return T[prefix + key.to(str)]


def initials(name: rx.Var[Any]) -> StringVar[str]:
    """The avatar's letters when there is no picture: the first letter of the first and of the
    last word ("Võ Minh An" -> "VA"), the first two letters of a one-word name ("Lan" -> "LA"),
    nothing for no name. Every avatar uses this one helper.

    Written as one JavaScript expression on purpose: it runs while a page is still loading, when
    the name is undefined, and Reflex's string operations (``strip``) throw on undefined, which
    took the whole directory down in an earlier attempt. ``Array.from`` counts letters, not
    UTF-16 units."""
    words = f'String({name!s} ?? "").trim().split(/\\s+/).filter(Boolean)'
    pick = (
        "(w.length > 1 ? Array.from(w[0])[0] + Array.from(w[w.length - 1])[0]"
        ' : Array.from(w[0] ?? "").slice(0, 2).join(""))'
    )
    return rx.Var(
        _js_expr=f"((w) => {pick}.toUpperCase())({words})",
        _var_type=str,
        _var_data=name._get_all_var_data(),
    ).to(str)


def zone_note() -> rx.Component:
    """Which time zone the times on this page are in (the viewer's, by its readable name)."""
    return rx.text(
        T["dashboard.times_in"],
        " ",
        SessionState.zone_name,
        size="1",
        color=rx.color("gray", 10),
    )
