"""The Reflex app: pages, the REST API in front of them, middleware and the outbox relay."""

import reflex as rx

import tra_da.models  # noqa: F401  (every table registered before anything touches the DB)
from tra_da import observability
from tra_da.api import cors
from tra_da.api.app import transform
from tra_da.components.flash import flash_toasts
from tra_da.pages import admin, mentoring
from tra_da.pages import booking as booking_pages
from tra_da.pages.account import account
from tra_da.pages.dashboard import dashboard
from tra_da.pages.deliveries import deliveries
from tra_da.pages.landing import landing
from tra_da.pages.login import login, signup
from tra_da.pages.mailbox import mailbox
from tra_da.pages.not_found import not_found
from tra_da.pages.password import forgot_password, reset_password, set_password
from tra_da.pages.payments import payments_admin
from tra_da.settings import get_settings
from tra_da.state import failures
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
from tra_da.state.booking import (
    AvailabilityState,
    DirectoryState,
    MentorProfileState,
    SessionsState,
)
from tra_da.state.dashboard import DashboardState
from tra_da.state.deliveries import DeliveriesState
from tra_da.state.login import LoginState
from tra_da.state.mailbox import MailboxState
from tra_da.state.mentoring import MenteeDetailState, MentoringState, SessionLogExportState
from tra_da.state.password import PasswordResetState
from tra_da.state.payments import PaymentsAdminState
from tra_da.state.session import SessionState
from tra_da.state.throttle import EventThrottle
from tra_da.worker import relay_forever

cors.install()  # before the app is built: only CORS_ORIGINS, no credentials for any other
observability.configure_logging()
observability.init_sentry(component="web")
app = rx.App(
    stylesheets=["/trada.css"],
    head_components=[rx.el.link(rel="icon", href="/favicon.svg", type="image/svg+xml")],
    api_transformer=transform,
    backend_exception_handler=failures.backend_exception_handler,
)
# Reflex's own connection toast and icon speak English only: the layout's translated
# connection_banner (components/layout.py) takes their place.
app.app_wraps.pop((5, "Overlay"), None)
# Toasts from state, not from scripts (components/flash.py): under every page, once.
app.app_wraps[(3, "FlashToasts")] = lambda stateful: flash_toasts() if stateful else None
app.add_middleware(failures.FailureTracker())
app.add_middleware(EventThrottle())
if get_settings().run_outbox_relay:
    app.register_lifespan_task(relay_forever)

TITLE = "Trà Đá"
# (page, route, title, on_load): every on_load checks the session itself where it matters.
PAGES = [
    (landing, "/", "mentoring 1:1", SessionState.load_session),
    (login, "/login", "Sign in", LoginState.open_login),
    (signup, "/signup", "Sign up", LoginState.open_signup),
    (forgot_password, "/forgot-password", "Forgot password", PasswordResetState.open_page),
    (reset_password, "/reset-password", "New password", PasswordResetState.open_page),
    (set_password, "/set-password", "Choose a password", PasswordResetState.open_page),
    (
        dashboard,
        "/dashboard",
        "Dashboard",
        [DashboardState.open_dashboard, MentoringState.open_board],
    ),
    (mentoring.mentee_detail, "/mentees/[mentee_id]", "Mentee", MenteeDetailState.open_page),
    (account, "/account", "My account", AccountState.open_account),
    (booking_pages.mentors, "/mentors", "Mentors", DirectoryState.open_page),
    (booking_pages.mentor_profile, "/mentors/[mentor_id]", "Mentor", MentorProfileState.open_page),
    (booking_pages.sessions, "/sessions", "My sessions", SessionsState.open_page),
    (booking_pages.availability_page, "/availability", "Availability", AvailabilityState.open_page),
    (admin.mentors, "/admin/mentors", "Mentors", MentorListState.open_page),
    (admin.mentor_form, "/admin/mentors/new", "New mentor", MentorFormState.open_page),
    (admin.mentor_form, "/admin/mentors/[mentor_id]", "Mentor", MentorFormState.open_page),
    (admin.mentees, "/admin/mentees", "Mentees", MenteeListState.open_page),
    (admin.groups, "/admin/groups", "Groups", GroupListState.open_page),
    (admin.group_detail, "/admin/groups/[group_id]", "Group", GroupDetailState.open_page),
    (admin.import_page, "/admin/import", "Import", ImportState.open_page),
    (admin.audit_log, "/admin/audit", "Audit log", AuditState.open_page),
    (deliveries, "/admin/deliveries", "Deliveries", DeliveriesState.open_page),
    (payments_admin, "/admin/payments", "Payments", PaymentsAdminState.open_page),
    (
        mentoring.export_page,
        "/admin/session-logs",
        "Session logs",
        SessionLogExportState.open_page,
    ),
    (mailbox, "/admin/mailbox", "Dev mailbox", MailboxState.open_mailbox),
    (not_found, "/404", "Page not found", SessionState.load_session),
]
for component, route, title, on_load in PAGES:
    app.add_page(component, route=route, title=f"{TITLE} — {title}", on_load=on_load)

if get_settings().app_env == "test":
    # Browser tests force failures here; production builds have neither this page nor its state.
    from tra_da.pages.probe import failure_probe
    from tra_da.state.probe import FailureProbeState

    app.add_page(
        failure_probe,
        route="/test/failure-probe",
        title=f"{TITLE} — probe",
        on_load=FailureProbeState.load_session,
    )
