from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar import Controller, Request, get, post
from litestar.datastructures import CacheControlHeader
from litestar.di import NamedDependency
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.auth import services
from safecampus.auth.identity import CurrentUser
from safecampus.auth.schemas import LoginRequest, LoginResponse, Me, PasswordChange, UserSummary
from safecampus.db import OrgUnit, User
from safecampus.settings import Settings


def _client(request: Request[Any, Any, Any]) -> str:
    return request.client.host if request.client else "unknown"


class AuthController(Controller):
    path = "/"
    tags = ["auth"]

    @post("/auth/login", operation_id="login", status_code=HTTP_200_OK, opt={"exclude_from_auth": True},
          cache_control=CacheControlHeader(no_store=True),
          summary="Sign in with username and password; returns a bearer token.")
    async def login(self, request: Request[Any, Any, Any], data: JSONBody[LoginRequest],
                    db_session: NamedDependency[AsyncSession], settings: NamedDependency[Settings]) -> LoginResponse:
        token, user = await services.login(
            db_session, request.app.state.login_limiter, username=data.username, password=data.password,
            client=_client(request), ttl=timedelta(days=settings.token_ttl_days),
        )
        return LoginResponse(token=token, expires_in_days=settings.token_ttl_days,
                             must_change_password=user.must_change_password, user=UserSummary(
            id=user.id, username=user.username, name=user.name, role=user.role, org_unit_id=user.org_unit_id))

    @post("/auth/logout", operation_id="logout", status_code=HTTP_204_NO_CONTENT,
          summary="Revoke the token of this request.")
    async def logout(self, db_session: NamedDependency[AsyncSession],
                     current_user: NamedDependency[CurrentUser]) -> None:
        await services.logout(db_session, current_user)

    @get("/me", operation_id="getMe", summary="The signed-in user, with their org unit.")
    async def me(self, db_session: NamedDependency[AsyncSession],
                 current_user: NamedDependency[CurrentUser]) -> Me:
        user = await db_session.get_one(User, current_user.id)
        unit = await db_session.get_one(OrgUnit, user.org_unit_id)
        return Me(id=user.id, username=user.username, name=user.name, role=user.role, org_unit_id=unit.id,
                  org_unit_name=unit.name, org_unit_kind=unit.kind, must_change_password=user.must_change_password)

    @post("/me/password", operation_id="changeMyPassword", status_code=HTTP_204_NO_CONTENT,
          summary="Change the own password; every token of the user is revoked, sign in again.")
    async def change_password(self, request: Request[CurrentUser, Any, Any], data: JSONBody[PasswordChange],
                              db_session: NamedDependency[AsyncSession],
                              current_user: NamedDependency[CurrentUser]) -> None:
        await services.change_own_password(db_session, request.app.state.login_limiter, current_user,
                                           client=_client(request), current=data.current_password,
                                           new=data.new_password)
