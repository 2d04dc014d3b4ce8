from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import msgspec

from safecampus.schemas import Page, Schema


class NoticeOut(Schema):
    id: uuid.UUID
    kind: str
    title: str
    body: str
    subject_type: str
    subject_id: uuid.UUID
    hazard_id: uuid.UUID | None
    school_id: uuid.UUID | None
    link: str | None  # the PWA route of the record it is about
    created_at: datetime
    read_at: datetime | None


class NoticePage(Page, kw_only=True):
    items: list[NoticeOut]
    unread: int


class Unread(Schema):
    unread: int


class ReadIn(Schema):
    """Mark the caller's notices read: these ids, or all of them."""

    ids: Annotated[list[uuid.UUID], msgspec.Meta(max_length=500)] = []
    all: bool = False


class ReadOut(Schema):
    marked: int
    unread: int
