"""The rows of a CSV import read as normalised candidates, a chunk at a time, on a second process
when the file is large: the email and phone validators are about half of an import's CPU time,
and on a machine with two cores another process runs them while this one writes to the database.
The candidates are the same either way (``normalise_person`` is a pure function of the row)."""
import gc
import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from itertools import islice
from typing import Iterable, Iterator

from ..processors.csv_columns import RowReader
from .persons import Candidate, normalise_person

# Rows per chunk, and per write transaction: at 5,000 a row costs about a third less to write
# than at 1,000 (fewer commits, larger search-index segments to merge), and a transaction still
# holds the write lock well under the busy timeout of the server's writers.
CHUNK_ROWS = 5000
# Starting a process (it imports svit afresh) costs about half a second: worth it from some
# tens of thousands of rows.
PROCESS_FROM_BYTES = 2 * 1024 * 1024
# Chunks handed to the other process before the first comes back: enough that it never waits
# for this one, few enough that memory stays small whatever the file's size.
CHUNKS_AHEAD = 2
# the first threshold of Python's cycle collector in a process that imports (its default: 700)
IMPORT_GC_THRESHOLD = 10_000

Row = tuple[int, list[str]]
NormalisedRow = tuple[int, list[str], Candidate]


def normalise_rows(reader: RowReader, region: str, rows: list[Row]) -> list[Candidate]:
    return [normalise_person(reader.person(cells), region) for _, cells in rows]


def worth_a_process(size: int) -> bool:
    """A file this large on a machine with a second core, from a process that may start one
    (the server's workers are daemons, which may not)."""
    return size >= PROCESS_FROM_BYTES and (os.cpu_count() or 1) > 1 and not multiprocessing.current_process().daemon


def normalised_chunks(reader: RowReader, region: str, rows: Iterable[Row],
                      on_a_process: bool) -> Iterator[list[NormalisedRow]]:
    """``rows`` in chunks of ``CHUNK_ROWS``, each row with its candidate, in the file's order."""
    normalise = partial(normalise_rows, reader, region)
    chunks = _chunks(rows)
    if not on_a_process:
        for chunk in chunks:
            yield _paired(chunk, normalise(chunk))
        return
    # spawn, not fork: the caller may hold database connections and run threads (the console)
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_collect_less_often) as pool:
        pending: deque[tuple[list[Row], Future]] = deque()
        try:
            for chunk in chunks:
                pending.append((chunk, pool.submit(normalise, chunk)))
                if len(pending) > CHUNKS_AHEAD:
                    yield _done(pending.popleft())
            while pending:
                yield _done(pending.popleft())
        finally:
            for _, future in pending:
                future.cancel()


def _collect_less_often() -> None:
    """The normalising process does nothing else: its collector need not walk the phone number
    metadata every few chunks (4-5 us a row of its CPU, 0.5 with this threshold)."""
    gc.set_threshold(IMPORT_GC_THRESHOLD, *gc.get_threshold()[1:])


def _chunks(rows: Iterable[Row]) -> Iterator[list[Row]]:
    rows = iter(rows)
    while chunk := list(islice(rows, CHUNK_ROWS)):
        yield chunk


def _done(submitted: tuple[list[Row], Future]) -> list[NormalisedRow]:
    chunk, future = submitted
    return _paired(chunk, future.result())


def _paired(chunk: list[Row], candidates: list[Candidate]) -> list[NormalisedRow]:
    return [(line, cells, candidate) for (line, cells), candidate in zip(chunk, candidates)]
