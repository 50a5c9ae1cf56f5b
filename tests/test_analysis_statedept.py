"""The State Department's coincidence year by year: each report's definition on small matrices worked out by hand,
and the vote set of each year on the real record."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from unvotes.analysis import alignment
from unvotes.analysis.matrix import ABSENT, ABSTAIN, NO, NOT_MEMBER, YES, VoteMatrix
from unvotes.cli import cli
from unvotes.store import connect
from unvotes.views import analysis, shapes
from unvotes.views.validate import problems

CODE = {"Y": YES, "A": ABSTAIN, "N": NO, "X": ABSENT, "-": NOT_MEMBER}

# Four votes; USA abstains on the third. AAA is absent only there, BBB only on the fourth, CCC on all, DDD was not
# yet a member on the fourth.
VOTES = {"USA": "YNAY", "AAA": "YNXY", "BBB": "NAYX", "CCC": "XXXX", "DDD": "AYN-"}


def grid(rows: dict[str, str], year: int) -> VoteMatrix:
    """A matrix of one string of vote letters per state (Y A N, X absent, - not a member), dated in `year`."""
    values = np.array([[CODE[c] for c in row] for row in rows.values()], dtype=np.int8)
    days = [f"{year}-12-0{j + 1}" for j in range(values.shape[1])]
    events = tuple({"record_id": j, "date": d, "symbol": f"A/RES/{j}"} for j, d in enumerate(days))
    return VoteMatrix(tuple(rows), values, events, np.array(days, dtype="datetime64[D]"))


def rows(year: int, votes: dict[str, str] = VOTES) -> dict[str, dict]:
    return {r["state"]: r for r in alignment.coincidence(grid(votes, year), "USA", "state-dept", year)}


@pytest.mark.parametrize("year", [2022, 2023])
def test_from_2022_each_absence_is_half_a_point_over_all_votes(year):
    """2022-2023: points (1 same, ½ partial, ½ absent) over all votes, worked out below."""
    # AAA 3 same + ½ absent = 3.5 ÷ 4 = 87.5; BBB 1 opposite, 2 partial, 1 absent = 1.5 ÷ 4 = 37.5;
    # CCC 4 absent = 2 ÷ 4 = 50.0; DDD 2 partial, 1 opposite over its 3 votes = 1 ÷ 3 = 33.3
    found = rows(year)
    assert found["AAA"] == {
        "state": "AAA", "same": 3, "opposite": 0, "partial": 0, "absent": 1, "votes": 4, "percent": 87.5,
    }  # fmt: skip
    assert found["BBB"] == {
        "state": "BBB", "same": 0, "opposite": 1, "partial": 2, "absent": 1, "votes": 4, "percent": 37.5,
    }  # fmt: skip
    assert (found["CCC"]["absent"], found["CCC"]["percent"]) == (4, 50.0)
    assert (found["DDD"]["votes"], found["DDD"]["percent"]) == (3, 33.3)


def test_in_2021_an_absence_scores_as_an_abstention():
    """2021: an absence is an abstention, a whole point where the US abstained, half against a yes or no."""
    # AAA 4 ÷ 4 = 100.0; CCC (½ + ½ + 1 + ½) ÷ 4 = 62.5; BBB's absence against a US yes: 1.5 ÷ 4 = 37.5
    found = rows(2021)
    assert (found["AAA"]["percent"], found["BBB"]["percent"], found["CCC"]["percent"]) == (100.0, 37.5, 62.5)
    assert (found["AAA"]["same"], found["AAA"]["absent"]) == (3, 1)


def test_in_2021_the_us_non_vote_scores_as_a_us_abstention_against_a_vote_cast():
    """A US non-vote (A/RES/76/226): a state's yes or abstention is partial, its absence two abstentions (same)."""
    # EEE 1.5 ÷ 2 = 75.0; FFF 1.5 ÷ 2 = 75.0; GGG 2 ÷ 2 = 100.0 (2022 rule: the absence is half a point, 75.0)
    votes = {"USA": "YX", "EEE": "YY", "FFF": "YA", "GGG": "YX"}
    found = rows(2021, votes)
    assert [found[s]["percent"] for s in ("EEE", "FFF", "GGG")] == [75.0, 75.0, 100.0]
    assert (found["EEE"]["partial"], found["FFF"]["partial"], found["GGG"]["absent"]) == (1, 1, 1)
    assert rows(2022, votes)["GGG"]["percent"] == 75.0


