"""Member-state reference data: invariants of the tables, the lookup, and every spelling of every real source."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import gzip
import io
import itertools
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from unvotes import refdata
from unvotes.errors import UnknownState
from unvotes.refdata import states

D = dt.date
KINDS = {"continuation", "dissolution", "merger", "absorption"}


def _overlap(a: states.State, b: states.State) -> bool:
    """Whether two states' membership periods share a day (states without dates count as always)."""
    a_end, b_end = a.ended or D.max, b.ended or D.max
    return (a.admitted or D.min) < b_end and (b.admitted or D.min) < a_end


# --- the tables -------------------------------------------------------------------------------------------


def test_state_ids_are_unique() -> None:
    """No state_id appears twice in states.csv."""
    ids = [r["state_id"] for r in refdata.rows("states.csv")]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("field", ["iso3", "iso2", "m49", "cow", "undl_code"])
def test_codes_are_unique_among_states_that_coexist(field: str) -> None:
    """Two states share a code only when they were never members at the same time (USSR/Russia: COW 365)."""
    clashes = [
        (a.state_id, b.state_id)
        for a, b in itertools.combinations(states.states().values(), 2)
        if getattr(a, field) is not None and getattr(a, field) == getattr(b, field) and _overlap(a, b)
    ]
    assert clashes == []


def test_every_state_has_all_codes() -> None:
    """Every state has ISO2, ISO3, M49, COW and UN DL codes, except Zanzibar (no ISO code ever existed)."""
    missing = [
        s.state_id
        for s in states.states().values()
        if s.state_id != "ZAN" and None in (s.iso3, s.iso2, s.m49, s.cow, s.undl_code)
    ]
    assert missing == []


def test_ids_are_iso3_where_the_state_has_one() -> None:
    """A state's id is its ISO3 code (ISO 3166-3 for former states)."""
    assert all(s.state_id == s.iso3 for s in states.states().values() if s.iso3)


def test_admission_precedes_end() -> None:
    """No state ends before it is admitted."""
    assert all(s.ended is None or s.admitted < s.ended for s in states.states().values())


def test_successions_name_known_states_and_kinds() -> None:
    """Every predecessor and successor exists, and the kind is one of the four known ones."""
    known = states.states()
    for s in states.successions():
        assert s.predecessor in known and s.successor in known and s.kind in KINDS, s


def test_predecessors_end_when_they_are_succeeded() -> None:
    """A continued, merged or absorbed state ends on the day of its succession."""
    for s in states.successions():
        if s.kind != "dissolution":
            assert states.states()[s.predecessor].ended == s.date, s


def test_successors_of_ussr_start_with_the_continuing_state() -> None:
    """The Russian Federation continues the USSR; Czechia and Slovakia both succeed Czechoslovakia."""
    assert states.successors_of("SUN")[0] == "RUS"
    assert sorted(states.successors_of("CSK")) == ["CZE", "SVK"]
    assert states.successors_of("DDR") == ["DEU"] and states.successors_of("YMD") == ["YEM"]


def test_names_and_aliases_name_known_states() -> None:
    """Every dated name and alias points at a state in states.csv, with valid_from before valid_to."""
    known = states.states()
    entries = [*states.names(), *(e for es in states.code_aliases().values() for e in es)]
    for e in entries:
        assert e.state_id in known, e
        assert e.valid_from is None or e.valid_to is None or e.valid_from < e.valid_to, e


def test_official_names_of_a_state_do_not_overlap() -> None:
    """A state bore one official name at a time."""
    rows = sorted(refdata.rows("state_names.csv"), key=lambda r: (r["state_id"], r["valid_from"]))
    for a, b in itertools.pairwise(rows):
        if a["state_id"] == b["state_id"]:
            assert a["valid_to"] and a["valid_to"] <= b["valid_from"], (a, b)


