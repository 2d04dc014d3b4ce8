"""Database models, one module per aggregate, and the engine."""

from safecampus.db.accountability import AccountabilityCase, Commendation
from safecampus.db.accounts import AuthSession, User
from safecampus.db.audit import AuditEvent, AuditHead
from safecampus.db.base import Base
from safecampus.db.checklists import Checklist, ChecklistItem
from safecampus.db.drills import Drill
from safecampus.db.duty import DutyEvidence, DutyItem, DutyList, DutyReview, DutyReviewScore
from safecampus.db.hazards import Hazard, HazardPhoto, Rectification
from safecampus.db.incidents import Incident
from safecampus.db.inspections import Inspection, InspectionResult
from safecampus.db.leaders import Leader
from safecampus.db.notices import Delivery, Notice, NoticeChannel
from safecampus.db.orders import SupervisionOrder
from safecampus.db.org import DutyTemplate, HazardDomain, OrgUnit, Section
from safecampus.db.photos import Photo, PhotoHolder
from safecampus.db.reports import AnnualReport, AnnualReportStep
from safecampus.db.supervision import SupervisionInspector, SupervisionPlan, SupervisionTarget
from safecampus.db.terms import Term

__all__ = ["AccountabilityCase", "AnnualReport", "AnnualReportStep", "AuditEvent", "AuditHead", "AuthSession", "Base",
           "Checklist", "ChecklistItem", "Commendation", "Drill", "DutyEvidence", "DutyItem", "DutyList", "DutyReview",
           "Delivery", "DutyReviewScore", "DutyTemplate", "Hazard", "HazardDomain", "HazardPhoto", "Incident", "Inspection",
           "InspectionResult", "Leader", "Notice", "NoticeChannel", "OrgUnit", "Photo", "PhotoHolder", "Rectification", "Section", "SupervisionInspector", "SupervisionOrder",
           "SupervisionPlan", "SupervisionTarget", "Term", "User"]
