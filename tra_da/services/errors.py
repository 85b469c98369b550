"""The service errors, where the services' callers have always found them (see tra_da.errors)."""

from tra_da.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    RateLimited,
    ServiceError,
    Unauthorized,
    Unavailable,
)

__all__ = [
    "Conflict",
    "Forbidden",
    "Invalid",
    "NotFound",
    "RateLimited",
    "ServiceError",
    "Unauthorized",
    "Unavailable",
]
