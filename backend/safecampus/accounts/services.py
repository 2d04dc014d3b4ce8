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
from safecampus.auth.identity import BUREAU_ROLES, SCHOOL_ROLES, SCHOOL_STAFFED_KINDS
from safecampus.auth.passwords import hash_password
from safecampus.auth.services import check_new_password, normalize_username, revoke_sessions
from safecampus.db import OrgUnit, User
from safecampus.errors import Conflict, InvalidInput, NotFound
from safecampus.orgs.scope import unit_in_scope, within

# Which roles make sense at which kind of unit. An admin may create any of them at any unit
# of its own subtree (its own bureau included), never above it: that is the whole grant rule.
ROLES_BY_KIND = {"city_bureau": BUREAU_ROLES, "county_bureau": BUREAU_ROLES,
                 **dict.fromkeys(SCHOOL_STAFFED_KINDS, SCHOOL_ROLES)}


def generate_initial_password() -> str:
    return secrets.token_urlsafe(9)


async def list_users(session: AsyncSession, scope_path: str, *, query: str | None = None, role: str | None = None,
                     unit_id: uuid.UUID | None = None, active: bool | None = None) -> Sequence[User]:
    """Users of the scope, by unit then username. ``query`` matches a part of the username, the
    name or the phone; ``unit_id`` takes that unit's subtree (it must lie in the scope)."""
    root = (await unit_in_scope(session, scope_path, unit_id)).path if unit_id else scope_path
    stmt = select(User).join(OrgUnit, OrgUnit.id == User.org_unit_id).where(within(root))
    if query:
        stmt = stmt.where(User.username.contains(query, autoescape=True) | User.name.contains(query, autoescape=True)
                          | User.phone.contains(query, autoescape=True))
    if role:
        stmt = stmt.where(User.role == role)
    if active is not None:
        stmt = stmt.where(User.active.is_(active))
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


def _check_role_fits(role: str, unit: OrgUnit) -> None:
    if role not in ROLES_BY_KIND[unit.kind]:
        allowed = ", ".join(sorted(ROLES_BY_KIND[unit.kind]))
        raise InvalidInput(f"The role {role!r} does not fit a unit of kind {unit.kind!r}; use one of: {allowed}.",
                           code="role_not_allowed")


async def create_user(session: AsyncSession, actor: Actor, scope_path: str, *, username: str, name: str,
                      role: str, org_unit_id: uuid.UUID, phone: str | None = None,
                      password: str | None = None) -> tuple[User, str | None]:
    """Returns the user and, when no password was given, the one-time initial password.
    The unit must lie in the caller's scope, so nobody grants more than their own scope: a
    county admin cannot place anyone at the city bureau. An admin may make another admin at its
    own unit (the same scope, no more): a bureau must not lose its only admin to a holiday."""
    unit = await unit_in_scope(session, scope_path, org_unit_id)
    _check_role_fits(role, unit)
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


async def change_user(session: AsyncSession, actor: Actor, scope_path: str, user_id: uuid.UUID, *,
                      name: str | None = None, phone: str | None = None, role: str | None = None,
                      org_unit_id: uuid.UUID | None = None) -> User:
    """Change a user's name, phone, role or unit, all within the caller's scope. A new role or
    unit ends the user's sessions (their rights change at once); admins do not change their
    own role or unit (another admin in scope does)."""
    user = await user_in_scope(session, scope_path, user_id)
    unit = await unit_in_scope(session, scope_path, org_unit_id) if org_unit_id else None
    wanted = {"name": name, "phone": phone, "role": role, "org_unit_id": unit.id if unit else None}
    changed = {k: v for k, v in wanted.items() if v is not None and getattr(user, k) != v}
    if not changed:
        return user
    rights = {"role", "org_unit_id"} & changed.keys()
    if rights and actor.id == user.id:
        raise InvalidInput("You cannot change your own role or unit; another admin in scope can.",
                           code="cannot_change_self")
    if rights:
        target = unit or await session.get(OrgUnit, user.org_unit_id)
        assert target is not None
        _check_role_fits(changed.get("role", user.role), target)
    before = {k: str(getattr(user, k)) if k == "org_unit_id" else getattr(user, k) for k in changed}
    for key, value in changed.items():
        setattr(user, key, value)
    if rights:
        await revoke_sessions(session, user.id)
    await audit.record(session, actor, "user.change", "user", user.id,
                       {"username": user.username, "from": before,
                        "to": {k: str(v) if k == "org_unit_id" else v for k, v in changed.items()},
                        "sessions_revoked": bool(rights)})
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
