"""The State Department's lists (statedept/votes_<year>.csv): parsed from the real files, written by load()."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from unvotes import ingest, pipeline
from unvotes.errors import IngestError
from unvotes.ingest import statedept
from unvotes.ingest.statedept_table import parse_table
from unvotes.store import connect, load
from unvotes.store.writer import remove

ROWS = {2019: 100, 2020: 100, 2021: 86, 2022: 89, 2023: 88}
IMPORTANT = {2019: 30, 2020: 31, 2021: 20, 2022: 21, 2023: 18}


def listed(shared_data: Path, year: int) -> list[dict]:
    return statedept.parse_rows(shared_data / "statedept" / f"votes_{year}.csv")


@pytest.mark.parametrize("year", sorted(ROWS))
def test_each_years_list_has_the_reports_count_of_votes(shared_data, year):
    """Each list holds the number of votes its report states, and its number of important ones."""
    rows = listed(shared_data, year)
    assert (len(rows), sum(r["important"] for r in rows)) == (ROWS[year], IMPORTANT[year])
    assert {r["year"] for r in rows} == {year}


def test_the_parts_of_the_2021_budget_are_four_votes(shared_data):
    """A/RES/75/254 [A], [B], [C] and A-C are four rows, spelled as the record spells the parts."""
    symbols = [r["symbol"] for r in listed(shared_data, 2020) if r["symbol"].startswith("A/RES/75/254")]
    assert symbols == ["A/RES/75/254 A", "A/RES/75/254 B", "A/RES/75/254 C", "A/RES/75/254 A-C"]


def test_misprinted_symbols_are_corrected_with_their_evidence(shared_data):
    """A/RES/7/54 (2021) is read as A/RES/76/54 and A/RES/75/89 (2020) as 75/86; the printed symbol and a note stay."""
    row = next(r for r in listed(shared_data, 2021) if r["printed"] == "A/RES/7/54")
    assert (row["symbol"], row["note"].startswith("misprint of A/RES/76/54")) == ("A/RES/76/54", True)
    row = next(r for r in listed(shared_data, 2020) if r["printed"] == "A/RES/75/89")
    assert (row["symbol"], row["yes"], row["no"], row["abstain"]) == ("A/RES/75/86", 181, 0, 2)


def test_the_us_non_vote_and_the_two_parts_of_78_183(shared_data):
    """2021 has one US non-vote (A/RES/76/226, X); 2023 has A/RES/78/183 A and B as two votes."""
    rows_2021 = listed(shared_data, 2021)
    assert [r["symbol"] for r in rows_2021 if r["us_vote"] == "X"] == ["A/RES/76/226"]
    assert {"A/RES/78/183 A", "A/RES/78/183 B"} <= {r["symbol"] for r in listed(shared_data, 2023)}


def test_the_lists_are_discovered_and_parse_to_no_events(shared_data):
    """`discover` finds the five lists as the statedept source; their parser returns no vote events."""
    found = [path.name for source, path in ingest.discover(shared_data) if source.key == "statedept"]
    assert found == [f"votes_{year}.csv" for year in sorted(ROWS)]
    assert statedept.parse(shared_data / "statedept" / "votes_2022.csv") == []


def test_a_broken_list_names_every_problem(tmp_path):
    """A bad vote code, a non-number, a row of another year and a symbol twice are all reported at once."""
    path = tmp_path / "votes_2022.csv"
    path.write_text(
        "year,symbol,title,us_vote,yes,no,abstain,absent,important,date\n"
        "2022,A/RES/77/1,One,Q,1,2,3,4,0,\n"
        "2022,A/RES/77/2,Two,Y,many,2,3,4,0,\n"
        "2021,A/RES/77/3,Three,N,1,2,3,4,1,\n"
        "2022,A/RES/77/1,Again,N,1,2,3,4,1,\n",
        encoding="utf-8",
    )
    with pytest.raises(IngestError) as error:
        statedept.parse_rows(path)
    assert [(p.line, p.field) for p in error.value.problems] == [
        (2, "us_vote"),
        (3, "yes"),
        (4, "year"),
        (5, "symbol"),
    ]


def test_load_writes_the_rows_once_and_remove_takes_them_out(shared_data, fixture_db, tmp_path):
    """Loading a list writes its rows to statedept_votes; the same file again changes nothing; remove empties."""
    db = Path(shutil.copyfile(fixture_db, tmp_path / "record.duckdb"))
    path = Path(shutil.copyfile(shared_data / "statedept" / "votes_2022.csv", tmp_path / "votes_2022.csv"))
    with connect(db) as con:
        first = load(con, [pipeline.parse_file(path, "statedept")])
        again = load(con, [pipeline.parse_file(path, "statedept")])
        assert (first.inserted, again.inserted, again.unchanged, count(con)) == (89, 0, 89, 89)
        gone = remove(con, "statedept", str(path))
        assert (gone.removed, count(con)) == (89, 0)


def count(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute("SELECT count(*) FROM statedept_votes").fetchone()[0])


# --- published per-country tables (`coincidence --against`) ------------------------------------------------

PUBLISHED_2020 = """COUNTRY,ISO,SAME,PARTIAL,OPPOSITE,ABSENT,COINCIDENCE
Dominica,DMA,6,14,23,57,0.3
Somalia,SOM,0,10,2,88,0.42
Canada,CAN,54,20,26,0,0.64
"""


def test_a_published_table_is_read_by_column_name_in_any_order(tmp_path):
    """The 2020 extraction's columns (SAME, PARTIAL, OPPOSITE) and fractions; states by ISO code."""
    path = tmp_path / "2020.csv"
    path.write_text(PUBLISHED_2020, encoding="utf-8")
    rows = {r["state"]: r for r in parse_table(path, 2020)}
    assert rows["DMA"] == {
        "state": "DMA", "line": 2, "same": 6, "opposite": 23, "partial": 14, "absent": 57, "percent": 30.0,
    }  # fmt: skip
    assert rows["SOM"]["percent"] == 42.0


