"""The command line: whole outputs, exit codes and error messages, over a fixture database."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from unvotes import settings
from unvotes.cli import cli
from unvotes.cli import rules as rules_cli
from unvotes.rules.decision import Question
from unvotes.store import connect
from unvotes.views import shapes
from view_checks import conforms

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture
def db(fixture_db: Path, tmp_path: Path) -> str:
    """A copy of the fixture record (built once per session), for a test free to change it."""
    return str(shutil.copyfile(fixture_db, tmp_path / "cli.duckdb"))


def run(db: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", db, *args])
    return result.exit_code, result.output


def test_with_json_is_the_whole_answer(db):
    """`with --json` gives the symbol, date, state, its vote, the states that voted alike and the vote's address."""
    code, out = run(db, "with", "ES-11/7", "USA", "--json")
    assert code == 0
    assert json.loads(out) == {
        "symbol": "A/RES/ES-11/7",
        "date": "2025-02-24",
        "state": "USA",
        "vote": "N",
        "states": ["BLR", "PRK", "RUS"],
        "id": "A/RES/ES-11/7",
    }


def test_with_text_names_the_states(db):
    """The text answer is one sentence with the names."""
    code, out = run(db, "with", "ES-11/7", "USA")
    assert (code, out) == (
        0,
        "A/RES/ES-11/7 (2025-02-24): United States of America voted no, as did 3: Belarus, Democratic People's Republic of Korea, Russian Federation\n",
    )


def test_show_json_has_every_field(db):
    """`show --json` carries the documented fields with the reconciled votes."""
    code, out = run(db, "show", "S/RES/2774(2025)", "--json")
    record = json.loads(out)
    assert code == 0
    assert {
        k: record[k] for k in ("organ", "date", "document", "resolution", "kind", "outcome", "counts")
    } == {
        "organ": "SC",
        "date": "2025-02-24",
        "document": "S/2025/112",
        "resolution": "S/RES/2774 (2025)",
        "kind": "draft resolution",
        "outcome": "adopted",
        "counts": {"yes": 10, "no": 0, "abstain": 5, "non_voting": 0},
    }
    assert sorted(record) == sorted(
        [
            "organ",
            "date",
            "session",
            "meeting",
            "document",
            "resolution",
            "kind",
            "amends",
            "title",
            "counts",
            "tally",
            "outcome",
            "complete",
            "votes",
            "related",
            "sources",
            "disagreements",
            "symbol_inferred",
            "id",
            "symbol",
            "symbols",
        ]
    )
    assert record["votes"]["FRA"] == "A" and record["symbol_inferred"] is None


def test_show_csv_lists_each_state(db):
    """`show --csv` is one row per state."""
    code, out = run(db, "show", "S/2025/114", "--csv")
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == "state,vote"
    assert "RUS,N" in lines and len(lines) == 16


def test_unknown_symbol_is_a_clear_error(db):
    """A symbol the record lacks exits 2 with a message and a hint."""
    code, out = run(db, "show", "A/RES/99/999")
    assert code == 2
    assert "Error: no vote found for 'A/RES/99/999'" in out
    assert "Hint: Try `unvotes search TEXT`" in out


def test_missing_database_says_how_to_build_it(tmp_path):
    """Querying before building names the missing file and the command that builds it."""
    code, out = run(str(tmp_path / "none.duckdb"), "stats")
    assert code == 2
    assert "no database at" in out and "unvotes build --from" in out


def test_votes_of_a_state_in_csv(db):
    """`votes` lists a state's votes with the documented columns."""
    code, out = run(db, "votes", "RUS", "--csv")
    assert code == 0
    assert out.splitlines()[0] == "date,organ,kind,symbol,title,vote,outcome,source,state"
    assert len(out.splitlines()) == 4


def test_bad_date_is_rejected_by_the_option(db):
    """A malformed --since is a usage error naming the value."""
    result = CliRunner().invoke(cli, ["--db", db, "votes", "RUS", "--since", "24/02/2025"])
    assert result.exit_code == 2
    assert "'24/02/2025' is not a date" in result.output


COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    """Each command's --help shows an Example block."""
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command):
    """The README documents every command."""
    assert f"unvotes {command}" in README.read_text(encoding="utf-8")


def test_import_of_a_malformed_file_lists_every_problem_and_changes_nothing(db, test_data):
    """A bad file exits 2, names file, line and field for each problem, and leaves the database as it was."""
    with connect(Path(db), read_only=True) as con:
        before = (
            con.execute("SELECT count(*) FROM events").fetchall()
            + con.execute("SELECT count(*) FROM votes").fetchall()
        )
    bad = test_data / "undl" / "ga_malformed.csv"
    code, out = run(db, "import", str(bad), "--source", "undl_ga")
    with connect(Path(db), read_only=True) as con:
        after = (
            con.execute("SELECT count(*) FROM events").fetchall()
            + con.execute("SELECT count(*) FROM votes").fetchall()
        )
    assert code == 2
    assert f"{bad}: 9 problem(s); nothing was imported" in out
    assert f"{bad}:20: 5 fields, expected 20" in out
    assert "Hint: Fix the file" in out
    assert after == before


