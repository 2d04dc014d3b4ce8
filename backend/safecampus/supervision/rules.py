"""Who plans supervision and what a plan may name: the schools below the planning unit, in a
window of at most half a year, visited by inspectors who may inspect them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.auth.identity import CurrentUser
from safecampus.db import OrgUnit, User
from safecampus.errors import Conflict, Forbidden, InvalidInput
from safecampus.orgs.scope import within

MAX_WINDOW = timedelta(days=184)  # 第十六条: supervision at least once per half-year
EARLIEST = date(2000, 1, 1)


def ensure_planner(user: CurrentUser, unit: OrgUnit) -> None:
    """A bureau's safety committee office plans for its own unit: its admins and inspectors."""
    if unit.kind == "school" or user.role not in ("admin", "inspector") or user.org_unit_id != unit.id:
        raise Forbidden("Supervision is planned by a bureau's own admins or inspectors, for their own unit.",
                        code="forbidden")


def check_window(starts_on: date, ends_on: date) -> None:
    if not EARLIEST <= starts_on <= ends_on or ends_on - starts_on > MAX_WINDOW:
        raise InvalidInput("The window must start on or before its end and last at most half a year.",
                           code="invalid_window")


async def check_targets(session: AsyncSession, planning: OrgUnit, targets: Sequence[uuid.UUID],
                        *, chosen: bool = True) -> dict[uuid.UUID, str]:
    """The target schools' paths; each must be a school below the planning unit, and an active
    one when the targets are being chosen (a plan's kept targets do not block its other edits)."""
    if len(set(targets)) != len(targets):
        raise InvalidInput("A school is listed twice among the targets.", code="duplicate_target")
    rows = (await session.execute(select(OrgUnit.id, OrgUnit.path, OrgUnit.active).where(
        OrgUnit.id.in_(targets), OrgUnit.kind == "school", within(planning.path)))).all()
    found = {uid: path for uid, path, _ in rows}
    unknown = [str(t) for t in targets if t not in found]
    if unknown:
        raise InvalidInput("Targets must be schools below your unit.", code="unknown_target",
                           details={"targets": unknown})
    inactive = [str(uid) for uid, _, active in rows if not active]
    if chosen and inactive:
        raise Conflict("A deactivated school cannot be a target of supervision.", code="unit_inactive",
                       details={"targets": inactive})
    return found


async def check_inspectors(session: AsyncSession, planning: OrgUnit, inspectors: Sequence[uuid.UUID],
                           targets: dict[uuid.UUID, str]) -> None:
    """Assigned people are active inspectors of the planning unit's subtree, and every target
    lies in the scope of at least one of them (else nobody could record its inspection)."""
    if not inspectors:
        return
    if len(set(inspectors)) != len(inspectors):
        raise InvalidInput("An inspector is listed twice.", code="duplicate_inspector")
    paths = dict((await session.execute(
        select(User.id, OrgUnit.path).join(OrgUnit, OrgUnit.id == User.org_unit_id)
        .where(User.id.in_(inspectors), User.role == "inspector", User.active.is_(True),
               within(planning.path)))).all())
    unknown = [str(i) for i in inspectors if i not in paths]
    if unknown:
        raise InvalidInput("Assign active inspectors of your unit or the units below it.", code="unknown_inspector",
                           details={"inspectors": unknown})
    unreachable = [str(school) for school, path in targets.items()
                   if not any(path.startswith(scope) for scope in paths.values())]
    if unreachable:
        raise InvalidInput("No assigned inspector may inspect some target schools; assign one whose unit "
                           "covers them.", code="target_unreachable", details={"targets": unreachable})
