"""The fast (pyarrow) reader of the UN Digital Library files gives what the exact (csv-module) reader gives."""

from __future__ import annotations

import csv
import importlib.util
import random
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unvotes.errors import IngestError
from unvotes.ingest import undl, undl_fast, undl_layout
from unvotes.ingest._checks import ProblemLog
from unvotes.models import Organ

SAMPLES = "raw/undl_official_samples"
GA_SAMPLE = f"{SAMPLES}/ga_voting_sample.csv"
SC_EXCERPT = f"{SAMPLES}/2026_02_06_sc_voting_EXCERPT.csv"
GA_HEADER = list(undl_layout.GA_2025.columns)  # not the official order: columns are found by name


def outcome(path: Path, fast: bool) -> tuple[Any, ...]:
    """What a parse gives: the events with their votes in order, or the problems, or the exception raised."""
    organ = Organ.SC if "_sc_" in path.name else Organ.GA
    try:
        events = undl._parse(path, organ, "undl_sc" if organ == Organ.SC else "undl_ga", fast=fast)
    except IngestError as error:
        return ("problems", error.problems)
    except csv.Error as error:
        return ("raised", str(error))
    return ("events", events, [list(event.votes.items()) for event in events])


def fast_reads(path: Path) -> bool:
    """Whether the fast reader vouches for a file (rather than leaving it to the exact one)."""
    organ = Organ.SC if "_sc_" in path.name else Organ.GA
    log = ProblemLog(str(path))
    header = next(csv.reader([path.read_bytes().split(b"\n")[0].decode("utf-8-sig")]))
    found = undl_layout.find_layout(header, organ, log)
    assert found is not None
    return undl_fast.read(path, *found, log) is not None


def same(path: Path) -> tuple[Any, ...]:
    """The outcome, after checking that both readers give it."""
    fast, exact = outcome(path, True), outcome(path, False)
    assert fast == exact
    return fast


def write(path: Path, rows: list[list[str]], header: list[str] = GA_HEADER, end: str = "\n") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator=end).writerows([header, *rows])
    return path


def row(undl_id: str, code: str, name: str, vote: str, **fields: str) -> list[str]:
    """A GA 2025 row of a five-member vote on A/RES/99/<id>, with any field replaced."""
    values = {"undl_id": undl_id, "ms_code": code, "ms_name": name, "ms_vote": vote, "date": "2025-01-10"}
    values |= {
        "resolution": f"A/RES/99/{undl_id}",
        "title": f"Title {undl_id}",
        "total_ms": "5.0",
        "draft": "A/99/L.1",
    }
    values |= {"total_yes": "3.0", "total_no": "1.0", "total_abstentions": "0.0", "total_non_voting": "1.0"}
    values |= fields
    return [values.get(name, "x") for name in GA_HEADER]


FIVE = [("USA", "UNITED STATES", "Y"), ("FRA", "FRANCE", "Y"), ("CHN", "CHINA", "N"), ("RUS", "RUSSIA", "Y")]
FIVE += [("GBR", "UNITED KINGDOM", "X")]


def event(undl_id: str, **fields: str) -> list[list[str]]:
    return [row(undl_id, code, name, vote, **fields) for code, name, vote in FIVE]


def test_real_files_read_fast_and_alike(shared_data: Path) -> None:
    """The real GA sample and SC excerpt are read by the fast reader, with the exact reader's events."""
    for name in (GA_SAMPLE, SC_EXCERPT):
        assert fast_reads(shared_data / name)
        assert same(shared_data / name)[0] == "events"


@pytest.mark.parametrize(
    "name", sorted(p.name for p in (Path(__file__).parent / "data" / "undl").glob("*.csv"))
)
def test_hand_made_files_alike(test_data: Path, name: str) -> None:
    """Every hand-made file (good, bad header, bad rows) gives the same events or problems both ways."""
    same(test_data / "undl" / name)


def test_generated_file_shuffled(shared_data: Path, tmp_path: Path) -> None:
    """A generated file in the official layout, rows shuffled, is read fast, with the same events."""
    spec = importlib.util.spec_from_file_location(
        "gen_undl_ga", Path(__file__).parents[1] / "benchmarks" / "gen_undl_ga.py"
    )
    assert spec and spec.loader
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    header, full = generator.templates(shared_data / GA_SAMPLE)
    rows = [row for event in generator.synthetic(header, full, 3000) for row in event]
    random.Random(7).shuffle(rows)
    path = write(tmp_path / "2026_02_06_ga_voting.csv", rows, header)
    assert fast_reads(path)
    assert len(same(path)[1]) == 16


def test_every_row_problem_alike(test_data: Path, tmp_path: Path) -> None:
    """The malformed file without its truncated line is read fast, with the same problems in the same order."""
    rows = list(csv.reader((test_data / "undl" / "ga_malformed.csv").open(encoding="utf-8")))
    path = write(tmp_path / "bad_ga_voting.csv", [r for r in rows[1:] if len(r) == len(rows[0])], rows[0])
    assert fast_reads(path)
    kind, problems = same(path)
    assert kind == "problems" and len(problems) == 8


def test_votes_twice(tmp_path: Path) -> None:
    """A state voting twice is a problem on its second row, naming the state as that row spells it."""
    rows = event("1")
    rows.insert(3, row("1", "USA", "USA AGAIN", "Y"))
    path = write(tmp_path / "twice_ga_voting.csv", rows)
    assert fast_reads(path)
    kind, problems = same(path)
    assert [(p.line, p.field) for p in problems] == [(5, "ms_code")]
    assert "USA votes twice ('USA AGAIN')" in problems[0].message


