"""The base of every request and response body."""

from __future__ import annotations

import msgspec


class Schema(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Unknown fields are refused (400 naming the field), never silently dropped."""
