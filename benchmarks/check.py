"""The check's accuracy and speed: `python -m benchmarks.check [--db PATH] [--runs N]`.

- Accuracy on the labelled set (`tests/data/check/labelled.jsonl`), overall and per kind of claim the sentence is
  labelled with; false sentences called true (the goal: none) and the vote found for each sentence.
- Time per article: the seed page (`../shared/data/news/`) checked cold (no day's votes kept yet; median of
  `--runs`, the cache emptied before each) and warm (its days' votes kept from the check before), against the
  floor of a cold check: reading the votes of its dateline's days (`views.record.day`, four days) on the same
  connection.
- The database is `--db`, else `$UNVOTES_DB`, else `benchmarks/out/unvotes.duckdb`, built when absent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks.cli_startup import DEFAULT_DB, ensure_db
from unvotes.factcheck import check, votes
from unvotes.store import connect
from unvotes.views import record

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "tests" / "data" / "check" / "labelled.jsonl"
SEED = ROOT.parent / "shared" / "data" / "news" / "2025-02-25_us-sides-with-russia-in-un-vote.txt"
DATELINE = dt.date(2025, 2, 25)


def accuracy(con: Any) -> tuple[Counter[str], Counter[str], list[str], int, float]:
    """Right and all sentences per labelled kind, false sentences called true, votes found, seconds in all."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    called_true, found_vote = [], 0
    start = time.perf_counter()
    for line in LABELLED.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        day = dt.date.fromisoformat(row["date"]) if row["date"] else None
        found = check(con, row["text"], date=day, organ=row["organ"])
        total[row["kind"]] += 1
        right[row["kind"]] += found["verdict"] == row["verdict"]
        if row["verdict"] == "false" and found["verdict"] == "true":
            called_true.append(row["text"])
        if row["vote"]:
            found_vote += record.vote(con, row["vote"])["id"] in {c["vote"] for c in found["claims"]}
        else:
            found_vote += not any(c["vote"] for c in found["claims"])
    return right, total, called_true, found_vote, time.perf_counter() - start


def timings(db: Path, runs: int) -> tuple[float, float, float, int]:
    """Cold and warm seconds per check of the seed page, the floor, and its number of claims."""
    article = SEED.read_text(encoding="utf-8")
    with connect(db, read_only=True) as con:
        claims = len(check(con, article, date=DATELINE)["claims"])
        cold = statistics.median(_cold(lambda: check(con, article, date=DATELINE)) for _ in range(runs))
        warm = statistics.median(_timed(lambda: check(con, article, date=DATELINE)) for _ in range(runs))
        days = [DATELINE - dt.timedelta(days=n) for n in range(4)]
        floor = statistics.median(_timed(lambda: [record.day(con, d) for d in days]) for _ in range(runs))
    return cold, warm, floor, claims


def _cold(action: Any) -> float:
    votes.DAYS.clear()
    return _timed(action)


def _timed(action: Any) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(os.environ.get("UNVOTES_DB", DEFAULT_DB)))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    ensure_db(args.db)
    with connect(args.db, read_only=True) as con:
        votes.DAYS.clear()
        right, total, called_true, found_vote, seconds = accuracy(con)
    n = sum(total.values())
    print(f"{'labelled kind':<16}{'right':>7}{'of':>5}{'accuracy':>10}")
    for kind in sorted(total):
        print(f"{kind:<16}{right[kind]:>7}{total[kind]:>5}{right[kind] / total[kind]:>10.1%}")
    print(f"{'all':<16}{sum(right.values()):>7}{n:>5}{sum(right.values()) / n:>10.1%}")
    print(f"false sentences called true: {len(called_true)}   vote found: {found_vote} of {n}")
    print(f"labelled set: {seconds:.2f} s, {seconds / n * 1000:.0f} ms a sentence")
    cold, warm, floor, claims = timings(args.db, args.runs)
    print(f"\n{'seed article (' + str(claims) + ' claims)':<36}{'ours (s)':>10}{'floor (s)':>11}{'ratio':>8}")
    print(
        f"{'check, cold (median of ' + str(args.runs) + ')':<36}{cold:>10.3f}{floor:>11.4f}{cold / floor:>8.1f}"
    )
    print(
        f"{'check, warm (median of ' + str(args.runs) + ')':<36}{warm:>10.3f}{floor:>11.4f}{warm / floor:>8.1f}"
    )


if __name__ == "__main__":
    main()
