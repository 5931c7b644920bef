"""Who is for or against what: holders × issues, and the sentences that say so.

Cells carry their polarity in words ("for 2", "against 1", "mixed 1·2") as well as in colour,
so colour is never the only cue.  Clicking a cell lists its evidence; picking a piece of
evidence selects its event (through ProjectState, like every other pane).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.queries import StanceRow
from viewer import colours
from viewer.state import ProjectState

STANCE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
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
    historyRequested = Signal(object, object)  # holder id or None, target key or None

    def __init__(self, state: ProjectState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.editor: Any = None  # viewer.undo.Editor, set by the main window (editing on)
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
        header = self.table.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(
            lambda pos: self._exec(self.target_menu(header.logicalIndexAt(pos)),
                                   header.mapToGlobal(pos)))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(
            lambda pos: self._exec(self.cell_menu(self.table.indexAt(pos)),
                                   self.table.viewport().mapToGlobal(pos)))

        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setStyleSheet(f"color: {colours.MUTED_TEXT};")
        self.evidence = QListWidget()
        self.evidence.setWordWrap(True)
        self.evidence.setAlternatingRowColors(True)
        self.evidence.currentItemChanged.connect(self._evidence_chosen)
        self.evidence.itemClicked.connect(self._evidence_chosen)
        self.evidence.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.evidence.customContextMenuRequested.connect(
            lambda pos: self._exec(self.evidence_menu(self.evidence.itemAt(pos)),
                                   self.evidence.viewport().mapToGlobal(pos)))

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
            item.setData(STANCE_ID_ROLE, s.id)
            item.setForeground(QColor("#000000"))
            item.setToolTip("Select to show its event and source" if s.event_id is not None
                            else "This statement is not linked to an event")
            self.evidence.addItem(item)
        self.evidence.blockSignals(False)

    # ------------------------------------------------------------------ editing
    def _exec(self, menu: QMenu | None, pos: QPoint) -> None:
        if menu is not None and not menu.isEmpty():
            menu.exec(pos)

    def _stance(self, stance_id: int) -> StanceRow | None:
        return next((s for s in self._state.stances if s.id == stance_id), None)

    def _run(self, text: str, write: Any) -> None:
        if self.editor is not None:
            self.editor.run(text, write)

    def evidence_menu(self, item: QListWidgetItem | None) -> QMenu | None:
        """Right-click on a statement: its polarity, holder, issue; delete; history."""
        stance = self._stance(item.data(STANCE_ID_ROLE)) if item is not None else None
        if stance is None or self.editor is None:
            return None
        from db import edits

        project, sid = self._state.project, stance.id
        menu = QMenu(self)
        polarity = menu.addMenu("Polarity")
        for kind in ("for", "against", "neutral"):
            act = polarity.addAction(kind)
            act.setCheckable(True)
            act.setChecked(stance.polarity == kind)
            act.triggered.connect(lambda _=False, k=kind: self._run(
                f"{stance.holder}: {k}", lambda: edits.edit_stance(project, sid, polarity=k)))
        menu.addAction("Change holder…").triggered.connect(lambda: self.ask_holder(sid))
        menu.addAction("Change issue…").triggered.connect(lambda: self.ask_target(sid))
        menu.addSeparator()
        menu.addAction("Stance history…").triggered.connect(
            lambda: self.historyRequested.emit(stance.holder_id, stance.target_key))
        menu.addSeparator()
        menu.addAction("Delete stance").triggered.connect(lambda: self._run(
            "Delete stance", lambda: edits.delete_stance(project, sid)))
        return menu

    def set_holder(self, stance_id: int, holder_id: int) -> None:
        from db import edits

        project = self._state.project
        self._run("Change holder",
                  lambda: edits.edit_stance(project, stance_id, holder_id=holder_id))

    def set_target(self, stance_id: int, target: str) -> None:
        from db import edits

        project = self._state.project
        key = next((s.target_key for s in self._state.stances if s.target == target), None)
        self._run("Change issue",
                  lambda: edits.edit_stance(project, stance_id, target=target, target_key=key))

    def ask_holder(self, stance_id: int) -> None:
        names = sorted((a.name for a in self._state.actors), key=str.casefold)
        name, ok = QInputDialog.getItem(self, "Change holder", "Who holds this stance?", names,
                                        0, False)
        actor = next((a for a in self._state.actors if a.name == name), None)
        if ok and actor is not None:
            self.set_holder(stance_id, actor.id)

    def ask_target(self, stance_id: int) -> None:
        targets = sorted({s.target for s in self._state.stances if s.target}, key=str.casefold)
        text, ok = QInputDialog.getItem(self, "Change issue", "What is the stance about?",
                                        targets, 0, True)
        if ok and text.strip():
            self.set_target(stance_id, text.strip())

    def target_menu(self, column: int) -> QMenu | None:
        """Right-click on an issue: group it with another one; its history."""
        if not 0 <= column < len(self.model.targets) or self.editor is None:
            return None
        from db import edits

        key, label = self.model.targets[column]
        project = self._state.project
        menu = QMenu(self)
        group = menu.addMenu(f"Group “{_cut(label, 30)}” with")
        for other_key, other_label in self.model.targets:
            if other_key == key:
                continue
            group.addAction(other_label).triggered.connect(
                lambda _=False, k=other_key, lab=other_label: self._run(
                    f"Group “{label}” with “{lab}”",
                    lambda: edits.group_targets(project, k, [key])))
        menu.addAction("Stance history…").triggered.connect(
            lambda: self.historyRequested.emit(None, key))
        return menu

    def cell_menu(self, index: QModelIndex) -> QMenu | None:
        cell = self.model.cell(index)
        if cell is None:
            return None
        holder, key = self.model.holders[index.row()][0], self.model.targets[index.column()][0]
        menu = QMenu(self)
        menu.addAction("Stance history…").triggered.connect(
            lambda: self.historyRequested.emit(holder, key))
        return menu

    def _evidence_chosen(self, item: QListWidgetItem | None, *_: Any) -> None:
        if item is None:
            return
        event_id = item.data(Qt.ItemDataRole.UserRole)
        if event_id is not None:
            self._state.select(event_id)