def test_a_table_with_a_year_column_keeps_that_years_rows(test_data):
    """The hand-entered rows (year, state, …, percent in whole points): 2022 has Canada and Venezuela."""
    rows = parse_table(test_data / "statedept_published.csv", 2022)
    assert [(r["state"], r["same"], r["percent"]) for r in rows] == [("CAN", 66, 83.0), ("VEN", 0, 50.0)]


def test_a_misspelt_code_falls_back_to_the_name(tmp_path):
    """An extraction's `GRO` for Greece is read by the country's name."""
    path = tmp_path / "t.csv"
    path.write_text(
        "COUNTRY,ISO,SAME,OPPOSE,PARTIAL,ABSENT,COINCIDENCE\nGreece,GRO,1,2,3,4,0.5\n", encoding="utf-8"
    )
    assert parse_table(path, 2018)[0]["state"] == "GRC"


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ("ISO,SAME,OPPOSITE,PARTIAL,ABSENT\nCAN,1,2,3,4\n", 1, None),  # no percentage column
        ("ISO,SAME,OPPOSITE,PARTIAL,ABSENT,COINCIDENCE\nCAN,x,2,3,4,0.5\n", 2, "same"),
        ("ISO,SAME,OPPOSITE,PARTIAL,ABSENT,COINCIDENCE\nCAN,1,2,3,4,170\n", 2, "percent"),  # over 100 %
        ("COUNTRY,SAME,OPPOSITE,PARTIAL,ABSENT,COINCIDENCE\nAtlantis,1,2,3,4,0.5\n", 2, "COUNTRY"),
        ("ISO,SAME,OPPOSITE,PARTIAL,ABSENT,COINCIDENCE\nCAN,1,2,3,4,0.5\nCAN,1,2,3,4,0.5\n", 3, "ISO"),
    ],
)
def test_a_broken_table_names_the_line_and_field(tmp_path, text, line, field):
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(IngestError) as error:
        parse_table(path, 2020)
    assert [(p.line, p.field) for p in error.value.problems][:1] == [(line, field)]
    assert (
        "nothing was compared" in str(error.value) and error.value.hint == "Fix the table and compare again."
    )


def test_a_table_that_is_not_utf8_text_says_so(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("COUNTRY,ISO\nCôte d'Ivoire,CIV\n".encode("utf-16"))
    with pytest.raises(IngestError, match="UTF-16"):
        parse_table(path, 2020)


def test_lines_count_a_name_quoted_over_two_lines(tmp_path):
    """The 2021 extraction quotes two names over two lines: a later row's problem names the line it starts on."""
    path = tmp_path / "t.csv"
    path.write_text(
        'COUNTRY,ISO,SAME,PARTIAL,OPPOSITE,ABSENT,COINCIDENCE\n"Democratic People\'s\nRepublic of Korea",PRK,6,16,52,12,0.24\n'
        "Canada,CAN,x,16,12,1,0.77\n",
        encoding="utf-8",
    )
    with pytest.raises(IngestError) as error:
        parse_table(path, 2021)
    assert [(p.line, p.field) for p in error.value.problems] == [(4, "same")]


def test_an_oversized_field_is_a_problem_not_a_traceback(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(
        'ISO,SAME,OPPOSITE,PARTIAL,ABSENT,COINCIDENCE\nCAN,"' + "1" * 200_000 + '",2,3,4,0.5\n',
        encoding="utf-8",
    )
    with pytest.raises(IngestError, match="over the limit"):
        parse_table(path, 2020)
