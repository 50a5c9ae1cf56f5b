"""`unvotes export`: every format's files, their rows against the record, Popolo's shape, the R package's layout,
and the folder written atomically."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import json
import shutil
from pathlib import Path

import click
import duckdb
import pytest
from click.testing import CliRunner

import unvotes.cli.export as export_cli  # registers `export` on the group
from fixture_events import batches
from unvotes.cli import cli
from unvotes.models import Counts, EventKind, Organ, Provenance, Vote, VoteEvent
from unvotes.report import export
from unvotes.report.export import ExportError
from unvotes.store import Batch, connect, load
from unvotes.store.export import RCID_OFFSET, Tables

FILES = {
    "popolo": {"vote_events.json", "motions.json", "organizations.json", "memberships.json"},
    "parquet": {"votes.parquet", "roll_calls.parquet", "states.parquet"},
    "csv": {"votes.csv", "roll_calls.csv", "states.csv"},
    "unvotes-r": {"un_votes.csv", "un_roll_calls.csv", "un_roll_call_issues.csv"},
}
VOETEN_DAY = dt.date(1990, 12, 6)


def voeten_call(file: Path) -> VoteEvent:
    """A GA roll call as Voeten's table gives it: rcid 2999, issue `me`, Germany and Yemen under their 1990 names."""
    votes = {"USA": Vote.NO, "DEU": Vote.YES, "YEM": Vote.ABSTAIN, "SUN": Vote.YES, "FRA": Vote.NON_VOTING}
    return VoteEvent(
        key="2999",
        organ=Organ.GA,
        date=VOETEN_DAY,
        kind=EventKind.DRAFT,
        provenance=Provenance("voeten", str(file), 7),
        votes=votes,
        session="45",
        title="PALESTINE QUESTION",
        counts=Counts(2, 1, 1, 1),
        important=True,
        extra={"rcid": 2999, "issues": ["me"], "kind_flags": True, "unres": "R/45/999"},
    )


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture record and one Voeten roll call, built once for this module."""
    folder = tmp_path_factory.mktemp("export")
    voeten = folder / "voeten.csv"
    voeten.write_text("voeten")
    path = folder / "record.duckdb"
    with connect(path) as con:
        load(con, [*batches(folder), Batch("voeten", voeten, [voeten_call(voeten)])])
    return path


@pytest.fixture(scope="module")
def written(record: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every format of the record, written once: format → folder."""
    root = tmp_path_factory.mktemp("exports")
    with connect(record, read_only=True) as con:
        return {f: _folder(export.write(Tables(con), f, root / f)) for f in export.FORMATS}


def _folder(paths: list[Path]) -> Path:
    return paths[0].parent


def _query(sql: str) -> list[tuple]:
    with duckdb.connect() as con:
        return con.execute(sql).fetchall()


def _count(record: Path, sql: str) -> int:
    with connect(record, read_only=True) as con:
        return con.execute(sql).fetchall()[0][0]


