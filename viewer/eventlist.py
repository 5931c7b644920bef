"""The event table: one row per visible event, sortable, the selection kept in ProjectState."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QWidget,
)

from db.queries import PRECISION_CODES, REVIEW_CODES, EventRow
from viewer import colours
from viewer.eventcells import EventCellDelegate
from viewer.eventsort import SortKeys
from viewer.preferences import date_format, format_day
from viewer.selection import MultiSelection
from viewer.state import PAGE, ProjectState
from viewer.theme import use_plain_fusion

EVENT_ID_ROLE = Qt.ItemDataRole.UserRole + 2
Cell = tuple[str, str | None, bool, bool]  # text, colour name or None, struck out, centred

# Short marks keep the column narrow; the colour repeats them and the tooltip spells them out.
REVIEW_MARK = {"confirmed": "✓", "rejected": "✗", "unreviewed": ""}
COLUMN_KEYS = ("star", "date", "summary", "actors", "type", "review", "tags", "notes")  # eventsort
NO_EVENTS_TEXT = (
    "No events yet.\n\nImport articles with File ▸ Import files… (Ctrl+I), "
    "or drop files on the window."
)
NO_MATCH_TEXT = "No event passes the current filters."
LOADING_TEXT = "Loading events…"
TAGS_MAX_CHARS = 18  # the tags column grows to fit a chip up to this many characters
SEASONS = {"SP": "Spring", "SU": "Summer", "FA": "Autumn", "AU": "Autumn", "WI": "Winter"}


def format_date(
    value: str | None, earliest: date | None, precision: str | None, day_format: str | None = None
) -> str:
    """A date as an analyst would write it, no finer than it is known: "2017", "Dec 2020".

    ``day_format`` is the Preferences choice for whole days (read from the settings if None).
    """
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
            return format_day(earliest, day_format)  # the user's chosen format (Preferences)


def event_date_text(row: EventRow) -> str:
    return format_date(row.date_value, row.earliest, row.precision)


class EventTableModel(QAbstractTableModel):
    """The visible events as table rows, over the state's arrays.

    A row is a position in ``state.arrays``; ``_order`` holds them in display order.  Sorting
    is a permutation of all events per (column, direction), computed with numpy once per data
    load with each position's rank in it; a filter change sorts the visible positions by rank
    (eventsort.SortKeys), so it costs O(visible) in C and nothing per row in Python.
    ``EventRow``s are built a page at a time, only for the rows a view asks for.
    """

    COLUMNS = ("★", "Date", "Summary", "Actors", "Type", "Review", "Tags", "Notes")
    STAR, DATE, SUMMARY, ACTORS, TYPE, REVIEW, TAGS, NOTES = range(8)
    # Marks in narrow columns get a mark as their header (the tooltip and the header's menu
    # spell them out): the room goes to the summary.
    HEADERS = ("★", "Date", "Summary", "Actors", "Type", "✓", "Tags", "✎")

    def __init__(self, state: ProjectState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._column = self.DATE
        self._descending = False
        self._keys = SortKeys(state)
        self._day_format = date_format()  # read once: QSettings costs ~50 µs a call
        self._cells: dict[int, tuple[Cell, ...]] = {}  # row → its cells, for one paint
        self._rank = np.zeros(0, dtype=np.int64)  # per position: its place in the sort
        self._order_rank: np.ndarray | None = None  # per row: its rank (None: row == rank)
        self._order = self._compute_order()
        state.dataChanged.connect(self.reset)
        state.filterChanged.connect(self.reset)
        state.eventChanged.connect(self._event_changed)

    def _compute_order(self) -> np.ndarray:
        key, descending = COLUMN_KEYS[self._column], self._descending
        perm = self._keys.permutation(key, descending)
        rank = self._keys.rank(key, descending)
        visible = self._state.visible_positions()
        self._rank = rank
        if len(visible) == len(perm):  # no filter: the permutation is the order
            self._order_rank = None  # and a row is the event's rank
            return perm
        if self._keys.in_order(key, descending):  # the default: a row's rank is its position
            self._order_rank = visible
            return visible
        # Visible positions are ascending (date order): for the default date column their ranks
        # are sorted already (checked in one pass); otherwise a stable sort of them costs
        # O(visible log visible), never O(all).
        ranks = rank[visible]
        if len(ranks) < 2 or bool((ranks[1:] >= ranks[:-1]).all()):
            self._order_rank = ranks  # ascending: row_of is a binary search
            return visible
        by_rank = np.argsort(ranks, kind="stable")
        self._order_rank = ranks[by_rank]
        return visible[by_rank]

    def refresh_day_format(self) -> None:
        """The user chose another date format (Preferences): repaint the dates with it."""
        self._day_format = date_format()
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, self.DATE), self.index(self.rowCount() - 1, self.DATE)
            )

    def reset(self) -> None:
        self.beginResetModel()
        self._order = self._compute_order()
        self.endResetModel()

    def _event_changed(self, event_id: int) -> None:
        # Star, review, tags or notes changed: their sort keys are stale (the row is re-read
        # from the state's cache by data()).
        self._keys.forget("star", "review", "tags", "notes")
        row = self.row_of(event_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    # ------------------------------------------------------------------ rows ↔ events
    def event_at(self, row: int) -> EventRow:
        arrays = self._state.arrays
        event_id = int(arrays.ids[self._order[row]])
        found = self._state.cached_row(event_id)
        if found is None:  # build the page around it: the view asks for its neighbours next
            lo = max(0, row - PAGE // 4)
            self._state.prefetch(arrays.ids[self._order[lo : lo + PAGE]])
            found = self._state.event(event_id)
        assert found is not None
        return found

    def event_id_at(self, row: int) -> int:
        return int(self._state.arrays.ids[self._order[row]])

    def ids_in_rows(self, first: int, last: int) -> np.ndarray:
        return self._state.arrays.ids[self._order[first : last + 1]]

    def ids_of_rows(self, rows: np.ndarray) -> list[int]:
        return self._state.arrays.ids[self._order[rows]].tolist()

    def row_of(self, event_id: int | None) -> int | None:
        pos = self._state.arrays.position_of(event_id) if event_id is not None else None
        if pos is None:
            return None
        if self._order_rank is None:
            return int(self._rank[pos])
        row = int(np.searchsorted(self._order_rank, self._rank[pos]))
        return row if row < len(self._order) and self._order[row] == pos else None

    def rows_of(self, event_ids: Iterable[int]) -> np.ndarray:
        """Display rows of these events (those shown), ascending."""
        ids = np.fromiter(event_ids, dtype=np.int64)
        pos = self._state.arrays.positions_of(ids)
        return np.flatnonzero(np.isin(self._order, pos[pos >= 0]))

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) == (self._column, self._descending):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()  # the current and selected rows (a few)
        ids = [
            self.event_id_at(i.row()) if 0 <= i.row() < len(self._order) else None
            for i in persistent
        ]
        self._column, self._descending = column, descending
        self._order = self._compute_order()
        moved = []
        for index, event_id in zip(persistent, ids, strict=True):
            row = self.row_of(event_id)
            moved.append(QModelIndex() if row is None else self.index(row, index.column()))
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def sort_column(self) -> tuple[int, bool]:
        return self._column, self._descending

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return (
                "Starred",
                "Date (as precise as the article says)",
                "What happened",
                "Who took part",
                "Kind of event",
                "Your review (✓ confirmed, ✗ rejected)",
                "Your tags",
                "Number of notes",
            )[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        # A painted cell asks for ~7 roles; answer the unused ones first (one set lookup).
        if role not in _ANSWERED_ROLES or not index.isValid():
            return None
        if not 0 <= index.row() < len(self._order):
            return None
        if role == EVENT_ID_ROLE:
            return self.event_id_at(index.row())
        row, col = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:  # one row under the mouse: the full EventRow
            e = self.event_at(row)
            if col == self.SUMMARY:
                return e.summary
            if col == self.DATE:
                return f"{e.date_value or 'no date in the text'} ({e.precision or 'undated'})"
            if col == self.ACTORS:
                return "\n".join(self._state.actor_names(e.actor_ids))
            if col == self.REVIEW:
                return e.review
            if col == self.TAGS:
                return "\n".join(e.tags) or None
            if col == self.NOTES:
                return f"{e.note_count} note(s)" if e.note_count else None
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = self._foreground(row, col, self._review(row))
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.FontRole:
            if self._struck(col, self._review(row)):
                font = QFont()
                font.setStrikeOut(True)
                return font
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in CENTRED_COLUMNS:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def cell(self, row: int, col: int) -> Cell:
        """(text, colour or None, struck out, centred): all a painted cell needs, in one call.

        The list's delegate paints from this instead of asking data() for seven roles a cell
        (a page of rows repaints at every filter change and selection).  A row's cells are
        built together and kept until the view's next paint (``forget_cells``).
        """
        cells = self._cells.get(row)
        if cells is None:
            review = self._review(row)
            cells = self._cells[row] = tuple(
                (
                    self._display(row, c),
                    self._foreground(row, c, review),
                    self._struck(c, review),
                    c in CENTRED_COLUMNS,
                )
                for c in range(len(self.COLUMNS))
            )
        return cells[col]

    def forget_cells(self) -> None:
        """Called as a paint begins: cells are read once a paint, never stale across edits."""
        self._cells.clear()

    def _struck(self, col: int, review: str) -> bool:
        # A rejected event stays listed (the analyst may change their mind), struck through.
        return col == self.SUMMARY and review == "rejected"

    def _review(self, row: int) -> str:
        return REVIEW_NAMES[int(self._state.arrays.review[self._order[row]])]

    def _foreground(self, row: int, col: int, review: str) -> str | None:
        """The text colour of a cell (None: the palette's), from the arrays."""
        a = self._state.arrays
        pos = self._order[row]
        if col == self.STAR and a.starred[pos]:
            return colours.STAR
        if col == self.REVIEW:
            return colours.REVIEW.get(review, colours.MUTED_TEXT)
        if col == self.DATE and np.isnan(a.start[pos]):
            return colours.MUTED_TEXT
        if review == "rejected":
            return colours.MUTED_TEXT
        return None

    def _display(self, row: int, col: int) -> str:
        """What a cell shows, from the arrays: painting a page of rows runs no query."""
        a = self._state.arrays
        pos = int(self._order[row])
        match col:
            case self.STAR:
                return "★" if a.starred[pos] else ""
            case self.DATE:
                code = int(a.precision[pos])
                if np.isnan(a.start[pos]):
                    return "undated"
                if code in _PRECISION_NAMES:  # day/month/year/unknown: the day is enough
                    day = date.fromordinal(int(a.start[pos]) + _EPOCH_ORD)
                    return format_date(None, day, _PRECISION_NAMES[code], self._day_format)
                return event_date_text(self.event_at(row))  # quarter, season…: needs the value
            case self.SUMMARY:
                return a.summary(pos) if a.summaries else self.event_at(row).summary
            case self.ACTORS:
                return ", ".join(self._state.actor_names(a.actors.of(pos).tolist()))
            case self.TYPE:
                return a.types[int(a.event_type[pos])] if a.types else ""
            case self.REVIEW:
                return REVIEW_MARK.get(REVIEW_NAMES[int(a.review[pos])], "")
            case self.TAGS:
                names = a.tag_names
                return ", ".join(sorted(names.get(t, "") for t in a.tags.of(pos).tolist()))
            case self.NOTES:
                n = int(a.note_count[pos])
                return str(n) if n else ""
        return ""


REVIEW_NAMES = {code: name for name, code in REVIEW_CODES.items()}
_ANSWERED_ROLES = frozenset(
    int(r)
    for r in (
        EVENT_ID_ROLE,
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.TextAlignmentRole,
    )
)
CENTRED_COLUMNS = frozenset(
    (EventTableModel.STAR, EventTableModel.REVIEW, EventTableModel.NOTES)
)
_PRECISION_NAMES = {code: name for name, code in PRECISION_CODES.items() if name} | {-1: None}
_EPOCH_ORD = date(1970, 1, 1).toordinal()


class EventListView(QTableView):
    """The table; the current row is ProjectState's selected event, and the selected rows
    (shift/ctrl-click, Ctrl+A) are the MultiSelection that bulk actions apply to."""

    def __init__(
        self,
        state: ProjectState,
        actions: Any = None,
        parent: QWidget | None = None,
        selection: MultiSelection | None = None,
    ):
        super().__init__(parent)
        self._state = state
        self._actions = actions  # annotationpanel.AnnotationActions, for the context menu
        if selection is None:
            selection = actions.selection if actions is not None else MultiSelection(self)
        self.selection = selection
        self._syncing = False
        self.source_model = EventTableModel(state, self)  # sorts itself (no proxy)
        self.setAccessibleName("Event list")
        self.setModel(self.source_model)
        self.setItemDelegate(EventCellDelegate(self))  # paints from the arrays, one call a cell
        use_plain_fusion(self)  # no check boxes here: rows painted without Python in between

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
        # Narrow marks and names; the summary (Stretch) takes the rest.
        widths = {
            EventTableModel.STAR: fm.horizontalAdvance("★") + 18,
            EventTableModel.DATE: fm.horizontalAdvance("23 Sep 2022") + 16,
            EventTableModel.ACTORS: fm.horizontalAdvance("Turkey, Russia") + 12,
            EventTableModel.TYPE: fm.horizontalAdvance("agreement") + 16,
            EventTableModel.REVIEW: fm.horizontalAdvance("✓") + 18,
            EventTableModel.TAGS: fm.horizontalAdvance("Tags") + 16,
            EventTableModel.NOTES: fm.horizontalAdvance("99") + 18,
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
        self._tags_column_auto = True  # until the user shows or hides it themselves
        state.dataChanged.connect(self.fit_tags_column)
        state.eventChanged.connect(lambda _id: self.fit_tags_column())
        self.fit_tags_column()

        # The hint over an empty list: what to do (import) or why (filters, loading).
        self.empty_hint = QLabel(self.viewport())
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet(f"color: {colours.MUTED_TEXT}; padding: 16px;")
        self.empty_hint.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        for signal in (
            self.source_model.modelReset,
            self.source_model.rowsInserted,
            self.source_model.rowsRemoved,
            state.loadingChanged,
        ):
            signal.connect(self._update_empty_hint)
        self._update_empty_hint()

    def fit_tags_column(self) -> None:
        """Room for the longest tag's chip (and a "+N"), so a chip is not cut to "F…", up to
        ``TAGS_MAX_CHARS`` characters.  While no event has a tag the column gives its room to
        the summary (unless the user chose to show or hide it from the header's menu)."""
        header = self.horizontalHeader()
        fm = self.fontMetrics()
        tags = self._state.all_tags()
        if self._tags_column_auto:
            header.setSectionHidden(EventTableModel.TAGS, not tags)
        if not tags:
            return
        from viewer.tagchips import chips_width

        longest = max(chips_width(fm, [t]) for t in tags)
        extra = fm.horizontalAdvance("+9") + 12
        # the cap counts characters of text, plus the chip's own padding (a narrow font's
        # average width must not cut a 14-character tag)
        cap = fm.averageCharWidth() * TAGS_MAX_CHARS + chips_width(fm, [""]) + extra
        want = min(longest + extra, cap)
        if header.sectionSize(EventTableModel.TAGS) < want:
            header.resizeSection(EventTableModel.TAGS, want)

    def _update_empty_hint(self, *_: Any) -> None:
        if self.source_model.rowCount() > 0:
            self.empty_hint.hide()
            return
        if self._state.loading:
            text = LOADING_TEXT
        elif len(self._state.arrays):
            text = NO_MATCH_TEXT
        else:
            text = NO_EVENTS_TEXT
        self.empty_hint.setText(text)
        self.empty_hint.setGeometry(self.viewport().rect())
        self.empty_hint.show()

    def paintEvent(self, event: Any) -> None:
        self.source_model.forget_cells()
        super().paintEvent(event)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.empty_hint.setGeometry(self.viewport().rect())

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
        # From the selection ranges, not selectedRows(): Ctrl+A at 1M rows is one range.
        model = self.source_model
        ids: list[int] = []
        for rng in self.selectionModel().selection():
            ids.extend(model.ids_in_rows(rng.top(), rng.bottom()).tolist())
        self.selection.set_ids(ids)

    def select_all_visible(self) -> None:
        """ "Select all in current filter": every row the list shows."""
        self.selectAll()
        self._rows_selected()

    def _show_selection(self, event_id: int | None) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            row = self.source_model.row_of(event_id)
            if row is None:
                self.clearSelection()
                self.selection.clear()
                return
            index = self.source_model.index(row, 0)
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
            # A row already on screen stays put: no scroll, no repaint of the whole list.
            if not self.viewport().rect().contains(self.visualRect(index)):
                self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        finally:
            self._syncing = False

    def _restore_selection(self) -> None:
        # A model reset drops the Qt selection; put the state's (and the multi-) selection back.
        ids = self.selection.ids
        self._show_selection(self._state.selected_id)
        if len(ids) > 1:
            self._select_ids(ids)

    def _select_ids(self, ids: Iterable[int]) -> None:
        ids = list(ids)
        rows = self.source_model.rows_of(ids)
        selection = QItemSelection()
        last = self.source_model.columnCount() - 1
        if len(rows):  # one range per run of consecutive rows
            breaks = np.flatnonzero(np.diff(rows) != 1) + 1
            for run in np.split(rows, breaks):
                top, bottom = int(run[0]), int(run[-1])
                selection.select(
                    self.source_model.index(top, 0), self.source_model.index(bottom, last)
                )
        self._syncing = True
        try:
            self.selectionModel().select(
                selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        finally:
            self._syncing = False
        shown = self.source_model.ids_of_rows(rows)
        self.selection.set_ids(shown)

    def _header_menu(self, pos: QPoint) -> None:
        """Right-click on the header: show or hide columns (the summary always stays)."""
        header = self.horizontalHeader()
        menu = QMenu(self)
        names = {"★": "★ Starred", "Review": "✓ Review", "Notes": "✎ Notes"}
        for col, name in enumerate(EventTableModel.COLUMNS):
            if col == EventTableModel.SUMMARY:
                continue
            act = menu.addAction(names.get(name, name))
            act.setCheckable(True)
            act.setChecked(not header.isSectionHidden(col))
            act.toggled.connect(lambda on, c=col: self._show_column(c, on))
        menu.exec(header.mapToGlobal(pos))

    def _show_column(self, col: int, on: bool) -> None:
        if col == EventTableModel.TAGS:
            self._tags_column_auto = False
        self.horizontalHeader().setSectionHidden(col, not on)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if not index.isValid() or self._actions is None:
            return
        event_id = index.data(EVENT_ID_ROLE)
        self._state.select(event_id)  # keeps a multi-selection the row belongs to
        self._actions.exec_menu(event_id, self.viewport().mapToGlobal(pos))
