"""Who is for or against what: holders × issues, and the sentences that say so.

Cells carry their polarity in words ("for 2", "against 1", "mixed 1·2") as well as in colour,
so colour is never the only cue.  Clicking a cell lists its evidence; picking a piece of
evidence selects its event (through ProjectState, like every other pane).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.queries import StanceRow
from viewer import colours
from viewer.state import ProjectState

STANCE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
HEADER_CHARS = 20  # longer issue labels are cut in the header (the tooltip has them whole)


POLARITIES = ("for", "against", "neutral")
TOP_HOLDERS = 30  # rows shown before the "Others" row (the toggle shows them all)
TOP_TARGETS = 20  # columns shown before the "Others" column
EVIDENCE_LIMIT = 300  # statements listed for one cell (the caption gives the total)


@dataclass(frozen=True)
class Cell:
    """The statements of one holder on one issue, counted by polarity."""

    n_for: int
    n_against: int
    n_neutral: int

    @property
    def total(self) -> int:
        return self.n_for + self.n_against + self.n_neutral

    @property
    def kind(self) -> str:
        if self.n_for and self.n_against:
            return "mixed"
        if self.n_for:
            return "for"
        if self.n_against:
            return "against"
        return "neutral"

    def text(self) -> str:
        kind = self.kind
        if kind == "mixed":
            return f"mixed {self.n_for}·{self.n_against}"
        return f"{kind} {(self.n_for, self.n_against, self.n_neutral)[POLARITIES.index(kind)]}"


def target_label(stances: list[StanceRow]) -> str:
    """The readable name of an issue: its most frequent phrasing, the shorter on a tie."""
    return _label(Counter(s.target for s in stances if s.target),
                  stances[0].target_key if stances else "")


def _label(counts: Counter[str], key: str) -> str:
    if not counts:
        return key
    return min(counts, key=lambda t: (-counts[t], len(t), t))


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class StanceIndex:
    """The stances as numpy codes, built once per data load; counting is then one bincount."""

    def __init__(self, stances: list[StanceRow]) -> None:
        self.stances = stances
        holder_names: dict[int, str] = {}
        target_texts: dict[str, Counter[str]] = {}
        for s in stances:
            holder_names.setdefault(s.holder_id, s.holder)
            target_texts.setdefault(s.target_key, Counter())[s.target] += 1 if s.target else 0
        self.holder_ids = np.fromiter(holder_names, dtype=np.int64, count=len(holder_names))
        self.holder_names = list(holder_names.values())
        self.target_keys = list(target_texts)
        self.target_labels = [_label(+target_texts[k], k) for k in self.target_keys]
        h_code = {h: i for i, h in enumerate(holder_names)}
        t_code = {k: i for i, k in enumerate(self.target_keys)}
        n = len(stances)
        self.holder = np.fromiter((s.holder_id for s in stances), dtype=np.int64, count=n)
        self.h = np.fromiter((h_code[s.holder_id] for s in stances), dtype=np.int64, count=n)
        self.t = np.fromiter((t_code[s.target_key] for s in stances), dtype=np.int64, count=n)
        pol = {p: i for i, p in enumerate(POLARITIES)}
        self.p = np.fromiter((pol.get(s.polarity, 2) for s in stances), dtype=np.int64, count=n)


    def counts(self, mask: np.ndarray) -> np.ndarray:
        """(holders, targets, polarities) counts of the stances in ``mask``."""
        nh, nt = len(self.holder_names), len(self.target_keys)
        flat = (self.h[mask] * nt + self.t[mask]) * 3 + self.p[mask]
        return np.bincount(flat, minlength=nh * nt * 3).reshape(nh, nt, 3)


class StanceTableModel(QAbstractTableModel):
    """Busiest holders × busiest issues, then one "Others" row/column holding the rest."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.holders: list[tuple[int, str]] = []  # shown rows (id, name)
        self.targets: list[tuple[str, str]] = []  # shown columns (target_key, label)
        self.show_all = False
        self._index = StanceIndex([])
        self._mask = np.zeros(0, dtype=bool)
        self._h_rows: list[np.ndarray] = []  # holder codes per row (the last may be Others)
        self._t_cols: list[np.ndarray] = []
        self._grid = np.zeros((0, 0, 3), dtype=np.int64)
        self._grid_rows: list[list[list[int]]] = []  # the grid as Python ints (painting)
        self.hidden_holders = 0
        self.hidden_targets = 0

    def set_stances(self, stances: list[StanceRow]) -> None:
        """A new data load: re-index (the only pass over StanceRow objects)."""
        self._index = StanceIndex(stances)
        self.set_filter(None)

    def set_filter(self, mask: np.ndarray | None) -> None:
        """Recount the stances in ``mask`` (the state's ``stance_mask``; None: all): numpy only.

        A grid of the same shape is updated in place (dataChanged): a model reset would
        re-lay out both headers and repaint the scroll bars at every filter change.
        """
        ix = self._index
        if mask is None or len(mask) != len(ix.stances):
            mask = np.ones(len(ix.stances), dtype=bool)
        counts = ix.counts(mask)
        by_holder, by_target = counts.sum(axis=(1, 2)), counts.sum(axis=(0, 2))
        # Busiest holders and issues first: the top-left corner is where the story is.
        hs = sorted(np.flatnonzero(by_holder).tolist(),
                    key=lambda h: (-by_holder[h], ix.holder_names[h].casefold()))
        ts = sorted(np.flatnonzero(by_target).tolist(),
                    key=lambda t: (-by_target[t], ix.target_labels[t].casefold()))
        h_top = hs if self.show_all else hs[:TOP_HOLDERS]
        t_top = ts if self.show_all else ts[:TOP_TARGETS]
        h_rows = [np.array([h]) for h in h_top]
        t_cols = [np.array([t]) for t in t_top]
        if len(hs) > len(h_top):
            h_rows.append(np.array(hs[len(h_top):]))
        if len(ts) > len(t_top):
            t_cols.append(np.array(ts[len(t_top):]))
        rows = np.stack([counts[r].sum(axis=0) for r in h_rows]) if h_rows \
            else np.zeros((0, len(ix.target_keys), 3), dtype=np.int64)
        grid = (np.stack([rows[:, c].sum(axis=1) for c in t_cols], axis=1)
                if t_cols else np.zeros((len(h_rows), 0, 3), dtype=np.int64))

        same_shape = (len(h_rows), len(t_cols)) == (len(self._h_rows), len(self._t_cols))
        if not same_shape:
            self.beginResetModel()
        self._mask = mask
        self.hidden_holders, self.hidden_targets = len(hs) - len(h_top), len(ts) - len(t_top)
        self.holders = [(int(ix.holder_ids[h]), ix.holder_names[h]) for h in h_top]
        self.targets = [(ix.target_keys[t], ix.target_labels[t]) for t in t_top]
        self._h_rows, self._t_cols, self._grid = h_rows, t_cols, grid
        self._grid_rows = grid.tolist()  # a cell is then read without numpy
        if not same_shape:
            self.endResetModel()
        elif h_rows and t_cols:
            last_row, last_col = len(h_rows) - 1, len(t_cols) - 1
            self.dataChanged.emit(self.index(0, 0), self.index(last_row, last_col))
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, last_col)
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, last_row)

    def holder_names(self) -> list[str]:
        """Every holder the stances name, whatever the filter."""
        return list(self._index.holder_names)

    def largest_count(self) -> int:
        """The largest polarity count in the grid (how wide a cell's text can get)."""
        return int(self._grid.max()) if self._grid.size else 0

    def is_others(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        return index.row() >= len(self.holders) or index.column() >= len(self.targets)

    def cell(self, index: QModelIndex | QPersistentModelIndex) -> Cell | None:
        if not index.isValid():
            return None
        n_for, n_against, n_neutral = self._grid_rows[index.row()][index.column()]
        return Cell(n_for, n_against, n_neutral) if n_for or n_against or n_neutral else None

    def stances_in(self, index: QModelIndex | QPersistentModelIndex) -> list[StanceRow]:
        """The statements counted in a cell, in the order stances were loaded."""
        if not index.isValid():
            return []
        ix = self._index
        hit = (self._mask & np.isin(ix.h, self._h_rows[index.row()])
               & np.isin(ix.t, self._t_cols[index.column()]))
        return [ix.stances[i] for i in np.flatnonzero(hit).tolist()]

    def row_label(self, row: int) -> str:
        return self.holders[row][1] if row < len(self.holders) else \
            f"Others ({self.hidden_holders})"

    def column_label(self, column: int) -> str:
        return self.targets[column][1] if column < len(self.targets) else \
            f"Other issues ({self.hidden_targets})"

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._h_rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._t_cols)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole:
            return _cut(self.column_label(section), HEADER_CHARS) if horizontal \
                else self.row_label(section)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.column_label(section) if horizontal else self.row_label(section)
        if role == Qt.ItemDataRole.FontRole and (
            section >= (len(self.targets) if horizontal else len(self.holders))
        ):
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        cell = self.cell(index)
        if cell is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text()
        if role == Qt.ItemDataRole.BackgroundRole:
            return _cell_colours(cell.kind, cell.total)[0]
        if role == Qt.ItemDataRole.ForegroundRole:
            return _cell_colours(cell.kind, cell.total)[1]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            holder, target = self.row_label(index.row()), self.column_label(index.column())
            return (f"{holder} on “{target}”:\n{cell.n_for} for · {cell.n_against} against · "
                    f"{cell.n_neutral} neutral\nClick to read the evidence.")
        return None



