"""BLAS threads for the analysis' matrix work: chosen by the `blas_threads` setting, not left to the library.

NumPy's and SciPy's OpenBLAS start one thread per core. On a two-core machine busy with other work those threads
wait on each other: the dynamic ideal-point fit of the whole record took 142–147 s with the default threads and
21–22 s with one, and one session's static fit 0.52 s against 0.07 s (benchmarks/RESULTS.md). So the functions
that do the matrix work run under `@blas_threads`, with `UNVOTES_BLAS_THREADS` threads (default 1; 0 leaves the
library's default, for a machine with idle cores to spare).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, wraps
from typing import ParamSpec, TypeVar

import scipy.linalg  # noqa: F401  (loads SciPy's BLAS too, so that the controller below finds both)
from threadpoolctl import ThreadpoolController

from unvotes import settings

P = ParamSpec("P")
R = TypeVar("R")


@cache
def _controller() -> ThreadpoolController:
    """The BLAS libraries loaded in this process, found once (finding them takes about a millisecond)."""
    return ThreadpoolController()


def blas_threads(func: Callable[P, R]) -> Callable[P, R]:
    """`func` run with the BLAS threads of the `blas_threads` setting, read at each call."""

    @wraps(func)
    def limited(*args: P.args, **kwargs: P.kwargs) -> R:
        threads = settings.blas_threads()
        if threads is None:
            return func(*args, **kwargs)
        with _controller().limit(limits=threads, user_api="blas"):
            return func(*args, **kwargs)

    return limited
