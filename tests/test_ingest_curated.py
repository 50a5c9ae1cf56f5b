"""Hand-curated vote files: the 19 real files, and hand-made ones for free-text symbols and problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unvotes.errors import IngestError
from unvotes.ingest import curated
from unvotes.models import Counts, EventKind, Organ, Outcome, Vote, VoteEvent

COMPLETE = {"2022-02-25_SC_S-2022-155", "2022-03-02_GA_A-ES-11-L.1", "2025-02-24_SC_S-RES-2774-2025"}


def _files(shared_data: Path) -> list[Path]:
    return sorted((shared_data / "votes").glob("*.json"))


@pytest.fixture(scope="module")
def events(shared_data: Path) -> dict[str, VoteEvent]:
    parsed = {path.stem: curated.parse(path) for path in _files(shared_data)}
    assert all(len(found) == 1 for found in parsed.values())
    return {stem: found[0] for stem, found in parsed.items()}


@pytest.fixture(scope="module")
def raw(shared_data: Path) -> dict[str, dict]:
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in _files(shared_data)}


def test_all_nineteen_files_parse(events):
    """Each of the 19 files is one event keyed by its file stem."""
    assert len(events) == 19
    assert all(event.key == stem for stem, event in events.items())
    assert all(event.provenance.source == "curated" for event in events.values())


def test_completeness_as_the_files_say(events):
    """Exactly the three complete files are complete, and their tallies equal the printed counts."""
    assert {stem for stem, event in events.items() if event.complete} == COMPLETE
    for stem in COMPLETE:
        assert events[stem].tally() == events[stem].counts


def test_counts_as_printed(events, raw):
    """Printed counts come through as given; a file without any yes/no/abstain number has none."""
    for stem, event in events.items():
        printed = raw[stem]["counts"]
        if all(printed[name] is None for name in ("yes", "no", "abstain")):
            assert event.counts is None
        else:
            assert event.counts == Counts(
                printed["yes"], printed["no"], printed["abstain"], printed["non_voting"]
            )


def test_inferred_votes_never_become_votes(events, raw):
    """Deduced votes stay in extra['inferred_votes'] and never enter `votes`."""
    inferred = {stem: data["inferred_votes"] for stem, data in raw.items() if "inferred_votes" in data}
    assert len(inferred) == 4
    for stem, guesses in inferred.items():
        assert events[stem].extra["inferred_votes"] == guesses
        assert not guesses.keys() & events[stem].votes.keys()
        assert len(events[stem].votes) == len(raw[stem]["votes"])


def test_symbols_and_free_text(events):
    """Symbols are canonical; free-text documents and amended drafts are None with the text in extra."""
    es_11_7 = events["2025-02-24_GA_A-ES-11-L.10"]
    assert (es_11_7.document, es_11_7.resolution, es_11_7.meeting) == (
        "A/ES-11/L.10",
        "A/RES/ES-11/7",
        "A/ES-11/PV.20",
    )
    sc = events["2025-02-24_SC_S-RES-2774-2025"]
    assert (sc.document, sc.resolution) == (None, "S/RES/2774 (2025)")
    assert sc.extra["document_text"].startswith("US draft resolution")
    eu1 = events["2025-02-24_SC_amendment-EU-1"]
    assert (eu1.document, eu1.amends, eu1.kind) == (None, None, EventKind.AMENDMENT)
    assert eu1.extra["document_text"] == "European amendment 1 (preambular; symbol not found)"
    assert eu1.extra["amends_text"] == "US draft adopted as S/RES/2774 (2025)"
    assert events["2025-02-24_GA_A-ES-11-L.12"].amends == "A/ES-11/L.11"
    assert events["2025-02-24_GA_A-ES-11-L.11"].kind is EventKind.DRAFT_AS_AMENDED


def test_extra_for_the_store(events):
    """Sources, notes, outcome detail, majority and unresolved members are kept for the store to show."""
    eu2 = events["2025-02-24_SC_amendment-EU-2"]
    assert eu2.outcome is Outcome.VETOED and eu2.organ is Organ.SC
    assert eu2.extra["outcome_detail"].startswith("at least 9 in favour")
    assert eu2.extra["required_majority"] == "SC-nonprocedural"
    assert len(eu2.extra["unresolved"]) == 13 and eu2.extra["sources"] and eu2.extra["notes"]
    assert eu2.provenance.url == eu2.extra["sources"][0]
    assert "discrepancies" in events["2025-02-24_GA_A-ES-11-L.11"].extra


def test_veto_of_2022(events):
    """S/2022/155 (25 Feb 2022): 11–1–3, Russia against; China, India and the UAE abstaining."""
    event = events["2022-02-25_SC_S-2022-155"]
    assert event.tally() == Counts(11, 1, 3, 0)
    assert [s for s, v in event.votes.items() if v is Vote.NO] == ["RUS"]
    assert sorted(s for s, v in event.votes.items() if v is Vote.ABSTAIN) == ["ARE", "CHN", "IND"]


def test_agrees_with_oliverunv_on_2774_and_the_first_amendment(events, sc_workbook):
    """The curated S/RES/2774 votes equal oliverunv's; the first European amendment's 6–1–8 is S/2025/114's."""
    [adopted] = [e for e in sc_workbook if e.resolution == "S/RES/2774 (2025)"]
    [first] = [e for e in sc_workbook if e.document == "S/2025/114"]
    assert events["2025-02-24_SC_S-RES-2774-2025"].votes == adopted.votes
    eu1 = events["2025-02-24_SC_amendment-EU-1"]
    assert eu1.counts == first.tally()
    assert all(first.votes[state] is vote for state, vote in eu1.votes.items())


