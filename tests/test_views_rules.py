"""The rules' views conform to their published shapes: decisions, replays and the audit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from unvotes.rules import sequence_format
from unvotes.store import connect
from unvotes.views import rules, shapes
from view_checks import conforms

DAY = dt.date(2025, 2, 24)


@pytest.fixture
def con(fixture_db: Path):
    with connect(fixture_db, read_only=True) as con:
        yield con


def test_decision_from_numbers_conforms():
    """A decision from numbers is a `Decision` with no symbol and no recorded outcome."""
    found = rules.decision("SC", 11, 1, 3, negative_permanent=["RUS"], on=dt.date(2022, 2, 25))
    conforms(found, shapes.Decision)
    assert (found["outcome"], found["vetoed_by"], found["symbol"]) == ("vetoed", ["RUS"], None)
    assert found["tally"] == {"yes": 11, "no": 1, "abstain": 3, "non_voting": 0}


def test_decision_of_a_recorded_vote_conforms(con):
    """A recorded vote's decision names the vote and its recorded outcome."""
    found = rules.recorded_decision(con, "S/2025/114")
    conforms(found, shapes.Decision)
    assert (found["symbol"], found["recorded"], found["outcome"]) == ("S/2025/114", "rejected", "rejected")


def test_an_impossible_question_is_a_value_error():
    """A procedural question in the General Assembly is refused."""
    with pytest.raises(ValueError, match="Security Council question"):
        rules.decision("GA", 1, 0, question="procedural")


def test_replay_of_the_day_conforms(con):
    """`replay_day` returns a `Replay` with the summary in words."""
    found = rules.replay_day(con, "SC", DAY)
    conforms(found, shapes.Replay)
    assert found["agrees"] is True and found["summary"].startswith("SC 2025-02-24")


def test_a_replayed_days_steps_carry_the_votes_addresses(con):
    """Each step filled from the record names the vote's permanent address, so the page can link it."""
    steps = rules.replay_day(con, "SC", DAY)["steps"]
    by_document = {s["document"]: s["id"] for s in steps}
    assert by_document["S/2025/114"] == "S/2025/114"
    assert steps[0]["id"] is None  # the motion to postpone: not a recorded vote
    filled = [s["id"] for s in steps if s["id"]]
    assert len(filled) == len(set(filled)) >= 2


def test_replay_of_a_packaged_sequence_file_conforms():
    """A sequence file replays to a `Replay` without the store."""
    seq = sequence_format.packaged(DAY.isoformat(), "GA")
    assert seq is not None
    found = rules.replay_dict(seq)
    conforms(found, shapes.Replay)
    assert {s["id"] for s in found["steps"]} == {None}  # a file is not the record: no address


def test_audit_conforms(con):
    """`audit` returns an `Audit`."""
    found = rules.audit(con)
    conforms(found, shapes.Audit)
    assert (found["decided"], found["agree"]) == (3, 3)
