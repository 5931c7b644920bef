"""One serial database worker: long reads and writes run off the GUI thread, one at a time.

In the spirit of Anki's ``CollectionOp``/``QueryOp`` (``qt/aqt/operations``, ``taskman.py``):
an ``Op`` runs on the worker's one thread, which owns the queue; its ``on_success`` or
``on_failure`` is called back on the GUI thread, with ``on_progress`` reports in between and a
``cancel()`` the op checks between steps.  ``ChangeOp`` is the writing kind: its ``Change`` goes
on the editor's undo stack when it completes, so the GUI thread never waits for a relink or a
re-read.  Every ``db``/``services`` call opens its own session in the thread that makes it: a
SQLAlchemy session belongs to one thread, and here that thread is the worker.

There is one worker per ``Editor`` (``DbWorker.of(editor)``), a child of it: it lives as long
as the window's undo history and ends with it.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMessageBox

from db.dictionary import BatchReader
from db.edits import Change
from db.sync import ConflictError
from services.readpool import ReadPool
from viewer.crossthread import Outbox
from viewer.undo import ChangeCommand, Editor, prepare

log = logging.getLogger(__name__)


class OpContext:
    """What a running op sees: ``progress(done, total, text)`` and ``cancelled()``."""

    def __init__(self, op: Op, worker: DbWorker) -> None:
        self._op = op
        self._worker = worker

    def progress(self, done: int, total: int, text: str = "") -> None:
        self._worker._outbox.emit(self._worker._carrier.progressed, self._op, done, total, text)

    def cancelled(self) -> bool:
        return self._op._cancel.is_set()


@dataclass(eq=False)
class Op:
    """Work for the worker thread.  ``work(ctx)`` must not touch widgets; the callbacks run
    on the GUI thread."""

    work: Callable[[OpContext], Any]
    on_success: Callable[[Any], None] | None = None
    on_failure: Callable[[BaseException], None] | None = None
    on_progress: Callable[[int, int, str], None] | None = None
    label: str = ""
    _cancel: threading.Event = field(default_factory=threading.Event, repr=False)

    def cancel(self) -> None:
        """Ask the op to stop at its next check (an article, a batch): never mid-write."""
        self._cancel.set()


class _Carrier(QObject):
    """Lives on the GUI thread: signals emitted by the worker arrive there queued."""

    finished = Signal(object, bool, object)  # op, ok, result or exception
    progressed = Signal(object, int, int, str)


class DbWorker(QObject):
    """The one thread that runs ops in the order they were submitted."""

    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: queue.SimpleQueue[Op | None] = queue.SimpleQueue()
        self._carrier = _Carrier(self)
        self._carrier.finished.connect(self._deliver)
        self._carrier.progressed.connect(self._progress)
        self._pending = 0  # submitted and not yet called back (GUI thread only)
        self._outbox = Outbox(self)  # no emit once the window is closing
        # How ops that re-read many articles (a relink) read them: None, on this thread;
        # the running application's worker reads them in a warm process (``install_db_worker``).
        self.read_pool: ReadPool | None = None
        self._thread = threading.Thread(target=self._loop, name="stanceline-db", daemon=True)
        self._thread.start()
        stop = self._queue.put
        self.destroyed.connect(lambda *_: stop(None))  # no reference to self: it is gone

    @classmethod
    def of(cls, editor: Editor) -> DbWorker:
        """The worker of ``editor``'s window (made on first use)."""
        found = editor.findChild(DbWorker)
        return found if found is not None else cls(editor)

    # ------------------------------------------------------------------ GUI thread
    def submit(self, op: Op) -> Op:
        self._pending += 1
        if self._pending == 1:
            self.busyChanged.emit(True)
        self._queue.put(op)
        return op

    def run(self, work: Callable[[OpContext], Any], on_success=None, on_failure=None,
            on_progress=None, label: str = "") -> Op:  # fmt: skip
        return self.submit(Op(work, on_success, on_failure, on_progress, label))

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def wait_idle(self, timeout_s: float = 60.0) -> bool:
        """Process events until every submitted op has been called back (tests, close)."""
        end = time.monotonic() + timeout_s
        while self._pending and time.monotonic() < end:
            QCoreApplication.processEvents()
            time.sleep(0.002)
        return not self._pending

    def stop(self) -> None:
        self._queue.put(None)

    def _deliver(self, op: Op, ok: bool, value: Any) -> None:
        self._pending -= 1
        try:
            if ok and op.on_success is not None:
                op.on_success(value)
            elif not ok:
                if op.on_failure is not None:
                    op.on_failure(value)
                else:
                    log.error("%s failed: %s", op.label or "database work", value)
        finally:
            if not self._pending:
                self.busyChanged.emit(False)

    def _progress(self, op: Op, done: int, total: int, text: str) -> None:
        if op.on_progress is not None:
            op.on_progress(done, total, text)

    # ------------------------------------------------------------------ worker thread
    def _loop(self) -> None:
        finished, outbox, ops = self._carrier.finished, self._outbox, self._queue
        while True:
            op = ops.get()
            if op is None:
                return
            try:
                result, ok = op.work(OpContext(op, self)), True
            except BaseException as err:  # handed to the GUI thread, never lost
                result, ok = err, False
            if not outbox.emit(finished, op, ok, result):
                return  # the window closed meanwhile


