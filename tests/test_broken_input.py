"""Broken input never shows a traceback: every hand-made broken file in tests/data/broken/<source>/ (and the
oversized ones written here) is refused by `unvotes import` with exit code 2, its file, line and field, a hint,
and the database left byte for byte as it was; bad option values are refused as clearly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from unvotes import download
from unvotes.cli import cli
from unvotes.errors import DownloadError
from unvotes.report.rows import cell, to_csv

BROKEN = Path(__file__).resolve().parent / "data" / "broken"
OWNED_ELSEWHERE = ("curated", "statedept")  # their broken files are checked in their own tests
EXPECTED = {
    "hzloto_2025/duplicate_row.csv": ":3 [token]: token 9000001 is also on line 2",
    "hzloto_2025/garbage.csv": ":1 [encoding]: binary data",
    "hzloto_2025/header_only.csv": "no votes in",
    "hzloto_2025/utf16.csv": ":1 [encoding]: UTF-16 text",
    "navya/latin1.csv.zip": ":1 [encoding]: not UTF-8 text",
    "navya/not_a_zip.csv.zip": "not a zip archive",
    "oliverunv_sc/garbage.xlsx": "cannot read the workbook",
    "undl_ga/header_only.csv": "no votes in",
    "undl_ga/latin1.csv": ":2 [encoding]: not UTF-8 text",
    "undl_ga/resolution_path.csv": ":2 [resolution]: not a UN document symbol",
    "undl_ga/total_ms_1e30.csv": ":2 [total_ms]: count '1e30' is out of range",
    "undl_ga/utf16.csv": ":1 [encoding]: UTF-16 text",
    "unxml_ga/count_1e30.json": ":1 [MS_in_favour_count]: count '1000000000000000000000000000000' is out of range",
    "unxml_ga/duplicate_key.json": ":1: the key 'symbol' is given twice",
    "unxml_ga/empty.json": "no votes in",
    "unxml_ga/garbage.json": "[encoding]: binary data",
    "unxml_ga/latin1.json": ":1 [encoding]: not UTF-8 text",
    "unxml_ga/list_as_number.json": ":1 [MS_in_favour]: expected a list of text, found int",
    "unxml_ga/more_than_members.json": ":1 [MS_in_favour_count]: 500, more votes than the organ has members",
    "unxml_ga/nested.json": ":1: JSON nested too deeply",
    "unxml_ga/object_title.json": ":1 [title]: expected text, found an object",
    "unxml_ga/symbol_path.json": ":1 [symbol]: not a UN document symbol: '../../etc/passwd'",
    "unxml_ga/utf16.json": ":1 [encoding]: UTF-16 text",
    "voeten/cut.csv.gz": "the compressed file is cut short or damaged",
    "voeten/cut_in_row.csv": ":10: 12 fields, expected 15",
    "voeten/header_only.csv": "no votes in",
    "voeten/latin1.csv": ":2 [encoding]: not UTF-8 text",
    "voeten/short_row.csv": ":3: 4 fields, expected 15",
    "voeten/workbook.xlsx": ":1 [encoding]: a zip archive (an Excel workbook?)",
    "voeten_matrix/garbage.csv": "[encoding]: binary data",
    "voeten_matrix/latin1.csv": ":3 [encoding]: not UTF-8 text",
    "witwicki/2021_latin1_RAW_COIN.csv": ":3 [encoding]: not UTF-8 text",
    "witwicki/2021_symbol_RAW_COIN.csv": ":2 [symbol]: not a GA symbol",
    "wpdl_vetoes/short_row.csv": ":2: 5 fields, expected 24",
    "wpdl_vetoes/utf16.csv": ":1 [encoding]: UTF-16 text",
}
# A source's sample whose header the oversized files reuse, and the 0-based column of the long field.
HEADERS = {
    "undl_ga": ("undl/ga_2024_layout.csv", 1),
    "hzloto_2025": ("hzloto/sample.csv", 1),
    "voeten": ("voeten/published_ok.csv", 1),
    "voeten_matrix": ("voeten/matrix_ok.csv", 1),
    "witwicki": ("witwicki/2021_small_RAW_COIN.csv", 1),
    "wpdl_vetoes": ("wpdl/ok.csv", 1),
}
LONG = 131_073  # one past the csv module's default field limit


def broken_files() -> list[str]:
    return sorted(
        f"{path.parent.name}/{path.name}"
        for path in BROKEN.glob("*/*")
        if path.parent.name not in OWNED_ELSEWHERE
    )


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(arg) for arg in args])
    return result.exit_code, result.output


@pytest.fixture
def db(fixture_db: Path, tmp_path: Path) -> Path:
    """A copy of the fixture record that a test may try to change."""
    return Path(shutil.copyfile(fixture_db, tmp_path / "record.duckdb"))


def assert_refused(db: Path, file: Path, source: str, fragment: str) -> None:
    before = db.read_bytes()
    code, output = run("--db", db, "import", file, "--source", source)
    assert code == 2, output
    assert "Traceback" not in output
    assert str(file) in output and fragment in output
    assert "Hint:" in output
    assert db.read_bytes() == before


def test_every_broken_file_has_its_expectation() -> None:
    """Each file in tests/data/broken/<source>/ has an expected message below, and each expectation a file."""
    assert broken_files() == sorted(EXPECTED)


@pytest.mark.parametrize("name", broken_files())
def test_broken_file_is_refused_cleanly(db: Path, name: str) -> None:
    """`unvotes import` of a broken file: exit 2, file:line [field] and a hint, the database unchanged."""
    assert_refused(db, BROKEN / name, name.split("/")[0], EXPECTED[name])


@pytest.mark.parametrize("source", sorted(HEADERS))
def test_oversized_csv_field_is_a_problem_of_its_line(db: Path, tmp_path: Path, source: str) -> None:
    """A field over the csv module's limit names its line and column instead of raising `_csv.Error`."""
    sample, column = HEADERS[source]
    header = (BROKEN.parent / sample).read_text(encoding="utf-8").splitlines()[0]
    cells = [""] * len(header.split(","))
    cells[column] = "x" * LONG
    name = "2021_long_RAW_COIN.csv" if source == "witwicki" else "long.csv"
    file = tmp_path / name
    file.write_text(f"{header}\n{','.join(cells)}\n", encoding="utf-8")
    field = header.split(",")[column] or "column 2"
    assert_refused(db, file, source, f":2 [{field}]: a field of {LONG} characters")


