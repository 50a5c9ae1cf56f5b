"""Fuzz of the parsers: a damaged copy of a good sample either parses or raises one IngestError, never anything
else (strategies in tests/strategies.py)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategies import damaged
from unvotes import ingest
from unvotes.errors import IngestError
from unvotes.models import Problem

DATA = Path(__file__).resolve().parent / "data"
SAMPLES = {
    "undl_ga": DATA / "undl" / "ga_2024_layout.csv",
    "unxml_ga": DATA / "unxml" / "ga_quirks.json",
    "unxml_sc": DATA / "unxml" / "sc_quirks.json",
    "hzloto_2025": DATA / "hzloto" / "sample.csv",
    "voeten": DATA / "voeten" / "published_ok.csv",
    "voeten_matrix": DATA / "voeten" / "matrix_ok.csv",
    "witwicki": DATA / "witwicki" / "2021_small_RAW_COIN.csv",
    "wpdl_vetoes": DATA / "wpdl" / "ok.csv",
    "navya": DATA / "navya" / "ok.csv",
}
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def parse_bytes(source: str, data: bytes) -> None:
    """Parse bytes as a file of the source, named as its sample (navya reads its CSV from a zip)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / SAMPLES[source].name
        path.write_bytes(data)
        try:
            ingest.parser(source)(path)
        except IngestError as error:
            assert error.problems and all(isinstance(p, Problem) for p in error.problems)
            assert all(p.file == str(path) for p in error.problems)


@pytest.mark.parametrize("source", sorted(SAMPLES))
@FUZZ
@given(data=st.data())
def test_a_damaged_file_parses_or_raises_ingest_error(source: str, data: st.DataObject) -> None:
    """Any damage to a good file gives records or one IngestError naming the file, never another exception."""
    parse_bytes(source, data.draw(damaged(SAMPLES[source].read_bytes())))


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_never_crash_a_parser(blob: bytes) -> None:
    """Bytes that are no file of any format give an IngestError (or nothing) from every parser."""
    for source in SAMPLES:
        parse_bytes(source, blob)
