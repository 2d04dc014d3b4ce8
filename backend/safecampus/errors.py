"""Domain errors raised by services, and the handlers that turn every error into
``{"code", "message", "details"}`` JSON with the right status and no stack trace."""

from __future__ import annotations

import logging
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR, HTTP_503_SERVICE_UNAVAILABLE
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

log = logging.getLogger("safecampus")


class DomainError(Exception):
    """A rule of the domain said no. Services raise these; they carry no HTTP."""

    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.code
        self.details = details


class InvalidInput(DomainError):
    code = "invalid_input"


class NotFound(DomainError):
    """Also what anything outside the caller's scope looks like: its existence is not revealed."""

    code = "not_found"


class Forbidden(DomainError):
    code = "forbidden"


class Conflict(DomainError):
    code = "conflict"


def check_version(what: str, current: int, seen: int, status: str | None = None) -> None:
    """Optimistic concurrency: a change builds on the version the client saw, never silently
    on a newer one (409 ``stale_version`` with the version and status to reload)."""
    if current != seen:
        state = f", status {status!r}" if status else ""
        raise Conflict(f"The {what} changed since you loaded it (you saw version {seen}, it is now {current}{state}). "
                       "Reload it and try again.", code="stale_version",
                       details={"version": current} | ({"status": status} if status else {}))


class Unauthenticated(DomainError):
    code = "unauthenticated"


class PayloadTooLarge(DomainError):
    code = "payload_too_large"


class UnsupportedMediaType(DomainError):
    code = "unsupported_media_type"


class Unprocessable(DomainError):
    """Well-formed but unusable content: a corrupt image, a hash that does not match."""

    code = "unprocessable"


class TooManyAttempts(DomainError):
    code = "too_many_attempts"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, details={"retry_after_seconds": retry_after})
        self.retry_after = retry_after


BEARER_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="safecampus"'}

_STATUS = {InvalidInput: 400, Unauthenticated: 401, Forbidden: 403, NotFound: 404, Conflict: 409,
           PayloadTooLarge: 413, UnsupportedMediaType: 415, Unprocessable: 422, TooManyAttempts: 429}

# Codes for errors Litestar raises itself (routing, parsing, size limits).
_HTTP_CODES = {
    400: ("invalid_request", "The request is not valid."),
    401: ("unauthenticated", "Sign in first: the token is missing, expired or revoked."),
    403: ("forbidden", "Your role may not do this."),
    404: ("not_found", "Nothing was found at this address."),
    405: ("method_not_allowed", "This address does not accept that method."),
    413: ("payload_too_large", "The request body is larger than the server accepts."),
    415: ("unsupported_media_type", "The request body has a type the server does not accept."),
    429: ("too_many_requests", "Too many requests; wait a moment and try again."),
}


def error_response(status: int, code: str, message: str, details: Any = None,
                   headers: dict[str, str] | None = None) -> Response[dict[str, Any]]:
    return Response(
        {"code": code, "message": message, "details": details},
        status_code=status,
        media_type=MediaType.JSON,
        headers=headers,
    )


def handle_domain_error(_: Request[Any, Any, Any], exc: DomainError) -> Response[dict[str, Any]]:
    status = next((_STATUS[cls] for cls in type(exc).__mro__ if cls in _STATUS), 400)
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyAttempts) else None
    if status == 401:
        headers = BEARER_CHALLENGE
    return error_response(status, exc.code, exc.message, exc.details, headers)


def _problem(item: Any) -> str:
    if not isinstance(item, dict):
        return str(item)
    key = item.get("key")
    # Litestar names the field in "key" (or "data" for the body as a whole).
    return f"{key}: {item.get('message')}" if key and key != "data" else str(item.get("message"))


def handle_validation_error(_: Request[Any, Any, Any], exc: ValidationException) -> Response[dict[str, Any]]:
    extra = exc.extra if isinstance(exc.extra, list) else []
    problems = "; ".join(_problem(item) for item in extra)
    message = f"The request is not valid: {problems}" if problems else (exc.detail or "The request is not valid.")
    return error_response(400, "invalid_request", message, extra or None)


def handle_http_error(_: Request[Any, Any, Any], exc: HTTPException) -> Response[dict[str, Any]]:
    code, message = _HTTP_CODES.get(exc.status_code, ("http_error", exc.detail))
    if exc.status_code >= 500:
        log.error("HTTP %s: %s", exc.status_code, exc.detail, exc_info=exc)
        return error_response(exc.status_code, "internal_error", "The server failed; the error was logged.")
    headers = BEARER_CHALLENGE if exc.status_code == 401 else exc.headers
    return error_response(exc.status_code, code, message, headers=headers)


def handle_too_deep(_: Request[Any, Any, Any], exc: RecursionError) -> Response[dict[str, Any]]:
    # msgspec gives up on absurdly nested JSON with a RecursionError.
    return error_response(400, "invalid_request", "The request body is nested too deeply to be read.")


def handle_unexpected_error(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(HTTP_500_INTERNAL_SERVER_ERROR, "internal_error",
                          "The server failed; the error was logged.")


# SQLSTATEs of a server gone away or not taking connections (restart, failover), not of a wrong
# request: class 08 (connection exception), 57P01 admin shutdown, 57P02 crash shutdown, 57P03
# cannot connect now (starting up, shutting down, in recovery).
_UNREACHABLE_SQLSTATES = ("08", "57P01", "57P02", "57P03")
DATABASE_RETRY_AFTER_SECONDS = 5


def database_unreachable(exc: BaseException) -> bool:
    """Whether the database could not be reached just now: refused or dropped connections, a
    server restarting, every pooled connection busy. Nothing is wrong with the request; the same
    request a moment later will do (writes are idempotent under the client's ids)."""
    if isinstance(exc, ConnectionError | PoolTimeout):  # refused or reset on connect; the pool's wait ran out
        return True
    if isinstance(exc, DBAPIError):
        sqlstate = getattr(exc.orig, "sqlstate", None) or ""
        return exc.connection_invalidated or sqlstate.startswith(_UNREACHABLE_SQLSTATES)
    return False


def handle_database_error(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    """503 with Retry-After while the database is away (the field app retries 5xx), not a 500:
    no bug to log a stack trace for. Any other database error is a bug."""
    if not database_unreachable(exc):
        return handle_unexpected_error(request, exc)
    cause = exc.orig if isinstance(exc, DBAPIError) else exc  # not str(exc): it holds the SQL and its values
    log.warning("database unavailable on %s %s: %s: %s", request.method, request.url.path, type(cause).__name__,
                str(cause).splitlines()[0] if str(cause) else "")
    return error_response(HTTP_503_SERVICE_UNAVAILABLE, "database_unavailable",
                          "The database cannot be reached just now. Try again in a moment; sending the same "
                          "request again is safe.", headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)})


EXCEPTION_HANDLERS = {
    DomainError: handle_domain_error,
    ValidationException: handle_validation_error,
    HTTPException: handle_http_error,
    RecursionError: handle_too_deep,
    DBAPIError: handle_database_error,
    ConnectionError: handle_database_error,
    PoolTimeout: handle_database_error,
    Exception: handle_unexpected_error,
}
