"""The Reflex app: pages, the REST API in front of them, middleware and the outbox relay."""

import reflex as rx

import tra_da.models  # noqa: F401  (every table registered before anything touches the DB)
from tra_da.api.app import transform
from tra_da.pages import admin
from tra_da.pages.account import account
from tra_da.pages.dashboard import dashboard
from tra_da.pages.landing import landing
from tra_da.pages.login import login, signup
from tra_da.pages.mailbox import mailbox
from tra_da.pages.not_found import not_found
from tra_da.pages.password import forgot_password, reset_password, set_password
from tra_da.settings import get_settings
from tra_da.state.account import AccountState
from tra_da.state.admin import (
    AuditState,
    GroupDetailState,
    GroupListState,
    ImportState,
    MenteeListState,
    MentorFormState,
    MentorListState,
)
from tra_da.state.dashboard import DashboardState
from tra_da.state.login import LoginState
from tra_da.state.mailbox import MailboxState
from tra_da.state.password import PasswordResetState
from tra_da.state.session import SessionState
from tra_da.state.throttle import EventThrottle
from tra_da.worker import relay_forever

app = rx.App(
    stylesheets=["/trada.css"],
    head_components=[rx.el.link(rel="icon", href="/favicon.svg", type="image/svg+xml")],
    api_transformer=transform,
)
app.add_middleware(EventThrottle())
if get_settings().run_outbox_relay:
    app.register_lifespan_task(relay_forever)

TITLE = "Trà Đá"
app.add_page(
    landing, route="/", title=f"{TITLE} — mentoring 1:1", on_load=SessionState.load_session
)
app.add_page(login, route="/login", title=f"{TITLE} — Sign in", on_load=LoginState.open_login)
app.add_page(signup, route="/signup", title=f"{TITLE} — Sign up", on_load=LoginState.open_signup)
app.add_page(
    forgot_password,
    route="/forgot-password",
    title=f"{TITLE} — Forgot password",
    on_load=PasswordResetState.open_page,
)
app.add_page(
    reset_password,
    route="/reset-password",
    title=f"{TITLE} — New password",
    on_load=PasswordResetState.open_page,
)
app.add_page(
    dashboard,
    route="/dashboard",
    title=f"{TITLE} — Dashboard",
    on_load=DashboardState.open_dashboard,
)
app.add_page(
    account, route="/account", title=f"{TITLE} — My account", on_load=AccountState.open_account
)
app.add_page(
    mailbox,
    route="/admin/mailbox",
    title=f"{TITLE} — Dev mailbox",
    on_load=MailboxState.open_mailbox,
)
app.add_page(
    set_password,
    route="/set-password",
    title=f"{TITLE} — Choose a password",
    on_load=PasswordResetState.open_page,
)
app.add_page(
    admin.mentors,
    route="/admin/mentors",
    title=f"{TITLE} — Mentors",
    on_load=MentorListState.open_page,
)
app.add_page(
    admin.mentor_form,
    route="/admin/mentors/new",
    title=f"{TITLE} — New mentor",
    on_load=MentorFormState.open_page,
)
app.add_page(
    admin.mentor_form,
    route="/admin/mentors/[mentor_id]",
    title=f"{TITLE} — Mentor",
    on_load=MentorFormState.open_page,
)
app.add_page(
    admin.mentees,
    route="/admin/mentees",
    title=f"{TITLE} — Mentees",
    on_load=MenteeListState.open_page,
)
app.add_page(
    admin.groups, route="/admin/groups", title=f"{TITLE} — Groups", on_load=GroupListState.open_page
)
app.add_page(
    admin.group_detail,
    route="/admin/groups/[group_id]",
    title=f"{TITLE} — Group",
    on_load=GroupDetailState.open_page,
)
app.add_page(
    admin.import_page,
    route="/admin/import",
    title=f"{TITLE} — Import",
    on_load=ImportState.open_page,
)
app.add_page(
    admin.audit_log,
    route="/admin/audit",
    title=f"{TITLE} — Audit log",
    on_load=AuditState.open_page,
)
app.add_page(
    not_found, route="/404", title=f"{TITLE} — Page not found", on_load=SessionState.load_session
)
