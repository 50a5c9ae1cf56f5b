"""The UN Digital Library voting files: the real sample rows, both GA layouts, the SC layout, and every problem."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from unvotes.errors import IngestError
from unvotes.ingest import parser
from unvotes.ingest.undl import metadata, parse_undl_ga, parse_undl_sc
from unvotes.models import Counts, EventKind, Organ, Outcome, Vote, VoteEvent

SAMPLES = "raw/undl_official_samples"
GA_SAMPLE = f"{SAMPLES}/ga_voting_sample.csv"
SC_EXCERPT = f"{SAMPLES}/2026_02_06_sc_voting_EXCERPT.csv"


def by_resolution(events: list[VoteEvent]) -> dict[str, VoteEvent]:
    return {event.resolution or event.key: event for event in events}


@pytest.fixture(scope="module")
def ga_sample(shared_data: Path) -> dict[str, VoteEvent]:
    return by_resolution(parse_undl_ga(shared_data / GA_SAMPLE))


@pytest.fixture(scope="module")
def sc_excerpt(shared_data: Path) -> dict[str, VoteEvent]:
    return by_resolution(parse_undl_sc(shared_data / SC_EXCERPT))


@pytest.mark.parametrize(
    ("resolution", "tally"),
    [("A/RES/78/241", (152, 4, 11, 26)), ("A/RES/79/62", (166, 3, 15, 9)), ("A/RES/80/57", (164, 6, 7, 16))],
)
def test_ga_sample_tallies(ga_sample: dict[str, VoteEvent], resolution: str, tally: tuple[int, ...]) -> None:
    """Each complete sample resolution has 193 votes that add up to its printed Y-N-A-X totals."""
    event = ga_sample[resolution]
    assert event.tally() == Counts(*tally)
    assert event.counts == Counts(*tally)
    assert (len(event.votes), event.complete) == (193, True)


def test_ga_sample_has_four_events(ga_sample: dict[str, VoteEvent]) -> None:
    """The 591 sample rows make four events, one per undl_id."""
    assert sorted(ga_sample) == ["A/RES/58/20", "A/RES/78/241", "A/RES/79/62", "A/RES/80/57"]
    assert sorted(event.key for event in ga_sample.values()) == ["4031004", "4068497", "4094456", "507407"]


def test_ga_sample_partial_event_is_kept(ga_sample: dict[str, VoteEvent]) -> None:
    """A/RES/58/20 has 12 of 191 rows: kept, marked incomplete, with the printed totals."""
    event = ga_sample["A/RES/58/20"]
    assert (event.complete, len(event.votes), event.counts) == (False, 12, Counts(159, 6, 6, 20))
    assert event.votes["AUS"] == Vote.ABSTAIN and event.extra["total_ms"] == 191


def test_ga_sample_event_fields(ga_sample: dict[str, VoteEvent], shared_data: Path) -> None:
    """Every event-level field of A/RES/79/62 comes from its first row and the data dictionary."""
    event = ga_sample["A/RES/79/62"]
    assert (event.key, event.organ, event.kind, event.date) == (
        "4068497",
        Organ.GA,
        EventKind.DRAFT,
        dt.date(2024, 12, 2),
    )
    assert (event.document, event.session, event.meeting) == ("A/C.1/79/L.77", "79", "A/79/PV.44")
    assert event.title == "Lethal autonomous weapons systems : resolution / adopted by the General Assembly"
    assert (event.agenda, event.subjects, event.outcome) == (
        "Lethal autonomous weapons systems.",
        ("AUTONOMOUS WEAPONS",),
        Outcome.ADOPTED,
    )
    assert event.provenance.source == "undl_ga" and event.provenance.file == str(shared_data / GA_SAMPLE)
    assert (event.provenance.line, event.provenance.version) == (14, "Version 5 (February 2026)")
    assert event.provenance.url == "https://digitallibrary.un.org/record/4060887"
    assert event.extra["link"] == "https://digitallibrary.un.org/record/4068497"


def test_ga_sample_drafts_are_all_kept(ga_sample: dict[str, VoteEvent]) -> None:
    """The first of several pipe-separated drafts is the document; all are kept in extra."""
    event = ga_sample["A/RES/58/20"]
    assert event.document == "A/58/L.25"
    assert [d.upper() for d in event.extra["drafts"]] == ["A/58/L.25", "A/58/L.25/ADD.1"]


def test_ga_sample_states_vote_as_printed(ga_sample: dict[str, VoteEvent]) -> None:
    """Per-state votes are keyed by state id: the United States voted no on A/RES/80/57, Türkiye abstained."""
    event = ga_sample["A/RES/80/57"]
    assert (event.votes["USA"], event.votes["TUR"], event.votes["UKR"]) == (
        Vote.NO,
        Vote.ABSTAIN,
        Vote.NON_VOTING,
    )


def test_sc_2779_abstentions(sc_excerpt: dict[str, VoteEvent]) -> None:
    """S/RES/2779 (2025) was adopted 12-0-3 with China, Pakistan and Russia abstaining."""
    event = sc_excerpt["S/RES/2779 (2025)"]
    assert event.counts == Counts(12, 0, 3, 0) and event.tally() == Counts(12, 0, 3, 0)
    assert sorted(s for s, v in event.votes.items() if v == Vote.ABSTAIN) == ["CHN", "PAK", "RUS"]
    assert (event.organ, event.outcome, event.complete) == (Organ.SC, Outcome.ADOPTED, True)
    assert event.provenance.version == "Version 6 (February 2026)"


def test_sc_1982_ussr_and_zaire(sc_excerpt: dict[str, VoteEvent]) -> None:
    """In 1982 the USSR votes as SUN (not Russia) and Zaire's code COD resolves."""
    assert set(sc_excerpt["S/RES/504 (1982)"].votes) >= {"SUN", "COD"}
    assert "RUS" not in sc_excerpt["S/RES/504 (1982)"].votes
    assert sc_excerpt["S/RES/511 (1982)"].votes["SUN"] == Vote.ABSTAIN


