"""The actor filter: tick actors to see only their events (and their officials' events)."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.queries import ActorRow
from viewer import colours
from viewer.state import ProjectState

ACTOR_ID_ROLE = Qt.ItemDataRole.UserRole + 1
COUNT_ROLE = Qt.ItemDataRole.UserRole + 2

# Shape of the swatch by kind, so a person and a country in the same colour still differ.
_ROUND_KINDS = {"person"}


def swatch(actor: ActorRow, size: int = 12) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QColor(0, 0, 0, 90))
    p.setBrush(colours.actor_colour(actor.id, actor.colour))
    if actor.kind in _ROUND_KINDS:
        p.drawEllipse(1, 1, size - 2, size - 2)
    else:
        p.drawRoundedRect(1, 1, size - 2, size - 2, 2, 2)
    p.end()
    return QIcon(pix)


class ActorFilter(QWidget):
    def __init__(self, state: ProjectState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._syncing = False
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search actors…")
        self.search.setClearButtonEnabled(True)
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip("Show all actors' events")
        self.clear_button.clicked.connect(lambda: self._state.set_actor_filter(()))

        self.model = QStandardItemModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QListView()
        self.view.setModel(self.proxy)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setUniformItemSizes(True)
        self.view.activated.connect(self._toggle_selected)  # Enter / double click ticks
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(f"color: {colours.MUTED_TEXT};")

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.clear_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.hint)

        self.model.itemChanged.connect(self._item_changed)
        state.dataChanged.connect(self.rebuild)
        state.filterChanged.connect(self._sync_checks)
        self.rebuild()

    def rebuild(self) -> None:
        self._syncing = True
        try:
            self.model.clear()
            chosen = self._state.actor_filter
            # list_actors is sorted by count already; keep that order (busiest first).
            for a in self._state.actors:
                item = QStandardItem(swatch(a), f"{a.name} ({a.event_count})")
                item.setCheckable(True)
                item.setCheckState(Qt.CheckState.Checked if a.id in chosen
                                   else Qt.CheckState.Unchecked)
                item.setData(a.id, ACTOR_ID_ROLE)
                item.setData(a.event_count, COUNT_ROLE)
                affiliation = self._state.actor(a.affiliation_id) if a.affiliation_id else None
                tip = f"{a.name} — {a.kind}, {a.event_count} event(s)"
                if affiliation:
                    tip += f"\nAffiliated with {affiliation.name}"
                item.setToolTip(tip)
                self.model.appendRow(item)
        finally:
            self._syncing = False
        self._update_hint()

    def _item_changed(self, _item: QStandardItem) -> None:
        if self._syncing:
            return
        self._state.set_actor_filter(self.checked_ids())

    def checked_ids(self) -> list[int]:
        return [
            self.model.item(r).data(ACTOR_ID_ROLE)
            for r in range(self.model.rowCount())
            if self.model.item(r).checkState() == Qt.CheckState.Checked
        ]

    def _toggle_selected(self) -> None:
        for index in self.view.selectionModel().selectedIndexes():
            item = self.model.itemFromIndex(self.proxy.mapToSource(index))
            item.setCheckState(Qt.CheckState.Unchecked if item.checkState() == Qt.CheckState.Checked
                               else Qt.CheckState.Checked)

    def _sync_checks(self) -> None:
        chosen = self._state.actor_filter
        self._syncing = True
        try:
            for r in range(self.model.rowCount()):
                item = self.model.item(r)
                want = (Qt.CheckState.Checked if item.data(ACTOR_ID_ROLE) in chosen
                        else Qt.CheckState.Unchecked)
                if item.checkState() != want:
                    item.setCheckState(want)
        finally:
            self._syncing = False
        self._update_hint()

    def _update_hint(self) -> None:
        if not self._state.actors:
            self.hint.setText("Actors appear here once articles are imported.")
        elif self._state.actor_filter:
            self.hint.setText("Showing events of the ticked actors and of people affiliated "
                              "with them.")
        else:
            self.hint.setText("Tick actors to show only their events.")
        self.clear_button.setEnabled(bool(self._state.actor_filter))
