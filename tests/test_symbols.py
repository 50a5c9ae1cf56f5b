"""UN document symbols: canonical spellings and the lookup keys of what users type."""

from __future__ import annotations

import pytest

from unvotes.symbols import canonical, key, query_keys, split_multi


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
