"""The GUI side of "nothing lost": restore a backup, see others' changes, readable errors.

``install_safety(window)`` hooks all of it into a ``MainWindow`` from outside:

* File ▸ Restore backup… (found through ``window.menuBar()``), and a periodic automatic backup;
* a poll of the project's revision every few seconds: changes committed by another window,
  process or teammate reload the view, with a note in the status bar;
* a note when the same project file is open in another Stanceline window or process;
* a global exception hook: the traceback goes to a log file, the user gets a readable message
  (a conflict reloads the event and says who won).
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from db import backup as backups
from db.locations import log_dir
from db.project import ProjectError
from db.sync import ConflictError

log = logging.getLogger(__name__)

POLL_MS = 3000  # how often to look for others' changes (one one-row read)
BACKUP_CHECK_MS = 5 * 60 * 1000  # how often to ask whether a periodic backup is due


def log_path() -> Path:
    return log_dir() / "errors.log"


def show_message(
    parent: QWidget | None, title: str, text: str, critical: bool = False, details: str = ""
) -> None:
    """One place that shows a message box (tests replace it); the technical details, if any,
    stay behind "Show details" with a "Copy details" button, never in the message itself."""
    from viewer.errors import show_error

    show_error(parent, title, text, details, critical)


# ---------------------------------------------------------------------------- errors


def describe_error(err: BaseException, log_file: Path) -> tuple[str, str]:
    """(title, message for people) for an exception that reached the event loop."""
    if isinstance(err, ConflictError):
        return "Changed by someone else", str(err)
    if isinstance(err, ProjectError):
        return "Project", str(err)
    return (
        "Something went wrong",
        f"Stanceline hit an unexpected problem ({type(err).__name__}: {err}).\n\n"
        "Everything you had confirmed is saved: each change is written to the project as you "
        f"make it. The technical details were written to {log_file}; please include that "
        "file if you report the problem.",
    )


class ExceptionHook(QObject):
    """``sys.excepthook`` for the GUI: log the traceback, show a readable message."""

    def __init__(self, window: QMainWindow | None, log_file: Path | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.log_file = log_file or log_path()
        self.previous = sys.excepthook
        self.shown: list[tuple[str, str]] = []  # what the user was told (tests read it)

    def install(self) -> None:
        sys.excepthook = self

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self.previous

    def __call__(
        self, kind: type[BaseException], err: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self.previous(kind, err, tb)
            return
        try:
            self.log_file.parent.mkdir(parents=True, exist_ok=True)
            with self.log_file.open("a", encoding="utf-8") as fh:
                fh.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n")
                fh.write("".join(traceback.format_exception(kind, err, tb)))
        except OSError:
            pass  # a read-only home must not turn one error into two
        title, text = describe_error(err, self.log_file)
        self.shown.append((title, text))
        if isinstance(err, ConflictError):
            _reload(self.window)
        show_message(
            self.window,
            title,
            text,
            critical=not isinstance(err, ConflictError),
            details="".join(traceback.format_exception(kind, err, tb)),
        )


def _reload(window: QMainWindow | None) -> None:
    state = getattr(window, "state", None)
    if state is not None:
        try:
            state.reload()
        except Exception:  # a failing reload must not recurse into the hook
            log.warning("reload after a conflict failed", exc_info=True)


# ---------------------------------------------------------------------------- changes


class ChangeWatcher(QObject):
    """Polls the project's revision; reloads the window when someone else has written."""

    def __init__(self, window: QMainWindow, interval_ms: int = POLL_MS) -> None:
        super().__init__(window)
        self.window = window
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.poll)
        self.timer.start(interval_ms)

    def poll(self) -> bool:
        project = getattr(self.window, "project", None)
        if project is None or getattr(self.window, "_jobs", None):
            return False  # an import of ours is running: it reloads when done
        try:
            changed = project.revisions.changed_elsewhere()
        except Exception:  # a dropped server connection: try again next time
            log.info("could not poll for changes", exc_info=True)
            return False
        if changed:
            _reload(self.window)
            self.window.statusBar().showMessage(
                "Updated with changes saved by another window or teammate.", 8000
            )
        return changed


