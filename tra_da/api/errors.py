"""One error shape for every API failure: {"error": {"code", "message"}}, never a stack trace."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from tra_da.admission import Overloaded, is_busy
from tra_da.observability import report_exception
from tra_da.request_context import current_request_id
from tra_da.services import errors

log = logging.getLogger("tra_da.api")

STATUS_BY_ERROR: dict[type[errors.ServiceError], int] = {
    errors.Invalid: 422,
    errors.Unauthorized: 401,
    errors.Forbidden: 403,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.RateLimited: 429,
    errors.Unavailable: 503,
    Overloaded: 503,
}


class ErrorDetail(BaseModel):
    code: str = Field(description="machine-readable, e.g. not_found, invalid, forbidden")
    message: str = Field(description="what went wrong and what to do next")
    request_id: str | None = Field(default=None, description="quote it to support")


class ErrorOut(BaseModel):
    """Every error answer of the API."""

    error: ErrorDetail


CODE_BY_STATUS = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    422: "invalid",
    429: "rate_limited",
    503: "unavailable",
}


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "request_id": current_request_id()}}
    return JSONResponse(body, status_code=status, headers=headers)


def _describe_validation(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path"))
        # Pydantic prefixes our own rules' messages ("Value error, give a number, ..."); the
        # reader needs only the rule, as in settings.py.
        message = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
        parts.append(f"{where or 'request'}: {message}")
    return "; ".join(parts) + ". Fix these fields and send the request again."


def _role_refusal(request: Request) -> errors.ServiceError | None:
    from tra_da.api.deps import check_route_roles

    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return None
    calls: list[object] = []
    pending = list(dependant.dependencies)
    while pending:
        sub = pending.pop(0)
        calls.append(sub.call)
        pending.extend(sub.dependencies)
    try:
        check_route_roles(request, calls)  # type: ignore[arg-type]
    except errors.ServiceError as exc:
        return exc
    return None


def install_error_handlers(api: FastAPI) -> None:
    @api.exception_handler(errors.ServiceError)
    async def _service_error(_: Request, exc: errors.ServiceError) -> JSONResponse:
        headers = None
        if isinstance(exc, errors.RateLimited | Overloaded):
            headers = {"Retry-After": str(exc.retry_after)}
        elif isinstance(exc, errors.Unauthorized):
            headers = {"WWW-Authenticate": "Bearer"}
        return error_response(STATUS_BY_ERROR.get(type(exc), 400), exc.code, exc.message, headers)

    @api.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and str(exc.detail).startswith("There was an error parsing"):
            # A body FastAPI could not even decode: the caller's role first, then 422 like any
            # other malformed input.
            refused = await run_in_threadpool(_role_refusal, request)
            if refused is not None:
                return await _service_error(request, refused)
            return error_response(
                422, "invalid", "The request body is not valid JSON; send a JSON object."
            )
        code = CODE_BY_STATUS.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        return error_response(exc.status_code, code, message, getattr(exc, "headers", None))

    @api.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        if any(err.get("type") == "json_invalid" for err in exc.errors()):
            # FastAPI parses the body before any dependency runs: check the route's role here,
            # so a caller without it learns 401/403 whatever body it sent.
            refused = await run_in_threadpool(_role_refusal, request)
            if refused is not None:
                return await _service_error(request, refused)
        return error_response(422, "invalid", _describe_validation(exc))

    @api.exception_handler(SQLAlchemyError)
    async def _database_error(request: Request, exc: SQLAlchemyError) -> JSONResponse:
        if is_busy(exc):
            log.warning("database busy request_id=%s %s", current_request_id(), request.url.path)
            busy = Overloaded()
            return error_response(
                503, busy.code, busy.message, {"Retry-After": str(busy.retry_after)}
            )
        return await _unexpected(request, exc)

    @api.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        report_exception(exc)
        log.exception(
            "unhandled error request_id=%s %s %s",
            current_request_id(),
            request.method,
            request.url.path,
        )
        return error_response(
            500,
            "internal_error",
            "Something went wrong on our side. Try again; if it keeps happening, "
            "contact support with the request id.",
        )


DESCRIPTIONS = {
    400: "The request cannot be trusted or understood (e.g. a bad webhook signature)",
    401: "Not signed in, or the access token is invalid or expired",
    403: "Signed in, but this needs another role or another owner",
    404: "No such resource (or not visible to the caller)",
    405: "This path does not support the method; see the Allow header",
    409: "Conflicts with the current state (taken, overlapping, already done)",
    413: "The request body is too large",
    422: "A field is missing, malformed or out of range; the message names it",
    429: "Too many requests; wait as long as Retry-After says",
    503: "Overloaded, or a provider this needs did not answer; try again later",
}