def test_header_only_file_is_imported_with_allow_empty(db: Path) -> None:
    """--allow-empty accepts a file without votes (nothing inserted)."""
    file = BROKEN / "undl_ga" / "header_only.csv"
    code, output = run("--db", db, "import", file, "--source", "undl_ga", "--allow-empty")
    assert code == 0, output
    assert "0 inserted" in output


def test_download_check_names_the_line_of_an_oversized_field(tmp_path: Path) -> None:
    """`unvotes update`'s check refuses a file with an oversized field as a DownloadError naming the line."""
    header = (BROKEN.parent / "undl" / "ga_2024_layout.csv").read_text(encoding="utf-8").splitlines()[0]
    file = tmp_path / "2026_02_06_ga_voting.csv"
    file.write_text(f"{header}\n{'x' * LONG}\n", encoding="utf-8")
    with pytest.raises(DownloadError, match=r"2026_02_06_ga_voting.csv:2: not readable as UTF-8 CSV"):
        download.check(file, "undl_ga", "https://example.org/f.csv")


def test_download_check_refuses_utf16(tmp_path: Path) -> None:
    """A UTF-16 download fails its check cleanly."""
    file = tmp_path / "2026_02_06_ga_voting.csv"
    file.write_bytes("undl_id,date\n1,2025-01-01\n".encode("utf-16"))
    with pytest.raises(DownloadError, match="not readable as UTF-8 CSV"):
        download.check(file, "undl_ga", "https://example.org/f.csv")


