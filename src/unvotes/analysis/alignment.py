"""Who votes with whom: the State Department's voting coincidence and the agreement index, for states and blocs.

Pure NumPy over a `VoteMatrix` (codes 1 yes, 2 abstain, 3 no, 8 absent, 9 not a member, 0 unknown). Which votes
count is the caller's `Selection` (organ, period, final votes only, important votes only); these functions never
read the database. Every choice is explained, with its source, in docs/methods-alignment.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np

from unvotes.analysis.labels import period_labels
from unvotes.analysis.matrix import ABSENT, ABSTAIN, CODES, NO, NOT_MEMBER, UNKNOWN, YES, VoteMatrix
from unvotes.analysis.threads import blas_threads
from unvotes.refdata.errata import NEXT_ROW

Side = str | np.ndarray  # a state id, or a row of codes (a bloc's position from `bloc_vote`)
Method = Literal["state-dept", "yes-no", "auto"]
Rule = Literal["yes-no", "2017", "2019", "2020", "2021", "2022"]
FIRST_STATE_DEPT_YEAR = 2017  # the report for calendar year 2017 introduced same/opposite/partial
NON_VOTES_SCORED_YEAR = 2021  # the 2021 report scores non-votes as abstentions
HALF_POINT_ABSENCE_YEAR = 2022  # from the 2022 report, each absence is half a point
# How the 2019 and 2020 tables score a state's absence where the US abstained ("one, but not both, abstained"):
# 2019 as partial in the percentage only, 2020 in the partial column too (docs/methods-alignment.md).
ABSENT_AS_PARTIAL_RULES = {2019: "2019", 2020: "2020"}


# --- the State Department's voting coincidence -------------------------------------------------------------


def report_rule(year: int) -> Rule:
    """The definition of the report for a calendar year (docs/methods-alignment.md): up to 2016 yes-no; 2017–2020
    absences left out (2019 and 2020 score an absence where the US abstained as partial); 2021 non-votes scored
    as abstentions; from 2022 each absence half a point."""
    if year < FIRST_STATE_DEPT_YEAR:
        return "yes-no"
    if year < NON_VOTES_SCORED_YEAR:
        return ABSENT_AS_PARTIAL_RULES.get(year, "2017")  # type: ignore[return-value]
    return "2021" if year < HALF_POINT_ABSENCE_YEAR else "2022"


def coincidence(
    m: VoteMatrix,
    reference: str = "USA",
    method: Method = "auto",
    year: int | None = None,
    only_year: bool = True,
) -> list[dict[str, Any]]:
    """Voting coincidence of every state with `reference`, as in "Voting Practices in the United Nations".

    `year` keeps only the votes of that calendar year, or, with `only_year=False`, only names the report whose
    definition applies (the caller passes exactly that report's votes, some of which a source may date otherwise). `method` "state-dept" is the report's definition for `year` from 2017
    on (`report_rule`; the 2017–2020 one for earlier years); "yes-no" the definition up to 2016, identical ÷
    (identical + opposite); "auto" picks by `year`, or by the votes' years when `year` is None. Each row: same,
    opposite, partial, absent, votes (their sum) and percent, rounded to one decimal as the report prints it.
    States that were members on none of the votes are left out.
    """
    if year is not None and only_year:
        m = m.take(np.flatnonzero(m.years() == year))
    rule = rule_of(m, method, year)
    ref = side_row(m, reference)
    counts = coincidence_counts(ref, m.values, rule)
    member = (m.values != NOT_MEMBER).any(axis=1)
    rows = [_coincidence_row(m.states[i], counts[:, i]) for i in range(len(m.states))]
    return [r for i, r in enumerate(rows) if member[i] and m.states[i] != reference]


def rule_of(m: VoteMatrix, method: Method, year: int | None) -> Rule:
    """The definition a method means for a year (or for the matrix's votes when `year` is None)."""
    if method not in ("state-dept", "yes-no", "auto"):
        raise ValueError(f"unknown coincidence method {method!r}: use 'state-dept', 'yes-no' or 'auto'")
    if method == "yes-no":
        return "yes-no"
    years = {year} if year is not None else set(m.years().tolist())
    rules = {report_rule(max(y, FIRST_STATE_DEPT_YEAR) if method == "state-dept" else y) for y in years}
    if len(rules) > 1:
        raise ValueError(
            f"votes from {min(years)} to {max(years)} span {len(rules)} definitions of coincidence "
            f"({', '.join(sorted(rules))}): pass year= or method="
        )
    return rules.pop() if rules else "2017"


def coincidence_counts(ref: np.ndarray, values: np.ndarray, rule: Rule) -> np.ndarray:
    """(same, opposite, partial, absent, votes, percent) per state, vectorised over the rows of `values`."""
    r, v = ref[None, :], values
    silent = r == ABSENT  # the reference did not vote (the US on A/RES/76/226, 2021)
    if rule in ("2021", "2022"):  # its non-vote scores as an abstention: a state's absence there is "same"
        r = np.where(silent, np.int8(ABSTAIN), r)
    cast = np.isin(r, (YES, ABSTAIN, NO)) & np.isin(v, (YES, ABSTAIN, NO))
    same = cast & (r == v) & ~silent  # ... but a state's abstention is partial, as the 2021 table scores it
    opposite = cast & (r != v) & (r != ABSTAIN) & (v != ABSTAIN)
    partial = cast & (((r == ABSTAIN) != (v == ABSTAIN)) | silent)
    if rule == "yes-no":  # both abstaining is left out of the percentage with every abstention
        partial |= same & (v == ABSTAIN)
        same &= v != ABSTAIN
    absent = np.isin(r, (YES, ABSTAIN, NO, ABSENT)) & np.isin(v, (YES, ABSTAIN, NO, ABSENT)) & ~cast
    absent_a = absent & (r == ABSTAIN)  # the state absent where the reference abstained
    if rule == "2020":
        partial, absent = partial | absent_a, absent & ~absent_a
    s, o, p, a = (x.sum(axis=1) for x in (same, opposite, partial, absent))
    points, base = _points(rule, s, o, p, a, absent_a.sum(axis=1))
    percent = np.divide(100.0 * points, base, out=np.full(len(base), np.nan), where=base > 0)
    return np.vstack([s, o, p, a, s + o + p + a, percent])


def _points(
    rule: Rule,
    same: np.ndarray,
    opposite: np.ndarray,
    partial: np.ndarray,
    absent: np.ndarray,
    absent_a: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The points and the divisor of a rule; `absent_a` counts absences where the reference abstained."""
    if rule == "yes-no":
        return same.astype(float), same + opposite
    scored = same + 0.5 * partial
    if rule in ("2017", "2020"):
        return scored, same + opposite + partial
    if rule == "2019":
        return scored + 0.5 * absent_a, same + opposite + partial + absent_a
    absence = 0.5 * absent if rule == "2022" else 0.5 * (absent - absent_a) + absent_a
    return scored + absence, same + opposite + partial + absent


def rescored(m: VoteMatrix, columns: Sequence[int], states: Sequence[str], scored_as: str) -> VoteMatrix:
    """A copy of the matrix with the given states' votes on the given columns scored otherwise: as one vote
    letter (Y, N, A, X), or "next" (each state takes the vote of the state after it in `states`, the last the
    first's), as a published table that read its rows out of order did."""
    values = m.values.copy()
    rows = np.array([m.states.index(s) for s in states])
    for j in columns:
        values[rows, j] = np.roll(values[rows, j], -1) if scored_as == NEXT_ROW else CODES[scored_as]
    return dataclasses.replace(m, values=values)


def printed_percent(value: float) -> float:
    """A percentage to one decimal, half up (binary floats would round some halves down)."""
    return float(np.floor(value * 10.0 + 0.5 + 1e-9) / 10.0)


def _coincidence_row(state: str, c: np.ndarray) -> dict[str, Any]:
    same, opposite, partial, absent, votes, percent = c.tolist()
    return {
        "state": state,
        "same": int(same),
        "opposite": int(opposite),
        "partial": int(partial),
        "absent": int(absent),
        "votes": int(votes),
        "percent": None if np.isnan(percent) else printed_percent(percent),
    }


# --- the agreement index ---------------------------------------------------------------------------------


def pair_scores(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per vote: 1 same, ½ one abstains, 0 opposite; NaN where either did not vote yes, abstain or no."""
    valid = np.isin(x, (YES, ABSTAIN, NO)) & np.isin(y, (YES, ABSTAIN, NO))
    diff = np.abs(x.astype(np.int16) - y.astype(np.int16))
    return np.where(valid, 1.0 - diff / 2.0, np.nan)


def agreement(m: VoteMatrix, a: Side, b: Side) -> tuple[float | None, int]:
    """The agreement index of two states (or bloc rows) over the matrix's votes, and how many votes it counts."""
    scores = pair_scores(side_row(m, a), side_row(m, b))
    n = int(np.count_nonzero(~np.isnan(scores)))
    return (float(np.nansum(scores) / n) if n else None), n


def agreement_matrix(m: VoteMatrix) -> tuple[np.ndarray, np.ndarray]:
    """Agreement of every pair of states at once: (scores, counts), each states × states; NaN where n is 0."""
    return agreement_arrays(m.values)


@blas_threads
def agreement_arrays(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`agreement_matrix` on a bare states × votes array of codes.

    With one-hot Y, A, N (states × votes), agreement summed over votes is YYᵀ + NNᵀ + AAᵀ + ½(YAᵀ + AYᵀ +
    NAᵀ + ANᵀ) = PPᵀ + QQᵀ + ½AAᵀ with P = Y + ½A, Q = N + ½A: three matrix products. All terms are
    multiples of ¼ well below 2²², so float32 sums are exact.
    """
    yes, abstain, no = (np.asarray(values == code, dtype=np.float32) for code in (YES, ABSTAIN, NO))
    p, q = yes + 0.5 * abstain, no + 0.5 * abstain
    voted = yes + abstain + no
    total = p @ p.T + q @ q.T + 0.5 * (abstain @ abstain.T)
    counts = np.rint(voted @ voted.T).astype(np.int64)
    scores = np.divide(total, counts, out=np.full(counts.shape, np.nan), where=counts > 0)
    return scores, counts


def allies(m: VoteMatrix, state: str, top: int = 10, min_votes: int = 1) -> dict[str, list[dict[str, Any]]]:
    """A state's `top` closest and most distant states by agreement, over pairs with at least `min_votes`."""
    row = side_row(m, state)
    pairs = [(s, *agreement(m, row, m.values[i])) for i, s in enumerate(m.states) if s != state]
    kept = [(sc, n, s) for s, sc, n in pairs if sc is not None and n >= min_votes]
    closest = sorted(kept, key=lambda r: (-r[0], -r[1], r[2]))
    farthest = sorted(kept, key=lambda r: (r[0], -r[1], r[2]))
    ranked = [{"state": s, "score": sc, "n": n} for sc, n, s in closest[:top]]
    opponents = [{"state": s, "score": sc, "n": n} for sc, n, s in farthest[:top]]
    return {"allies": ranked, "opponents": opponents}


def agreement_series(
    m: VoteMatrix, a: Side, b: Side, by: Literal["year", "session"] = "year"
) -> list[dict[str, Any]]:
    """Agreement of a pair per calendar year or per regular GA session (`labels.period_labels`), oldest first;
    periods with no shared vote left out."""
    group, labels = period_labels(m, by)
    scores = pair_scores(side_row(m, a), side_row(m, b))
    valid = ~np.isnan(scores)
    n = np.bincount(group[valid], minlength=len(labels))
    total = np.bincount(group[valid], weights=scores[valid], minlength=len(labels))
    return [
        {"period": p, "score": float(total[k] / n[k]), "n": int(n[k])} for k, p in enumerate(labels) if n[k]
    ]


# --- blocs -----------------------------------------------------------------------------------------------


def bloc_vote(m: VoteMatrix, members: Sequence[str], tie: int = UNKNOWN) -> np.ndarray:
    """A bloc's position per vote: the plurality of its members' yes, abstain and no votes.

    A tie for the most votes gives `tie`: by default UNKNOWN, so a split bloc's vote is left out of agreement
    (as `blocs.majority` does); ABSTAIN instead scores it half with either side. No member voting gives ABSENT;
    no member in the Assembly gives NOT_MEMBER.
    """
    block = m.values[[m.states.index(s) for s in members]]
    tallies = np.stack([(block == code).sum(axis=0) for code in (YES, ABSTAIN, NO)])
    best = tallies.max(axis=0)
    winners = (tallies == best).sum(axis=0)
    position = np.array([YES, ABSTAIN, NO], dtype=np.int8)[tallies.argmax(axis=0)]
    position = np.where(winners > 1, np.int8(tie), position)
    position = np.where(best == 0, np.int8(ABSENT), position)
    return np.where((block == NOT_MEMBER).all(axis=0), np.int8(NOT_MEMBER), position).astype(np.int8)


def with_bloc(m: VoteMatrix, name: str, members: Sequence[str], tie: int = UNKNOWN) -> VoteMatrix:
    """The matrix with one more row, `name`, holding the bloc's position: compare it like any state."""
    if name in m.states:
        raise ValueError(f"{name!r} is already a row of the matrix")
    values = np.vstack([m.values, bloc_vote(m, members, tie)[None, :]])
    return VoteMatrix((*m.states, name), values, m.events, m.dates)


def side_row(m: VoteMatrix, side: Side) -> np.ndarray:
    """The codes of a state (by id) or of a bloc row, checked against the matrix."""
    if isinstance(side, str):
        if side not in m.states:
            raise ValueError(
                f"{side!r} has no row in this matrix of {len(m.states)} states (not in the selection?)"
            )
        return m.row(side)
    if side.shape != (m.shape[1],):
        raise ValueError(f"a row of {side.shape} codes does not fit a matrix of {m.shape[1]} votes")
    return side
