"""Who stands where: holders × issues, and the sentences that say so.

Rows are countries and bodies, busiest first, with their officials folded under them (click
the row's ▸ to unfold); columns are issues, busiest first, their labels wrapped rather than
cut, sharing the panel's width.  Cells carry their polarity in words ("for 2", "against 1",
"mixed 1·2") as well as in colour, so colour is never the only cue.  Clicking a cell lists its
evidence with who said it, where and when; picking a piece of evidence selects its event
(through ProjectState, like every other pane).  The grid counts what the filter lets through.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QPen,
    QResizeEvent,
)
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
    QStyleOptionHeader,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.queries import ActorRow, StanceRow
from viewer import colours
from viewer.relinked import LinkScope
from viewer.state import ProjectState

STANCE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
HEADER_LINES = 4  # issue labels wrap onto this many lines (the tooltip has them whole)
HEADER_PAD = 3
COLUMN_MAX_CHARS = 18  # a column wider than this many characters wastes the panel's room


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
    """The readable name of an issue: its most frequent issue label (the extraction's name
    for it, "S-400 transfer to Ukraine"), else its most frequent phrasing, the shorter on a
    tie."""
    key = stances[0].target_key if stances else ""
    issues = Counter(s.issue for s in stances if s.issue)
    return _label(issues, key) if issues else _label(
        Counter(s.target for s in stances if s.target), key)


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
        # defaultdict, not setdefault(key, Counter()): that builds a Counter per stance
        target_texts: defaultdict[str, Counter[str]] = defaultdict(Counter)
        issue_labels: defaultdict[str, Counter[str]] = defaultdict(Counter)  # where stored
        for s in stances:
            holder_names.setdefault(s.holder_id, s.holder)
            target_texts[s.target_key][s.target] += 1 if s.target else 0
            if s.issue:
                issue_labels[s.target_key][s.issue] += 1
        self.holder_ids = np.fromiter(holder_names, dtype=np.int64, count=len(holder_names))
        self.holder_names = list(holder_names.values())
        self.target_keys = list(target_texts)
        # A column is named by its issue label when the extraction gave one; older projects
        # (and hand-made stances) fall back to the most frequent wording.
        self.target_labels = [_label(issue_labels[k], k) if k in issue_labels
                              else _label(+target_texts[k], k) for k in self.target_keys]
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


@dataclass(frozen=True)
class HolderRow:
    """One row of the grid: a holder, or a country (body) with its officials folded in."""

    actor_id: int
    name: str
    codes: np.ndarray  # StanceIndex holder codes counted in this row
    depth: int = 0  # 1: an official shown under its unfolded country
    members: int = 0  # top level: how many others are folded in (0: nothing to unfold)
    own: bool = False  # depth 1: the country's (body's) own statements

    @property
    def label(self) -> str:
        if self.own:
            return f"{self.name} itself"
        return self.name


class StanceTableModel(QAbstractTableModel):
    """Holders × issues, busiest first.  Officials are folded under their country (or body)
    and unfold on demand; past the busiest rows and columns, one "Others" row/column."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.holders: list[tuple[int, str]] = []  # shown rows (id, name), Others excluded
        self.rows: list[HolderRow] = []
        self.targets: list[tuple[str, str]] = []  # shown columns (target_key, label)
        self.show_all = False
        self.unfolded: set[int] = set()  # countries (bodies) whose officials are shown
        self._index = StanceIndex([])
        self._root = np.zeros(0, dtype=np.int64)  # per holder code: its country's actor id
        self._root_names: dict[int, str] = {}
        self._phrasings: dict[str, Counter[str]] = {}
        self._mask = np.zeros(0, dtype=bool)
        self._h_rows: list[np.ndarray] = []  # holder codes per row (the last may be Others)
        self._t_cols: list[np.ndarray] = []
        self._grid = np.zeros((0, 0, 3), dtype=np.int64)
        self._grid_rows: list[list[list[int]]] = []  # the grid as Python ints (painting)
        self.hidden_holders = 0
        self.hidden_targets = 0

    def set_stances(self, stances: list[StanceRow], actors: list[ActorRow] | None = None) -> None:
        """A new data load: re-index (the only pass over StanceRow objects)."""
        self._index = ix = StanceIndex(stances)
        parents = {a.id: a.affiliation_id for a in actors or ()}
        self._root_names = {a.id: a.name for a in actors or ()}
        self._root_names.update(zip(ix.holder_ids.tolist(), ix.holder_names, strict=True))
        self._root = np.fromiter((_root(h, parents) for h in ix.holder_ids.tolist()),
                                 dtype=np.int64, count=len(ix.holder_ids))
        phrasings: defaultdict[str, Counter[str]] = defaultdict(Counter)
        for st in stances:
            phrasings[st.target_key][st.target or st.target_key] += 1
        self._phrasings = dict(phrasings)
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
        # Busiest countries and issues first: the top-left corner is where the story is.
        active = np.flatnonzero(by_holder)
        groups: dict[int, list[int]] = {}
        for h in sorted(active.tolist(), key=lambda h: (-by_holder[h],
                                                        ix.holder_names[h].casefold())):
            groups.setdefault(int(self._root[h]), []).append(h)
        total = {r: int(by_holder[codes].sum()) for r, codes in groups.items()}
        roots = sorted(groups, key=lambda r: (-total[r], self._root_names[r].casefold()))
        ts = sorted(np.flatnonzero(by_target).tolist(),
                    key=lambda t: (-by_target[t], ix.target_labels[t].casefold()))
        r_top = roots if self.show_all else roots[:TOP_HOLDERS]
        t_top = ts if self.show_all else ts[:TOP_TARGETS]
        rows: list[HolderRow] = []
        for r in r_top:
            codes = groups[r]
            own = [h for h in codes if int(ix.holder_ids[h]) == r]
            rows.append(HolderRow(r, self._root_names[r], np.array(codes),
                                  members=len(codes) - len(own)))
            if r in self.unfolded and rows[-1].members:
                rows.extend(HolderRow(int(ix.holder_ids[h]), ix.holder_names[h], np.array([h]),
                                      depth=1, own=int(ix.holder_ids[h]) == r) for h in codes)
        h_rows = [row.codes for row in rows]
        t_cols = [np.array([t]) for t in t_top]
        hidden = [h for r in roots[len(r_top):] for h in groups[r]]
        if hidden:
            h_rows.append(np.array(hidden))
        if len(ts) > len(t_top):
            t_cols.append(np.array(ts[len(t_top):]))
        per_row = np.stack([counts[r].sum(axis=0) for r in h_rows]) if h_rows \
            else np.zeros((0, len(ix.target_keys), 3), dtype=np.int64)
        grid = (np.stack([per_row[:, c].sum(axis=1) for c in t_cols], axis=1)
                if t_cols else np.zeros((len(h_rows), 0, 3), dtype=np.int64))

        same_shape = (len(h_rows), len(t_cols)) == (len(self._h_rows), len(self._t_cols))
        if not same_shape:
            self.beginResetModel()
        self._mask = mask
        self.hidden_holders = len(roots) - len(r_top)
        self.hidden_targets = len(ts) - len(t_top)
        self.rows = rows
        self.holders = [(row.actor_id, row.name) for row in rows]
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

    def row_of(self, name: str) -> int | None:
        """The first row of the holder called ``name`` (a country before its own row)."""
        return next((i for i, row in enumerate(self.rows) if row.name == name), None)

    def can_unfold(self, row: int) -> bool:
        return 0 <= row < len(self.rows) and self.rows[row].depth == 0 \
            and self.rows[row].members > 0

    def holder_names(self) -> list[str]:
        """Every holder the stances name, whatever the filter, and their countries."""
        return [*self._index.holder_names,
                *(self._root_names[r] for r in set(self._root.tolist()))]

    def largest_count(self) -> int:
        """The largest polarity count in the grid (how wide a cell's text can get)."""
        return int(self._grid.max()) if self._grid.size else 0

    def is_others(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        return index.row() >= len(self.rows) or index.column() >= len(self.targets)

    def cell(self, index: QModelIndex | QPersistentModelIndex) -> Cell | None:
        if not index.isValid():
            return None
        n_for, n_against, n_neutral = self._grid_rows[index.row()][index.column()]
        return Cell(n_for, n_against, n_neutral) if n_for or n_against or n_neutral else None

    def counts_mask(self, mask: np.ndarray) -> bool:
        """Whether the grid counts exactly the stances of ``mask``."""
        return len(mask) == len(self._index.stances) and np.array_equal(mask, self._mask)

    def stances_in(self, index: QModelIndex | QPersistentModelIndex) -> list[StanceRow]:
        """The statements counted in a cell, in the order stances were loaded."""
        if not index.isValid():
            return []
        ix = self._index
        hit = (self._mask & np.isin(ix.h, self._h_rows[index.row()])
               & np.isin(ix.t, self._t_cols[index.column()]))
        return [ix.stances[i] for i in np.flatnonzero(hit).tolist()]

    def row_label(self, row: int) -> str:
        return self.rows[row].label if row < len(self.rows) else \
            f"Others ({self.hidden_holders})"

    def column_label(self, column: int) -> str:
        return self.targets[column][1] if column < len(self.targets) else \
            f"Other issues ({self.hidden_targets})"

    def header_text(self, row: int) -> str:
        """The row header: an arrow on a country that has officials to unfold, indentation
        under an unfolded one."""
        if row >= len(self.rows):
            return self.row_label(row)
        r = self.rows[row]
        if r.depth:
            return f"     {r.label}"
        if r.members:
            arrow = "▾" if r.actor_id in self.unfolded else "▸"
            return f"{arrow} {r.label} +{r.members}"
        return f"   {r.label}"

    def row_tooltip(self, row: int) -> str:
        if row >= len(self.rows):
            return f"{self.hidden_holders} less active holders, counted together"
        r = self.rows[row]
        ix = self._index
        if r.depth == 0 and r.members:
            names = [ix.holder_names[h] for h in r.codes.tolist()
                     if int(ix.holder_ids[h]) != r.actor_id]
            verb = "fold" if r.actor_id in self.unfolded else "show"
            return (f"{r.name}, with {', '.join(names)}\nClick to {verb} them one by one "
                    "(or + / − on a cell)")
        return r.label

    def column_tooltip(self, column: int) -> str:
        if column >= len(self.targets):
            return f"{self.hidden_targets} less discussed issues, counted together"
        key, label = self.targets[column]
        said = self._phrasings.get(key, Counter())
        others = [t for t, _n in said.most_common(6) if t != label]
        more = ("\nAlso worded: " + "; ".join(f"“{t}”" for t in others)) if others else ""
        return f"{label}{more}\nRight-click to group it with another issue"

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._h_rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._t_cols)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole:
            return _readable(self.column_label(section)) if horizontal \
                else self.header_text(section)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.column_tooltip(section) if horizontal else self.row_tooltip(section)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.column_label(section) if horizontal else self.row_label(section)
        if role == Qt.ItemDataRole.FontRole:
            others = section >= (len(self.targets) if horizontal else len(self.rows))
            top = not horizontal and not others and self.rows[section].depth == 0
            if others or top:
                font = QFont()
                font.setItalic(others)
                font.setBold(top and self.rows[section].members > 0)
                return font
        if role == Qt.ItemDataRole.ForegroundRole and not horizontal \
                and section < len(self.rows) and self.rows[section].depth:
            return QColor(colours.MUTED_TEXT)
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


