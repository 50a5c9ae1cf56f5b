"""The ordered-probit model of a set of votes: its truncated-normal moments, EM steps, and the static solver.

Each recorded vote is a latent utility z_ij ~ N(a_j + b_j·θ_i, 1/τ_j²) cut at 0 and 1: No below 0, Abstain
between, Yes above 1 (the three-category reparametrisation of Imai, Lo & Olmsted 2016; in the binary model
τ = 1 and the one cut is 0). The posterior mode starts with a few EM steps (each z replaced by its
truncated-normal expectation, then θ, (a, b) and τ² updated in closed form, vectorised over every vote at
once) and is finished here, for a static fit, by damped Newton on the exact log posterior (its Hessian from
Louis' identity; the items eliminated so that only a states × states system is solved); the dynamic fit
finishes with L-BFGS instead (ideal_dynamic). docs/methods-ideal-points.md describes it in full.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import numpy as np
from scipy import special

from unvotes.analysis.matrix import ABSTAIN, NO, YES

Model = Literal["ordinal", "binary"]
ITEM_PRIOR_VAR = 4.0  # (a_j, b_j) ~ N(0, 4 I): tighter than emIRT's 25, or lopsided votes stretch the fit
TAU_SHAPE, TAU_RATE = 2.0, 1.0  # τ_j² ~ Gamma(2, 1): a vote without abstentions keeps a finite band
WARM_EM_STEPS = 10  # EM steps before L-BFGS (dynamic)
NEWTON_WARM_STEPS = 5  # EM steps before Newton (static)
CHUNK = 100_000  # cells per task of the moments' thread pool
_LOG_SQRT_2PI = 0.5 * np.log(2 * np.pi)


class Prior(Protocol):
    """A Gaussian prior on θ with precision P: what the fits need of it."""

    def solve(self, h: np.ndarray, d: np.ndarray) -> np.ndarray: ...  # argmax of hᵀθ − ½θᵀ(diag d + P)θ
    def variance(self, d: np.ndarray) -> np.ndarray: ...  # diagonal of (diag d + P)⁻¹
    def times(self, theta: np.ndarray) -> np.ndarray: ...  # P·θ
    def diagonal(self) -> np.ndarray: ...  # diag P


class Independent:
    """θ_i ~ N(0, 1), independent: the static model."""

    def __init__(self, n: int) -> None:
        self.n = n

    def solve(self, h: np.ndarray, d: np.ndarray) -> np.ndarray:
        return h / (1.0 + d)

    def variance(self, d: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + d)

    def times(self, theta: np.ndarray) -> np.ndarray:
        return theta

    def diagonal(self) -> np.ndarray:
        return np.ones(self.n)


@dataclass(frozen=True)
class Cells:
    """The observed votes as flat arrays sorted by code (Yes, Abstain, No): whose θ (`person`), which item;
    `runs` maps each code to its slice, `counts` is the number of votes per item."""

    person: np.ndarray
    item: np.ndarray
    n_person: int
    n_item: int
    binary: bool
    runs: dict[int, slice]
    counts: np.ndarray


def make_cells(
    person: np.ndarray, item: np.ndarray, code: np.ndarray, n_person: int, n_item: int, binary: bool
) -> Cells:
    """Cells sorted by code, so that each code's cells are one contiguous run."""
    order = np.argsort(code, kind="stable")
    code = code[order]
    runs = {
        c: slice(*(int(np.searchsorted(code, c, side=k)) for k in ("left", "right")))
        for c in (YES, ABSTAIN, NO)
    }
    counts = np.bincount(item, minlength=n_item).astype(float)
    return Cells(person[order], item[order], n_person, n_item, binary, runs, counts)


@dataclass(frozen=True)
class Items:
    """Item parameters on the z scale: mean a + b·θ, precision τ²."""

    a: np.ndarray
    b: np.ndarray
    tau2: np.ndarray


