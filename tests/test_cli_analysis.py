"""The analysis commands, over a small real record: the ES-11 resolutions and the 2025 votes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from unvotes.cli import cli


@pytest.fixture(scope="module")
def db(es11_db: Path) -> str:
    """ES-11/1–6 (2022–23, UN extract) and every 2025 vote (UN Digital Library scrape), built once per session."""
    return str(es11_db)


def run(db: str, *args: str) -> dict | list:
    result = CliRunner().invoke(cli, ["--db", db, *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_agreement_of_the_us_and_russia_on_24_february_2025(db):
    """Both no on ES-11/7 (1) and US abstaining, Russia no on ES-11/8 (½): 0.75 over 2 votes."""
    found = run(
        db, "agreement", "USA", "Russian Federation", "--since", "2025-02-24", "--until", "2025-02-24"
    )
    assert (found["a"], found["b"], found["score"], found["votes"]) == ("USA", "RUS", 0.75, 2)
    assert found["series"] == [{"period": 2025, "score": 0.75, "n": 2}]


def test_coincidence_with_the_us_in_2022(db):
    """In 2022 Ukraine voted as the US on every ES-11 resolution: 100 %; Russia never did: 0 %."""
    rows = {r["state"]: r for r in run(db, "coincidence", "USA", "--year", "2022")}
    assert rows["UKR"]["percent"] == 100.0 and rows["UKR"]["same"] == 5
    assert rows["RUS"]["percent"] == 0.0 and rows["RUS"]["opposite"] == 5


def test_the_us_turnaround_on_ukraine(db):
    """The US reversed from yes on ES-11/6 (2023) to no on ES-11/7 (2025)."""
    found = run(db, "shifts", "USA")
    reversals = [
        (t["before"]["symbol"], t["after"]["symbol"])
        for t in found["turnarounds"]
        if t["change"] == "reversal"
    ]
    assert ("A/RES/ES-11/6", "A/RES/ES-11/7") in reversals


def test_bloc_cohesion_in_2025(db):
    """`blocs --year 2025` reports each reference bloc with its votes and cohesion."""
    found = run(db, "blocs", "--year", "2025")
    eu = next(b for b in found["blocs"] if b["bloc"] == "eu")
    assert eu["members"] == 27 and eu["votes"] > 100 and 0 < eu["cohesion"] <= 1


def test_allies_of_the_us_in_2025_rank_israel_first(db):
    """Over 2025, Israel is the state that voted most often with the United States."""
    found = run(db, "allies", "USA", "--year", "2025", "--top", "3")
    assert found["allies"][0]["state"] == "ISR"
    assert found["allies"][0]["score"] >= found["allies"][1]["score"] >= found["allies"][2]["score"]


def test_an_empty_selection_says_so(db):
    """A year with no votes is a clear error, not an empty table."""
    result = CliRunner().invoke(cli, ["--db", db, "coincidence", "USA", "--year", "1990"])
    assert result.exit_code == 2 and "no recorded vote matches this selection" in result.output


def test_ideal_points_of_2025_put_the_us_above_cuba(db):
    """A static fit of the 2025 votes: one row per state with a standard error; the United States above Cuba."""
    rows = {r["state"]: r for r in run(db, "ideal-points", "--year", "2025")}
    assert rows["USA"]["ideal_point"] > rows["CUB"]["ideal_point"]
    assert all(r["se"] is None or r["se"] > 0 for r in rows.values())
    assert {"state", "session", "ideal_point", "se"} <= set(rows["USA"])


def test_ideal_points_need_a_period():
    """Without --session, --year or --dynamic the command says what to give."""
    result = CliRunner().invoke(cli, ["ideal-points"])
    assert result.exit_code == 2 and "give --session, --year or --dynamic" in result.output


def test_a_bare_year_bounds_a_selection(db):
    """`--since 2025 --until 2025` is the calendar year 2025, whose Ukraine votes include ES-11/7 and ES-11/8."""
    found = run(db, "agreement", "USA", "RUS", "--since", "2025", "--until", "2025", "--topic", "Ukraine")
    assert [s["period"] for s in found["series"]] == [2025] and found["votes"] >= 2
    shifts = run(db, "shifts", "USA", "--since", "2025")
    assert all(t["after"]["date"] >= "2025-01-01" for t in shifts["turnarounds"])
