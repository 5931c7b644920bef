"""The window's first frame does not wait for the language pipeline's libraries (~0.9 s of
imports): the services import ``extract`` lazily, and the database worker loads the model
after the window shows (issue 14's first-frame target)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _pipeline_modules_after(imports: str, then: str = "") -> str:
    code = (
        f"import sys, {imports}\n{then}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('spacy', 'thinc', 'lemminflect') or m == 'ingest.pipeline'))"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120, check=True)  # fmt: skip
    return out.stdout.strip()


def test_the_window_imports_no_language_pipeline() -> None:
    assert _pipeline_modules_after("viewer.mainwindow, viewer.app, viewer.dbworker") == "[]"


def test_the_import_bench_writer_imports_no_language_pipeline(tmp_path: Path) -> None:
    """Its memory figure is a writer's: the extraction runs in worker processes."""
    (tmp_path / "a.txt").write_text("Turkey objected on Monday.\n", encoding="utf-8")
    texts = f"assert services.importbench._texts(__import__('pathlib').Path({str(tmp_path)!r}))"
    assert _pipeline_modules_after("services.importbench, services.importing", texts) == "[]"


def test_the_lazy_extract_reads_as_the_pipeline_does() -> None:
    from datetime import date

    from ingest.pipeline import extract
    from services.lazyread import extract as lazy

    text = "Greece protested on Tuesday after Turkey sent a survey ship."
    assert lazy(text, date(2024, 3, 5)) == extract(text, date(2024, 3, 5))
