"""``python main.py bench-import DIR``: how close an import comes to the extraction alone.

The same texts, in the same run: first through ``ingest.pipeline.extract`` alone, in this one
process (what reading costs), then imported into a fresh project (or ``--project``) by
``services.importing`` with its worker pool and its one writer.  ``ratio`` is import seconds
/ extraction seconds (issue 14: ≤ 1.2 on the TempEval-3 training texts, ≤ 500 MB).  Texts
are every ``.tml`` file under DIR (its TEXT, with its creation time as the publication date),
or else every article file the importer reads.

The extraction alone runs in a process of its own, started as the import's workers are, so
this process holds what an import's writer holds and no language model.  Memory figures:
``peak_mb`` this process (the writer), ``peak_worker_mb`` the largest reading process, and
``peak_total_mb`` the most that this process and its workers held together during the import
(``services.treememory``: PSS, which counts shared libraries once; null off Linux).
"""

from __future__ import annotations

import gc
import multiprocessing
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

from db.project import Project
from services.importing import default_workers, import_texts
from services.treememory import TreeMemory
from services.workerheap import return_big_blocks

_WARM_UP = "The minister said on Sunday, 24 February 2022, that talks would resume next week."


def _texts(folder: Path) -> list[tuple[str, Any, str]]:
    from ingest.evaluation.speed import load_named_texts  # the texts `evaluate speed` reads

    return load_named_texts(folder)


def _peak_mb(who: int) -> float:
    kb = resource.getrusage(who).ru_maxrss  # kilobytes on Linux, bytes on macOS
    return round(kb / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def _extract_alone(texts: list[tuple[str, date | None, str]]) -> float:
    """Seconds to extract ``texts`` one after another, the model loaded before timing, in a
    process set up as the import's readers are."""
    from ingest.pipeline import extract

    return_big_blocks()
    extract(_WARM_UP, None)
    gc.collect()
    t0 = time.perf_counter()
    for text, dct, _name in texts:
        extract(text, dct)
    return time.perf_counter() - t0


def bench_import(folder: Path, project: str | None = None, workers: int | None = None) -> dict:
    texts = _texts(folder)
    if not texts:
        return {"error": f"no texts under {folder}"}
    workers = default_workers() if workers is None else workers
    words = sum(len(t.split()) for t, _d, _n in texts)
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn) as alone:
        extract_s = alone.submit(_extract_alone, texts).result()

    with tempfile.TemporaryDirectory() as tmp:
        location = project or str(Path(tmp) / "bench.stanceline")
        with Project.open(location, create=True) as p:
            gc.collect()
            with TreeMemory() as memory:
                t0 = time.perf_counter()
                report = import_texts(p, texts, workers=workers)
                import_s = time.perf_counter() - t0
    n = len(texts)
    return {
        "texts": n,
        "words": words,
        "workers": workers,
        "imported": len(report.imported),
        "duplicates": len(report.duplicates),
        "failed": len(report.failed),
        "import_s": round(import_s, 2),
        "import_articles_per_s": round(n / import_s, 1),
        "import_words_per_s": round(words / import_s),
        "extract_s": round(extract_s, 2),
        "extract_articles_per_s": round(n / extract_s, 1),
        "extract_words_per_s": round(words / extract_s),
        "ratio": round(import_s / extract_s, 2),
        "peak_mb": _peak_mb(resource.RUSAGE_SELF),
        "peak_worker_mb": _peak_mb(resource.RUSAGE_CHILDREN),
        "peak_total_mb": None if memory.peak_mb is None else round(memory.peak_mb, 1),
    }
