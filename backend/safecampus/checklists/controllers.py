from __future__ import annotations

import uuid

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.checklists import services
from safecampus.checklists.schemas import ChecklistItemOut, ChecklistOut, ChecklistSummary
from safecampus.db import Checklist
from safecampus.vocabulary import InspectionKind, SchoolType


def _summary_fields(checklist: Checklist, item_count: int) -> dict[str, object]:
    return {"id": checklist.id, "code": checklist.code, "version": checklist.version, "name": checklist.name,
            "description": checklist.description, "kinds": checklist.kinds, "school_types": checklist.school_types,
            "status": checklist.status, "item_count": item_count}


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
        items = [ChecklistItemOut(code=i.code, position=i.position, category=i.category, check=i.check,
                                  look_at=i.look_at, grade=i.grade, photo_required=i.photo_required,
                                  domain=i.domain_code, section=i.section_code) for i in checklist.items]
        return ChecklistOut(**_summary_fields(checklist, len(items)), items=items)  # type: ignore[arg-type]
