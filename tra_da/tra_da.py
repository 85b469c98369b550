"""The Reflex app: pages, the REST API in front of them, middleware and the outbox relay."""

import reflex as rx

import tra_da.models  # noqa: F401  (every table registered before anything touches the DB)
from tra_da import heap, observability
from tra_da.api import cors
from tra_da.api.app import transform
from tra_da.components.flash import flash_toasts
from tra_da.components.layout import page
from tra_da.components.routes import ROUTES
from tra_da.i18n import BRAND

# Importing the page modules declares their routes (components/routes.py).
from tra_da.pages import (  # noqa: F401
    account,
    admin,
    booking,
    dashboard,
    deliveries,
    landing,
    login,
    mailbox,
    mentee_detail,
    not_found,
    password,
    payments,
    reviews,
    session_logs,
)
from tra_da.settings import get_settings
from tra_da.state import failures
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
    toaster=None,  # rendered with the toasts, under a translated name (components/flash.py)
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
app.register_lifespan_task(heap.settle_after_start)

if get_settings().app_env == "test":
    # Browser tests force failures here; production builds have neither this page nor its state.
    from tra_da.pages import probe  # noqa: F401


for route in ROUTES:
    title = f"{BRAND} — {route.title}"
    app.add_page(
        page(route.body),
        route=route.path,
        title=title
        if route.tab_title is None
        else rx.cond(route.tab_title, route.tab_title, title),
        on_load=route.on_load,
    )
