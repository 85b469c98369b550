"""The one layout around every page: sidebar (desktop), drawer (tablet), bottom nav (phone)."""

from __future__ import annotations

import json
from collections.abc import Callable

import reflex as rx
from reflex_base.vars.base import Var, VarData
from reflex_components_core.base.fragment import Fragment
from reflex_components_core.core.banner import has_connection_errors

from tra_da.components.routes import ROLES, NavItem, nav_items
from tra_da.i18n import CATALOGUE, DEFAULT_LANGUAGE, LANGUAGES
from tra_da.state.session import (
    KNOWN_NAME_KEY,
    KNOWN_ROLE_KEY,
    SHOWN_LANGUAGE_KEY,
    SessionState,
    T,
)

BOTTOM_ITEMS = 4  # the phone's bottom bar keeps the first four; the rest are under "More"


def _stored(key: str, name: str) -> Var[str]:
    """localStorage[key] as the page renders it: "" while React hydrates the prerendered page
    (which knows nobody: no mismatch), the stored value from the frame after, and again
    whenever another tab changes it."""
    subscribe = (
        "(notify) => { window.addEventListener('storage', notify); "
        "return () => window.removeEventListener('storage', notify); }"
    )
    hook = (
        f"const {name} = useSyncExternalStore({subscribe}, "
        f"() => window.localStorage.getItem({json.dumps(key)}) ?? '', () => '');"
    )
    data = VarData(imports={"react": ["useSyncExternalStore"]}, hooks={hook: None})
    return Var(_js_expr=name, _var_data=data).to(str)


# Who is signed in, as the page shows it: what the server says once it has checked the session
# (SessionState.checked), and until then who was signed in last in this browser, so that a
# page opens with its person's navigation and name rather than a visitor's.
SHOWN_ROLE = rx.cond(
    SessionState.checked, SessionState.user_role, _stored(KNOWN_ROLE_KEY, "tdKnownRole")
).to(str)
SHOWN_NAME = rx.cond(
    SessionState.checked, SessionState.user_name, _stored(KNOWN_NAME_KEY, "tdKnownName")
).to(str)


def logo(size: str = "32px") -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.image(src="/logo.svg", alt="", width=size, height=size),
            rx.text(T["app.name"], weight="bold", size="5"),
            align="center",
            spacing="2",
        ),
        href="/",
        underline="none",
        color="inherit",
        aria_label=T["app.name"],
    )


# Detail pages outside their list's path, and the entry they belong to for each role: a
# mentee's page (/mentees/7) is opened from a mentor's board, or from an admin's mentee list.
_BELONGS = {"/mentees/": {"/dashboard": ("mentor",), "/admin/mentees": ("admin",)}}


def _is_current(href: str) -> rx.Var:
    """The entry of this page, or of the list a detail page belongs to (/admin/groups/7)."""
    path = rx.State.router.page.path
    current = (path == href) if href == "/" else (path == href) | path.startswith(href + "/")
    for prefix, owners in _BELONGS.items():
        roles = owners.get(href, ())
        if roles:
            current = current | (
                path.startswith(prefix) & rx.Var.create(list(roles)).contains(SHOWN_ROLE)
            )
    return current


def _nav_link(item: NavItem, in_drawer: bool) -> rx.Component:
    link = rx.link(
        rx.icon(item.icon, size=18, aria_hidden="true"),
        rx.text(T[item.label_key]),
        href=item.href,
        class_name="td-nav-link",
        underline="none",
        aria_current=rx.cond(_is_current(item.href), "page", "false"),
    )
    # In the drawer, following a link also closes the drawer.
    return rx.drawer.close(link, as_child=True) if in_drawer else link


def _nav_links(items: list[NavItem], in_drawer: bool) -> rx.Component:
    return rx.vstack(*[_nav_link(item, in_drawer) for item in items], spacing="1", width="100%")


def _role_nav(in_drawer: bool = False) -> rx.Component:
    return rx.match(
        SHOWN_ROLE,
        *[(role, _nav_links(nav_items(role), in_drawer)) for role in ROLES],
        _nav_links(nav_items(""), in_drawer),
    )


