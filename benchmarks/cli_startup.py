"""Whole-process CLI times against Python's own start, measured in the same run: `python -m benchmarks.cli_startup`.

- `unvotes --help`, `unvotes show ES-11/7` and `unvotes stats`, each run as a new process (median of `--runs`),
  against two baselines run the same way: `python -c pass` (the interpreter) and `python -c "import duckdb"` (the
  floor of any command that reads the database). Goal: `--help` and `show` ≤ 0.3 s.
- `--busy N` keeps N other processes spinning on the CPU while it measures (a machine shared with other work).
- The database is `--db`, else `benchmarks/out/unvotes.duckdb`, built from ../shared/data when absent (~20–40 s).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
DEFAULT_DB = ROOT / "benchmarks" / "out" / "unvotes.duckdb"
UNVOTES = Path(sys.executable).with_name("unvotes")
GOAL = 0.3  # seconds, whole process


def run_time(command: list[str]) -> float:
    """Wall-clock seconds of one run of `command` as a new process (its output discarded; it must succeed)."""
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def median_time(command: list[str], runs: int) -> float:
    """The median of `runs` timed runs, after one untimed run that warms the file cache."""
    run_time(command)
    return statistics.median(run_time(command) for _ in range(runs))


def ensure_db(db: Path) -> None:
    """Build the record into `db` from ../shared/data unless it is there already."""
    if db.exists():
        return
    db.parent.mkdir(parents=True, exist_ok=True)
    print(f"building {db} from {SHARED} …", file=sys.stderr)
    subprocess.run([str(UNVOTES), "--db", str(db), "build", "--from", str(SHARED)], check=True)


def commands(db: Path) -> dict[str, list[str]]:
    """The measured commands and the two baselines, by label."""
    python, cli = sys.executable, [str(UNVOTES), "--db", str(db)]
    return {
        "python -c pass": [python, "-c", "pass"],
        "python -c 'import duckdb'": [python, "-c", "import duckdb"],
        "unvotes --help": [*cli, "--help"],
        "unvotes show ES-11/7": [*cli, "show", "ES-11/7"],
        "unvotes stats": [*cli, "stats"],
    }


def report(times: dict[str, float], runs: int) -> str:
    """A table: each time, its ratio to both baselines, and whether it meets the goal."""
    python, duck = times["python -c pass"], times["python -c 'import duckdb'"]
    lines = [
        f"whole-process times, median of {runs} runs (goal for --help and show: ≤ {GOAL} s)",
        f"{'command':<28} {'time (s)':>9} {'÷ python':>9} {'÷ duckdb':>9}",
    ]
    for label, seconds in times.items():
        lines.append(f"{label:<28} {seconds:>9.3f} {seconds / python:>9.2f} {seconds / duck:>9.2f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, default=Path(os.environ.get("UNVOTES_BENCH_DB", DEFAULT_DB)))
    parser.add_argument("--runs", type=int, default=11, help="timed runs per command")
    parser.add_argument("--busy", type=int, default=0, help="processes kept spinning while measuring")
    args = parser.parse_args()
    ensure_db(args.db)
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.busy)]
    try:
        times = {label: median_time(command, args.runs) for label, command in commands(args.db).items()}
    finally:
        for spinner in spinners:
            spinner.kill()
    print(f"{args.busy} other processes spinning; load average before: {os.getloadavg()[0]:.2f}")
    print(report(times, args.runs))


if __name__ == "__main__":
    main()
