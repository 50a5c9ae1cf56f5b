"""The fast reader of the UN Digital Library voting files: pyarrow reads the rows, the checks run column-wise.

`read` gives the same groups, and logs the same row-level problems (the checks of `unvotes.ingest.undl_layout`)
in the same order, as the csv-module reader of `unvotes.ingest.undl`, or None where it cannot vouch for that, so that the caller reads the file again the exact
way: where pyarrow rejects a row (a wrong field count), where the text is not UTF-8, where a record does not sit
on a line of its own (a quoted line break, a blank line, a bare carriage return: line numbers would not be the row
index + 2), or where a line is longer than the csv module's field limit.

pyarrow converts only the columns the checks need; the first row of each event, which gives the event its other
fields, is read from its line with the csv module. Every row is touched only by pyarrow kernels; Python sees each
distinct `undl_id` and state code once, the first row of each event, and the few rows with a problem. The votes
are built per event from the rows sorted by event (a stable sort: in file order), as the csv-module reader builds
them row by row.
"""

from __future__ import annotations

import csv
import mmap
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from operator import itemgetter
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as pa_csv

from unvotes.ingest._checks import ProblemLog
from unvotes.ingest.undl_layout import (
    EVENT_FIELDS,
    Group,
    Layout,
    StateCache,
    contradictions,
    empty_key,
    twice,
)
from unvotes.models import Problem, Vote

_SLICE = 1 << 20  # bytes per kernel call when finding line ends
_LF, _CR = pa.scalar(10, pa.uint8()), pa.scalar(13, pa.uint8())
# The rank of a row-level problem among those of its line, in the order the csv-module reader logs them.
_EVENT, _VOTE, _STATE, _TWICE = range(4)


def read(path: Path, layout: Layout, columns: dict[str, int], log: ProblemLog) -> dict[str, Group] | None:
    """The rows grouped by `undl_id` (row-level problems logged), or None where the exact reader must decide."""
    needed = ["undl_id", layout.code, layout.vote, *EVENT_FIELDS]
    try:
        source = pa.memory_map(str(path))
    except OSError:  # not a file that can be mapped (a pipe, say)
        return None
    with source:
        text = source.read_buffer()
        with ThreadPoolExecutor(1) as pool:  # find the lines while pyarrow parses
            finding = pool.submit(line_ends, path, text)
            table = _table(text, len(columns), [columns[name] for name in needed])
            ends = finding.result()
        if table is None or ends is None or len(ends) != table.num_rows + 1:
            return None
        lines = _Lines(text, ends)
        if lines.longest() > csv.field_size_limit():  # the csv module may refuse a field: let it
            return None
        names = dict(zip(needed, table.column_names, strict=True))
        return _Checks(table, names, layout, columns, lines, log).groups()


def line_ends(path: Path, text: pa.Buffer) -> pa.Array | None:
    """Where each line ends (its LF, or the end of the text); None where the text is not UTF-8 or a bare CR ends a
    line (the csv module counts it, pyarrow may not)."""
    offsets = pa.array([0, text.size], pa.int64()).buffers()[1]
    try:
        pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, text]).cast(pa.large_string())
    except pa.ArrowInvalid:
        return None
    data = pa.Array.from_buffers(pa.uint8(), text.size, [None, text])
    if _has_return(path, text.size):
        pairs = pc.and_(pc.equal(data.slice(0, len(data) - 1), _CR), pc.equal(data.slice(1), _LF))
        if pc.sum(pairs).as_py() != pc.sum(pc.equal(data, _CR)).as_py():
            return None
    positions = pc.subtract(pc.cumulative_sum(pa.nulls(min(_SLICE, len(data)), pa.int64()).fill_null(1)), 1)
    ends = []
    for start in range(0, len(data), _SLICE):  # filtering positions is faster than indices_nonzero
        part = data.slice(start, _SLICE)
        ends.append(pc.add(pc.filter(positions.slice(0, len(part)), pc.equal(part, _LF)), start))
    if len(data) and data[-1].as_py() != 10:  # a last line without its LF
        ends.append(pa.array([len(data)], pa.int64()))
    return pa.concat_arrays(ends) if ends else pa.array([], pa.int64())


def _has_return(path: Path, size: int) -> bool:
    """Whether a file has a CR anywhere (memchr, much faster than a kernel)."""
    if not size:
        return False
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as whole:
        return whole.find(b"\r") >= 0


def _table(text: pa.Buffer, width: int, needed: list[int]) -> pa.Table | None:
    """The needed columns of every row after the header, as bytes (`line_ends` checks the whole text is UTF-8,
    faster than pyarrow checks each field); None where pyarrow refuses a row."""
    names = [str(index) for index in range(width)]
    try:
        table = pa_csv.read_csv(
            pa.BufferReader(text),
            read_options=pa_csv.ReadOptions(column_names=names, skip_rows=1),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.binary()), include_columns=[names[i] for i in needed]
            ),
        )
    except pa.ArrowException:
        return None
    return None if any(column.null_count for column in table.columns) else table


