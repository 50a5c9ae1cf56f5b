"""BLAS threads: the analysis runs its matrix work with the threads the `blas_threads` setting names."""

from __future__ import annotations

import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from unvotes.analysis.threads import blas_threads
from unvotes.errors import UnvotesError


@blas_threads
def threads_inside() -> set[int]:
    """The thread counts of every BLAS library while a decorated function runs."""
    return {library["num_threads"] for library in threadpool_info() if library["user_api"] == "blas"}


def test_one_thread_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without UNVOTES_BLAS_THREADS every BLAS library runs one thread inside the analysis."""
    monkeypatch.delenv("UNVOTES_BLAS_THREADS", raising=False)
    with threadpool_limits(limits=2, user_api="blas"):
        assert threads_inside() == {1}


def test_the_environment_variable_sets_the_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    """UNVOTES_BLAS_THREADS=2 gives two threads, and the threads outside are restored afterwards."""
    monkeypatch.setenv("UNVOTES_BLAS_THREADS", "2")
    with threadpool_limits(limits=1, user_api="blas"):
        assert threads_inside() == {2}
        assert {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"} == {1}


def test_zero_leaves_the_library_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """UNVOTES_BLAS_THREADS=0 leaves the threads as they are."""
    monkeypatch.setenv("UNVOTES_BLAS_THREADS", "0")
    with threadpool_limits(limits=2, user_api="blas"):
        assert threads_inside() == {2}


def test_a_bad_value_says_what_to_give(monkeypatch: pytest.MonkeyPatch) -> None:
    """A value that is not a number is an error naming the variable, with a hint."""
    monkeypatch.setenv("UNVOTES_BLAS_THREADS", "many")
    with pytest.raises(UnvotesError, match="UNVOTES_BLAS_THREADS='many'") as caught:
        threads_inside()
    assert caught.value.hint and "0 for the BLAS library's own default" in caught.value.hint
