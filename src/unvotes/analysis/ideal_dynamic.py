"""The dynamic model's pieces: periods, bridges (recurring titles) and the random-walk prior on θ.

θ_it ~ N(θ_i,t−1, σ²) from a state's first period, where θ_i,first ~ N(0, 1); votes whose normalised titles
recur in different sessions share their item parameters. The prior's precision is tridiagonal per state, so
the θ step and the posterior variances are a Cholesky factorisation vectorised over the states (a loop over
the periods only). docs/methods-ideal-points.md describes it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np

from unvotes.analysis.matrix import VoteMatrix

SIGMA = 0.1  # the random walk's sd per period, in units of the first period's prior sd
_TAIL = re.compile(r"^(draft )?(resolution|decision)s?\b|adopted by the general assembly")
_FULL_TAIL = "resolution / adopted by the general assembly"
_PUNCTUATION = re.compile(r"[^\w\s]+")


def session_of(date: str) -> int:
    """The regular GA session in progress on a date: session n opens in September of 1945 + n (1 from 1946)."""
    year, month = int(date[:4]), int(date[5:7])
    return max(1, year - 1945 if month >= 9 else year - 1946)


def sessions(m: VoteMatrix) -> np.ndarray:
    """Each event's regular session: the recorded one where it is a number, else the one its date falls in
    (emergency special sessions, special sessions and unrecorded sessions go to the regular session in progress)."""
    recorded = (e.get("session") for e in m.events)
    return np.array(
        [
            int(s) if isinstance(s, str) and s.isdigit() else session_of(str(e["date"]))
            for e, s in zip(m.events, recorded, strict=True)
        ],
        dtype=int,
    )


def period_labels(m: VoteMatrix, by: str) -> tuple[np.ndarray, list[Any]]:
    """Each event's period as an index into labels that run without gaps from the first period to the last:
    sessions as strings ("78"), years as ints."""
    if by not in ("session", "year"):
        raise ValueError(f"by must be 'session' or 'year', not {by!r}")
    number = sessions(m) if by == "session" else m.years().astype(int)
    if not len(number):
        return number, []
    first = int(number.min())
    labels = range(first, int(number.max()) + 1)
    return number - first, [str(n) for n in labels] if by == "session" else list(labels)


def normalise_title(title: str | None) -> str:
    """A title as bridging compares it: lower case; without a " : resolution / adopted by the General Assembly"
    tail (or a truncated piece of it, where the title ends in "[...]"); punctuation as spaces; one space."""
    text = (title or "").lower().strip()
    truncated = text.endswith("[...]")
    text = text.removesuffix("[...]")
    head, sep, rest = text.rpartition(" : ")
    rest = rest.strip()
    if sep and (_TAIL.search(rest) or (truncated and rest and _FULL_TAIL.startswith(rest))):
        text = head
    return " ".join(_PUNCTUATION.sub(" ", text).split())


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
        self.base = np.ones(self.inside.shape)  # N(0, 1) on every θ_it: each period's scale stays anchored
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
