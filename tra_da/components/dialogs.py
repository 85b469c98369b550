"""One dialog shell for every form in a dialog: title, what it is about, the fields, the error,
a button that closes without saving and the button that submits."""

from __future__ import annotations

import reflex as rx
from reflex_base.event import EventCallback

from tra_da.components.forms import error_message
from tra_da.components.types import OnSubmit, Text
from tra_da.state.session import T


def form_dialog(
    *fields: rx.Component,
    title: Text | rx.Var[str],
    on_submit: OnSubmit,
    open: rx.Var[bool],
    on_open_change: EventCallback[bool],
    error: rx.Var[str],
    submit_key: str,
    working: rx.Var[bool] | bool = False,
    description: Text | rx.Var[str] | None = None,
    close_key: str = "common.close",
    danger: bool = False,
    max_width: str = "520px",
) -> rx.Component:
    """A controlled dialog holding one form.

    ``close_key`` names the button that leaves without saving; keep it distinct from the submit
    label (never "Cancel" beside "Cancel session"). ``danger`` paints the submit button red for
    actions that cannot be undone.
    """
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(title),
            *([rx.dialog.description(description, size="2")] if description is not None else []),
            rx.form(
                rx.vstack(
                    *fields,
                    error_message(error),
                    rx.flex(
                        rx.dialog.close(rx.button(T[close_key], variant="soft", type="button")),
                        rx.button(
                            T[submit_key],
                            type="submit",
                            loading=working,
                            disabled=working,
                            color_scheme="red" if danger else None,
                        ),
                        gap="12px",
                        justify="end",
                        wrap="wrap",
                        width="100%",
                    ),
                    spacing="3",
                    width="100%",
                ),
                on_submit=on_submit,
                width="100%",
            ),
            max_width=max_width,
            **returns_focus(),
        ),
        open=open,
        on_open_change=on_open_change,
    )


# A dialog opened from state (``open=``), not from a Radix trigger, has no trigger to give the
# focus back to when it closes: Radix then focuses nothing and a keyboard user starts again from
# the top of the page. These handlers remember what had the focus when the dialog opened and
# focus it again on close, while it is still on the page.
_REMEMBER_OPENER = rx.Var("((event) => { window.__tdDialogOpener = document.activeElement; })").to(
    rx.vars.FunctionVar
)
_REFOCUS_OPENER = rx.Var(
    """((event) => {
  const opener = window.__tdDialogOpener;
  window.__tdDialogOpener = null;
  if (opener && opener.isConnected && opener !== document.body) {
    event.preventDefault();
    opener.focus();
  }
})"""
).to(rx.vars.FunctionVar)


def returns_focus() -> dict[str, rx.Var]:
    """Props for a dialog's content (rx.dialog.content, rx.alert_dialog.content) opened from
    state: on close, the focus goes back to what opened it."""
    return {"on_open_auto_focus": _REMEMBER_OPENER, "on_close_auto_focus": _REFOCUS_OPENER}