def _account_box() -> rx.Component:
    return rx.cond(
        SHOWN_ROLE != "",
        rx.vstack(
            rx.text(SHOWN_NAME, weight="medium", size="2", trim="both"),
            rx.badge(T["role." + SHOWN_ROLE], variant="soft"),
            rx.button(
                rx.icon("log-out", size=16, aria_hidden="true"),
                T["nav.sign_out"],
                variant="outline",
                size="2",
                width="100%",
                on_click=SessionState.sign_out,
            ),
            spacing="2",
            width="100%",
        ),
    )


def _preferences() -> rx.Component:
    return rx.hstack(
        rx.button(
            rx.icon("languages", size=16, aria_hidden="true"),
            T["nav.language"],
            variant="ghost",
            size="2",
            # The name starts with what the button shows (WCAG 2.5.3, label in name), then says
            # what it does.
            aria_label=T["nav.language"] + " – " + T["nav.language_label"],
            on_click=SessionState.toggle_language,
        ),
        rx.color_mode.button(aria_label=T["nav.theme"], size="2", variant="ghost"),
        spacing="2",
        align="center",
    )


def sidebar() -> rx.Component:
    return rx.el.nav(
        rx.vstack(
            logo(),
            rx.divider(),
            _role_nav(),
            rx.spacer(),
            _account_box(),
            _preferences(),
            height="100%",
            width="100%",
            padding="20px 16px",
            spacing="4",
        ),
        class_name="td-sidebar",
        aria_label=T["nav.main"],
        data_testid="sidebar",
    )


def drawer_menu(trigger: rx.Component) -> rx.Component:
    """The whole navigation in a drawer, opened from the top bar (tablet) or the bottom bar."""
    return rx.drawer.root(
        rx.drawer.trigger(trigger),
        rx.drawer.overlay(z_index="40"),
        rx.drawer.portal(
            rx.drawer.content(
                rx.vstack(
                    rx.hstack(
                        logo(),
                        rx.spacer(),
                        rx.drawer.close(
                            rx.icon_button(
                                rx.icon("x", aria_hidden="true"),
                                variant="ghost",
                                aria_label=T["nav.close_menu"],
                            )
                        ),
                        width="100%",
                        align="center",
                    ),
                    rx.divider(),
                    _role_nav(in_drawer=True),
                    rx.spacer(),
                    _account_box(),
                    height="100%",
                    width="100%",
                    padding="20px 16px",
                    spacing="4",
                ),
                height="100%",
                width="280px",
                top="0",
                left="0",
                z_index="50",
                background_color=rx.color("gray", 1),
            )
        ),
        direction="left",
    )


def topbar() -> rx.Component:
    return rx.el.header(
        drawer_menu(
            rx.icon_button(
                rx.icon("menu", aria_hidden="true"),
                variant="ghost",
                size="3",
                aria_label=T["nav.menu"],
                class_name="td-drawer-button",
                data_testid="drawer-button",
            )
        ),
        logo("28px"),
        rx.spacer(),
        _preferences(),
        class_name="td-topbar",
    )


def _bottom_links(items: list[NavItem]) -> rx.Component:
    return rx.fragment(
        *[
            rx.link(
                rx.icon(item.icon, size=20, aria_hidden="true"),
                rx.text(T[item.label_key], size="1"),
                href=item.href,
                class_name="td-bottom-link",
                underline="none",
                aria_current=rx.cond(_is_current(item.href), "page", "false"),
            )
            for item in items
        ]
    )


def bottom_nav() -> rx.Component:
    role_links = rx.match(
        SHOWN_ROLE,
        *[(role, _bottom_links(nav_items(role)[:BOTTOM_ITEMS])) for role in ROLES],
        _bottom_links(nav_items("")),
    )
    # Everything else (more pages, account, sign out) is one tap away in the drawer.
    more = rx.cond(
        SHOWN_ROLE != "",
        drawer_menu(
            rx.el.button(
                rx.icon("menu", size=20, aria_hidden="true"),
                rx.text(T["nav.more"], size="1"),
                class_name="td-bottom-link",
                style={"background": "none", "border": "none", "flex": "1", "cursor": "pointer"},
                data_testid="more-button",
            )
        ),
    )
    return rx.el.nav(
        role_links,
        more,
        class_name="td-bottom-nav",
        aria_label=T["nav.main"],
        data_testid="bottom-nav",
    )