def _json(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("file_format", export.FORMATS)
def test_every_format_writes_its_files_and_nothing_else(written, file_format):
    """Each format's folder holds exactly its files, none of them empty."""
    folder = written[file_format]
    assert {p.name for p in folder.iterdir()} == FILES[file_format]
    assert all(p.stat().st_size > 0 for p in folder.iterdir())


@pytest.mark.parametrize(("file_format", "suffix"), [("parquet", "parquet"), ("csv", "csv")])
def test_tables_have_a_row_per_record_and_per_state_vote(written, record, file_format, suffix):
    """votes has one row per state vote of the record, roll_calls one per record, states one per state."""
    folder = written[file_format]
    for table, sql in [
        ("votes", "SELECT count(*) FROM record_votes"),
        ("roll_calls", "SELECT count(*) FROM records"),
        ("states", "SELECT count(*) FROM states"),
    ]:
        found = _query(f"SELECT count(*) FROM '{folder / f'{table}.{suffix}'}'")[0][0]
        assert found == _count(record, sql), table


def test_parquet_reads_back_as_the_csv(written):
    """Every table's Parquet file and CSV file hold the same rows."""
    for table in export.TABLES:
        parquet = f"SELECT * FROM '{written['parquet'] / f'{table}.parquet'}'"
        text = f"SELECT * FROM read_csv('{written['csv'] / f'{table}.csv'}', all_varchar = true)"
        as_text = f"SELECT COLUMNS(*)::VARCHAR FROM ({parquet})"
        assert _query(f"SELECT count(*) FROM (({as_text}) EXCEPT ALL ({text}))") == [(0,)], table
        assert _query(f"SELECT count(*) FROM (({text}) EXCEPT ALL ({as_text}))") == [(0,)], table


def test_roll_calls_name_the_sc_amendment(written):
    """The roll call of S/2025/114 has its document, kind, outcome and printed counts."""
    rows = {r["vote_id"]: r for r in _csv(written["csv"] / "roll_calls.csv")}
    found = rows["S/2025/114"]
    assert (found["organ"], found["date"], found["kind"], found["amends"]) == (
        "SC",
        "2025-02-24",
        "amendment",
        "S/2025/112",
    )
    assert (found["outcome"], found["yes"], found["no"], found["abstain"]) == ("rejected", "6", "1", "8")


def test_popolo_vote_event_of_the_sc_amendment(written):
    """The Popolo VoteEvent of S/2025/114: the Council, failed, 6–1–8, Russia no, six yes, the rest abstaining."""
    events = {e["id"]: e for e in _json(written["popolo"] / "vote_events.json")}
    found = events["S/2025/114"]
    assert (found["organization_id"], found["start_date"], found["result"]) == ("SC", "2025-02-24", "fail")
    assert found["counts"] == [
        {"option": "yes", "value": 6},
        {"option": "no", "value": 1},
        {"option": "abstain", "value": 8},
        {"option": "absent", "value": 0},
    ]
    votes = {v["voter_id"]: v["option"] for v in found["votes"]}
    assert votes == dict.fromkeys(("CHN", "DZA", "GUY", "PAK", "PAN", "SLE", "SOM", "USA"), "abstain") | {
        "RUS": "no"
    } | dict.fromkeys(("DNK", "FRA", "GBR", "GRC", "KOR", "SVN"), "yes")
    assert found["motion_id"] == "motion:S/2025/114"
    assert found["sources"] == [
        {
            "url": "https://github.com/oliverunv/Voting-Agent",
            "note": "SC votes incl. failed and vetoed drafts, 1994–2025: sc.xlsx, line 20",
        },
        {
            "url": "../shared/data/votes/README.md",
            "note": "Hand-curated vote events (Ukraine 2022–2025): eu1.json",
        },
    ]


def test_popolo_counts_are_the_printed_ones_else_the_tally_else_none():
    """Printed counts win (an unknown one left out); without them the votes are tallied; without votes, no counts."""
    assert export.counts([6, 1, 8, None], ["Y"]) == [
        {"option": "yes", "value": 6},
        {"option": "no", "value": 1},
        {"option": "abstain", "value": 8},
    ]
    assert export.counts(None, ["Y", "Y", "X"]) == [
        {"option": "yes", "value": 2},
        {"option": "no", "value": 0},
        {"option": "abstain", "value": 0},
        {"option": "absent", "value": 1},
    ]
    assert export.counts(None, []) == []


def test_popolo_has_a_motion_per_vote_event_and_every_voter_as_an_organization(written, record):
    """Each vote event's motion exists, and every voter is an organization of classification "state"."""
    folder = written["popolo"]
    events = _json(folder / "vote_events.json")
    motions = {m["id"]: m for m in _json(folder / "motions.json")}
    states = {o["id"] for o in _json(folder / "organizations.json") if o["classification"] == "state"}
    assert len(events) == len(motions) == _count(record, "SELECT count(*) FROM records")
    assert all(e["motion_id"] in motions for e in events)
    assert {v["voter_id"] for e in events for v in e["votes"]} <= states
    assert sum(len(e["votes"]) for e in events) == _count(record, "SELECT count(*) FROM record_votes")
    amendment = motions["motion:S/2025/114"]
    assert (amendment["classification"], amendment["organization_id"]) == ("amendment", "SC")


def test_popolo_memberships_hold_the_council_seats(written):
    """Russia holds a permanent seat on the Security Council from 1991-12-24, and the USSR held it before."""
    found = {
        (m["member"]["id"], m["organization_id"], m["role"])
        for m in _json(written["popolo"] / "memberships.json")
    }
    assert {
        ("RUS", "SC", "permanent member"),
        ("SUN", "SC", "permanent member"),
        ("RUS", "UN", "member state"),
    } <= found


def test_unvotes_r_headers_are_the_r_packages(written, shared_data):
    """Each unvotes-r file has exactly the header of the R package's file of that name."""
    for name in export.R_FILES:
        with gzip.open(shared_data / "unvotes" / f"{name}.gz", "rt", encoding="utf-8") as handle:
            expected = handle.readline()
        assert (written["unvotes-r"] / name).read_text(encoding="utf-8").splitlines()[0] + "\n" == expected


def test_unvotes_r_keeps_voetens_rcid_names_and_issues(written):
    """The Voeten roll call keeps rcid 2999, its issue, its flags and R's names of 1990; absent states are left out."""
    calls = {r["rcid"]: r for r in _csv(written["unvotes-r"] / "un_roll_calls.csv")}
    assert calls["2999"] == {
        "rcid": "2999",
        "session": "45.0",
        "importantvote": "1",
        "date": "1990-12-06",
        "unres": "R/45/999",
        "amend": "0",
        "para": "0",
        "short": "PALESTINE QUESTION",
        "descr": "PALESTINE QUESTION",
    }
    votes = [r for r in _csv(written["unvotes-r"] / "un_votes.csv") if r["rcid"] == "2999"]
    assert sorted((r["country"], r["country_code"], r["vote"]) for r in votes) == [
        ("Federal Republic of Germany", "", "yes"),
        ("Russia", "RU", "yes"),
        ("United States", "US", "no"),
        ("Yemen Arab Republic", "", "abstain"),
    ]
    assert _csv(written["unvotes-r"] / "un_roll_call_issues.csv") == [
        {"rcid": "2999", "short_name": "me", "issue": "Palestinian conflict"}
    ]


def test_unvotes_r_derives_the_rcid_of_a_vote_voeten_lacks(written):
    """A GA vote without a Voeten rcid gets 1,000,000 plus the first 40 bits of the md5 of its id; SC votes are out."""
    calls = {r["unres"]: r for r in _csv(written["unvotes-r"] / "un_roll_calls.csv")}
    derived = RCID_OFFSET + int(hashlib.md5(b"A/RES/ES-11/7").hexdigest()[:10], 16)
    assert set(calls) == {"R/45/999", "A/RES/ES-11/7"}
    assert calls["A/RES/ES-11/7"]["rcid"] == str(derived)
    assert calls["A/RES/ES-11/7"]["session"] == "79.0"  # ES-11 met on 24 Feb 2025, during the 79th session


def test_a_non_empty_folder_is_refused_and_left_unchanged(record, tmp_path):
    """Without force, an export into a folder that holds a file raises, and the folder and its parent are as before."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with connect(record, read_only=True) as con, pytest.raises(ExportError, match="is not empty"):
        export.write(Tables(con), "csv", out)
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    assert [(p.name, p.read_text()) for p in out.iterdir()] == [("notes.txt", "mine")]


def test_force_replaces_the_folder_with_the_export_alone(record, tmp_path):
    """With force, the folder ends up holding the export's files and nothing of what it held."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with connect(record, read_only=True) as con:
        export.write(Tables(con), "csv", out, force=True)
    assert {p.name for p in out.iterdir()} == FILES["csv"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_failed_export_leaves_nothing_behind(record, tmp_path):
    """An export that fails on its last file (the states table is gone) leaves no folder and no temporary one."""
    broken = shutil.copyfile(record, tmp_path / "broken.duckdb")
    with connect(broken) as con:
        con.execute("DROP TABLE states")
    exports = tmp_path / "exports"
    exports.mkdir()
    with duckdb.connect(str(broken), read_only=True) as con, pytest.raises(duckdb.Error):
        export.write(Tables(con), "csv", exports / "out")
    assert list(exports.iterdir()) == []


def test_progress_counts_up_to_its_total(record, tmp_path):
    """The progress callback names each file and ends with every step done."""
    seen = []
    with connect(record, read_only=True) as con:
        export.write(Tables(con), "popolo", tmp_path / "out", progress=lambda *step: seen.append(step))
    assert seen[0] == ("vote_events.json", 0, 2) and seen[-1] == ("", 2, 2)


def test_cli_json_names_each_file_with_its_rows_and_bytes(record, tmp_path):
    """`export --json` prints the format, the folder and each file's path, rows and size."""
    db = shutil.copyfile(record, tmp_path / "cli.duckdb")
    out = tmp_path / "parquet"
    result = CliRunner().invoke(
        cli, ["--db", str(db), "export", "--format", "parquet", "--out", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert (list(found), found["format"], found["out"]) == (["format", "out", "files"], "parquet", str(out))
    assert [f["path"] for f in found["files"]] == [str(out / f"{t}.parquet") for t in export.TABLES]
    assert [f["bytes"] for f in found["files"]] == [Path(f["path"]).stat().st_size for f in found["files"]]
    assert found["files"][0]["rows"] == _count(record, "SELECT count(*) FROM record_votes")


def test_cli_refuses_a_non_empty_folder_with_a_hint(record, tmp_path):
    """Without --force, the command says the folder is not empty and how to go on, and exits 2."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    result = CliRunner().invoke(cli, ["--db", str(record), "export", "--format", "csv", "--out", str(out)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"Error: {out} is not empty; nothing was written\n"
        "Hint: Pass --force to replace its contents, or choose another --out folder.\n"
    )


def test_the_command_offers_the_library_formats():
    """`export --format` offers exactly the formats the library writes."""
    option = next(p for p in export_cli.export.params if p.name == "file_format")
    assert isinstance(option.type, click.Choice)
    assert tuple(option.type.choices) == export.FORMATS


@pytest.mark.slow
def test_full_record_unvotes_r_names_states_as_the_r_package(full_db, shared_data, tmp_path):
    """On the whole record, every country name and code written for an R package roll call is one the package uses,
    and the tables have a row per record and per state vote."""
    with connect(full_db, read_only=True) as con:
        export.write(Tables(con), "unvotes-r", tmp_path / "r")
        export.write(Tables(con), "csv", tmp_path / "csv")
    r_package = f"read_csv('{shared_data / 'unvotes' / 'un_votes.csv.gz'}', all_varchar = true)"
    ours = f"read_csv('{tmp_path / 'r' / 'un_votes.csv'}', all_varchar = true)"
    unknown = _query(
        f"""SELECT DISTINCT country, country_code FROM {ours} WHERE rcid IN (SELECT rcid FROM {r_package})
            EXCEPT SELECT DISTINCT country, country_code FROM {r_package}"""
    )
    assert unknown == []
    for table, sql in [("votes", "record_votes"), ("roll_calls", "records")]:
        found = _query(f"SELECT count(*) FROM '{tmp_path / 'csv' / f'{table}.csv'}'")[0][0]
        assert found == _count(full_db, f"SELECT count(*) FROM {sql}")
