"""Start-up: which project opens, what happens when it cannot, and the window on run_gui."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.test_gui_support import isolated_settings, project_file  # noqa: F401  (fixtures)
from viewer import app as app_module
from viewer.mainwindow import MainWindow


def test_opens_the_given_project(qtbot, project_file: Path) -> None:  # noqa: F811
    project = app_module.open_start_project(str(project_file))
    assert project is not None and project.path == project_file.resolve()
    project.close()


def test_opens_the_last_project(qtbot, project_file: Path) -> None:  # noqa: F811
    QSettings("Stanceline", "Stanceline").setValue("lastProject", str(project_file))
    project = app_module.open_start_project(None)
    assert project is not None and project.path == project_file.resolve()
    project.close()


def test_first_run_opens_the_demo(qtbot, tmp_path: Path, monkeypatch) -> None:
    demo = tmp_path / "demo.stanceline"
    monkeypatch.setattr("services.demo.ensure_demo_project", lambda path=None: _empty_project(demo))
    project = app_module.open_start_project(None)
    assert project is not None and project.path == demo.resolve()
    project.close()


def _empty_project(path: Path) -> Path:
    from db.project import Project

    Project.open(path).close()
    return path


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.Close,
                                    QMessageBox.StandardButton.Open])
def test_broken_project_explains_and_offers_demo(qtbot, tmp_path: Path, monkeypatch,
                                                 answer) -> None:
    broken = tmp_path / "broken.stanceline"
    broken.write_bytes(b"this is not a database at all")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical",
                        lambda _p, _t, text, *_a, **_k: (shown.append(text), answer)[1])
    demo = tmp_path / "demo.stanceline"
    monkeypatch.setattr("services.demo.ensure_demo_project", lambda path=None: _empty_project(demo))
    project = app_module.open_start_project(str(broken))
    assert "not a Stanceline project" in shown[0] and "demo" in shown[0]
    if answer == QMessageBox.StandardButton.Close:
        assert project is None
    else:
        assert project is not None and project.path == demo.resolve()
        project.close()


def test_run_gui_shows_the_window_with_an_event_selected(qtbot, project_file: Path) -> None:  # noqa: F811
    seen: list[MainWindow] = []

    def look_and_quit() -> None:
        seen.extend(w for w in QApplication.topLevelWidgets()
                    if isinstance(w, MainWindow) and w.isVisible())
        # Closing the last window ends app.exec(), as for the user.  (A QApplication.quit()
        # here as well would leave a quit pending that stops the event loops of later tests.)
        for w in seen:
            w.close()

    QTimer.singleShot(200, look_and_quit)
    assert app_module.run_gui(str(project_file)) == 0
    assert len(seen) == 1
    window = seen[0]
    assert window.state.selected_id is not None
    assert window.source_pane.evidence_range() is not None
    assert QSettings("Stanceline", "Stanceline").value("lastProject") == str(
        project_file.resolve())
