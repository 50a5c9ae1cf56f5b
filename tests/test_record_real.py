"""The whole record built from ../shared/data: the 24 February 2025 votes, reconciliation, and the checks that must hold."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from unvotes import ingest, pipeline
from unvotes.cli import cli
from unvotes.store import connect, queries

pytestmark = pytest.mark.slow


@pytest.fixture
def con(full_db: Path):
    connection = connect(full_db, read_only=True)
    yield connection
    connection.close()


def test_es_11_7_tallies_and_the_us_with_17_states(con):
    """ES-11/7: 93-18-65 with 17 non-voting, complete per state; the US voted no with 17 others incl. DPRK and Belarus."""
    record = queries.show(con, "A/RES/ES-11/7")
    with_us = queries.voted_with(con, "ES-11/7", "USA")
    assert record["counts"] == {"yes": 93, "no": 18, "abstain": 65, "non_voting": 17}
    assert record["tally"] == record["counts"]
    assert record["complete"] and record["outcome"] == "adopted" and record["document"] == "A/ES-11/L.10"
    assert with_us["vote"] == "N" and len(with_us["states"]) == 17
    assert {"PRK", "BLR", "RUS", "HUN", "ISR"} <= set(with_us["states"])


def test_es_11_8_is_the_us_draft_as_amended(con):
    """ES-11/8: L.11 as amended, 93-8-73 with 19 non-voting, the US abstaining on its own text."""
    record = queries.show(con, "A/ES-11/L.11")
    assert record["resolution"] == "A/RES/ES-11/8"
    assert record["kind"] == "draft as amended"
    assert record["counts"] == {"yes": 93, "no": 8, "abstain": 73, "non_voting": 19}
    assert record["tally"] == record["counts"] and record["complete"]
    assert record["votes"]["USA"] == "A"
    assert sorted(r["document"] for r in record["related"]) == [
        "A/ES-11/L.12",
        "A/ES-11/L.13",
        "A/ES-11/L.14",
        "A/ES-11/L.15",
    ]


def test_ga_amendments_keep_their_outcomes_and_tallies_without_state_votes(con):
    """The four amendments to L.11: their outcomes and printed tallies; no source has their per-state votes."""
    shown = {n: queries.show(con, f"A/ES-11/L.{n}") for n in (12, 13, 14, 15)}
    assert {n: r["outcome"] for n, r in shown.items()} == {
        12: "rejected",
        13: "adopted",
        14: "adopted",
        15: "adopted",
    }
    assert {n: tuple(r["counts"].values())[:3] for n, r in shown.items()} == {
        12: (31, 71, 59),
        13: (60, 18, 81),
        14: (79, 16, 67),
        15: (83, 16, 61),
    }
    assert all(not r["complete"] and r["votes"] == {} for r in shown.values())


def test_inferred_symbols_are_flagged_and_inferred_votes_stay_out(con):
    """L.13-L.15 say their symbol assignment is inferred, L.12 does not; ES-11/7's deduced votes are not votes."""
    flags = {n: queries.show(con, f"A/ES-11/L.{n}")["symbol_inferred"] for n in (12, 13, 14, 15)}
    assert flags[12] is None and all("without naming their symbols" in flags[n] for n in (13, 14, 15))
    es_11_7 = queries.show(con, "A/ES-11/L.10")
    [curated] = [s for s in es_11_7["sources"] if s["source"] == "curated"]
    assert curated["notes"]["inferred_votes"]
    assert es_11_7["tally"] == es_11_7["counts"]  # the deduced votes never joined the per-state record


