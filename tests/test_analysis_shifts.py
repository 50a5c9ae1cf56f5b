"""Turnarounds and change points on small matrices worked out by hand, and the US on Ukraine from the real files."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from unvotes.analysis import alignment, matrix, shifts
from unvotes.analysis.matrix import ABSENT, ABSTAIN, NO, NOT_MEMBER, UNKNOWN, YES, VoteMatrix
from unvotes.models import Selection
from unvotes.store import connect

CODE = {"Y": YES, "A": ABSTAIN, "N": NO, "X": ABSENT, "-": NOT_MEMBER, "?": UNKNOWN}


def votes(rows: dict[str, str], items: list[tuple[str, str, str | None, list[str]]]) -> VoteMatrix:
    """A matrix from vote letters per state and one (date, session, title, subjects) per vote."""
    values = np.array([[CODE[c] for c in row] for row in rows.values()], dtype=np.int8)
    events = tuple(
        {"record_id": j, "date": d, "symbol": f"A/RES/{s}/{j}", "title": t, "session": s, "subjects": subj}
        for j, (d, s, t, subj) in enumerate(items)
    )
    return VoteMatrix(tuple(rows), values, events, np.array([i[0] for i in items], dtype="datetime64[D]"))


def summary(found: list[dict]) -> list[tuple[str, str, str, str, str]]:
    return [(t["change"], t["from"], t["to"], t["before"]["symbol"], t["after"]["symbol"]) for t in found]


def test_a_reversal_on_the_same_title_in_later_sessions():
    """Yes in 70 and 71, no in 72 on "Question of Zed": one reversal, 71 → 72; an abstention after yes is a shift."""
    items = [
        ("2015-12-01", "70", "Question of Zed", []),
        ("2016-12-01", "71", "Question of Zed : resolution / adopted by the General Assembly", []),
        ("2017-12-01", "72", "Draft resolution: question of Zed.", []),
        ("2016-12-02", "71", "Oceans", []),
        ("2017-12-02", "72", "Oceans", []),
    ]
    m = votes({"USA": "YYNYA", "FRA": "YYYYY"}, items)
    found = shifts.turnarounds(m, "USA")
    assert summary(found) == [
        ("reversal", "Y", "N", "A/RES/71/1", "A/RES/72/2"),
        ("shift", "Y", "A", "A/RES/71/3", "A/RES/72/4"),
    ]
    assert found[0]["rule"] == "same title" and found[0]["after"]["date"] == "2017-12-01"
    assert summary(shifts.turnarounds(m, "USA", shifts=False)) == [
        ("reversal", "Y", "N", "A/RES/71/1", "A/RES/72/2")
    ]
    assert shifts.turnarounds(m, "FRA") == []


def test_absences_and_non_membership_are_not_positions():
    """Yes, absent, not a member, no: the no is compared with the yes two sessions earlier."""
    items = [(f"{2015 + k}-12-01", str(70 + k), "Question of Zed", []) for k in range(4)]
    m = votes({"USA": "YX-N"}, items)
    assert summary(shifts.turnarounds(m, "USA")) == [("reversal", "Y", "N", "A/RES/70/0", "A/RES/73/3")]


def test_titles_with_different_subjects_are_different_questions():
    """Same title, subjects {A} then {B}: not linked; an empty subject list does not block the link."""
    items = [
        ("2015-12-01", "70", "Report of the Council", ["A"]),
        ("2016-12-01", "71", "Report of the Council", ["B"]),
        ("2017-12-01", "72", "Report of the Council", []),
    ]
    m = votes({"USA": "YNY"}, items)
    assert summary(shifts.turnarounds(m, "USA")) == [("reversal", "N", "Y", "A/RES/71/1", "A/RES/72/2")]


ES11 = [
    ("2022-03-02", "ES-11", "Aggression against Ukraine", ["UKRAINE"]),
    ("2023-02-23", "ES-11", "Principles of the Charter underlying a just peace in Ukraine", ["UKRAINE"]),
    ("2025-02-24", "ES-11", "The path to peace : resolution / adopted by the General Assembly", []),
    ("2025-02-24", "ES-11", "Advancing a just and lasting peace in Ukraine", []),
    ("2025-12-03", "ES-11", "Return of Ukrainian children", []),
]


def test_one_emergency_special_session_is_one_question():
    """ES-11 titles differ but are one question: yes → no (and yes → abstain) in 2025, then back to yes twice."""
    m = votes({"USA": "YYANY"}, ES11)
    found = shifts.turnarounds(m, "USA")
    assert summary(found) == [
        ("shift", "Y", "A", "A/RES/ES-11/1", "A/RES/ES-11/2"),
        ("reversal", "Y", "N", "A/RES/ES-11/1", "A/RES/ES-11/3"),
        ("shift", "A", "Y", "A/RES/ES-11/2", "A/RES/ES-11/4"),
        ("reversal", "N", "Y", "A/RES/ES-11/3", "A/RES/ES-11/4"),
    ]
    assert {t["rule"] for t in found} == {"emergency special session"}


def test_since_keeps_the_later_changes():
    """since 2025-06-01 keeps only the changes whose later vote is ES-11/4 (3 December 2025)."""
    m = votes({"USA": "YYANY"}, ES11)
    later = shifts.turnarounds(m, "USA", since="2025-06-01")
    assert [t["after"]["symbol"] for t in later] == ["A/RES/ES-11/4", "A/RES/ES-11/4"]


def test_title_similarity_weighs_rare_words():
    """IDF over 4 titles: "human rights in alpha/beta" share only common words (1/3); the two religion titles are 1."""
    words = [shifts.title_words(t) for t in ("Human rights in Alpha", "Human rights in Beta")]
    words += [
        shifts.title_words(t) for t in ("Freedom of religion and belief", "Freedom of religion or belief")
    ]
    got = shifts.title_similarity(words)
    expected = [[1, 1 / 3, 0, 0], [1 / 3, 1, 0, 0], [0, 0, 1, 1], [0, 0, 1, 1]]
    np.testing.assert_allclose(got, expected, rtol=1e-6)


def test_similar_titles_link_only_when_asked():
    """With similarity 0.5 the religion titles (1.0) link, the human rights ones (1/3) do not; off by default."""
    items = [
        ("2015-12-01", "70", "Human rights in Alpha", []),
        ("2016-12-01", "71", "Human rights in Beta", []),
        ("2015-12-02", "70", "Freedom of religion and belief", []),
        ("2016-12-02", "71", "Freedom of religion or belief", []),
    ]
    m = votes({"USA": "YNYN"}, items)
    assert shifts.turnarounds(m, "USA") == []
    found = shifts.turnarounds(m, "USA", similarity=0.5)
    assert summary(found) == [("reversal", "Y", "N", "A/RES/70/2", "A/RES/71/3")]
    assert found[0]["rule"] == "similar title"


# --- change points ---------------------------------------------------------------------------------------


def series(scores: list[float], n: list[int] | int = 10, start: int = 2000) -> list[dict]:
    counts = n if isinstance(n, list) else [n] * len(scores)
    return [
        {"period": start + k, "score": s, "n": c} for k, (s, c) in enumerate(zip(scores, counts, strict=True))
    ]


def test_one_step_is_one_change_point():
    """0.9 ×3 then 0.1 ×3 (n 10 each): one change at 2003; gain = 60 × 0.4² = 9.6."""
    found = shifts.change_points(series([0.9, 0.9, 0.9, 0.1, 0.1, 0.1]), penalty=1.0)
    assert len(found) == 1
    point = found[0]
    assert point["index"] == 3 and point["gain"] == pytest.approx(9.6)
    assert point["before"] == {"periods": [2000, 2002], "score": pytest.approx(0.9), "n": 30}
    assert point["after"] == {"periods": [2003, 2005], "score": pytest.approx(0.1), "n": 30}


def test_a_penalty_above_the_gain_finds_nothing():
    """The same step costs 9.6 to ignore: a penalty of 10 keeps one segment."""
    assert shifts.change_points(series([0.9, 0.9, 0.9, 0.1, 0.1, 0.1]), penalty=10.0) == []


def test_weights_are_vote_counts():
    """A one-vote blip (0.0, n 1) between 100-vote periods at 0.5 would lower the cost by 0.25, not 2 penalties;
    with 100 votes it lowers it by 16.7: two changes."""
    assert shifts.change_points(series([0.5, 0.0, 0.5], n=[100, 1, 100]), penalty=1.0) == []
    assert len(shifts.change_points(series([0.5, 0.0, 0.5], n=[100, 100, 100]), penalty=1.0)) == 2


def test_min_size_forbids_short_segments():
    """.8 ×4 then .2: the change is before the last period, or with min_size 2 one period earlier (cost 1.8)."""
    values = series([0.8, 0.8, 0.8, 0.8, 0.2])
    assert [p["index"] for p in shifts.change_points(values, penalty=0.5)] == [4]
    assert [p["index"] for p in shifts.change_points(values, penalty=0.5, min_size=2)] == [3]


def test_default_penalty_by_hand():
    """x .5 .6 .4 .5, n 4: scaled differences .1414, .2828, .1414 → σ̂ = .1414/.6745, β = 2σ̂² ln 4 = 0.12188."""
    x, w = np.array([0.5, 0.6, 0.4, 0.5]), np.array([4.0, 4.0, 4.0, 4.0])
    assert shifts.default_penalty(x, w) == pytest.approx(
        2 * (0.1 / math.sqrt(0.5) / 0.6745) ** 2 * math.log(4)
    )


def test_default_penalty_falls_back_when_most_differences_are_zero():
    """.8 .8 .2 .2 (n 25): median difference 0, so β = 2 · (0.09 · 25) · ln 4 = 6.24 < the step's 9: one change."""
    x, w = np.array([0.8, 0.8, 0.2, 0.2]), np.full(4, 25.0)
    assert shifts.default_penalty(x, w) == pytest.approx(2 * 2.25 * math.log(4))
    assert [p["index"] for p in shifts.change_points(series([0.8, 0.8, 0.2, 0.2], n=25))] == [2]


