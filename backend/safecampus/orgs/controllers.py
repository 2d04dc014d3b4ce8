from __future__ import annotations

import uuid

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.auth.identity import CurrentUser
from safecampus.db import OrgUnit
from safecampus.orgs import services
from safecampus.orgs.schemas import OrgUnitOut
from safecampus.orgs.scope import unit_in_scope
from safecampus.vocabulary import OrgKind


def to_out(unit: OrgUnit) -> OrgUnitOut:
    return OrgUnitOut(id=unit.id, code=unit.code, name=unit.name, kind=unit.kind, school_type=unit.school_type,
                      parent_id=unit.parent_id, depth=unit.path.count("/") - 2, address=unit.address,
                      lat=unit.lat, lon=unit.lon, radius_m=unit.radius_m, active=unit.active)


class OrgUnitController(Controller):
    path = "/org-units"
    tags = ["org"]

    @get("/", operation_id="listOrgUnits",
         summary="The caller's subtree of the org tree, parents before children.")
    async def list_units(self, db_session: NamedDependency[AsyncSession], current_user: NamedDependency[CurrentUser],
                         kind: FromQuery[OrgKind | None] = None, under: FromQuery[uuid.UUID | None] = None,
                         q: FromQuery[str | None] = None) -> list[OrgUnitOut]:
        units = await services.list_units(db_session, current_user.org_path, kind=kind, under=under, query=q)
        return [to_out(unit) for unit in units]

    @get("/{unit_id:uuid}", operation_id="getOrgUnit", summary="One org unit of the caller's scope.")
    async def get_unit(self, unit_id: FromPath[uuid.UUID], db_session: NamedDependency[AsyncSession],
                       current_user: NamedDependency[CurrentUser]) -> OrgUnitOut:
        return to_out(await unit_in_scope(db_session, current_user.org_path, unit_id))
