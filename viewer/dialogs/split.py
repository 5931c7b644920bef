"""Split an event: tick the sources that report the *other* event."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.edits import event_evidence
from viewer.state import ProjectState

EVIDENCE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class SplitEventDialog(QDialog):
    def __init__(self, state: ProjectState, event_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Split event")
        self.list = QListWidget()
        self.list.setAccessibleName("Evidence of the event")
        self.list.setToolTip("Tick the passages that become a separate event")
        self.list.setWordWrap(True)
        for ev_id, where, quote in event_evidence(state.project, event_id):
            item = QListWidgetItem(f"{where}: “{quote}”")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(EVIDENCE_ID_ROLE, ev_id)
            self.list.addItem(item)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(
            QLabel(
                "Tick the reports that describe a different event; they become "
                "a new event (at least one must stay)."
            )
        )
        lay.addWidget(self.list, 1)
        lay.addWidget(self.buttons)
        self.resize(560, 360)

    def chosen(self) -> list[int]:
        return [
            self.list.item(i).data(EVIDENCE_ID_ROLE)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]
