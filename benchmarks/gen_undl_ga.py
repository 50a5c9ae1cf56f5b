"""Write a synthetic UN Digital Library GA voting file (official 2025 layout) of about 950k rows.

The official `*_ga_voting.csv` (≈ 950k rows, 364 MB) is not reachable offline, so this builds one of the same
shape from the real sample rows in `raw/undl_official_samples/ga_voting_sample.csv`: each complete resolution of
the sample (193 rows) is repeated under new `undl_id`s, symbols and dates, so that the file has ~4,900 events whose
per-state votes add up to their totals, like the real one.

Example:
    python benchmarks/gen_undl_ga.py /tmp/bench/2026_02_06_ga_voting.csv --rows 950000
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "raw" / "undl_official_samples"


def templates(sample: Path) -> tuple[list[str], list[list[list[str]]]]:
    """The header and the complete resolutions of the sample, each as its list of rows."""
    with sample.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        groups: dict[str, list[list[str]]] = {}
        for row in reader:
            groups.setdefault(row[0], []).append(row)
    full = [rows for rows in groups.values() if len(rows) == int(float(rows[0][header.index("total_ms")]))]
    return header, full


def synthetic(header: list[str], full: list[list[list[str]]], rows: int) -> Iterator[list[list[str]]]:
    """Enough copies of the template resolutions, each with its own id, symbol, date and session."""
    column = {name: index for index, name in enumerate(header)}
    start = dt.date(1990, 1, 1)
    for number, template in enumerate(itertools.islice(itertools.cycle(full), rows // len(full[0]) + 1)):
        day = start + dt.timedelta(days=number * 3)
        session = day.year - 1945
        changes = {
            "undl_id": str(10_000_000 + number),
            "date": day.isoformat(),
            "session": str(session),
            "resolution": f"A/RES/{session}/{number % 400 + 1}",
            "undl_link": f"https://digitallibrary.un.org/record/{10_000_000 + number}",
        }
        yield [_with(row, column, changes) for row in template]


def _with(row: list[str], column: dict[str, int], changes: dict[str, str]) -> list[str]:
    copy = list(row)
    for name, value in changes.items():
        copy[column[name]] = value
    return copy


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("output", type=Path, help="the CSV file to write")
    parser.add_argument("--rows", type=int, default=950_000, help="about how many rows (default 950000)")
    parser.add_argument(
        "--sample", type=Path, default=SAMPLE / "ga_voting_sample.csv", help="the real sample"
    )
    args = parser.parse_args()
    header, full = templates(args.sample)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        written = 0
        for event in synthetic(header, full, args.rows):
            writer.writerows(event)
            written += len(event)
    print(f"{args.output}: {written:,} rows, {args.output.stat().st_size / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