def test_import_of_a_good_file_twice_changes_nothing_the_second_time(db, test_data):
    """Re-importing the same file reports every event unchanged."""
    good = test_data / "undl" / "ga_2024_layout.csv"
    first = run(db, "import", str(good), "--source", "undl_ga")
    second = run(db, "import", str(good), "--source", "undl_ga")
    assert first[0] == 0 and " 0 unchanged" in first[1]
    assert second[0] == 0 and "0 inserted, 0 updated" in second[1]


def test_import_and_remove_report_what_they_wrote_in_json(db, test_data, tmp_path):
    """`import --json` and `remove --json` give the `Written` view: the files and the counts."""
    good = tmp_path / "ga_2024_layout.csv"
    good.write_bytes((test_data / "undl" / "ga_2024_layout.csv").read_bytes())
    imported = CliRunner().invoke(cli, ["--db", db, "import", str(good), "--source", "undl_ga", "--json"])
    removed = CliRunner().invoke(cli, ["--db", db, "remove", str(good), "--json"])
    assert (imported.exit_code, removed.exit_code) == (0, 0)
    before, after = json.loads(imported.stdout), json.loads(removed.stdout)
    conforms(before, shapes.Written)
    conforms(after, shapes.Written)
    assert before["inserted"] + before["unchanged"] > 0 and before["files"]
    assert after["removed"] == before["inserted"] + before["unchanged"] + before["updated"]


def test_import_of_an_unrecognised_file_asks_for_the_source(db, tmp_path):
    """A file whose name names no source is refused with the list of sources."""
    odd = tmp_path / "votes.txt"
    odd.write_text("x")
    code, out = run(db, "import", str(odd))
    assert code == 2
    assert "cannot tell which source this file is" in out and "--source" in out


def test_decide_numbers_json_is_the_whole_decision():
    """`decide --json` for the 2022 Ukraine draft gives the veto with its arithmetic and basis."""
    result = CliRunner().invoke(
        cli,
        [
            "decide",
            "--organ",
            "SC",
            "--yes",
            "11",
            "--no",
            "1",
            "--abstain",
            "3",
            "--negative-permanent",
            "RUS",
            "--date",
            "2022-02-25",
            "--json",
        ],
    )
    found = json.loads(result.output)
    assert result.exit_code == 0
    assert {k: found[k] for k in ("organ", "question", "outcome", "required", "vetoed_by", "insufficient_votes")} == {
        "organ": "SC", "question": "substantive", "outcome": "vetoed", "required": 9, "vetoed_by": ["RUS"], "insufficient_votes": False,
    }  # fmt: skip
    assert "UN Charter Art. 27(3)" in found["basis"]
    assert "Russian Federation" in found["explanation"]


def test_decide_a_recorded_vote_shows_the_recorded_outcome(db):
    """`decide SYMBOL` decides from the record's votes and says whether the record agrees."""
    code, out = run(db, "decide", "S/2025/114")
    assert code == 0
    assert out.startswith("REJECTED: ")
    assert "recorded outcome: rejected (agrees)" in out


def test_decide_without_numbers_or_symbol_is_a_usage_error():
    """Neither a symbol nor numbers: a usage error naming what to give."""
    result = CliRunner().invoke(cli, ["decide", "--organ", "GA"])
    assert result.exit_code == 2 and "give a SYMBOL, or --organ, --yes and --no" in result.output


def test_replay_of_the_day_agrees_with_the_record(db):
    """`replay --organ SC --date 2025-02-24` replays the shipped sequence with the record's numbers."""
    code, out = run(db, "replay", "--organ", "SC", "--date", "2025-02-24", "--json")
    found = json.loads(out)
    assert code == 0 and found["agrees"] is True
    steps = {s["document"]: s for s in found["steps"]}
    assert steps["S/2025/114"]["outcome"] == "rejected" and steps["S/2025/112"]["outcome"] == "adopted"


def test_replay_of_a_bad_file_lists_its_problems(tmp_path):
    """A sequence file with problems exits 2 and names the file, step and field of each."""
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "organ": "SC",
                "date": "2025-02-24",
                "draft": "S/1",
                "steps": [{"kind": "vote", "document": "S/1"}],
            }
        )
    )
    result = CliRunner().invoke(cli, ["replay", str(bad)])
    assert result.exit_code == 2
    assert str(bad) in result.output and "step 1" in result.output


