"""The story: written from the record, every number and every state it names agreeing with it; the 24 February
2025 story pinned as read; spelling; the CLI and the web pages."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from unvotes.cli import cli
from unvotes.report import story as writer
from unvotes.report.names import short_name
from unvotes.store import connect
from unvotes.views import record
from unvotes.views.story import story_facts

GOLDEN = Path(__file__).parent / "data" / "story" / "2025-02-24.txt"
WORDS = {"Y": "yes", "N": "no", "A": "abstain", "X": "absent"}


@pytest.fixture
def fixture_con(fixture_db: Path):
    with connect(fixture_db, read_only=True) as con:
        yield con


def test_the_fixture_days_story_names_the_vote_and_its_count(fixture_con):
    """The story of the fixture's 24 February 2025 leads with the Assembly's vote and its count."""
    story = writer.write(story_facts(fixture_con, "2025-02-24"))
    lede = story["paragraphs"][0]["sentences"][0]
    counts = record.vote(fixture_con, "A/RES/ES-11/7")["counts"]
    assert story["headline"].startswith("UN General Assembly adopts")
    assert lede["evidence"]["vote"] == "A/RES/ES-11/7"
    assert f"by {counts['yes']} votes to {counts['no']}, with {counts['abstain']} abstentions" in lede["text"]


def test_american_spelling_changes_dates_and_favour(fixture_con):
    """`american` writes "February 24, 2025" and "in favor"; `british` "24 February 2025" and "in favour"."""
    facts = story_facts(fixture_con, "2025-02-24")
    british = writer.text(writer.write(facts, "british"))
    american = writer.text(writer.write(facts, "american"))
    assert "24 February 2025" in british and "in favour" in british and "favor " not in british
    assert "February 24, 2025" in american and "in favor" in american and "favour" not in american
    with pytest.raises(ValueError, match="unknown spelling"):
        writer.write(facts, "canadian")


def test_the_cli_writes_every_format(fixture_db):
    """`unvotes story` writes text, markdown, HTML and JSON of the same story."""
    outputs = {}
    for form in ("text", "markdown", "html", "json"):
        result = CliRunner().invoke(cli, ["--db", str(fixture_db), "story", "2025-02-24", "--format", form])
        assert result.exit_code == 0, result.output
        outputs[form] = result.output
    headline = json.loads(outputs["json"])["headline"]
    assert outputs["text"].startswith(headline) and outputs["markdown"].startswith(f"# {headline}")
    assert f"<h1>{headline}</h1>" in outputs["html"].replace("&#x27;", "'")


def test_a_day_without_votes_is_not_found(fixture_db):
    """A day the record holds no vote of is an error saying so, not an empty story."""
    result = CliRunner().invoke(cli, ["--db", str(fixture_db), "story", "1999-01-01", "--json"])
    assert result.exit_code == 2 and json.loads(result.stdout)["error"]["type"] == "not_found"


def test_the_html_escapes_the_record(fixture_con):
    """Titles and names go through HTML escaping: no markup from the record reaches the page."""
    facts = story_facts(fixture_con, "2025-02-24")
    facts["organs"][0]["votes"][0]["title"] = "<script>alert(1)</script>"
    page = writer.html(writer.write(facts))
    assert "<script>" not in page and "&lt;script&gt;" in page


@pytest.mark.slow
def test_the_24_february_2025_story_is_pinned(full_db, shared_data):
    """The story of 24 February 2025, as read and checked against the record, is unchanged (the sources' paths
    written as from the project folder)."""
    with connect(full_db, read_only=True) as con:
        found = writer.text(writer.write(story_facts(con, "2025-02-24")))
    assert found.replace(str(shared_data), "../shared/data") == GOLDEN.read_text(encoding="utf-8")


def _days(con, count: int) -> list[str]:
    rows = con.execute("SELECT DISTINCT CAST(date AS VARCHAR) FROM records ORDER BY 1").fetchall()
    return random.Random(20250224).sample([r[0] for r in rows], count)


@pytest.mark.slow
def test_every_number_and_state_in_random_days_stories_agrees_with_the_record(full_db):
    """Over 12 random voting days from 1946 on: every count a sentence states is the record's, every state it
    names voted as it says, and each named state's name is in the sentence."""
    with connect(full_db, read_only=True) as con:
        for day in _days(con, 12):
            story = writer.write(story_facts(con, day))
            for paragraph in story["paragraphs"]:
                for sentence in paragraph["sentences"]:
                    _agrees(con, sentence, dt.date.fromisoformat(day))


def _agrees(con, sentence: dict, day: dt.date) -> None:
    evidence = sentence["evidence"]
    if "vote" not in evidence:
        return
    found = record.vote(con, evidence["vote"])
    counts = evidence.get("counts")
    if counts:
        printed = (
            found["counts"] if found["counts"] and found["counts"]["yes"] is not None else found["tally"]
        )
        assert [counts[k] for k in ("yes", "no", "abstain")] == [
            printed[k] or 0 for k in ("yes", "no", "abstain")
        ]
        assert re.search(rf"\b{counts['yes']}\b", sentence["text"]), sentence["text"]
    for state, word in evidence.get("named", {}).items():
        assert WORDS.get(found["votes"].get(state, "X")) == word, (state, sentence["text"])
        if len(evidence["named"]) <= 20:
            assert short_name(state, day).removeprefix("the ") in sentence["text"], (state, sentence["text"])
