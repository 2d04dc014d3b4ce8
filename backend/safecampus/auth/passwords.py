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
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
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


# Machine-generated one-time passwords (72 random bits, see accounts.services) need no
# key stretching: even at a million guesses a second, 2^72 takes longer than the universe has.
# A cheap argon2id profile (t=1, 2 MiB: about 1–2 ms instead of about 125 ms here) lets a bulk
# import hash a thousand of them in a second or two; the hash carries its own parameters, so verify_password
# checks it like any other, and the user sets a real password (full profile) at first sign-in.
_one_time_hasher = PasswordHasher(time_cost=1, memory_cost=2 * 1024, parallelism=1)
# Bulk hashing uses at most this many threads (argon2 releases the GIL).
_BULK_THREADS = max(1, min(4, os.cpu_count() or 1))


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher.hash, password)


async def hash_one_time_passwords(passwords: Sequence[str]) -> list[str]:
    """Hash generated one-time passwords off the event loop, a bounded pool of threads at a time."""
    if not passwords:
        return []
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=_BULK_THREADS, thread_name_prefix="argon2") as pool:
        return list(await asyncio.gather(*(loop.run_in_executor(pool, _one_time_hasher.hash, p) for p in passwords)))


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
