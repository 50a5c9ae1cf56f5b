"""Reading input safely: JSON that refuses duplicate keys, and the failures of text that is not UTF-8, binary,
cut short, too deep or with an oversized CSV field turned into one problem (file, line, field), never a traceback.

`guarded(parse)` wraps every parser (`unvotes.ingest.parser`); where an error leaves no line, the file is read a
second time to find it (only on failure, so a good file is read once).
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import json
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from unvotes.errors import IngestError
from unvotes.models import Problem, VoteEvent

MAX_COUNT = 2**31 - 1  # the largest count the store holds; real counts are below 200
_SIGNATURES = (
    (b"\xff\xfe", "UTF-16 text"),
    (b"\xfe\xff", "UTF-16 text"),
    (b"PK\x03\x04", "a zip archive (an Excel workbook?)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"%PDF", "a PDF document"),
)
_READ_ERRORS = (
    UnicodeDecodeError,
    csv.Error,
    zipfile.BadZipFile,
    EOFError,
    gzip.BadGzipFile,
    zlib.error,
    RecursionError,
)
Parse = Callable[[Path], list[VoteEvent]]


class DuplicateKey(ValueError):
    """A JSON object names one key twice (the last would silently win)."""


def strict_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """`object_pairs_hook` that refuses a key given twice."""
    found: dict[str, Any] = {}
    for name, value in pairs:
        if name in found:
            raise DuplicateKey(f"the key {name!r} is given twice")
        found[name] = value
    return found


def load_json(text: str) -> Any:
    """`json.loads` refusing duplicate keys; raises ValueError (JSONDecodeError, DuplicateKey) or RecursionError."""
    return json.loads(text, object_pairs_hook=strict_pairs)


def json_problem(text: str) -> tuple[Any, str | None]:
    """The value of a JSON text, or None and what is wrong with it."""
    try:
        return load_json(text), None
    except json.JSONDecodeError as error:
        return None, f"not valid JSON ({error.msg}, column {error.colno}): a truncated line?"
    except DuplicateKey as error:
        return None, f"{error}: remove one of them"
    except RecursionError:
        return None, "JSON nested too deeply"
    except ValueError as error:  # an integer of thousands of digits
        return None, f"not valid JSON ({error})"


def guarded(parse: Parse) -> Parse:
    """A parser whose reading failures (encoding, binary, cut, oversized fields) raise one IngestError."""

    @functools.wraps(parse)
    def run(path: Path) -> list[VoteEvent]:
        try:
            return parse(path)
        except _READ_ERRORS as error:
            raise IngestError(str(path), [read_problem(Path(path), error)]) from None

    return run


def read_problem(path: Path, error: BaseException) -> Problem:
    """The problem a reading failure stands for, with the line it happened on where it can be found."""
    if isinstance(error, UnicodeDecodeError):
        return encoding_problem(path)
    if isinstance(error, csv.Error):
        return csv_problem(path, error)
    if isinstance(error, zipfile.BadZipFile):
        return Problem(str(path), None, None, f"not a zip archive ({error}): is it the right file?")
    if isinstance(error, RecursionError):
        return Problem(str(path), None, None, "nested too deeply to read")
    return Problem(
        str(path), _last_line(path), None, f"the compressed file is cut short or damaged ({error})"
    )


def encoding_problem(path: Path) -> Problem:
    """Where and how a file fails to be UTF-8 text."""
    data = raw_bytes(path)
    return describe_bytes(str(path), data)


def describe_bytes(file: str, data: bytes) -> Problem:
    """The problem with bytes that should be UTF-8 text (a BOM, a signature, NUL bytes or a bad byte)."""
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            return Problem(file, 1, "encoding", f"{what}, not UTF-8 text: save it as UTF-8 text")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        what = "binary data" if b"\x00" in data[:4096] else "not UTF-8 text (Latin-1? save it as UTF-8)"
        return Problem(file, line, "encoding", f"{what}: byte 0x{data[error.start]:02x} at column {column}")
    return Problem(file, None, "encoding", "not UTF-8 text")


def raw_bytes(path: Path) -> bytes:
    """The bytes of a file's text: decompressed (as far as it goes) for `.gz`, the CSV inside for `.zip`."""
    if path.suffix == ".zip" and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.lower().endswith(".csv")]
            return archive.read(names[0]) if names else b""
    if path.suffix == ".gz":
        return _gunzip(path)
    return path.read_bytes()


def _gunzip(path: Path) -> bytes:
    """As much of a gzip file as decompresses."""
    out = io.BytesIO()
    try:
        with gzip.open(path, "rb") as handle:
            while block := handle.read(1 << 20):
                out.write(block)
    except (EOFError, OSError, zlib.error):
        pass
    return out.getvalue()


def _last_line(path: Path) -> int | None:
    """The line a cut or damaged compressed file ends on."""
    data = raw_bytes(path) if path.suffix == ".gz" else b""
    return data.count(b"\n") + 1 if data else None


def csv_problem(path: Path, error: csv.Error) -> Problem:
    """An oversized field found by reading again without the limit; any other CSV error as the reader said."""
    limit = csv.field_size_limit()
    try:
        csv.field_size_limit(1 << 30)
        found = _long_field(path, limit)
    except (csv.Error, UnicodeDecodeError, OSError, EOFError, zlib.error):
        found = None
    finally:
        csv.field_size_limit(limit)
    if found is None:
        return Problem(str(path), None, "csv", f"not readable as CSV ({error})")
    line, field, size = found
    message = f"a field of {size} characters, over the limit of {limit}: an unclosed quote?"
    return Problem(str(path), line, field, message)


def _long_field(path: Path, limit: int) -> tuple[int, str, int] | None:
    """The line, column name and size of the first field longer than `limit`."""
    text = raw_bytes(path).decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] = []
    for line, row in _numbered(reader):
        header = header or row
        for index, cell in enumerate(row):
            if len(cell) > limit:
                return line, header[index] if index < len(header) else f"column {index + 1}", len(cell)
    return None


def _numbered(reader: Any) -> Iterator[tuple[int, list[str]]]:
    """Rows with the line each starts on."""
    start = 1
    for row in reader:
        yield start, row
        start = reader.line_num + 1
