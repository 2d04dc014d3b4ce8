"""How a synthetic hazard went round the closed loop (open → rectifying → submitted →
closed), and where it stands today: the stages of one hazard, consistent in time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from safecampus.seeding.synthetic.draw import Draw

# Median days from finding to close-out, and the lognormal spread: a school fixes what a
# daily round finds within days; a major hazard needs money and work (weeks).
_CLOSE_DAYS = {("major", None): (18.0, 0.6), ("general", "daily"): (2.5, 0.8), ("general", None): (5.0, 0.8)}
STUCK = 0.012  # never rectified: these become the long-overdue hazards
REJECTED = 0.06  # the first proof was not good enough


@dataclass(frozen=True, slots=True)
class Proof:
    submitted_at: datetime
    decision: str | None  # None while it waits for the verifier
    decided_at: datetime | None


@dataclass(slots=True)
class Stages:
    status: str
    acknowledged_at: datetime | None = None
    closed_at: datetime | None = None
    proofs: list[Proof] = field(default_factory=list)

    @property
    def version(self) -> int:
        """Bumped on each acknowledgement, proof and decision, as the hazard's lifecycle does."""
        return 1 + (self.acknowledged_at is not None) + sum(1 + (p.decision is not None) for p in self.proofs)


def stages(draw: Draw, found_at: datetime, grade: str, kind: str, now: datetime) -> Stages:
    median, spread = _CLOSE_DAYS.get((grade, kind), _CLOSE_DAYS[(grade, None)])
    duration = timedelta(days=draw.days(median, spread))
    # Acknowledged within hours, verified within a day or two; each step bounded by a share
    # of the whole so that the stages always come in order.
    acknowledged = found_at + min(timedelta(days=draw.days(0.2, 0.8)), duration * 0.3)
    closed = found_at + duration
    if draw.random() < STUCK:
        if draw.random() < 0.3 or now < acknowledged:
            return Stages("open")
        return Stages("rectifying", acknowledged)
    final = closed - min(timedelta(days=draw.days(1.5 if grade == "major" else 0.6, 0.7)), duration * 0.3)
    rejected = draw.random() < REJECTED
    proofs = []
    if rejected:
        first, refused = found_at + duration * 0.45, found_at + duration * 0.55
        if first <= now:
            proofs.append(Proof(first, "rejected" if refused <= now else None, refused if refused <= now else None))
    if final <= now:
        proofs.append(Proof(final, "accepted" if closed <= now else None, closed if closed <= now else None))
    if closed <= now:
        return Stages("closed", acknowledged, closed, proofs)
    if proofs and proofs[-1].decision is None:
        return Stages("submitted", acknowledged, None, proofs)
    if acknowledged <= now:
        return Stages("rectifying", acknowledged, None, proofs)
    return Stages("open")
