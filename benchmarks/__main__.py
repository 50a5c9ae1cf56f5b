"""Benchmarks, each against a baseline measured in the same run: `python -m benchmarks [--only NAME] [--rows N]`.

- import:  `unvotes import` of a generated file in the official GA layout (~950k rows) vs DuckDB's own
           `read_csv` of the same file into a table (goal: ratio ≤ 2).
- build:   full build from ../shared/data vs reading and decompressing every source file (the I/O floor).
- show:    `queries.show()` on a warm connection vs a primary-key lookup of one event on the same connection.
- agreement: all-pairs agreement over the whole GA record (goal ≤ 1 s) vs one float32 matrix product of the
           same shape (the BLAS floor); and the time to load the matrix from the database.
- ideal points: `python -m benchmarks.ideal_points` (against R's pscl::ideal, installed from Debian).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import statistics
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import duckdb
import numpy as np

from benchmarks.gen_undl_ga import SAMPLE, synthetic, templates
from unvotes import ingest, pipeline
from unvotes.analysis import alignment, matrix
from unvotes.analysis.threads import blas_threads
from unvotes.store import connect, queries

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def timed(func: Callable[[], object], repeat: int = 1) -> float:
    """The best of `repeat` wall-clock runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def bench_import(work: Path, rows: int) -> list[tuple[str, float, float]]:
    csv_path = work / "2026_02_06_ga_voting.csv"
    header, full = templates(SAMPLE / "ga_voting_sample.csv")
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for event in synthetic(header, full, rows):
            writer.writerows(event)
    (work / "2026_02_06_ga_voting_md.md").write_bytes((SAMPLE / "2026_02_06_ga_voting_md.md").read_bytes())

    def duck() -> None:
        with duckdb.connect(str(work / "baseline.duckdb")) as con:
            con.execute(
                f"CREATE OR REPLACE TABLE t AS SELECT * FROM read_csv('{csv_path}', all_varchar = true)"
            )

    def ours() -> None:
        (work / "ours.duckdb").unlink(missing_ok=True)
        pipeline.import_file(work / "ours.duckdb", csv_path, "undl_ga")

    base = timed(duck, 2)
    parse = timed(lambda: pipeline.parse_file(csv_path, "undl_ga"))
    full_import = timed(ours)
    return [("import: parse only", parse, base), ("import: parse + load", full_import, base)]


def bench_build(work: Path) -> list[tuple[str, float, float]]:
    def raw_read() -> None:
        for _, path in ingest.discover(SHARED):
            if path.suffix == ".gz":
                gzip.decompress(path.read_bytes())
            elif path.suffix == ".zip":
                with zipfile.ZipFile(path) as archive:
                    for name in archive.namelist():
                        archive.read(name)
            else:
                path.read_bytes()

    def build() -> None:
        (work / "build.duckdb").unlink(missing_ok=True)
        pipeline.build(work / "build.duckdb", SHARED)

    return [("build from ../shared/data", timed(build), timed(raw_read, 2))]


def bench_show(work: Path) -> list[tuple[str, float, float]]:
    path = work / "build.duckdb"
    if not path.exists():
        bench_build(work)
    with connect(path, read_only=True) as con:
        queries.show(con, "ES-11/7")  # warm up
        ours = statistics.median(timed(lambda: queries.show(con, "ES-11/7")) for _ in range(50))
        base = statistics.median(
            timed(lambda: con.execute("SELECT * FROM events WHERE event_id = 1").fetchall())
            for _ in range(50)
        )
    return [("show ES-11/7 (warm, median of 50)", ours, base)]


def bench_agreement(work: Path) -> list[tuple[str, float, float]]:
    """All-pairs agreement over the whole GA record (goal ≤ 1 s) vs one float32 product of the same shape."""
    path = work / "build.duckdb"
    if not path.exists():
        bench_build(work)
    with connect(path, read_only=True) as con:
        load_time = timed(lambda: matrix.load(con))
        m = matrix.load(con)
    ours = statistics.median(timed(lambda: alignment.agreement_matrix(m)) for _ in range(5))
    x = (m.values == 1).astype(np.float32)
    product = blas_threads(lambda: x @ x.T)  # with the BLAS threads the analysis uses
    base = statistics.median(timed(product) for _ in range(5))
    label = f"all-pairs agreement {m.shape[0]}×{m.shape[1]}"
    return [(label, ours, base), ("matrix load (whole GA record)", load_time, base)]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", choices=["import", "build", "show", "agreement"], action="append")
    parser.add_argument("--rows", type=int, default=950_000, help="rows of the generated GA file")
    args = parser.parse_args()
    chosen = args.only or ["import", "build", "show", "agreement"]
    results: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        if "import" in chosen:
            results += bench_import(work, args.rows)
        if "build" in chosen:
            results += bench_build(work)
        if "show" in chosen:
            results += bench_show(work)
        if "agreement" in chosen:
            results += bench_agreement(work)
    print(f"{'benchmark':<40} {'ours (s)':>10} {'baseline (s)':>13} {'ratio':>8}")
    for name, ours, base in results:
        print(f"{name:<40} {ours:>10.4f} {base:>13.4f} {ours / base:>8.2f}")


if __name__ == "__main__":
    main()
