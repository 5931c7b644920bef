"""STANCELINE_READY_FILE: one line once the window shows its project (the bundle test reads it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from db.project import Project
from tests.test_gui_support import isolated_settings, project, project_file  # noqa: F401
from viewer import readiness
from viewer.mainwindow import MainWindow


def test_nothing_happens_without_the_variable(qtbot, project: Project, monkeypatch) -> None:  # noqa: F811
    monkeypatch.delenv(readiness.ENV, raising=False)
    w = MainWindow(project, persist_layout=False)
    qtbot.addWidget(w)
    assert readiness.install_readiness(w) is None
    assert readiness.watch_application(QApplication.instance()) is None


def test_the_line_is_written_once_the_window_is_shown(
    qtbot,
    project: Project,  # noqa: F811
    tmp_path: Path,
    monkeypatch,
) -> None:
    target = tmp_path / "ready.txt"
    monkeypatch.setenv(readiness.ENV, str(target))
    w = MainWindow(project, persist_layout=False)
    qtbot.addWidget(w)
    reporter = readiness.install_readiness(w)
    assert readiness.install_readiness(w) is reporter  # once per window
    qtbot.wait(20)
    assert not target.exists()  # not visible yet: nothing to report
    w.show()
    qtbot.waitUntil(target.exists, timeout=3000)
    line = target.read_text(encoding="utf-8").strip()
    fields = dict(p.split("=", 1) for p in line.split()[1:])
    assert line.startswith("ready ")
    assert int(fields["events"]) == len(w.state.arrays) > 0
    assert int(fields["sources"]) == 4
    assert fields["project"] == "s400.stanceline"
    w.close()


def test_the_launcher_watch_finds_the_first_main_window(
    qtbot,
    project: Project,  # noqa: F811
    tmp_path: Path,
    monkeypatch,
) -> None:
    target = tmp_path / "ready.txt"
    monkeypatch.setenv(readiness.ENV, str(target))
    watcher = readiness.watch_application(QApplication.instance())
    assert watcher is not None
    try:
        w = MainWindow(project, persist_layout=False)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitUntil(target.exists, timeout=3000)
        assert "events=" in target.read_text(encoding="utf-8")
        w.close()
    finally:
        QApplication.instance().removeEventFilter(watcher)
