"""The dynamic model's pieces: periods, bridges (recurring titles) and the random-walk prior on θ.

θ_it ~ N(θ_i,t−1, σ²) from a state's first period, where θ_i,first ~ N(0, 1); votes whose normalised titles
recur in different sessions share their item parameters. The prior's precision is tridiagonal per state, so
the θ step of EM and the posterior variances are a Cholesky factorisation vectorised over the states (a loop
over the periods only). The fit ends with L-BFGS on the exact log posterior, its gradient from the
truncated-normal moments (Fisher's identity). docs/methods-ideal-points.md describes it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import optimize

from unvotes.analysis.ideal_static import (
    ITEM_PRIOR_VAR,
    TAU_RATE,
    TAU_SHAPE,
    WARM_EM_STEPS,
    Cells,
    Fit,
    Items,
    Prior,
    chunk,
    each_chunk,
    em_step,
    moments,
    start_items,
    theta_information,
)
from unvotes.analysis.labels import normalise_title

SIGMA = 0.1  # the random walk's sd per period, in units of the first period's prior sd


def bridges(titles: Sequence[str | None], session: Sequence[int] | np.ndarray) -> np.ndarray:
    """An item group per event: events whose normalised title recurs in two or more sessions, once in each,
    share one group; every other event (no title, or a title repeated inside one session) has its own."""
    norms = [normalise_title(t) for t in titles]
    per_session: dict[tuple[str, int], int] = defaultdict(int)
    for norm, s in zip(norms, session, strict=True):
        per_session[norm, s] += 1
    spread: dict[str, set[int]] = defaultdict(set)
    for (norm, s), count in per_session.items():
        if norm and count == 1:
            spread[norm].add(s)
    groups: dict[Any, int] = {}
    out = np.empty(len(norms), dtype=int)
    for j, (norm, s) in enumerate(zip(norms, session, strict=True)):
        key = norm if len(spread.get(norm, ())) > 1 and per_session[norm, s] == 1 else ("own", j)
        out[j] = groups.setdefault(key, len(groups))
    return out


class RandomWalk:
    """The prior θ_i,first ~ N(0, 1), θ_it ~ N(θ_i,t−1, σ²) up to the state's last period, θ indexed i·T + t.
    Periods outside a state's span are inert placeholders (N(0, 1), no data, never reported)."""

    def __init__(self, first: np.ndarray, last: np.ndarray, periods: int, sigma: float) -> None:
        t = np.arange(periods)[None, :]
        self.inside = (t >= first[:, None]) & (t <= last[:, None])
        step = self.inside[:, 1:] & self.inside[:, :-1]
        walk = 1.0 / sigma**2
        self.off = np.where(step, -walk, 0.0)  # precision between t and t + 1
        self.base = np.where((t == first[:, None]) | ~self.inside, 1.0, 0.0)  # N(0, 1) at the first period
        self.base[:, 1:] += step * walk
        self.base[:, :-1] += step * walk

    def times(self, theta: np.ndarray) -> np.ndarray:
        x = theta.reshape(self.base.shape)
        out = self.base * x
        out[:, :-1] += self.off * x[:, 1:]
        out[:, 1:] += self.off * x[:, :-1]
        return out.ravel()

    def diagonal(self) -> np.ndarray:
        return self.base.ravel()

    def _cholesky(self, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """L of the precision L·Lᵀ per state: diagonal `diag_l` and sub-diagonal `low` (low[:, t] = L[t, t − 1])."""
        diag = self.base + np.where(self.inside, d.reshape(self.base.shape), 0.0)
        diag_l, low = np.empty_like(diag), np.zeros_like(diag)
        diag_l[:, 0] = np.sqrt(diag[:, 0])
        for t in range(1, diag.shape[1]):
            low[:, t] = self.off[:, t - 1] / diag_l[:, t - 1]
            diag_l[:, t] = np.sqrt(diag[:, t] - low[:, t] ** 2)
        return diag_l, low

    def solve(self, h: np.ndarray, d: np.ndarray) -> np.ndarray:
        """(diag d + P)⁻¹ h by forward and backward substitution."""
        diag_l, low = self._cholesky(d)
        y = np.where(self.inside, h.reshape(self.base.shape), 0.0)
        periods = y.shape[1]
        for t in range(periods):
            y[:, t] = (y[:, t] - (low[:, t] * y[:, t - 1] if t else 0.0)) / diag_l[:, t]
        for t in range(periods - 1, -1, -1):
            y[:, t] = (y[:, t] - (low[:, t + 1] * y[:, t + 1] if t + 1 < periods else 0.0)) / diag_l[:, t]
        return y.ravel()

    def variance(self, d: np.ndarray) -> np.ndarray:
        """The diagonal of (diag d + P)⁻¹, by the backward recursion on its Cholesky factor."""
        diag_l, low = self._cholesky(d)
        var = np.empty_like(diag_l)
        var[:, -1] = 1.0 / diag_l[:, -1] ** 2
        for t in range(diag_l.shape[1] - 2, -1, -1):
            var[:, t] = 1.0 / diag_l[:, t] ** 2 + (low[:, t + 1] / diag_l[:, t]) ** 2 * var[:, t + 1]
        return var.ravel()


# -- L-BFGS on the exact log posterior (the dynamic fit is too large for Newton) --------------------------


class Posterior:
    """−log posterior of the packed parameters (θ, a, b, log τ²) and its gradient, preconditioned by the square
    root of the diagonal of the observed information at the start (L-BFGS is not scale invariant)."""

    def __init__(self, cells: Cells, prior: Prior, theta: np.ndarray, items: Items) -> None:
        self.cells, self.prior, self.n = cells, prior, len(theta)
        self.scale = np.sqrt(self._curvature(theta, items))

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
        _, s, log_p, lam, var = chunk(c, theta, items, code, at)
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


def lbfgs_fit(cells: Cells, theta: np.ndarray, prior: Prior, *, iterations: int, tol: float) -> Fit:
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