def test_dated_code_aliases_do_not_overlap() -> None:
    """One code names at most one state on any day, so a dated code alias is never ambiguous."""
    for key, entries in states.code_aliases().items():
        for a, b in itertools.combinations(entries, 2):
            disjoint = (a.valid_to and b.valid_from and a.valid_to <= b.valid_from) or (
                b.valid_to and a.valid_from and b.valid_to <= a.valid_from
            )
            assert a.state_id == b.state_id or disjoint, key


# --- membership ---------------------------------------------------------------------------------------------


def test_members_in_2025_are_the_un_list(shared_data: Path) -> None:
    """On 2025-06-01 the members are exactly the 193 of members/un_members_2025.csv."""
    with (shared_data / "members" / "un_members_2025.csv").open(encoding="utf-8") as handle:
        expected = sorted(r["iso3"] for r in csv.DictReader(handle))
    assert states.members_on(D(2025, 6, 1)) == expected
    assert len(expected) == 193


def test_admission_dates_match_the_un_list(shared_data: Path) -> None:
    """Admission dates are the UN's, except Russia, which took over the USSR's seat on 1991-12-24."""
    with (shared_data / "members" / "un_members_2025.csv").open(encoding="utf-8") as handle:
        listed = {r["iso3"]: D.fromisoformat(r["admission_date"]) for r in csv.DictReader(handle)}
    differ = {i: d for i, d in listed.items() if states.states()[i].admitted != d}
    assert differ == {"RUS": D(1945, 10, 24)}


def test_51_original_members() -> None:
    """The 51 original members had all joined by the end of 1945; 29 had ratified when the Charter came into force."""
    assert len(states.members_on(D(1945, 12, 31))) == 51
    assert len(states.members_on(D(1945, 10, 24))) == 29
    assert {"SUN", "YUG", "CSK", "CHN", "BLR", "UKR"} <= set(states.members_on(D(1945, 12, 31)))


@pytest.mark.parametrize(
    ("day", "count"),
    [
        (D(1950, 1, 1), 59),
        (D(1960, 12, 31), 99),
        (D(1970, 12, 31), 127),
        (D(1980, 12, 31), 154),
        (D(1990, 12, 31), 159),
        (D(1993, 12, 31), 184),  # with the Yugoslav seat, which took no part from 1992-09-22 to 2000-11-01
        (D(1995, 6, 1), 185),
        (D(2000, 12, 31), 189),
        (D(2006, 12, 31), 192),
        (D(2011, 12, 31), 193),
    ],
)
def test_membership_counts_by_year(day: dt.date, count: int) -> None:
    """Membership counts match the UN's growth table and the totals of the UN Digital Library's roll calls."""
    assert len(states.members_on(day)) == count


def test_successions_are_seamless() -> None:
    """The USSR's seat passes to Russia on one day; the GDR and Democratic Yemen end as their successors absorb them."""
    assert "SUN" in states.members_on(D(1991, 12, 23)) and "RUS" not in states.members_on(D(1991, 12, 23))
    assert "RUS" in states.members_on(D(1991, 12, 24)) and "SUN" not in states.members_on(D(1991, 12, 24))
    assert "DDR" not in states.members_on(D(1990, 10, 3)) and "DDR" in states.members_on(D(1990, 10, 2))
    assert "YMD" not in states.members_on(D(1990, 5, 22)) and "YEM" in states.members_on(D(1990, 5, 22))
    assert "CSK" in states.members_on(D(1992, 12, 31)) and "CZE" in states.members_on(D(1993, 1, 19))


def test_syria_was_part_of_the_united_arab_republic() -> None:
    """Syria's seat merged into the UAR (Egypt's) from 1958-02-21 until 1961-10-13."""
    assert "SYR" not in states.members_on(D(1960, 1, 1)) and "EGY" in states.members_on(D(1960, 1, 1))
    assert "SYR" in states.members_on(D(1961, 10, 13))


