"""Reference data: member states, Council seats, blocs, links and errata, each a CSV under `data/`."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from importlib import resources


def rows(name: str) -> Iterator[dict[str, str]]:
    """The rows of one table under `refdata/data/`, as dicts."""
    with resources.files("unvotes.refdata").joinpath("data", name).open(encoding="utf-8") as handle:
        yield from csv.DictReader(handle)
