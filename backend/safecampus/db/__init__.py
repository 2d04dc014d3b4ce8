"""Database models, one module per aggregate, and the engine."""

from safecampus.db.accounts import AuthSession, User
from safecampus.db.audit import AuditEvent, AuditHead
from safecampus.db.base import Base
from safecampus.db.org import DutyTemplate, HazardDomain, OrgUnit, Section

__all__ = ["AuditEvent", "AuditHead", "AuthSession", "Base", "DutyTemplate", "HazardDomain", "OrgUnit",
           "Section", "User"]