@dataclass(frozen=True)
class Fit:
    theta: np.ndarray
    var: np.ndarray  # posterior variance of θ (Laplace: the inverse of the observed information's θ block)
    items: Items
    iterations: int
    converged: bool


# -- truncated normal moments: log P, E and Var of the standardised utility given the vote ---------------


def _log_phi(x: np.ndarray) -> np.ndarray:
    return -0.5 * x * x - _LOG_SQRT_2PI


def _below(beta: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """log P(X < beta), E and Var of X ~ N(0, 1) given X < beta."""
    log_p = special.log_ndtr(beta)
    r = np.exp(_log_phi(beta) - log_p)
    return log_p, -r, np.clip(1.0 - beta * r - r * r, 0.0, 1.0)


def _above(alpha: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The same given X > alpha: the mirror image of `_below`."""
    log_p, mean, var = _below(-alpha)
    return log_p, -mean, var


def _between(alpha: np.ndarray, beta: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The same given alpha < X < beta, in log space, mirrored into the lower half where the interval lies above 0."""
    flip = alpha + beta > 0
    lo, hi = np.where(flip, -beta, alpha), np.where(flip, -alpha, beta)
    log_hi = special.log_ndtr(hi)
    log_p = log_hi + np.log(-np.expm1(np.minimum(special.log_ndtr(lo) - log_hi, -1e-300)))
    p_lo, p_hi = np.exp(_log_phi(lo) - log_p), np.exp(_log_phi(hi) - log_p)
    mean = p_lo - p_hi
    var = np.clip(1.0 + lo * p_lo - hi * p_hi - mean * mean, 0.0, 1.0)
    return log_p, np.where(flip, -mean, mean), var


@dataclass(frozen=True)
class Moments:
    """Per cell: log P(vote), the mean μ and sd s of z, and E[(z − μ)/s], Var[(z − μ)/s] given the vote."""

    log_p: np.ndarray
    mu: np.ndarray
    s: np.ndarray
    lam: np.ndarray
    var: np.ndarray


def moments(cells: Cells, theta: np.ndarray, items: Items) -> Moments:
    """The truncated-normal moments of every cell at (θ, items)."""
    out = Moments(*(np.empty(len(cells.person)) for _ in range(5)))

    def fill(code: int, at: slice) -> None:
        out.mu[at], out.s[at], out.log_p[at], out.lam[at], out.var[at] = chunk(cells, theta, items, code, at)

    each_chunk(cells, fill)
    return out


def chunk(cells: Cells, theta: np.ndarray, items: Items, code: int, at: slice) -> tuple[np.ndarray, ...]:
    """μ, s, log P, E and Var of the standardised z for one chunk of cells holding one vote code."""
    item = cells.item[at]
    mu = items.a[item] + items.b[item] * theta[cells.person[at]]
    s = 1.0 / np.sqrt(items.tau2[item])
    if code == NO:
        return mu, s, *_below(-mu / s)
    if code == YES:
        return mu, s, *_above(((0.0 if cells.binary else 1.0) - mu) / s)
    return mu, s, *_between(-mu / s, (1.0 - mu) / s)


def each_chunk(cells: Cells, work: Callable[[int, slice], Any]) -> list[Any]:
    """`work(code, chunk)` over chunks of each code's run, on a thread pool where there is more than one
    (NumPy and SciPy's special functions release the GIL)."""
    tasks = [(code, piece) for code, run in cells.runs.items() for piece in _chunks(run)]
    if len(cells.person) < 2 * CHUNK:
        return [work(*task) for task in tasks]
    return list(_pool().map(lambda task: work(*task), tasks))


def _chunks(run: slice, size: int = CHUNK) -> list[slice]:
    return [slice(k, min(k + size, run.stop)) for k in range(run.start, run.stop, size)]


@functools.cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1))


# -- EM ---------------------------------------------------------------------------------------------------