def test_2017_and_2018_leave_absences_out():
    """2017-2018: AAA 3 ÷ 3 = 100.0, BBB (0 + ½ + ½) ÷ 3 = 33.3, CCC none to compare (None)."""
    found = rows(2018)
    assert (found["AAA"]["percent"], found["BBB"]["percent"], found["CCC"]["percent"]) == (100.0, 33.3, None)
    assert (found["AAA"]["absent"], found["CCC"]["absent"]) == (1, 4)


@pytest.mark.parametrize("year", [2019, 2020])
def test_2019_and_2020_score_an_absence_where_the_us_abstained_as_partial(year):
    """AAA, absent on the US abstention: (3 + ½) ÷ 4 = 87.5; CCC, absent on all four: ½ ÷ 1 = 50.0; BBB's absence
    on a US yes is left out: 33.3. 2019 keeps AAA's absence in the absent column, 2020 moves it to partial."""
    found = rows(year)
    assert (found["AAA"]["percent"], found["BBB"]["percent"], found["CCC"]["percent"]) == (87.5, 33.3, 50.0)
    columns = (
        found["AAA"]["partial"],
        found["AAA"]["absent"],
        found["CCC"]["partial"],
        found["CCC"]["absent"],
    )
    assert columns == ((0, 1, 0, 4) if year == 2019 else (1, 0, 1, 3))


@pytest.mark.parametrize(
    ("year", "rule"),
    [(2016, "yes-no"), (2018, "2017"), (2019, "2019"), (2020, "2020"), (2021, "2021"), (2024, "2022")],
)
def test_each_year_has_its_reports_rule(year, rule):
    """2024 and later keep the 2022-2023 definition until a report says otherwise."""
    assert alignment.report_rule(year) == rule


def test_rescoring_rotates_rows_or_sets_one_vote():
    """ "next" gives each named state the vote of the one after it (the last the first's), on the named columns
    only; a letter sets the named states' vote."""
    m = grid({"USA": "YY", "AAA": "YN", "BBB": "NA", "CCC": "AY"}, 2019)
    rotated = alignment.rescored(m, [0], ["AAA", "BBB", "CCC"], "next")
    assert rotated.values.tolist() == [[YES, YES], [NO, NO], [ABSTAIN, ABSTAIN], [YES, YES]]
    assert alignment.rescored(m, [1], ["USA"], "N").values[0].tolist() == [YES, NO]
    assert m.values[1].tolist() == [YES, NO]  # the matrix read is left as it was


@pytest.fixture
def con(full_db: Path):
    with connect(full_db, read_only=True) as con:
        yield con


# year → (votes, the state the report names as most absent, its absences, as the report's summary prints them)
SUMMARIES = {
    2019: (100, "DMA", 91),
    2020: (
        100,
        "SOM",
        88,
    ),  # the summary's 98 non-votes; the table scores 10 (where the US abstained) partial
    2021: (86, "COD", 83),
    2022: (89, "VEN", 89),
    2023: (88, "VEN", 88),
}


@pytest.mark.slow
@pytest.mark.parametrize("year", sorted(SUMMARIES))
def test_the_listed_years_count_the_lists_votes(con, year):
    """2019-2023 count exactly the listed votes; the most absent state and its absences are the report's."""
    found = analysis.coincidence(con, "USA", year, "state-dept")
    votes, state, absent = SUMMARIES[year]
    most = max(found["rows"], key=lambda r: r["absent"])
    assert (found["basis"], found["votes"], found["unmatched"]) == ("list", votes, [])
    assert (most["state"], most["absent"]) == (state, absent)


@pytest.mark.slow
def test_2024_follows_the_stated_rule_and_important_votes_come_from_the_list(con):
    """2024 has no list: final GA votes adopted with a recorded vote, the 2022 rule; 2022 --important: 21 votes."""
    found = analysis.coincidence(con, "USA", 2024, "state-dept")
    assert (found["basis"], found["rule"], found["votes"]) == ("rule", "2022", 93)
    important = analysis.coincidence(con, "USA", 2022, "state-dept", important=True)
    assert (important["basis"], important["votes"]) == ("list", 21)