def write_sequence(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


OPTION_CASES = [
    (["votes", "USA", "--since", "0000"], "'0000' is not a date"),
    (["votes", "USA", "--since", "1900"], "'1900' is outside 1945"),
    (["votes", "USA", "--until", "24/02/2025"], "is not a date"),
    (["search", "x", "--limit", "-1"], "-1 is not in the range 1<=x<=100000"),
    (["search", "x", "--limit", str(10**20)], "is not in the range 1<=x<=100000"),
    (
        ["decide", "--organ", "GA", "--yes", "500", "--no", "3"],
        "503 votes: more votes than the 193 members of the GA",
    ),
    (
        ["decide", "--organ", "SC", "--yes", "16", "--no", "0", "--date", "2025-02-24"],
        "more votes than the 15 members",
    ),
    (["decide", "--organ", "GA", "--yes", "90", "--no", "3", "--date", "1800-01-01"], "is outside 1945"),
    (["allies", "USA", "--top", "-1"], "-1 is not in the range"),
    (["coincidence", "USA", "--year", "0"], "0 is not in the range 1945<=x<=2100"),
    (["blocs", "--year", str(10**20)], "is not in the range 1945<=x<=2100"),
]


@pytest.mark.parametrize(("args", "fragment"), OPTION_CASES, ids=[" ".join(a) for a, _ in OPTION_CASES])
def test_bad_option_is_refused_cleanly(db: Path, args: list[str], fragment: str) -> None:
    """A bad option value: exit 2, what is wrong, how to get help, no traceback."""
    code, output = run("--db", db, *args)
    assert code == 2, output
    assert "Traceback" not in output
    assert fragment in output
    assert "--help" in output


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [
        ("latin1.json", '{"organ": "GA", "title": "Côte"}\n'.encode("latin-1"), "latin1.json:1 [encoding]"),
        ("utf16.json", '{"organ": "GA"}'.encode("utf-16"), "utf16.json:1 [encoding]"),
        ("twice.json", b'{"organ": "GA",\n "organ": "SC"}', "the key 'organ' is given twice"),
        ("deep.json", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ],
)
def test_broken_sequence_file_is_refused_cleanly(
    tmp_path: Path, name: str, data: bytes, fragment: str
) -> None:
    """`unvotes replay` of a sequence file that is not UTF-8, repeats a key or nests too deeply: exit 2, a hint."""
    code, output = run("replay", write_sequence(tmp_path, name, data))
    assert code == 2, output
    assert "Traceback" not in output
    assert name in output and fragment in output
    assert "Hint:" in output


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("-3", "-3"),
        ("+1.5", "+1.5"),
        ("-2.5e3", "-2.5e3"),
        (-3, -3),
        ("A/RES/ES-11/7", "A/RES/ES-11/7"),
    ],
)
def test_csv_cell_neutralises_formulas(value: object, written: object) -> None:
    """A cell a spreadsheet would run as a formula gets a leading `'`; plain numbers stay as they are."""
    assert cell(value) == written


def test_csv_output_of_a_formula_title(db: Path, tmp_path: Path) -> None:
    """End to end: a title starting with `=` is written by `search --csv` with a leading `'`."""
    line = (BROKEN / "unxml_ga" / "object_title.json").read_text(encoding="utf-8")
    file = tmp_path / "ES-11.json"
    file.write_text(line.replace('{"en": "Aggression"}', '"=HYPERLINK(\\"http://x\\")"'), encoding="utf-8")
    code, output = run("--db", db, "import", file, "--source", "unxml_ga")
    assert code == 0, output
    code, output = run("--db", db, "search", "HYPERLINK", "--csv")
    assert code == 0, output
    assert "'=HYPERLINK" in output and ",=HYPERLINK" not in output


def test_to_csv_writes_neutralised_cells() -> None:
    """The writer applies `cell` to every value."""
    assert to_csv([{"title": "=1+1", "n": -3}]) == "title,n\n'=1+1,-3\n"
