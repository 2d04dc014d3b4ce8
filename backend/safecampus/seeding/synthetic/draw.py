"""The one source of randomness of a synthetic load: the same seed gives the same data
(for the same end day)."""

from __future__ import annotations

import hashlib
import random
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import TypeVar

T = TypeVar("T")


class Draw(random.Random):
    def uuid(self) -> uuid.UUID:
        """A version-4 UUID like the ones phones generate, but reproducible."""
        return uuid.UUID(int=self.getrandbits(128), version=4)

    def pick(self, options: Sequence[T]) -> T:
        return options[int(self.random() * len(options))]

    def days(self, median: float, spread: float) -> float:
        """A duration in days, lognormal: most are near the median, a few take much longer."""
        return self.lognormvariate(0.0, spread) * median


def digest(*parts: object) -> str:
    """SHA-256 of a record's canonical content: a replay of the same content matches it."""
    return hashlib.sha256("\x1f".join(p.isoformat() if isinstance(p, datetime) else str(p)
                                      for p in parts).encode()).hexdigest()
