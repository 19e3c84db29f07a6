"""Failures a service function reports; the HTTP layer maps each kind to one status and a problem document."""


class ServiceError(Exception):
    """Base: ``detail`` is safe to show to the caller (it never names a secret or another tenant's object)."""

    status = 400
    title = "Bad request"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class InvalidInput(ServiceError):
    status = 422
    title = "Invalid input"


class InvalidField(InvalidInput):
    """One named body field is invalid; the problem document lists it under ``errors`` (key ``$.<field>``)."""

    def __init__(self, field: str, detail: str) -> None:
        super().__init__(f"{field}: {detail}")
        self.field = field
        self.reason = detail


class NotAuthenticated(ServiceError):
    status = 401
    title = "Not authenticated"


class Forbidden(ServiceError):
    status = 403
    title = "Forbidden"


class NotFound(ServiceError):
    status = 404
    title = "Not found"


class Conflict(ServiceError):
    status = 409
    title = "Conflict"


class TooManyAttempts(ServiceError):
    """Throttled; ``retry_after`` seconds until the window that counted the failures ends."""

    status = 429
    title = "Too many attempts"

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = max(1, retry_after)


class Unavailable(ServiceError):
    status = 503
    title = "Service unavailable"
