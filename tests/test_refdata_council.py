"""Security Council membership by date: sizes, permanent members, terms, and agreement with the real votes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from unvotes.refdata import council, states

D = dt.date
P5_SOVIET = ["CHN", "FRA", "GBR", "SUN", "USA"]
P5_RUSSIAN = ["CHN", "FRA", "GBR", "RUS", "USA"]


@pytest.mark.parametrize("year", range(1946, 2027))
def test_council_is_full_all_year(year: int) -> None:
    """On the first, a middle and the last day of every year the Council is full: 11 to 1965, 15 from 1966."""
    for day in (D(year, 1, 1), D(year, 7, 1), D(year, 12, 31)):
        assert len(council.members_on(day)) == council.size_on(day) == (11 if year < 1966 else 15), day


def test_size_changes_on_1_january_1966() -> None:
    """The amendment enlarging the Council took effect on 1 January 1966."""
    assert council.size_on(D(1965, 12, 31)) == 11 and council.size_on(D(1966, 1, 1)) == 15


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(1946, 1, 17), P5_SOVIET),
        (D(1971, 10, 24), P5_SOVIET),
        (D(1971, 10, 25), P5_SOVIET),
        (D(1991, 12, 23), P5_SOVIET),
        (D(1991, 12, 24), P5_RUSSIAN),
        (D(2025, 2, 24), P5_RUSSIAN),
    ],
)
def test_permanent_members_by_date(day: dt.date, expected: list[str]) -> None:
    """The permanent members: China's seat is CHN across 1971; the USSR's passes to Russia on 1991-12-24."""
    assert council.permanent_on(day) == expected


def test_seats_name_known_states_that_were_un_members() -> None:
    """Every seat is held by a state in states.csv that was a UN member for the whole time it sat."""
    for seat in council.seats():
        state = states.states()[seat.state_id]
        assert state.member_on(seat.seat_from), seat
        last = (seat.seat_to or D(2028, 1, 1)) - dt.timedelta(days=1)
        assert state.member_on(last), seat


def test_elected_terms_are_two_years_from_1_january() -> None:
    """Elected terms run two years from 1 January, except the known one-year, split and succeeded terms."""
    odd = {
        (s.state_id, s.seat_from.year)
        for s in council.seats()
        if not s.permanent
        and (s.seat_from.replace(month=1, day=1) != s.seat_from or s.seat_to != D(s.seat_from.year + 2, 1, 1))
    }
    assert odd == {
        ("EGY", 1946), ("MEX", 1946), ("NLD", 1946),  # the first election: three one-year terms
        ("YUG", 1956), ("PHL", 1957), ("POL", 1960), ("TUR", 1961), ("LBR", 1961), ("IRL", 1962),
        ("ROU", 1962), ("PHL", 1963), ("CSK", 1964), ("MYS", 1965), ("ITA", 2017), ("NLD", 2018),  # split
        ("NZL", 1966), ("UGA", 1966),  # one-year terms when the Council grew to 15
        ("YMD", 1990), ("YEM", 1990),  # Democratic Yemen's term, continued by Yemen from 1990-05-22
    }  # fmt: skip


def test_no_state_holds_two_seats_at_once() -> None:
    """A state never sits twice on one day (members_on has no duplicates)."""
    for year in range(1946, 2027):
        members = council.members_on(D(year, 6, 1))
        assert len(members) == len(set(members)), year


def test_elected_members_are_not_immediately_re_eligible() -> None:
    """No elected member serves two full terms in a row (Article 23(2)); split terms aside."""
    full = sorted((s.seat_from, s.state_id) for s in council.seats() if not s.permanent)
    ends = {(s.state_id, s.seat_to) for s in council.seats() if not s.permanent}
    assert [(sid, start) for start, sid in full if (sid, start) in ends] == []


@pytest.mark.parametrize(
    ("day", "elected"),
    [
        (D(1946, 6, 1), ["AUS", "BRA", "EGY", "MEX", "NLD", "POL"]),
        (D(1950, 6, 1), ["CUB", "ECU", "EGY", "IND", "NOR", "YUG"]),
        (D(1961, 6, 1), ["CHL", "ECU", "EGY", "LBR", "LKA", "TUR"]),
        (D(1980, 6, 1), ["BGD", "DDR", "JAM", "MEX", "NER", "NOR", "PHL", "PRT", "TUN", "ZMB"]),
        (D(1990, 3, 1), ["CAN", "CIV", "COD", "COL", "CUB", "ETH", "FIN", "MYS", "ROU", "YMD"]),
        (D(1990, 6, 1), ["CAN", "CIV", "COD", "COL", "CUB", "ETH", "FIN", "MYS", "ROU", "YEM"]),
        (D(2022, 2, 25), ["ALB", "ARE", "BRA", "GAB", "GHA", "IND", "IRL", "KEN", "MEX", "NOR"]),
        (D(2025, 2, 24), ["DNK", "DZA", "GRC", "GUY", "KOR", "PAK", "PAN", "SLE", "SOM", "SVN"]),
        (D(2026, 6, 1), ["BHR", "COD", "COL", "DNK", "GRC", "LBR", "LVA", "PAK", "PAN", "SOM"]),
    ],
)
def test_elected_members_on(day: dt.date, elected: list[str]) -> None:
    """Known compositions of the elected seats."""
    assert council.elected_on(day) == elected


def test_is_member() -> None:
    """is_member answers for one state and day."""
    assert council.is_member("ALB", D(2022, 2, 25)) and not council.is_member("ALB", D(2024, 1, 1))
    assert council.is_member("CHN", D(1960, 1, 1)) and council.is_member("RUS", D(1991, 12, 24))
    assert not council.is_member("RUS", D(1991, 12, 23))


def test_votes_file_members_agree(shared_data: Path) -> None:
    """The council_members of the hand-curated SC vote files are the table's members on their dates."""
    for path in sorted((shared_data / "votes").glob("*_SC_*.json")):
        event = json.loads(path.read_text(encoding="utf-8"))
        if event.get("council_members"):
            assert sorted(event["council_members"]) == council.members_on(D.fromisoformat(event["date"])), (
                path
            )


