"""The id of the request being served (and of its signed-in user), for logs, error bodies,
error reports and audit entries."""

from __future__ import annotations

from contextvars import ContextVar, Token

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
# A box per request, filled where the caller is identified: dependencies run in worker threads
# with a copy of the context, so a plain value set there would not be seen by the middleware.
_user_box: ContextVar[dict[str, int | None] | None] = ContextVar("user_box", default=None)


def current_request_id() -> str | None:
    return _request_id.get()


def set_request_id(value: str | None) -> Token[str | None]:
    return _request_id.set(value)


def reset_request_id(token: Token[str | None]) -> None:
    _request_id.reset(token)


def open_user_scope() -> object:
    """At the start of a request: a fresh box for the user id (see ``set_user_id``)."""
    return _user_box.set({"id": None})


def close_user_scope(token: object) -> None:
    _user_box.reset(token)  # type: ignore[arg-type]


def current_user_id() -> int | None:
    box = _user_box.get()
    return box.get("id") if box else None


def set_user_id(value: int | None) -> None:
    box = _user_box.get()
    if box is None:
        _user_box.set({"id": value})
    else:
        box["id"] = value
