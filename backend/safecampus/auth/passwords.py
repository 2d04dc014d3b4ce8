"""argon2id password hashing (RFC 9106 low-memory profile: t=3, m=64 MiB, p=4).

Hashing takes tens of milliseconds of CPU and 64 MiB on purpose, so it runs in a worker
thread: on the event loop it would stall every other request."""

from __future__ import annotations

import asyncio

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.profiles import RFC_9106_LOW_MEMORY

_hasher = PasswordHasher.from_parameters(RFC_9106_LOW_MEMORY)

# Verified against when the username is unknown, so a miss costs as much time as a hit
# and response times do not reveal which usernames exist.
_DUMMY_HASH = _hasher.hash("safecampus-dummy-password")

MIN_PASSWORD_LENGTH = 8


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher.hash, password)


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(password_hash: str | None, password: str) -> bool:
    return await asyncio.to_thread(_verify, password_hash, password)


def password_problem(password: str) -> str | None:
    """Why a new password is refused, in words a person understands; None when it is fine."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"The password must have at least {MIN_PASSWORD_LENGTH} characters."
    if len(set(password)) < 4:
        return "The password is too simple: use at least 4 different characters."
    return None
