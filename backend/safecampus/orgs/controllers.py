from __future__ import annotations

import uuid

from litestar import Controller, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.status_codes import HTTP_200_OK
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.auth.identity import CurrentUser
from safecampus.db import OrgUnit
from safecampus.orgs import services
from safecampus.orgs.schemas import OrgUnitChange, OrgUnitCreate, OrgUnitMove, OrgUnitMoved, OrgUnitOut
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

    @post("/", operation_id="createOrgUnit",
          summary="Create a unit under a parent in the admin's scope (a county admin: schools of its county).")
    async def create_unit(self, data: JSONBody[OrgUnitCreate], db_session: NamedDependency[AsyncSession],
                          current_user: NamedDependency[CurrentUser]) -> OrgUnitOut:
        return to_out(await services.create_unit(db_session, current_user, data))

    @patch("/{unit_id:uuid}", operation_id="updateOrgUnit",
           summary="Rename a unit below the admin's own, or change its school type, address or campus.")
    async def update_unit(self, unit_id: FromPath[uuid.UUID], data: JSONBody[OrgUnitChange],
                          db_session: NamedDependency[AsyncSession],
                          current_user: NamedDependency[CurrentUser]) -> OrgUnitOut:
        return to_out(await services.update_unit(db_session, current_user, unit_id, data))

    @post("/{unit_id:uuid}/move", operation_id="moveOrgUnit", status_code=HTTP_200_OK,
          summary="Move a unit with everything below it under another parent; its history moves with it.")
    async def move_unit(self, unit_id: FromPath[uuid.UUID], data: JSONBody[OrgUnitMove],
                        db_session: NamedDependency[AsyncSession],
                        current_user: NamedDependency[CurrentUser]) -> OrgUnitMoved:
        unit, moved = await services.move_unit(db_session, current_user, unit_id, data.new_parent_id)
        return OrgUnitMoved(unit=to_out(unit), units_below=moved)

    @post("/{unit_id:uuid}/deactivate", operation_id="deactivateOrgUnit", status_code=HTTP_200_OK,
          summary="Deactivate a unit and those below it: the ledger stays readable, new work is refused.")
    async def deactivate(self, unit_id: FromPath[uuid.UUID], db_session: NamedDependency[AsyncSession],
                         current_user: NamedDependency[CurrentUser]) -> OrgUnitOut:
        return to_out(await services.set_active(db_session, current_user, unit_id, active=False))

    @post("/{unit_id:uuid}/activate", operation_id="activateOrgUnit", status_code=HTTP_200_OK,
          summary="Activate a unit again (the units below it one by one).")
    async def activate(self, unit_id: FromPath[uuid.UUID], db_session: NamedDependency[AsyncSession],
                       current_user: NamedDependency[CurrentUser]) -> OrgUnitOut:
        return to_out(await services.set_active(db_session, current_user, unit_id, active=True))