# The UI language as the browser alone knows it (no state: the server may be the thing that is
# gone): the language last shown (SessionState.shown_language), else the browser's first
# supported one, else the default, the order of i18n.pick_language.
_CLIENT_LANGUAGE = rx.Var(
    f"""((langs) => {{
  if (typeof window === "undefined") return {json.dumps(DEFAULT_LANGUAGE)};
  const shown = window.localStorage.getItem({json.dumps(SHOWN_LANGUAGE_KEY)});
  if (langs.includes(shown)) return shown;
  const browser = (navigator.languages || [navigator.language || ""])
    .map((code) => String(code).slice(0, 2).toLowerCase());
  return browser.find((code) => langs.includes(code)) || {json.dumps(DEFAULT_LANGUAGE)};
}})({json.dumps(list(LANGUAGES))})"""
).to(str)


def _client_text(key: str) -> rx.Component | rx.Var:
    """A catalogue text in the client's language, chosen in the browser."""
    others = [(lang, CATALOGUE[key][lang]) for lang in LANGUAGES if lang != DEFAULT_LANGUAGE]
    return rx.match(_CLIENT_LANGUAGE, *others, CATALOGUE[key][DEFAULT_LANGUAGE])


def connection_banner() -> rx.Component:
    """Shown while the websocket cannot connect (server down or restarting, or a frontend built
    for another address): every action needs it, so say so instead of silently doing nothing.
    Replaces Reflex's English connection toast (tra_da.py drops the default overlay)."""
    return rx.cond(
        has_connection_errors,
        rx.box(
            rx.hstack(
                rx.icon("wifi-off", size=22, aria_hidden="true", flex_shrink="0"),
                rx.vstack(
                    rx.text(_client_text("connection.title"), weight="bold", size="3"),
                    rx.text(_client_text("connection.body"), size="2"),
                    spacing="1",
                    flex="1 1 280px",
                    min_width="0",
                ),
                rx.el.button(
                    _client_text("connection.reload"),
                    on_click=rx.Var("(() => window.location.reload())").to(rx.vars.FunctionVar),
                    class_name="td-connection-reload",
                ),
                align="center",
                spacing="3",
                wrap="wrap",
                max_width="960px",
                margin="0 auto",
            ),
            role="alert",
            data_testid="connection-banner",
            class_name="td-connection-banner",
        ),
    )


class DocumentLanguage(Fragment):
    """Renders nothing; keeps `<html lang>` on the UI language, so that screen readers read
    Vietnamese as Vietnamese. Compiled code (an effect), not a script sent by the server, which
    the Content-Security-Policy would refuse."""

    def add_hooks(self) -> list[str | Var]:
        lang = SessionState.lang
        var_data = VarData.merge(
            lang._get_all_var_data(), VarData(imports={"react": ["useEffect"]})
        )
        effect = f"useEffect(() => {{ document.documentElement.lang = {lang}; }}, [{lang}]);"
        return [Var(_js_expr=effect, _var_data=var_data)]


MAIN_ID = "main-content"

# Focus the main content without changing the URL or going through the router (Reflex turns an
# in-page link into a router link, and hands handlers a copy of the event that cannot be
# cancelled): so a button, the first Tab stop, shown only when focused.
_SKIP_TO_MAIN = rx.Var(
    f"""(() => {{
  const main = document.getElementById({json.dumps(MAIN_ID)});
  if (main) {{ main.focus(); main.scrollIntoView(); }}
}})"""
).to(rx.vars.FunctionVar)


def skip_link() -> rx.Component:
    """The first Tab stop of every page: straight to the content, past the navigation."""
    return rx.el.button(
        T["nav.skip"], type="button", on_click=_SKIP_TO_MAIN, class_name="td-skip-link"
    )


def shell(content: rx.Component) -> rx.Component:
    return rx.box(
        skip_link(),
        DocumentLanguage.create(),
        connection_banner(),
        sidebar(),
        rx.box(
            topbar(),
            rx.el.main(content, id=MAIN_ID, tab_index=-1, class_name="td-content"),
            rx.box(class_name="td-bottom-spacer"),
            class_name="td-main-column",
        ),
        bottom_nav(),
        class_name="td-shell",
    )


def page(body: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
    """The page body in the shell, under the body's name and module: Reflex writes a page's
    memoized components into a JavaScript module named after it, so each page downloads its
    own rather than one module holding every page's (charts, uploads and all) on every page."""

    def wrapped() -> rx.Component:
        return shell(body())

    wrapped.__name__ = body.__name__
    wrapped.__module__ = body.__module__
    return wrapped
