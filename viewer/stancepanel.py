"""Who is for or against what: holders × issues, and the sentences that say so.

Cells carry their polarity in words ("for 2", "against 1", "mixed 1·2") as well as in colour,
so colour is never the only cue.  Clicking a cell lists its evidence; picking a piece of
evidence selects its event (through ProjectState, like every other pane).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.queries import StanceRow
from viewer import colours
from viewer.state import ProjectState

HEADER_CHARS = 20  # longer issue labels are cut in the header (the tooltip has them whole)


@dataclass
class Cell:
    stances: list[StanceRow] = field(default_factory=list)

    @property
    def counts(self) -> Counter[str]:
        return Counter(s.polarity for s in self.stances)

    @property
    def kind(self) -> str:
        c = self.counts
        if c["for"] and c["against"]:
            return "mixed"
        if c["for"]:
            return "for"
        if c["against"]:
            return "against"
        return "neutral"

    def text(self) -> str:
        c = self.counts
        kind = self.kind
        if kind == "mixed":
            return f"mixed {c['for']}·{c['against']}"
        return f"{kind} {c[kind]}"


def target_label(stances: list[StanceRow]) -> str:
    """The readable name of an issue: its most frequent phrasing, the shorter on a tie."""
    counts = Counter(s.target for s in stances if s.target)
    if not counts:
        return stances[0].target_key if stances else ""
    return min(counts, key=lambda t: (-counts[t], len(t), t))


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class StanceTableModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.holders: list[tuple[int, str]] = []
        self.targets: list[tuple[str, str]] = []  # (target_key, label)
        self.cells: dict[tuple[int, str], Cell] = {}

    def set_stances(self, stances: list[StanceRow]) -> None:
        self.beginResetModel()
        cells: dict[tuple[int, str], Cell] = defaultdict(Cell)
        by_target: dict[str, list[StanceRow]] = defaultdict(list)
        names: dict[int, str] = {}
        for s in stances:
            cells[(s.holder_id, s.target_key)].stances.append(s)
            by_target[s.target_key].append(s)
            names[s.holder_id] = s.holder
        holder_total = Counter(s.holder_id for s in stances)
        # Busiest holders and issues first: the top-left corner is where the story is.
        self.holders = sorted(names.items(), key=lambda h: (-holder_total[h[0]], h[1].casefold()))
        self.targets = sorted(
            ((k, target_label(v)) for k, v in by_target.items()),
            key=lambda t: (-len(by_target[t[0]]), t[1].casefold()),
        )
        self.cells = dict(cells)
        self.endResetModel()

    def cell(self, index: QModelIndex | QPersistentModelIndex) -> Cell | None:
        if not index.isValid():
            return None
        return self.cells.get((self.holders[index.row()][0], self.targets[index.column()][0]))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.holders)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.targets)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole:
            return _cut(self.targets[section][1], HEADER_CHARS) if horizontal \
                else self.holders[section][1]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.targets[section][1] if horizontal else self.holders[section][1]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        cell = self.cell(index)
        if cell is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text()
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(cell)
        if role == Qt.ItemDataRole.ForegroundRole:
            return colours.text_on(self._background(cell))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            c = cell.counts
            holder, target = self.holders[index.row()][1], self.targets[index.column()][1]
            return (f"{holder} on “{target}”:\n{c['for']} for · {c['against']} against · "
                    f"{c['neutral']} neutral\nClick to read the evidence.")
        return None

    @staticmethod
    def _background(cell: Cell) -> QColor:
        # More statements → stronger colour, capped so black text stays readable.
        strength = min(0.3 + 0.12 * len(cell.stances), 0.65)
        return colours.tint(colours.POLARITY[cell.kind], strength)


class StancePanel(QWidget):
    def __init__(self, state: ProjectState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.model = StanceTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.selectionModel().currentChanged.connect(self._cell_chosen)
        self.table.clicked.connect(self._cell_chosen)

        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setStyleSheet(f"color: {colours.MUTED_TEXT};")
        self.evidence = QListWidget()
        self.evidence.setWordWrap(True)
        self.evidence.setAlternatingRowColors(True)
        self.evidence.currentItemChanged.connect(self._evidence_chosen)
        self.evidence.itemClicked.connect(self._evidence_chosen)

        self.empty = QLabel("No stances found yet. Stances come from reporting verbs "
                            "(“Turkey rejected…”, “Washington urged…”) in imported articles.")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet(f"color: {colours.MUTED_TEXT}; padding: 12px;")

        lower = QWidget()
        ll = QVBoxLayout(lower)
        ll.setContentsMargins(0, 4, 0, 0)
        ll.addWidget(self.caption)
        ll.addWidget(self.evidence, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("stanceSplitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.empty)
        lay.addWidget(self.splitter, 1)

        state.dataChanged.connect(self.rebuild)
        state.filterChanged.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        stances = self._state.visible_stances()
        self.model.set_stances(stances)
        self.empty.setVisible(not stances)
        self.splitter.setVisible(bool(stances))
        self.evidence.clear()
        self.caption.setText("Click a cell to read what was said." if stances else "")

    def _cell_chosen(self, index: QModelIndex) -> None:
        cell = self.model.cell(index)
        self.evidence.blockSignals(True)  # filling the list is not the user picking evidence
        self.evidence.clear()
        self.evidence.blockSignals(False)
        if cell is None:
            self.caption.setText("No statement here. Click a coloured cell.")
            return
        holder, target = self.model.holders[index.row()][1], self.model.targets[index.column()][1]
        self.caption.setText(f"{holder} on “{target}” — {len(cell.stances)} statement(s):")
        self.evidence.blockSignals(True)
        for s in cell.stances:
            src = self._state.source(s.source_id)
            where = src[2] or src[1] if src else "unknown source"
            when = f", {s.date_value}" if s.date_value else ""
            text = " ".join(s.evidence_text.split())
            item = QListWidgetItem(f"{s.holder} · {s.polarity}{when}\n“{text}”\n— {where}")
            item.setData(Qt.ItemDataRole.UserRole, s.event_id)
            item.setForeground(QColor("#000000"))
            item.setToolTip("Select to show its event and source" if s.event_id is not None
                            else "This statement is not linked to an event")
            self.evidence.addItem(item)
        self.evidence.blockSignals(False)

    def _evidence_chosen(self, item: QListWidgetItem | None, *_: Any) -> None:
        if item is None:
            return
        event_id = item.data(Qt.ItemDataRole.UserRole)
        if event_id is not None:
            self._state.select(event_id)
