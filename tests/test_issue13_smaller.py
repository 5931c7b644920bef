"""Issue 13, item 11: a status-bar message after undo and redo; the import summary as a
non-modal notification; Ctrl+, for preferences after a relaunch; setup.sh without alarming
pip warnings; run.sh says it is starting the app."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from db import queries
from db.project import Project
from ingest.records import Event, EventActor, Extraction, Span
from tests.test_db_support import patch_module
from tests.test_gui_support import isolated_settings, project_file  # noqa: F401  (fixtures)
from viewer import preferences as prefs
from viewer.mainwindow import MainWindow
from viewer.notification import Notification

REPO = Path(__file__).resolve().parent.parent


def launch(qtbot, path: Path) -> MainWindow:
    """The window as the app opens it: layout restored from the last run, preferences on."""
    w = MainWindow(Project.open(path, create=False))
    qtbot.addWidget(w)
    prefs.install_preferences(w)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    return w


def close(w: MainWindow) -> None:
    w.close()
    w.project.close()


def test_undo_and_redo_say_what_they_did(qtbot, project_file: Path) -> None:  # noqa: F811
    w = launch(qtbot, project_file)
    event_id = w.state.first_dated_event()
    w.state.select(event_id)
    qtbot.mouseClick(w.annotation_panel.star_button, Qt.MouseButton.LeftButton)
    assert queries.event_detail(w.project, event_id).row.starred
    assert not w.statusBar().currentMessage().startswith(("Undone", "Redone"))
    w.event_list.setFocus()
    qtbot.keyClick(w.event_list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not queries.event_detail(w.project, event_id).row.starred
    assert w.statusBar().currentMessage().startswith("Undone: Star 1 event")
    qtbot.keyClick(w.event_list, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert queries.event_detail(w.project, event_id).row.starred
    assert w.statusBar().currentMessage() == "Redone: Star 1 event"
    close(w)


def fake_extract(text: str, dct, gazetteer=None) -> Extraction:
    end = text.index(".") + 1
    return Extraction(dct=dct, sentences=[Span(0, end)],
                      events=[Event("e1", text[:end], Span(0, end), None, "statement",
                                    [EventActor("Turkey", "agent")])])


def import_and_wait(qtbot, w: MainWindow, paths: list[Path]) -> None:
    job = w.import_paths(paths)
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    qtbot.waitUntil(lambda: not w._jobs)


def test_import_summary_is_a_notification(qtbot, project_file: Path, tmp_path: Path,  # noqa: F811
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    patch_module(monkeypatch, "ingest.pipeline", extract=fake_extract)
    w = launch(qtbot, project_file)
    good = tmp_path / "good.txt"
    good.write_text("Turkey protested. Nothing else.", encoding="utf-8")
    import_and_wait(qtbot, w, [good])
    boxes = [t for t in QApplication.topLevelWidgets()
             if isinstance(t, QMessageBox) and t.isVisible()]
    assert boxes == []  # no OK box to click after an import
    note = w.findChild(Notification, "notification")
    assert note is not None and note.isVisible()
    assert note.headline.text() == "Imported 1 article(s)"
    assert not note.details_button.isVisible()
    assert note.geometry().right() < w.width() and note.geometry().bottom() < w.height()
    assert note._timer.isActive()  # good news goes by itself

    bad = tmp_path / "empty.html"
    bad.write_bytes(b"")
    import_and_wait(qtbot, w, [bad])
    assert note.isVisible() and note.details_button.isVisible()
    assert not note._timer.isActive()  # a failure stays until read
    qtbot.mouseClick(note.details_button, Qt.MouseButton.LeftButton)
    assert note.details.isVisible() and "empty.html" in note.details.text()
    qtbot.mouseClick(note.close_button, Qt.MouseButton.LeftButton)
    assert not note.isVisible()
    close(w)


def test_ctrl_comma_opens_preferences_after_a_relaunch(qtbot, project_file: Path) -> None:  # noqa: F811
    for _run in range(2):  # the second window restores the layout the first one saved
        w = launch(qtbot, project_file)
        # A desktop with a global menu takes the menu bar out of the window.
        w.menuBar().hide()
        w.event_list.setFocus()
        qtbot.keyClick(w.event_list, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
        dialogs = [d for d in w.findChildren(prefs.PreferencesDialog) if d.isVisible()]
        assert len(dialogs) == 1
        dialogs[0].reject()
        close(w)


def fake_venv(root: Path, pip_output: str) -> None:
    """A checkout with a .venv whose pip prints ``pip_output`` and succeeds."""
    (root / "scripts").mkdir(parents=True)
    shutil.copy(REPO / "scripts" / "setup.sh", root / "scripts" / "setup.sh")
    shutil.copy(REPO / "scripts" / "run.sh", root / "scripts" / "run.sh")
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    (root / "main.py").write_text("", encoding="utf-8")
    bin_dir = root / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (root / "pip-output.txt").write_text(pip_output, encoding="utf-8")
    python = bin_dir / "python"
    python.write_text(
        "#!/usr/bin/env bash\n"
        'if [[ "$1" == -m && "$2" == pip ]]; then cat "$(dirname "$0")/../../pip-output.txt" >&2;'
        " exit 0; fi\n"
        'if [[ "$1" == -c ]]; then exit 0; fi\n'
        'echo "python $*"\n', encoding="utf-8")
    python.chmod(0o755)


PIP_NOISE = (
    "WARNING: Location '/root/wheels' is ignored: it is either a non-existing path or lacks a "
    "specific scheme.\n"
    "WARNING: lxml 6.2.1 does not provide the extra 'html-clean'\n"
    "WARNING: Location '/root/wheels' is ignored: it is either a non-existing path or lacks a "
    "specific scheme.\n"
)


def run_script(root: Path, name: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, STANCELINE_SKIP_APT="1")
    return subprocess.run(["bash", str(root / "scripts" / name), *args], capture_output=True,
                          text=True, timeout=60, env=env)


def test_setup_prints_no_alarming_pip_warnings(tmp_path: Path) -> None:
    fake_venv(tmp_path, PIP_NOISE + "WARNING: something that matters\n")
    done = run_script(tmp_path, "setup.sh")
    assert done.returncode == 0, done.stderr
    assert "installing Stanceline" in done.stderr
    assert "html-clean" not in done.stderr and "is ignored" not in done.stderr
    assert "setup: pip: WARNING: something that matters" in done.stderr  # the rest still shows
    again = run_script(tmp_path, "setup.sh")  # nothing changed: nothing to say
    assert again.returncode == 0 and again.stderr == ""


def test_run_says_it_is_starting_the_app(tmp_path: Path) -> None:
    fake_venv(tmp_path, PIP_NOISE)
    done = run_script(tmp_path, "run.sh", "my.stanceline")
    assert done.returncode == 0, done.stderr
    assert "run: starting Stanceline with my.stanceline…" in done.stderr
    assert done.stdout.strip() == "python main.py my.stanceline"