def sums(index: np.ndarray, n: int, *weights: np.ndarray) -> list[np.ndarray]:
    return [np.bincount(index, w, minlength=n) for w in weights]


def theta_information(cells: Cells, mo: Moments, items: Items) -> np.ndarray:
    """The observed information of each θ from its votes: Σ τ²b²(1 − Var[(z − μ)/s]) (complete minus missing)."""
    b = items.b[cells.item]
    return np.bincount(
        cells.person, items.tau2[cells.item] * b * b * (1.0 - mo.var), minlength=cells.n_person
    )


def _theta_step(cells: Cells, mo: Moments, items: Items, prior: Prior) -> np.ndarray:
    """θ maximising the expected complete-data log posterior: a weighted regression of E z − a on b."""
    tb = items.tau2[cells.item] * items.b[cells.item]
    m = mo.mu + mo.s * mo.lam
    h, d = sums(cells.person, cells.n_person, tb * (m - items.a[cells.item]), tb * items.b[cells.item])
    return prior.solve(h, d)


def _item_step(cells: Cells, theta: np.ndarray, m: np.ndarray, var_z: np.ndarray, tau2: np.ndarray) -> Items:
    """Ridge regression of E z on (1, θ) per item (weight τ², prior N(0, 25)); then τ² from the residuals."""
    x = theta[cells.person]
    s0 = cells.counts
    s1, s2, sy, sxy = sums(cells.item, cells.n_item, x, x * x, m, x * m)
    p = 1.0 / ITEM_PRIOR_VAR
    a11, a12, a22 = tau2 * s0 + p, tau2 * s1, tau2 * s2 + p
    det = a11 * a22 - a12 * a12
    a, b = tau2 * (a22 * sy - a12 * sxy) / det, tau2 * (a11 * sxy - a12 * sy) / det
    if cells.binary:
        return Items(a, b, tau2)
    resid = m - a[cells.item] - b[cells.item] * x
    (ss,) = sums(cells.item, cells.n_item, var_z + resid * resid)
    return Items(a, b, (s0 + 2 * (TAU_SHAPE - 1)) / (ss + 2 * TAU_RATE))


def em_step(cells: Cells, prior: Prior, theta: np.ndarray, items: Items) -> tuple[np.ndarray, Items]:
    """One EM iteration: E step, θ given the items, then the items given the new θ."""
    mo = moments(cells, theta, items)
    theta = _theta_step(cells, mo, items, prior)
    return theta, _item_step(cells, theta, mo.mu + mo.s * mo.lam, mo.var * mo.s**2, items.tau2)


def start_items(cells: Cells, theta: np.ndarray) -> Items:
    """Items regressed on pseudo-utilities (No −0.5, Abstain 0.5, Yes 1.5; binary −1, 1) given the start θ."""
    pseudo = {NO: -1.0, YES: 1.0} if cells.binary else {NO: -0.5, ABSTAIN: 0.5, YES: 1.5}
    m = np.zeros(len(cells.person))
    for code, value in pseudo.items():
        m[cells.runs[code]] = value
    return _item_step(cells, theta, m, np.zeros_like(m), np.ones(cells.n_item))


# -- damped Newton for a static fit (exact Hessian; items eliminated, a dense solve in θ) ------------------


