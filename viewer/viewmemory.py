"""The view of each project survives a relaunch: its filters, the timeline's zoom window and
the selected event (issue 13, item 9).

Kept in QSettings under a key made from the project's location (file path or database URL),
as the JSON that saved views use (``Workflow.capture_view``: filters by name, so an actor
merged or renamed since is simply skipped).  Saved when the window closes or another project
is opened; restored once the project's data is in, after the start-up has chosen its own
first selection and frame (so the restored view wins).
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer

log = logging.getLogger(__name__)

GROUP = "projectViews"


def settings() -> QSettings:
    return QSettings("Stanceline", "Stanceline")


def project_key(project: Any) -> str:
    """A settings key for a project: the resolved file path, or the URL (hashed: a key
    must not hold slashes, and a URL may hold a password)."""
    where = str(project.path.resolve()) if project.path is not None else str(project.location)
    return hashlib.sha1(where.encode("utf-8")).hexdigest()


def capture(window: Any) -> dict[str, Any]:
    view = window.workflow.capture_view()
    view["selected"] = window.state.selected_id
    return view


def save_view(window: Any) -> None:
    try:
        view = capture(window)
    except Exception:  # never let remembering the view stop a close
        log.warning("could not capture the view to remember it", exc_info=True)
        return
    settings().setValue(f"{GROUP}/{project_key(window.state.project)}", json.dumps(view))


def saved_view(project: Any) -> dict[str, Any] | None:
    raw = settings().value(f"{GROUP}/{project_key(project)}")
    if not raw:
        return None
    try:
        view = json.loads(str(raw))
    except ValueError:
        return None
    return view if isinstance(view, dict) else None


def restore_view(window: Any) -> bool:
    """Apply the project's remembered view now; False when there is none."""
    view = saved_view(window.state.project)
    if view is None:
        return False
    try:
        window.workflow.restore_view(view)
    except (ValueError, TypeError, KeyError, IndexError):
        log.warning("a remembered view could not be applied", exc_info=True)
        return False
    selected = view.get("selected")
    if isinstance(selected, int) and window.state.arrays.position_of(selected) is not None:
        window.state.select(selected)
    return True


class ViewMemory(QObject):
    """Saves on close and on a project switch; restores when a project's data is in."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self._window = window
        self.restored = False  # the last restore has run (tests wait on it)
        window.installEventFilter(self)
        window.state.projectAboutToChange.connect(lambda: save_view(window))
        window.state.projectChanged.connect(self.restore_when_loaded)
        self.restore_when_loaded()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Close:
            save_view(self._window)
        return False

    def restore_when_loaded(self) -> None:
        self.restored = False
        state = self._window.state
        if state.loading:
            def loaded(busy: bool) -> None:
                if not busy:
                    state.loadingChanged.disconnect(loaded)
                    self._later()
            state.loadingChanged.connect(loaded)
        else:
            self._later()

    def _later(self) -> None:
        # Twice deferred: the start-up selects the first event and frames all in the next
        # turn of the event loop; the remembered view is applied after that.
        QTimer.singleShot(0, lambda: QTimer.singleShot(0, self._restore))

    def _restore(self) -> None:
        restore_view(self._window)
        self.restored = True


def install_view_memory(window: Any) -> ViewMemory:
    window.view_memory = ViewMemory(window)
    return window.view_memory
