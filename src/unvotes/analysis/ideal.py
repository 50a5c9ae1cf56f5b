"""Ideal points of states from their General Assembly votes: the one-dimensional ordered-probit model (No <
Abstain < Yes) of Bailey, Strezhnev & Voeten (2017), fitted as a posterior mode: EM steps, then damped Newton
(static) or L-BFGS (dynamic).

- `static(m)`: one fit of a matrix (or one per session or year, each on its own scale);
- `dynamic(m)`: every state in every session (or year) on one scale, linked by a random walk and by recurring
  resolutions whose item parameters are shared (bridges).

Both return `IdealPoints`, whose `rows()` the CLI prints. Method: docs/methods-ideal-points.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from unvotes.analysis.ideal_dynamic import SIGMA, RandomWalk, bridges, lbfgs_fit
from unvotes.analysis.ideal_static import Fit, Items, Model, make_cells, newton_fit
from unvotes.analysis.labels import period_labels, sessions
from unvotes.analysis.matrix import ABSTAIN, NO, YES, VoteMatrix
from unvotes.analysis.threads import blas_threads

__all__ = ["IdealPoints", "bridges", "dynamic", "static"]

ORIENT = ("USA", "CUB")  # the first sits above the second
Abstain = Literal["missing", "no"]
Period = Literal["session", "year"]


@dataclass(frozen=True)
class IdealPoints:
    """Positions of states (rows) in periods (columns), with their standard errors and the votes' parameters.

    `ideal_point[i, t]` and `se[i, t]` are NaN where state i cast no vote the model reads in period t.
    Per event of the matrix: `discrimination` (β_j), `cutpoints` (No|Abstain and Abstain|Yes on the scale of
    y* = β_j·θ + ε, ε ~ N(0, 1); one cut, twice, in the binary model), `item` (the parameter group: events
    sharing one are bridged; −1 for a vote left out because all who voted voted alike).
    """

    states: tuple[str, ...]
    periods: tuple[Any, ...]
    ideal_point: np.ndarray
    se: np.ndarray
    discrimination: np.ndarray
    cutpoints: np.ndarray
    item: np.ndarray
    by: str = "session"
    model: str = "ordinal"
    iterations: int = 0
    converged: bool = True

    def rows(self) -> list[dict[str, Any]]:
        """One dict per estimate: state, session (or year), ideal_point, se; by period, then state."""
        out = []
        for t, period in enumerate(self.periods):
            for i, state in enumerate(self.states):
                if not np.isnan(self.ideal_point[i, t]):
                    value, se = float(self.ideal_point[i, t]), float(self.se[i, t])
                    out.append({"state": state, self.by: period, "ideal_point": value, "se": se})
        return out

    def of(self, state: str) -> np.ndarray:
        """A state's ideal points over the periods (NaN where it has none)."""
        return self.ideal_point[self.states.index(state)]


@blas_threads
def static(
    m: VoteMatrix,
    *,
    by: Period | None = None,
    model: Model = "ordinal",
    abstain: Abstain = "missing",
    iterations: int = 2000,
    tol: float = 1e-4,
) -> IdealPoints:
    """Ideal points of the states in `m`: one fit of the whole matrix (`by=None`) or one per session or year.

    Each fit is identified on its own (mean 0, sd 1 over its states, USA above CUB), so positions are not
    comparable across periods: `dynamic` puts them on one scale. `model="binary"` reads Yes against No, an
    abstention as missing (`abstain="missing"`) or as No (`abstain="no"`).
    """
    index, labels = period_labels(m, by) if by else (np.zeros(len(m.events), dtype=int), [_session(m)])
    present = np.unique(index)
    theta = np.full((len(m.states), len(present)), np.nan)
    se, disc = theta.copy(), np.full(len(m.events), np.nan)
    cuts, item = np.full((len(m.events), 2), np.nan), np.full(len(m.events), -1)
    steps, converged = 0, True
    for t, period in enumerate(present):
        cols = np.flatnonzero(index == period)
        one = _fit_one(m.take(cols), model, abstain, iterations, tol)
        rows = [m.states.index(state) for state in one.states]
        theta[rows, t], se[rows, t] = one.ideal_point[:, 0], one.se[:, 0]
        disc[cols], cuts[cols] = one.discrimination, one.cutpoints
        item[cols] = np.where(one.item >= 0, one.item + item.max(initial=-1) + 1, -1)
        steps, converged = max(steps, one.iterations), converged and one.converged
    has = ~np.isnan(theta).all(axis=1)
    states = tuple(s for s, h in zip(m.states, has, strict=True) if h)
    periods = tuple(labels[p] for p in present)
    return IdealPoints(
        states, periods, theta[has], se[has], disc, cuts, item, by or "session", model, steps, converged
    )


