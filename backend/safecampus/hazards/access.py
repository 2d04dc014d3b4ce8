"""Who may do what to which school's records."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.auth.identity import SCHOOL_ROLES, CurrentUser
from safecampus.db import Hazard, OrgUnit
from safecampus.errors import Forbidden, InvalidInput, NotFound
from safecampus.orgs.scope import unit_in_scope, within


async def school_in_scope(session: AsyncSession, user: CurrentUser, school_id: uuid.UUID) -> OrgUnit:
    unit = await unit_in_scope(session, user.org_path, school_id)
    if unit.kind != "school":
        raise InvalidInput("Inspections and hazards belong to a school; this unit is not one.", code="not_a_school")
    return unit


def ensure_may_record(user: CurrentUser, kind: str | None) -> None:
    """Inspectors record any inspection in their scope; a school's own staff record their
    daily self-inspections and hazards they find themselves."""
    if user.role == "inspector":
        return
    if user.role in SCHOOL_ROLES:
        if kind not in (None, "daily"):
            raise Forbidden("School staff record daily self-inspections; term inspections and supervision "
                            "are recorded by inspectors.", code="kind_not_allowed")
        return
    raise Forbidden(f"The role {user.role!r} does not record inspections or hazards.")


async def hazard_in_scope(session: AsyncSession, user: CurrentUser, hazard_id: uuid.UUID,
                          *, for_update: bool = False) -> tuple[Hazard, OrgUnit]:
    stmt = (select(Hazard, OrgUnit).join(OrgUnit, OrgUnit.id == Hazard.school_id)
            .where(Hazard.id == hazard_id, within(user.org_path)))
    if for_update:
        stmt = stmt.with_for_update(of=Hazard)
    row = (await session.execute(stmt)).one_or_none()
    if row is None:
        raise NotFound("No such hazard in your scope.", code="hazard_not_found")
    return row
