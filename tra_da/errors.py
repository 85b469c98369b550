"""The small set of errors the rules raise; each front (UI toast, REST status) maps them once.

At the bottom of the layers (beside settings), so that validation, the database layer and
admission control can raise them too; tra_da.services.errors re-exports them."""


class ServiceError(Exception):
    """``message`` is English for logs and the API; ``key`` + ``params`` name the catalogue
    entry (tra_da/locale/*.po, read by tra_da/i18n.py) the UI shows in the reader's language."""

    code = "error"

    def __init__(self, message: str, key: str | None = None, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.key = key
        self.params = params


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

    def __init__(self, message: str, retry_after: int = 60, key: str | None = None) -> None:
        super().__init__(message, key, minutes=max(1, (retry_after + 59) // 60))
        self.retry_after = retry_after


class Unavailable(ServiceError):
    """A provider this needs (Stripe) did not answer; trying again later can work."""

    code = "unavailable"