@blas_threads
def dynamic(
    m: VoteMatrix,
    *,
    by: Period = "session",
    model: Model = "ordinal",
    abstain: Abstain = "missing",
    sigma: float = SIGMA,
    titles: Sequence[str | None] | None = None,
    iterations: int = 2000,
    tol: float = 5e-3,
) -> IdealPoints:
    """Ideal points of every state in every period of `m` on one scale: a random walk with sd `sigma` per period,
    and votes with recurring titles bridged (`titles`, one per event, replaces the events' own titles).

    Identified over all estimates together: mean 0, sd 1, and the United States above Cuba summed over the
    periods where both voted.
    """
    period, labels = period_labels(m, by)
    groups = bridges(titles if titles is not None else [e.get("title") for e in m.events], sessions(m))
    return _fit(m, period, labels, groups, model, abstain, iterations, tol, sigma, by)


def _fit_one(m: VoteMatrix, model: Model, abstain: Abstain, iterations: int, tol: float) -> IdealPoints:
    """One static fit: all votes in one period, every vote its own item."""
    none = np.zeros(len(m.events), dtype=int)
    return _fit(m, none, [None], np.arange(len(m.events)), model, abstain, iterations, tol, None, "session")


def _fit(
    m: VoteMatrix,
    period: np.ndarray,
    labels: list[Any],
    groups: np.ndarray,
    model: Model,
    abstain: Abstain,
    iterations: int,
    tol: float,
    sigma: float | None,
    by: str,
) -> IdealPoints:
    """Votes → cells (θ per state and period, parameters per item group) → posterior mode → identified result."""
    codes = coded(m.values, model, abstain)
    keep = informative(codes, groups, int(groups.max(initial=-1)) + 1)
    item = np.where(keep, np.cumsum(keep) - 1, -1)[groups]
    codes = np.where(item[None, :] >= 0, codes, 0)
    rows, cols = np.nonzero(codes)
    n, periods = len(m.states), len(labels)
    person = rows * periods + period[cols]
    cells = make_cells(person, item[cols], codes[rows, cols], n * periods, int(keep.sum()), model == "binary")
    has = (np.bincount(person, minlength=n * periods) > 0).reshape(n, periods)
    start = np.repeat(start_theta(codes), periods)
    if sigma is None:
        result = newton_fit(cells, start, iterations=iterations, tol=tol)
    else:
        result = lbfgs_fit(cells, start, _walk(has, sigma), iterations=iterations, tol=tol)
    return _result(m, result, has, labels, item, by, model)


def _walk(has: np.ndarray, sigma: float) -> RandomWalk:
    """The random walk over each state's span: from the first period it voted in to the last."""
    active = has.any(axis=1)
    first = np.where(active, has.argmax(axis=1), 0)
    last = np.where(active, has.shape[1] - 1 - has[:, ::-1].argmax(axis=1), 0)
    return RandomWalk(first, last, has.shape[1], sigma)


def _result(
    m: VoteMatrix, result: Fit, has: np.ndarray, labels: list[Any], item: np.ndarray, by: str, model: str
) -> IdealPoints:
    """Identify the fit and lay it out as states × periods, keeping the states and periods with an estimate."""
    theta, var, items = identify(result.theta, result.var, result.items, has.ravel())
    theta = np.where(has, theta.reshape(has.shape), np.nan)
    sign = orientation(m.states, theta)
    theta, items = theta * sign, Items(items.a, items.b * sign, items.tau2)
    se = np.where(has, np.sqrt(var.reshape(has.shape)), np.nan)
    disc, cuts = original_scale(items, model == "binary")
    rows, cols = np.asarray(has.any(axis=1)), np.asarray(has.any(axis=0))
    return IdealPoints(
        tuple(s for s, keep in zip(m.states, rows.tolist(), strict=True) if keep),
        tuple(label for label, keep in zip(labels, cols.tolist(), strict=True) if keep),
        theta[rows][:, cols],
        se[rows][:, cols],
        per_event(disc, item),
        per_event(cuts, item),
        item,
        by,
        model,
        result.iterations,
        result.converged,
    )


