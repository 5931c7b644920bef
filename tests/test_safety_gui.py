"""The GUI side of safety: Restore backup…, others' changes appear, readable errors, and a
damaged project offers its latest backup on start."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

import viewer.safety as safety
from db import annotations as ann
from db import backup
from db import queries as q
from db.project import Project
from db.sync import ConflictError
from tests.test_gui_support import isolated_settings, project, project_file  # noqa: F401
from viewer.mainwindow import MainWindow


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    def show(_parent, title: str, text: str, critical: bool = False, details: str = "") -> None:
        assert "Traceback" not in text  # the traceback goes behind "Show details" only
        shown.append((title, text))

    monkeypatch.setattr(safety, "show_message", show)
    return shown


@pytest.fixture
def window(qtbot, project: Project) -> Iterator[MainWindow]:  # noqa: F811
    w = MainWindow(project)
    qtbot.addWidget(w)
    safety.install_safety(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.exception_hook.uninstall()
    w.close()


def _file_menu_texts(w: MainWindow) -> list[str]:
    return [a.text() for a in safety._file_menu(w).actions() if not a.isSeparator()]


def test_restore_backup_is_in_the_file_menu_before_quit(window: MainWindow) -> None:
    texts = _file_menu_texts(window)
    assert "Restore &backup…" in texts
    assert texts[-1] == "&Quit" and texts.index("Restore &backup…") == len(texts) - 2


def test_restore_backup_dialog_puts_the_backup_back(
    window: MainWindow, qtbot, tmp_path: Path
) -> None:
    path = window.project.path
    event_id = q.list_events(window.project)[0].id
    made = backup.create_backup(path)
    ann.set_star(window.project, event_id, True)  # a change after the backup
    dialogs = []

    def accept(dialog: safety.RestoreBackupDialog) -> int:
        dialogs.append(dialog)
        dialog.grab().save(str(tmp_path / "restore.png"))
        return 1

    assert safety.restore_backup_dialog(window, run=accept)
    assert dialogs[0].chosen() == made
    assert not window.state.event(event_id).starred
    assert not q.event_detail(window.project, event_id).row.starred
    kept = [b for b in backup.list_backups(path) if b.reason == "before-restore"]
    assert len(kept) == 1  # the state before restoring is a backup too


def test_changes_by_another_connection_reload_the_window(
    window: MainWindow,
    project_file: Path,  # noqa: F811
) -> None:
    event_id = q.list_events(window.project)[0].id
    assert not window.change_watcher.poll()
    with Project.open(project_file, create=False) as other:
        ann.set_star(other, event_id, True)
    assert window.change_watcher.poll()
    assert window.state.event(event_id).starred
    assert "another window" in window.statusBar().currentMessage()


def test_unexpected_error_is_logged_and_shown_without_a_traceback(
    window: MainWindow, told: list, tmp_path: Path
) -> None:
    hook = safety.ExceptionHook(window, tmp_path / "log" / "errors.log")
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError as err:
        hook(type(err), err, err.__traceback__)
    (_title, text) = told[-1]
    assert "Traceback" not in text and "boom in a slot" in text
    assert str(tmp_path / "log" / "errors.log") in text and "saved" in text
    logged = (tmp_path / "log" / "errors.log").read_text()
    assert "Traceback" in logged and "boom in a slot" in logged


def test_conflict_reloads_and_tells_the_later_writer(
    window: MainWindow,
    told: list,
    project_file: Path,  # noqa: F811
) -> None:
    event_id = q.list_events(window.project)[0].id
    with Project.open(project_file, create=False) as other:
        ann.set_star(other, event_id, True)
    err = ConflictError(event_id, None)
    window.exception_hook(ConflictError, err, None)
    assert told[-1][0] == "Changed by someone else"
    assert "someone else" in told[-1][1]
    assert window.state.event(event_id).starred  # the window shows the winner's version


def test_second_window_on_the_same_file_says_so(
    qtbot,
    project: Project,  # noqa: F811  (the first window's connection)
    project_file: Path,  # noqa: F811
) -> None:
    with Project.open(project_file, create=False) as second:
        w = MainWindow(second)
        qtbot.addWidget(w)
        safety.install_safety(w)
        try:
            assert "also open in another Stanceline window" in w.statusBar().currentMessage()
        finally:
            w.exception_hook.uninstall()
            w.close()


def test_damaged_project_on_start_offers_and_restores_the_latest_backup(
    project_file: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    qtbot,
) -> None:
    from viewer import app

    with Project.open(project_file, create=False) as p:
        events = len(q.list_events(p))
    backup.create_backup(project_file)
    data = project_file.read_bytes()
    damaged = data[: len(data) // 3]
    project_file.write_bytes(damaged)
    asked: list[str] = []

    def answer(_parent: object, title: str, text: str, *_a: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "critical", answer)
    opened = app.open_start_project(str(project_file))
    assert opened is not None
    try:
        assert len(q.list_events(opened)) == events
    finally:
        opened.close()
    assert "damaged" in asked[0] and "Restore the backup" in asked[0]
    # The damaged file was not thrown away: kept as a backup or moved aside.
    kept = [b.path.read_bytes() for b in backup.list_backups(project_file)]
    aside = [p.read_bytes() for p in project_file.parent.glob("*.damaged-*")]
    assert damaged in aside or any(len(k) > 0 for k in kept)
