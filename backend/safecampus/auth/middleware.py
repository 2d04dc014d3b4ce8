"""Bearer-token authentication for everything under /api/v1 (deny by default)."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult

from safecampus.auth.services import authenticate
from safecampus.db.engine import Database


class TokenAuthMiddleware(AbstractAuthenticationMiddleware):
    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:  # type: ignore[type-arg]
        scheme, _, token = connection.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthorizedException("missing bearer token")
        db: Database = connection.app.state.db
        async with db.session() as session:
            user = await authenticate(session, token.strip())
        if user is None:
            raise NotAuthorizedException("unknown, expired or revoked token")
        return AuthenticationResult(user=user, auth=token)
