"""The window's articles read in a worker process: a relink's many, and the single ones of a
publication date, a draft from a passage and a pasted article.

The language pipeline holds Python's lock in long stretches (up to ~0.1 s inside the parser's
matrix code).  Run on a thread of the application, each stretch is time the window can neither
paint nor answer: an alias at a million events held it past 0.1 s that way.  Read in another
process, the window keeps its lock.  The process is started as the window shows and kept (the
model loads in ~2 s, there and not in the window's process), and runs at a lower priority than
the window, so on two cores it takes the spare one.

A broken or missing process is not fatal: the articles are read in this process instead.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import multiprocessing
import os
import pickle
import sys
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date

from ingest.gazetteer import Gazetteer
from ingest.records import Extraction
from services.lazyread import extract
from services.workerheap import return_big_blocks

log = logging.getLogger(__name__)

# Articles per task: small enough to stream, large enough that the pickled dictionary and
# the round trip are a rounding error (an article takes ~40 ms to read).
CHUNK = 8
IN_FLIGHT = 3  # tasks queued ahead, so the process never waits for the next one
NICE = 5  # below the window; os.nice is relative, and a no-op where it is not allowed

Item = tuple[str, date | None]  # an article's text and publication date


# ---------------------------------------------------------------------- the worker side
_gazetteer: tuple[str, Gazetteer] | None = None


def _set_up_worker() -> None:
    """Below the window in priority; big temporary arrays returned to the system."""
    with contextlib.suppress(AttributeError, OSError):  # no nice on Windows
        os.nice(NICE)
    return_big_blocks()


def _warm() -> int:
    extract("The minister said on Sunday that talks would resume.", None)
    return os.getpid()


def _read(key: str, blob: bytes, items: Sequence[Item]) -> list[Extraction]:
    """Runs in the worker: the dictionary is unpickled once per key (~70 ms), not per task."""
    global _gazetteer
    if _gazetteer is None or _gazetteer[0] != key:
        _gazetteer = (key, pickle.loads(blob))
    gaz = _gazetteer[1]
    return [extract(text, published, gaz) for text, published in items]


# ---------------------------------------------------------------------- this side
class ReadPool:
    """One warm reading process (more would take the window's core on a two-core machine).
    ``read`` is a ``db.dictionary.BatchReader``.  Thread-safe: the database worker reads
    while the GUI thread may ``warm`` or ``close``."""

    def __init__(self, workers: int = 1) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._warming: Future[int] | None = None

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                # fork copies the window's threads mid-flight: spawn under Qt
                method = "spawn" if "PySide6" in sys.modules else "fork"
                self._pool = ProcessPoolExecutor(
                    self.workers,
                    mp_context=multiprocessing.get_context(method),
                    initializer=_set_up_worker,
                )
            return self._pool

    def warm(self) -> Future[int]:
        """Start the process and load the model in it now (returns at once); the future's
        result is the process id."""
        self._warming = self._executor().submit(_warm)
        return self._warming

    @property
    def ready(self) -> bool:
        """The process has loaded the model (or failed to: reads then happen here)."""
        return self._warming is not None and self._warming.done()

    @property
    def started(self) -> bool:
        return self._pool is not None

    def read(self, items: Sequence[Item], gazetteer: Gazetteer) -> Iterator[Extraction]:
        """What ``extract`` finds in each item, in order, read in the worker process (a
        handful are read here while the process is not started: starting it takes longer)."""
        if len(items) < CHUNK and not self.started:
            yield from _read_here(items, gazetteer, 0)
            return
        blob = pickle.dumps(gazetteer, protocol=pickle.HIGHEST_PROTOCOL)
        key = hashlib.blake2b(blob, digest_size=16).hexdigest()
        chunks = [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]
        done = 0  # chunks handed out
        try:
            pool = self._executor()
            pending: deque[Future[list[Extraction]]] = deque()
            todo = iter(chunks)
            for chunk in todo:
                pending.append(pool.submit(_read, key, blob, chunk))
                if len(pending) >= IN_FLIGHT:
                    break
            while pending:
                xs = pending.popleft().result()
                nxt = next(todo, None)
                if nxt is not None:
                    pending.append(pool.submit(_read, key, blob, nxt))
                done += 1
                yield from xs
        except (BrokenProcessPool, OSError) as err:
            # A killed or unstartable process: read the rest here, and start afresh next time.
            log.warning("the reading process failed (%s): reading in this process", err)
            self._discard()
            yield from _read_here(items, gazetteer, done * CHUNK)

    def _discard(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the process (the window closes)."""
        self._discard()


def _read_here(items: Sequence[Item], gazetteer: Gazetteer, start: int) -> Iterator[Extraction]:
    for text, published in items[start:]:
        yield extract(text, published, gazetteer)