@lru_cache(maxsize=256)
def _cell_colours(kind: str, total: int) -> tuple[QColor, QColor]:
    """A cell's background and text colour: more statements → stronger, capped so that black
    text stays readable.  Cached: a page of cells repaints at every filter change."""
    background = colours.tint(colours.POLARITY[kind], min(0.3 + 0.12 * total, 0.65))
    return background, colours.text_on(background)


class StanceCellDelegate(QStyledItemDelegate):
    """Paints a grid cell from ``model.cell`` in one call (not seven ``data()`` roles).

    The polarity colour stays under a selected cell (a frame marks the selection), so the
    chosen cell still says for/against by colour as well as by word.
    """

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        cell = index.model().cell(index)
        rect = option.rect
        if cell is not None:
            background, text = _cell_colours(cell.kind, cell.total)
            painter.fillRect(rect, background)
            painter.setPen(text)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, cell.text())
        if option.state.value & _SELECTED:
            painter.save()
            pen = QPen(option.palette.color(QPalette.ColorRole.Highlight))
            pen.setWidth(2)
            painter.setPen(pen)
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
            painter.restore()


_SELECTED = QStyle.StateFlag.State_Selected.value


class StancePanel(QWidget):
    historyRequested = Signal(object, object)  # holder id or None, target key or None

    def __init__(self, state: ProjectState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.editor: Any = None  # viewer.undo.Editor, set by the main window (editing on)
        self.model = StanceTableModel(self)
        self._most = 99  # the widest count a cell must fit (see rebuild)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(StanceCellDelegate(self.table))
        self.table.setAccessibleName("Stances: holders by issue")
        # A scroll bar that came and went with the row count would repaint the grid twice.
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        # Widths from the labels (_fit_columns), not ResizeToContents: that measures every
        # cell on every filter change.
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
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

        self.show_all = QCheckBox("Show all holders and issues")
        self.show_all.setToolTip(f"Otherwise the {TOP_HOLDERS} busiest holders and "
                                 f"{TOP_TARGETS} busiest issues, the rest under “Others”")
        self.show_all.toggled.connect(self._show_all_toggled)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setStyleSheet(f"color: {colours.MUTED_TEXT};")
        self.evidence = QListWidget()
        self.evidence.setWordWrap(True)
        self.evidence.setAccessibleName("Evidence for the chosen stance")
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
        lay.addWidget(self.show_all)
        lay.addWidget(self.splitter, 1)

        state.dataChanged.connect(self.rebuild)
        state.filterChanged.connect(self.refilter)
        self.rebuild()

    def rebuild(self) -> None:
        """New data: index the stances once, then count them for the current filter."""
        self.model.set_stances(self._state.stances)
        # Unfiltered counts are the largest: cells sized for them keep their width per filter.
        self._most = max(self.model.largest_count(), 99)
        self._fit_row_labels()
        self.refilter()

    def _fit_row_labels(self) -> None:
        """One holder-column width per data load, wide enough for every holder (capped).

        A width that followed the filter would move the grid at each filter change and
        paint the table twice; the header elides a name that is longer than the cap.
        """
        fm = self.table.verticalHeader().fontMetrics()
        names = [*self.model.holder_names(), "Others (9999)"]
        widest = max(fm.horizontalAdvance(n) for n in names) + 16
        self.table.verticalHeader().setFixedWidth(min(widest, fm.averageCharWidth() * 26))

    def refilter(self) -> None:
        """The filter changed: recount the stances it lets through (numpy, no pass over them in
        Python): the holder passes the actor filter, the stance's event the other filters."""
        # The chosen cell's holder and issue move with the recount: choose again.
        self.table.selectionModel().clear()
        self.model.set_filter(self._state.stance_mask())
        shown = self.model.rowCount() > 0
        self.empty.setVisible(not shown)
        self.splitter.setVisible(shown)
        self.show_all.setVisible(shown and (self.model.show_all or bool(
            self.model.hidden_holders or self.model.hidden_targets)))
        self.evidence.clear()
        self.caption.setText("Click a cell to read what was said." if shown else "")
        self._fit_columns()

    def _show_all_toggled(self, on: bool) -> None:
        self.model.show_all = on
        self.refilter()

    def _fit_columns(self) -> None:
        header = self.table.horizontalHeader()
        fm = header.fontMetrics()
        most = max(self.model.largest_count(), self._most)
        cell = fm.horizontalAdvance(f"mixed {most}·{most}") + 12
        for col in range(self.model.columnCount()):
            label = self.model.headerData(col, Qt.Orientation.Horizontal,
                                          Qt.ItemDataRole.DisplayRole)
            width = max(cell, fm.horizontalAdvance(label) + 16)
            # Resizing schedules a second layout and paint: only when the width really changes.
            if header.sectionSize(col) != width:
                header.resizeSection(col, width)

    def _cell_chosen(self, index: QModelIndex) -> None:
        cell = self.model.cell(index)
        self.evidence.blockSignals(True)  # filling the list is not the user picking evidence
        self.evidence.clear()
        self.evidence.blockSignals(False)
        if cell is None:
            self.caption.setText("No statement here. Click a coloured cell.")
            return
        holder = self.model.row_label(index.row())
        target = self.model.column_label(index.column())
        stances = self.model.stances_in(index)
        more = f" (the first {EVIDENCE_LIMIT} listed)" if len(stances) > EVIDENCE_LIMIT else ""
        self.caption.setText(f"{holder} on “{target}” — {len(stances)} statement(s){more}:")
        self.evidence.blockSignals(True)
        for s in stances[:EVIDENCE_LIMIT]:
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
        if cell is None or self.model.is_others(index):
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
