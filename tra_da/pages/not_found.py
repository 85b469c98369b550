"""404: a page for addresses that do not exist."""

import reflex as rx

from tra_da.components.guard import not_found_view
from tra_da.components.routes import template
from tra_da.state.session import SessionState


@template("/404", title="Page not found", on_load=SessionState.load_session)
def not_found() -> rx.Component:
    return not_found_view()
