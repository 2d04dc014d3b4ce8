"""The notice job (``safecampus notify run``, or every N seconds inside ``safecampus
serve``): reminders, overdue notices and the city's escalation for the day, daily digests,
then the deliveries that are due. Pass ``now``: tests freeze the clock by passing it.

Safe to run twice and on several workers at once: notices and deliveries are unique
(insert-or-ignore) and deliveries are claimed before they are sent."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from safecampus.audit import services as audit
from safecampus.db import Hazard, OrgUnit
from safecampus.db.base import utcnow
from safecampus.db.engine import Database
from safecampus.delivery import outbox
from safecampus.hazards.rules import shanghai_date
from safecampus.notices import rules
from safecampus.notices.audience import Audiences
from safecampus.notices.services import Subject, tell
from safecampus.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class JobReport:
    notices: int
    digests: int
    sent: int
    failed: int


async def remind(db: Database, settings: Settings, now: datetime) -> int:
    """The day's time-based notices for open hazards whose deadline is near or passed."""
    today = shanghai_date(now)
    earliest, latest = rules.window(today, settings.reminder_days, settings.city_escalation_days)
    async with db.session() as session:
        rows = (await session.execute(
            select(Hazard, OrgUnit).join(OrgUnit, OrgUnit.id == Hazard.school_id)
            .where(Hazard.status != "closed", Hazard.due_on >= today + timedelta(days=earliest),
                   Hazard.due_on <= today + timedelta(days=latest))
            .order_by(Hazard.due_on, Hazard.id))).all()
        audiences, created, told = Audiences(session), 0, 0
        for hazard, school in rows:
            tells = rules.on_day(hazard.grade, hazard.due_on, today, settings.reminder_days,
                                 settings.city_escalation_days)
            if tells:
                told += 1
                created += await tell(session, Subject("hazard", hazard.id, hazard, school), tells, now=now,
                                      audiences=audiences)
        if told:
            await audit.record(session, outbox.NOTIFIER, "notice.remind", "notice", None,
                               {"day": today.isoformat(), "hazards": told, "created": created})
            await session.commit()
    return created


async def run(db: Database, settings: Settings, *, now: datetime) -> JobReport:
    created = await remind(db, settings, now)
    async with db.session() as session:
        digests = await outbox.gather_digests(session, now)
        await session.commit()
    sent, failed = await outbox.process(db, settings, now)
    return JobReport(created, digests, sent, failed)


async def loop(db: Database, settings: Settings) -> None:
    """Run the job every ``notify_interval_seconds`` until cancelled; a failing run is
    logged and the next one tries again."""
    while True:
        try:
            report = await run(db, settings, now=utcnow())
            if report.notices or report.sent or report.failed:
                log.info("notice job: %s", report)
        except Exception:  # keep the loop alive; the next run retries
            log.exception("notice job failed")
        await asyncio.sleep(settings.notify_interval_seconds)
