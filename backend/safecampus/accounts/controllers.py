from __future__ import annotations

import uuid

from litestar import Controller, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.status_codes import HTTP_200_OK
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.accounts import services
from safecampus.accounts.schemas import PasswordReset, UserChange, UserCreate, UserCreated, UserOut
from safecampus.auth.identity import CurrentUser
from safecampus.db import User
from safecampus.vocabulary import Role


def to_out(user: User) -> UserOut:
    return UserOut(id=user.id, username=user.username, name=user.name, phone=user.phone, role=user.role,
                   org_unit_id=user.org_unit_id, active=user.active, must_change_password=user.must_change_password,
                   last_login_at=user.last_login_at, created_at=user.created_at)


class UserController(Controller):
    """Account management: admins only, within their own subtree."""

    path = "/users"
    tags = ["users"]

    @get("/", operation_id="listUsers",
         summary="Users of the admin's scope; q matches username, name or phone; unit takes its subtree.")
    async def list_users(self, db_session: NamedDependency[AsyncSession], current_user: NamedDependency[CurrentUser],
                         q: FromQuery[str | None] = None, role: FromQuery[Role | None] = None,
                         unit: FromQuery[uuid.UUID | None] = None,
                         active: FromQuery[bool | None] = None) -> list[UserOut]:
        current_user.require_role("admin")
        users = await services.list_users(db_session, current_user.org_path, query=q, role=role, unit_id=unit,
                                          active=active)
        return [to_out(u) for u in users]

    @get("/{user_id:uuid}", operation_id="getUser", summary="One user of the admin's scope.")
    async def get_user(self, user_id: FromPath[uuid.UUID], db_session: NamedDependency[AsyncSession],
                       current_user: NamedDependency[CurrentUser]) -> UserOut:
        current_user.require_role("admin")
        return to_out(await services.user_in_scope(db_session, current_user.org_path, user_id))

    @post("/", operation_id="createUser",
          summary="Create a user in the admin's scope; without a password, a one-time one is returned.")
    async def create_user(self, data: JSONBody[UserCreate], db_session: NamedDependency[AsyncSession],
                          current_user: NamedDependency[CurrentUser]) -> UserCreated:
        current_user.require_role("admin")
        user, initial = await services.create_user(
            db_session, current_user.actor, current_user.org_path, username=data.username, name=data.name,
            role=data.role, org_unit_id=data.org_unit_id, phone=data.phone, password=data.password)
        return UserCreated(user=to_out(user), initial_password=initial)

    @patch("/{user_id:uuid}", operation_id="changeUser",
           summary="Change a user's name, phone, role or unit within the admin's scope; a new role or unit "
                   "ends their sessions.")
    async def change_user(self, user_id: FromPath[uuid.UUID], data: JSONBody[UserChange],
                          db_session: NamedDependency[AsyncSession],
                          current_user: NamedDependency[CurrentUser]) -> UserOut:
        current_user.require_role("admin")
        return to_out(await services.change_user(db_session, current_user.actor, current_user.org_path, user_id,
                                                 name=data.name, phone=data.phone, role=data.role,
                                                 org_unit_id=data.org_unit_id))

    @post("/{user_id:uuid}/disable", operation_id="disableUser", status_code=HTTP_200_OK,
          summary="Disable a user; their tokens stop working at once.")
    async def disable(self, user_id: FromPath[uuid.UUID], db_session: NamedDependency[AsyncSession],
                      current_user: NamedDependency[CurrentUser]) -> UserOut:
        current_user.require_role("admin")
        return to_out(await services.set_active(db_session, current_user.actor, current_user.org_path, user_id,
                                                active=False))

    @post("/{user_id:uuid}/enable", operation_id="enableUser", status_code=HTTP_200_OK,
          summary="Enable a disabled user again.")
    async def enable(self, user_id: FromPath[uuid.UUID], db_session: NamedDependency[AsyncSession],
                     current_user: NamedDependency[CurrentUser]) -> UserOut:
        current_user.require_role("admin")
        return to_out(await services.set_active(db_session, current_user.actor, current_user.org_path, user_id,
                                                active=True))

    @post("/{user_id:uuid}/password-reset", operation_id="resetUserPassword", status_code=HTTP_200_OK,
          summary="Give the user a new one-time password (shown once); their tokens die.")
    async def reset_password(self, user_id: FromPath[uuid.UUID], db_session: NamedDependency[AsyncSession],
                             current_user: NamedDependency[CurrentUser]) -> PasswordReset:
        current_user.require_role("admin")
        _, password = await services.reset_password(db_session, current_user.actor, current_user.org_path, user_id)
        return PasswordReset(initial_password=password)
