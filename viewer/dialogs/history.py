"""Edit ▸ History: the undo stack as a list; clicking an entry goes back (or forward) to it."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QUndoView, QVBoxLayout, QWidget


class HistoryDialog(QDialog):
    def __init__(self, stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("History")
        self.view = QUndoView(stack)
        self.view.setAccessibleName("Edit history")
        self.view.setToolTip(
            "Every change since the project was opened; click a step to go back to it"
        )
        self.view.setEmptyLabel("Project opened")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.view, 1)
        lay.addWidget(buttons)
        self.resize(380, 420)