class ChangeOp:
    """A write as ``Editor.run`` does it, but on the worker: the undo entry is pushed when it
    completes; a refused write (a name taken, someone else's newer edit) is reported as
    ``Editor.run`` reports it.  ``then(change | None)`` runs on the GUI thread afterwards."""

    def __init__(
        self,
        editor: Editor,
        text: str,
        write: Callable[[], Change],
        then: Callable[[Change | None], None] | None = None,
    ) -> None:
        self.editor = editor
        self.text = text
        self._write = write
        self._then = then
        self.op = Op(lambda _ctx: self._work(), self._done, self._failed, label=text)

    def submit(self, worker: DbWorker | None = None) -> ChangeOp:
        (worker or DbWorker.of(self.editor)).submit(self.op)
        return self

    def _work(self) -> tuple[Change, object | None]:
        change = self._write()
        # The heavy part of showing it, here rather than on the GUI thread (undo.prepare).
        return change, None if change.empty else prepare(self.editor.state, change)

    def _done(self, done: tuple[Change, object | None]) -> None:
        change, prepared = done
        if not change.empty:
            self.editor.stack.push(ChangeCommand(self.text, self.editor, change, prepared))
        if self._then is not None:
            self._then(change)

    def _failed(self, err: BaseException) -> None:
        editor = self.editor
        if isinstance(err, ConflictError):  # someone else changed it first: show theirs
            editor.state.reload()
            message = str(err)
        elif isinstance(err, (ValueError, KeyError)):
            message = str(err.args[0]) if err.args else str(err)
        else:
            log.error("%s failed", self.text, exc_info=err)
            message = f"{type(err).__name__}: {err}"
        editor.failed.emit(message)
        parent = editor.parent()
        if isinstance(parent, QObject) and parent.isWidgetType():
            QMessageBox.warning(parent, self.text, message)  # type: ignore[arg-type]
        if self._then is not None:
            self._then(None)


class WorkerEditor:
    """Stands in for an ``Editor`` where a pane only calls ``run(text, write)`` and does not
    use its return value (the source pane's publication date): the write goes to the worker."""

    def __init__(self, editor: Editor) -> None:
        self.editor = editor
        self.state = editor.state
        self.stack = editor.stack

    def run(self, text: str, write: Callable[[], Change]) -> None:
        ChangeOp(self.editor, text, write).submit()

    def __getattr__(self, name: str) -> Any:  # anything else is the real editor's
        return getattr(self.editor, name)


def window_reader(editor: Any) -> BatchReader | None:
    """How ``editor``'s window reads articles: in its worker's reading process (None: no
    worker, read in this process)."""
    worker = editor.findChild(DbWorker)
    pool = worker.read_pool if worker is not None else None
    return pool.read if pool is not None else None


def install_db_worker(window: Any, warm_up: bool = True) -> DbWorker:
    """The window's worker, with the source pane's writes and the undo stack's undo and redo
    routed through it."""
    worker = DbWorker.of(window.editor)
    window.editor.background = lambda work, done, failed: worker.run(
        lambda _ctx: work(), done, failed, label="undo or redo"
    )  # the undo stack's writes, and the heavy part of showing them, go there too
    pane = getattr(window, "source_pane", None)
    if pane is not None and getattr(pane, "editor", None) is window.editor:
        pane.editor = WorkerEditor(window.editor)
    if worker.read_pool is None:
        pool = worker.read_pool = ReadPool()
        worker.destroyed.connect(lambda *_: pool.close())  # the process ends with the window
    if warm_up:
        # The language model loads in the reading process, beside the window: loaded in this
        # one it held Python's lock (80-145 ms of a frozen window once per start), and the
        # window's reads (date changes, drafts, pastes, relinks) go to that process anyway.
        worker.read_pool.warm()
    return worker