def test_sc_excerpt_has_eight_resolutions(sc_excerpt: dict[str, VoteEvent]) -> None:
    """The 120 SC rows make eight 15-member events."""
    assert len(sc_excerpt) == 8
    assert all(len(event.votes) == 15 and event.complete for event in sc_excerpt.values())


def test_ga_2024_layout(test_data: Path) -> None:
    """The 2024 layout (ms_codes, ms_votes, NV) reads like the 2025 one; NV is non-voting."""
    events = by_resolution(parse_undl_ga(test_data / "undl" / "ga_2024_layout.csv"))
    full, partial = events["A/RES/78/5"], events["A/RES/78/6"]
    assert full.votes == {
        "USA": Vote.YES,
        "FRA": Vote.NON_VOTING,
        "CHN": Vote.NO,
        "RUS": Vote.ABSTAIN,
        "GBR": Vote.YES,
    }
    assert (full.counts, full.complete) == (Counts(2, 1, 1, 1), True)
    assert (partial.complete, partial.document, partial.provenance.line) == (False, "A/78/L.9", 7)


def test_ga_2024_layout_rejects_x(test_data: Path) -> None:
    """X is not a vote code of the 2024 layout (it uses NV)."""
    path = test_data / "undl" / "ga_2024_x_code.csv"
    with pytest.raises(IngestError) as caught:
        parse_undl_ga(path)
    assert [(p.line, p.field) for p in caught.value.problems] == [(2, "ms_votes")]
    assert "'X'" in caught.value.problems[0].message and "NV" in caught.value.problems[0].message


def test_wrong_header_names_missing_columns(test_data: Path) -> None:
    """A header of neither GA layout is one problem on line 1 naming the missing column."""
    path = test_data / "undl" / "ga_wrong_header.csv"
    with pytest.raises(IngestError) as caught:
        parse_undl_ga(path)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == (str(path), 1)
    assert "missing ms_vote" in problem.message


def test_sc_header_is_not_ga(shared_data: Path) -> None:
    """An SC file read as GA is rejected for its header, naming what the GA layout needs."""
    with pytest.raises(IngestError, match="missing .*session"):
        parse_undl_ga(shared_data / SC_EXCERPT)


MALFORMED = [
    (7, "total_yes", "printed 2, per-state votes give 3"),
    (7, "total_no", "printed 2, per-state votes give 1"),
    (12, "ms_vote", "unknown vote code 'Q'"),
    (13, "ms_name", "'ATLANTIS'"),
    (14, "date", "bad date '2025-02-30'"),
    (16, "date", "'2025-01-15' here, '2025-01-14' on line 15"),
    (17, "ms_code", "USA votes twice"),
    (18, "total_yes", "printed 1, rows present already give 2"),
    (20, None, "5 fields, expected 20"),
]


@pytest.fixture(scope="module")
def malformed(test_data: Path) -> IngestError:
    with pytest.raises(IngestError) as caught:
        parse_undl_ga(test_data / "undl" / "ga_malformed.csv")
    return caught.value


def test_malformed_lists_every_problem(malformed: IngestError, test_data: Path) -> None:
    """All the file's problems come in one error, in line order, each with the file, line and field."""
    assert [(p.line, p.field) for p in malformed.problems] == [(line, field) for line, field, _ in MALFORMED]
    assert {p.file for p in malformed.problems} == {str(test_data / "undl" / "ga_malformed.csv")}


@pytest.mark.parametrize(("line", "field", "says"), MALFORMED)
def test_malformed_problem_says_what(malformed: IngestError, line: int, field: str | None, says: str) -> None:
    """Each problem's message says what is wrong at that line and field."""
    messages = [p.message for p in malformed.problems if (p.line, p.field) == (line, field)]
    assert any(says in message for message in messages), messages


