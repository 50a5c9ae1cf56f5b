"""Ideal points against pscl::ideal, and the dynamic fit of the whole GA record: `python -m benchmarks.ideal_points`.

- one session (default 78, 2023–24, 85 recorded votes): the same matrix goes to R's `pscl::ideal` (binary: Yes 1,
  No 0, abstentions and absences missing; pscl's default priors; MCMC `--maxiter` 10,000, `--burnin` 1,000,
  `--thin` 10) and to ours (binary, same coding; and ordinal). Prints the times, their ratio (goal ≥ 50×) and the
  Pearson correlation of the ideal points after aligning signs (goal ≥ 0.98).
- the dynamic fit (by session) of every recorded GA final vote, 1946 to date (goal ≤ 60 s on 2 cores): with the
  matrix's own titles, and with the full titles any source holds for each record (more bridges).

R and pscl are installed with apt-get where missing (`r-base-core r-cran-pscl`); where that fails the R half is
skipped and says so. `--db` reads a built database; without it one is built from ../shared/data (~20 s).
Our fits run with the BLAS threads of `UNVOTES_BLAS_THREADS` (default 1; 0: the BLAS library's default), which
the first line prints.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
from threadpoolctl import threadpool_info

from unvotes import pipeline
from unvotes.analysis import ideal, matrix
from unvotes.analysis.matrix import ABSTAIN, NO, YES
from unvotes.analysis.threads import blas_threads
from unvotes.models import Selection

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
R_SCRIPT = """
suppressMessages(library(pscl))
argv <- commandArgs(trailingOnly = TRUE)
n_iter <- as.integer(argv[3]); n_burn <- as.integer(argv[4]); n_thin <- as.integer(argv[5])
votes <- as.matrix(read.csv(argv[1], row.names = 1, check.names = FALSE))
rc <- rollcall(votes, yea = 1, nay = 0, missing = NA, legis.names = rownames(votes))
set.seed(1)
took <- system.time(fit <- ideal(rc, maxiter = n_iter, burnin = n_burn, thin = n_thin, normalize = TRUE,
                                 verbose = FALSE))
write.csv(data.frame(state = rownames(fit$xbar), x = fit$xbar[, 1]), argv[2], row.names = FALSE)
cat(sprintf("%.4f\\n", took[["elapsed"]]))
"""


def timed(func: Any, repeat: int = 3) -> tuple[float, Any]:
    """The best wall-clock time of `repeat` runs, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def have_pscl() -> bool:
    """Whether Rscript runs and loads pscl; if not, try apt-get (after an update if needed) once."""
    check = ["Rscript", "-e", "suppressMessages(library(pscl))"]
    if shutil.which("Rscript") and subprocess.run(check, capture_output=True).returncode == 0:
        return True
    install = ["apt-get", "install", "-y", "r-base-core", "r-cran-pscl"]
    for attempt in ([install], [["apt-get", "update"], install]):
        if all(subprocess.run(cmd, capture_output=True).returncode == 0 for cmd in attempt):
            return subprocess.run(check, capture_output=True).returncode == 0
    return False


def write_binary_csv(m: matrix.VoteMatrix, path: Path) -> None:
    """States × votes as pscl reads them: Yes 1, No 0, everything else (abstain, absent, not a member) NA."""
    cells = np.select([m.values == YES, m.values == NO], ["1", "0"], "NA")
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["state", *(str(e["record_id"]) for e in m.events)])
        for state, row in zip(m.states, cells, strict=True):
            writer.writerow([state, *row])


def run_pscl(
    m: matrix.VoteMatrix, work: Path, args: argparse.Namespace
) -> tuple[float, float, dict[str, float]]:
    """pscl::ideal on the matrix: (seconds inside ideal(), seconds of the whole Rscript run, state → x)."""
    write_binary_csv(m, work / "votes.csv")
    (work / "ideal.R").write_text(R_SCRIPT)
    command = ["Rscript", str(work / "ideal.R"), str(work / "votes.csv"), str(work / "x.csv")]
    start = time.perf_counter()
    done = subprocess.run(
        [*command, str(args.maxiter), str(args.burnin), str(args.thin)], capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"Rscript failed:\n{done.stderr}")
    total = time.perf_counter() - start
    with (work / "x.csv").open() as handle:
        x = {row["state"]: float(row["x"]) for row in csv.DictReader(handle)}
    return float(done.stdout.strip().splitlines()[-1]), total, x


def correlation(ours: ideal.IdealPoints, theirs: dict[str, float]) -> tuple[float, int]:
    """Pearson r of our first-period ideal points with theirs over the states both place, signs aligned."""
    both = [s for s in ours.states if s in theirs]
    a = np.array([ours.of(s)[0] for s in both])
    b = np.array([theirs[s] for s in both])
    return abs(float(np.corrcoef(a, b)[0, 1])), len(both)


