"""The route table: each page declares, where it is written, its route, title, on_load, the roles
that may see it and its entry in the navigation. The app registers every route from here
(tra_da/tra_da.py) and the navigation is built from here (components/layout.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import reflex as rx

ROLES = ("admin", "mentor", "mentee")
SIGNED_IN = ROLES  # any signed-in person
ADMIN = ("admin",)
PUBLIC: tuple[str, ...] = ()  # everyone, signed in or not

Body = Callable[[], rx.Component]


@dataclass(frozen=True)
class Nav:
    """A page's entry in the navigation: label, icon and place (lower comes first)."""

    label_key: str
    icon: str
    order: int
    # Whose navigation lists it, when not everyone who may open the page (admins may open the
    # directory, but only mentees have it in their navigation).
    roles: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Route:
    path: str
    title: str
    body: Body
    on_load: Any  # an event handler, a list of them, or None
    roles: tuple[str, ...]
    nav: Nav | None
    # A tab title that follows the page's state (a mentor's name); "" until it is known, when
    # the static title shows.
    tab_title: rx.Var[str] | None = None

    @property
    def public(self) -> bool:
        return not self.roles


ROUTES: list[Route] = []


def template(
    path: str,
    *,
    title: str,
    on_load: Any = None,
    roles: Sequence[str] = PUBLIC,
    nav: Nav | None = None,
    tab_title: rx.Var[str] | None = None,
) -> Callable[[Body], Body]:
    """Decorator for a page body: declare its route. Stack it for a body served at two paths."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"{path}: unknown roles {sorted(unknown)}")

    def declare(body: Body) -> Body:
        if any(route.path == path for route in ROUTES):
            raise ValueError(f"{path} is declared twice")
        ROUTES.append(Route(path, title, body, on_load, tuple(roles), nav, tab_title))
        return body

    return declare


@dataclass(frozen=True)
class NavItem:
    href: str
    label_key: str
    icon: str


def nav_items(role: str) -> list[NavItem]:
    """Where ``role`` may go, in order; signed-out visitors are role ""."""
    entries = [
        (r.nav, r.path)
        for r in ROUTES
        if r.nav is not None
        and "[" not in r.path
        and (role in (r.nav.roles or r.roles) if role else r.public)
    ]
    entries.sort(key=lambda entry: (entry[0].order, entry[1]))
    return [NavItem(path, nav.label_key, nav.icon) for nav, path in entries]
