"""Checks shared by the view tests."""

from __future__ import annotations

import json
from typing import Any

from unvotes.views.validate import problems


def conforms(value: Any, shape: Any) -> None:
    """`value` has exactly the published `shape` and holds JSON's own types only."""
    assert problems(value, shape) == []
    json.dumps(value)