def _interval(alpha: np.ndarray, beta: np.ndarray) -> tuple[np.ndarray, ...]:
    """log P and the first four moments of X ~ N(0, 1) given alpha < X < beta (either may be infinite), by the
    recursion m_k = (k − 1)·m_{k−2} + (alpha^{k−1}·φ(alpha) − beta^{k−1}·φ(beta)) / P, mirrored where the
    interval lies mostly above 0."""
    flip = alpha + beta > 0
    lo, hi = np.where(flip, -beta, alpha), np.where(flip, -alpha, beta)
    log_hi = special.log_ndtr(hi)
    log_p = log_hi + np.log(-np.expm1(np.minimum(special.log_ndtr(lo) - log_hi, -1e-300)))
    with np.errstate(invalid="ignore"):
        p_lo, p_hi = np.exp(_log_phi(lo) - log_p), np.exp(_log_phi(hi) - log_p)
        lo, hi = np.where(np.isfinite(lo), lo, 0.0), np.where(np.isfinite(hi), hi, 0.0)
    m1 = p_lo - p_hi
    m2 = 1.0 + lo * p_lo - hi * p_hi
    m3 = 2.0 * m1 + lo**2 * p_lo - hi**2 * p_hi
    m4 = 3.0 * m2 + lo**3 * p_lo - hi**3 * p_hi
    sign = np.where(flip, -1.0, 1.0)
    return log_p, sign * m1, m2, sign * m3, m4


def _cell_derivatives(cells: Cells, theta: np.ndarray, items: Items) -> tuple[np.ndarray, ...]:
    """Per cell: log P and its first and second derivatives in μ and ℓ = log τ² (Louis' identity: the
    complete-data Hessian's expectation plus the variance of the complete-data score)."""
    mu = items.a[cells.item] + items.b[cells.item] * theta[cells.person]
    s = 1.0 / np.sqrt(items.tau2[cells.item])
    cut = 0.0 if cells.binary else 1.0
    lo, hi = np.full_like(mu, -np.inf), np.full_like(mu, np.inf)
    hi[cells.runs[NO]] = 0.0
    lo[cells.runs[ABSTAIN]], hi[cells.runs[ABSTAIN]] = 0.0, 1.0
    lo[cells.runs[YES]] = cut
    log_p, m1, m2, m3, m4 = _interval((lo - mu) / s, (hi - mu) / s)
    var = np.clip(m2 - m1 * m1, 0.0, 1.0)
    h_mm = -(1.0 - var) / s**2
    h_ml = m1 / s - (m3 - m1 * m2) / (2 * s)
    h_ll = -0.5 * m2 + 0.25 * (m4 - m2 * m2)
    return log_p, m1 / s, 0.5 * (1.0 - m2), h_mm, h_ml, h_ll


@dataclass(frozen=True)
class _Quadratic:
    """−log posterior at a point, its gradient and Hessian: θ block diagonal, θ–item block C (n × J × 3),
    item blocks (J × 3 × 3) over (a, b, ℓ)."""

    f: float
    g_theta: np.ndarray
    g_items: np.ndarray
    h_theta: np.ndarray
    c: np.ndarray
    h_items: np.ndarray


def _quadratic(cells: Cells, theta: np.ndarray, items: Items) -> _Quadratic:
    """The second-order expansion of −log posterior under the static prior θ ~ N(0, 1)."""
    log_p, g_mu, g_l, h_mm, h_ml, h_ll = _cell_derivatives(cells, theta, items)
    i, j, n, k = cells.person, cells.item, cells.n_person, cells.n_item
    b, x = items.b[j], theta[i]
    log_tau = np.log(items.tau2)
    f = -log_p.sum() + 0.5 * theta @ theta + 0.5 * (items.a @ items.a + items.b @ items.b) / ITEM_PRIOR_VAR
    g_theta = -np.bincount(i, b * g_mu, minlength=n) + theta
    g_items: np.ndarray = np.column_stack([-np.bincount(j, w, minlength=k) for w in (g_mu, x * g_mu, g_l)])
    g_items[:, :2] += np.column_stack([items.a, items.b]) / ITEM_PRIOR_VAR
    c = np.zeros((n, k, 3))
    c[i, j] = -np.column_stack([h_mm * b, h_mm * b * x + g_mu, h_ml * b])
    h_items = np.zeros((k, 3, 3))
    for (r, q), w in {(0, 0): h_mm, (0, 1): h_mm * x, (1, 1): h_mm * x * x, (0, 2): h_ml, (1, 2): h_ml * x,
                      (2, 2): h_ll}.items():  # fmt: skip
        h_items[:, r, q] = h_items[:, q, r] = -np.bincount(j, w, minlength=k)
    h_items[:, 0, 0] += 1 / ITEM_PRIOR_VAR
    h_items[:, 1, 1] += 1 / ITEM_PRIOR_VAR
    if cells.binary:  # τ = 1 is fixed: ℓ does not move
        c[:, :, 2], g_items[:, 2], h_items[:, 2, :], h_items[:, :, 2] = 0.0, 0.0, 0.0, 0.0
        h_items[:, 2, 2] = 1.0
    else:
        f -= np.sum((TAU_SHAPE - 1) * log_tau - TAU_RATE * items.tau2)
        g_items[:, 2] += TAU_RATE * items.tau2 - (TAU_SHAPE - 1)
        h_items[:, 2, 2] += TAU_RATE * items.tau2
    h_theta = -np.bincount(i, h_mm * b * b, minlength=n) + 1.0
    return _Quadratic(float(f), g_theta, g_items, h_theta, c, h_items)


