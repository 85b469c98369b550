"""The Reflex app: pages, the REST API in front of them, and cross-cutting middleware."""

import reflex as rx

import tra_da.models  # noqa: F401  (every table registered before anything touches the DB)
from tra_da.api.app import transform
from tra_da.pages.dashboard import dashboard
from tra_da.pages.landing import landing
from tra_da.pages.login import login
from tra_da.pages.not_found import not_found
from tra_da.state.dashboard import DashboardState
from tra_da.state.login import LoginState
from tra_da.state.session import SessionState

app = rx.App(
    stylesheets=["/trada.css"],
    head_components=[rx.el.link(rel="icon", href="/favicon.svg", type="image/svg+xml")],
    api_transformer=transform,
)

app.add_page(landing, route="/", title="Trà Đá — mentoring 1:1", on_load=SessionState.load_session)
app.add_page(login, route="/login", title="Trà Đá — Sign in", on_load=LoginState.open_login)
app.add_page(
    dashboard, route="/dashboard", title="Trà Đá — Dashboard", on_load=DashboardState.open_dashboard
)
app.add_page(
    not_found, route="/404", title="Trà Đá — Page not found", on_load=SessionState.load_session
)
