"""One exception tree. Messages say what went wrong, with which input, and where (file:line, symbol, URL)."""

from __future__ import annotations

from collections.abc import Sequence

from unvotes.models import Problem

REBUILD_HINT = "Rebuild it: `unvotes build --from ../shared/data` (or `unvotes update`) replaces the file."


class UnvotesError(Exception):
    """Base of every error unvotes raises on purpose."""

    hint: str | None = None

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        if hint:
            self.hint = hint


class UnknownState(UnvotesError):
    """A country spelling or code that resolves to no member state."""


class IngestError(UnvotesError):
    """A source file has problems; every problem of the file is listed at once."""

    def __init__(self, file: str, problems: Sequence[Problem], *, compared: bool = False) -> None:
        self.file = file
        self.problems = list(problems)
        shown = "\n".join(f"  {p}" for p in self.problems[:50])
        more = f"\n  … and {len(self.problems) - 50} more" if len(self.problems) > 50 else ""
        done = "nothing was compared" if compared else "nothing was imported"
        hint = (
            "Fix the table and compare again."
            if compared
            else "Fix the file (or report it upstream) and import it again; the database is unchanged."
        )
        super().__init__(f"{file}: {len(self.problems)} problem(s); {done}\n{shown}{more}", hint=hint)


class StoreError(UnvotesError):
    """The database is missing, locked or from an incompatible version."""


class NotFound(UnvotesError):
    """A symbol or state that the record does not hold."""


class DownloadError(UnvotesError):
    """An official file could not be fetched or failed its checks."""
