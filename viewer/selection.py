"""What is selected: the one current event, and the multi-selection bulk actions apply to.

``CurrentEvent`` is the one event the detail panes show (``ProjectState.select`` sets it, after
checking that the event exists and passes the filter).  ``MultiSelection`` is the wider set
picked with shift/ctrl-click in the event list, "Select all in current filter", or (for the
timeline's rubber band) ``set_ids``.  Bulk actions read ``ids``.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal


class CurrentEvent(QObject):
    """The selected event id (or None); ``changed`` fires only when it really changes."""

    changed = Signal(object)  # int event id, or None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._id: int | None = None

    @property
    def id(self) -> int | None:
        return self._id

    def set(self, event_id: int | None) -> bool:
        """Select ``event_id``; True when that changed the selection."""
        if event_id == self._id:
            return False
        self._id = event_id
        self.changed.emit(event_id)
        return True


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
