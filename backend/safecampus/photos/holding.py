"""Which photos a record may show. A record may name any hash (phones send records before
photos), but a photo appears through a record only when the record's author holds it,
that is, has sent its bytes: knowing a hash is not having the photo."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy import Select, and_, case, select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.db import Hazard, HazardPhoto, PhotoHolder, Rectification

# The author of a link: whoever found the hazard (evidence) or submitted the proof.
_LINK_AUTHOR = case((HazardPhoto.rectification_id.is_(None), Hazard.found_by), else_=Rectification.submitted_by)


def held_links() -> Select[tuple[uuid.UUID, str]]:
    """(hazard id, photo hash) of every link whose author holds the photo."""
    return (select(HazardPhoto.hazard_id, HazardPhoto.sha256)
            .join(Hazard, Hazard.id == HazardPhoto.hazard_id)
            .outerjoin(Rectification, Rectification.id == HazardPhoto.rectification_id)
            .join(PhotoHolder, and_(PhotoHolder.sha256 == HazardPhoto.sha256, PhotoHolder.user_id == _LINK_AUTHOR)))


async def held_by_hazard(session: AsyncSession, hazard_ids: Collection[uuid.UUID]) -> set[tuple[uuid.UUID, str]]:
    if not hazard_ids:
        return set()
    rows = await session.execute(held_links().where(HazardPhoto.hazard_id.in_(hazard_ids)))
    return {(hazard_id, sha) for hazard_id, sha in rows}


async def not_held(session: AsyncSession, hashes: Collection[str], author: uuid.UUID) -> list[str]:
    """The hashes among ``hashes`` that ``author`` has not sent yet: the client keeps uploading."""
    if not hashes:
        return []
    held = set((await session.execute(select(PhotoHolder.sha256).where(
        PhotoHolder.sha256.in_(set(hashes)), PhotoHolder.user_id == author))).scalars())
    return sorted(set(hashes) - held)
