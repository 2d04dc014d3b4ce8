from __future__ import annotations

from collections import defaultdict

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromQuery
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.db import DutyTemplate, HazardDomain, Section
from safecampus.reference.schemas import DutyTemplateOut, HazardDomainOut, SectionOut
from safecampus.vocabulary import DutyHolder


class ReferenceController(Controller):
    """Read-only for every signed-in user: the same for the whole city."""

    path = "/"
    tags = ["reference"]

    @get("/sections", operation_id="listSections",
         summary="The bureau sections of 第十一条 with their duties and the hazard domains they own.")
    async def sections(self, db_session: NamedDependency[AsyncSession]) -> list[SectionOut]:
        domains: defaultdict[str, list[HazardDomainOut]] = defaultdict(list)
        for domain in (await db_session.execute(select(HazardDomain).order_by(HazardDomain.sort_order))).scalars():
            domains[domain.section_code].append(HazardDomainOut(code=domain.code, name=domain.name))
        sections = (await db_session.execute(select(Section).order_by(Section.sort_order))).scalars()
        return [SectionOut(code=s.code, name=s.name, article=s.article, duties=s.duties, domains=domains[s.code])
                for s in sections]

    @get("/duty-templates", operation_id="listDutyTemplates",
         summary="The duties of 第六条 to 第十条, by holder; responsibility lists start from these.")
    async def duty_templates(self, db_session: NamedDependency[AsyncSession],
                             holder: FromQuery[DutyHolder | None] = None) -> list[DutyTemplateOut]:
        stmt = select(DutyTemplate).order_by(DutyTemplate.sort_order)
        if holder:
            stmt = stmt.where(DutyTemplate.holder == holder)
        return [DutyTemplateOut(code=d.code, holder=d.holder, article=d.article, text=d.text)
                for d in (await db_session.execute(stmt)).scalars()]