PAIR = votes(
    {"AAA": "YYYYNNNA", "BBB": "YYYYYYYY"},
    [(f"{2000 + k // 2}-{1 + 5 * (k % 2):02d}-01", str(55 + k // 2), f"Item {k}", []) for k in range(8)],
)


def test_pair_shifts_name_the_votes_that_show_the_change():
    """Agreement 1, 1, 0, ¼ by year: one change at 2002 (gain 1.53125); the first no votes show it."""
    found = shifts.pair_shifts(PAIR, "AAA", "BBB", penalty=0.5, top=3)
    assert len(found) == 1
    point = found[0]
    assert point["before"] == {"periods": [2000, 2001], "score": 1.0, "n": 4}
    assert point["after"] == {"periods": [2002, 2003], "score": 0.125, "n": 4}
    assert point["gain"] == pytest.approx(1.53125)
    shown = [(v["symbol"], v["date"], v["a"], v["b"], v["agreement"]) for v in point["votes"]]
    assert shown == [
        ("A/RES/57/4", "2002-01-01", "N", "Y", 0.0),
        ("A/RES/57/5", "2002-06-01", "N", "Y", 0.0),
        ("A/RES/58/6", "2003-01-01", "N", "Y", 0.0),
    ]


def test_change_votes_follow_the_direction_of_the_change():
    """A rise lists the votes that agree after it; the abstention (½) ranks after full agreements."""
    flipped = votes(
        {"AAA": "NNNNYYYA", "BBB": "YYYYYYYY"},
        [(str(e["date"]), e["session"], e["title"], []) for e in PAIR.events],
    )
    (point,) = shifts.pair_shifts(flipped, "AAA", "BBB", penalty=0.5, top=4)
    assert [v["agreement"] for v in point["votes"]] == [1.0, 1.0, 1.0, 0.5]


def test_a_series_by_session_works_the_same():
    """By session the same step shows at session 57."""
    points = shifts.change_points(alignment.agreement_series(PAIR, "AAA", "BBB", by="session"), penalty=0.5)
    assert [p["after"]["periods"][0] for p in points] == ["57"]


# --- the real record: the US on Ukraine ------------------------------------------------------------------


@pytest.fixture(scope="module")
def ukraine(es11_db: Path) -> VoteMatrix:
    """ES-11 from the UN XML file (2022-2023) and the 2025 votes: the small real record of the session."""
    with connect(es11_db, read_only=True) as con:
        return matrix.load(con, Selection(session="ES-11"))


def test_the_us_turned_around_on_ukraine_in_february_2025(ukraine):
    """Yes on ES-11/1 to ES-11/6 (2022-2023), no on ES-11/7 on 24 February 2025: a reversal from ES-11/6."""
    found = shifts.turnarounds(ukraine, "USA", shifts=False)
    pairs = [
        (t["before"]["symbol"], t["before"]["date"], t["after"]["symbol"], t["after"]["date"]) for t in found
    ]
    assert ("A/RES/ES-11/6", "2023-02-23", "A/RES/ES-11/7", "2025-02-24") in pairs
    assert [
        ukraine.row("USA")[ukraine.events.index(e)]
        for e in ukraine.events
        if e["symbol"] in ("A/RES/ES-11/1", "A/RES/ES-11/4", "A/RES/ES-11/6", "A/RES/ES-11/7")
    ] == [YES, YES, YES, NO]
