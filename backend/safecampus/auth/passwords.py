"""argon2id password hashing, and which new passwords are refused.

Parameters: RFC 9106's second recommended option, the "low-memory" profile (argon2id, t=3,
m=64 MiB, p=4). OWASP's Password Storage Cheat Sheet asks for argon2id with at least m=19 MiB,
t=2, p=1 (or an equivalent trade of memory for passes); this profile is above that on every
axis, and a test holds it there. Hashing takes tens of milliseconds of CPU and 64 MiB on
purpose, so it runs in a worker thread: on the event loop it would stall every other request.

New passwords (set by their owner or by an admin) must have 8 characters, 4 of them different,
and must not be one of the common passwords in common_passwords.txt (10,000 from the zxcvbn
list plus those common in Chinese leaks), compared case-insensitively."""

from __future__ import annotations

import asyncio
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.profiles import RFC_9106_LOW_MEMORY

_hasher = PasswordHasher.from_parameters(RFC_9106_LOW_MEMORY)

# Verified against when the username is unknown, so a miss costs as much time as a hit
# and response times do not reveal which usernames exist.
_DUMMY_HASH = _hasher.hash("safecampus-dummy-password")

MIN_PASSWORD_LENGTH = 8
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


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
    if password.lower() in common_passwords():
        return "The password is one of the most common passwords, which are tried first: choose another."
    return None
