"""One error shape for every API failure: {"error": {"code", "message"}}, never a stack trace."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from tra_da.admission import Overloaded, is_busy
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

CODE_BY_STATUS = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
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
        parts.append(f"{where or 'request'}: {err.get('msg', 'invalid value')}")
    return "; ".join(parts) + ". Fix these fields and send the request again."


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
    async def _http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = CODE_BY_STATUS.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        return error_response(exc.status_code, code, message, getattr(exc, "headers", None))

    @api.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
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
