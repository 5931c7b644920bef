"""ProjectState: the one place that says what is loaded, what is visible and what is selected.

Every pane listens to it and none talks to another: a pane that selects an event calls
``state.select(id)``, a pane that annotates calls ``state.refresh_event(id)``, and the signals
tell everybody else.

Events live as numpy columns (``db.queries.EventArrays``), not as a million ``EventRow``
objects: a filter is a boolean mask over them (``viewer.filtering``, no Qt), the visible events
are a
sorted array of positions, and ``visible_events()`` hands list panes a lazy sequence that
builds ``EventRow``s a page at a time, only for the rows they show.  The filter applies to every
pane: the stances too (``visible_stances``), and a selected event that the filter hides is
let go (its annotation and source must not stay on screen).  The selected event itself is a
``viewer.selection.CurrentEvent``.

A big project is read in a worker thread: the window appears at once, empty, and fills when the
arrays arrive (``dataChanged``); small projects load synchronously, as before.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import overload

import numpy as np
from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from db import queries
from db.project import Project
from db.queries import ActorRow, EventArrays, EventRow, StanceRow
from services.redate import Redated, stored_dates
from viewer.crossthread import Outbox
from viewer.filtering import (  # EventFilter is imported from here by other panes too
    EventFilter,
    SpeakerIndex,
    StanceColumns,
    expand_affiliates,
    filter_mask,
    stance_mask,
    text_mask,
)
from viewer.redated import day_columns, with_dates
from viewer.relinked import (
    LinkScope,
    PatchedLinks,
    counted,
    merged_actors,
    patch_links,
    patched_stances,
)
from viewer.selection import CurrentEvent

log = logging.getLogger(__name__)

BACKGROUND_FROM = 100_000  # events: larger projects load in a worker thread
PAGE = 256  # rows fetched together by the lazy row sequences
FILTER_CACHE = 8  # recent filters whose mask and positions are kept
FILTER_CACHE_EVENTS = 4_000_000  # and fewer positions than this in all of them


class EventRows(Sequence[EventRow]):
    """A read-only, lazy ``Sequence[EventRow]`` over some event positions.

    ``len`` and ``bool`` are free; a row is fetched (with its page) when first asked for.
    ``arrays``/``positions`` let fast consumers (the timeline) skip rows altogether.
    """

    def __init__(self, state: ProjectState, positions: np.ndarray) -> None:
        self.state = state
        self.arrays = state.arrays
        self.positions = positions

    def __len__(self) -> int:
        return len(self.positions)

    @overload
    def __getitem__(self, index: int) -> EventRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[EventRow]: ...
    def __getitem__(self, index: int | slice) -> EventRow | list[EventRow]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        event_id = int(self.arrays.ids[self.positions[index]])
        row = self.state._rows.get(event_id)
        if row is None:  # fetch the whole page: a view asks for its neighbours next
            page = index // PAGE
            self.state._prefetch(self.arrays.ids[self.positions[page * PAGE : (page + 1) * PAGE]])
            row = self.state._rows[event_id]
        return row

    def __setitem__(self, index: int, row: EventRow) -> None:
        self.state._cache_row(row)  # list panes patch a row after an annotation

    def __iter__(self) -> Iterator[EventRow]:
        for start in range(0, len(self), PAGE):
            ids = self.arrays.ids[self.positions[start : start + PAGE]]
            yield from self.state._rows_for(ids)

    def ids(self) -> np.ndarray:
        return self.arrays.ids[self.positions]


class _Loaded(QObject):
    """Carries a worker thread's results to the GUI thread (a queued signal)."""

    done = Signal(object)  # a _Stage, or an Exception


@dataclass
class _Stage:
    """One step of a progressive load: the frame needs the first, the panes the second."""

    arrays: EventArrays | None = None  # first: events and their links, with the actors
    actors: list[ActorRow] | None = None
    stances: list[StanceRow] | None = None  # second: text, stances, sources
    sources: list[tuple[int, str, str, date | None]] | None = None
    last: bool = False
    from_cache: bool = False  # the arrays came from the cache file, not the database
    cache_stamp: np.ndarray | None = None  # not cached yet: save the arrays under this


