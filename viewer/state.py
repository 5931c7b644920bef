"""ProjectState: the one place that says what is loaded, what is visible and what is selected.

Every pane listens to it and none talks to another: a pane that selects an event calls
``state.select(id)``, a pane that annotates calls ``state.refresh_event(id)``, and the signals
tell everybody else.  Filtering is done here over the in-memory rows, not by re-querying.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import QObject, Signal

from db import queries
from db.project import Project
from db.queries import ActorRow, EventRow, StanceRow


class ProjectState(QObject):
    dataChanged = Signal()  # rows were (re)loaded: every pane rebuilds
    filterChanged = Signal()  # the actor filter changed: visible events/holders changed
    selectionChanged = Signal(object)  # int event id, or None
    eventChanged = Signal(int)  # one event row was re-read (after an annotation)

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self.events: list[EventRow] = []
        self.actors: list[ActorRow] = []
        self.stances: list[StanceRow] = []
        self.sources: list[tuple[int, str, str, date | None]] = []
        self._events_by_id: dict[int, EventRow] = {}
        self._actors_by_id: dict[int, ActorRow] = {}
        self._filter: frozenset[int] = frozenset()
        self._expanded: frozenset[int] = frozenset()
        self._selected: int | None = None
        self.reload()

    # ------------------------------------------------------------------ project
    @property
    def project(self) -> Project:
        return self._project

    def set_project(self, project: Project) -> None:
        """Switch to another project: filter and selection do not carry over."""
        self._project = project
        self._filter = self._expanded = frozenset()
        self._selected = None
        self.reload()
        self.filterChanged.emit()
        self.selectionChanged.emit(None)

    @property
    def project_name(self) -> str:
        path = self._project.path
        return path.stem if path is not None else self._project.location

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        """Re-read everything (after an import or a date change); keeps filter and selection."""
        p = self._project
        self.events = queries.list_events(p)
        self.actors = queries.list_actors(p)
        self.stances = queries.list_stances(p)
        self.sources = queries.list_sources(p)
        self._events_by_id = {e.id: e for e in self.events}
        self._actors_by_id = {a.id: a for a in self.actors}
        # Actors may have been merged away by the import: keep only those that still exist.
        self._filter = frozenset(i for i in self._filter if i in self._actors_by_id)
        self._expanded = self._expand(self._filter)
        self.dataChanged.emit()
        if self._selected is not None and self._selected not in self._events_by_id:
            self.select(None)

    def refresh_event(self, event_id: int) -> None:
        """Re-read one event row after it was annotated."""
        try:
            row = queries.event_detail(self._project, event_id).row
        except KeyError:  # gone meanwhile (merged or deleted by another writer)
            self.reload()
            return
        self._events_by_id[event_id] = row
        self.events = [row if e.id == event_id else e for e in self.events]
        self.eventChanged.emit(event_id)

    # ------------------------------------------------------------------ lookups
    def event(self, event_id: int | None) -> EventRow | None:
        return self._events_by_id.get(event_id) if event_id is not None else None

    def actor(self, actor_id: int) -> ActorRow | None:
        return self._actors_by_id.get(actor_id)

    def actor_names(self, ids: Iterable[int]) -> list[str]:
        return [a.name for a in (self._actors_by_id.get(i) for i in ids) if a is not None]

    def source(self, source_id: int) -> tuple[int, str, str, date | None] | None:
        return next((s for s in self.sources if s[0] == source_id), None)

    def all_tags(self) -> list[str]:
        return sorted({t for e in self.events for t in e.tags}, key=str.casefold)

    # ------------------------------------------------------------------ filter
    @property
    def actor_filter(self) -> frozenset[int]:
        return self._filter

    def set_actor_filter(self, ids: Iterable[int]) -> None:
        new = frozenset(ids)
        if new == self._filter:
            return
        self._filter = new
        self._expanded = self._expand(new)
        self.filterChanged.emit()

    def _expand(self, ids: frozenset[int]) -> frozenset[int]:
        """The filter plus everybody affiliated with it, transitively (Turkey → its officials)."""
        if not ids:
            return ids
        result = set(ids)
        grew = True
        while grew:
            grew = False
            for a in self.actors:
                if a.id not in result and a.affiliation_id in result:
                    result.add(a.id)
                    grew = True
        return frozenset(result)

    def actor_passes(self, actor_id: int) -> bool:
        """Does this actor (an event participant or a stance holder) pass the filter?"""
        return not self._filter or actor_id in self._expanded

    def event_passes(self, row: EventRow) -> bool:
        return not self._filter or any(i in self._expanded for i in row.actor_ids)

    def visible_events(self) -> list[EventRow]:
        if not self._filter:
            return list(self.events)
        return [e for e in self.events if self.event_passes(e)]

    def visible_stances(self) -> list[StanceRow]:
        return [s for s in self.stances if self.actor_passes(s.holder_id)]

    def lanes(self) -> list[ActorRow]:
        """Actors to give a timeline lane: those in visible events, the filtered ones first."""
        seen = {i for e in self.visible_events() for i in e.actor_ids}
        lanes = [a for a in self.actors if a.id in seen and self.actor_passes(a.id)]
        lanes.sort(key=lambda a: (a.id not in self._filter, -a.event_count, a.name.casefold()))
        return lanes

    def filter_label(self) -> str:
        names = sorted(self.actor_names(self._filter), key=str.casefold)
        return ", ".join(names) if names else "all actors"

    # ------------------------------------------------------------------ selection
    @property
    def selected_id(self) -> int | None:
        return self._selected

    def select(self, event_id: int | None) -> None:
        if event_id is not None and event_id not in self._events_by_id:
            event_id = None
        if event_id == self._selected:
            return
        self._selected = event_id
        self.selectionChanged.emit(event_id)

    def first_dated_event(self) -> int | None:
        visible = self.visible_events()
        dated = [e for e in visible if e.earliest is not None]
        pick = dated[0] if dated else (visible[0] if visible else None)
        return pick.id if pick else None
