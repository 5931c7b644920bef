"""Annotate many events at once: star, review, tags and a note on every selected event,
applied as ONE undoable command."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from viewer import colours
from viewer.annotationpanel import parse_tags
from viewer.eventlist import event_date_text
from viewer.state import ProjectState

KEEP = ""


class BulkAnnotateDialog(QDialog):
    def __init__(
        self, state: ProjectState, event_ids: list[int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Annotate selected events")
        self.setObjectName("bulkAnnotate")
        self.event_ids = list(event_ids)
        n = len(self.event_ids)
        head = QLabel(f"<b>{n} events selected</b>")
        rows = [state.event(i) for i in self.event_ids[:6]]
        sample = "\n".join(f"• {event_date_text(r)} — {r.summary}" for r in rows if r)
        if n > 6:
            sample += f"\n… and {n - 6} more"
        listing = QLabel(sample)
        listing.setTextFormat(Qt.TextFormat.PlainText)
        listing.setStyleSheet(f"color: {colours.MUTED_TEXT};")
        listing.setWordWrap(True)

        self.star = QComboBox()
        self.star.setToolTip("Star, unstar or leave the star of every selected event")
        for label, value in (
            ("leave as is", KEEP),
            ("★ star all", "star"),
            ("remove the star", "unstar"),
        ):
            self.star.addItem(label, value)
        self.review = QComboBox()
        self.review.setToolTip("Set the review state of every selected event, or leave it")
        for label, value in (
            ("leave as is", KEEP),
            ("Confirmed", "confirmed"),
            ("Rejected", "rejected"),
            ("Unreviewed", "unreviewed"),
        ):
            self.review.addItem(label, value)
        self.tags = QLineEdit()
        self.tags.setToolTip("Tags added to every selected event, separated by commas")
        self.tags.setPlaceholderText("tags to add, comma-separated")
        completer = QCompleter(QStringListModel(state.all_tags(), self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tags.setCompleter(completer)
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Note")
        self.note.setToolTip("A note added to each selected event (optional)")
        self.note.setPlaceholderText("a note to add to each event (optional)")
        self.note.setFixedHeight(self.fontMetrics().height() * 4)
        form = QFormLayout()
        form.addRow("Star:", self.star)
        form.addRow("Review:", self.review)
        form.addRow("Add tags:", self.tags)
        form.addRow("Note:", self.note)
        hint = QLabel("Applied to every selected event as one step: Edit ▸ Undo takes it back.")
        hint.setStyleSheet(f"color: {colours.MUTED_TEXT};")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(f"Apply to {n} events")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addWidget(listing)
        lay.addLayout(form)
        lay.addWidget(hint)
        lay.addWidget(self.buttons)
        self.resize(520, self.sizeHint().height())

    def choices(self) -> dict[str, object]:
        return {
            "star": self.star.currentData(),
            "review": self.review.currentData(),
            "tags": parse_tags(self.tags.text()),
            "note": self.note.toPlainText().strip(),
        }