def _navya_sc(root: Path) -> Counter[tuple[str, str]]:
    """(state, day) of every SC vote in navya_undata: the Council as its votes show it, 1946–2021."""
    seen: Counter[tuple[str, str]] = Counter()
    with zipfile.ZipFile(root / "raw" / "navya_undata" / "UN DATA.csv.zip") as archive:
        reader = csv.reader(io.TextIOWrapper(archive.open("UN DATA.csv"), encoding="utf-8"))
        names = next(reader)[11:]
        for row in reader:
            if row[0] == "Security Council":
                for name, vote in zip(names, row[11:], strict=True):
                    if vote and states.normalise(name) not in states.NOT_STATES:
                        seen[(name, row[1])] += 1
    return seen


def test_navya_sc_voters_sat_on_the_council(shared_data: Path) -> None:
    """Everyone voting in navya's 2,617 SC rows (1946–2021) held a seat that day."""
    outside = []
    for (name, text), _ in _navya_sc(shared_data).items():
        day = D.fromisoformat(text)
        if not council.is_member(states.resolve(name, on=day), day):
            outside.append((name, text))
    assert outside == []


def test_unxml_sc_voters_sat_on_the_council(shared_data: Path) -> None:
    """Everyone listed in unxml_sc (2000–2026) held a seat that day, but for one misdated line."""
    outside = set()
    for path in sorted((shared_data / "raw" / "unxml_sc").glob("*.json")):
        for line in path.open(encoding="utf-8"):
            if not line.strip():
                continue
            record = json.loads(line)
            text = record["adoption_date"].replace("\u00a0", " ").removesuffix(" in Nairobi").strip()
            day = dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S" if "-" in text else "%d %B %Y").date()
            names = [*record["MS_in_favour"], *record["MS_against"], *record["MS_abstaining"]]
            for name in set(names) - {"CÔTE.", "D'IVOIRE"}:  # one name split in two (S/RES/2403 (2018))
                if not council.is_member(states.resolve(name, on=day), day):
                    outside.add(record["symbol"])
    assert outside == {"S/RES/2423 (2018)"}  # dated 29 June 2016 in the extract; adopted 28 June 2018