def record_titles(con: duckdb.DuckDBPyConnection, m: matrix.VoteMatrix) -> list[str | None]:
    """Each vote's full title from the UN's XML, the UN DL or navya where one holds it, else the matrix's own
    (which may be a short description from the unvotes R package, too general to bridge well)."""
    ids = [e["record_id"] for e in m.events]
    found = dict(
        con.execute(
            """SELECT record_id, arg_min(title, CASE source WHEN 'unxml_ga' THEN 0 WHEN 'undl_ga' THEN 1
                                                   WHEN 'navya' THEN 2 ELSE 3 END)
               FROM events WHERE title IS NOT NULL AND source <> 'unvotes_r' AND record_id IN (SELECT unnest(?))
               GROUP BY record_id""",
            [ids],
        ).fetchall()
    )
    return [found.get(e["record_id"]) or e.get("title") for e in m.events]


def blas_line() -> str:
    """The BLAS thread setting, and the threads the fits run with."""
    inside = blas_threads(
        lambda: sorted({lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"})
    )
    setting = os.environ.get("UNVOTES_BLAS_THREADS", "unset")
    return f"BLAS threads: UNVOTES_BLAS_THREADS={setting}, in our fits {inside()} ({os.cpu_count()} cores)"


def bench_session(con: duckdb.DuckDBPyConnection, args: argparse.Namespace, work: Path) -> None:
    m = matrix.load(con, Selection(session=args.session))
    abstentions = int((m.values == ABSTAIN).sum())
    print(
        f"session {args.session}: {m.shape[0]} states × {m.shape[1]} recorded votes ({abstentions} abstentions)"
    )
    t_binary, binary = timed(lambda: ideal.static(m, model="binary"))
    t_ordinal, ordinal = timed(lambda: ideal.static(m))
    print(f"  ours, binary  (abstain missing): {t_binary:8.3f} s  ({binary.iterations} iterations)")
    print(f"  ours, ordinal (No<Abstain<Yes):  {t_ordinal:8.3f} s  ({ordinal.iterations} iterations)")
    if args.skip_r or not have_pscl():
        print("  pscl: SKIPPED — R with pscl is not available and could not be installed" * (not args.skip_r))
        return
    inside, total, x = run_pscl(m, work, args)
    r_binary, n = correlation(binary, x)
    r_ordinal, _ = correlation(ordinal, x)
    print(
        f"  pscl::ideal (maxiter {args.maxiter}, burnin {args.burnin}, thin {args.thin}): {inside:8.3f} s "
        f"inside ideal(), {total:.3f} s with R's start-up"
    )
    print(f"  ratio pscl / ours (binary):  {inside / t_binary:8.1f}×   (goal ≥ 50×)")
    print(f"  ratio pscl / ours (ordinal): {inside / t_ordinal:8.1f}×")
    print(
        f"  Pearson r with pscl over {n} states: binary {r_binary:.4f}, ordinal {r_ordinal:.4f}   (goal ≥ 0.98)"
    )


def bench_dynamic(con: duckdb.DuckDBPyConnection) -> None:
    t_load, m = timed(lambda: matrix.load(con), 1)
    print(f"whole record: {m.shape[0]} states × {m.shape[1]} recorded votes, matrix load {t_load:.2f} s")
    for label, titles in (("matrix titles", None), ("all sources' titles", record_titles(con, m))):
        t_fit, fit = timed(lambda titles=titles: ideal.dynamic(m, titles=titles), 1)
        bridged = np.bincount(fit.item[fit.item >= 0])
        shared = int((bridged > 1).sum())
        print(
            f"  dynamic by session, {label:<20}: {t_fit:6.2f} s, {fit.iterations} iterations, "
            f"converged {fit.converged}, {len(fit.periods)} sessions, {shared} bridged items "
            f"over {int(bridged[bridged > 1].sum())} votes"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, help="a built database (default: build one from ../shared/data)")
    parser.add_argument("--session", default="78")
    parser.add_argument("--maxiter", type=int, default=10_000)
    parser.add_argument("--burnin", type=int, default=1_000)
    parser.add_argument("--thin", type=int, default=10)
    parser.add_argument("--skip-r", action="store_true")
    parser.add_argument("--skip-dynamic", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        path = args.db or work / "build.duckdb"
        if not args.db:
            pipeline.build(path, SHARED)
        print(blas_line())
        with duckdb.connect(str(path), read_only=True) as con:
            bench_session(con, args, work)
            if not args.skip_dynamic:
                bench_dynamic(con)


if __name__ == "__main__":
    main()
