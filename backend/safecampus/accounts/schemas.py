from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import msgspec

from safecampus.auth.schemas import Password, Username
from safecampus.schemas import Schema
from safecampus.vocabulary import Role


class UserOut(Schema):
    id: uuid.UUID
    username: str
    name: str
    phone: str | None
    role: str
    org_unit_id: uuid.UUID
    active: bool
    must_change_password: bool
    last_login_at: datetime | None
    created_at: datetime


PersonName = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
Phone = Annotated[str, msgspec.Meta(pattern=r"^[0-9+\- ]{5,32}$")]


class PersonFields(Schema):
    """What the API and the CLI both check about a new account."""

    username: Annotated[Username, msgspec.Meta(pattern=r"^[A-Za-z0-9_.\-]+$")]
    name: PersonName
    phone: Phone | None = None
    password: Password | None = None


class UserCreate(PersonFields, kw_only=True):
    role: Role
    org_unit_id: uuid.UUID


class UserChange(Schema):
    """Fields left out (or null) keep their value. A new role or unit ends the user's sessions."""

    name: PersonName | None = None
    phone: Phone | None = None
    role: Role | None = None
    org_unit_id: uuid.UUID | None = None


class UserCreated(Schema):
    user: UserOut
    # Shown once: only its argon2id hash is stored.
    initial_password: str | None


class PasswordReset(Schema):
    initial_password: str
