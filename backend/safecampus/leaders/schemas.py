from __future__ import annotations

import uuid
from typing import Annotated

import msgspec

from safecampus.schemas import Schema
from safecampus.vocabulary import LeaderRole

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=r"\S")]


class LeaderIn(Schema):
    """``PUT /leaders/{id}``: creates the leader or sets it to this (the id is the client's)."""

    org_unit_id: uuid.UUID
    name: Name
    position: Name
    duty_role: LeaderRole
    user_id: uuid.UUID | None = None
    active: bool = True


class LeaderOut(Schema):
    id: uuid.UUID
    org_unit_id: uuid.UUID
    org_unit_name: str
    name: str
    position: str
    duty_role: str
    user_id: uuid.UUID | None
    active: bool
