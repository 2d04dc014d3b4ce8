"""Checklist templates: the library in seeds/checklists/, versioned in the database, edited by
the city bureau's admins in the app."""
from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.openapi import ResponseSpec
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.accounts.services import display_names
from safecampus.auth.identity import CurrentUser
from safecampus.checklists import editor, services
from safecampus.checklists.schemas import (
    ChecklistCode,
    ChecklistDiff,
    ChecklistItemOut,
    ChecklistOut,
    ChecklistSaved,
    ChecklistSummary,
    ChecklistVersion,
    ChecklistVersionIn,
)
from safecampus.db import Checklist, ChecklistItem
from safecampus.vocabulary import InspectionKind, SchoolType

# Versions are integer columns: a larger number cannot be sent to PostgreSQL (500 before).
MAX_VERSION = 2**31 - 1
FromVersion = Annotated[int, QueryParameter(name="from", ge=1, le=MAX_VERSION, description="the older version")]
ToVersion = Annotated[int, QueryParameter(name="to", ge=1, le=MAX_VERSION, description="the newer version")]


def _summary_fields(checklist: Checklist, item_count: int) -> dict[str, object]:
    return {"id": checklist.id, "code": checklist.code, "version": checklist.version, "name": checklist.name,
            "description": checklist.description, "kinds": checklist.kinds, "school_types": checklist.school_types,
            "status": checklist.status, "item_count": item_count}


def _item_out(i: ChecklistItem) -> ChecklistItemOut:
    return ChecklistItemOut(code=i.code, position=i.position, category=i.category, check=i.check, look_at=i.look_at,
                            grade=i.grade, photo_required=i.photo_required, domain=i.domain_code,
                            section=i.section_code)


async def _versions_out(session: AsyncSession, rows: list[tuple[Checklist, int]]) -> list[ChecklistVersion]:
    names = await display_names(session, (c.edited_by for c, _ in rows))
    return [ChecklistVersion(**_summary_fields(c, n), created_at=c.created_at, edited_by=c.edited_by,  # type: ignore[arg-type]
                             edited_by_name=names.get(c.edited_by) if c.edited_by else None) for c, n in rows]


class ChecklistController(Controller):
    """The checklist library is the same for the whole city: every signed-in user reads it."""

    path = "/checklists"
    tags = ["checklists"]

    @get("/", operation_id="listChecklists",
         summary="Checklist templates (published versions unless all_versions), filtered by kind and school type.")
    async def list_checklists(self, db_session: NamedDependency[AsyncSession],
                              kind: FromQuery[InspectionKind | None] = None,
                              school_type: FromQuery[SchoolType | None] = None,
                              all_versions: FromQuery[bool] = False) -> list[ChecklistSummary]:
        rows = await services.list_checklists(db_session, kind=kind, school_type=school_type,
                                              include_old=all_versions)
        return [ChecklistSummary(**_summary_fields(c, n)) for c, n in rows]  # type: ignore[arg-type]

    @get("/{checklist_id:uuid}", operation_id="getChecklist", summary="One template version with its items.")
    async def get_checklist(self, checklist_id: FromPath[uuid.UUID],
                            db_session: NamedDependency[AsyncSession]) -> ChecklistOut:
        checklist = await services.get_checklist(db_session, checklist_id)
        items = [_item_out(i) for i in checklist.items]
        return ChecklistOut(**_summary_fields(checklist, len(items)), items=items)  # type: ignore[arg-type]

    @get("/{code:str}/versions", operation_id="listChecklistVersions",
         summary="Every version of a template, newest first, with who saved it in the app.")
    async def list_versions(self, code: FromPath[str],
                            db_session: NamedDependency[AsyncSession]) -> list[ChecklistVersion]:
        return await _versions_out(db_session, list(await editor.versions(db_session, code)))

    @post("/{code:str}/versions", operation_id="saveChecklistVersion",
          responses={200: ResponseSpec(ChecklistSaved, description="The stored version with the same content")},
          summary="City admins: save a template's content as a new draft version (201), or get the stored "
                  "version with the same content (200).")
    async def save_version(self, code: FromPath[ChecklistCode], data: JSONBody[ChecklistVersionIn],
                           db_session: NamedDependency[AsyncSession],
                           current_user: NamedDependency[CurrentUser]) -> Response[ChecklistSaved]:
        checklist, created = await editor.save_version(db_session, current_user, code, data)
        [out] = await _versions_out(db_session, [(checklist, len(data.items))])
        return Response(ChecklistSaved(checklist=out, created=created),
                        status_code=HTTP_201_CREATED if created else HTTP_200_OK)

    @get("/{code:str}/diff", operation_id="diffChecklistVersions",
         summary="What changed between two versions of a template: header fields, items added, removed, changed.")
    async def diff(self, code: FromPath[str], from_version: FromVersion, to_version: ToVersion,
                   db_session: NamedDependency[AsyncSession]) -> ChecklistDiff:
        header, added, removed, changed = await editor.diff(db_session, code, from_version, to_version)
        return ChecklistDiff(code=code, from_version=from_version, to_version=to_version, header=header,
                             added=[_item_out(i) for i in added], removed=[_item_out(i) for i in removed],
                             changed=changed)

    @post("/{checklist_id:uuid}/publish", operation_id="publishChecklist", status_code=HTTP_200_OK,
          summary="City admins: offer this version to the field app; the version published before is superseded.")
    async def publish(self, checklist_id: FromPath[uuid.UUID], db_session: NamedDependency[AsyncSession],
                      current_user: NamedDependency[CurrentUser]) -> ChecklistSummary:
        checklist = await editor.publish(db_session, current_user, checklist_id)
        return await self._summary(db_session, checklist)

    @post("/{checklist_id:uuid}/retire", operation_id="retireChecklist", status_code=HTTP_200_OK,
          summary="City admins: withdraw this version; no new inspection may use it.")
    async def retire(self, checklist_id: FromPath[uuid.UUID], db_session: NamedDependency[AsyncSession],
                     current_user: NamedDependency[CurrentUser]) -> ChecklistSummary:
        checklist = await editor.retire(db_session, current_user, checklist_id)
        return await self._summary(db_session, checklist)

    @staticmethod
    async def _summary(session: AsyncSession, checklist: Checklist) -> ChecklistSummary:
        count = await services.item_count(session, checklist.id)
        return ChecklistSummary(**_summary_fields(checklist, count))  # type: ignore[arg-type]
