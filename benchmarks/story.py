"""How long a story takes, against reading the same day's votes: `python -m benchmarks.story [--db FILE]`.

For a spread of voting days from 1946 to 2026 it times `unvotes.views.story.story_facts` and the writing of the
story, in one process (the first day pays for loading the analysis' matrix, as the first story of a process
does), beside `views.record.day` for the same day (the baseline: the votes the story is written from). Goal: any
day within a few seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time
from pathlib import Path

from unvotes.report import story as writer
from unvotes.store import connect
from unvotes.views import record
from unvotes.views.story import story_facts

ROOT = Path(__file__).resolve().parents[1]
DAYS = (
    "2025-02-24",
    "1946-12-14",
    "1956-11-04",
    "1962-10-25",
    "1973-12-14",
    "1980-01-14",
    "1991-12-31",
    "2003-03-27",
    "2014-03-27",
    "2022-03-02",
    "2022-10-12",
    "2026-06-04",
)


def timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--db", type=Path, default=Path(os.environ.get("UNVOTES_DB", ROOT / "var" / "unvotes.duckdb"))
    )
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}; {args.db}")
    print(f"{'day':<12} {'votes':>5} {'story (s)':>10} {'day view (s)':>13} {'ratio':>6}")
    stories = []
    with connect(args.db, read_only=True) as con:
        for day in DAYS:
            votes = len(record.day(con, dt.date.fromisoformat(day))["votes"])
            if not votes:
                continue
            story = timed(lambda d=day: writer.text(writer.write(story_facts(con, d))))
            base = timed(lambda d=day: record.day(con, dt.date.fromisoformat(d)))
            stories.append(story)
            print(f"{day:<12} {votes:>5} {story:>10.2f} {base:>13.2f} {story / base:>6.1f}")
    print(f"median story {statistics.median(stories):.2f} s, slowest {max(stories):.2f} s")


if __name__ == "__main__":
    main()