class _Lines:
    """The lines of a text, by where each ends."""

    def __init__(self, text: pa.Buffer, ends: pa.Array) -> None:
        self.text = text
        self.ends = ends

    def longest(self) -> int:
        """The length of the longest line, in bytes (at least its length in characters)."""
        if len(self.ends) < 2:
            return self.text.size
        lengths = pc.subtract(self.ends.slice(1), self.ends.slice(0, len(self.ends) - 1))
        return max(pc.max(lengths).as_py(), self.ends[0].as_py())

    def rows(self, rows: list[int]) -> list[list[str]]:
        """Rows (0 is the one after the header) as the csv module reads them from their lines (with their ends:
        a quote left open at the end of the file keeps its line break)."""
        starts = self.ends.take(rows).to_pylist()
        stops = self.ends.take([row + 1 for row in rows]).to_pylist()
        lines = (
            self.text[start + 1 : stop + 1].to_pybytes().decode()
            for start, stop in zip(starts, stops, strict=True)
        )
        return list(csv.reader(lines))


class _Checks:
    """The row-level checks of the csv-module reader, column-wise, and the groups they leave."""

    def __init__(
        self,
        table: pa.Table,
        names: dict[str, str],
        layout: Layout,
        columns: dict[str, int],
        lines: _Lines,
        log: ProblemLog,
    ) -> None:
        self.table = table
        self.names = names  # a needed column's name in the table
        self.layout = layout
        self.columns = columns  # each column's index in the file
        self.lines = lines
        self.log = log
        self.problems: list[tuple[int, int, Problem]] = []  # (line, rank, problem)

    def column(self, name: str) -> pa.ChunkedArray:
        """A whole column as text (the file is UTF-8: `line_ends` checked), without a copy."""
        return pa.chunked_array(
            [c.view(pa.string()) for c in self.table.column(self.names[name]).chunks], pa.string()
        )

    def values(self, name: str, rows: list[int]) -> list[str]:
        """A column's text on a few rows, read from their lines."""
        return [values[self.columns[name]] for values in self.lines.rows(rows)]

    def add(self, row: int, rank: int, found: Iterable[tuple[str, str]]) -> None:
        for field, message in found:
            self.problems.append((row + 2, rank, Problem(self.log.file, row + 2, field, message)))

    def groups(self) -> dict[str, Group] | None:
        """The groups, as the csv-module reader leaves them; None where the csv module reads a line otherwise."""
        if self.table.num_rows == 0:
            return {}
        keys, group = _encode(self.column("undl_id"))
        order = pc.sort_indices(group)  # stable: each event's rows in file order
        counts = pc.value_counts(group)
        sizes = counts.field("counts").take(pc.sort_indices(counts.field("values")))
        first = order.take(pc.subtract(pc.cumulative_sum(sizes), sizes))  # each event's first row
        groups = self._first_rows(keys, first.to_pylist(), sizes.to_pylist())
        if groups is None:
            return None
        self._event_fields(keys, group, first)
        states, row_state = self._states()
        vote = self._votes()
        careful = set(pc.unique(group.filter(pc.or_(pc.is_null(row_state), pc.is_null(vote)))).to_pylist())
        built = _Votes(
            (row_state.take(order).to_pylist(), states),  # small ints: the lists share their objects
            (vote.take(order).to_pylist(), list(self.layout.codes.values())),
        )
        position = 0
        for index, (key, found) in enumerate(groups.items()):
            span = slice(position, position + found.rows)
            found.votes = {} if index in careful else built.quick(span)
            if len(found.votes) < found.rows:  # an unknown state or vote, or a state twice
                found.votes = self._careful(key, built, span, order.slice(position, found.rows).to_pylist())
            position += found.rows
        for _, _, problem in sorted(self.problems, key=itemgetter(0, 1)):
            self.log.problems.append(problem)
        return groups

    def _first_rows(self, keys: list[str], first: list[int], sizes: list[int]) -> dict[str, Group] | None:
        """One group per `undl_id` from its first row; an empty `undl_id` is a problem there."""
        signature = itemgetter(*(self.columns[name] for name in EVENT_FIELDS))
        i_id = self.columns["undl_id"]
        groups: dict[str, Group] = {}
        for key, row, values, size in zip(keys, first, self.lines.rows(first), sizes, strict=True):
            if len(values) != len(self.columns) or values[i_id] != key:
                return None  # the csv module reads the line otherwise than pyarrow did
            self.add(row, _EVENT, empty_key(key))
            found = groups[key] = Group(values, row + 2, signature(values))
            found.rows = size
        return groups

    def _event_fields(self, keys: list[str], group: pa.Array, first: pa.Array) -> None:
        """Every row must repeat the event-level fields of its event's first row, as raw text."""
        values = {name: self.column(name) for name in EVENT_FIELDS}
        if _repeated(group, first, list(values.values())):
            return
        first_of_row = first.take(group)
        differs = None
        for column in values.values():
            different = pc.not_equal(column, column.take(first_of_row))
            differs = different if differs is None else pc.or_(differs, different)
        for row in pc.indices_nonzero(differs).to_pylist():
            key, head = keys[group[row].as_py()], first_of_row[row].as_py()
            mine, theirs = ([column[at].as_py() for column in values.values()] for at in (row, head))
            self.add(row, _EVENT, contradictions(key, mine, theirs, head + 2))

    def _votes(self) -> pa.Array:
        """Each row's index into the layout's vote codes; null (a problem, unless it is one stripped) where none."""
        codes = self.layout.codes
        column = self.column(self.layout.vote)
        index = pc.index_in(column, value_set=pa.array(list(codes), pa.string())).combine_chunks()
        scratch = ProblemLog(self.log.file)
        for row in pc.indices_nonzero(pc.is_null(index)).to_pylist():
            if scratch.vote(column[row].as_py(), codes, row + 2, self.layout.vote) is None:
                self.problems.append((row + 2, _VOTE, scratch.problems[-1]))
        return index

    def _states(self) -> tuple[list[str], pa.Array]:
        """The state ids, and each row's index into them (null where its state is unknown, a problem once)."""
        scratch = ProblemLog(self.log.file)
        cache = StateCache(scratch)
        codes, code = _encode(self.column(self.layout.code))
        states: dict[str, int] = {}
        of_code = [self._index(states, cache.code(text)) for text in codes]
        row_state = pa.array(of_code, pa.int32()).take(code)
        unknown = pc.is_null(row_state)
        rows = pc.indices_nonzero(unknown).to_pylist()
        if rows:
            codes, names, days = (self.values(name, rows) for name in (self.layout.code, "ms_name", "date"))
            found = []
            for row, text, name, day in zip(rows, codes, names, days, strict=True):
                count = len(scratch.problems)
                found.append(self._index(states, cache.slow(text, name, day, row + 2)))
                if len(scratch.problems) > count:
                    self.problems.append((row + 2, _STATE, scratch.problems[-1]))
            row_state = pc.replace_with_mask(row_state, unknown, pa.array(found, pa.int32()))
        return list(states), row_state

    @staticmethod
    def _index(states: dict[str, int], state: str | None) -> int | None:
        return None if state is None else states.setdefault(state, len(states))

    def _careful(self, key: str, built: _Votes, span: slice, rows: list[int]) -> dict[str, Vote]:
        """One event's votes row by row, as the csv-module reader builds them: skip the unknown, log the twice."""
        votes: dict[str, Vote] = {}
        for row, state, vote in zip(rows, *built.of(span), strict=True):
            if state is None or vote is None:
                continue
            if state in votes:
                (name,) = self.values("ms_name", [row])
                self.add(row, _TWICE, [twice(self.layout, key, state, name)])
            votes[state] = vote
        return votes


