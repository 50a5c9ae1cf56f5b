"""The store's write paths, whole-process as a user runs them: `python -m benchmarks.store [--db FILE]`.

- one new one-vote UN Digital Library file imported into the full record (goal ≤ 1 s),
- the same file imported again, unchanged (goal ≤ 0.5 s),
- a one-vote curated file removed and imported again,
each the median of several runs of the `unvotes` command, against the same machine's start of a Python process
that opens the database read-only (the floor of any command). `--against REV` also times the full build of
another revision (e.g. the one before incremental imports) in the same run, so the two builds are compared side by
side; `OPENBLAS_NUM_THREADS` and the like do not matter here (no matrix work).
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from unvotes import pipeline

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
SAMPLE = SHARED / "raw" / "undl_official_samples" / "ga_voting_sample.csv"
CURATED = SHARED / "votes" / "2025-02-24_GA_A-ES-11-L.13.json"
UNVOTES = str(Path(sys.executable).parent / "unvotes")


def run(*args: str) -> float:
    """Seconds for one whole `unvotes` process."""
    start = time.perf_counter()
    subprocess.run([UNVOTES, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def floor(db: Path) -> float:
    """A Python process that opens the database read-only and reads one row."""
    code = f"import duckdb; duckdb.connect({str(db)!r}, read_only=True).execute('SELECT 1').fetchall()"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def one_vote_file(folder: Path) -> Path:
    """The first vote of the official GA sample, alone, in the official layout and name."""
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index("undl_id")
    first = rows[1][column]
    path = folder / "2026_03_01_ga_voting.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(
            [rows[0]] + [r for r in rows[1:] if r[column] == first]
        )
    return path


def median_of(times: list[float]) -> float:
    return statistics.median(times)


def bench(db: Path, folder: Path, repeat: int) -> list[tuple[str, float, float]]:
    single = one_vote_file(folder)
    base = median_of([floor(db) for _ in range(repeat)])
    new, again, curated = [], [], []
    for _ in range(repeat):
        work = Path(shutil.copyfile(db, folder / "work.duckdb"))
        run("--db", str(work), "remove", str(SAMPLE))
        new.append(run("--db", str(work), "import", str(single), "--source", "undl_ga"))
        again.append(run("--db", str(work), "import", str(single), "--source", "undl_ga"))
        run("--db", str(work), "remove", str(CURATED))
        curated.append(run("--db", str(work), "import", str(CURATED), "--source", "curated"))
    return [
        ("import one new one-vote UN DL file", median_of(new), base),
        ("import it again, unchanged", median_of(again), base),
        ("import one curated vote after remove", median_of(curated), base),
    ]


def build_of(revision: str, folder: Path) -> float:
    """The full build of another revision, from a worktree of it, in a fresh process."""
    tree = folder / "other"
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(tree), revision], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        env = {**os.environ, "PYTHONPATH": str(tree / "src")}
        code = "from unvotes.cli import main; main()"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, "--db", str(folder / "other.duckdb"), "build", "--from", str(SHARED)],
                       check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        return time.perf_counter() - start
    finally:
        subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, help="a built full record to copy (default: build one)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--against", help="a git revision whose full build to time beside ours")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db = args.db
        results = []
        if db is None or args.against:
            db = folder / "full.duckdb"
            start = time.perf_counter()
            pipeline.build(db, SHARED)
            ours = time.perf_counter() - start
            if args.against:
                results.append(
                    (f"full build (baseline: {args.against})", ours, build_of(args.against, folder))
                )
        results += bench(db, folder, args.repeat)
    print(f"{'benchmark':<44} {'ours (s)':>10} {'baseline (s)':>13} {'ratio':>8}")
    for label, ours, base in results:
        print(f"{label:<44} {ours:>10.3f} {base:>13.3f} {ours / base:>8.2f}")


if __name__ == "__main__":
    main()
