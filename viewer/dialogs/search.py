"""Search events, notes and sources; results are highlighted, activating one shows it.

Running a search also filters the timeline and the event list to the events whose summary
holds the text (``searched`` → the state's text filter); clearing the box lifts it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from viewer import colours
from viewer.search import Hit, search
from viewer.state import ProjectState

KIND_LABEL = {"event": "Event", "note": "Note", "source": "Source"}


class SearchDialog(QDialog):
    hitActivated = Signal(object)  # Hit
    searched = Signal(str)  # the query just run ("" when cleared)

    def __init__(self, state: ProjectState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Search")
        self._state = state
        self.hits: list[Hit] = []
        self.query = QLineEdit()
        self.query.setToolTip(
            "Words to find in event summaries, notes and article text; Enter searches"
        )
        self.query.setPlaceholderText("Search events, notes and article text…")
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.run)
        self.query.textChanged.connect(lambda text: None if text.strip() else self.run())
        self.count = QLabel()
        self.count.setStyleSheet(f"color: {colours.MUTED_TEXT};")
        self.results = QListWidget()
        self.results.setAccessibleName("Search results")
        self.results.setToolTip(
            "Enter or click a result to show it in the timeline and its article"
        )
        self.results.setAlternatingRowColors(True)
        self.results.itemActivated.connect(self._activated)
        self.results.itemClicked.connect(self._activated)
        lay = QVBoxLayout(self)
        lay.addWidget(self.query)
        lay.addWidget(self.count)
        lay.addWidget(self.results, 1)
        self.resize(620, 480)

    def run(self) -> None:
        self.hits = search(self._state, self.query.text())
        self.results.clear()
        for hit in self.hits:
            item = QListWidgetItem()
            label = QLabel(self._label(hit))
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setContentsMargins(6, 3, 6, 3)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            item.setSizeHint(label.sizeHint().expandedTo(label.minimumSizeHint()))
            self.results.addItem(item)
            self.results.setItemWidget(item, label)
        n = len(self.hits)
        events = sum(1 for h in self.hits if h.kind == "event")
        self.count.setText(
            f"{n} result{'s' if n != 1 else ''}; the timeline and the list show the "
            f"{events} event{'s' if events != 1 else ''} whose summary matches"
            if self.query.text().strip()
            else ""
        )
        self.searched.emit(self.query.text().strip())

    def _label(self, hit: Hit) -> str:
        where = ""
        if hit.kind == "source" and hit.source_id is not None:
            src = self._state.source(hit.source_id)
            where = f" · {src[2] or src[1]}" if src else ""
        prefix = "…" if hit.kind == "source" and hit.offset else ""
        return (
            f'<span style="color:{colours.MUTED_TEXT}">{KIND_LABEL[hit.kind]}{where}</span>'
            f"<br>{prefix}{hit.html()}"
        )

    def _activated(self, item: QListWidgetItem) -> None:
        index = self.results.row(item)
        if 0 <= index < len(self.hits):
            self.hitActivated.emit(self.hits[index])
