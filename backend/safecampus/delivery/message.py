"""What goes out on a channel."""

from __future__ import annotations

import uuid
from dataclasses import dataclass


class DeliveryFailed(Exception):
    """A channel did not take the message; the outbox retries it later."""


@dataclass(frozen=True, slots=True)
class Message:
    kind: str
    title: str
    body: str
    hazard_id: uuid.UUID | None = None
    link: str | None = None

    def markdown(self) -> str:
        text = f"### {self.title}\n" + "\n\n".join(line for line in self.body.splitlines() if line)
        return text + (f"\n\n[查看详情]({self.link})" if self.link else "")

    def plain(self) -> str:
        return self.body + (f"\n\n{self.link}" if self.link else "")
