"""Starting the GUI: the QApplication, the project to open (given, last, or the demo)."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

import resources
from db.project import Project, ProjectBusyError, ProjectDamagedError, ProjectError
from viewer.crossthread import Outbox


def make_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication (the existing one if any), named so QSettings lands in one place."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Stanceline")
    app.setOrganizationName("Stanceline")
    app.setApplicationDisplayName("Stanceline")
    app.setDesktopFileName("stanceline")
    icon = resources.path("icons", "stanceline.svg")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def _open_demo() -> Project:
    from services.demo import ensure_demo_project

    return Project.open(ensure_demo_project(), create=False)


def open_start_project(location: str | None) -> Project | None:
    """The given project, else the last one, else the demo; asks the user when one fails."""
    if location is None:
        last = QSettings("Stanceline", "Stanceline").value("lastProject")
        if isinstance(last, str) and Path(last).is_file():
            location = last
    if location is None:
        try:
            return _open_demo()
        except (ProjectError, OSError) as err:
            QMessageBox.critical(None, "Stanceline", f"The demo project could not be built:\n{err}")
            return None
    try:
        # A path the user names may be new (creates it); the remembered one must exist.
        return _open_with_retry(location)
    except ProjectDamagedError as err:
        if err.backup is not None:
            restored = _offer_backup(err)
            if restored is not None:
                return restored
        return _offer_demo(err)
    except ProjectError as err:
        return _offer_demo(err)


def _open_with_retry(location: str) -> Project:
    """Open; while another window or process holds the write lock, offer to wait longer."""
    while True:
        try:
            return Project.open(location, create=True)
        except ProjectBusyError as err:
            answer = QMessageBox.warning(
                None,
                "Project busy",
                f"{err}\n\nWait and try again?",
                QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Retry:
                raise


def _offer_backup(err: ProjectDamagedError) -> Project | None:
    """A damaged file: offer its latest backup.  The damaged file is kept, never deleted."""
    from db.backup import BackupError, restore_backup

    assert err.backup is not None
    answer = QMessageBox.critical(
        None,
        "Project damaged",
        f"{err}\n\nRestore the backup of {err.backup.label()} now? The damaged file is kept "
        "beside it (or as a backup), not deleted.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    try:
        restore_backup(err.backup.path, err.path)
        return Project.open(err.path, create=False)
    except (BackupError, ProjectError) as again:
        QMessageBox.critical(None, "Restore backup", str(again))
        return None


def _offer_demo(err: ProjectError) -> Project | None:
    answer = QMessageBox.critical(
        None,
        "Cannot open project",
        f"{err}\n\nOpen the demo project instead?",
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
    )
    if answer != QMessageBox.StandardButton.Open:
        return None
    try:
        return _open_demo()
    except (ProjectError, OSError) as demo_err:
        QMessageBox.critical(
            None, "Stanceline", f"The demo project could not be built:\n{demo_err}"
        )
        return None


class _Verified(QObject):
    """Carries the background check's outcome to the GUI thread (a queued signal)."""

    done = Signal(object)  # None, or the ProjectDamagedError


def start_integrity_check(window: Any) -> threading.Thread | None:
    """Run the whole-file check that opening a big project deferred, off the GUI thread.

    A damaged file is reported with the offer to restore its latest backup (the window keeps
    working on what it loaded meanwhile; nothing is written to the file by the check).
    """
    project = window.project
    if not getattr(project, "integrity_deferred", False):
        return None
    carrier = _Verified(window)
    carrier.done.connect(lambda err: _report_damage(window, err) if err is not None else None)
    outbox = Outbox(window)  # the window may close before the check ends

    def run() -> None:
        try:
            project.verify()
        except ProjectDamagedError as err:
            outbox.emit(carrier.done, err)
        except Exception:  # a closed project, a vanished file: not this check's business
            return

    thread = threading.Thread(target=run, daemon=True, name="stanceline-verify")
    thread.start()
    window.integrity_check = thread
    return thread


def _report_damage(window: Any, err: ProjectDamagedError) -> None:
    from viewer.safety import restore_into_window, show_message

    if err.backup is None:
        show_message(window, "Project damaged", str(err), critical=True)
        return
    answer = QMessageBox.critical(
        window,
        "Project damaged",
        f"{err}\n\nRestore the backup of {err.backup.label()} now? The damaged file is kept "
        "beside it (or as a backup), not deleted.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    if answer == QMessageBox.StandardButton.Yes:
        restore_into_window(window, err.backup)


def offer_resume(window: Any) -> bool:
    """An import a kill interrupted (its journal, ``services.journal``): say what is missing
    and offer to import the rest; declined, the journal goes.  True if an import was resumed."""
    from services.journal import forget, interrupted

    project = window.project
    left = interrupted(getattr(project, "path", None))
    if left is None:
        return False
    remaining = [p for p in left.remaining if p.exists()]
    gone = len(left.remaining) - len(remaining)
    text = left.describe()
    if gone:
        text += f" {gone} of the missing file(s) are no longer there."
    if not remaining:
        QMessageBox.information(window, "Import interrupted", text)
        forget(project.path)
        return False
    answer = QMessageBox.question(
        window,
        "Import interrupted",
        f"{text}\n\nImport the {len(remaining)} remaining file(s) now?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    if answer != QMessageBox.StandardButton.Yes:
        forget(project.path)
        return False
    window.import_paths(remaining, left.published)
    return True


def run_gui(location: str | None) -> int:
    from viewer.theme import apply_theme, prepare_high_dpi

    prepare_high_dpi()  # must precede the QApplication
    app = make_app()
    apply_theme(app)
    project = open_start_project(location)
    if project is None:
        return 1
    # After the QApplication: widgets need it.
    from viewer.dbworker import install_db_worker
    from viewer.help import install_help
    from viewer.mainwindow import MainWindow
    from viewer.preferences import install_preferences
    from viewer.readiness import install_readiness
    from viewer.safety import install_safety
    from viewer.welcome import install_welcome

    window = MainWindow(project)
    install_db_worker(window)  # relinks and re-reads off the GUI thread, undo on completion
    # The application's own layers, hooked in from outside so MainWindow stays the window
    # (tests and screenshots build it bare): safety, help, preferences.
    install_safety(window)
    install_help(window)
    install_preferences(window)
    # The newcomer should see an article with its evidence, not empty panes.
    window.state.select(window.state.first_dated_event())
    window.show()
    install_welcome(window)  # first run only: a short tour of the three panes
    install_readiness(window)  # STANCELINE_READY_FILE, for the bundle test
    QTimer.singleShot(0, window.timeline.fit_all)
    QTimer.singleShot(0, lambda: start_integrity_check(window))  # after the first paint
    QTimer.singleShot(0, lambda: offer_resume(window))  # a killed import: say so, offer the rest
    code = app.exec()
    window.project.close()
    return code