# ---------------------------------------------------------------------------- backups


class RestoreBackupDialog(QDialog):
    """Lists the project's backups, newest first; ``chosen()`` is the one to restore."""

    def __init__(self, project_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore backup")
        self.setMinimumWidth(460)
        self.project_path = project_path
        self.items = backups.list_backups(project_path)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Backups of {project_path.name}, newest first. Restoring replaces the project "
            "with the backup; the project as it is now is kept as a backup too, so nothing is "
            "lost either way."
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(intro)
        self.list = QListWidget()
        for b in self.items:
            QListWidgetItem(b.label(), self.list).setToolTip(str(b.path))
        if self.items:
            self.list.setCurrentRow(0)
        else:
            QListWidgetItem("No backups yet.", self.list).setFlags(Qt.ItemFlag.NoItemFlags)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(bool(self.items))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(buttons)

    def chosen(self) -> backups.Backup | None:
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None


def restore_into_window(window: Any, chosen: backups.Backup) -> bool:
    """Close the window's project, put the backup in its place, open it again."""
    path = window.project.path
    window.project.close()
    try:
        backups.restore_backup(chosen.path, path)
    except backups.BackupError as err:
        show_message(window, "Restore backup", str(err), critical=True)
        return bool(window.open_project(str(path)))
    ok = bool(window.open_project(str(path)))
    if ok:
        window.statusBar().showMessage(f"Restored the backup of {chosen.label()}.", 10000)
    return ok


def restore_backup_dialog(window: Any, run: Callable[[QDialog], int] | None = None) -> bool:
    """File ▸ Restore backup…"""
    path = getattr(window.project, "path", None)
    if path is None:
        show_message(
            window,
            "Restore backup",
            "This project is stored on a database server; its backups are made there "
            "(for PostgreSQL: pg_dump), not by Stanceline.",
        )
        return False
    if getattr(window, "_jobs", None):
        show_message(window, "Restore backup", "Wait for the import to finish first.")
        return False
    dialog = RestoreBackupDialog(path, window)
    accepted = (run or (lambda d: d.exec()))(dialog)
    chosen = dialog.chosen()
    if not accepted or chosen is None:
        return False
    return restore_into_window(window, chosen)


def _file_menu(window: QMainWindow) -> Any:
    for action in window.menuBar().actions():
        if action.text().replace("&", "").strip().lower() == "file" and action.menu():
            return action.menu()
    return window.menuBar().addMenu("&File")


def _periodic_backup(window: Any) -> None:
    path = getattr(window.project, "path", None)
    if path is None:
        return
    from viewer.preferences import backup_period

    period = backup_period()
    if period is None:  # the user turned automatic backups off
        return
    try:
        backups.backup_if_due(path, period=period)
    except backups.BackupError as err:
        window.statusBar().showMessage(f"Automatic backup failed: {err}", 15000)


def show_open_elsewhere(window: Any) -> None:
    if getattr(window.project, "open_elsewhere", False):
        window.statusBar().showMessage(
            "This project is also open in another Stanceline window. Both can work: changes "
            "are saved one after the other and appear in the other window within seconds.",
            20000,
        )


def install_safety(window: Any) -> ExceptionHook:
    """Add File ▸ Restore backup…, change polling, periodic backups and the exception hook."""
    menu = _file_menu(window)
    action = QAction("Restore &backup…", window)
    action.setStatusTip("Go back to an automatic backup of this project")
    action.triggered.connect(lambda: restore_backup_dialog(window))
    # Before Quit (the last action), with the other project actions.
    actions = menu.actions()
    menu.insertAction(actions[-1] if actions else None, action)
    if actions:
        menu.insertSeparator(actions[-1])
    window.restore_backup_action = action
    window.change_watcher = ChangeWatcher(window)
    timer = QTimer(window)
    timer.timeout.connect(lambda: _periodic_backup(window))
    timer.start(BACKUP_CHECK_MS)
    window.backup_timer = timer
    hook = ExceptionHook(window)
    hook.install()
    window.destroyed.connect(lambda *_: hook.uninstall())
    window.exception_hook = hook
    show_open_elsewhere(window)
    return hook
