"""Periods and titles: the one rule each that agreement series, change points, turnarounds and ideal points share."""

from __future__ import annotations

import numpy as np
import pytest

from unvotes.analysis import labels
from unvotes.analysis.matrix import YES, VoteMatrix


def dated(sessions: list[str | None], dates: list[str]) -> VoteMatrix:
    """One state's yes votes on the given days, with the sessions the sources record."""
    events = tuple(
        {"record_id": j, "date": d, "symbol": f"A/RES/{j}", "title": None, "session": s}
        for j, (s, d) in enumerate(zip(sessions, dates, strict=True))
    )
    values = np.full((1, len(dates)), YES, dtype=np.int8)
    return VoteMatrix(("AAA",), values, events, np.array(dates, dtype="datetime64[D]"))


@pytest.mark.parametrize(
    ("title", "normal"),
    [
        (
            "Advancing a comprehensive, just and lasting peace in Ukraine : resolution / adopted by the General Assembly",
            "advancing a comprehensive just and lasting peace in ukraine",
        ),
        (
            "Establishment of the Register of Damage  : resolution / ad[...]",
            "establishment of the register of damage",
        ),
        ("The path to peace (as amended by A/ES-11/L.13, L.14 and L.15)", "the path to peace"),
        ("Draft resolution: Oceans and the law of the sea", "oceans and the law of the sea"),
        (
            "Territorial integrity of Ukraine: defending the principles",
            "territorial integrity of ukraine defending the principles",
        ),
        ("The Acting President: Since the oral amendment ... A recorded vote has been requested.", ""),
        ("The Acting President (spoke in Spanish): We have heard the last speaker", ""),
        ("The Acting President I shall now put the 29 draft resolutions", ""),
        (None, ""),
        (
            "Towards a nuclear-weapon-free world : accelerating the implementation of nuclear disarmament "
            "commitments : resolution / adopted by the General Assembly",
            "towards a nuclear weapon free world accelerating the implementation of nuclear disarmament commitments",
        ),
        ("Question of Tibet : resolution / adopted by the General Assembly", "question of tibet"),
        (
            "Report of the Special Committee on X : resolution / ad[...]",
            "report of the special committee on x",
        ),
        ("Report of the Special Committee on X : resolution[...]", "report of the special committee on x"),
        ("Eritrea : report of the Commission on Eritrea[...]", "eritrea report of the commission on eritrea"),
        ("  The situation in the Middle East  ", "the situation in the middle east"),
        (
            "Fourth Industrial Development Decade for Africa (2026–2035)",
            "fourth industrial development decade for africa 2026 2035",
        ),
        ("Question of Cyprus : resol[...]", "question of cyprus"),
        ("Programme budget : draft decision", "programme budget"),
        ("The situation in Côte d'Ivoire", "the situation in côte d ivoire"),
    ],
)
def test_normalise_title(title: str | None, normal: str) -> None:
    """Lower case, no catalogue tail (whole or cut short), "(as amended ...)", punctuation or "draft resolution";
    a speech is no title."""
    assert labels.normalise_title(title) == normal


@pytest.mark.parametrize(
    ("date", "session"),
    [("1946-01-10", 1), ("1946-12-15", 1), ("1947-09-16", 2), ("2023-09-05", 78), ("2024-06-01", 78)],
)
def test_session_of_a_date(date: str, session: int) -> None:
    """A date falls in the regular session that opened the September before (session 1 from January 1946)."""
    assert labels.session_of(date) == session


def test_emergency_sessions_count_in_the_regular_session_in_progress() -> None:
    """ES-11 votes of 2022 and 2025 go to sessions 76 and 79; the labels run without gaps from 76 to 79."""
    m = dated(["ES-11", "77", "ES-11"], ["2022-03-02", "2023-02-23", "2025-02-24"])
    index, names = labels.period_labels(m, "session")
    assert names == ["76", "77", "78", "79"] and index.tolist() == [0, 1, 3]


def test_years_are_ints_without_gaps() -> None:
    """By year the labels are the calendar years from the first vote's to the last's."""
    index, names = labels.period_labels(dated(["76", "79"], ["2022-03-02", "2025-02-24"]), "year")
    assert names == [2022, 2023, 2024, 2025] and index.tolist() == [0, 3]


def test_an_unknown_period_is_an_error() -> None:
    """Only years and sessions are periods."""
    with pytest.raises(ValueError, match="unknown period"):
        labels.period_labels(dated([], []), "decade")
