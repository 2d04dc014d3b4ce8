"""Sliding-window limits on login attempts, per username and per client address.

Kept in process memory: enough for the single-process deployment; several workers
each count on their own (a shared store would be the next step)."""

from __future__ import annotations

import math
import time
from collections import defaultdict, deque
from collections.abc import Callable

from safecampus.errors import TooManyAttempts


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
        self._hits[key].append(self.clock())


class LoginLimiter:
    def __init__(self, per_username: int, per_client: int, window_seconds: float) -> None:
        self.by_username = SlidingWindowLimiter(per_username, window_seconds)
        self.by_client = SlidingWindowLimiter(per_client, window_seconds)

    def check(self, username: str, client: str) -> None:
        waits = [self.by_username.retry_after(username.lower()), self.by_client.retry_after(client)]
        wait = max((w for w in waits if w is not None), default=None)
        if wait is not None:
            raise TooManyAttempts(
                f"Too many sign-in attempts. Try again in {wait} seconds.", retry_after=wait
            )

    def record_failure(self, username: str, client: str) -> None:
        self.by_username.hit(username.lower())
        self.by_client.hit(client)