def _newton_step(q: _Quadratic, damping: float) -> tuple[np.ndarray, np.ndarray] | None:
    """The damped Newton step (H + damping·diag H)⁻¹(−g), items eliminated per item; None where the damped
    Hessian is not positive definite."""
    h_items = q.h_items + damping * np.einsum("jkk->jk", q.h_items)[:, :, None] * np.eye(3)
    try:
        np.linalg.cholesky(h_items)
        inverse = np.linalg.inv(h_items)
        ci = np.einsum("njk,jkl->njl", q.c, inverse).reshape(len(q.h_theta), -1)
        schur = np.diag(q.h_theta * (1 + damping)) - ci @ q.c.reshape(len(q.h_theta), -1).T
        rhs = q.g_theta - ci @ q.g_items.ravel()
        d_theta = -np.linalg.solve(
            np.linalg.cholesky(schur).T, np.linalg.solve(np.linalg.cholesky(schur), rhs)
        )
    except np.linalg.LinAlgError:
        return None
    d_items = -np.einsum("jkl,jl->jk", inverse, q.g_items + np.einsum("njk,n->jk", q.c, d_theta))
    return d_theta, d_items


def _moved(theta: np.ndarray, items: Items, step: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, Items]:
    d_theta, d_items = step
    tau2 = items.tau2 * np.exp(np.clip(d_items[:, 2], -5, 5))
    return theta + d_theta, Items(items.a + d_items[:, 0], items.b + d_items[:, 1], tau2)


def newton_fit(cells: Cells, theta: np.ndarray, *, iterations: int, tol: float) -> Fit:
    """The posterior mode of a static fit: `NEWTON_WARM_STEPS` EM steps, then Levenberg–Marquardt-damped Newton on
    the exact log posterior until no θ moves by more than `tol` (or after `iterations` steps)."""
    prior = Independent(cells.n_person)
    items = start_items(cells, theta)
    for _ in range(NEWTON_WARM_STEPS):
        theta, items = em_step(cells, prior, theta, items)
    q, damping, done, converged = _quadratic(cells, theta, items), 1e-3, 0, False
    while done < iterations and not converged:
        done += 1
        step = _newton_step(q, damping)
        trial = _moved(theta, items, step) if step is not None else None
        q_trial = _quadratic(cells, *trial) if trial is not None else None
        if trial is None or q_trial is None or not q_trial.f <= q.f:
            damping *= 10
            continue
        converged = bool(np.max(np.abs(trial[0] - theta), initial=0.0) < tol)
        (theta, items), q, damping = trial, q_trial, max(damping / 10, 1e-9)
    info = theta_information(cells, moments(cells, theta, items), items)
    return Fit(theta, prior.variance(info), items, NEWTON_WARM_STEPS + done, converged)