# --- names by date --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state_id", "day", "name"),
    [
        ("BEN", D(1970, 1, 1), "Dahomey"),
        ("BEN", D(1980, 1, 1), "Benin"),
        ("BFA", D(1980, 1, 1), "Upper Volta"),
        ("BLR", D(1980, 1, 1), "Byelorussian Soviet Socialist Republic"),
        ("UKR", D(1980, 1, 1), "Ukrainian Soviet Socialist Republic"),
        ("COD", D(1980, 1, 1), "Zaire"),
        ("COD", D(2000, 1, 1), "Democratic Republic of the Congo"),
        ("MMR", D(1980, 1, 1), "Burma"),
        ("LKA", D(1960, 1, 1), "Ceylon"),
        ("THA", D(1947, 1, 1), "Siam"),
        ("SWZ", D(2000, 1, 1), "Swaziland"),
        ("TUR", D(2020, 1, 1), "Turkey"),
        ("TUR", D(2023, 1, 1), "Türkiye"),
        ("CZE", D(2000, 1, 1), "Czech Republic"),
        ("CPV", D(2000, 1, 1), "Cape Verde"),
        ("MKD", D(2000, 1, 1), "The former Yugoslav Republic of Macedonia"),
        ("KHM", D(1980, 1, 1), "Democratic Kampuchea"),
        ("KHM", D(1972, 1, 1), "Khmer Republic"),
        ("SRB", D(2001, 1, 1), "Yugoslavia"),
        ("SRB", D(2004, 1, 1), "Serbia and Montenegro"),
        ("SRB", D(2010, 1, 1), "Serbia"),
        ("EGY", D(1960, 1, 1), "United Arab Republic"),
        ("DEU", D(1980, 1, 1), "Federal Republic of Germany"),
        ("SUN", D(1980, 1, 1), "Union of Soviet Socialist Republics"),
    ],
)
def test_name_on(state_id: str, day: dt.date, name: str) -> None:
    """Renamed states keep one identity and bear the name of the day."""
    assert states.name_on(state_id, day) == name


# --- the lookup -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        ("TÜRKİYE", {}, "TUR"),
        ("TÜRKÝYE", {}, "TUR"),
        ("Turkey", {}, "TUR"),
        ("NETHERLANDS (KINGDOM OF THE)", {}, "NLD"),
        ("Côte d’Ivoire", {}, "CIV"),
        ("COTE D'IVOIRE", {}, "CIV"),
        ("365", {"scheme": "cow", "on": D(1980, 1, 1)}, "SUN"),
        ("365", {"scheme": "cow", "on": D(1995, 1, 1)}, "RUS"),
        ("345", {"scheme": "cow", "on": D(1980, 1, 1)}, "YUG"),
        ("345", {"scheme": "cow", "on": D(2005, 1, 1)}, "SRB"),
        ("260", {"scheme": "cow"}, "DEU"),
        ("255", {"scheme": "cow"}, "DEU"),
        ("265", {"scheme": "cow"}, "DDR"),
        ("315", {"scheme": "cow"}, "CSK"),
        ("316", {"scheme": "cow"}, "CZE"),
        ("678", {"scheme": "cow"}, "YEM"),
        ("679", {"scheme": "cow"}, "YEM"),
        ("680", {"scheme": "cow"}, "YMD"),
        ("710", {"scheme": "cow"}, "CHN"),
        ("713", {"scheme": "cow", "on": D(1960, 1, 1)}, "CHN"),
        ("2", {"scheme": "cow"}, "USA"),
        ("US", {"scheme": "iso2"}, "USA"),
        ("RU", {"scheme": "iso2", "on": D(1980, 1, 1)}, "SUN"),
        ("RU", {"scheme": "iso2", "on": D(2000, 1, 1)}, "RUS"),
        ("YU", {"scheme": "iso2", "on": D(1980, 1, 1)}, "YUG"),
        ("YU", {"scheme": "iso2", "on": D(2010, 1, 1)}, "SRB"),
        ("DD", {"scheme": "iso2"}, "DDR"),
        ("YD", {"scheme": "iso2"}, "YMD"),
        ("CS", {"scheme": "iso2", "on": D(1980, 1, 1)}, "CSK"),
        ("TW", {"scheme": "iso2", "on": D(1960, 1, 1)}, "CHN"),
        ("RUS", {"on": D(1980, 1, 1)}, "SUN"),
        ("RUS", {}, "RUS"),
        ("SRB", {"on": D(1980, 1, 1)}, "YUG"),
        ("TWN", {"on": D(1960, 1, 1)}, "CHN"),
        ("SUN", {"scheme": "undl"}, "SUN"),
        ("COD", {"scheme": "undl"}, "COD"),
        ("643", {"scheme": "m49"}, "RUS"),
        ("Russia", {"on": D(1980, 1, 1)}, "SUN"),
        ("Russia", {"on": D(2000, 1, 1)}, "RUS"),
        ("USSR", {"on": D(1980, 1, 1)}, "SUN"),
        ("Yugoslavia", {"on": D(1980, 1, 1)}, "YUG"),
        ("Yugoslavia", {"on": D(2001, 1, 1)}, "SRB"),
        ("Yugoslavia", {"on": D(2015, 1, 1)}, "SRB"),
        ("Taiwan", {"on": D(1960, 1, 1)}, "CHN"),
        ("German Democratic Republic", {}, "DDR"),
        ("Czechoslovakia", {}, "CSK"),
        ("Zanzibar", {}, "ZAN"),
        ("Yemen People's Republic", {}, "YMD"),
        ("Yemen Arab Republic", {}, "YEM"),
        ("Yemen", {"on": D(1980, 1, 1)}, "YEM"),
        ("Zaire", {}, "COD"),
        ("United Arab Republic", {}, "EGY"),
        ("Dahomey", {}, "BEN"),
        ("Swaziland", {}, "SWZ"),
    ],
)
def test_resolve(text: str, kwargs: dict, expected: str) -> None:
    """Spellings and codes resolve to the state they meant on the day."""
    assert states.resolve(text, **kwargs) == expected


