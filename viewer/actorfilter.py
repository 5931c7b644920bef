"""Tick lists that narrow the events: actors (with their officials) and things (S-400, F-35).

``CheckFilter`` is the widget (search box, Clear, a list of names with event counts, a hint);
``ActorFilter`` and ``ThingFilter`` say what it lists and which field of the state's
``EventFilter`` the ticks set.  Ticks are OR within a list; the two lists combine with AND.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSortFilterProxyModel, Qt
from PySide6.QtGui import (
    QColor,
    QIcon,
    QPainter,
    QPixmap,
    QResizeEvent,
    QStandardItem,
    QStandardItemModel,
)
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

from db import queries
from db.queries import ActorRow
from viewer import colours
from viewer.relinked import LinkScope
from viewer.speakerfilter import SaidByFilter
from viewer.state import ProjectState

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ACTOR_ID_ROLE = ID_ROLE  # the name the actor list used first
COUNT_ROLE = Qt.ItemDataRole.UserRole + 2
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 3  # folded name and aliases, one per line

# Shape of the swatch by kind, so a person and a country in the same colour still differ.
_ROUND_KINDS = {"person"}


def swatch(actor: ActorRow, size: int = 12) -> QIcon:
    colour = colours.actor_colour(actor.id, actor.colour).name()
    return _swatch(colour, actor.kind in _ROUND_KINDS, size)


@lru_cache(maxsize=4096)  # the lists are rebuilt after every alias: paint each icon once
def _swatch(colour: str, round_: bool, size: int) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QColor(0, 0, 0, 90))
    p.setBrush(QColor(colour))
    if round_:
        p.drawEllipse(1, 1, size - 2, size - 2)
    else:
        p.drawRoundedRect(1, 1, size - 2, size - 2, 2, 2)
    p.end()
    return QIcon(pix)


def thing_swatch(size: int = 12) -> QIcon:
    """A diamond in the colour the source pane underlines things with."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QColor(0, 0, 0, 90))
    p.setBrush(QColor(colours.THING_LINE))
    p.translate(size / 2, size / 2)
    p.rotate(45)
    side = size * 0.62
    p.drawRect(int(-side / 2), int(-side / 2), int(side), int(side))
    p.end()
    return QIcon(pix)


def fold(text: str) -> str:
    """Case and diacritics away, so "turkiye" finds "Türkiye" and "cavusoglu" "Çavuşoğlu"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # Turkish dotless ı has no decomposition: it is an i without its dot for a search.
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ı", "i")


@dataclass(frozen=True)
class Entry:
    id: int
    name: str
    count: int
    icon: QIcon
    tip: str
    aliases: tuple[str, ...] = ()  # other names the search box finds the row by


def _show(item: QStandardItem, e: Entry) -> None:
    """What a row shows of its entry (its tick is the filter's, not the entry's)."""
    item.setIcon(e.icon)
    item.setText(f"{e.name} ({e.count})")
    item.setData(e.count, COUNT_ROLE)
    item.setData("\n".join(fold(n) for n in (e.name, *e.aliases)), SEARCH_ROLE)
    item.setToolTip(e.tip)


class FoldedSearch(QSortFilterProxyModel):
    """Keeps the rows whose name or an alias contains the typed text, ignoring case and
    diacritics (the plain fixed-string filter matched the display text exactly)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._needle = ""

    def set_text(self, text: str) -> None:
        needle = fold(text.strip())
        if needle == self._needle:
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.10: invalidate*Filter is deprecated
            self.beginFilterChange()
            self._needle = needle
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._needle = needle
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self._needle:
            return True
        key = self.sourceModel().index(row, 0, parent).data(SEARCH_ROLE) or ""
        return self._needle in key


_CHECK_ONLY = [Qt.ItemDataRole.CheckStateRole.value]


class TickList(QListView):
    """A list of tick boxes that repaints only the row whose tick changed.

    ``QListView`` repaints its whole viewport for any change of an item (its text might now
    need another size); a tick cannot change a row's size, and re-ticking the filter repainted
    the ~40 visible rows of the actor list at every filter change."""

    def dataChanged(
        self,
        top_left: QModelIndex | QPersistentModelIndex,
        bottom_right: QModelIndex | QPersistentModelIndex,
        roles: Sequence[int] = (),
    ) -> None:
        if top_left == bottom_right and [int(r) for r in roles] == _CHECK_ONLY:
            QAbstractItemView.dataChanged(self, top_left, bottom_right, roles)  # that row
        else:
            super().dataChanged(top_left, bottom_right, roles)


