"""The web app's read-only access to the record: one connection, a cursor per request, reopened when the file
is replaced (a build renames a new file into place), let go of after a second without requests (DuckDB lets no
other process write while a reader holds the file: `unvotes import` waits for it), and a generation that names
the data for caching."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from unvotes.store.db import connect, file_stamp
from unvotes.store.engine import duckdb

IDLE_SECONDS = 1.0  # a connection unused this long is closed, so that a writer may take the file


class Database:
    """The record at `path`, opened read-only on first use and again whenever the file changes."""

    def __init__(self, path: Path, idle: float = IDLE_SECONDS) -> None:
        self.path = path
        self._idle = idle
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._stamp: tuple[int, ...] | None = None
        self._active = 0
        self._last_used = 0.0
        self._closing = threading.Event()
        threading.Thread(target=self._close_when_idle, name="unvotes-db-idle", daemon=True).start()

    @property
    def generation(self) -> str:
        """A short name for the data now served: it changes when the file or its log does (ETags use it)."""
        return hashlib.sha1(repr(self._file_stamp()).encode()).hexdigest()[:12]

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own for one request (DuckDB cursors may run side by side in threads)."""
        with self._lock:
            con = self._connection()
            self._active += 1
        try:
            cursor = con.cursor()
            try:
                yield cursor
            finally:
                cursor.close()
        finally:
            with self._lock:
                self._active -= 1
                self._last_used = time.monotonic()

    def close(self) -> None:
        self._closing.set()
        with self._lock:
            self._release()

    def _connection(self) -> duckdb.DuckDBPyConnection:
        """The open connection, (re)opened when missing or the file changed; called with the lock held."""
        stamp = self._file_stamp()
        if self._con is None or stamp != self._stamp:
            if self._active == 0:
                self._release()
            # else: requests still reading the old file keep its connection; it closes when they let it go
            self._con = connect(self.path, read_only=True)
            self._stamp = stamp
        return self._con

    def _release(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def _close_when_idle(self) -> None:
        while not self._closing.wait(self._idle / 2):
            with self._lock:
                idle = time.monotonic() - self._last_used >= self._idle
                if self._con is not None and self._active == 0 and idle:
                    self._release()

    def _file_stamp(self) -> tuple[int, ...]:
        return file_stamp(self.path)
