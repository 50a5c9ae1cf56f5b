"""Reference blocs: the membership table's invariants and the counts everyone knows."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest

from unvotes.refdata import blocs, states

D = dt.date


def test_every_row_names_a_known_bloc_and_state() -> None:
    """Every row's bloc is in BLOCS and every state_id is in states.csv."""
    known = states.states()
    for m in blocs.memberships():
        assert m.bloc in blocs.BLOCS, m
        assert m.state_id in known, m


def test_every_row_has_a_source() -> None:
    """No row lacks a source: a page read, an official list, or an explicit "general knowledge, not checked"."""
    assert all(m.source.strip() for m in blocs.memberships())


def test_periods_are_ordered_and_do_not_overlap() -> None:
    """joined < left, and one state's periods in one bloc never overlap."""
    by_key: dict[tuple[str, str], list[blocs.Membership]] = defaultdict(list)
    for m in blocs.memberships():
        assert m.left is None or m.joined < m.left, m
        by_key[(m.bloc, m.state_id)].append(m)
    for key, spans in by_key.items():
        spans.sort(key=lambda m: m.joined)
        for earlier, later in zip(spans, spans[1:], strict=False):
            assert earlier.left is not None and earlier.left <= later.joined, key


def test_former_states_end_with_their_un_seat() -> None:
    """A state that no longer exists (SUN, YUG, CSK, DDR, YMD) is in no bloc after its UN seat ended."""
    for state in ("SUN", "YUG", "CSK", "DDR", "YMD"):
        ended = states.states()[state].ended
        assert ended is not None
        assert blocs.blocs_of(state, ended) == [], state


@pytest.mark.parametrize("day", [D(2025, 1, 1), D(2011, 6, 1)])
def test_every_member_is_in_exactly_one_regional_group(day: dt.date) -> None:
    """Every UN member is in exactly one regional group: the United States counts with WEOG (it is an observer there,
    counted with it for elections), Türkiye with WEOG only (its electoral group; it also caucuses with Asia-Pacific),
    Israel with WEOG (since 2000), Kiribati with Asia-Pacific (since 2010)."""
    for state in states.members_on(day):
        found = [b for b in blocs.blocs_of(state, day) if b in blocs.REGIONAL_GROUPS]
        assert len(found) == 1, (state, found)


def test_regional_group_sizes_in_2025() -> None:
    """54 African, 54 Asia-Pacific (with Cyprus and Kiribati), 23 Eastern European, 33 GRULAC, 29 WEOG (with USA, TUR)."""
    sizes = {g: len(blocs.members_on(g, D(2025, 1, 1))) for g in blocs.REGIONAL_GROUPS}
    assert sizes == {"african": 54, "asia_pacific": 54, "eastern_european": 23, "grulac": 33, "weog": 29}


def test_special_cases_of_the_regional_groups() -> None:
    """Israel is in no group before 2000 and in WEOG after; Kiribati in none before 2010; Cyprus is Asia-Pacific."""
    assert blocs.regional_group_of("ISR", D(1999, 12, 31)) is None
    assert blocs.regional_group_of("ISR", D(2001, 1, 1)) == "weog"
    assert blocs.regional_group_of("KIR", D(2005, 1, 1)) is None
    assert blocs.regional_group_of("KIR", D(2015, 1, 1)) == "asia_pacific"
    assert blocs.regional_group_of("CYP", D(2010, 1, 1)) == "asia_pacific"
    assert blocs.regional_group_of("SUN", D(1980, 1, 1)) == "eastern_european"
    assert blocs.regional_group_of("FRA", D(1960, 1, 1)) is None  # before the modelled formation


def test_eu_sizes() -> None:
    """The EU has 28 members on 2019-01-01 (with the UK), 27 on 2025-01-01, 6 in 1960, 12 in 1990."""
    assert len(blocs.members_on("eu", D(2019, 1, 1))) == 28
    assert len(blocs.members_on("eu", D(2025, 1, 1))) == 27
    assert len(blocs.members_on("eu", D(1960, 1, 1))) == 6
    assert len(blocs.members_on("eu", D(1990, 1, 1))) == 12


def test_uk_leaves_the_eu_after_31_january_2020() -> None:
    """The UK is a member on 31 January 2020 and not on 1 February."""
    assert "GBR" in blocs.members_on("eu", D(2020, 1, 31))
    assert "GBR" not in blocs.members_on("eu", D(2020, 2, 1))


def test_nato_sizes() -> None:
    """NATO has 32 members on 2024-06-01 (Sweden in), 31 on 2024-01-01, 12 in 1950, 16 in 1990; never the GDR."""
    assert len(blocs.members_on("nato", D(2024, 6, 1))) == 32
    assert len(blocs.members_on("nato", D(2024, 1, 1))) == 31
    assert len(blocs.members_on("nato", D(1950, 1, 1))) == 12
    assert len(blocs.members_on("nato", D(1990, 1, 1))) == 16
    assert not any(m.state_id == "DDR" for m in blocs.periods("nato"))


def test_brics_sizes() -> None:
    """BRICS has 10 members on 2025-06-01: the five, Egypt, Ethiopia, Iran and the UAE (2024) and Indonesia (2025);
    Saudi Arabia, invited in 2023, has not confirmed and is not counted."""
    assert blocs.members_on("brics", D(2025, 6, 1)) == sorted(
        ["BRA", "RUS", "IND", "CHN", "ZAF", "EGY", "ETH", "IRN", "ARE", "IDN"]
    )
    assert len(blocs.members_on("brics", D(2024, 6, 1))) == 9
    assert len(blocs.members_on("brics", D(2010, 6, 1))) == 4


def test_morocco_leaves_and_rejoins_the_african_union() -> None:
    """Morocco was in the OAU until 1984 and is in the AU from 2017; the AU has 54 UN members in 2025 (55 with the
    Sahrawi Republic, which is not a UN member)."""
    assert "MAR" in blocs.members_on("au", D(1980, 1, 1))
    assert "MAR" not in blocs.members_on("au", D(2000, 1, 1))
    assert "MAR" in blocs.members_on("au", D(2018, 1, 1))
    assert len(blocs.members_on("au", D(2025, 1, 1))) == 54


def test_organisation_sizes_in_2025() -> None:
    """UN members only: Arab League 21 (22 with Palestine), OIC 56 (57), NAM 120 (121), G77 132 (134 with China
    and Palestine)."""
    day = D(2025, 1, 1)
    sizes = {b: len(blocs.members_on(b, day)) for b in ("arab", "oic", "nam", "g77")}
    assert sizes == {"arab": 21, "oic": 56, "nam": 120, "g77": 132}


def test_yugoslavia_founded_nam_and_the_ussr_is_only_eastern_european() -> None:
    """Yugoslavia is a NAM member in 1961; the USSR belongs to no bloc but the Eastern European Group."""
    assert "YUG" in blocs.members_on("nam", D(1961, 9, 1))
    assert {m.bloc for m in blocs.memberships() if m.state_id == "SUN"} == {"eastern_european"}


def test_blocs_of_lists_in_bloc_order() -> None:
    """blocs_of gives the blocs of a state on a day in the order of BLOCS."""
    assert blocs.blocs_of("HUN", D(2024, 1, 1)) == ["eastern_european", "eu", "nato"]
    assert blocs.blocs_of("HUN", D(1980, 1, 1)) == ["eastern_european"]


def test_unknown_bloc_is_an_error() -> None:
    """Asking for a bloc that does not exist raises KeyError naming the known ones."""
    with pytest.raises(KeyError, match="unknown bloc 'eec'"):
        blocs.members_on("eec", D(2000, 1, 1))
