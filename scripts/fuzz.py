"""The fuzz run: ``bash scripts/fuzz.sh [EXAMPLES] [WORKERS]`` (default 100,000 inputs).

Feeds arbitrary Unicode, random HTML and random dates through ``ingest/`` (read_text and
pipeline.extract) with the properties of tests/fuzzing/properties.py, split over worker
processes with different seeds, and prints one JSON line: inputs run, failures, seconds.
A failure prints the falsifying input (Hypothesis shrinks it) and the run exits 1.
"""

from __future__ import annotations

import json
import multiprocessing
import sys
import time
import traceback
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _run(job: tuple[str, int, int]) -> tuple[str, int, str]:
    from hypothesis import HealthCheck, given, seed, settings
    from hypothesis import strategies as st

    from tests.fuzzing import properties as p

    name, examples, worker_seed = job
    count = 0
    strategies = {
        "text": (p.texts(), p.DCTS),
        "read": (p.texts(), p.FORMATS, p.DCTS),
        "html": (p.html_documents(), p.DCTS),
        "dates": (p.date_phrases(), p.DCTS),
    }

    def body(args: tuple) -> None:
        nonlocal count
        count += 1
        if name == "text":
            p.check_extraction(args[0], args[1])  # type: ignore[arg-type]
        elif name == "read":
            p.check_read_and_extract(args[0], args[1], args[2])  # type: ignore[arg-type]
        elif name == "html":
            p.check_read_and_extract(args[0], "html", args[1])  # type: ignore[arg-type]
        else:
            phrase, dct = args
            p.check_extraction(f"Turkey said on {phrase} that it would buy the S-400.", dct)  # type: ignore[arg-type]

    test = seed(worker_seed)(
        settings(
            max_examples=examples,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )(given(st.tuples(*strategies[name]))(body))
    )
    try:
        test()
    except Exception:
        return name, count, traceback.format_exc()
    return name, count, ""


def main() -> int:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else max(1, multiprocessing.cpu_count())
    names = ("text", "read", "html", "dates")
    # Each property gets a quarter of the inputs, in jobs of at most 2,500 examples (Hypothesis
    # slows down in very long runs), each job with its own seed.
    per_property = -(-total // len(names))
    n_jobs = -(-per_property // 2500)
    jobs = [
        (name, -(-per_property // n_jobs), 1000 * k + j)
        for k, name in enumerate(names)
        for j in range(n_jobs)
    ]
    started = time.monotonic()
    with multiprocessing.Pool(workers) as pool:
        results = pool.map(_run, jobs)
    failures = [(n, err) for n, _, err in results if err]
    for name, err in failures:
        print(f"--- {name} ---\n{err}", file=sys.stderr)
    summary = {
        "date": date.today().isoformat(),
        "inputs": sum(c for _, c, _ in results),
        "by_property": {n: sum(c for m, c, _ in results if m == n) for n in names},
        "failures": len(failures),
        "seconds": round(time.monotonic() - started, 1),
    }
    print(json.dumps(summary))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
