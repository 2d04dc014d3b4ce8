"""Which photos a record may show. A record may name any hash (phones send records before
photos), but a photo appears through a record only when the record's author holds it,
that is, has sent its bytes: knowing a hash is not having the photo."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Sequence

from sqlalchemy import Select, and_, case, select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.db import Hazard, HazardPhoto, PhotoHolder, Rectification
from safecampus.errors import InvalidInput

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


def unique_photos(hashes: Sequence[str]) -> None:
    if len(set(hashes)) != len(hashes):
        raise InvalidInput("The same photo is listed twice.", code="duplicate_photos")


async def held_pairs(session: AsyncSession, pairs: Iterable[tuple[uuid.UUID, str]]) -> set[tuple[uuid.UUID, str]]:
    """The (author, hash) pairs among ``pairs`` where the author holds the photo: for records
    that list their photos themselves (drills) rather than through hazard links."""
    wanted = set(pairs)
    if not wanted:
        return set()
    rows = await session.execute(select(PhotoHolder.user_id, PhotoHolder.sha256).where(
        PhotoHolder.sha256.in_({sha for _, sha in wanted}), PhotoHolder.user_id.in_({user for user, _ in wanted})))
    return {(user, sha) for user, sha in rows} & wanted
