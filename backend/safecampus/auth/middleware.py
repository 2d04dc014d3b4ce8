"""Bearer-token authentication for everything under /api/v1 (deny by default)."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult

from safecampus.auth.services import authenticate
from safecampus.db.engine import Database
from safecampus.errors import Forbidden

# What a user whose password was set by an admin may still do.
PASSWORD_CHANGE_PATHS = frozenset({"/api/v1/me", "/api/v1/me/password", "/api/v1/auth/logout"})


class TokenAuthMiddleware(AbstractAuthenticationMiddleware):
    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:  # type: ignore[type-arg]
        scheme, _, token = connection.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthorizedException("missing bearer token")
        db: Database = connection.app.state.db
        async with db.session(read_only=True) as session:
            user = await authenticate(session, token.strip())
        if user is None:
            raise NotAuthorizedException("unknown, expired or revoked token")
        if user.must_change_password and connection.url.path not in PASSWORD_CHANGE_PATHS:
            raise Forbidden("Choose a new password first: the current one was set by an administrator.",
                            code="password_change_required")
        return AuthenticationResult(user=user, auth=token)
