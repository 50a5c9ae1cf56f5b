"""Fetching the official voting files from the UN Digital Library, with checks before anything is imported.

A record page (`/record/4060887`) links its files (`/record/4060887/files/2026_02_06_ga_voting.csv`). Each CSV
is streamed to a temporary file, its size checked against Content-Length, its header against the known layouts
and its row count against the previous import (a new version must not shrink), and only then renamed into place.
"""

from __future__ import annotations

import csv
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from unvotes.errors import DownloadError

RECORDS = (
    "4060887",
    "4060945",
    "4055387",
)  # GA voting data, GA voting data (alternate record), SC voting data
LAYOUT_COLUMNS = {  # a file is accepted when its header holds one of these column sets
    "undl_ga": (
        {"undl_id", "ms_code", "ms_vote", "resolution"},
        {"undl_id", "ms_codes", "ms_votes", "resolution"},
    ),
    "undl_sc": ({"undl_id", "ms_code", "ms_vote", "resolution", "permanent_member"},),
}
_CHUNK = 1 << 20
Progress = Callable[[int, int | None], None]  # bytes so far, total bytes (None when unknown)


@dataclass(frozen=True)
class Fetched:
    source: str
    path: Path
    url: str
    rows: int


def file_links(base: str, record: str, timeout: float = 30) -> list[str]:
    """The CSV and data-dictionary files a record page links to, as absolute URLs."""
    page = _get(f"{base}/record/{record}", timeout).decode("utf-8", "replace")
    names = re.findall(rf'href="(?:{re.escape(base)})?(/record/{record}/files/[^"?#]+)', page)
    return sorted({f"{base}{name}" for name in names if name.endswith((".csv", "_md.md"))})


def source_of(name: str) -> str | None:
    if name.endswith("_ga_voting.csv"):
        return "undl_ga"
    if name.endswith("_sc_voting.csv"):
        return "undl_sc"
    return None


def fetch(url: str, dest: Path, progress: Progress | None = None, timeout: float = 60) -> Path:
    """Stream a URL into `dest` through a temporary file; a short or failed transfer leaves nothing behind."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".part")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, partial.open("wb") as out:
            total = (
                int(response.headers["Content-Length"]) if response.headers.get("Content-Length") else None
            )
            done = _copy(response, out, total, progress)
        if total is not None and done != total:
            raise DownloadError(f"{url}: got {done} of {total} bytes", hint="Run `unvotes update` again.")
        partial.replace(dest)
    except (urllib.error.URLError, OSError) as error:
        raise DownloadError(
            f"{url}: {error}", hint="Check the network, or build from a local copy with --from."
        ) from error
    finally:
        partial.unlink(missing_ok=True)
    return dest


def _copy(response: BinaryIO, out: BinaryIO, total: int | None, progress: Progress | None) -> int:
    done = 0
    while block := response.read(_CHUNK):
        out.write(block)
        done += len(block)
        if progress:
            progress(done, total)
    return done


def check(path: Path, source: str, url: str, min_rows: int = 0) -> Fetched:
    """Header in a known layout, and at least `min_rows` data rows (the previous version's size); a file that is
    not UTF-8 CSV (or has a field over the csv module's limit) fails with the line it fails on."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = set(next(reader, []))
            if not any(columns <= header for columns in LAYOUT_COLUMNS[source]):
                raise DownloadError(
                    f"{url}: header is not a UN Digital Library {source} layout: {sorted(header)[:8]}"
                )
            rows = sum(1 for _ in reader)
        except (csv.Error, UnicodeDecodeError) as error:
            raise DownloadError(
                f"{path.name}:{max(reader.line_num, 1)}: not readable as UTF-8 CSV ({error}); fetched from {url}",
                hint="The published file is damaged or not a voting file; nothing was kept. Try again later.",
            ) from None
    if rows < min_rows:
        raise DownloadError(
            f"{url}: {rows} rows, fewer than the {min_rows} already imported; refusing to shrink the record",
            hint="If the UN really withdrew rows, pass --allow-shrink.",
        )
    return Fetched(source, path, url, rows)


def _get(url: str, timeout: float) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return bytes(response.read())
    except (urllib.error.URLError, OSError) as error:
        raise DownloadError(
            f"{url}: {error}", hint="Check the network, or build from a local copy with --from."
        ) from error