class _Loader:
    """Reads a project in a plain worker thread; each stage arrives in the GUI thread."""

    def __init__(self, project: Project, receiver: QObject, outbox: Outbox) -> None:
        self.signal = _Loaded(receiver)
        self._outbox = outbox  # the receiver may go (the window closed) mid-load
        self._thread = threading.Thread(
            target=self._run, args=(project,), daemon=True, name="stanceline-load"
        )

    def start(self) -> None:
        self._thread.start()

    def wait(self, timeout_ms: int | None = None) -> None:
        self._thread.join(None if timeout_ms is None else timeout_ms / 1000)

    def _run(self, project: Project) -> None:
        try:
            first = _read_events(project)
            if not self._outbox.emit(self.signal.done, first):
                return
            _save_events(project, first)  # after the first frame has what it needs
            if not self._outbox.emit(self.signal.done, _read_rest(project, first.arrays)):
                return
        except Exception as err:
            self._outbox.emit(self.signal.done, err)
            return
        _warm_up(project, first.arrays)


def _freeze_loaded_objects() -> None:
    """What a load built (rows, stances, pane indexes) lives until the next load: hide it from
    the cycle collector.  A full collection walks every object, ~55 ms with a big project,
    and Python starts one whenever enough objects were made — in the middle of a click.
    Frozen objects are skipped (``gc.freeze``); ``reload`` unfreezes them."""
    # The young generations only: the load's own garbage goes now instead of being frozen.
    # A full collection here walked the last load's unfrozen objects too (~130 ms of GUI
    # thread at 100k events, right after an alias); they are freed by refcount, and cyclic
    # leftovers wait for the next load's unfreeze.
    gc.collect(1)
    gc.freeze()


def _warm_up(project: Project, arrays: EventArrays | None) -> None:
    """SQLAlchemy compiles a statement on its first run (~50 ms for the reads a selection
    makes): run them once here, so that the user's first click is as quick as the next."""
    if arrays is None or not len(arrays):
        return
    try:
        queries.warm_up_event_reads(project, int(arrays.ids[0]))
    except Exception:  # only an optimisation: the click will read (and report) for itself
        log.debug("warming up the selection reads failed", exc_info=True)


LISTS_LATER_MS = 5  # see refresh_links


def _read_events(project: Project) -> _Stage:
    """What the first timeline frame needs: the event arrays (cached) and the actors."""
    arrays, cached, stamp = queries.read_event_arrays(project)
    arrays.actors.by_value()  # the lanes' inverted index (~50 ms at 1M): here, not in the GUI
    actors = counted(queries.list_actors(project, counts=False), arrays.actors)
    actors.sort(key=lambda a: (-a.event_count, a.name))
    return _Stage(arrays=arrays, actors=actors, from_cache=cached, cache_stamp=stamp)


def _save_events(project: Project, first: _Stage) -> None:
    if first.arrays is not None and first.cache_stamp is not None:
        queries.save_event_arrays(project, first.arrays, first.cache_stamp)


def _read_rest(project: Project, arrays: EventArrays | None) -> _Stage:
    if arrays is not None:
        queries.load_summaries(project, arrays)  # labels and text search
    return _Stage(
        stances=queries.list_stances(project), sources=queries.list_sources(project), last=True
    )


def _read(project: Project) -> tuple:
    first = _read_events(project)
    _save_events(project, first)
    rest = _read_rest(project, first.arrays)
    return first.arrays, first.actors, rest.stances, rest.sources


