"""Imports run off the GUI thread, with progress, Cancel and a summary at the end.

``ImportJob`` is an op on the window's serial database worker (``viewer.dbworker``): the
import runs on the worker's thread after whatever was queued before it (a relink, a date
change), and its reports come back on the GUI thread.  The db API opens a short session per
call in the thread that makes it.  Cancel only sets a flag that the importer checks between
articles: an article is stored whole or not at all.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import QDate, QObject, Signal
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

from db.dictionary import BatchReader
from db.importer import ImportOutcome, ImportReport
from db.project import Project
from services import importing
from viewer.dbworker import DbWorker, Op, OpContext

MAX_LISTED_FAILURES = 15


def _worker_for(parent: QObject | None) -> DbWorker | None:
    """The window's database worker when the parent is a window with an undo editor."""
    editor = getattr(parent, "editor", None)
    return DbWorker.of(editor) if isinstance(editor, QObject) else None


class ImportJob(QObject):
    """One import as an op on the database worker.  Emits ``progress(done, total, name)`` then
    ``finished`` with an ImportReport (files) or ImportOutcome (pasted text), or
    ``failed(message)``.  ``task(worker)`` reports through ``worker.progress.emit(i, n, name)``.
    """

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, task: Callable[[Any], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._task = task
        self._cancel = threading.Event()
        self._ended = threading.Event()  # set on the worker thread when the task returns
        self._started = False
        self._worker = _worker_for(parent) or DbWorker(self)
        self.result: Any = None

    @classmethod
    def paths(cls, project: Project, paths: Sequence[Path], published: date | None = None,
              parent: QObject | None = None) -> ImportJob:
        job: ImportJob

        def task(worker: Any) -> ImportReport:
            return importing.import_paths(
                project, list(paths), published=published,
                progress=worker.progress.emit, cancelled=job.cancelled,
                workers=importing.default_workers(),
            )

        job = cls(task, parent)
        return job

    @classmethod
    def pasted(cls, project: Project, text: str, published: date | None = None,
               parent: QObject | None = None, read: BatchReader | None = None) -> ImportJob:
        def task(worker: Any) -> ImportOutcome:
            worker.progress.emit(0, 1, "pasted article")
            outcome = importing.import_pasted(project, text, published, read)
            worker.progress.emit(1, 1, "")
            return outcome

        return cls(task, parent)

    def start(self) -> None:
        self._started = True

        def work(ctx: OpContext) -> Any:
            try:
                return self._task(SimpleNamespace(progress=SimpleNamespace(emit=ctx.progress)))
            finally:
                self._ended.set()

        self._worker.submit(Op(work, self._done, self._error, self.progress.emit, "import"))

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def is_running(self) -> bool:
        """Queued or running on the worker."""
        return self._started and not self._ended.is_set()

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the task has returned on the worker (its reports arrive later, on the
        GUI thread).  True if it has."""
        return not self._started or self._ended.wait(msecs / 1000)

    def _done(self, result: Any) -> None:
        self.result = result
        self.finished.emit(result)

    def _error(self, err: BaseException) -> None:
        self.failed.emit(f"{type(err).__name__}: {err}")


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