def test_show_prints_the_inferred_symbol_line(full_db):
    """`show A/ES-11/L.13` prints the tally and, under it, that the symbol assignment is inferred."""
    result = CliRunner().invoke(cli, ["--db", str(full_db), "show", "A/ES-11/L.13"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[3:5] == [
        "  counts (as printed): 60 yes, 18 no, 81 abstain, ? non-voting",
        "  symbol assignment inferred from the order of voting; see the file's notes",
    ]
    plain = CliRunner().invoke(cli, ["--db", str(full_db), "show", "A/ES-11/L.12"])
    assert "inferred" not in plain.output
    as_json = CliRunner().invoke(cli, ["--db", str(full_db), "show", "A/ES-11/L.13", "--json"])
    assert (
        "on the assumption that they were voted in the order" in json.loads(as_json.output)["symbol_inferred"]
    )


def test_replay_of_the_ga_day_decides_every_step_from_the_record(con):
    """`replay --organ GA --date 2025-02-24`: six steps, every one decided from the record's tallies, all agree."""
    import datetime as dt

    from unvotes.views import rules

    found = rules.replay_day(con, "GA", dt.date(2025, 2, 24))
    assert found["agrees"] and all(s["decided"] and s["agrees"] for s in found["steps"])
    assert found["summary"].splitlines()[-1].startswith("6 steps: 6 decided, 0 not decidable")


def test_resolution_2774_is_one_record_from_four_sources(con):
    """S/RES/2774 (2025): 10-0-5, draft S/2025/112, the same vote in four sources."""
    record = queries.show(con, "2774")
    assert record["resolution"] == "S/RES/2774 (2025)" and record["document"] == "S/2025/112"
    assert record["tally"] == {"yes": 10, "no": 0, "abstain": 5, "non_voting": 0}
    assert {s["source"] for s in record["sources"]} == {"unxml_sc", "oliverunv_sc", "hzloto_2025", "curated"}
    assert sorted(s for s, v in record["votes"].items() if v == "A") == ["DNK", "FRA", "GBR", "GRC", "SVN"]
    assert record["disagreements"] == []


@pytest.mark.parametrize(
    ("symbol", "tally", "outcome"),
    [
        ("S/2025/114", (6, 1, 8), "rejected"),
        ("S/2025/115", (9, 1, 5), "vetoed"),
        ("S/2025/116", (11, 1, 3), "vetoed"),
        ("S/2025/117", (4, 6, 5), "rejected"),
        ("S/2025/118", (1, 7, 7), "rejected"),
    ],
)
def test_security_council_amendments_of_24_february_2025(con, symbol, tally, outcome):
    """Each amendment to S/2025/112: complete per member, its outcome, joined to its hand-curated file."""
    record = queries.show(con, symbol)
    assert (record["tally"]["yes"], record["tally"]["no"], record["tally"]["abstain"]) == tally
    assert record["outcome"] == outcome and record["complete"]
    assert record["kind"] == "amendment" and record["amends"] == "S/2025/112"
    assert record["votes"]["USA"] == "A"
    assert {s["source"] for s in record["sources"]} == {"oliverunv_sc", "curated"}


def test_day_lists_the_sequences_in_voting_order(con):
    """24 Feb 2025: L.10, the amendments, L.11 as amended; then the SC amendments before the draft."""
    import datetime as dt

    records = queries.day(con, dt.date(2025, 2, 24))
    order = [r["document"] or r["resolution"] for r in records]
    assert order == [
        "A/ES-11/L.10", "A/ES-11/L.12", "A/ES-11/L.13", "A/ES-11/L.14", "A/ES-11/L.15", "A/ES-11/L.11",
        "S/2025/114", "S/2025/115", "S/2025/116", "S/2025/117", "S/2025/118", "S/2025/112",
    ]  # fmt: skip


def test_record_spans_1946_to_2025_in_both_organs(con):
    """GA and SC votes in every year from 1946 to 2025, except 1964, when the GA took no recorded vote."""
    stats = queries.stats(con)
    years = {(r["organ"], r["year"]) for r in stats["per_organ_year"]}
    assert [y for y in range(1946, 2026) if ("GA", y) not in years] == [1964]
    assert all(("SC", y) in years for y in range(1946, 2026))
    assert any(g.startswith("GA: no vote recorded in 1964 (") for g in stats["gaps"])


def test_every_source_file_is_recorded_with_a_version(con, shared_data):
    """Each of the 72 source files (the five State Department lists among them) is in source_files, with a version."""
    files = queries.stats(con)["sources"]
    assert len(files) == 72
    assert all(f["version"] for f in files)


def test_tally_mismatches_are_reported_not_hidden(con):
    """Complete events whose votes do not add up to their printed counts are listed by stats."""
    found = {(m["source"], m["symbol"]) for m in queries.stats(con)["tally_mismatches"]}
    assert ("unxml_ga", "A/RES/77/293") in found


def test_rebuilding_changes_nothing(full_db, shared_data, tmp_path):
    """Importing the same files again reports every event unchanged (on a copy of the full record)."""
    copy = shutil.copyfile(full_db, tmp_path / "record.duckdb")
    report = pipeline.import_files(
        copy, [(path, source.key) for source, path in ingest.discover(shared_data)]
    )
    assert (report.inserted, report.updated, report.removed) == (0, 0, 0)
    assert report.unchanged > 30_000


def test_make_run_output_names_the_votes(full_db):
    """`unvotes day 2025-02-24` prints each vote with tallies, outcome and who voted with the US."""
    out = CliRunner().invoke(cli, ["--db", str(full_db), "day", "2025-02-24", "--with", "USA"]).output
    assert "A/RES/ES-11/7" in out and "counts (as printed): 93 yes, 18 no, 65 abstain, 17 non-voting" in out
    assert "United States of America voted no, with 17 others:" in out
    assert "S/RES/2774 (2025)" in out and "outcome: vetoed" in out


def test_audit_of_the_whole_record(con):
    """Nearly every decidable vote agrees with its record; res. 2623 (2022) is found as a procedural decision."""
    from unvotes import audit

    report = audit.audit(con)
    causes = {f.symbol: f.cause for f in report.findings}
    assert report.decided > 8000
    assert report.agree / report.decided > 0.99
    assert causes["S/RES/2623 (2022)"] == "procedural"
    assert causes["S/RES/119 (1956)"] == "procedural"


def test_replays_of_24_february_2025_agree_with_the_record(con):
    """Both organs' sequences replay from the record with every decidable step equal to the record."""
    import datetime as dt

    from unvotes import audit
    from unvotes.rules import sequence

    for organ in ("GA", "SC"):
        result = sequence.replay(audit.sequence_of_day(con, organ, dt.date(2025, 2, 24)))
        assert result.agrees, result.summary()
    sc_steps = sequence.replay(audit.sequence_of_day(con, "SC", dt.date(2025, 2, 24))).steps
    assert [s.outcome.value for s in sc_steps if s.outcome] == [
        "rejected",
        "rejected",
        "vetoed",
        "vetoed",
        "rejected",
        "rejected",
        "adopted",
    ]


def test_roll_call_label_only_where_no_source_has_a_symbol(con):
    """A record is 'roll call N' only when none of its events has a symbol; else the best source's symbol shows."""
    from unvotes.store.queries import roll_call_label

    labelled = con.execute(
        f"""SELECT count(*) FROM records r JOIN events m ON m.event_id = r.main_event
            WHERE {roll_call_label()} LIKE 'roll call %' AND {roll_call_label()} NOT LIKE '% on %'
              AND EXISTS (SELECT 1 FROM events e WHERE e.record_id = r.record_id
                          AND coalesce(e.resolution, e.document) IS NOT NULL)"""
    ).fetchone()
    assert labelled == (0,)
    [(record_id,)] = con.execute(
        """SELECT r.record_id FROM records r JOIN events m ON m.event_id = r.main_event
           WHERE m.source = 'voeten' AND m.resolution IS NULL AND m.document IS NULL AND EXISTS (
               SELECT 1 FROM events e WHERE e.record_id = r.record_id AND e.resolution = 'A/RES/32 (I)')"""
    ).fetchall()
    assert queries.describe(con, record_id)["symbol"] == "A/RES/32 (I)"


def test_the_matrix_labels_records_as_show_does(con):
    """The analysis' bulk read labels each 1946 record with the same expression as `show`."""
    from unvotes.models import Selection
    from unvotes.store import matrix

    rows = matrix.selected_records(con, Selection(year=1946))
    assert rows and all(r["symbol"] == queries.describe(con, r["record_id"])["symbol"] for r in rows[:40])
    assert "A/RES/10 (I)" in {r["symbol"] for r in rows}


def _cli(full_db: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", str(full_db), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_agreement_with_lineage_counts_the_ussr_for_russia_and_says_so(full_db):
    """`agreement USA RUS --lineage` over 1990-1993: the USSR's 1990-91 votes count, each such year labelled."""
    plain = json.loads(
        _cli(full_db, "agreement", "USA", "RUS", "--since", "1990", "--until", "1993", "--json")
    )
    found = json.loads(
        _cli(full_db, "agreement", "USA", "RUS", "--since", "1990", "--until", "1993", "--lineage", "--json")
    )
    assert [p["period"] for p in plain["series"]] == [1992, 1993] and "lineage" not in plain["series"][0]
    labels = {p["period"]: p["lineage"] for p in found["series"]}
    assert labels == {
        1990: "SUN (predecessor of RUS)",
        1991: "SUN (predecessor of RUS)",
        1992: None,
        1993: None,
    }
    assert found["votes"] > plain["votes"] and found["a"] == "USA" and found["b"] == "RUS"
    text = _cli(full_db, "agreement", "USA", "RUS", "--since", "1990", "--until", "1993", "--lineage")
    assert text.splitlines()[1].split() == ["period", "score", "n", "lineage"]
    assert text.splitlines()[2].startswith("1990") and text.splitlines()[2].endswith(
        "SUN (predecessor of RUS)"
    )
    csv = _cli(full_db, "agreement", "USA", "RUS", "--since", "1990", "--until", "1993", "--lineage", "--csv")
    assert csv.splitlines()[0] == "period,score,n,lineage" and csv.splitlines()[1].endswith(
        ",SUN (predecessor of RUS)"
    )


def test_votes_with_lineage_label_every_row_from_the_ussr(full_db):
    """`votes RUS --lineage` from December 1991: the USSR's votes first, each labelled; Russia's own after 24 Dec."""
    args = ("votes", "RUS", "--since", "1991-12-01", "--until", "1992-12-31", "--lineage")
    rows = json.loads(_cli(full_db, *args, "--json"))
    inherited = [r for r in rows if r["lineage"]]
    assert inherited and all(r["state"] == "SUN" and r["date"] < "1991-12-24" for r in inherited)
    assert {r["lineage"] for r in inherited} == {"SUN (predecessor of RUS)"}
    assert all(r["state"] == "RUS" and r["lineage"] is None for r in rows[len(inherited) :])
    without = json.loads(_cli(full_db, *args[:-1], "--json"))
    assert len(rows) == len(without) + len(inherited) and "lineage" not in without[0]
    csv = _cli(full_db, *args, "--csv").splitlines()
    assert csv[0].endswith(",state,lineage") and csv[1].endswith(",SUN,SUN (predecessor of RUS)")
    text = _cli(full_db, *args).splitlines()
    assert "lineage" in text[0].split() and "SUN (predecessor of RUS)" in text[1]
