"""Who is calling: the signed-in user with the org path that bounds their scope."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Final

from safecampus.audit.services import Actor
from safecampus.errors import Forbidden

BUREAU_ROLES: Final = frozenset({"admin", "bureau_viewer", "inspector"})
SCHOOL_ROLES: Final = frozenset({"principal", "school_officer"})
# Units run by a principal and safety officers rather than by bureau staff: schools, and the
# units directly under the city bureau (直属单位) which are schools in all but name.
SCHOOL_STAFFED_KINDS: Final = frozenset({"school", "direct_unit"})


@dataclass(frozen=True, slots=True)
class CurrentUser:
    id: uuid.UUID
    username: str
    name: str
    role: str
    org_unit_id: uuid.UUID
    org_path: str
    session_id: uuid.UUID
    must_change_password: bool = False

    @property
    def actor(self) -> Actor:
        return Actor(label=self.username, id=self.id)

    def require_role(self, *roles: str) -> None:
        if self.role not in roles:
            raise Forbidden(f"The role {self.role!r} may not do this; it needs one of: {', '.join(roles)}.")
