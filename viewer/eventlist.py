"""The event table: one row per visible event, sortable, the selection kept in ProjectState."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from db.queries import EventRow
from viewer import colours
from viewer.selection import MultiSelection
from viewer.state import ProjectState

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
EVENT_ID_ROLE = Qt.ItemDataRole.UserRole + 2

# Short marks keep the column narrow; the colour repeats them and the tooltip spells them out.
REVIEW_MARK = {"confirmed": "✓", "rejected": "✗", "unreviewed": ""}
SEASONS = {"SP": "Spring", "SU": "Summer", "FA": "Autumn", "AU": "Autumn", "WI": "Winter"}


def format_date(value: str | None, earliest: date | None, precision: str | None) -> str:
    """A date as an analyst would write it, no finer than it is known: "2017", "Dec 2020"."""
    if earliest is None:
        return "undated"
    match precision:
        case "year":
            return str(earliest.year)
        case "month":
            return earliest.strftime("%b %Y")
        case "decade":
            return f"{earliest.year // 10 * 10}s"
        case "century":
            return f"{earliest.year // 100 + 1}th century"
        case "quarter" | "half" | "season" if value and "-" in value:
            suffix = value.split("-", 1)[1]
            if precision == "season":
                return f"{SEASONS.get(suffix, suffix)} {earliest.year}"
            return f"{suffix} {earliest.year}"  # "Q3 2021", "H1 2021"
        case "week":
            iso = earliest.isocalendar()
            return f"W{iso.week} {iso.year}"  # short: the column is narrow
        case _:
            return f"{earliest.day} {earliest.strftime('%b %Y')}"


def event_date_text(row: EventRow) -> str:
    return format_date(row.date_value, row.earliest, row.precision)


class EventTableModel(QAbstractTableModel):
    COLUMNS = ("★", "Date", "Summary", "Actors", "Type", "Review", "Tags", "Notes")
    STAR, DATE, SUMMARY, ACTORS, TYPE, REVIEW, TAGS, NOTES = range(8)

    def __init__(self, state: ProjectState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._rows: list[EventRow] = state.visible_events()
        self._row_of: dict[int, int] = {}
        self._index_rows()
        state.dataChanged.connect(self.reset)
        state.filterChanged.connect(self.reset)
        state.eventChanged.connect(self._event_changed)

    def _index_rows(self) -> None:
        self._row_of = {e.id: i for i, e in enumerate(self._rows)}

    def reset(self) -> None:
        self.beginResetModel()
        self._rows = self._state.visible_events()
        self._index_rows()
        self.endResetModel()

    def _event_changed(self, event_id: int) -> None:
        row = self._row_of.get(event_id)
        new = self._state.event(event_id)
        if row is None or new is None:
            return
        self._rows[row] = new
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def event_at(self, row: int) -> EventRow:
        return self._rows[row]

    def row_of(self, event_id: int) -> int | None:
        return self._row_of.get(event_id)

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return ("Starred", "Date (as precise as the article says)", "What happened",
                    "Who took part", "Kind of event", "Your review", "Your tags",
                    "Number of notes")[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        e = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(e, col)
        if role == SORT_ROLE:
            return self._sort_key(e, col)
        if role == EVENT_ID_ROLE:
            return e.id
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.SUMMARY:
                return e.summary
            if col == self.DATE:
                return f"{e.date_value or 'no date in the text'} ({e.precision or 'undated'})"
            if col == self.ACTORS:
                return "\n".join(self._state.actor_names(e.actor_ids))
            if col == self.REVIEW:
                return e.review
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.STAR and e.starred:
                return QColor(colours.STAR)
            if col == self.REVIEW:
                return QColor(colours.REVIEW.get(e.review, colours.MUTED_TEXT))
            if col == self.DATE and e.earliest is None:
                return QColor(colours.MUTED_TEXT)
            if e.review == "rejected":
                return QColor(colours.MUTED_TEXT)
        if role == Qt.ItemDataRole.FontRole and e.review == "rejected" and col == self.SUMMARY:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.STAR, self.REVIEW,
                                                                   self.NOTES):
            return Qt.AlignmentFlag.AlignCenter
        return None

    def _display(self, e: EventRow, col: int) -> str:
        match col:
            case self.STAR:
                return "★" if e.starred else ""
            case self.DATE:
                return event_date_text(e)
            case self.SUMMARY:
                return e.summary
            case self.ACTORS:
                return ", ".join(self._state.actor_names(e.actor_ids))
            case self.TYPE:
                return e.event_type
            case self.REVIEW:
                return REVIEW_MARK.get(e.review, "")
            case self.TAGS:
                return ", ".join(e.tags)
            case self.NOTES:
                return str(e.note_count) if e.note_count else ""
        return ""

    def _sort_key(self, e: EventRow, col: int) -> Any:
        if col == self.DATE:
            # Undated last, then earliest, then the coarser date first ("2017" before "Mar 2017").
            return (
                (0, e.earliest.toordinal(), -(e.latest or e.earliest).toordinal())
                if e.earliest
                else (1, 0, 0)
            )
        if col == self.STAR:
            return int(not e.starred)
        if col == self.NOTES:
            return e.note_count
        return self._display(e, col).casefold()


class _SortProxy(QSortFilterProxyModel):
    def lessThan(self, left: QModelIndex | QPersistentModelIndex,
                 right: QModelIndex | QPersistentModelIndex) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        try:
            return a < b
        except TypeError:
            return str(a) < str(b)


class EventListView(QTableView):
    """The table; the current row is ProjectState's selected event, and the selected rows
    (shift/ctrl-click, Ctrl+A) are the MultiSelection that bulk actions apply to."""

    def __init__(self, state: ProjectState, actions: Any = None, parent: QWidget | None = None,
                 selection: MultiSelection | None = None):
        super().__init__(parent)
        self._state = state
        self._actions = actions  # annotationpanel.AnnotationActions, for the context menu
        if selection is None:
            selection = actions.selection if actions is not None else MultiSelection(self)
        self.selection = selection
        self._syncing = False
        self.source_model = EventTableModel(state, self)
        self.proxy = _SortProxy(self)
        self.proxy.setSourceModel(self.source_model)
        self.setModel(self.proxy)

        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSortingEnabled(True)
        self.sortByColumn(EventTableModel.DATE, Qt.SortOrder.AscendingOrder)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(EventTableModel.SUMMARY, QHeaderView.ResizeMode.Stretch)
        fm = self.fontMetrics()
        widths = {
            EventTableModel.STAR: fm.horizontalAdvance("★") + 18,
            EventTableModel.DATE: fm.horizontalAdvance("23 Sep 2022") + 16,
            EventTableModel.ACTORS: fm.horizontalAdvance("Turkey, Russia") + 12,
            EventTableModel.TYPE: fm.horizontalAdvance("agreement") + 16,
            EventTableModel.REVIEW: fm.horizontalAdvance("Review") + 16,
            EventTableModel.TAGS: fm.horizontalAdvance("tag, tag") + 16,
            EventTableModel.NOTES: fm.horizontalAdvance("Notes") + 16,
        }
        for col, w in widths.items():
            header.resizeSection(col, w)
        header.setMinimumSectionSize(fm.horizontalAdvance("★") + 14)
        # The type is in the annotation panel and the timeline tooltip; the summary needs room.
        header.setSectionHidden(EventTableModel.TYPE, True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)

        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.selectionModel().currentRowChanged.connect(self._row_changed)
        self.selectionModel().selectionChanged.connect(self._rows_selected)
        state.selectionChanged.connect(self._show_selection)
        state.dataChanged.connect(self._restore_selection)
        state.filterChanged.connect(self._restore_selection)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        # The click also updates the Qt selection (shift/ctrl): the echo must not reset it.
        self._syncing = True
        try:
            self._state.select(current.data(EVENT_ID_ROLE))
        finally:
            self._syncing = False

    def _rows_selected(self, *_: Any) -> None:
        if self._syncing:
            return
        rows = self.selectionModel().selectedRows()
        self.selection.set_ids(index.data(EVENT_ID_ROLE) for index in rows)

    def select_all_visible(self) -> None:
        """"Select all in current filter": every row the list shows."""
        self.selectAll()
        self._rows_selected()

    def _show_selection(self, event_id: int | None) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            row = self.source_model.row_of(event_id) if event_id is not None else None
            if row is None:
                self.clearSelection()
                self.selection.clear()
                return
            index = self.proxy.mapFromSource(self.source_model.index(row, 0))
            sm = self.selectionModel()
            if event_id in self.selection and len(self.selection) > 1:
                # Part of a multi-selection: move the current row, keep the selection.
                sm.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
                return
            sm.setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.selection.set_ids([event_id])
            self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        finally:
            self._syncing = False

    def _restore_selection(self) -> None:
        # A model reset drops the Qt selection; put the state's (and the multi-) selection back.
        keep = [i for i in self.selection.ids if self.source_model.row_of(i) is not None]
        self._show_selection(self._state.selected_id)
        if len(keep) > 1:
            self._select_ids(keep)

    def _select_ids(self, ids: list[int]) -> None:
        selection = QItemSelection()
        last = self.proxy.columnCount() - 1
        for event_id in ids:
            row = self.source_model.row_of(event_id)
            if row is None:
                continue
            index = self.proxy.mapFromSource(self.source_model.index(row, 0))
            selection.select(index, index.siblingAtColumn(last))
        self._syncing = True
        try:
            self.selectionModel().select(selection,
                                         QItemSelectionModel.SelectionFlag.ClearAndSelect)
        finally:
            self._syncing = False
        self.selection.set_ids(ids)

    def _header_menu(self, pos: QPoint) -> None:
        """Right-click on the header: show or hide columns (the summary always stays)."""
        header = self.horizontalHeader()
        menu = QMenu(self)
        for col, name in enumerate(EventTableModel.COLUMNS):
            if col == EventTableModel.SUMMARY:
                continue
            act = menu.addAction(name if name != "★" else "★ Starred")
            act.setCheckable(True)
            act.setChecked(not header.isSectionHidden(col))
            act.toggled.connect(lambda on, c=col: header.setSectionHidden(c, not on))
        menu.exec(header.mapToGlobal(pos))

    def _context_menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if not index.isValid() or self._actions is None:
            return
        event_id = index.data(EVENT_ID_ROLE)
        self._state.select(event_id)  # keeps a multi-selection the row belongs to
        self._actions.exec_menu(event_id, self.viewport().mapToGlobal(pos))
