"""The ordered-probit model of a set of votes and its estimation, shared by the static and the dynamic fits.

Each recorded vote is a latent utility z_ij ~ N(a_j + b_j·θ_i, 1/τ_j²) cut at 0 and 1: No below 0, Abstain
between, Yes above 1 (the three-category reparametrisation of Imai, Lo & Olmsted 2016; in the binary model
τ = 1 and the one cut is 0). The posterior mode is found by EM — each z replaced by its truncated-normal
expectation, then θ, (a, b) and τ² updated in closed form — and finished by L-BFGS on the exact log posterior,
whose gradient comes from the same truncated-normal moments (Fisher's identity). All of it is vectorised over
every observed vote at once. docs/methods-ideal-points.md describes it in full.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import numpy as np
from scipy import optimize, special

from unvotes.analysis.matrix import ABSTAIN, NO, YES

Model = Literal["ordinal", "binary"]
ITEM_PRIOR_VAR = 4.0  # (a_j, b_j) ~ N(0, 4 I): tighter than emIRT's 25, or lopsided votes stretch the fit
TAU_SHAPE, TAU_RATE = 2.0, 1.0  # τ_j² ~ Gamma(2, 1): a vote without abstentions keeps a finite band
WARM_EM_STEPS = 10
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
        out.mu[at], out.s[at], out.log_p[at], out.lam[at], out.var[at] = _chunk(cells, theta, items, code, at)

    each_chunk(cells, fill)
    return out


def _chunk(cells: Cells, theta: np.ndarray, items: Items, code: int, at: slice) -> tuple[np.ndarray, ...]:
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
    if len(tasks) <= 1:
        return [work(*task) for task in tasks]
    return list(_pool().map(lambda task: work(*task), tasks))


def _chunks(run: slice, size: int = CHUNK) -> list[slice]:
    return [slice(k, min(k + size, run.stop)) for k in range(run.start, run.stop, size)]


@functools.cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1))


# -- EM ---------------------------------------------------------------------------------------------------


def _sums(index: np.ndarray, n: int, *weights: np.ndarray) -> list[np.ndarray]:
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
    h, d = _sums(cells.person, cells.n_person, tb * (m - items.a[cells.item]), tb * items.b[cells.item])
    return prior.solve(h, d)


def _item_step(cells: Cells, theta: np.ndarray, m: np.ndarray, var_z: np.ndarray, tau2: np.ndarray) -> Items:
    """Ridge regression of E z on (1, θ) per item (weight τ², prior N(0, 25)); then τ² from the residuals."""
    x = theta[cells.person]
    s0 = cells.counts
    s1, s2, sy, sxy = _sums(cells.item, cells.n_item, x, x * x, m, x * m)
    p = 1.0 / ITEM_PRIOR_VAR
    a11, a12, a22 = tau2 * s0 + p, tau2 * s1, tau2 * s2 + p
    det = a11 * a22 - a12 * a12
    a, b = tau2 * (a22 * sy - a12 * sxy) / det, tau2 * (a11 * sxy - a12 * sy) / det
    if cells.binary:
        return Items(a, b, tau2)
    resid = m - a[cells.item] - b[cells.item] * x
    (ss,) = _sums(cells.item, cells.n_item, var_z + resid * resid)
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


# -- L-BFGS on the exact log posterior --------------------------------------------------------------------


class Posterior:
    """−log posterior of the packed parameters (θ, a, b, log τ²) and its gradient, preconditioned by the square
    root of the diagonal of the observed information at the start (L-BFGS is not scale invariant)."""

    def __init__(self, cells: Cells, prior: Prior, theta: np.ndarray, items: Items) -> None:
        self.cells, self.prior, self.n = cells, prior, len(theta)
        self.scale = np.sqrt(self._curvature(theta, items))
        self.calls = 0

    def pack(self, theta: np.ndarray, items: Items) -> np.ndarray:
        return np.concatenate([theta, items.a, items.b, np.log(items.tau2)]) * self.scale

    def unpack(self, x: np.ndarray) -> tuple[np.ndarray, Items]:
        p = x / self.scale
        a, b, log_tau2 = np.split(p[self.n :], 3)
        return p[: self.n], Items(a, b, np.ones_like(a) if self.cells.binary else np.exp(log_tau2))

    def _curvature(self, theta: np.ndarray, items: Items) -> np.ndarray:
        c, mo = self.cells, moments(self.cells, theta, items)
        w = items.tau2[c.item] * (1.0 - mo.var)
        x = theta[c.person]
        d_theta = theta_information(c, mo, items) + self.prior.diagonal()
        d_a, d_b = (np.bincount(c.item, v, minlength=c.n_item) + 1 / ITEM_PRIOR_VAR for v in (w, w * x * x))
        d_tau = c.counts / 2 + TAU_RATE * items.tau2 if not c.binary else np.ones(c.n_item)
        return np.maximum(np.concatenate([d_theta, d_a, d_b, d_tau]), 1e-6)

    def __call__(self, x: np.ndarray) -> tuple[float, np.ndarray]:
        self.calls += 1
        theta, items = self.unpack(x)
        c = self.cells
        parts = each_chunk(c, lambda code, at: self._chunk_gradient(theta, items, code, at))
        log_p, g_theta, g_a, g_b, g_tau = (sum(p[k] for p in parts) for k in range(5))
        prior_theta = self.prior.times(theta)
        log_post = (
            log_p - 0.5 * theta @ prior_theta - 0.5 * (items.a @ items.a + items.b @ items.b) / ITEM_PRIOR_VAR
        )
        g_theta, g_a, g_b = (
            g_theta - prior_theta,
            g_a - items.a / ITEM_PRIOR_VAR,
            g_b - items.b / ITEM_PRIOR_VAR,
        )
        if c.binary:
            g_tau = np.zeros(c.n_item)
        else:
            g_tau = g_tau + TAU_SHAPE - 1 - TAU_RATE * items.tau2
            log_post += np.sum((TAU_SHAPE - 1) * np.log(items.tau2) - TAU_RATE * items.tau2)
        grad = np.concatenate([g_theta, g_a, g_b, g_tau])
        return -float(log_post), -grad / self.scale

    def _chunk_gradient(self, theta: np.ndarray, items: Items, code: int, at: slice) -> tuple:
        """One chunk's log likelihood and its gradient in θ, a, b and log τ² (Fisher's identity: the score of
        μ is E[z − μ | vote]/s², that of log τ² is (1 − Var − E²)/2 in standardised terms)."""
        c = self.cells
        _, s, log_p, lam, var = _chunk(c, theta, items, code, at)
        g_mu, person, item = lam / s, c.person[at], c.item[at]
        return (
            log_p.sum(),
            np.bincount(person, items.b[item] * g_mu, minlength=c.n_person),
            np.bincount(item, g_mu, minlength=c.n_item),
            np.bincount(item, theta[person] * g_mu, minlength=c.n_item),
            np.bincount(item, 0.5 * (1.0 - var - lam * lam), minlength=c.n_item),
        )


class _Watch:
    """L-BFGS callback: stop once no θ has moved by more than `tol` over the last `every` iterations."""

    def __init__(self, posterior: Posterior, tol: float, every: int = 10) -> None:
        self.posterior, self.tol, self.every = posterior, tol, every
        self.count, self.last, self.converged = 0, None, False

    def __call__(self, intermediate_result: optimize.OptimizeResult) -> None:
        self.count += 1
        if self.count % self.every:
            return
        theta = intermediate_result.x[: self.posterior.n] / self.posterior.scale[: self.posterior.n]
        if self.last is not None and np.max(np.abs(theta - self.last), initial=0.0) < self.tol:
            self.converged = True
            raise StopIteration
        self.last = theta


def fit(cells: Cells, theta: np.ndarray, prior: Prior, *, iterations: int, tol: float) -> Fit:
    """The posterior mode: `WARM_EM_STEPS` EM steps from the start, then L-BFGS until no θ moves by more than
    `tol` in ten iterations (or after `iterations`); θ's variance from the Laplace approximation."""
    items = start_items(cells, theta)
    for _ in range(WARM_EM_STEPS):
        theta, items = em_step(cells, prior, theta, items)
    posterior = Posterior(cells, prior, theta, items)
    watch = _Watch(posterior, tol)
    options = {"maxiter": iterations, "maxfun": 2 * iterations, "ftol": 1e-15, "gtol": 1e-9, "maxcor": 20}
    result = optimize.minimize(
        posterior, posterior.pack(theta, items), jac=True, method="L-BFGS-B", callback=watch, options=options
    )
    theta, items = posterior.unpack(result.x)
    info = theta_information(cells, moments(cells, theta, items), items)
    converged = watch.converged or bool(result.success)
    return Fit(theta, prior.variance(info), items, WARM_EM_STEPS + watch.count, converged)
