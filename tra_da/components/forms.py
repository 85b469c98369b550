"""Form pieces: labelled fields, messages, submit buttons that show they are working."""

from __future__ import annotations

import functools
import operator
from typing import Any

import reflex as rx

from tra_da.components.text import initials
from tra_da.components.types import OnChange, OnSubmit, OnUpload, Text
from tra_da.state.session import T


def field(
    label_key: str,
    name: str,
    kind: str = "text",
    autocomplete: str = "off",
    hint_key: str | None = None,
    default_value: rx.Var | str | None = None,
    max_length: int = 254,
    required: bool = True,
) -> rx.Component:
    hint = (
        [rx.text(T[hint_key], size="1", color=rx.color("gray", 10), id=f"{name}-hint")]
        if hint_key
        else []
    )
    described = [f"{name}-hint"] if hint_key else []
    return rx.vstack(
        rx.el.label(T[label_key], html_for=name, style={"fontWeight": 500}),
        rx.input(
            id=name,
            name=name,
            type=kind,
            auto_complete=autocomplete,
            required=required,
            size="3",
            width="100%",
            max_length=max_length,
            default_value=default_value,
            aria_describedby=" ".join(described) or None,
        ),
        *hint,
        spacing="1",
        width="100%",
    )


def select_field(
    label_key: str,
    name: str,
    options: list[tuple[str, str]] | rx.Var[list[list[str]]],
    value: rx.Var | str,
    on_change: OnChange | None = None,
) -> rx.Component:
    """A native select: every option ships in the page, nothing per option in state. Options
    given as a Var of [value, text] pairs (e.g. one list per language) are listed in the page."""
    choices = (
        [rx.foreach(options, lambda o: rx.el.option(o[1], value=o[0]))]
        if isinstance(options, rx.Var)
        else [rx.el.option(text, value=val) for val, text in options]
    )
    return rx.vstack(
        rx.el.label(T[label_key], html_for=name, style={"fontWeight": 500}),
        rx.el.select(
            *choices,
            id=name,
            name=name,
            value=value,
            on_change=on_change,
            class_name="td-select",
        ),
        spacing="1",
        width="100%",
    )


def error_message(message: rx.Var) -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(message, icon="triangle-alert", color_scheme="red", role="alert", width="100%"),
    )


def load_failed(*states: Any, error: rx.Var[str] | None = None) -> rx.Component:
    """Why the page's own data could not be read (the server too busy, say), and "Try again",
    which reads it again: ``states`` mix in state/page_load.py's PageLoad (a page read by
    several states shows one message; the button goes to each, and those whose read worked do
    nothing). It goes above what the page still shows, which stays.

    ``error``: the page's message for what a person did, shown in the same place when no read
    failed, and under the read's message only when it says something else (a failed read of a
    FormState sets both to the same text)."""
    failed: rx.Var[bool] = functools.reduce(operator.or_, [s.load_error != "" for s in states])
    message: rx.Var[str] = states[-1].load_error
    for s in reversed(states[:-1]):
        message = rx.cond(s.load_error != "", s.load_error, message)
    working: rx.Var[bool] = functools.reduce(operator.or_, [s.reloading for s in states])
    box = rx.callout.root(
        rx.callout.icon(rx.icon("triangle-alert", aria_hidden="true")),
        rx.flex(
            # The text alone is the alert: a screen reader says why, not the button's name.
            rx.callout.text(message, role="alert", flex="1 1 12rem", min_width="0"),
            rx.button(
                rx.icon("rotate-cw", size=16, aria_hidden="true"),
                T["common.try_again"],
                on_click=[s.try_again for s in states],
                loading=working,
                variant="surface",
                color_scheme="gray",
                data_testid="try-again",
            ),
            gap="8px 12px",
            wrap="wrap",
            align="center",
            width="100%",
        ),
        color_scheme="red",
        width="100%",
        data_testid="load-failed",
    )
    if error is None:
        return rx.cond(failed, box)
    other = (error != "") & ~(failed & (error == message))
    return rx.fragment(rx.cond(failed, box), rx.cond(other, error_message(error)))


def notice_message(message: rx.Var, **props: Any) -> rx.Component:
    """A success line ("Saved", "Booked!"); ``props`` go to the callout (a margin, a test id)."""
    callout = rx.callout(
        message, icon="circle-check", color_scheme="green", role="status", width="100%", **props
    )
    return rx.cond(message != "", callout)


def submit_button(label_key: str, working: rx.Var) -> rx.Component:
    return rx.button(
        T[label_key], type="submit", size="3", width="100%", loading=working, disabled=working
    )


def form_card(
    *children: rx.Component,
    on_submit: OnSubmit,
    max_width: str = "440px",
    reset_on_submit: bool = False,
) -> rx.Component:
    return rx.center(
        rx.card(
            rx.form(
                rx.vstack(*children, spacing="4", width="100%"),
                on_submit=on_submit,
                reset_on_submit=reset_on_submit,
                width="100%",
            ),
            size="4",
            width="100%",
            max_width=max_width,
        ),
        width="100%",
        padding_top="24px",
    )


def labelled(label_key: str, control: rx.Component, name: str) -> rx.Component:
    """Any control (text area, select) with its visible label."""
    return rx.vstack(
        rx.el.label(T[label_key], html_for=name, style={"fontWeight": 500}),
        control,
        spacing="1",
        width="100%",
    )


def label_file_input(upload: rx.Component, label: Text) -> rx.Component:
    """Name the file input inside ``rx.upload`` (its drop zone's first child): Reflex renders it
    without a label, so a screen reader would announce a bare "Choose file" button."""
    zone = upload.children[0] if upload.children else None
    file_input = zone.children[0] if zone is not None and zone.children else None
    if not isinstance(file_input, rx.Component) or getattr(file_input, "type", None) is None:
        raise ValueError("not an rx.upload: no file input to label")
    file_input.custom_attrs["aria-label"] = label
    return upload


def avatar_uploader(
    upload_id: str, src: rx.Var, name: Text | rx.Var[str], error: rx.Var, on_upload: OnUpload
) -> list[rx.Component]:
    """The current picture, a drop zone (PNG/JPEG/WebP), the error and the upload button."""
    return [
        rx.hstack(
            # rx.avatar takes `alt=` as a CSS property; the image gets it as an attribute.
            rx.avatar(
                src=src,
                fallback=initials(name),
                size="6",
                radius="full",
                custom_attrs={"alt": name},
            ),
            label_file_input(
                rx.upload(
                    rx.vstack(
                        rx.icon("image-up", size=24, aria_hidden="true"),
                        rx.text(T["settings.avatar_hint"], size="2", text_align="center"),
                        rx.foreach(
                            rx.selected_files(upload_id),
                            lambda f: rx.text(f, size="1", weight="medium"),
                        ),
                        align="center",
                        spacing="1",
                    ),
                    id=upload_id,
                    accept={
                        "image/png": [".png"],
                        "image/jpeg": [".jpg", ".jpeg"],
                        "image/webp": [".webp"],
                    },
                    max_files=1,
                    border=f"1px dashed {rx.color('gray', 8)}",
                    padding="16px",
                    border_radius="12px",
                    flex="1",
                ),
                T["settings.avatar"],
            ),
            align="center",
            spacing="4",
            width="100%",
            wrap="wrap",
        ),
        error_message(error),
        rx.button(
            T["settings.avatar_upload"],
            size="3",
            variant="soft",
            on_click=on_upload(rx.upload_files(upload_id=upload_id)),
        ),
    ]
