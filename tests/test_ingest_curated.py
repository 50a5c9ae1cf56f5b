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


# --- broken files: every problem a file:line [field] message, never a traceback ---------------------------

BROKEN = Path(__file__).resolve().parent / "data" / "broken" / "curated"
EXPECTED = {
    "count_nan.json": [(14, "yes", "NaN is not a number JSON allows")],
    "count_too_large.json": [
        (14, "counts.yes", "bad count 1000000000000000000000000000000 (expected a whole")
    ],
    "counts_as_strings.json": [(14, "counts.yes", 'bad count "60"'), (15, "counts.no", 'bad count "18"')],
    "duplicate_complete.json": [(21, "complete", 'key "complete" given twice: false after "no"')],
    "duplicate_vote.json": [(24, "RUS", 'key "RUS" given twice: "Y" after "N"')],
    "meeting_number.json": [(5, "meeting", "expected a string, got 9866")],
    "nested_arrays.json": [
        (21, "votes", "expected an object ISO3 → Y/N/A/X, got an array"),
        (22, "notes", "expected a string or a list of strings, got an array whose item 1 is an array"),
    ],
    "unhashable_choices.json": [
        (2, "body", "expected a string, got an object"),
        (7, "kind", "expected a string, got an array"),
        (21, "votes.HUN", "expected a string, got an array"),
    ],
}


def test_every_broken_file_has_its_expectation():
    """Each hand-made broken file in tests/data/broken/curated is checked below, and nothing else is there."""
    assert sorted(p.name for p in BROKEN.glob("*.json")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_is_refused_with_line_and_field(name):
    """A wrong type, a repeated key, NaN or an oversized count is one problem each, at its line and field."""
    with pytest.raises(IngestError) as caught:
        curated.parse(BROKEN / name)
    found = [(p.line, p.field, p.message) for p in caught.value.problems]
    assert [(line, field) for line, field, _ in found] == [(line, field) for line, field, _ in EXPECTED[name]]
    for (_, _, message), (_, _, words) in zip(found, EXPECTED[name], strict=True):
        assert message.startswith(words) and "[[" not in message and "{'" not in message


def test_nesting_too_deep_is_a_problem(tmp_path):
    """A hundred thousand nested arrays are refused as a problem of the file, not a RecursionError."""
    path = tmp_path / "deep.json"
    path.write_text('{"votes": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        curated.parse(path)
    assert [p.message for p in caught.value.problems] == ["not readable JSON: nested too deeply"]


def test_bytes_that_are_not_utf8_are_a_problem(tmp_path):
    """A file in another encoding is refused as not UTF-8, naming the byte."""
    path = tmp_path / "latin.json"
    path.write_bytes('{"title": "Côte"}'.encode("latin-1"))
    with pytest.raises(IngestError) as caught:
        curated.parse(path)
    assert [p.message for p in caught.value.problems] == ["not UTF-8 text (byte 12)"]


def test_symbol_assignment_inferred_is_flagged(events):
    """L.13–L.15 carry the note saying their tallies' symbols are inferred from the order; L.12 and L.10 do not."""
    flagged = {stem for stem, event in events.items() if "symbol_inferred" in event.extra}
    assert flagged == {f"2025-02-24_GA_A-ES-11-L.{n}" for n in (13, 14, 15)}
    assert "without naming their symbols" in events["2025-02-24_GA_A-ES-11-L.15"].extra["symbol_inferred"]


def test_the_european_amendments_keep_their_tallies_and_no_state_votes(events):
    """L.12–L.15 give the tallies the sources print and name no state's vote (Hungary's no is in the notes only)."""
    tallies = {n: events[f"2025-02-24_GA_A-ES-11-L.{n}"].counts for n in (12, 13, 14, 15)}
    assert tallies == {
        12: Counts(31, 71, 59, None),
        13: Counts(60, 18, 81, None),
        14: Counts(79, 16, 67, None),
        15: Counts(83, 16, 61, None),
    }
    assert all(not events[f"2025-02-24_GA_A-ES-11-L.{n}"].votes for n in (12, 13, 14, 15))
