"""The store: the schema, the one writer (`writer.load`), reconciliation and the read queries. All SQL lives here.

Reading the record imports neither the writer nor pyarrow: `load`, `Batch` and `LoadReport` come on first use."""

from typing import TYPE_CHECKING, Any

from unvotes.store.db import connect

if TYPE_CHECKING:
    from unvotes.store.writer import Batch, LoadReport, load

__all__ = ["Batch", "LoadReport", "connect", "load"]
_WRITER = frozenset({"Batch", "LoadReport", "load"})


def __getattr__(name: str) -> Any:
    if name not in _WRITER:
        raise AttributeError(f"module 'unvotes.store' has no attribute {name!r}")
    from unvotes.store import writer

    return getattr(writer, name)