def test_audit_text_counts_by_cause(db):
    """`audit` prints how many votes were decided and agree."""
    code, out = run(db, "audit")
    assert code == 0
    assert out.startswith("3 votes decided: 3 agree with the recorded outcome, 0 disagree.")


def test_decide_an_impossible_question_is_a_usage_error():
    """A procedural question in the GA, or more votes than the Council has, is refused with the reason."""
    ga = CliRunner().invoke(
        cli, ["decide", "--organ", "GA", "--question", "procedural", "--yes", "1", "--no", "0"]
    )
    sc = CliRunner().invoke(cli, ["decide", "--organ", "SC", "--yes", "16", "--no", "0"])
    assert ga.exit_code == 2 and "'procedural' is a Security Council question" in ga.output
    assert sc.exit_code == 2 and "more votes than the 15 members" in sc.output


JSON_COMMANDS = sorted(n for n, c in cli.commands.items() if any("--json" in p.opts for p in c.params))


def envelope(result) -> dict:
    """The decoded error envelope of a failed --json command, checked for its shape."""
    found = json.loads(result.stdout)
    assert list(found) == ["error"] and sorted(found["error"]) == ["hint", "message", "type"]
    assert isinstance(found["error"]["type"], str) and isinstance(found["error"]["message"], str)
    return found["error"]


@pytest.mark.parametrize("command", JSON_COMMANDS)
def test_every_json_command_reports_bad_input_in_the_envelope(command, db):
    """Any --json command given an unknown option prints the error envelope on stdout and exits 2."""
    result = CliRunner().invoke(cli, ["--db", db, command, "--no-such-option", "--json"])
    assert result.exit_code == 2
    assert envelope(result)["type"] == "usage"


def test_every_command_answers_in_json():
    """Every command, the writing ones included, has --json (so the envelope test covers them all)."""
    assert set(COMMANDS) - set(JSON_COMMANDS) <= {"serve"}
    assert {"build", "import", "remove", "update"} <= set(JSON_COMMANDS)


@pytest.mark.parametrize(
    ("args", "kind", "words"),
    [
        (["show", "A/RES/99/999"], "not_found", "no vote found for 'A/RES/99/999'"),
        (["votes", "RUS", "--since", "24/02/2025"], "bad_input", "'24/02/2025' is not a date"),
        (["show"], "usage", "Missing argument 'SYMBOL'"),
        (["decide", "--organ", "GA"], "usage", "give a SYMBOL, or --organ, --yes and --no"),
        (["votes", "Atlantis"], "unknown_state", "unknown state 'Atlantis'"),
        (["coincidence", "USA", "--year", "1990"], "not_found", "no recorded vote matches this selection"),
        (["votes", "RUS", "--organ", "XX"], "bad_input", "Invalid value for '--organ'"),
        (["decide", "--organ", "SC", "--yes", "16", "--no", "0"], "usage", "more votes than the 15 members"),
    ],
)
def test_json_errors_name_their_type(db, args, kind, words):
    """Library errors, bad values, missing arguments and usage errors each have a stable type in the envelope."""
    result = CliRunner().invoke(cli, ["--db", db, *args, "--json"])
    found = envelope(result)
    assert result.exit_code == 2 and found["type"] == kind and words in found["message"]


def test_a_missing_database_is_a_store_error_in_json(tmp_path):
    """Without a database, `stats --json` prints the envelope with the hint that says how to build one."""
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "none.duckdb"), "stats", "--json"])
    found = envelope(result)
    assert result.exit_code == 2 and found["type"] == "store" and "unvotes build" in found["hint"]