class ProjectState(QObject):
    dataChanged = Signal()  # rows were (re)loaded: every pane rebuilds
    filterChanged = Signal()  # the filter changed: visible events/holders changed
    selectionChanged = Signal(object)  # int event id, or None
    eventChanged = Signal(int)  # one event row was re-read (after an annotation)
    sourceChanged = Signal(int)  # a source's publication date (and its dates) were re-read
    # Actor links, counts, aliases or stance holders were re-read (an alias): the LinkScope
    # says which, so a pane rebuilds only for what it shows.  When events changed actors it
    # comes a few ms after filterChanged (lanes, matches), so the repaint is not held up.
    linksChanged = Signal(object)
    loadingChanged = Signal(bool)  # a background load started / finished
    projectAboutToChange = Signal()  # set_project: the old project is still loaded
    projectChanged = Signal()  # set_project: the new project is in (or loading)

    def __init__(
        self, project: Project, parent: QObject | None = None, background: bool | None = None
    ) -> None:
        super().__init__(parent)
        self._project = project
        self.arrays: EventArrays = _empty_arrays()
        self.actors: list[ActorRow] = []
        self.stances: list[StanceRow] = []
        self.sources: list[tuple[int, str, str, date | None]] = []
        self._actors_by_id: dict[int, ActorRow] = {}
        self._sources_by_id: dict[int, tuple[int, str, str, date | None]] = {}
        self._rows: OrderedDict[int, EventRow] = OrderedDict()  # LRU of built rows
        self._all_tags: tuple[queries.Links, dict[int, str], list[str]] | None = None
        self._filter = EventFilter()
        self._expanded: frozenset[int] = frozenset()
        self._mask = np.zeros(0, dtype=bool)
        self._visible = np.zeros(0, dtype=np.int64)
        # Recent filters → (mask, positions), for the current arrays (see _recompute).
        self._filtered: OrderedDict[EventFilter, tuple[np.ndarray, np.ndarray]] = OrderedDict()
        # The selected event (its own object: panes may hold it); re-emitted as selectionChanged.
        self.current = CurrentEvent(self)
        self.current.changed.connect(self.selectionChanged)
        self._stance_columns = StanceColumns.of([])
        self._stance_mask: tuple[EventFilter, np.ndarray] | None = None
        self._rest_mask: tuple[EventFilter, np.ndarray] | None = None  # filter less actors
        # Speaker → events, read on the first "only what X said" (dropped with each load).
        self._speakers: SpeakerIndex | None = None
        self._owners: tuple[queries.Links, np.ndarray] | None = None  # see _visible_actor_counts
        self._loader: _Loader | None = None
        self._outbox = Outbox(self)
        self._events_ready = False
        self.arrays_from_cache = False  # the last load read the array cache (bench, status)
        self._summaries_loaded = False
        self.reload(background=background)

    # ------------------------------------------------------------------ project
    @property
    def project(self) -> Project:
        return self._project

    def set_project(self, project: Project) -> None:
        """Switch to another project: filter and selection do not carry over."""
        self.projectAboutToChange.emit()
        self._project = project
        self._filter = EventFilter()
        self._expanded = frozenset()
        self.current.set(None)
        self.reload()
        self.filterChanged.emit()
        self.projectChanged.emit()

    @property
    def project_name(self) -> str:
        path = self._project.path
        return path.stem if path is not None else self._project.location

    @property
    def loading(self) -> bool:
        return self._loader is not None

    # ------------------------------------------------------------------ loading
    def reload(self, background: bool | None = None) -> None:
        """Re-read everything (after an import or a date change); keeps filter and selection.

        ``background=None`` decides by size: a big project is read in a worker thread.
        """
        if background is None:
            background = self._count_events() >= BACKGROUND_FROM
        gc.unfreeze()  # the last load's objects may become garbage now
        if not background:
            self._apply(_read(self._project))
            _freeze_loaded_objects()
            return
        if self._loader is not None:
            return  # one load at a time; it reads the latest data anyway
        self._loader = _Loader(self._project, self, self._outbox)
        self._events_ready = False
        self._loader.signal.done.connect(self._loaded)
        self.loadingChanged.emit(True)
        self._loader.start()

    def wait_loaded(self, timeout_ms: int = 120_000) -> None:
        """Block until a background load has been applied (bench, tests, screenshots)."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer

        deadline = QDeadlineTimer(timeout_ms)
        while self._loader is not None and not deadline.hasExpired():
            QCoreApplication.processEvents()  # the queued ``loaded`` signal lands here
            if self._loader is not None:
                self._loader.wait(20)

    def _loaded(self, result: object) -> None:
        if isinstance(result, _Stage) and not result.last:
            # The events: the timeline can paint; list text, stances and sources follow.
            assert result.arrays is not None and result.actors is not None
            self.arrays_from_cache = result.from_cache
            self._apply((result.arrays, result.actors, [], []))
            return
        loader, self._loader = self._loader, None
        if loader is not None:
            loader.wait()  # it has emitted: let the thread finish
            loader.signal.deleteLater()
        self.loadingChanged.emit(False)
        if isinstance(result, Exception):
            raise result
        assert isinstance(result, _Stage)
        self.stances, self.sources = result.stances or [], result.sources or []
        self._set_stances(self.stances)
        self._sources_by_id = {s[0]: s for s in self.sources}
        self._summaries_loaded = True
        self._rows.clear()  # rows built meanwhile may lack their summary
        self.dataChanged.emit()
        _freeze_loaded_objects()

    @property
    def events_ready(self) -> bool:
        """The event arrays are in (a progressive load may still be reading the rest)."""
        return self._loader is None or self._events_ready

    def wait_events(self, timeout_ms: int = 120_000) -> None:
        """Block until the events have arrived (the first stage of a background load)."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer

        deadline = QDeadlineTimer(timeout_ms)
        while not self.events_ready and not deadline.hasExpired():
            QCoreApplication.processEvents()
            if not self.events_ready and self._loader is not None:
                self._loader.wait(5)

    def _count_events(self) -> int:
        return queries.count_events(self._project)  # the viewer runs no SQL of its own

    def _apply(self, loaded: tuple) -> None:
        self.arrays, self.actors, self.stances, self.sources = loaded
        self._events_ready = True
        self._summaries_loaded = bool(self.arrays.summaries) or len(self.arrays) == 0
        self._actors_by_id = {a.id: a for a in self.actors}
        self._sources_by_id = {s[0]: s for s in self.sources}
        self._rows.clear()
        # Actors may have been merged away by the import: keep only those that still exist.
        kept = frozenset(i for i in self._filter.actors if i in self._actors_by_id)
        self._filter = self._filter.replace(actors=kept)
        self._expanded = self._expand(kept)
        self._speakers = None  # new evidence rows may name new speakers
        self._recompute()
        self._set_stances(self.stances)
        self.dataChanged.emit()
        if not self._selection_passes():
            self.select(None)

    def ensure_summaries(self) -> None:
        """Summaries are a second stage (labels and text search need them, frames do not)."""
        if not self._summaries_loaded:
            queries.load_summaries(self._project, self.arrays)
            self._summaries_loaded = True

    def refresh_event(self, event_id: int) -> None:
        """Re-read one event row after it was annotated, and patch the columns."""
        rows = queries.load_event_rows(self._project, [event_id])
        pos = self.arrays.position_of(event_id)
        if not rows or pos is None:  # gone meanwhile (merged or deleted by another writer)
            self.reload()
            return
        row = rows[0]
        a = self.arrays
        a.starred[pos] = row.starred
        a.review[pos] = queries.REVIEW_CODES.get(row.review, 0)
        a.note_count[pos] = row.note_count
        # Tags may be new names: re-read the tag links (cheap) rather than patch the CSR.
        if tuple(a.tags.of(pos).tolist()) != tuple(sorted(self._tag_ids(row.tags))):
            fresh = queries.load_event_arrays(self._project)
            a.tags, a.tag_names = fresh.tags, fresh.tag_names
        self._cache_row(row)
        self._recompute()
        self.eventChanged.emit(event_id)

    def refresh_dates(self, redated: Redated) -> None:
        """A publication date changed, or its change was undone: re-read only that article's
        events, stances and source, and move the events to their new places (a full reload
        costs a read of every event and a relayout of every lane)."""
        ids = list(redated.event_ids)
        rows = queries.load_event_rows(self._project, ids) if ids else []
        if self._loader is not None or len(rows) != len(ids):
            self.reload()  # a load is under way, or an event went meanwhile: read it all
            return
        if rows:
            columns = day_columns([r.earliest for r in rows], [r.latest for r in rows],
                                  [r.precision for r in rows])  # fmt: skip
            self.arrays = with_dates(self.arrays, np.asarray([r.id for r in rows]), *columns)
            for row in rows:
                self._cache_row(row)
        stored = stored_dates(self._project, redated)
        self._patch_source(redated.source_id, stored.published)
        self._patch_stances(redated.source_id, stored.stance_dates)
        self._recompute()  # positions moved: every kept mask is stale
        self.filterChanged.emit()  # what each pane does when the visible positions change
        self.sourceChanged.emit(redated.source_id)
        selected = self.current.id
        if not self._selection_passes():
            self.select(None)
        elif selected in redated.event_ids:
            self.eventChanged.emit(selected)  # its date, in the annotation panel

    def refresh_links(self, scope: LinkScope, patched: PatchedLinks | None = None) -> None:
        """An alias was added or removed, or that undone: re-read only the events whose
        actors changed, the actors whose counts changed and the stances that changed holder,
        and patch them in (a full reload reads every event and rebuilds every pane).
        ``patched``: the new links, made on the database worker from the current ones."""
        if self._loader is not None:
            self.reload()  # a load is under way: it reads the new links anyway
            return
        if scope.event_ids and (patched is None or patched.base is not self.arrays.actors):
            patched = patch_links(self._project, scope, self.arrays)
            if patched is None:
                self.reload()  # an event came or went meanwhile
                return
        rows = bool(scope.event_ids)
        if patched is not None and rows:  # positions do not move: only the actor links
            self.arrays = self.arrays.with_actor_links(patched.links)
            for event_id in patched.event_ids:  # built again, with their actors, when shown
                self._rows.pop(event_id, None)
        if patched is not None and patched.actors is not None:
            fresh = patched.actors  # read on the worker, counted on these links
        else:
            fresh = counted(queries.list_actors(self._project, counts=False, ids=scope.actor_ids),
                            self.arrays.actors)  # fmt: skip
        self.actors = merged_actors(self.actors, scope.actor_ids, fresh)
        self._actors_by_id = {a.id: a for a in self.actors}
        kept = frozenset(i for i in self._filter.actors if i in self._actors_by_id)
        self._filter = self._filter.replace(actors=kept)
        self._expanded = self._expand(kept)
        if scope.stance_ids:
            self._patch_holders(scope.stance_ids, patched.stances if patched else None)
        if rows:
            self._recompute()  # the actor links changed: every kept mask is stale
        if rows:  # nothing visible moves when no event changed actors (a relayout at 1M:
            self.filterChanged.emit()  # ~80 ms of a frozen window for nothing)
        for source_id in scope.source_ids:
            self.sourceChanged.emit(source_id)  # its mentions, in the source pane
        selected = self.current.id
        if not self._selection_passes():
            self.select(None)
        elif selected is not None and selected in scope.event_ids:
            self.eventChanged.emit(selected)  # its actors, in the annotation panel
        if not rows:  # nothing was laid out again: the lists rebuild at once
            self.linksChanged.emit(scope)
            return
        # Events changed actors: the lists (actor filter, actor manager, stance index) rebuild
        # a little later, after the window's repaint: at a million events the refresh with the
        # repaint, and the lists, take ~80 and ~30 ms, and the window answers between them.  A
        # timer, not a zero-delay call: that is a posted event, handled in the repaint's pass.
        QTimer.singleShot(LISTS_LATER_MS, self, lambda: self.linksChanged.emit(scope))

    def _patch_holders(
        self, stance_ids: Sequence[int], fresh: list[StanceRow] | None = None
    ) -> None:
        cols = self._stance_columns
        if fresh is None:
            fresh = queries.list_stances(self._project, ids=stance_ids)
        holder = cols.holder.copy()
        self.stances, in_place = patched_stances(self.stances, holder, stance_ids, fresh)
        if in_place:  # same rows, other holders: no pass over every stance
            self._stance_columns = StanceColumns(holder, cols.event, cols.source, self.stances)
            self._stance_mask = None
        else:
            self._set_stances(self.stances)

    def _patch_source(self, source_id: int, published: date | None) -> None:
        old = self._sources_by_id.get(source_id)
        if old is not None and old[3] != published:
            new = (old[0], old[1], old[2], published)
            self.sources[self.sources.index(old)] = new
            self._sources_by_id[source_id] = new

    def _patch_stances(self, source_id: int, dates: dict[int, str | None]) -> None:
        """New date values in place (the stance columns hold no dates: no rebuild)."""
        if not dates:
            return
        for i in np.flatnonzero(self._stance_columns.source == source_id).tolist():
            row = self.stances[i]
            if row.id in dates and row.date_value != dates[row.id]:
                self.stances[i] = replace(row, date_value=dates[row.id])

    def _tag_ids(self, names: Iterable[str]) -> list[int]:
        by_name = {v: k for k, v in self.arrays.tag_names.items()}
        return [by_name.get(n, -1) for n in names]

    # ------------------------------------------------------------------ rows (lazy)
    @property
    def events(self) -> EventRows:
        """All events (lazy rows), sorted by date, undated last."""
        return EventRows(self, np.arange(len(self.arrays)))

    def event(self, event_id: int | None) -> EventRow | None:  # type: ignore[override]
        # The name shadows QObject.event(QEvent): Qt calls it with its own events too.
        if isinstance(event_id, QEvent):
            return super().event(event_id)  # type: ignore[return-value]
        if event_id is None:
            return None
        row = self._rows.get(event_id)
        if row is not None:
            self._rows.move_to_end(event_id)
            return row
        if self.arrays.position_of(event_id) is None:
            return None
        self._prefetch(np.asarray([event_id]))
        return self._rows.get(event_id)

    def cached_row(self, event_id: int) -> EventRow | None:
        """The row if it is already built (no query): list views check this first."""
        return self._rows.get(event_id)

    def prefetch(self, ids: np.ndarray) -> None:
        """Build the rows of these events in one batch of queries (a page of a list view)."""
        self._prefetch(ids)

    def _prefetch(self, ids: np.ndarray) -> None:
        missing = [int(i) for i in ids.tolist() if int(i) not in self._rows]
        if missing:
            for row in queries.load_event_rows(self._project, missing):
                self._cache_row(row)

    def _rows_for(self, ids: np.ndarray) -> list[EventRow]:
        self._prefetch(ids)
        return [r for r in (self._rows.get(int(i)) for i in ids.tolist()) if r is not None]

    def _cache_row(self, row: EventRow) -> None:
        self._rows[row.id] = row
        self._rows.move_to_end(row.id)
        while len(self._rows) > 20_000:
            self._rows.popitem(last=False)

    # ------------------------------------------------------------------ lookups
    def actor(self, actor_id: int) -> ActorRow | None:
        return self._actors_by_id.get(actor_id)

    def stances_held(self, actor_id: int) -> int:
        """How many stances ``actor_id`` holds (one pass over the holder column)."""
        return int(np.count_nonzero(self._stance_columns.holder == actor_id))

    def actor_names(self, ids: Iterable[int]) -> list[str]:
        return [a.name for a in (self._actors_by_id.get(i) for i in ids) if a is not None]

    def source(self, source_id: int) -> tuple[int, str, str, date | None] | None:
        return self._sources_by_id.get(source_id)

    def all_tags(self) -> list[str]:
        # Cached per tag links (a selection asks; refresh_event swaps the links when tags move).
        tags, names = self.arrays.tags, self.arrays.tag_names
        held = self._all_tags
        if held is None or held[0] is not tags or held[1] is not names:
            used = set(np.unique(tags.values).tolist())
            held = (
                tags,
                names,
                sorted((n for i, n in names.items() if i in used), key=str.casefold),
            )
            self._all_tags = held
        return list(held[2])

    # ------------------------------------------------------------------ filter
    @property
    def actor_filter(self) -> frozenset[int]:
        return self._filter.actors

    @property
    def event_filter(self) -> EventFilter:
        return self._filter

    def set_actor_filter(self, ids: Iterable[int]) -> None:
        self.set_filter(self._filter.replace(actors=frozenset(ids)))

    def set_filter(self, new: EventFilter) -> None:
        """Apply any combination of actor/thing/source/type/tag/star/review/date/text filters."""
        if new == self._filter:
            return
        if new.text and not self._summaries_loaded:
            self.ensure_summaries()
        self._filter = new
        self._expanded = self._expand(new.actors)
        self._recompute(reuse=True)
        self.filterChanged.emit()
        # One filter for every pane: an event the filter hides is no longer selected, so the
        # annotation and source panes do not go on showing it (issue 13, item 8).
        if not self._selection_passes():
            self.select(self.first_dated_event())

    def _recompute(self, reuse: bool = False) -> None:
        """The mask and positions for the filter; ``reuse``: the arrays did not change since
        the cached ones, so a recent filter's result (the same array objects: the timeline
        finds its layout by them) is taken back."""
        f = self._filter.replace(actors=self._expanded) if self._filter.actors else self._filter
        hit = self._filtered.get(f) if reuse else None
        if not reuse:  # the arrays changed (a load, an annotation): every kept mask is stale
            self._filtered.clear()
            self._stance_mask = self._rest_mask = None
        if hit is None:
            mask = filter_mask(self.arrays, f, self.speaker_index() if f.speaker else None)
            hit = (mask, np.flatnonzero(mask))
            self._filtered[f] = hit
            held = sum(len(v) for _, v in self._filtered.values())
            while len(self._filtered) > FILTER_CACHE or (
                held > FILTER_CACHE_EVENTS and len(self._filtered) > 1
            ):
                _, (_, old) = self._filtered.popitem(last=False)
                held -= len(old)
        self._filtered.move_to_end(f)
        self._mask, self._visible = hit

    def _expand(self, ids: frozenset[int]) -> frozenset[int]:
        """The filter plus everybody affiliated with it, transitively (Turkey → its officials)."""
        return expand_affiliates(ids, {a.id: a.affiliation_id for a in self.actors})

    def text_matches(self, needle: str) -> np.ndarray:
        """Positions (in date order) whose summary contains ``needle``, case-insensitively."""
        if not needle:
            return np.zeros(0, dtype=np.int64)
        self.ensure_summaries()
        return np.flatnonzero(text_mask(self.arrays, needle))

    def rows_of_positions(self, positions: np.ndarray) -> EventRows:
        return EventRows(self, positions)

    # ------------------------------------------------------------------ who said it
    def speaker_index(self) -> SpeakerIndex:
        """Speaker → the events a source attributes to them (read once per data load)."""
        if self._speakers is None:
            self._speakers = SpeakerIndex(queries.speaker_events(self._project))
        return self._speakers

    @property
    def speaker_filter(self) -> str:
        return self._filter.speaker

    def set_speaker_filter(self, speaker: str) -> None:
        """Only what ``speaker`` said ("" shows everybody's): events a source attributes to
        them, stances that are theirs."""
        self.set_filter(self._filter.replace(speaker=speaker.strip()))

    def speakers(self) -> list[tuple[str, int]]:
        """(speaker, statements: events attributed to them + stances they are quoted in),
        most quoted first: what the "Said by" chooser lists."""
        counts: dict[str, int] = {}
        names: dict[str, str] = {}
        for name, n in self.speaker_index().names():
            counts[name.casefold()] = n
            names[name.casefold()] = name
        for st in self.stances:
            if st.speaker:
                key = st.speaker.casefold()
                counts[key] = counts.get(key, 0) + 1
                names.setdefault(key, st.speaker)
        return sorted(
            ((names[k], n) for k, n in counts.items()), key=lambda r: (-r[1], r[0].casefold())
        )

    def passing_actors(self) -> frozenset[int] | None:
        """The actors the filter lets through (with affiliates), or None when it is off."""
        return self._expanded if self._filter.actors else None

    def actor_passes(self, actor_id: int) -> bool:
        """Does this actor (an event participant or a stance holder) pass the filter?"""
        return not self._filter.actors or actor_id in self._expanded

    def event_passes(self, row: EventRow) -> bool:
        pos = self.arrays.position_of(row.id)
        return pos is not None and bool(self._mask[pos])

    def visible_mask(self) -> np.ndarray:
        """Boolean mask over ``arrays`` positions: which events pass the filter."""
        return self._mask

    def visible_positions(self) -> np.ndarray:
        return self._visible

    def visible_ids(self) -> np.ndarray:
        return self.arrays.ids[self._visible]

    def visible_count(self) -> int:
        return len(self._visible)

    def visible_events(self) -> EventRows:
        return EventRows(self, self._visible)

    def _set_stances(self, stances: list[StanceRow]) -> None:
        self._stance_columns = StanceColumns.of(stances)
        self._stance_mask = None

    def stance_mask(self) -> np.ndarray:
        """Which of ``stances`` pass the filter: the holder passes the actor filter and the
        stance's event passes the rest (``viewer.filtering.stance_mask``)."""
        held = self._stance_mask
        if held is not None and held[0] == self._filter and len(held[1]) == len(self.stances):
            return held[1]
        f = self._filter
        rest = f.event_part()
        events = None
        if not rest.is_empty:
            # Without an actor or speaker filter the visible mask is the one wanted; with one,
            # the rest of the filter is kept while actors are ticked (a text scan at 1M is
            # ~40 ms).  The speaker is judged on the stance itself, not on its event.
            events = self._mask if not (f.actors or f.speaker) else None
            if events is None:
                held = self._rest_mask
                if held is None or held[0] != rest:
                    held = self._rest_mask = (rest, filter_mask(self.arrays, rest))
                events = held[1]
        mask = stance_mask(self._stance_columns, f, self.passing_actors(), events, self.arrays)
        self._stance_mask = (f, mask)
        return mask

    def visible_stances(self) -> list[StanceRow]:
        return [self.stances[i] for i in np.flatnonzero(self.stance_mask()).tolist()]

    def _selection_passes(self) -> bool:
        sel = self.current.id
        if sel is None:
            return True
        pos = self.arrays.position_of(sel)
        return pos is not None and bool(self._mask[pos])

    def lanes(self) -> list[ActorRow]:
        """Actors to give a timeline lane: those in visible events, the filtered ones first."""
        counts = self._visible_actor_counts()
        lanes = [a for a in self.actors if counts.get(a.id, 0) and self.actor_passes(a.id)]
        chosen = self._filter.actors
        lanes.sort(key=lambda a: (a.id not in chosen, -counts[a.id], a.name.casefold()))
        return lanes

    def _visible_actor_counts(self) -> dict[int, int]:
        """Visible events per actor, for the actors that may get a lane.

        Unfiltered: the counts loaded with the actors.  An actor filter names a few actors:
        count each through the inverted index (cost grows with their events, not with all).
        """
        if len(self._visible) == len(self.arrays):
            return {a.id: a.event_count for a in self.actors}
        links = self.arrays.actors
        if self._filter.actors and len(self._expanded) <= 256:
            return {a: int(np.count_nonzero(self._mask[links.members(a)])) for a in self._expanded}
        held = self._owners
        if held is None or held[0] is not links:  # the event of every link, once per load
            held = self._owners = (links, links.owners())
        owners = held[1]
        counts = np.bincount(links.values[self._mask[owners]]) if len(owners) else np.zeros(0)
        return {int(a): int(counts[a]) for a in np.flatnonzero(counts).tolist()}

    def filter_label(self) -> str:
        names = sorted(self.actor_names(self._filter.actors), key=str.casefold)
        label = ", ".join(names) if names else "all actors"
        extra = self._filter.describe_extra()
        return f"{label}; {extra}" if extra else label

    # ------------------------------------------------------------------ selection
    @property
    def selected_id(self) -> int | None:
        return self.current.id

    def select(self, event_id: int | None) -> None:
        """Select an event (one that does not exist selects none).  An event the filter hides
        can be chosen on purpose (a search hit in a note); a filter change lets it go."""
        if event_id is not None and self.arrays.position_of(event_id) is None:
            event_id = None
        self.current.set(event_id)

    def first_dated_event(self) -> int | None:
        visible = self._visible
        if not len(visible):
            return None
        dated = visible[~np.isnan(self.arrays.start[visible])]
        pick = dated[0] if len(dated) else visible[0]
        return int(self.arrays.ids[pick])


def _empty_arrays() -> EventArrays:
    z = np.zeros(0)
    empty = queries.Links(np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int64))
    return EventArrays(
        z.astype(np.int64),
        z,
        z,
        z.astype(np.int8),
        z.astype(np.int16),
        (),
        z.astype(np.int8),
        z.astype(bool),
        z.astype(np.int32),
        empty,
        empty,
        empty,
        empty,
        {},
        "",
        z.astype(np.int64),
        z.astype(np.int64),
    )
