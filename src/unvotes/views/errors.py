"""The one error envelope of every JSON answer: `{"error": {"type", "message", "hint"}}`."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from unvotes.errors import UnvotesError

if TYPE_CHECKING:
    from unvotes.views.shapes import ErrorEnvelope

# Stable machine names for the library's errors; click's usage errors are named by `error_type`'s caller.
TYPES = {
    "NotFound": "not_found",
    "UnknownState": "unknown_state",
    "IngestError": "ingest",
    "StoreError": "store",
    "DownloadError": "download",
    "BadArticle": "bad_input",
    "ExportError": "bad_input",
    "UnvotesError": "error",
}


def envelope(type_: str, message: str, hint: str | None = None) -> ErrorEnvelope:
    """The error envelope."""
    return {"error": {"type": type_, "message": message, "hint": hint}}


def error_type(error: Exception) -> str:
    """A stable machine name for an exception: its class's, from `TYPES`, else the class name in snake case."""
    for cls in type(error).__mro__:
        if cls.__name__ in TYPES:
            return TYPES[cls.__name__]
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(error).__name__).lower()


def from_error(error: UnvotesError) -> ErrorEnvelope:
    """The envelope of a library error: its type, message and hint."""
    return envelope(error_type(error), str(error), error.hint)
