"""Sign-in, sign-out, token lookup and password changes."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.audit import services as audit
from safecampus.audit.services import SYSTEM, Actor
from safecampus.auth.identity import CurrentUser
from safecampus.auth.passwords import hash_password, password_problem, verify_password
from safecampus.auth.ratelimit import LoginLimiter
from safecampus.db import AuthSession, OrgUnit, User
from safecampus.db.base import utcnow
from safecampus.errors import InvalidInput, Unauthenticated


def normalize_username(username: str) -> str:
    """Usernames are case-insensitive: stored and compared in lower case."""
    return username.strip().lower()


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def login(session: AsyncSession, limiter: LoginLimiter, *, username: str, password: str, client: str,
                ttl: timedelta) -> tuple[str, User]:
    """Check the password and open a token session. A failure is audited and committed on
    its own, so the record of a failed attempt survives the 401 that follows."""
    username = normalize_username(username)
    limiter.reserve(username, client)
    try:
        user = (await session.execute(select(User).where(User.username == username))).scalar_one_or_none()
        verified = await verify_password(user.password_hash if user else None, password)
    except BaseException:  # no answer about the password (the database is away): not a failed attempt
        limiter.forgive(username, client)
        raise
    if not verified or user is None or not user.active:
        # An unknown "username" may be a password typed into the wrong field: not kept.
        await audit.record(session, SYSTEM, "auth.login_failed", "user", user.id if user else None,
                           {"username": username if user else None, "client": client})
        await session.commit()
        raise Unauthenticated("Wrong username or password, or the account is disabled.",
                              code="invalid_credentials")
    limiter.forgive(username, client)
    token = secrets.token_urlsafe(32)
    now = utcnow()
    await session.execute(delete(AuthSession).where(AuthSession.user_id == user.id, AuthSession.expires_at <= now))
    auth_session = AuthSession(token_hash=token_digest(token), user_id=user.id, created_at=now,
                               expires_at=now + ttl, client=client[:100])
    session.add(auth_session)
    user.last_login_at = now
    await session.flush()
    await audit.record(session, Actor(user.username, user.id), "auth.login", "user", user.id,
                       {"session_id": str(auth_session.id), "client": client})
    await session.commit()
    return token, user


async def authenticate(session: AsyncSession, token: str) -> CurrentUser | None:
    row = (
        await session.execute(
            select(AuthSession.id, User, OrgUnit.path)
            .join(User, User.id == AuthSession.user_id)
            .join(OrgUnit, OrgUnit.id == User.org_unit_id)
            .where(AuthSession.token_hash == token_digest(token), AuthSession.expires_at > utcnow(),
                   User.active.is_(True))
        )
    ).one_or_none()
    if row is None:
        return None
    session_id, user, path = row
    return CurrentUser(id=user.id, username=user.username, name=user.name, role=user.role,
                       org_unit_id=user.org_unit_id, org_path=path, session_id=session_id,
                       must_change_password=user.must_change_password)


async def logout(session: AsyncSession, user: CurrentUser) -> None:
    await session.execute(delete(AuthSession).where(AuthSession.id == user.session_id))
    await audit.record(session, user.actor, "auth.logout", "user", user.id, {"session_id": str(user.session_id)})
    await session.commit()


async def revoke_sessions(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Every token of the user dies at once (disable, password change or reset)."""
    await session.execute(delete(AuthSession).where(AuthSession.user_id == user_id))


def check_new_password(password: str) -> None:
    problem = password_problem(password)
    if problem:
        raise InvalidInput(problem, code="weak_password")


async def change_own_password(session: AsyncSession, limiter: LoginLimiter, user: CurrentUser, *, client: str,
                              current: str, new: str) -> None:
    """Guessing the current password with a stolen token is limited like signing in."""
    check_new_password(new)
    limiter.reserve(user.username, client)
    record = await session.get_one(User, user.id)
    if not await verify_password(record.password_hash, current):
        await audit.record(session, user.actor, "auth.password_change_failed", "user", user.id, {"client": client})
        await session.commit()
        raise InvalidInput("The current password is wrong.", code="wrong_password")
    limiter.forgive(user.username, client)
    record.password_hash = await hash_password(new)
    record.must_change_password = False
    await revoke_sessions(session, user.id)
    await audit.record(session, user.actor, "auth.password_changed", "user", user.id)
    await session.commit()