@pytest.mark.parametrize(
    ("text", "kwargs"),
    [
        ("Atlantis", {}),
        ("XXX", {"scheme": "iso3"}),
        ("TW", {"scheme": "iso2", "on": D(2000, 1, 1)}),
        ("713", {"scheme": "cow", "on": D(2000, 1, 1)}),
        ("DONOTKNOW", {}),
        ("France", {"scheme": "iso3"}),
    ],
)
def test_unknown_spellings_raise(text: str, kwargs: dict) -> None:
    """A spelling or code that names no state (on that day) raises UnknownState."""
    with pytest.raises(UnknownState):
        states.resolve(text, **kwargs)


def test_unknown_scheme_is_a_value_error() -> None:
    """Asking for a scheme that does not exist is a programming error."""
    with pytest.raises(ValueError):
        states.resolve("FRA", scheme="fips")


def test_not_states_are_normalised_and_unresolvable() -> None:
    """Each label in NOT_STATES is a normalised key that resolves to nothing."""
    for label in states.NOT_STATES:
        assert label == states.normalise(label)
        with pytest.raises(UnknownState):
            states.resolve(label)


def test_every_state_resolves_by_its_own_codes_and_name() -> None:
    """Each state's id, codes and current name lead back to it (on a day it was a member)."""
    for s in states.states().values():
        day = s.admitted
        assert states.resolve(s.state_id, on=day) == s.state_id
        assert states.resolve(s.name, on=day, scheme="name") == s.state_id
        for scheme, code in (("iso2", s.iso2), ("m49", s.m49), ("cow", s.cow), ("undl", s.undl_code)):
            if code is not None:
                assert states.resolve(str(code), on=day, scheme=scheme) == s.state_id, (s.state_id, scheme)


def test_official_names_resolve_on_their_dates() -> None:
    """Every official name resolves to its state on its first day."""
    for row in refdata.rows("state_names.csv"):
        day = D.fromisoformat(row["valid_from"])
        assert states.resolve(row["name"], on=day, scheme="name") == row["state_id"], row