def test_without_json_errors_stay_plain_text(db):
    """Without --json an error is `Error:` and `Hint:` lines on stderr, nothing on stdout, exit 2."""
    result = CliRunner().invoke(cli, ["--db", db, "show", "A/RES/99/999"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "Error: no vote found for 'A/RES/99/999'\nHint: Try `unvotes search TEXT` to find its symbol.\n"
    )


HEAVY = ("numpy", "scipy", "pyarrow", "tqdm", "duckdb")
PROBE = """
import sys
from unvotes import settings
from unvotes.cli import cli
try:
    cli.main(sys.argv[1:], prog_name="unvotes")
except SystemExit:
    pass
print(" ".join(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["--help"], ["show", "ES-11/7"], ["show", "ES-11/7", "--json"]])
def test_help_and_show_load_no_numpy_scipy_or_pyarrow(db, args):
    """`unvotes --help` and `unvotes show` start without the analysis' and the writer's heavy modules."""
    found = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), "--db", db, *args],
        capture_output=True,
        text=True,
        check=True,
    )
    assert found.stderr.strip().splitlines()[-1:] in ([], [""])


def test_the_question_choices_are_the_rules_questions():
    """`decide --question` offers exactly the questions the rules know."""
    assert list(rules_cli.QUESTIONS) == [q.value for q in Question]


def test_state_text_names_the_state_its_votes_and_the_latest(db):
    """`state` prints who the state is, its votes per organ and its latest votes, newest first."""
    code, out = run(db, "state", "United States", "--latest", "2")
    assert (code, out.splitlines()) == (
        0,
        [
            "United States of America (USA), a member from 1945-10-24",
            "  GA: 1 votes, 2025-02-24 to 2025-02-24: 0 yes, 1 no, 0 abstain, 0 non-voting",
            "  SC: 2 votes, 2025-02-24 to 2025-02-24: 1 yes, 0 no, 1 abstain, 0 non-voting",
            "latest votes:",
            "date        organ  symbol             vote  outcome   title",
            "2025-02-24  SC     S/2025/114         A     rejected       ",
            "2025-02-24  SC     S/RES/2774 (2025)  Y     adopted        ",
        ],
    )


def test_compare_csv_lists_the_votes_where_two_states_split(db):
    """`compare --csv` is one row per vote on which the two states voted differently, with its address."""
    code, out = run(db, "compare", "USA", "UKR", "--csv")
    assert (code, out) == (
        0,
        "id,symbol,date,title,a,b\n"
        'A/RES/ES-11/7,A/RES/ES-11/7,2025-02-24,"Advancing a comprehensive, just and lasting peace in Ukraine",N,Y\n',
    )


@pytest.mark.parametrize("setting", settings.SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_in_the_readme(setting):
    """The README's settings table names every setting's environment variable."""
    assert f"`{setting.env}`" in README.read_text(encoding="utf-8")


def test_show_names_every_group_of_votes(db):
    """`show` lists the yes, no and abstain votes by state code, yes included."""
    code, out = run(db, "show", "ES-11/7")
    assert code == 0
    assert out.splitlines()[6:9] == [
        "  yes (5): DEU, FRA, GBR, POL, UKR",
        "  no (4): BLR, PRK, RUS, USA",
        "  abstain (2): CHN, IND",
    ]


def test_show_abridges_the_largest_group_and_all_lists_it_whole(es11_db):
    """ES-11/1: the 141 yes votes name 20 states, then '… 121 more' and how to see them; --all and --json name all."""
    code, out = run(str(es11_db), "show", "ES-11/1")
    lines = out.splitlines()
    [yes] = [line for line in lines if line.startswith("  yes (141): ")]
    assert code == 0 and yes.endswith(", … 121 more") and len(yes.split(", ")) == 21
    assert "  (yes abridged: `unvotes show A/RES/ES-11/1 --all` lists every state)" in lines
    assert [line for line in lines if line.startswith("  no (5): ")]
    code, whole = run(str(es11_db), "show", "ES-11/1", "--all")
    [yes] = [line for line in whole.splitlines() if line.startswith("  yes (141): ")]
    assert code == 0 and len(yes.split(", ")) == 141 and "abridged" not in whole
    code, out = run(str(es11_db), "show", "ES-11/1", "--json")
    assert code == 0 and len(json.loads(out)["votes"]) == 193


def test_shifts_carry_both_titles_in_json_text_and_csv(es11_db):
    """`shifts USA`: the turnaround ES-11/6 → ES-11/7 names both votes' titles in the view, the text and the CSV."""
    code, out = run(str(es11_db), "shifts", "USA", "--json")
    [found] = [
        t
        for t in json.loads(out)["turnarounds"]
        if (t["before"]["symbol"], t["after"]["symbol"]) == ("A/RES/ES-11/6", "A/RES/ES-11/7")
    ]
    assert found["before"]["title"].startswith("Principles of the Charter of the United Nations underlying")
    assert found["after"]["title"].startswith("Advancing a comprehensive, just and lasting peace in Ukraine")
    code, out = run(str(es11_db), "shifts", "USA")
    lines = out.splitlines()
    at = lines.index(
        "  reversal Y → N: A/RES/ES-11/6 (2023-02-23) → A/RES/ES-11/7 (2025-02-24) [emergency special session]"
    )
    assert lines[at + 1] == f"    before: {found['before']['title']}"
    assert lines[at + 2] == f"    after:  {found['after']['title']}"
    code, out = run(str(es11_db), "shifts", "USA", "--csv")
    assert out.splitlines()[0] == (
        "change,from,to,before,before_date,before_title,after,after_date,after_title,rule"
    )
    rows = {(r["before"], r["after"]): r for r in csv.DictReader(io.StringIO(out))}
    pair = rows["A/RES/ES-11/6", "A/RES/ES-11/7"]
    assert (pair["before_title"], pair["after_title"]) == (found["before"]["title"], found["after"]["title"])