def published_rows() -> list[dict[str, str]]:
    """Rows of the reports' per-country tables, entered by hand from "Voting Practices in the United Nations"
    2019-2023 (section "Voting coincidence on all contested votes"; percentages printed whole)."""
    with (Path(__file__).parent / "data" / "statedept_published.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.slow
@pytest.mark.parametrize("row", published_rows(), ids=lambda r: f"{r['year']}-{r['state']}")
def test_rows_as_the_reports_print_them(con, row):
    """Same, opposite, partial and absent as printed; the percentage within a point of the printed whole one (the
    reports' rounding is not stated). 2019 PHL, NOR and KOR need the 2019 erratum, 2020 DMA and SOM the partial
    absences, 2021 the A/RES/75/289 erratum."""
    found = {r["state"]: r for r in analysis.coincidence(con, "USA", int(row["year"]), "state-dept")["rows"]}
    ours = found[row["state"]]
    assert [ours[k] for k in ("same", "opposite", "partial", "absent")] == [
        int(row[k]) for k in ("same", "opposite", "partial", "absent")
    ]
    assert abs(ours["percent"] - int(row["percent"])) <= 1.0


@pytest.mark.slow
def test_errata_are_applied_said_and_can_be_left_out(con):
    """2021 scores A/RES/75/289 as a US yes and says so; --as-recorded scores it as cast (a no): Canada, which
    voted yes, has one more same as printed and one more opposite as cast."""
    printed = analysis.coincidence(con, "USA", 2021, "state-dept")
    cast = analysis.coincidence(con, "USA", 2021, "state-dept", as_recorded=True)
    assert [(e["ids"], e["states"], e["scored_as"]) for e in printed["errata"]] == [
        (["A/RES/75/289"], ["USA"], "Y")
    ]
    assert cast["errata"] == []
    can = {r["state"]: r for r in printed["rows"]}["CAN"], {r["state"]: r for r in cast["rows"]}["CAN"]
    assert (can[0]["same"] - can[1]["same"], can[1]["opposite"] - can[0]["opposite"]) == (1, 1)
    other = analysis.coincidence(con, "FRA", 2021, "state-dept")
    assert other["errata"] == []  # the report compares with the USA only


@pytest.mark.slow
def test_the_cli_says_which_votes_it_scored_as_printed(full_db: Path):
    """The text names the erratum and how to leave it out; --as-recorded leaves it out and says nothing of it."""
    printed = CliRunner().invoke(cli, ["--db", str(full_db), "coincidence", "USA", "--year", "2021"])
    cast = CliRunner().invoke(
        cli, ["--db", str(full_db), "coincidence", "USA", "--year", "2021", "--as-recorded"]
    )
    assert printed.exit_code == 0 and cast.exit_code == 0, printed.output + cast.output
    assert "A/RES/75/289: USA counted as yes" in printed.output and "--as-recorded" in printed.output
    assert "A/RES/75/289" not in cast.output
    as_json = CliRunner().invoke(
        cli, ["--db", str(full_db), "coincidence", "USA", "--year", "2021", "--json"]
    )
    assert (
        "A/RES/75/289: USA counted as yes" in as_json.stderr
    )  # the JSON rows are a bare list: said on stderr
    assert json.loads(as_json.stdout)[0]["state"] == "ISR"
    can = [
        next(line.split() for line in out.output.splitlines() if line.startswith("CAN "))
        for out in (printed, cast)
    ]
    assert (can[0][1], can[1][1]) == ("57", "56")  # Canada's same, as printed and as cast


@pytest.mark.slow
def test_a_published_table_is_compared_state_by_state(full_db: Path, tmp_path: Path):
    """Three printed 2020 rows as the report has them, and Canada's altered: three states compared, two identical
    and within a point, Canada first with the gap; the text says how many and shows the differing one."""
    table = tmp_path / "published-2020.csv"
    table.write_text(
        "COUNTRY,ISO,SAME,PARTIAL,OPPOSITE,ABSENT,COINCIDENCE\n"
        "Dominica,DMA,6,14,23,57,0.30\nSomalia,SOM,0,10,2,88,0.42\nCanada,CAN,50,20,30,0,0.60\n",
        encoding="utf-8",
    )
    args = ["--db", str(full_db), "coincidence", "USA", "--year", "2020", "--against", str(table)]
    found = json.loads(CliRunner().invoke(cli, [*args, "--json"]).output)
    assert (found["compared"], found["identical"], found["within_one_point"]) == (3, 2, 2)
    first = found["rows"][0]
    assert (first["state"], first["identical"], first["printed"]["same"], first["ours"]["same"]) == (
        "CAN",
        False,
        50,
        54,
    )
    assert first["gap"] == 4.0 and len(found["only_ours"]) == 189
    text = CliRunner().invoke(cli, args).output
    assert "same, opposite and partial as printed: 2 (66.7 %)" in text and "differing (1):" in text
    with connect(full_db, read_only=True) as con:
        assert problems(analysis.coincidence_against(con, "USA", 2020, table), shapes.CoincidenceCheck) == []
