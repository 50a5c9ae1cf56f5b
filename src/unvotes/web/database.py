"""The web app's read-only access to the record: one connection, a cursor per request, reopened when the file
is replaced (a build renames a new file into place), and a generation that names the data for caching."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from unvotes.store.db import connect
from unvotes.store.engine import duckdb


class Database:
    """The record at `path`, opened read-only on first use and again whenever the file changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._stamp: tuple[int, int, int] | None = None

    @property
    def generation(self) -> str:
        """A short name for the data now served: it changes when the file does (ETags use it)."""
        stamp = self._file_stamp()
        return hashlib.sha1(repr(stamp).encode()).hexdigest()[:12]

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own for one request (DuckDB cursors may run side by side in threads)."""
        cursor = self._connection().cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None

    def _connection(self) -> duckdb.DuckDBPyConnection:
        stamp = self._file_stamp()
        with self._lock:
            if self._con is None or stamp != self._stamp:
                if self._con is not None:
                    self._con.close()
                self._con = connect(self.path, read_only=True)
                self._stamp = stamp
            return self._con

    def _file_stamp(self) -> tuple[int, int, int]:
        try:
            found = self.path.stat()
        except FileNotFoundError:
            return (0, 0, 0)
        return (found.st_ino, found.st_mtime_ns, found.st_size)
