"""Concurrent edits of one event: the write that lost is told, shown the winner's version,
and nothing of the other writer's change is overwritten.

Every write that carries an event version (``db.sync.event_version`` read when the event was
shown) goes through ``Guarded``: a ``ConflictError`` becomes an empty change (the undo stack
is left alone) and is kept for ``show_conflict``, which reloads the view and says what
happened in a non-blocking message box.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from db.edits import Change
from db.sync import ConflictError
from viewer.state import ProjectState

TITLE = "Changed by someone else"


class Guarded:
    """``editor.run(text, Guarded(write))``: ``error`` is the conflict, if there was one."""

    def __init__(self, write: Callable[[], Change]) -> None:
        self._write = write
        self.error: ConflictError | None = None

    def __call__(self) -> Change:
        try:
            return self._write()
        except ConflictError as err:
            self.error = err
            return Change({}, {})  # empty: the editor pushes nothing


def conflict_text(err: ConflictError, what: str = "this event") -> str:
    when = f" at {err.changed_at:%H:%M:%S} UTC" if err.changed_at else ""
    return (
        f"Someone else (another window or a teammate) changed {what}{when} while you were "
        "editing it; your change was not saved; the event now shows their version. Check it "
        "and make your change again if it is still needed."
    )


def show_conflict(
    parent: QWidget | None, state: ProjectState, err: ConflictError, what: str = "this event"
) -> QMessageBox:
    """Reload (the event now shows the other writer's version), then say so."""
    state.reload()
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(TITLE)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(conflict_text(err, what))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()  # window-modal, not a nested event loop: the reloaded view stays live
    return box
