"""Sliding-window limits on password attempts, per username and per client address.

An attempt is counted before the password is checked (so parallel requests cannot slip
past the limit while argon2 runs) and forgiven when the password was right. Kept in
process memory: one server process shares one count; several workers each count alone."""

from __future__ import annotations

import math
import time
from collections import defaultdict, deque
from collections.abc import Callable

from safecampus.errors import TooManyAttempts

_PURGE_EVERY = 10_000  # keys; idle keys are dropped so random usernames cannot grow memory


class SlidingWindowLimiter:
    def __init__(self, limit: int, window_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window_seconds
        self.clock = clock
        self._hits: defaultdict[str, deque[float]] = defaultdict(deque)

    def _prune(self, key: str, now: float) -> deque[float]:
        hits = self._hits[key]
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        return hits

    def retry_after(self, key: str) -> int | None:
        """Seconds until ``key`` may try again, or None when it may try now."""
        now = self.clock()
        hits = self._prune(key, now)
        if len(hits) < self.limit:
            if not hits:
                del self._hits[key]
            return None
        return max(1, math.ceil(hits[0] + self.window - now))

    def hit(self, key: str) -> None:
        if len(self._hits) >= _PURGE_EVERY:
            now = self.clock()
            for idle in [k for k in self._hits if not self._prune(k, now)]:
                del self._hits[idle]
        self._hits[key].append(self.clock())

    def forgive(self, key: str) -> None:
        hits = self._hits.get(key)
        if hits:
            hits.pop()


class LoginLimiter:
    def __init__(self, per_username: int, per_client: int, window_seconds: float) -> None:
        self.by_username = SlidingWindowLimiter(per_username, window_seconds)
        self.by_client = SlidingWindowLimiter(per_client, window_seconds)

    def reserve(self, username: str, client: str) -> None:
        """Count an attempt now, or refuse it when either limit is reached."""
        waits = [self.by_username.retry_after(username), self.by_client.retry_after(client)]
        wait = max((w for w in waits if w is not None), default=None)
        if wait is not None:
            raise TooManyAttempts(f"Too many failed password attempts: signing in is locked for this account "
                                  f"or this device. Try again in {wait} seconds.", retry_after=wait)
        self.by_username.hit(username)
        self.by_client.hit(client)

    def forgive(self, username: str, client: str) -> None:
        """The password was right: the attempt does not count as a failure."""
        self.by_username.forgive(username)
        self.by_client.forgive(client)