def test_states_by_name_and_unknown(tmp_path: Path) -> None:
    """An unknown code falls back to the name; an unknown name is one problem, on its first row."""
    rows = event("1") + event("2")
    rows[1] = row("1", "ZZZ", "FRANCE", "Y")
    rows[6] = row("2", "QQQ", "ATLANTIS", "Y")
    rows[8] = row("2", "QQQ", "ATLANTIS", "N")
    path = write(tmp_path / "names_ga_voting.csv", rows)
    assert fast_reads(path)
    kind, problems = same(path)
    assert [(p.line, p.field) for p in problems] == [(8, "ms_name")]


def test_contradiction_after_a_repeat(tmp_path: Path) -> None:
    """Rows that repeat each other but not their event's first row each contradict the first row."""
    rows = event("1")
    rows[3][GA_HEADER.index("date")] = rows[4][GA_HEADER.index("date")] = "2025-01-11"
    path = write(tmp_path / "repeat_ga_voting.csv", rows)
    kind, problems = same(path)
    assert [(p.line, p.field) for p in problems] == [(5, "date"), (6, "date")]


@pytest.mark.parametrize(
    ("case", "fast"),
    [
        ("quoted line break", False),
        ("bare CR in a field", False),
        ("blank line", False),
        ("not UTF-8", False),
        ("wrong field count", False),
        ("repeated column", False),
        ("CRLF", True),
        ("BOM", True),
        ("no final newline", True),
        ("header only", True),
        ("leading space in a vote", True),
        ("quote left open at the end", True),
    ],
)
def test_awkward_files(tmp_path: Path, case: str, fast: bool) -> None:
    """Awkward files give the exact reader's result; the fast reader leaves to it those it cannot vouch for."""
    rows = event("1") + event("2")
    header, end = list(GA_HEADER), "\n"
    if case == "quoted line break":
        rows[2][GA_HEADER.index("title")] = "two\nlines"
    elif case == "bare CR in a field":
        rows[2][GA_HEADER.index("title")] = "two\rlines"
    elif case == "wrong field count":
        rows[4] = rows[4][:5]
    elif case == "repeated column":
        header[GA_HEADER.index("undl_link")] = "title"
    elif case == "CRLF":
        end = "\r\n"
    elif case == "header only":
        rows = []
    elif case == "quote left open at the end":
        rows.append(row("3", "USA", "UNITED STATES", "Y", **{GA_HEADER[-1]: "OPEN"}))
    elif case == "leading space in a vote":
        rows[2][GA_HEADER.index("ms_vote")] = " N"
    path = write(tmp_path / "awkward_ga_voting.csv", rows, header, end)
    text = path.read_bytes()
    if case == "blank line":
        path.write_bytes(text.replace(b"\n", b"\n\n", 3))
    elif case == "not UTF-8":
        path.write_bytes(text.replace(b"Title 2", b"Title \xff"))
    elif case == "BOM":
        path.write_bytes(b"\xef\xbb\xbf" + text)
    elif case == "no final newline":
        path.write_bytes(text.rstrip(b"\n"))
    elif case == "quote left open at the end":  # in the last field of an event's only row
        path.write_bytes(text.replace(b",OPEN\n", b',"OPEN\n'))
    if case != "repeated column":
        assert fast_reads(path) is fast
    same(path)


def test_field_over_the_csv_limit(tmp_path: Path) -> None:
    """A line longer than the csv module's field limit is left to it, which raises as before."""
    rows = event("1")
    rows[1][GA_HEADER.index("title")] = "x" * (csv.field_size_limit() + 1)
    path = write(tmp_path / "long_ga_voting.csv", rows)
    assert not fast_reads(path)
    assert same(path)[0] == "raised"


IDS = ["1", "2", "3", "", " 4"]
STATES = [
    ("USA", "UNITED STATES"),
    ("FRA", "FRANCE"),
    ("CHN", "CHINA"),
    ("ZZZ", "FRANCE"),
    ("ZZZ", "ATLANTIS"),
]
STATES += [("", "ATLANTIS"), (" GBR", "UNITED KINGDOM"), ("QQQ", "CHINA")]
TEXTS = ["T", "with, comma", 'with "quotes"', "two\nlines", "bare\rCR", "é ü", ""]


@st.composite
def files(draw: st.DrawFn) -> tuple[list[list[str]], str, bool, bool]:
    """A small GA 2025 file: rows from a few pools (some unknown, some contradicting), any order and line end."""
    rows = []
    for _ in range(draw(st.integers(0, 14))):
        undl_id = draw(st.sampled_from(IDS))
        code, name = draw(st.sampled_from(STATES))
        fields = {
            "title": draw(st.sampled_from(TEXTS)),
            "ms_vote": draw(st.sampled_from(["Y", "N", "X", " A", "Q"])),
        }
        if draw(st.booleans()):  # event-level fields unlike the event's other rows
            fields["date"] = draw(st.sampled_from(["2025-01-11", "2025-02-30"]))
            fields["total_yes"] = draw(st.sampled_from(["1", "x", ""]))
        rows.append(row(undl_id, code, name, fields.pop("ms_vote"), **fields))
    return rows, draw(st.sampled_from(["\n", "\r\n"])), draw(st.booleans()), draw(st.booleans())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files())
def test_random_files_alike(drawn: tuple[list[list[str]], str, bool, bool]) -> None:
    """Any mix of good and bad rows gives the same events or problems, in the same order, both ways."""
    rows, end, truncated, blank = drawn
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder) / "random_ga_voting.csv", rows, GA_HEADER, end)
        if truncated and rows:
            path.write_bytes(path.read_bytes() + b"9,USA\n")
        if blank:
            path.write_bytes(path.read_bytes().replace(b"\n", b"\n\n", 1))
        same(path)
