"""The caller's inbox of notices."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromQuery, JSONBody
from litestar.status_codes import HTTP_200_OK
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.auth.identity import CurrentUser
from safecampus.notices import inbox
from safecampus.notices.schemas import NoticePage, ReadIn, ReadOut, Unread
from safecampus.schemas import PageNumber, PageSize


class NoticeController(Controller):
    path = "/notices"
    tags = ["notices"]

    @get("/", operation_id="listNotices", summary="The caller's notices, newest first, with the unread count.")
    async def list_notices(self, db_session: NamedDependency[AsyncSession], current_user: NamedDependency[CurrentUser],
                           unread_only: FromQuery[bool] = False, page: PageNumber = 1,
                           page_size: PageSize = 50) -> NoticePage:
        return await inbox.page(db_session, current_user, unread_only, page, page_size)

    @get("/unread", operation_id="countUnreadNotices", summary="How many of the caller's notices are unread (the badge).")
    async def unread(self, db_session: NamedDependency[AsyncSession],
                     current_user: NamedDependency[CurrentUser]) -> Unread:
        return Unread(unread=await inbox.unread(db_session, current_user))

    @post("/read", operation_id="markNoticesRead", status_code=HTTP_200_OK,
          summary="Mark the caller's notices read (these ids, or all); idempotent, so the offline outbox may replay it.")
    async def mark_read(self, data: JSONBody[ReadIn], db_session: NamedDependency[AsyncSession],
                        current_user: NamedDependency[CurrentUser]) -> ReadOut:
        return await inbox.mark_read(db_session, current_user, data)
