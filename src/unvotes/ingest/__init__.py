"""Parsers: one module per source format. Each turns a file into validated `VoteEvent`s and never writes the database.

Contract of every parser module: `parse(path: Path) -> list[VoteEvent]`. It reads the whole file, collects every
problem (file, line, field) and raises one `IngestError` listing them all; it returns records only when the file
is clean. `PARSERS` maps a source key (see `unvotes.sources`) to its module.
"""

from __future__ import annotations

import fnmatch
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from unvotes.errors import UnvotesError
from unvotes.ingest._reading import guarded
from unvotes.models import VoteEvent
from unvotes.sources import BY_KEY, SOURCES, Source

PARSERS: dict[str, str] = {
    "undl_ga": "unvotes.ingest.undl",
    "undl_sc": "unvotes.ingest.undl",
    "unxml_ga": "unvotes.ingest.unxml",
    "unxml_sc": "unvotes.ingest.unxml",
    "voeten": "unvotes.ingest.voeten",
    "unvotes_r": "unvotes.ingest.voeten",
    "voeten_matrix": "unvotes.ingest.voeten_matrix",
    "oliverunv_sc": "unvotes.ingest.oliverunv",
    "hzloto_2025": "unvotes.ingest.hzloto",
    "witwicki": "unvotes.ingest.witwicki",
    "wpdl_vetoes": "unvotes.ingest.wpdl",
    "curated": "unvotes.ingest.curated",
    "navya": "unvotes.ingest.navya",
    "statedept": "unvotes.ingest.statedept",
}


def parser(source: str) -> Callable[[Path], list[VoteEvent]]:
    """The parse function of a source (each module's `parse`, or `parse_<source>` where a module serves two),
    guarded: a file that is not text, is cut short or has an oversized field raises one IngestError."""
    module = importlib.import_module(PARSERS[source])
    return guarded(getattr(module, f"parse_{source}", None) or module.parse)


def listed_rows(source: str, path: Path) -> list[dict[str, Any]]:
    """The rows of a list that checks the record (the State Department's, `parse_rows`); none for vote files."""
    module = importlib.import_module(PARSERS[source])
    rows = getattr(module, "parse_rows", None)
    return rows(path) if rows else []


def citation(source: str, path: Path) -> str | None:
    """The citation a file asks for (the UN Digital Library's data dictionaries give one), if its parser knows it."""
    module = importlib.import_module(PARSERS[source])
    cite = getattr(module, "citation", None)
    return cite(path) if cite else None


def detect(path: Path) -> Source:
    """The source a file belongs to, from its name and folder."""
    text = path.as_posix()
    for source in SOURCES:
        if any(fnmatch.fnmatch(text, f"*{pattern.split('**/')[-1]}") for pattern in source.patterns):
            return source
    raise UnvotesError(
        f"{path}: cannot tell which source this file is",
        hint=f"Name the source with --source ({', '.join(BY_KEY)}).",
    )


def discover(data_dir: Path) -> list[tuple[Source, Path]]:
    """Every source file under a data folder, in precedence order; a file matched twice is read once."""
    found: list[tuple[Source, Path]] = []
    seen: set[Path] = set()
    for source in sorted(SOURCES, key=lambda s: s.precedence):
        for pattern in source.patterns:
            for path in sorted(data_dir.glob(pattern)):
                if path.is_file() and path not in seen:
                    seen.add(path)
                    found.append((source, path))
    return found
