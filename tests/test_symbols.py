"""UN document symbols: canonical spellings and the lookup keys of what users type."""

from __future__ import annotations

from pathlib import Path

import pytest

from unvotes.store import connect
from unvotes.symbols import canonical, is_symbol, key, query_keys, split_multi, split_symbols


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("S/RES/2774(2025)", "S/RES/2774 (2025)"),
        ("s/res/2774 (2025)", "S/RES/2774 (2025)"),
        ("S/RES/2776/2025", "S/RES/2776 (2025)"),
        ("A/RES/75/254A", "A/RES/75/254 A"),
        ("a/es-11/l.10", "A/ES-11/L.10"),
        ("A/58/L.25/ADD.1", "A/58/L.25/Add.1"),
        ("A/RES/ES-11/7", "A/RES/ES-11/7"),
        ("A/C.3/45/L.56/rev.1", "A/C.3/45/L.56/Rev.1"),
        ("A/RES/2758(XXVI)", "A/RES/2758 (XXVI)"),
        ("A/RES/181(II)A", "A/RES/181 (II) A"),
    ],
)
def test_canonical_is_the_printed_form(typed, printed):
    """Every spelling of a symbol prints the way the UN prints it."""
    assert canonical(typed) == printed


def test_key_ignores_spaces_case_and_non_breaking_spaces():
    """Keys meet whatever the spacing and case."""
    assert key("S/RES/2774\u00a0(2025)") == key("s/res/2774(2025)") == "S/RES/2774(2025)"


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("ES-11/7", "A/RES/ES-11/7"),
        ("2774", "S/RES/2774("),
        ("2774 (2025)", "S/RES/2774(2025)"),
        ("75/254A", "A/RES/75/254A"),
    ],
)
def test_short_forms_expand_to_full_symbols(typed, first):
    """Short forms try the full symbol first."""
    assert query_keys(typed)[0] == first


def test_full_symbols_are_looked_up_as_typed():
    """A full symbol is its own key; an SC resolution without a year also matches by prefix."""
    assert query_keys("A/ES-11/L.10") == ["A/ES-11/L.10"]
    assert query_keys("S/RES/2774") == ["S/RES/2774", "S/RES/2774("]


def test_pipe_separated_values_split_and_drop_blanks():
    """The UN Digital Library's multi-values become tuples."""
    assert split_multi("A/58/L.25| A/58/L.25/Add.1 ||") == ("A/58/L.25", "A/58/L.25/Add.1")
    assert split_multi("") == ()


@pytest.mark.parametrize(
    "symbol",
    [
        "A/RES/ES-11/7",
        "S/RES/2774 (2025)",
        "S/RES/2774(2025)",
        "A/RES/1740(XVI)",
        "A/RES/104(S-1)",
        "A/C.1/79/L.5/Rev.1",
        "S/PV.9866",
        "A/ES-11/PV.20",
        "A/ES-11/L.1/Add.1",
        "A/RES/75/254 A",
        "A/RES/75/254A-C",
        "A/RES/36/235 IX",
        "A/RES/113(II)[C]",
        "A/77/L45/Rev.1",
        "S/10446/Rev.1",
        "E/2025/L.3",
        "A/DEC/80/506",
    ],
)
def test_un_symbols_have_the_shape(symbol):
    """The UN's patterns (organ prefix, sessions, drafts, revisions, meetings, SC years, roman sessions) pass."""
    assert is_symbol(symbol)


@pytest.mark.parametrize(
    "text",
    [
        "../../etc/passwd",
        "ETC/PASSWD",
        "A/",
        "A//RES/1",
        "A/ES-11/L.1ANDA/ES-11/L.1/Add.1",
        "A/ES-11/L.1 and A/ES-11/L.1/Add.1",
        "MISSING_DATA",
        "=HYPERLINK(1)",
        "A/RES/" + "1/" * 60,
        "",
    ],
)
def test_other_text_is_not_a_symbol(text):
    """Paths, joined symbols, markers and formulas are refused."""
    assert not is_symbol(text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("A/ES-11/L.1 and A/ES-11/L.1/Add.1", ("A/ES-11/L.1", "A/ES-11/L.1/Add.1")),
        ("A/75/L.59 (as amended in A/75/L.60)", ("A/75/L.59", "A/75/L.60")),
        ("A/79/652, para. 58", ("A/79/652",)),
        ("S/RES/2774 (2025)", ("S/RES/2774 (2025)",)),
        ("see the report", ()),
    ],
)
def test_split_symbols_finds_every_symbol_of_a_field(text, found):
    """A field naming several documents gives each, in order."""
    assert split_symbols(text) == found


def test_every_symbol_of_the_real_record_has_the_shape(full_db: Path):
    """Every resolution and document the parsers produce from ../shared/data passes `is_symbol`."""
    with connect(full_db, read_only=True) as con:
        rows = con.execute(
            "SELECT DISTINCT source, symbol FROM (SELECT source, resolution AS symbol FROM events "
            "UNION ALL SELECT source, document FROM events) WHERE symbol IS NOT NULL"
        ).fetchall()
    assert len(rows) > 10_000
    assert [row for row in rows if not is_symbol(row[1])] == []
