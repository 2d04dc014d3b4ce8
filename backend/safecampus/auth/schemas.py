from __future__ import annotations

import uuid
from typing import Annotated

import msgspec

from safecampus.schemas import Schema

Username = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
# Bounded so that nobody makes the server hash megabytes with argon2.
Password = Annotated[str, msgspec.Meta(min_length=1, max_length=256)]


class LoginRequest(Schema):
    username: Username
    password: Password


class UserSummary(Schema):
    id: uuid.UUID
    username: str
    name: str
    role: str
    org_unit_id: uuid.UUID


class LoginResponse(Schema):
    token: str
    expires_in_days: int
    # True after an admin created the account or reset its password: the app asks for a
    # new password, and the API answers 403 password_change_required until it is set.
    must_change_password: bool
    user: UserSummary


class Me(UserSummary, kw_only=True):
    org_unit_name: str
    org_unit_kind: str
    must_change_password: bool


class PasswordChange(Schema):
    current_password: Password
    new_password: Password