# --- every spelling in every real source ----------------------------------------------------------------------

Seen = dict[tuple[str, str], set[dt.date | None]]  # (spelling, scheme) -> the days it is used


def _see(seen: Seen, spelling: str, scheme: str, day: dt.date | None) -> None:
    seen.setdefault((spelling, scheme), set()).add(day)


@functools.cache
def _day(text: str) -> dt.date | None:
    text = text.replace("\u00a0", " ").strip()
    for pattern in ("%d %B %Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            pass
    return None


def _joined(names: list[str]) -> Iterator[str]:
    """List items, with an item split across two ('CÔTE.', "D'IVOIRE") joined as the unxml parser joins it."""
    items = iter(names)
    for name in items:
        if name.endswith(".") and name[:-1].isupper():
            name = f"{name[:-1]} {next(items, '')}"
        yield name


def _unxml(root: Path, seen: Seen) -> None:
    for path in sorted((root / "raw" / "unxml_ga").glob("*.json")) + sorted(
        (root / "raw" / "unxml_sc").glob("*.json")
    ):
        for line in path.open(encoding="utf-8"):
            if line.strip():
                record = json.loads(line)
                day = _day(record.get("adoption_date") or "")
                for key in ("MS_in_favour", "MS_against", "MS_abstaining"):
                    for name in _joined(record.get(key) or []):
                        _see(seen, name, "name", day)


def _undl(root: Path, seen: Seen) -> None:
    for name in ("ga_voting_sample.csv", "2026_02_06_sc_voting_EXCERPT.csv"):
        with (root / "raw" / "undl_official_samples" / name).open(encoding="utf-8") as handle:
            for r in csv.DictReader(handle):
                _see(seen, r["ms_code"], "undl", _day(r["date"]))
                _see(seen, r["ms_name"], "name", _day(r["date"]))


def _oliverunv(root: Path, seen: Seen) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    sheet = openpyxl.load_workbook(root / "raw" / "oliverunv_sc" / "sc_voting.xlsx", read_only=True).active
    rows = sheet.iter_rows(values_only=True)
    header = next(rows)
    i_state, i_day = header.index("Member State"), header.index("Date,")
    for row in rows:
        if row[i_state] is not None:  # the sheet ends with empty rows
            day = row[i_day].date() if isinstance(row[i_day], dt.datetime) else None
            _see(seen, str(row[i_state]), "name", day)


def _header(path: Path, skip: int) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return next(csv.reader(handle))[skip:]


def _hzloto(root: Path, seen: Seen) -> None:
    for code in _header(root / "raw" / "hzloto_unga2025" / "un_votes_2025_processed.csv", 16):
        _see(seen, code, "iso3", D(2025, 6, 1))


def _witwicki(root: Path, seen: Seen) -> None:
    for year in (2020, 2021):
        for name in _header(root / "raw" / "undl_scrape_witwicki" / f"{year}_RAW_COIN.csv", 1):
            _see(seen, name, "name", D(year, 6, 1))


def _pigeon(root: Path, seen: Seen) -> None:
    with (root / "raw" / "voeten_pigeon" / "ungaVoting_003.csv").open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        codes = next(reader)[8:]
        for row in reader:
            day = _day(row[1])
            for code, vote in zip(codes, row[8:], strict=True):
                if vote not in ("9", "", "NA"):
                    seen.setdefault((code, "iso3"), set()).add(day)


def _unvotes(root: Path, seen: Seen) -> None:
    with gzip.open(root / "unvotes" / "un_roll_calls.csv.gz", "rt", encoding="utf-8") as handle:
        days = {r["rcid"]: _day(r["date"]) for r in csv.DictReader(handle)}
    with gzip.open(root / "unvotes" / "un_votes.csv.gz", "rt", encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            _see(seen, r["country"], "name", days[r["rcid"]])
            if r["country_code"]:
                _see(seen, r["country_code"], "iso2", days[r["rcid"]])


def _voeten(root: Path, seen: Seen) -> None:
    path = root / "unvotes" / "voeten_unvotes_published_1946_2015.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            if r["vote"] != "9":  # 9: not a member (713, Taiwan, is 9 on every roll call after 1971)
                _see(seen, r["ccode"], "cow", _day(r["date"]))


def _navya(root: Path, seen: Seen) -> None:
    with zipfile.ZipFile(root / "raw" / "navya_undata" / "UN DATA.csv.zip") as archive:
        reader = csv.reader(io.TextIOWrapper(archive.open("UN DATA.csv"), encoding="utf-8"))
        names = next(reader)[11:]
        for row in reader:
            day = _day(row[1])
            for name, vote in zip(names, row[11:], strict=True):
                if vote:
                    seen.setdefault((name, "name"), set()).add(day)


def _votes(root: Path, seen: Seen) -> None:
    for path in sorted((root / "votes").glob("*.json")):
        event = json.loads(path.read_text(encoding="utf-8"))
        for code in [*event.get("votes", {}), *(event.get("council_members") or [])]:
            _see(seen, code, "iso3", _day(event["date"]))


SOURCES = {
    "unxml": _unxml,
    "undl_official_samples": _undl,
    "oliverunv_sc": _oliverunv,
    "hzloto_unga2025": _hzloto,
    "undl_scrape_witwicki": _witwicki,
    "voeten_pigeon": _pigeon,
    "unvotes": _unvotes,
    "voeten_published": _voeten,
    "navya_undata": _navya,
    "votes": _votes,
}


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_every_spelling_in_the_source_resolves(shared_data: Path, source: str) -> None:
    """Every state spelling or code in the source resolves on the first and last day it is used."""
    seen: Seen = {}
    SOURCES[source](shared_data, seen)
    failures = []
    for (spelling, scheme), days in sorted(seen.items()):
        if states.normalise(spelling) in states.NOT_STATES:
            continue
        dated = sorted(d for d in days if d is not None)
        for day in {dated[0], dated[-1]} if dated else {None}:
            try:
                states.resolve(spelling, on=day, scheme=scheme)
            except UnknownState:
                failures.append((spelling, scheme, day))
    assert seen and failures == []


@pytest.mark.parametrize(
    ("source", "spelling", "scheme", "day", "expected"),
    [
        ("unvotes", "Russia", "name", D(1985, 12, 1), "SUN"),
        ("unvotes", "Yugoslavia", "name", D(2019, 12, 1), "SRB"),
        ("unvotes", "Taiwan", "name", D(1970, 12, 1), "CHN"),
        ("unvotes", "YU", "iso2", D(2019, 12, 1), "SRB"),
        ("voeten_pigeon", "RUS", "iso3", D(1985, 12, 1), "SUN"),
        ("voeten_pigeon", "SRB", "iso3", D(1985, 12, 1), "YUG"),
        ("voeten_pigeon", "TWN", "iso3", D(1970, 12, 1), "CHN"),
        ("voeten_published", "713", "cow", D(1970, 12, 1), "CHN"),
        ("navya_undata", "USSR", "name", D(1991, 12, 31), "RUS"),
        ("navya_undata", "AY DENMARK", "name", D(1981, 12, 16), "DNK"),
        ("navya_undata", "SOUTHERN YEMEN", "name", D(1968, 12, 1), "YMD"),
        ("navya_undata", "CONGO (LEOPOLDVILLE)", "name", D(1965, 12, 1), "COD"),
        ("undl_official_samples", "SUN", "undl", D(1982, 4, 30), "SUN"),
        ("undl_official_samples", "ZAIRE", "name", D(1982, 4, 30), "COD"),
    ],
)
def test_source_quirks_resolve_to_the_right_state(
    source: str, spelling: str, scheme: str, day: dt.date, expected: str
) -> None:
    """Spellings whose meaning depends on the source's conventions resolve to the state the source meant."""
    assert states.resolve(spelling, on=day, scheme=scheme) == expected
