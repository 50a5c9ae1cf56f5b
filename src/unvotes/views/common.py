"""What every view shares: plain JSON values out of library values."""

from __future__ import annotations

import datetime as dt
from typing import Any


def plain(value: Any) -> Any:
    """`value` with NumPy scalars, dates and tuples turned into JSON's own types (dicts and lists recursively)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, str | bytes):  # a NumPy scalar
        return value.item()
    return value


def iso(day: dt.date | None) -> str | None:
    """A day as YYYY-MM-DD, or None."""
    return day.isoformat() if day else None
