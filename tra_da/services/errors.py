"""The small set of errors services raise; each front (UI toast, REST status) maps them once."""


class ServiceError(Exception):
    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(ServiceError):
    code = "not_found"


class Forbidden(ServiceError):
    code = "forbidden"


class Unauthorized(ServiceError):
    code = "unauthorized"


class Conflict(ServiceError):
    code = "conflict"


class Invalid(ServiceError):
    code = "invalid"


class RateLimited(ServiceError):
    code = "rate_limited"
