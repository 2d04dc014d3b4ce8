"""Who a notice goes to: the school's staff, the verifiers, the county bureau, the city."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.auth.identity import BUREAU_ROLES, SCHOOL_ROLES
from safecampus.db import OrgUnit, User
from safecampus.hazards.rules import verifier_roles
from safecampus.notices.rules import Audience

COUNTY_ROLES = ("inspector", "admin")


class Audiences:
    """Resolves audiences to people, remembering units and staff for one job run."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._bureaus: dict[uuid.UUID, tuple[OrgUnit | None, OrgUnit | None]] = {}
        self._staff: dict[tuple[uuid.UUID, tuple[str, ...]], list[uuid.UUID]] = {}

    async def bureaus_of(self, school: OrgUnit) -> tuple[OrgUnit | None, OrgUnit | None]:
        """(the nearest bureau above the school: its county, or the city for a school
        directly under it; the city bureau)."""
        if school.id not in self._bureaus:
            codes = school.path.strip("/").split("/")[:-1]
            units = {u.code: u for u in (await self.session.execute(select(OrgUnit).where(
                OrgUnit.code.in_(codes), OrgUnit.kind.in_(("county_bureau", "city_bureau"))))).scalars()}
            above = [units[code] for code in codes if code in units]
            city = next((u for u in above if u.kind == "city_bureau"), None)
            self._bureaus[school.id] = (above[-1] if above else None, city)
        return self._bureaus[school.id]

    async def staff(self, unit_id: uuid.UUID, roles: tuple[str, ...]) -> list[uuid.UUID]:
        key = (unit_id, roles)
        if key not in self._staff:
            self._staff[key] = list((await self.session.execute(
                select(User.id).where(User.org_unit_id == unit_id, User.role.in_(roles), User.active)
                .order_by(User.username))).scalars())
        return self._staff[key]

    async def resolve(self, school: OrgUnit, audience: Audience, grade: str) -> tuple[uuid.UUID | None, list[uuid.UUID]]:
        """(the unit whose channels also hear of it, the people told)."""
        county, city = await self.bureaus_of(school)
        if audience == "school":
            return school.id, await self.staff(school.id, tuple(sorted(SCHOOL_ROLES)))
        if audience == "verifiers":
            # The first level that may verify: the principal for a general hazard, the
            # bureau's inspectors (and admins) for a major one.
            if "principal" in verifier_roles(grade):
                return school.id, await self.staff(school.id, ("principal",))
            unit = county or city
        elif audience == "county":
            unit = county
        else:
            unit = city
        if unit is None:
            return None, []
        roles = tuple(sorted(BUREAU_ROLES)) if audience == "city" else COUNTY_ROLES
        return unit.id, await self.staff(unit.id, roles)