def test_rows_need_not_be_sorted(test_data: Path, tmp_path: Path) -> None:
    """Rows of one undl_id are grouped wherever they are; the event's line is its first row's."""
    rows = list(csv.reader((test_data / "undl" / "ga_2024_layout.csv").open(encoding="utf-8")))
    path = tmp_path / "mixed_ga_voting.csv"
    write(path, rows[0], [rows[1], rows[6], rows[2], rows[7], rows[3], rows[4], rows[5]])
    events = by_resolution(parse_undl_ga(path))
    assert (len(events["A/RES/78/5"].votes), events["A/RES/78/5"].complete) == (5, True)
    assert (events["A/RES/78/6"].provenance.line, len(events["A/RES/78/6"].votes)) == (3, 2)


def test_vote_note_without_vote(test_data: Path, tmp_path: Path) -> None:
    """A GA vote note saying no vote was taken makes the outcome 'adopted without a vote'."""
    rows = list(csv.reader((test_data / "undl" / "ga_2024_layout.csv").open(encoding="utf-8")))
    note = rows[0].index("vote_note")
    for row in rows[1:6]:
        row[note] = "Adopted without a vote"
    path = tmp_path / "note_ga_voting.csv"
    write(path, rows[0], rows[1:])
    events = by_resolution(parse_undl_ga(path))
    assert events["A/RES/78/5"].outcome == Outcome.ADOPTED_WITHOUT_VOTE
    assert events["A/RES/78/6"].outcome == Outcome.ADOPTED


def test_sc_modality_without_vote(test_data: Path) -> None:
    """An SC modality other than 'Vote' makes the outcome 'adopted without a vote'."""
    (event,) = parse_undl_sc(test_data / "undl" / "sc_without_vote.csv")
    assert (event.resolution, event.outcome) == ("S/RES/2034 (2012)", Outcome.ADOPTED_WITHOUT_VOTE)
    assert event.extra["modality"] == "Without vote" and event.session is None


def test_empty_file(tmp_path: Path) -> None:
    """An empty file is a problem, not an empty list of events."""
    path = tmp_path / "empty_ga_voting.csv"
    path.write_text("")
    with pytest.raises(IngestError, match="empty file"):
        parse_undl_ga(path)


def test_version_from_data_dictionary(shared_data: Path, tmp_path: Path) -> None:
    """The version and record URL come from the `*_md.md` beside a file; none where there is none."""
    assert metadata(shared_data / GA_SAMPLE, Organ.GA) == (
        "Version 5 (February 2026)",
        "https://digitallibrary.un.org/record/4060887",
    )
    assert metadata(shared_data / SC_EXCERPT, Organ.SC) == (
        "Version 6 (February 2026)",
        "https://digitallibrary.un.org/record/4055387",
    )
    assert metadata(tmp_path / "2026_02_06_ga_voting.csv", Organ.GA) == (None, None)


def test_own_data_dictionary_wins(shared_data: Path, tmp_path: Path) -> None:
    """A file's own dictionary is preferred to another one in the same folder."""
    text = (shared_data / SAMPLES / "2026_02_06_ga_voting_md.md").read_text(encoding="utf-8")
    (tmp_path / "2026_02_06_ga_voting_md.md").write_text(text, encoding="utf-8")
    (tmp_path / "2025_09_01_ga_voting_md.md").write_text(
        text.replace("Version 5 (February 2026)\n", "Version 4 (September 2025)\n"), encoding="utf-8"
    )
    assert metadata(tmp_path / "2025_09_01_ga_voting.csv", Organ.GA)[0] == "Version 4 (September 2025)"
    assert metadata(tmp_path / "2026_02_06_ga_voting.csv", Organ.GA)[0] == "Version 5 (February 2026)"


def test_parser_registry() -> None:
    """The ingest registry finds both functions of this module."""
    assert parser("undl_ga").__wrapped__ is parse_undl_ga and parser("undl_sc").__wrapped__ is parse_undl_sc


def test_generated_benchmark_file(shared_data: Path, tmp_path: Path) -> None:
    """The benchmark generator writes complete events in the 2025 layout that parse cleanly."""
    spec = importlib.util.spec_from_file_location(
        "gen_undl_ga", Path(__file__).parents[1] / "benchmarks" / "gen_undl_ga.py"
    )
    assert spec and spec.loader
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    header, full = generator.templates(shared_data / GA_SAMPLE)
    path = tmp_path / "2026_02_06_ga_voting.csv"
    write(path, header, [row for event in generator.synthetic(header, full, 2000) for row in event])
    events = parse_undl_ga(path)
    assert len(events) == 11 and len({event.key for event in events}) == 11
    assert all(event.complete and event.tally() == event.counts for event in events)


def write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
