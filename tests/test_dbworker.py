"""The serial database worker: ops run off the GUI thread in order, callbacks come back on
it, a write's undo entry is pushed when it completes, and the actor dialog's relink and the
source pane's publication date go through it (the GUI thread never waits for them)."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt

from db import edits, queries
from services import relink
from tests.test_gui_support import isolated_settings, project_file  # noqa: F401  (fixtures)
from tests.test_workflow_gui import close_window, menu_action, open_window
from viewer.dbworker import ChangeOp, DbWorker, install_db_worker


def test_ops_run_in_order_on_one_other_thread_and_report_back_on_the_gui_thread(qtbot) -> None:
    worker = DbWorker()
    gui = threading.get_ident()
    ran: list[tuple[int, int]] = []
    back: list[tuple[int, object]] = []
    for i in range(5):
        worker.run(
            lambda _ctx, i=i: ran.append((i, threading.get_ident())) or i * 10,
            on_success=lambda value: back.append((threading.get_ident(), value)),
        )
    assert worker.busy
    assert worker.wait_idle(10)
    assert [i for i, _ in ran] == [0, 1, 2, 3, 4]
    threads = {t for _, t in ran}
    assert len(threads) == 1 and gui not in threads
    assert back == [(gui, v) for v in (0, 10, 20, 30, 40)]
    worker.stop()


def test_a_failure_and_progress_come_back_and_cancel_stops_between_steps(qtbot) -> None:
    worker = DbWorker()
    failures: list[BaseException] = []
    worker.run(lambda _ctx: 1 / 0, on_failure=failures.append)
    gate = threading.Event()
    steps: list[tuple[int, int, str]] = []
    done: list[int] = []

    def long(ctx) -> int:
        n = 0
        for i in range(100):
            if ctx.cancelled():
                break
            ctx.progress(i, 100, f"step {i}")
            n += 1
            gate.wait(5)
        return n

    op = worker.run(long, on_success=done.append, on_progress=lambda *a: steps.append(a))
    qtbot.waitUntil(lambda: bool(steps), timeout=5000)
    op.cancel()
    gate.set()
    assert worker.wait_idle(10)
    assert isinstance(failures[0], ZeroDivisionError)
    assert steps[0] == (0, 100, "step 0")
    assert done and done[0] < 100
    worker.stop()


def test_an_alias_is_added_off_the_gui_thread_and_undone_after(
    qtbot,
    project_file: Path,  # noqa: F811
    monkeypatch,
) -> None:
    w = open_window(qtbot, project_file)
    gate, started = threading.Event(), threading.Event()
    real = relink.add_alias

    def slow(project, actor_id, alias, read=None):  # a big project's relink, held at the gate
        started.set()
        gate.wait(10)
        return real(project, actor_id, alias, read)

    monkeypatch.setattr(relink, "add_alias", slow)
    menu_action(w.edit_menu, "Actors…").trigger()
    dlg = w.workflow.dialog
    turkey = next(a.id for a in w.state.actors if a.name == "Turkey")
    dlg.select_actor(turkey)
    dlg.new_alias.insert("Mürted")
    qtbot.mouseClick(dlg.add_alias_button, Qt.MouseButton.LeftButton)
    # The click returned while the relink is still running: the GUI thread did not wait.
    assert started.wait(5)
    assert w.editor.stack.count() == 0 and DbWorker.of(w.editor).busy
    gate.set()
    assert dlg.wait_idle()
    assert w.editor.stack.count() == 1
    assert "Mürted" in edits.actor_aliases(w.project, turkey)
    w.workflow.undo_action.trigger()
    assert "Mürted" not in edits.actor_aliases(w.project, turkey)
    close_window(w)


def test_a_refused_write_is_reported_and_leaves_the_stack(qtbot, project_file: Path) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    messages: list[str] = []
    w.editor.failed.connect(messages.append)
    monkeypatch_box = []
    import viewer.dbworker as dbw

    original = dbw.QMessageBox.warning
    dbw.QMessageBox.warning = lambda *a: monkeypatch_box.append(a)  # type: ignore[method-assign]
    try:

        def refused() -> edits.Change:
            raise ValueError("there is already an actor called Greece")

        ChangeOp(w.editor, "Rename", refused).submit()
        assert DbWorker.of(w.editor).wait_idle(10)
    finally:
        dbw.QMessageBox.warning = original  # type: ignore[method-assign]
    assert messages == ["there is already an actor called Greece"] and monkeypatch_box
    assert w.editor.stack.count() == 0
    close_window(w)


def test_the_publication_date_goes_through_the_worker(qtbot, project_file: Path) -> None:  # noqa: F811
    from datetime import date

    w = open_window(qtbot, project_file)
    install_db_worker(w, warm_up=False)  # no reading process: not what this is about
    source_id = queries.list_sources(w.project)[0][0]
    threads: list[int] = []

    def write() -> edits.Change:
        threads.append(threading.get_ident())
        return edits.set_published(w.project, source_id, date(2019, 1, 7))

    assert w.source_pane.editor.run("Publication date", write) is None  # queued, not done
    assert DbWorker.of(w.editor).wait_idle(30)
    assert threads and threads[0] != threading.get_ident()
    assert w.editor.stack.count() == 1
    assert queries.source_detail(w.project, source_id).published == date(2019, 1, 7)
    close_window(w)


_DELETED_MID_EMIT = """
import time
from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QApplication
from viewer.dbworker import DbWorker

app = QApplication([])

def chatty(ctx):
    for i in range(5000):
        ctx.progress(i, 5000, "")
    return 1

for i in range(200):  # the window closes while its worker is reporting
    parent = QObject()
    worker = DbWorker(parent)
    worker.run(chatty, on_progress=lambda *a: None)
    time.sleep(0.0003 * (i % 11))
    QCoreApplication.processEvents()
    del worker, parent
    QCoreApplication.processEvents()
print("survived")
"""


def test_closing_the_window_while_the_worker_reports_does_not_crash(tmp_path: Path) -> None:
    # A crash would take the whole test run down, so the race runs in a process of its own.
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", _DELETED_MID_EMIT],
        capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0 and "survived" in done.stdout, done.stderr[-2000:]
