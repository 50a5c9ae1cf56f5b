"""The store: the schema, the one writer (`load`), reconciliation and the read queries. All SQL lives here.

The writer (`load`, `Batch`, `LoadReport`) loads on first use, so that reading the record starts without the
writer's pyarrow.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from unvotes.store.db import connect

if TYPE_CHECKING:
    from unvotes.store.load import Batch, LoadReport, load

__all__ = ["Batch", "LoadReport", "connect", "load"]
_WRITER = ("Batch", "LoadReport", "load")


class _Store(types.ModuleType):
    """The package, whose writer names resolve to `store.load`'s on first use (and stay the function `load`
    when the submodule of the same name is imported)."""

    def __getattribute__(self, name: str) -> Any:
        if name in _WRITER:
            return getattr(importlib.import_module("unvotes.store.load"), name)
        return super().__getattribute__(name)


sys.modules[__name__].__class__ = _Store
