"""Importing files and pasted text: read, extract, store, with a journal and both cores.

Reading and extraction (``ingest``) run in a pool of worker processes when ``workers`` > 1;
the one writer (this process, one transaction per article through ``db.importer``) stores
the results in the order the files were given, so an import gives the same project however
many workers read.  At most ``IN_FLIGHT_PER_WORKER`` articles per worker wait to be stored:
memory stays bounded however many files are asked for.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from db.bundle import import_bundle, read_bundle
from db.dictionary import BatchReader, project_gazetteer
from db.importer import ImportOutcome, ImportReport, import_article
from db.project import Project
from ingest.gazetteer import Gazetteer
from ingest.records import Article, Extraction, ReadError
from services.journal import ImportJournal, journal_path
from services.workerheap import return_big_blocks

log = logging.getLogger(__name__)

IN_FLIGHT_PER_WORKER = 4
# Fewer articles than this are read in this process: starting workers (each loads the
# language model) costs more than it saves.
POOL_FROM = 16
Progress = Callable[[int, int, str], None]


def default_workers() -> int:
    """Both cores on the two-core machines Stanceline is measured on; at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


def import_pasted(
    project: Project, text: str, published: date | None = None, read: BatchReader | None = None
) -> ImportOutcome:
    """Pasted text as one article, read by ``read`` (the window's reading process) or here."""
    from ingest.reader import read_text

    article = read_text(text)
    if published is not None:
        article.published = published
    item, gazetteer = [(article.text, article.published)], project_gazetteer(project)
    if read is not None:
        return import_article(project, article, next(iter(read(item, gazetteer))))
    from ingest.pipeline import extract

    return import_article(project, article, extract(article.text, article.published, gazetteer))


@dataclass
class _Read:
    """What a worker hands the writer for one file: the article and its reading, or why not."""

    article: Article | None = None
    extraction: Extraction | None = None
    failed: str = ""


# ---------------------------------------------------------------------- the worker side
_gazetteer: Gazetteer | None = None


def _init_worker(gazetteer: Gazetteer) -> None:
    global _gazetteer
    _gazetteer = gazetteer
    return_big_blocks()


def read_and_extract(
    item: Path | tuple[str, date | None, str], published: date | None, gaz: Gazetteer | None
) -> _Read:
    """One file (or (text, date, name)) read and extracted; runs in a worker process."""
    from ingest.pipeline import extract
    from ingest.reader import read_path, read_text

    try:
        if isinstance(item, Path):
            article = read_path(item)
        else:
            text, dct, name = item
            article = read_text(text, origin=name)
            article.published = dct
        if published is not None:
            article.published = published
        return _Read(article, extract(article.text, article.published, gaz or _gazetteer))
    except ReadError as err:
        return _Read(failed=err.reason)
    except Exception as err:  # one broken article must not stop the rest
        log.exception("reading %s failed", item if isinstance(item, Path) else item[2])
        return _Read(failed=f"{type(err).__name__}: {err}")


def _in_worker(item: Path | tuple[str, date | None, str], published: date | None) -> _Read:
    return read_and_extract(item, published, None)


# None: fork, which is quick, unless Qt is loaded (forking its threads is unsafe): spawn.
START_METHOD: str | None = None


def _pool(workers: int, gazetteer: Gazetteer) -> ProcessPoolExecutor:
    method = START_METHOD or ("spawn" if "PySide6" in sys.modules else "fork")
    return ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_init_worker,
        initargs=(gazetteer,),
    )


