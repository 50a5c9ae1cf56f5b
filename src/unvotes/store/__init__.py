"""The store: the schema, the one writer (`load`), reconciliation and the read queries. All SQL lives here.

The writer loads pyarrow only when it writes, so reading the record starts without it."""

from unvotes.store.db import connect
from unvotes.store.load import Batch, LoadReport, load

__all__ = ["Batch", "LoadReport", "connect", "load"]
