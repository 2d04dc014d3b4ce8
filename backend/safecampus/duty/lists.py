"""Drawing up a leader's list from the duty templates, the unit's own items, edits with
versions, and confirming the targets."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.audit import services as audit
from safecampus.auth.identity import CurrentUser
from safecampus.db import DutyItem, DutyList, DutyTemplate, Leader, OrgUnit
from safecampus.duty import rules
from safecampus.duty.schemas import ConfirmationIn, DutyListIn, ItemIn
from safecampus.errors import Conflict, Forbidden, InvalidInput, NotFound
from safecampus.idempotency import create_once
from safecampus.orgs.records import one_of
from safecampus.orgs.scope import ensure_unit_manager

GENERIC_TARGET = "按本条职责全年落实到位，留存会议记录、文件、照片等佐证材料。"
# Targets with a measure a reviewer can check; the unit edits them to fit its own plan.
DEFAULT_TARGETS = {
    "A07-01": "年内主持制定（修订）本单位安全工作规划，安全工作列入年度工作计划。",
    "A07-02": "每学期至少主持召开一次领导班子会议专题研究安全工作，传达上级要求并部署整改。",
    "A07-03": "一季度内制定班子成员年度安全工作责任清单，6月、12月各组织一次检查考核。",
    "A07-05": "推动安全工作专项经费列入本年度预算并按计划使用。",
    "A07-07": "建立风险分级管控和隐患排查治理双重预防机制，隐患按期整改销号。",
    "A07-09": "每学期至少组织一次安全巡查，领导本级安全工作委员会按期开展工作。",
    "A08-02": "每季度向主要负责人报告一次安全工作落实情况；发现的隐患限期整改、实销号。",
    "A08-03": "健全安全工作制度，按期完成开学前、学期中、学期结束后三次集中排查。",
    "A08-06": "完善应急预案，每学期至少组织一次应急疏散演练。",
    "A09-04": "每学期至少组织一次分管领域专项安全检查，突出隐患及时整治。",
}
_SETTLED = ("text", "article", "target", "due_on")  # fixed once the list is confirmed
_PROGRESS = ("status", "note")


async def create(session: AsyncSession, user: CurrentUser, list_id: uuid.UUID, data: DutyListIn,
                 digest: str) -> bool:
    async def visible(existing: DutyList) -> None:
        await one_of(session, user, DutyList, existing.id, "duty_list")

    async def instantiate() -> DutyList:
        leader, unit = await one_of(session, user, Leader, data.leader_id, "leader")
        ensure_unit_manager(user, unit)
        rules.check_year(data.year)
        if not leader.active:
            raise InvalidInput("This leader has moved on; lists are drawn up for active leaders.",
                               code="leader_inactive")
        existing = await session.scalar(select(DutyList.id).where(DutyList.leader_id == leader.id,
                                                                  DutyList.year == data.year))
        if existing is not None:
            raise Conflict(f"{leader.name} already has a list for {data.year}.", code="duty_list_exists",
                           details={"id": str(existing)})
        duty_list = DutyList(id=list_id, org_unit_id=unit.id, leader_id=leader.id, year=data.year, status="draft",
                             version=1, created_by=user.id, content_hash=digest)
        session.add(duty_list)
        templates = (await session.execute(select(DutyTemplate).where(DutyTemplate.holder == leader.duty_role)
                                           .order_by(DutyTemplate.sort_order))).scalars()
        for position, template in enumerate(templates, start=1):
            session.add(DutyItem(id=uuid.uuid4(), list_id=list_id, position=position, template_code=template.code,
                                 article=template.article, text=template.text,
                                 target=DEFAULT_TARGETS.get(template.code, GENERIC_TARGET),
                                 due_on=date(data.year, 12, 31), status="pending", version=1))
        await audit.record(session, user.actor, "duty_list.create", "duty_list", list_id,
                           {"org_unit": unit.code, "leader": leader.name, "year": data.year})
        return duty_list

    try:
        _, created = await create_once(session, DutyList, list_id, digest, "duty list", visible, instantiate)
    except IntegrityError as exc:  # another id for the same leader and year won the race
        raise Conflict("A list for this leader and year was saved at the same moment; reload.",
                       code="duty_list_exists") from exc
    return created


async def load(session: AsyncSession, user: CurrentUser, list_id: uuid.UUID,
               for_update: bool = False) -> tuple[DutyList, OrgUnit, Leader]:
    duty_list, unit = await one_of(session, user, DutyList, list_id, "duty_list", for_update=for_update)
    leader = await session.get(Leader, duty_list.leader_id)
    assert leader is not None  # a foreign key
    return duty_list, unit, leader


async def put_item(session: AsyncSession, user: CurrentUser, list_id: uuid.UUID, item_id: uuid.UUID,
                   data: ItemIn) -> bool:
    """Returns whether the item was created. A retry of the same change is answered as done."""
    duty_list, unit, leader = await load(session, user, list_id, for_update=True)
    item = await session.get(DutyItem, item_id)
    if item is not None and item.list_id != duty_list.id:
        raise NotFound("No such item on this list.", code="duty_item_not_found")
    wanted = {f: getattr(data, f) for f in (*_SETTLED, *_PROGRESS)}
    if item is not None and item.version == data.base_version + 1 and all(
            getattr(item, f) == v for f, v in wanted.items()):
        return False
    rules.check_version(item.version if item else 0, data.base_version, "item")
    rules.check_due(data.due_on, duty_list.year)
    if item is None:
        ensure_unit_manager(user, unit)
        rules.ensure_draft(duty_list)
        last = await session.scalar(select(func.max(DutyItem.position)).where(DutyItem.list_id == duty_list.id))
        item = DutyItem(id=item_id, list_id=duty_list.id, position=(last or 0) + 1, version=0, **wanted)
        session.add(item)
        changes = wanted
    else:
        changes = {f: v for f, v in wanted.items() if getattr(item, f) != v}
        if any(f in changes for f in _SETTLED):
            if not rules.may_edit(user, unit):
                raise Forbidden("Only the unit's principal or an admin in scope sets items, targets and deadlines.",
                                code="forbidden")
            rules.ensure_draft(duty_list)
        rules.ensure_progress_reporter(user, unit, leader)
        for field, value in changes.items():
            setattr(item, field, value)
    item.version += 1
    await audit.record(session, user.actor, "duty_item.put", "duty_item", item_id,
                       {"list": str(duty_list.id), "version": item.version}
                       | {f: str(v) if v is not None else None for f, v in changes.items()})
    await _commit(session)
    return item.version == 1


async def confirm(session: AsyncSession, user: CurrentUser, list_id: uuid.UUID, data: ConfirmationIn) -> None:
    """Confirmed: the targets are settled and the list can be reviewed; reopening lets the unit edit again."""
    duty_list, unit, _ = await load(session, user, list_id, for_update=True)
    status = "confirmed" if data.confirmed else "draft"
    if duty_list.status == status and duty_list.version == data.base_version + 1:
        return
    ensure_unit_manager(user, unit)
    rules.check_version(duty_list.version, data.base_version, "list")
    if duty_list.status == status:
        return
    duty_list.status = status
    duty_list.version += 1
    await audit.record(session, user.actor, f"duty_list.{'confirm' if data.confirmed else 'reopen'}", "duty_list",
                       duty_list.id, {"org_unit": unit.code, "year": duty_list.year, "version": duty_list.version})
    await _commit(session)


async def _commit(session: AsyncSession) -> None:
    try:
        await session.commit()
    except IntegrityError as exc:  # the same new item sent twice at once
        await session.rollback()
        raise Conflict("This list was changed at the same moment by another request; reload.",
                       code="stale_version") from exc