# -- from the matrix to the model, and back ---------------------------------------------------------------


def coded(values: np.ndarray, model: Model, abstain: Abstain) -> np.ndarray:
    """Vote codes the model reads (Yes, Abstain, No); absent, not a member and unknown become 0 (missing)."""
    out = np.where(np.isin(values, (YES, ABSTAIN, NO)), values, 0).astype(np.int8)
    if model == "binary":
        out[out == ABSTAIN] = NO if abstain == "no" else 0
    return out


def informative(codes: np.ndarray, groups: np.ndarray, n_groups: int) -> np.ndarray:
    """Per item group: whether its votes hold at least two different codes (a unanimous vote says nothing)."""
    seen = np.zeros((n_groups, 4), dtype=bool)
    rows, cols = np.nonzero(codes)
    seen[groups[cols], codes[rows, cols]] = True
    return seen.sum(axis=1) >= 2


def start_theta(codes: np.ndarray) -> np.ndarray:
    """Start values: the first principal component of the votes scored Yes 1, Abstain ½, No 0 (column means
    fill the gaps), standardised. Deterministic; its sign does not matter."""
    score = np.select([codes == YES, codes == ABSTAIN, codes == NO], [1.0, 0.5, 0.0], np.nan)
    means = np.nansum(score, axis=0) / np.maximum((codes > 0).sum(axis=0), 1)
    centred = np.where(np.isnan(score), means, score) - means
    if centred.shape[0] < 2 or not centred.any():
        return np.zeros(codes.shape[0])
    u = np.linalg.svd(centred, full_matrices=False)[0][:, 0]
    return (u - u.mean()) / (u.std() or 1.0)


def orientation(states: Sequence[str], theta: np.ndarray) -> float:
    """+1 or −1: the sign that puts ORIENT[0] above ORIENT[1], summed over the periods both have (+1 where
    either is missing)."""
    if not all(s in states for s in ORIENT):
        return 1.0
    first, second = (theta[list(states).index(s)] for s in ORIENT)
    both = ~np.isnan(first) & ~np.isnan(second)
    return -1.0 if np.sum(first[both] - second[both]) < 0 else 1.0


def identify(
    theta: np.ndarray, var: np.ndarray, items: Items, mask: np.ndarray
) -> tuple[np.ndarray, np.ndarray, Items]:
    """Shift and scale θ to mean 0 and sd 1 over the estimates in `mask`, moving the items with them."""
    if not mask.any():
        return theta, var, items
    mean, sd = float(theta[mask].mean()), float(theta[mask].std()) or 1.0
    return (theta - mean) / sd, var / sd**2, Items(items.a + items.b * mean, items.b * sd, items.tau2)


def original_scale(items: Items, binary: bool) -> tuple[np.ndarray, np.ndarray]:
    """Discrimination β = bτ and the cutpoints of y* = β·θ + ε: (−τa, τ(1 − a)); binary (−a, −a)."""
    tau = np.sqrt(items.tau2)
    if binary:
        return items.b, np.column_stack([-items.a, -items.a])
    return items.b * tau, np.column_stack([-tau * items.a, tau * (1.0 - items.a)])


def per_event(values: np.ndarray, item: np.ndarray) -> np.ndarray:
    """Spread per-item values over the events (NaN where an event was left out, `item` −1)."""
    out = np.full((len(item),) + values.shape[1:], np.nan)
    out[item >= 0] = values[item[item >= 0]]
    return out


def _session(m: VoteMatrix) -> Any:
    """The session of a matrix whose votes all share one, else None."""
    found = {e.get("session") for e in m.events}
    return found.pop() if len(found) == 1 else None