def _root(actor_id: int, parents: dict[int, int | None]) -> int:
    """The country (or body) at the top of an actor's affiliations."""
    seen = {actor_id}
    while (up := parents.get(actor_id)) is not None and up not in seen:
        seen.add(up)
        actor_id = up
    return actor_id


def _readable(label: str) -> str:
    """An issue as a column label: a capital first letter (the words stay the writer's)."""
    return label[:1].upper() + label[1:] if label else label


class WrappingHeader(QHeaderView):
    """Column headers that wrap onto up to ``HEADER_LINES`` lines instead of being cut."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sectionResized.connect(lambda *_: self.updateGeometry())

    def _lines(self, section: int) -> int:
        text = str(self.model().headerData(section, self.orientation(),
                                           Qt.ItemDataRole.DisplayRole) or "")
        width = max(self.sectionSize(section) - 2 * HEADER_PAD, 10)
        rect = self.fontMetrics().boundingRect(QRect(0, 0, width, 10_000),
                                               int(Qt.TextFlag.TextWordWrap), text)
        return max(1, -(-rect.height() // self.fontMetrics().lineSpacing()))

    def sizeHint(self) -> QSize:
        base = super().sizeHint()
        model = self.model()
        n = model.columnCount() if model is not None else 0
        lines = min(HEADER_LINES, max((self._lines(c) for c in range(n)), default=1))
        return QSize(base.width(), lines * self.fontMetrics().lineSpacing() + 2 * HEADER_PAD)

    def paintSection(self, painter: QPainter, rect: QRect, section: int) -> None:
        if not rect.isValid():
            return
        opt = QStyleOptionHeader()
        self.initStyleOption(opt)
        opt.rect = rect
        opt.section = section
        opt.text = ""  # the style paints the frame; the wrapped text is drawn here
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, opt, painter, self)
        painter.restore()
        model = self.model()
        text = str(model.headerData(section, self.orientation(),
                                    Qt.ItemDataRole.DisplayRole) or "")
        font = model.headerData(section, self.orientation(), Qt.ItemDataRole.FontRole)
        painter.save()
        if isinstance(font, QFont):
            painter.setFont(font)
        fm = painter.fontMetrics()
        inner = rect.adjusted(HEADER_PAD, HEADER_PAD, -HEADER_PAD, -HEADER_PAD)
        painter.setPen(self.palette().color(QPalette.ColorRole.ButtonText))
        painter.drawText(inner, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                         _wrap_elided(text, fm, inner.width(), HEADER_LINES))
        painter.restore()


def _wrap_elided(text: str, fm: QFontMetrics, width: int, lines: int) -> str:
    """``text`` word-wrapped to ``width``; beyond ``lines`` lines the last one ends in "…"."""
    words, out, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if fm.horizontalAdvance(trial) <= width or not line:
            line = trial
        else:
            out.append(line)
            line = word
    if line:
        out.append(line)
    if len(out) > lines:
        out = [*out[: lines - 1], " ".join(out[lines - 1 :])]
    return "\n".join(fm.elidedText(x, Qt.TextElideMode.ElideRight, width) for x in out)


class StanceTable(QTableView):
    """The grid; tells the panel when its width changes (the columns share it)."""

    resized = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key_handler: Callable[[QKeyEvent], bool] | None = None  # True: key was used

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.key_handler is None or not self.key_handler(event):
            super().keyPressEvent(event)


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
        self.table = StanceTable()
        self.table.setHorizontalHeader(WrappingHeader(self.table))
        self.table.setModel(self.model)
        self.table.setItemDelegate(StanceCellDelegate(self.table))
        self.table.setAccessibleName("Stances: holders by issue")
        # A scroll bar that came and went with the row count would repaint the grid twice.
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        # Widths shared out from the panel's width (_fit_columns), not ResizeToContents: that
        # measures every cell on every filter change.
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.horizontalHeader().setMinimumSectionSize(24)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        rows.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # "Presidency of … Industries"
        rows.setHighlightSections(False)
        rows.sectionClicked.connect(self.toggle_row)
        self.table.resized.connect(self._fit_row_labels)
        self.table.resized.connect(self._fit_columns)
        self.table.key_handler = self._table_key
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
        self.evidence.setSpacing(2)  # one claim apart from the next
        # Re-wrap the claims when the panel's width changes (else their last line is cut).
        self.evidence.setResizeMode(QListWidget.ResizeMode.Adjust)
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
        state.linksChanged.connect(self._links_changed)
        state.filterChanged.connect(self._filter_changed)
        state.eventChanged.connect(self._event_changed)
        self.rebuild()

    def _links_changed(self, scope: LinkScope) -> None:
        if scope.stance_ids:  # an alias gave stances another holder: re-index them
            self.rebuild()

    def rebuild(self) -> None:
        """New data: index the stances once, then count them for the current filter."""
        self.model.set_stances(self._state.stances, self._state.actors)
        # Unfiltered counts are the largest: cells sized for them keep their width per filter.
        self._most = max(self.model.largest_count(), 99)
        self._fit_row_labels()
        self.refilter()

    def _fit_row_labels(self) -> None:
        """One holder-column width per data load, wide enough for every holder (capped).

        A width that followed the filter would move the grid at each filter change and
        paint the table twice; the header elides a name that is longer than the cap.
        """
        header = self.table.verticalHeader()
        bold = QFont(header.font())
        bold.setBold(True)
        fm = QFontMetrics(bold)
        names = [f"▸ {n} +99" for n in self.model.holder_names()] + ["Others (9999)"]
        widest = max(fm.horizontalAdvance(n) for n in names) + 16
        # Long names elide in the middle past the cap; the tooltip has them whole.
        cap = max(fm.averageCharWidth() * 16, int(self.width() * 0.38))
        if header.width() != min(widest, cap):
            header.setFixedWidth(min(widest, cap))

    def _filter_changed(self) -> None:
        # Most event filters, and an alias that moves events between actors, let the same
        # stances through: then the grid, and the cell the analyst chose, stay as they are.
        if not self.model.counts_mask(self._state.stance_mask()):
            self.refilter()

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
        self.caption.setText(
            "Click a cell to read who said what, where and when; ▸ unfolds a country's "
            "officials. “mixed 2·1”: 2 for, 1 against." if shown else "")
        self._fit_columns()

    def _event_changed(self, _event_id: int) -> None:
        # A star, review or tag can move an event in or out of the filter: recount then.
        if not self._state.event_filter.event_part().is_empty:
            self.refilter()

    def _show_all_toggled(self, on: bool) -> None:
        self.model.show_all = on
        self.refilter()

    def _fit_columns(self) -> None:
        """Share the grid's width among the issue columns: each at least as wide as its
        cells' words, at most ``COLUMN_MAX_CHARS``; labels wrap in the header to fit."""
        header = self.table.horizontalHeader()
        fm = header.fontMetrics()
        n = self.model.columnCount()
        if not n:
            return
        most = max(self.model.largest_count(), 9)
        # Wide enough for a cell's words and for most single words of the labels.
        words = [w for c in range(n) for w in str(self.model.headerData(
            c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)).split()]
        longest = max((fm.horizontalAdvance(w) for w in words), default=0)
        least = max(fm.horizontalAdvance(f"against {most}") + 8,
                    min(longest, fm.averageCharWidth() * 9) + 2 * HEADER_PAD + 2)
        room = self.table.viewport().width()
        widest = fm.averageCharWidth() * COLUMN_MAX_CHARS
        # As many whole columns as the width holds (never a half one at the edge); the rest
        # scroll.  Columns all fit: they share the width, up to ``widest`` each.
        fits = max(1, min(n, room // least))
        width = max(least, min(room // fits, widest))
        sizes = [self._label_width(c, width, widest, fm) for c in range(n)]
        # The columns the grid shows at first fill it exactly: no sliver of the next one.
        shown, used = 0, 0
        while shown < n and used + sizes[shown] <= room:
            used += sizes[shown]
            shown += 1
        if 0 < shown < n:
            for i in range(room - used):
                sizes[i % shown] += 1
        for col, size in enumerate(sizes):
            # Resizing schedules a second layout and paint: only when the width really changes.
            if header.sectionSize(col) != size:
                header.resizeSection(col, size)
        header.updateGeometry()

    def _label_width(self, col: int, width: int, widest: int, fm: QFontMetrics) -> int:
        """``width``, or more (up to ``widest``) if the label needs it to wrap uncut."""
        label = str(self.model.headerData(col, Qt.Orientation.Horizontal,
                                          Qt.ItemDataRole.DisplayRole))
        while width < widest and "…" in _wrap_elided(label, fm, width - 2 * HEADER_PAD,
                                                     HEADER_LINES):
            width += 6
        return min(width, widest)

    def toggle_row(self, row: int) -> None:
        """Unfold (or fold) the officials of the country on ``row``."""
        if not self.model.can_unfold(row):
            return
        actor = self.model.rows[row].actor_id
        if actor in self.model.unfolded:
            self.model.unfolded.discard(actor)
        else:
            self.model.unfolded.add(actor)
        self.refilter()

    def _table_key(self, event: QKeyEvent) -> bool:
        """+ / − on a cell unfolds / folds its row's country."""
        row = self.table.currentIndex().row()
        if event.text() in ("+", "-", "−") and 0 <= row < len(self.model.rows):
            top = row
            while top > 0 and self.model.rows[top].depth:
                top -= 1
            unfolded = self.model.rows[top].actor_id in self.model.unfolded
            if (event.text() == "+") != unfolded:
                self.toggle_row(top)
            return True
        return False

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
            item = QListWidgetItem(self.attribution(s))
            item.setData(Qt.ItemDataRole.UserRole, s.event_id)
            item.setData(STANCE_ID_ROLE, s.id)
            item.setForeground(QColor("#000000"))
            item.setToolTip("Select to show its event and source" if s.event_id is not None
                            else "This statement is not linked to an event")
            self.evidence.addItem(item)
        self.evidence.blockSignals(False)

    def attribution(self, s: StanceRow) -> str:
        """One claim as the evidence list shows it: the holder (and whom they speak for), the
        speaker when somebody else said it, the position and issue, their words, and the
        source: the medium it cites, then outlet, title, date."""
        speaker = self._state.actor(s.holder_id)
        body = self._state.actor(speaker.affiliation_id) \
            if speaker is not None and speaker.affiliation_id is not None else None
        who = f"{s.holder} ({body.name})" if body is not None else s.holder
        if s.speaker and s.speaker.casefold() != s.holder.casefold():
            who += f", said by {s.speaker}"
        src = self._state.source(s.source_id)
        title, outlet, published = (src[1], src[2], src[3]) if src else ("", "", None)
        where = ", ".join(p for p in (
            outlet, f"“{title}”" if title else "",
            published.strftime("%-d %b %Y") if published else "date unknown") if p)
        # The medium the claim was made in ("Russia's Izvestia") is not the outlet that
        # reports it: both are shown, the cited one first.
        cited = f"in {s.medium}; reported by " if s.medium else ""
        text = " ".join(s.evidence_text.split())
        return (f"{who} · {s.polarity} · {_readable(s.issue or s.target or s.target_key)}\n"
                f"“{text}”\n— {cited}{where or 'unknown source'}")

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
        holder, key = self.model.rows[index.row()].actor_id, self.model.targets[index.column()][0]
        menu = QMenu(self)
        if self.model.can_unfold(index.row()):
            unfolded = holder in self.model.unfolded
            menu.addAction("Fold officials" if unfolded else "Show officials one by one") \
                .triggered.connect(lambda: self.toggle_row(index.row()))
        menu.addAction("Stance history…").triggered.connect(
            lambda: self.historyRequested.emit(holder, key))
        return menu

    def _evidence_chosen(self, item: QListWidgetItem | None, *_: Any) -> None:
        if item is None:
            return
        event_id = item.data(Qt.ItemDataRole.UserRole)
        if event_id is not None:
            self._state.select(event_id)
