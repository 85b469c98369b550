"""Test builds only: the failure probe page (see tra_da/state/probe.py)."""

import reflex as rx

from tra_da.components.forms import error_message
from tra_da.components.routes import template
from tra_da.state.probe import FailureProbeState
from tra_da.state.session import T


@template("/test/failure-probe", title="probe", on_load=FailureProbeState.load_session)
def failure_probe() -> rx.Component:
    s = FailureProbeState
    return rx.vstack(
        rx.heading(T["probe.title"], size="7", as_="h1"),
        rx.button(
            T["probe.escaping"],
            id="probe-handler",
            loading=s.working,
            on_click=s.fail_in_handler,
        ),
        rx.button(
            T["probe.service"],
            id="probe-service",
            loading=s.working,
            on_click=s.fail_in_service,
        ),
        error_message(s.error),
        spacing="4",
    )