def readings(
    items: Sequence[Path | tuple[str, date | None, str]],
    published: date | None,
    gazetteer: Gazetteer,
    workers: int,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[_Read]:
    """One ``_Read`` per item, in order; ``workers`` > 1 reads ahead in that many processes,
    never more than ``IN_FLIGHT_PER_WORKER`` per worker at once."""
    if workers <= 1 or len(items) < POOL_FROM:
        for item in items:
            yield read_and_extract(item, published, gazetteer)
        return
    pool = _pool(workers, gazetteer)
    pending: deque[Future[_Read]] = deque()
    todo = iter(items)
    try:
        for item in todo:
            pending.append(pool.submit(_in_worker, item, published))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                break
        while pending:
            if cancelled is not None and cancelled():
                break
            result = pending.popleft().result()
            nxt = next(todo, None)
            if nxt is not None:
                pending.append(pool.submit(_in_worker, nxt, published))
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# ---------------------------------------------------------------------- the writer side
def import_paths(
    project: Project,
    paths: Sequence[Path],
    published: date | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    workers: int = 1,
    journal: bool = True,
) -> ImportReport:
    """Import files and folders; a bad file is reported and skipped, never fatal.

    ``progress(i, n, name)`` is called before file ``i`` (0-based) of ``n`` is stored and once
    more as ``(n, n, "")`` when done.  ``cancelled()`` is checked between articles, so an
    article is always stored whole or not at all.  ``published`` overrides every file's own
    date.  A SQLite project keeps an import journal while this runs (``services.journal``).
    """
    from ingest.reader import iter_article_paths

    files = list(iter_article_paths([Path(p) for p in paths]))
    book = ImportJournal(
        journal_path(project.path) if journal and project.path is not None else None,
        files,
        published,
    )
    report = ImportReport()
    # Built once per run: rebuilding the dictionary's matcher for each file would make a
    # folder of thousands of files quadratic.
    gazetteer = project_gazetteer(project)
    articles: list[Path] = []
    for i, path in enumerate(files):  # bundles are restored as they are, first, in order
        data = read_bundle(path)
        if data is None:
            articles.append(path)
            continue
        if progress is not None:
            progress(i, len(files), path.name)
        try:
            _store_bundle(project, path, data, report)
        except Exception as err:
            log.exception("importing %s failed", path)
            report.failed.append((path, f"{type(err).__name__}: {err}"))
        book.mark(path)
    finished = False
    try:
        store_readings(
            project, articles, articles, published, gazetteer, workers, report,
            progress, cancelled, book, done=len(files) - len(articles), total=len(files),
        )  # fmt: skip
        finished = True  # a cancel too is the user's decision: nothing to offer to resume
    finally:
        book.close(finished)
    if progress is not None and not report.cancelled:
        progress(len(files), len(files), "")
    return report


def import_texts(
    project: Project,
    texts: Sequence[tuple[str, date | None, str]],
    workers: int = 1,
) -> ImportReport:
    """(text, publication date, name) articles through the same reading and writing as files
    (``python main.py bench-import`` times it); no journal."""
    report = ImportReport()
    gazetteer = project_gazetteer(project)
    labels = [Path(name) for _t, _d, name in texts]
    store_readings(project, labels, list(texts), None, gazetteer, workers, report)
    return report


def store_readings(
    project: Project,
    labels: Sequence[Path],
    items: Sequence[Path | tuple[str, date | None, str]],
    published: date | None,
    gazetteer: Gazetteer,
    workers: int,
    report: ImportReport,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    book: ImportJournal | None = None,
    done: int = 0,
    total: int | None = None,
) -> None:
    """The one writer: each item's reading (from ``readings``) stored in order, one
    transaction per article; ``report`` collects the outcome."""
    total = len(items) + done if total is None else total
    stream = readings(items, published, gazetteer, workers, cancelled)
    try:
        for path in labels:
            if cancelled is not None and cancelled():
                report.cancelled = True
                break
            if progress is not None:
                progress(done, total, path.name)
            got = next(stream, None)
            if got is None:  # the pool stopped on cancel
                report.cancelled = True
                break
            _store(project, path, got, report)
            if book is not None:
                book.mark(path)
            done += 1
    finally:
        stream.close()


def _store(project: Project, path: Path, got: _Read, report: ImportReport) -> None:
    if got.article is None or got.extraction is None:
        report.failed.append((path, got.failed))
        return
    try:
        outcome = import_article(project, got.article, got.extraction)
    except Exception as err:  # one broken article must not stop the rest
        log.exception("importing %s failed", path)
        report.failed.append((path, f"{type(err).__name__}: {err}"))
        return
    if outcome.duplicate:
        report.duplicates.append((path, outcome.source_id))
    else:
        report.imported.append((path, outcome.source_id))


def _store_bundle(project: Project, path: Path, data: dict, report: ImportReport) -> None:
    """A Stanceline bundle (recognised by its content, whatever its name) is restored by
    ``db.bundle``."""
    outcome = import_bundle(project, data)
    if outcome.sources or outcome.events:
        report.imported.append((path, outcome.first_source_id or 0))
    else:
        report.duplicates.append((path, 0))


def files_of(paths: Iterable[Path]) -> list[Path]:
    """The article files an import of ``paths`` reads (folders expanded, sorted)."""
    from ingest.reader import iter_article_paths

    return list(iter_article_paths([Path(p) for p in paths]))
