"""Creating, disabling and resetting accounts. The caller's scope path bounds every
action; the CLI passes "/" (the whole tree)."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.audit import services as audit
from safecampus.audit.services import Actor
from safecampus.auth.identity import BUREAU_ROLES, SCHOOL_ROLES
from safecampus.auth.passwords import hash_password
from safecampus.auth.services import check_new_password, normalize_username, revoke_sessions
from safecampus.db import OrgUnit, User
from safecampus.errors import Conflict, InvalidInput, NotFound
from safecampus.orgs.scope import unit_in_scope, within

# Which roles make sense at which kind of unit. An admin may create any of them at any unit
# of its own subtree (its own bureau included), never above it: that is the whole grant rule.
ROLES_BY_KIND = {
    "city_bureau": BUREAU_ROLES,
    "county_bureau": BUREAU_ROLES,
    "direct_unit": SCHOOL_ROLES,
    "school": SCHOOL_ROLES,
}


def generate_initial_password() -> str:
    return secrets.token_urlsafe(9)


async def list_users(session: AsyncSession, scope_path: str, *, query: str | None = None) -> Sequence[User]:
    stmt = select(User).join(OrgUnit, OrgUnit.id == User.org_unit_id).where(within(scope_path))
    if query:
        stmt = stmt.where(User.username.contains(query, autoescape=True) | User.name.contains(query, autoescape=True))
    return (await session.execute(stmt.order_by(OrgUnit.path, User.username))).scalars().all()


async def user_in_scope(session: AsyncSession, scope_path: str, user_id: uuid.UUID) -> User:
    user = (
        await session.execute(
            select(User).join(OrgUnit, OrgUnit.id == User.org_unit_id).where(User.id == user_id, within(scope_path))
        )
    ).scalar_one_or_none()
    if user is None:
        raise NotFound("No such user in your scope.")
    return user


async def create_user(session: AsyncSession, actor: Actor, scope_path: str, *, username: str, name: str,
                      role: str, org_unit_id: uuid.UUID, phone: str | None = None,
                      password: str | None = None) -> tuple[User, str | None]:
    """Returns the user and, when no password was given, the one-time initial password."""
    unit = await unit_in_scope(session, scope_path, org_unit_id)
    if role not in ROLES_BY_KIND[unit.kind]:
        allowed = ", ".join(sorted(ROLES_BY_KIND[unit.kind]))
        raise InvalidInput(f"The role {role!r} does not fit a unit of kind {unit.kind!r}; use one of: {allowed}.",
                           code="role_not_allowed")
    username = normalize_username(username)
    if (await session.execute(select(User.id).where(User.username == username))).first():
        raise Conflict(f"The username {username!r} is taken.", code="username_taken")
    initial = None
    if password is None:
        initial = password = generate_initial_password()
    else:
        check_new_password(password)
    user = User(username=username, name=name, role=role, org_unit_id=unit.id, phone=phone,
                password_hash=await hash_password(password), must_change_password=initial is not None)
    session.add(user)
    try:
        await session.flush()
    except IntegrityError:  # taken by a request that committed between our check and insert
        await session.rollback()
        raise Conflict(f"The username {username!r} is taken.", code="username_taken") from None
    await audit.record(session, actor, "user.create", "user", user.id,
                       {"username": username, "name": name, "role": role, "org_unit_id": str(unit.id)})
    await session.commit()
    return user, initial


async def set_active(session: AsyncSession, actor: Actor, scope_path: str, user_id: uuid.UUID, *,
                     active: bool) -> User:
    user = await user_in_scope(session, scope_path, user_id)
    if actor.id == user.id and not active:
        raise InvalidInput("You cannot disable your own account.", code="cannot_disable_self")
    if user.active != active:
        user.active = active
        if not active:
            await revoke_sessions(session, user.id)
        await audit.record(session, actor, "user.enable" if active else "user.disable", "user", user.id,
                           {"username": user.username})
        await session.commit()
    return user


async def reset_password(session: AsyncSession, actor: Actor, scope_path: str, user_id: uuid.UUID,
                         password: str | None = None) -> tuple[User, str]:
    """Sets a new password (generated unless given), kills the user's tokens, and makes the
    user choose their own at the next sign-in."""
    user = await user_in_scope(session, scope_path, user_id)
    if password is None:
        password = generate_initial_password()
    else:
        check_new_password(password)
    user.password_hash = await hash_password(password)
    user.must_change_password = True
    await revoke_sessions(session, user.id)
    await audit.record(session, actor, "user.password_reset", "user", user.id, {"username": user.username})
    await session.commit()
    return user, password


async def user_by_username(session: AsyncSession, username: str) -> User:
    user = (await session.execute(
        select(User).where(User.username == normalize_username(username)))).scalar_one_or_none()
    if user is None:
        raise NotFound(f"No user named {username!r}.")
    return user


async def display_names(session: AsyncSession, user_ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    """Names to show for user ids in records (found by, verified by, ...)."""
    wanted = {uid for uid in user_ids if uid is not None}
    if not wanted:
        return {}
    return dict((await session.execute(select(User.id, User.name).where(User.id.in_(wanted)))).all())