class _Votes:
    """Each row's state and vote in event order, as indexes into the states and the votes (None: unknown)."""

    def __init__(self, states: tuple[list[Any], list[str]], votes: tuple[list[Any], list[Vote]]) -> None:
        self.state, self.states = states
        self.vote, self.votes = votes

    def quick(self, span: slice) -> dict[str, Vote]:
        """The votes of an event whose rows all have a known state and vote."""
        states = map(self.states.__getitem__, self.state[span])
        return dict(zip(states, map(self.votes.__getitem__, self.vote[span]), strict=True))

    def of(self, span: slice) -> tuple[list[str | None], list[Vote | None]]:
        """The states and votes of an event's rows, None where unknown."""
        return (
            [None if index is None else self.states[index] for index in self.state[span]],
            [None if index is None else self.votes[index] for index in self.vote[span]],
        )


def _encode(column: pa.ChunkedArray) -> tuple[list[str], pa.Array]:
    """The distinct values of a column in order of first appearance, and each row's index into them."""
    encoded = pc.dictionary_encode(column)  # one dictionary, shared by the chunks
    indices = pa.chunked_array([chunk.indices for chunk in encoded.chunks], pa.int32()).combine_chunks()
    return encoded.chunk(0).dictionary.to_pylist(), indices


def _repeated(group: pa.Array, first: pa.Array, columns: list[pa.Array]) -> bool:
    """Whether every row repeats its event's first row in all the columns, checked without copying them: each row
    against the row before it where both are of one event, and each later run of an event against its first row.
    False may be wrong (a row like the one before it but unlike the first); True may not."""
    size = len(group)
    same = pc.equal(group.slice(0, size - 1), group.slice(1))
    for column in columns:
        if pc.any(pc.and_(same, pc.not_equal(column.slice(0, size - 1), column.slice(1)))).as_py():
            return False
    starts = pc.add(pc.indices_nonzero(pc.invert(same)), 1)  # rows whose event differs from the row before
    heads = first.take(group.take(starts))
    return all(
        pc.all(pc.equal(column.take(starts), column.take(heads))).as_py() is not False for column in columns
    )