# --- hand-made files ---------------------------------------------------------------------------------------


def test_hand_made_partial_file(test_data):
    """A partial SC amendment: free-text symbols, partial counts, inferred votes kept aside."""
    [event] = curated.parse(test_data / "curated" / "2025-02-24_SC_amendment-test.json")
    assert event.key == "2025-02-24_SC_amendment-test"
    assert event.votes == {"USA": Vote.ABSTAIN, "RUS": Vote.NO} and not event.complete
    assert event.counts == Counts(6, 1, None, 0)
    assert event.extra["inferred_votes"] == {"CHN": "A_or_X"} and "CHN" not in event.votes
    assert (event.document, event.extra["document_text"]) == (None, "Test amendment (symbol not found)")


def test_complete_file_that_does_not_add_up(test_data):
    """Bad date, unknown ISO3, unknown vote, bad inferred vote, short and wrong tallies: all listed with line and field."""
    path = test_data / "curated" / "bad_complete.json"
    with pytest.raises(IngestError) as caught:
        curated.parse(path)
    where = sorted((p.line or 0, p.field) for p in caught.value.problems)
    assert where == [
        (3, "date"),
        (13, "counts.yes"),
        (19, "complete"),
        (22, "votes.XKX"),
        (23, "votes.FRA"),
        (26, "inferred_votes.AFG"),
    ]
    assert {p.file for p in caught.value.problems} == {str(path)}
    assert "printed 5, votes give 0" in str(caught.value)


def test_vote_off_the_council_and_too_many_named(test_data):
    """An SC vote by a state not in council_members, and more named yes votes than printed, are problems."""
    with pytest.raises(IngestError) as caught:
        curated.parse(test_data / "curated" / "bad_council.json")
    assert sorted((p.line, p.field) for p in caught.value.problems) == [(13, "counts.yes"), (23, "votes.DEU")]


def test_not_json(tmp_path):
    """A file that is not JSON is refused with the line of the error."""
    path = tmp_path / "x.json"
    path.write_text('{\n "body": "GA",\n oops\n}\n', encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        curated.parse(path)
    assert [(p.line, p.field) for p in caught.value.problems] == [(3, None)]


def test_missing_fields(tmp_path):
    """A file without the required fields names each one."""
    path = tmp_path / "x.json"
    path.write_text('{"body": "GA", "date": "2025-02-24"}', encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        curated.parse(path)
    assert {p.field for p in caught.value.problems} == {
        "kind",
        "outcome",
        "counts",
        "members_total",
        "complete",
        "votes",
    }


def test_bad_count_values(tmp_path, test_data):
    """A count that is not a whole number (a string, a negative) is a problem on its line."""
    data = json.loads(
        (test_data / "curated" / "2025-02-24_SC_amendment-test.json").read_text(encoding="utf-8")
    )
    data["counts"].update({"yes": "6", "no": -1})
    path = tmp_path / "x.json"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        curated.parse(path)
    assert [(p.line, p.field) for p in caught.value.problems] == [(15, "counts.yes"), (16, "counts.no")]
