"""A kill -9 during a 150-file import is not silent: the journal beside the project says what
was asked for and what is in; the next start offers the rest (GUI), and ``python main.py
import --resume`` imports it (issue 13 item 7)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from db import queries as q
from db.project import Project
from services import journal
from tests.test_gui_support import isolated_settings  # noqa: F401  (fixture)

REPO = Path(__file__).resolve().parent.parent
FILES = 150

# The real command line, with a small stand-in for the extraction (so the test does not
# depend on the reading of the day) and a slow writer (so the kill lands mid-import).
CHILD = r"""
import sys, time
import ingest.pipeline
from tests.test_db_support import install_fake_merge, relative_extraction
from services import importing
import main

class _MP:
    def setattr(self, target, name, value=None, raising=True):
        if isinstance(target, str):
            mod, _, attr = target.rpartition(".")
            target, name, value = __import__(mod, fromlist=[attr]), attr, name
        setattr(target, name, value)
    def setitem(self, d, k, v):
        d[k] = v

install_fake_merge(_MP())
ingest.pipeline.extract = lambda text, dct, gazetteer=None: relative_extraction(text, dct)
real = importing.import_article
def slow(project, article, extraction):
    time.sleep(float(sys.argv[1]))
    return real(project, article, extraction)
importing.import_article = slow
sys.exit(main.main(sys.argv[2:]))
"""


def _articles(folder: Path) -> Path:
    folder.mkdir()
    for i in range(FILES):
        text = f"Turkey summoned ambassador {i} yesterday over the remarks number {i}."
        (folder / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def _child(delay: float, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(delay), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"},
    )


def _kill_after(proc: subprocess.Popen, lines: int) -> None:
    """SIGKILL once the child has reported ``lines`` files as started."""
    assert proc.stderr is not None
    seen = 0
    deadline = time.monotonic() + 120
    for line in proc.stderr:
        seen += line.startswith("[")
        if seen >= lines or time.monotonic() > deadline:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL


def _sources(path: Path) -> list[str]:
    with Project.open(path, create=False) as p:
        return sorted(title for _i, title, _o, _d in q.list_sources(p))


@pytest.fixture
def killed(tmp_path: Path) -> tuple[Path, Path]:
    """A project whose import of 150 files was killed part-way; (project, folder)."""
    folder = _articles(tmp_path / "in")
    project = tmp_path / "p.stanceline"
    proc = _child(0.03, "import", "--project", str(project), "--workers", "1", str(folder))
    _kill_after(proc, 40)
    return project, folder


def test_a_killed_import_leaves_a_journal_and_resume_imports_the_rest(killed) -> None:
    project, _folder = killed
    left = journal.interrupted(project)
    assert left is not None, "the kill left no journal: the interruption would be silent"
    assert len(left.asked) == FILES
    stored = _sources(project)
    assert 0 < len(stored) < FILES
    # What the journal calls done is in the project (it may lag by the last half second:
    # those files are found again on resume as duplicates, never stored twice).
    assert {p.stem for p in left.done} <= set(stored)
    assert "interrupted" in left.describe() and str(len(left.remaining)) in left.describe()

    proc = _child(0.0, "import", "--project", str(project), "--resume")
    _out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "resuming" in err
    assert _sources(project) == sorted(f"{i:03d}" for i in range(FILES))  # each once
    assert journal.interrupted(project) is None
    assert not journal.journal_path(project).exists()


def test_resume_without_a_journal_says_so(tmp_path: Path) -> None:
    proc = _child(0.0, "import", "--project", str(tmp_path / "p.stanceline"), "--resume")
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0 and "no interrupted import" in err


def test_a_journal_of_a_live_import_is_not_reported(tmp_path: Path) -> None:
    project = tmp_path / "p.stanceline"
    book = journal.ImportJournal(journal.journal_path(project), [tmp_path / "a.txt"], None)
    assert journal.interrupted(project) is None  # our own process: not interrupted
    doc = json.loads(journal.journal_path(project).read_text(encoding="utf-8"))
    doc["pid"] = os.getppid()  # a live process that is not this one
    journal.journal_path(project).write_text(json.dumps(doc), encoding="utf-8")
    assert journal.interrupted(project) is None
    book.close(finished=True)
    assert not journal.journal_path(project).exists()


def test_the_next_start_says_what_was_interrupted_and_offers_the_rest(
    qtbot, killed, monkeypatch
) -> None:
    from viewer import app
    from viewer.mainwindow import MainWindow

    project, _folder = killed
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question",
        lambda _w, _title, text, *_a: asked.append(text) or QMessageBox.StandardButton.Yes,
    )  # fmt: skip
    w = MainWindow(Project.open(project, create=False), persist_layout=False)
    qtbot.addWidget(w)
    started: list[tuple[list[Path], object]] = []
    monkeypatch.setattr(w, "import_paths", lambda paths, published=None: started.append(
        (list(paths), published)))  # fmt: skip
    assert app.offer_resume(w)
    left = journal.interrupted(project)
    assert left is not None and "interrupted" in asked[0]
    assert f"{len(left.remaining)} remaining" in asked[0]
    assert started == [(left.remaining, None)]

    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.No)
    assert not app.offer_resume(w)  # declined: the journal goes, and is not asked about again
    assert journal.interrupted(project) is None
    w.close()
    w.project.close()
