"""Imports run off the GUI thread, with progress, Cancel and a summary at the end.

``ImportJob`` calls db.importer from a QThread; the db API opens a short session per call, so
using the same Project from the worker is safe (the engine is thread-safe).  Cancel only sets a
flag that the importer checks between articles: an article is stored whole or not at all.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QObject, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.importer import ImportOutcome, ImportReport
from db.project import Project
from services import importing

MAX_LISTED_FAILURES = 15


class _Worker(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)
    error = Signal(str)

    def __init__(self, task: Callable[[_Worker], Any]) -> None:
        super().__init__()
        self._task = task

    @Slot()
    def run(self) -> None:
        try:
            self.done.emit(self._task(self))
        except Exception as err:  # reported to the user, never a crash of the GUI
            self.error.emit(f"{type(err).__name__}: {err}")


class ImportJob(QObject):
    """One import in its own thread.  Emits ``progress(done, total, name)`` then ``finished``
    with an ImportReport (files) or ImportOutcome (pasted text), or ``failed(message)``."""

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, task: Callable[[_Worker], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread = QThread()
        self._worker = _Worker(task)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self.progress)
        self._worker.done.connect(self._done)
        self._worker.error.connect(self._error)
        self.result: Any = None

    @classmethod
    def paths(cls, project: Project, paths: Sequence[Path], published: date | None = None,
              parent: QObject | None = None) -> ImportJob:
        job: ImportJob

        def task(worker: _Worker) -> ImportReport:
            return importing.import_paths(
                project, list(paths), published=published,
                progress=worker.progress.emit, cancelled=job.cancelled,
            )

        job = cls(task, parent)
        return job

    @classmethod
    def pasted(cls, project: Project, text: str, published: date | None = None,
               parent: QObject | None = None) -> ImportJob:
        def task(worker: _Worker) -> ImportOutcome:
            worker.progress.emit(0, 1, "pasted article")
            outcome = importing.import_pasted(project, text, published)
            worker.progress.emit(1, 1, "")
            return outcome

        return cls(task, parent)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def wait(self, msecs: int = 30000) -> bool:
        return self._thread.wait(msecs)

    def _finish_thread(self) -> None:
        self._thread.quit()
        self._thread.wait()

    def _done(self, result: Any) -> None:
        self._finish_thread()
        self.result = result
        self.finished.emit(result)

    def _error(self, message: str) -> None:
        self._finish_thread()
        self.failed.emit(message)


def summarise(result: ImportReport | ImportOutcome) -> tuple[str, str]:
    """(headline, details) for the message shown when an import ends."""
    if isinstance(result, ImportOutcome):
        if result.duplicate:
            return "Already imported", "This article is already in the project."
        return ("Article imported",
                f"{result.events_created} new event(s), {result.events_merged} merged with "
                f"events from other sources, {result.stances} stance(s).")
    n, dup, bad = len(result.imported), len(result.duplicates), len(result.failed)
    headline = f"Imported {n} article(s)"
    if dup:
        headline += f", {dup} duplicate(s) skipped"
    if bad:
        headline += f", {bad} failed"
    if result.cancelled:
        headline += " — cancelled"
    lines = [f"• {path.name}: {reason}" for path, reason in result.failed[:MAX_LISTED_FAILURES]]
    if bad > MAX_LISTED_FAILURES:
        lines.append(f"… and {bad - MAX_LISTED_FAILURES} more")
    if n == dup == bad == 0 and not result.cancelled:
        lines.append("No .txt, .md or .html files were found there.")
    return headline, "\n".join(lines)


class ImportProgress(QWidget):
    """Status-bar progress with a Cancel button; hidden when nothing is being imported."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(220)
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label)
        lay.addWidget(self.bar)
        lay.addWidget(self.cancel_button)
        self._job: ImportJob | None = None
        self.cancel_button.clicked.connect(self._cancel)
        self.hide()

    def attach(self, job: ImportJob) -> None:
        self._job = job
        self.bar.setRange(0, 0)  # busy until the first report says how many files
        self.label.setText("Importing…")
        self.cancel_button.setEnabled(True)
        job.progress.connect(self._progress)
        job.finished.connect(self._done)
        job.failed.connect(self._done)
        self.show()

    def _progress(self, done: int, total: int, name: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.bar.setFormat(f"{done}/{total}")
        self.label.setText(f"Importing {name}" if name else "Finishing…")

    def _cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.label.setText("Cancelling after this article…")
            self.cancel_button.setEnabled(False)

    def _done(self, *_: Any) -> None:
        self._job = None
        self.hide()


class PasteArticleDialog(QDialog):
    """Paste an article's text, with its publication date when known."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Paste article")
        self.resize(640, 480)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("Paste the article here: title on the first line, then the "
                                     "text. Dates such as “last Tuesday” are resolved against "
                                     "the publication date.")
        self.known = QCheckBox("Published on")
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMM yyyy")
        self.date.setEnabled(False)
        self.known.toggled.connect(self.date.setEnabled)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.known)
        row.addWidget(self.date)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.text, 1)
        lay.addLayout(row)
        lay.addWidget(buttons)

    def article_text(self) -> str:
        return self.text.toPlainText()

    def published(self) -> date | None:
        return self.date.date().toPython() if self.known.isChecked() else None
