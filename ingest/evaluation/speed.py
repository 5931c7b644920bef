"""`python main.py evaluate speed DIR`: the whole Stanceline pipeline against dateparser.

Both run in the same process on the same texts: every `.tml` file under DIR (its TEXT, with its
creation time as the publication date), or, if there is none, every article file the importer
reads (.txt, .md, .html; its publication date when the file states one).  Stanceline runs
`ingest.pipeline.extract` (sentences, dates, actors, things, events, stances); dateparser runs
`dateparser.search.search_dates(text, languages=["en"])`, which finds dates only (the
language given, as dateparser itself advises for known-English text: without it, it spends its
time guessing the language).  One-time set-up (the language model, the gazetteer,
dateparser's language data) is warmed up before timing.  Both run on one core (the pipeline's
BLAS threads are pinned to one).  `ratio` is dateparser seconds / Stanceline seconds: above 1
means Stanceline is faster.

dateparser is a benchmark dependency only: it is imported here, and its absence gives an
`error` entry instead of a crash.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from ingest.evaluation.timeml import TimeMLError, read_timeml, timeml_paths
from ingest.reader import iter_article_paths, read_path
from ingest.records import ReadError

_WORD = re.compile(r"\S+")
# Loads what loads once (the model, the dictionary, lemminflect's tables): an action with a
# headline to inflect, a report, dates.
_WARM_UP = (
    "Germany rejected the offer on Monday. The minister said on Sunday, 24 February 2022, "
    "that talks would resume next week."
)


def load_named_texts(folder: Path) -> list[tuple[str, date | None, str]]:
    """(text, publication date, file name) for every .tml file under `folder`, or, in a folder
    without any, for every article file (a corpus's README.md is not one of its texts)."""
    texts: list[tuple[str, date | None, str]] = []
    for path in timeml_paths(folder):
        try:
            doc = read_timeml(path)
        except TimeMLError:
            continue
        texts.append((doc.text, doc.dct, path.name))
    if texts:
        return texts
    for path in iter_article_paths([folder]):
        try:
            article = read_path(path)
        except ReadError:
            continue
        texts.append((article.text, article.published, path.name))
    return texts


def load_texts(folder: Path) -> list[tuple[str, date | None]]:
    """(text, publication date) of ``load_named_texts``."""
    return [(text, dct) for text, dct, _name in load_named_texts(folder)]


def _time(run: Callable[[str, date | None], object], texts: Iterable[tuple[str, date | None]]):
    t0 = time.perf_counter()
    for text, dct in texts:
        run(text, dct)
    return time.perf_counter() - t0


@contextmanager
def _one_core() -> Iterator[None]:
    """Numpy's BLAS may use every core for the network's matrix products: pin it to one, so
    the figure is a one-core figure (the import runs one extraction per core)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # no BLAS pool control: the figure is what it is
        yield
        return
    with threadpool_limits(limits=1):
        yield


def evaluate(folder: Path) -> dict[str, object]:
    # here, not at the top: `load_named_texts` serves an import bench whose writer process
    # must not load the language pipeline
    from ingest.pipeline import extract

    texts = load_texts(folder)
    words = sum(len(_WORD.findall(text)) for text, _ in texts)
    extract(_WARM_UP, date(2022, 3, 23))
    with _one_core():
        ours = _time(extract, texts)
    result: dict[str, object] = {
        "documents": len(texts),
        "words": words,
        "stanceline_seconds": round(ours, 3),
        "stanceline_words_per_second": round(words / ours) if ours else 0,
    }
    try:
        from dateparser.search import search_dates
    except ImportError:
        result["error"] = "dateparser is not installed: pip install dateparser (benchmark only)"
        return result
    search_dates(_WARM_UP, languages=["en"])
    theirs = _time(lambda text, _dct: search_dates(text, languages=["en"]), texts)
    result |= {
        "dateparser_seconds": round(theirs, 3),
        "dateparser_words_per_second": round(words / theirs) if theirs else 0,
        "ratio": round(theirs / ours, 2) if ours else None,
    }
    return result
