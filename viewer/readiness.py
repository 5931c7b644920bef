"""Tell a watching process that the window is up and shows a project (the bundle test).

When the environment variable ``STANCELINE_READY_FILE`` names a file, one line is written to it
once the main window is visible and its project has finished loading::

    ready events=42 sources=5 actors=17 project=demo.stanceline

Nothing happens without the variable, so a normal start pays one ``os.environ`` look-up.

Two ways in: ``install_readiness(window)`` for a window you hold (viewer/app.py), and
``watch_application(app)`` for a launcher that owns the QApplication before any window exists
(packaging/launcher.py): it waits for the first main window with a ``state`` to be shown.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

ENV = "STANCELINE_READY_FILE"


def ready_file() -> Path | None:
    value = os.environ.get(ENV, "").strip()
    return Path(value) if value else None


def status_line(window: Any) -> str:
    """What the window shows, in one line of ``key=value`` words."""
    state = window.state
    active = sum(1 for a in state.actors if a.event_count)
    project = window.project
    name = project.path.name if getattr(project, "path", None) else state.project_name
    return (
        f"ready events={len(state.arrays)} sources={len(state.sources)} actors={active} "
        f"project={name}"
    )


class _Reporter(QObject):
    """Writes the line once: when the window is visible and nothing is loading."""

    def __init__(self, window: Any, target: Path) -> None:
        super().__init__(window)
        self.window = window
        self.target = target
        self.written = False
        window.state.loadingChanged.connect(lambda _busy: self.check())
        window.installEventFilter(self)
        # Already shown (installed late) or shown before the event loop runs: look again soon.
        QTimer.singleShot(0, self.check)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            QTimer.singleShot(0, self.check)  # after the show has been processed
        return False

    def check(self) -> bool:
        if self.written or not self.window.isVisible() or self.window.state.loading:
            return False
        tmp = self.target.with_name(self.target.name + ".tmp")
        try:
            tmp.write_text(status_line(self.window) + "\n", encoding="utf-8")
            os.replace(tmp, self.target)  # the watcher never reads half a line
        except OSError:
            return False
        self.written = True
        return True


def install_readiness(window: Any, target: Path | None = None) -> _Reporter | None:
    """Report ``window`` to ``STANCELINE_READY_FILE`` (or ``target``); once per window."""
    target = target or ready_file()
    if target is None:
        return None
    existing = getattr(window, "readiness", None)
    if isinstance(existing, _Reporter):
        return existing
    window.readiness = _Reporter(window, target)
    return window.readiness


class _WindowWatcher(QObject):
    """Application-wide: the first shown main window with a project gets a reporter."""

    def __init__(self, app: QApplication, target: Path) -> None:
        super().__init__(app)
        self.target = target
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QMainWindow)
            and hasattr(watched, "state")
        ):
            install_readiness(watched, self.target)
            QApplication.instance().removeEventFilter(self)
        return False


def watch_application(app: QApplication) -> _WindowWatcher | None:
    """For a launcher: report the first main window without holding it (needs the env var)."""
    target = ready_file()
    return _WindowWatcher(app, target) if target is not None else None
