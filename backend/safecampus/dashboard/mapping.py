"""Where the open hazards of a unit's subtree are, for the dashboard's map."""

from __future__ import annotations

import statistics
import uuid
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.auth.identity import CurrentUser
from safecampus.dashboard.schemas import HazardMap, MapPlace, MapPoint
from safecampus.db import Hazard, Inspection, OrgUnit
from safecampus.hazards.rules import is_overdue, today
from safecampus.orgs.scope import unit_in_scope, within
from safecampus.settings import Settings


async def hazard_map(session: AsyncSession, user: CurrentUser, org_unit_id: uuid.UUID | None,
                     settings: Settings) -> HazardMap:
    root = await unit_in_scope(session, user.org_path, org_unit_id or user.org_unit_id)
    rows = (await session.execute(
        select(Hazard.id, Hazard.grade, Hazard.status, Hazard.due_on, Hazard.school_id, Hazard.description,
               Hazard.lat, Hazard.lon, Inspection.lat, Inspection.lon, OrgUnit.lat, OrgUnit.lon)
        .join(OrgUnit, OrgUnit.id == Hazard.school_id)
        .outerjoin(Inspection, Inspection.id == Hazard.inspection_id)
        .where(within(root.path), Hazard.status != "closed")
        .order_by(Hazard.found_at))).all()
    now = today()
    points, unplaced = [], 0
    for hid, grade, status, due_on, school_id, description, *coordinates in rows:
        # The most precise place known: the hazard's own geotag, the inspection's, the campus.
        place = next(((lat, lon) for lat, lon in zip(coordinates[::2], coordinates[1::2], strict=True)
                      if lat is not None and lon is not None), None)
        if place is None:
            unplaced += 1
            continue
        points.append(MapPoint(id=hid, lat=place[0], lon=place[1], grade=grade, status=status,
                               overdue=is_overdue(status, due_on, now), school_id=school_id,
                               description=description))
    return HazardMap(points=points, unplaced=unplaced, places=await _places(session, root),
                     tiles=settings.map_tiles or None, tiles_attribution=settings.map_tiles_attribution or None)


async def _places(session: AsyncSession, root: OrgUnit) -> list[MapPlace]:
    """The viewed unit's children (or the school itself), placed by their campuses."""
    schools = (await session.execute(
        select(OrgUnit).where(within(root.path), OrgUnit.kind == "school", OrgUnit.lat.is_not(None),
                              OrgUnit.lon.is_not(None)))).scalars().all()
    if root.kind == "school":
        return [MapPlace(id=s.id, name=s.name, kind=s.kind, lat=s.lat, lon=s.lon) for s in schools]  # type: ignore[arg-type]
    depth = root.path.count("/")
    children = {c.code: c for c in (await session.execute(
        select(OrgUnit).where(OrgUnit.parent_id == root.id))).scalars()}
    campuses: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for school in schools:
        campuses[school.path.split("/")[depth]].append((school.lat, school.lon))  # type: ignore[arg-type]
    return [MapPlace(id=c.id, name=c.name, kind=c.kind, lat=statistics.fmean(p[0] for p in campuses[code]),
                     lon=statistics.fmean(p[1] for p in campuses[code]))
            for code, c in sorted(children.items()) if campuses[code]]
