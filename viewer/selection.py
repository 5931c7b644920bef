"""The multi-selection: the set of events a bulk action applies to.

``ProjectState.selected_id`` stays the one event the detail panes show; this is the wider set
picked with shift/ctrl-click in the event list, "Select all in current filter", or (for the
timeline's rubber band) ``set_ids``.  Bulk actions read ``ids``.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal


class MultiSelection(QObject):
    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids: frozenset[int] = frozenset()

    @property
    def ids(self) -> frozenset[int]:
        return self._ids

    def set_ids(self, ids: Iterable[int]) -> None:
        new = frozenset(ids)
        if new != self._ids:
            self._ids = new
            self.changed.emit()

    def clear(self) -> None:
        self.set_ids(())

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, event_id: object) -> bool:
        return event_id in self._ids

    def targets(self, event_id: int | None) -> list[int]:
        """What an action on ``event_id`` applies to: the whole selection when the event is
        part of a multi-selection, otherwise that event alone."""
        if event_id is None:
            return []
        if len(self._ids) > 1 and event_id in self._ids:
            return sorted(self._ids)
        return [event_id]