class CheckFilter(QWidget):
    """A searchable tick list with counts; subclasses say what it lists and filters."""

    noun = "items"  # plural, for the search box and the hint
    view_tip = "Tick items to filter the events\nSpace or Enter ticks the selected rows"

    def __init__(self, state: ProjectState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._syncing = False
        self._items: dict[int, QStandardItem] = {}  # by id, in the order shown
        self.search = QLineEdit()
        self.search.setToolTip(f"Type part of a name to narrow the list of {self.noun}")
        self.search.setPlaceholderText(f"Search {self.noun}…")
        self.search.setClearButtonEnabled(True)
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip(f"Show the events of all {self.noun}")
        self.clear_button.clicked.connect(lambda: self.choose(()))

        self.model = QStandardItemModel(self)
        self.proxy = FoldedSearch(self)
        self.proxy.setSourceModel(self.model)
        self.search.textChanged.connect(self.proxy.set_text)
        self.view = TickList()
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.view.setAccessibleName(self.noun.capitalize())
        self.view.setToolTip(self.view_tip)
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

    # ------------------------------------------------------------------ what a subclass says
    def entries(self) -> list[Entry]:
        raise NotImplementedError

    def chosen(self) -> frozenset[int]:
        raise NotImplementedError

    def choose(self, ids: Iterable[int]) -> None:
        raise NotImplementedError

    def has_rows(self) -> bool:
        return bool(self.model.rowCount())

    # What the hint under the list says: nothing listed yet / how to filter / filtering.
    empty_hint = "Nothing yet."
    tick_hint = "Tick items to filter the events."
    showing_hint = "Showing events of the ticked items."

    def hint_text(self) -> str:
        if not self.has_rows():
            return self.empty_hint
        return self.showing_hint if self.chosen() else self.tick_hint

    # ------------------------------------------------------------------ the list
    def rebuild(self) -> None:
        self._syncing = True
        try:
            self.model.clear()
            self._items = {}
            chosen = self.chosen()
            for e in self.entries():
                item = QStandardItem()
                item.setCheckable(True)
                item.setCheckState(
                    Qt.CheckState.Checked if e.id in chosen else Qt.CheckState.Unchecked
                )
                item.setData(e.id, ID_ROLE)
                _show(item, e)
                self._items[e.id] = item
                self.model.appendRow(item)
        finally:
            self._syncing = False
        self._update_hint()

    def update_rows(self, entries: Iterable[Entry]) -> None:
        """Put ``entries`` in their rows, in place (a relink changes a few counts: clearing
        and filling the whole list was ~15 ms of a frozen window at 400 actors)."""
        self._syncing = True
        try:
            for e in entries:
                item = self._items.get(e.id)
                if item is not None:
                    _show(item, e)
        finally:
            self._syncing = False
        self._update_hint()

    def listed_ids(self) -> list[int]:
        """The ids of the rows, in the order the list shows them."""
        return list(self._items)

    def _item_changed(self, _item: QStandardItem) -> None:
        if not self._syncing:
            self.choose(self.checked_ids())

    def checked_ids(self) -> list[int]:
        return [
            self.model.item(r).data(ID_ROLE)
            for r in range(self.model.rowCount())
            if self.model.item(r).checkState() == Qt.CheckState.Checked
        ]

    def item_for(self, name: str) -> QStandardItem | None:
        """The row of a name (tests and the screenshot tick through it)."""
        for r in range(self.model.rowCount()):
            item = self.model.item(r)
            if item.text().rsplit(" (", 1)[0] == name:
                return item
        return None

    def _toggle_selected(self) -> None:
        for index in self.view.selectionModel().selectedIndexes():
            item = self.model.itemFromIndex(self.proxy.mapToSource(index))
            item.setCheckState(
                Qt.CheckState.Unchecked
                if item.checkState() == Qt.CheckState.Checked
                else Qt.CheckState.Checked
            )

    def _sync_checks(self) -> None:
        chosen = self.chosen()
        self._syncing = True
        try:
            for r in range(self.model.rowCount()):
                item = self.model.item(r)
                want = (
                    Qt.CheckState.Checked
                    if item.data(ID_ROLE) in chosen
                    else Qt.CheckState.Unchecked
                )
                if item.checkState() != want:
                    item.setCheckState(want)
        finally:
            self._syncing = False
        self._update_hint()

    def _update_hint(self) -> None:
        self.hint.setText(self.hint_text())
        self.clear_button.setEnabled(bool(self.chosen()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._steady_hint()

    def _steady_hint(self) -> None:
        """Keep the hint as tall as the taller of its two filtering texts at this width: when a
        tick wrapped it onto another line, the list shrank, and the whole list was laid out
        and repainted at every tick (a fifth of a filter step at 1,000,000 events)."""
        width = self.hint.contentsRect().width()
        if width <= 0:
            return
        fm = self.hint.fontMetrics()
        box = QRect(0, 0, width, 10_000)
        flags = Qt.TextFlag.TextWordWrap.value
        tallest = max(fm.boundingRect(box, flags, t).height()
                      for t in (self.tick_hint, self.showing_hint))  # fmt: skip
        margins = self.hint.contentsMargins()
        self.hint.setMinimumHeight(tallest + margins.top() + margins.bottom())


class ActorFilter(CheckFilter):
    noun = "actors"
    view_tip = (
        "Show only events involving the ticked actors (a country includes its officials)\n"
        "Space or Enter ticks the selected rows"
    )

    def __init__(self, state: ProjectState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        state.linksChanged.connect(self._links_changed)
        self.said_by = SaidByFilter(state)  # beside the actors: "only what X said"
        self.layout().addWidget(self.said_by)

    def _links_changed(self, scope: LinkScope) -> None:
        if not (scope.actor_ids or scope.aliases):
            return
        # An alias: counts and searchable names.  The same actors in the same order (most
        # events first): only the rows that changed, in place.
        if [a.id for a in self._state.actors] != self.listed_ids():
            self.rebuild()
        else:
            self.update_rows(self.entries(scope.actor_ids))

    def entries(self, ids: Iterable[int] | None = None) -> list[Entry]:
        """Every actor's row, or only those of ``ids``."""
        out = []
        aliases = queries.actor_aliases(self._state.project) if self._state.actors else {}
        wanted = None if ids is None else set(ids)
        # state.actors is sorted by count already; keep that order (busiest first).
        for a in self._state.actors:
            if wanted is not None and a.id not in wanted:
                continue
            affiliation = self._state.actor(a.affiliation_id) if a.affiliation_id else None
            tip = f"{a.name} — {a.kind}, {a.event_count} event(s)"
            if affiliation:
                tip += f"\nAffiliated with {affiliation.name}"
            names = aliases.get(a.id, ())
            if names:
                shown = ", ".join(names[:8]) + (", …" if len(names) > 8 else "")
                tip += f"\nAlso found as: {shown}"
            out.append(Entry(a.id, a.name, a.event_count, swatch(a), tip, names))
        return out

    def chosen(self) -> frozenset[int]:
        return self._state.actor_filter

    def choose(self, ids: Iterable[int]) -> None:
        self._state.set_actor_filter(ids)

    empty_hint = (
        "No actors yet. Import articles (File ▸ Import files…, Ctrl+I) to list who they name."
    )
    tick_hint = "Tick actors to show only their events."
    showing_hint = "Showing events of the ticked actors and of people affiliated with them."

    def has_rows(self) -> bool:
        return bool(self._state.actors)


class ThingFilter(CheckFilter):
    """Weapon systems, aircraft, laws, programmes…: "everything about the S-400"."""

    noun = "things"
    view_tip = (
        "Show only events naming the ticked weapon systems, aircraft, laws or programmes\n"
        "Space or Enter ticks the selected rows"
    )

    def entries(self) -> list[Entry]:
        links = self._state.arrays.things.values
        counts = np.bincount(links) if len(links) else np.zeros(0, dtype=np.int64)
        icon = thing_swatch()
        rows = [
            (tid, name, int(counts[tid]) if tid < len(counts) else 0)
            for tid, name in queries.list_things(self._state.project)
        ]
        rows.sort(key=lambda r: (-r[2], r[1].casefold()))  # busiest first, like the actors
        return [
            Entry(tid, name, n, icon, f"{name} — named in {n} event(s)")
            for tid, name, n in rows
            if n
        ]

    def chosen(self) -> frozenset[int]:
        return self._state.event_filter.things

    def choose(self, ids: Iterable[int]) -> None:
        self._state.set_filter(self._state.event_filter.replace(things=frozenset(ids)))

    empty_hint = (
        "No things yet. Import articles (File ▸ Import files…, Ctrl+I) "
        "to list the weapons, aircraft and laws they name."
    )
    tick_hint = "Tick things to show only the events about them."
    showing_hint = "Showing events that name any of the ticked things."
