"""Lane arrays for the timeline, and the per-frame visibility/merging maths.  No Qt.

The widget never walks Python objects while painting: ``build_lanes`` turns the event rows into
one set of numpy arrays per lane, sorted by start day, and each frame asks ``visible_indices``
(binary search) for what is on screen and ``cluster_starts`` for which markers fall in the same
few pixels.  Both are O(log n + visible), which is what lets a lane hold a million events.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, Protocol

import numpy as np

from viewer.timeline.scale import date_to_days, days_to_date

OTHER_LANE_ID = -1
OTHER_COLOUR = "#8a8a8a"
# Okabe–Ito, colour-blind safe; black dropped (it reads as "text") and yellow last (it is faint
# on a light background).
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442")
REVIEW_CODES = {"unreviewed": 0, "confirmed": 1, "rejected": 2}
REVIEW_CONFIRMED, REVIEW_REJECTED = 1, 2

# Vertical geometry of a lane (px): the marker row, then one row per stack of spans.
MARKER_ROW = 34  # star above, marker at MARKER_Y, label beside it
MARKER_Y = 19
SPAN_ROW = 17
SPAN_HEIGHT = 13
LANE_PADDING = 5
MAX_SPAN_ROWS = 3  # overlapping spans beyond this share the last row
COLLAPSED_H = 18  # a collapsed lane: a density strip
PACK_LIMIT = 300  # spans per lane packed first-fit; beyond, rows by length class


# What a lane reads of the arrays.  A relink patches only the actor links and keeps these
# very objects, so every lane whose members it did not change is kept, arrays and all.
LANE_COLUMNS = ("ids", "start", "end", "starred", "review", "note_count")


def same_lane_columns(a: Any, b: Any) -> bool:
    return a is b or all(getattr(a, c) is getattr(b, c) for c in LANE_COLUMNS)


# Big lanes a relayout made afresh are built on this thread while the GUI thread finishes the
# refresh; after a relink the widget has every lane it shows built here (an alias at a million
# events: ~13 small lanes on screen, ~20 ms of the repaint).  Off-screen lanes wait until they
# are painted: built here meanwhile, they slowed the frames that followed a filter.
_BUILDER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stanceline-lanes")
BUILD_SOON = (16, 20_000)  # the first lanes (on screen first), of at least this many events


class EventLike(Protocol):
    """What ``arrays_from_rows`` reads from an event (``db.queries.EventRow`` has all of it)."""

    id: int
    summary: str
    earliest: date | None
    latest: date | None
    precision: str | None
    actor_ids: tuple[int, ...]
    starred: bool
    review: str
    note_count: int


class LaneLike(Protocol):
    id: int
    name: str
    colour: str


class Lane:
    """One lane's events as parallel arrays sorted by ``starts``, built on first use.

    A lane knows its members (``positions`` into the ``EventArrays``), its count and its
    height without building anything else, so a relayout of a hundred lanes costs only what
    the few lanes on screen need: the arrays below (``starts`` … ``span_ends``) are made the
    first time one is read.  ``same_members`` lets a relayout reuse a lane the filter did not
    change, arrays and all.
    """

    def __init__(
        self,
        arrays: Any,
        spec: LaneSpec,
        positions: np.ndarray,
        collapsed: bool = False,
        total: int | None = None,
    ) -> None:
        self.id = spec.id  # actor/source id, type index, or OTHER_LANE_ID
        self.name = spec.name
        self.colour = spec.colour  # "#rrggbb", never empty
        self.positions = positions  # member positions into ``arrays``, ascending
        self.total = len(positions) if total is None else total  # "Others": its actors' sum
        self.collapsed = collapsed  # a thin density strip only
        self._arrays = arrays
        self._pending: Future[dict[str, np.ndarray]] | None = None  # see build_soon

    def __len__(self) -> int:
        return len(self.positions)

    def same_members(self, arrays: Any, positions: np.ndarray) -> bool:
        return same_lane_columns(self._arrays, arrays) and np.array_equal(
            self.positions, positions
        )

    def rebind(self, arrays: Any) -> None:
        """Read ``arrays`` from now on: the same columns (``same_members``), other links."""
        self._arrays = arrays

    def has_position(self, pos: int) -> bool:
        k = int(np.searchsorted(self.positions, pos))
        return k < len(self.positions) and int(self.positions[k]) == pos

    @cached_property
    def span_rows(self) -> int:
        """Rows of bars under the markers: from the spans alone (no full build)."""
        if "_built" in self.__dict__ or (self._pending is not None and self._pending.done()):
            row = self.row
        else:
            spans = self.positions[_span_mask(self._arrays)[self.positions]]
            a = self._arrays
            row = _span_order_and_rows(a.start[spans], a.end[spans])[1]
        return int(row.max()) + 1 if len(row) and row.max() >= 0 else 0

    @property
    def height(self) -> int:
        if self.collapsed:
            return COLLAPSED_H
        return MARKER_ROW + self.span_rows * SPAN_ROW + LANE_PADDING

    @property
    def building(self) -> bool:
        """Its arrays are being built on the builder thread (``build_soon``)."""
        return self._pending is not None and not self._pending.done()

    def build_soon(self) -> None:
        """Start building the arrays beside the GUI thread (numpy lets go of Python's lock
        while it gathers and sorts): by the time the lane is painted they are mostly ready."""
        if "_built" not in self.__dict__ and self._pending is None:
            self._pending = _BUILDER.submit(self._build)

    @cached_property
    def _built(self) -> dict[str, np.ndarray]:
        pending, self._pending = self._pending, None
        return pending.result() if pending is not None else self._build()

    def _build(self) -> dict[str, np.ndarray]:
        a, sel = self._arrays, self.positions
        starts, ends = a.start[sel], a.end[sel]
        is_span = (ends - starts) > 1.0
        order, rows = _span_order_and_rows(starts, ends)
        sel, starts, ends, is_span = sel[order], starts[order], ends[order], is_span[order]
        return {
            "starts": starts,
            "ends": ends,
            "ids": a.ids[sel],
            "is_span": is_span,
            "row": rows,
            "starred": a.starred[sel],
            "review": a.review[sel],
            "has_note": a.note_count[sel] > 0,
            "approximate": np.zeros(len(sel), dtype=bool),  # not in the db yet
            "max_end": np.maximum.accumulate(ends) if len(ends) else ends.copy(),
            "point_starts": starts[~is_span],
            "span_starts": starts[is_span],
            "span_ends": np.sort(ends[is_span]),
        }

    # The arrays (float64 days; ``ends`` exclusive, a one-day event is 1.0 wide).
    starts = property(lambda self: self._built["starts"])
    ends = property(lambda self: self._built["ends"])
    ids = property(lambda self: self._built["ids"])  # int64 event ids
    is_span = property(lambda self: self._built["is_span"])  # wider than a day: a bar
    row = property(lambda self: self._built["row"])  # int8 span row, -1 for points
    starred = property(lambda self: self._built["starred"])
    review = property(lambda self: self._built["review"])  # int8 REVIEW_CODES
    has_note = property(lambda self: self._built["has_note"])
    approximate = property(lambda self: self._built["approximate"])
    max_end = property(lambda self: self._built["max_end"])  # running max: long spans
    point_starts = property(lambda self: self._built["point_starts"])  # sorted: counts
    span_starts = property(lambda self: self._built["span_starts"])  # sorted: coverage
    span_ends = property(lambda self: self._built["span_ends"])

    def index_of(self, event_id: int, day: float | None = None) -> int | None:
        if day is not None and len(self.starts):  # narrow by the start day first
            lo = int(np.searchsorted(self.starts, day, side="left"))
            hi = int(np.searchsorted(self.starts, day, side="right"))
            hits = np.flatnonzero(self.ids[lo:hi] == event_id)
            return lo + int(hits[0]) if len(hits) else None
        hits = np.flatnonzero(self.ids == event_id)
        return int(hits[0]) if len(hits) else None


def _span_mask(arrays: Any) -> np.ndarray:
    """Which events are bars (longer than a day): cached per ``EventArrays``."""
    cached = arrays.__dict__.get("_span_mask")
    if cached is None or len(cached) != len(arrays):
        cached = (arrays.end - arrays.start) > 1.0
        arrays.__dict__["_span_mask"] = cached
    return cached


def _span_order_and_rows(starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lane order (a permutation) and span rows for events in global (start, end, id) order.

    Bars want longer-first on equal starts, so a year bar gets the upper row before its
    months: a lexsort on the lane when it has few enough spans to be packed one by one.
    """
    is_span = (ends - starts) > 1.0
    order = np.arange(len(starts))
    if is_span.any() and is_span.sum() <= PACK_LIMIT:
        order = np.lexsort((-ends, starts))
    return order, pack_rows(starts[order], ends[order], is_span[order])


@dataclass(frozen=True)
class EventInfo:
    """What tooltips and labels show about one event."""

    id: int
    summary: str
    earliest: date | None
    latest: date | None
    precision: str | None


class EventInfos(Mapping[int, EventInfo]):
    """``id → EventInfo`` built on demand from the arrays (no dict of a million rows)."""

    def __init__(self, arrays: Any, positions: np.ndarray) -> None:
        self._a = arrays
        self._in = np.zeros(len(arrays), dtype=bool)
        self._in[positions] = True

    def _pos(self, event_id: object) -> int | None:
        if not isinstance(event_id, int | np.integer):
            return None
        pos = self._a.position_of(int(event_id))
        return pos if pos is not None and self._in[pos] else None

    def __getitem__(self, event_id: int) -> EventInfo:
        pos = self._pos(event_id)
        if pos is None:
            raise KeyError(event_id)
        a = self._a
        start, end = a.start[pos], a.end[pos]
        dated = not np.isnan(start)
        prec = {0: "day", 1: "month", 2: "year"}.get(int(a.precision[pos]))
        return EventInfo(
            int(event_id),
            a.summary(pos),
            days_to_date(float(start)) if dated else None,
            days_to_date(float(end) - 1.0) if dated else None,
            prec if dated else None,
        )

    def __contains__(self, event_id: object) -> bool:
        return self._pos(event_id) is not None

    def days(self, event_id: int) -> tuple[float, float] | None:
        """[start, end) of a visible event, from the arrays: no lane needs building for it."""
        pos = self._pos(event_id)
        return None if pos is None else (float(self._a.start[pos]), float(self._a.end[pos]))

    def __iter__(self) -> Iterator[int]:
        return iter(self._a.ids[self._in].tolist())

    def __len__(self) -> int:
        return int(self._in.sum())


class LanesOf(Mapping[int, tuple[int, ...]]):
    """``event id → indices of the lanes showing it``, found on demand by start day."""

    def __init__(self, lanes: list[Lane], infos: EventInfos, arrays: Any) -> None:
        self._lanes, self._infos, self._a = lanes, infos, arrays

    def __getitem__(self, event_id: int) -> tuple[int, ...]:
        if event_id not in self._infos:
            raise KeyError(event_id)
        pos = self._a.position_of(int(event_id))
        if pos is None or np.isnan(self._a.start[pos]):
            raise KeyError(event_id)
        found = tuple(i for i, lane in enumerate(self._lanes) if lane.has_position(pos))
        if not found:
            raise KeyError(event_id)
        return found

    def __contains__(self, event_id: object) -> bool:
        try:
            self[event_id]  # type: ignore[index]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[int]:
        return iter(self._infos)

    def __len__(self) -> int:
        return len(self._infos)


@dataclass
class LaneData:
    lanes: list[Lane]
    undated: np.ndarray  # event ids with no calendar date, in date-list order
    events: EventInfos  # id → what labels and tooltips show
    lanes_of: LanesOf  # event id → indices of the lanes it appears in
    day_range: tuple[float, float] | None  # min start, max end over dated events
    starts: np.ndarray  # every visible dated event's start, sorted (overview, Tab order)
    dated: np.ndarray | slice  # their positions in ``arrays`` (a view or a slice: no gather)
    arrays: Any

    @cached_property
    def order_ids(self) -> np.ndarray:
        """Their ids, in the same order: gathered at the first Tab, not at every new filter
        (~2–7 ms for 600,000 events)."""
        return self.arrays.ids[self.dated]

    @property
    def empty(self) -> bool:
        return len(self.events) == 0


def event_days(earliest: date, latest: date | None) -> tuple[float, float]:
    """[start, end) in days: "2017" → 365 days, a single day → 1 day."""
    start = date_to_days(earliest)
    end = date_to_days(latest) + 1.0 if latest is not None else start + 1.0
    return start, max(end, start + 1.0)


LANE_MODES = ("actor", "source", "type")


@dataclass(frozen=True)
class LaneSpec:
    id: int
    name: str
    colour: str


def build_lanes(events: Sequence[EventLike], lanes: Sequence[LaneLike]) -> LaneData:
    """One lane per actor in ``lanes`` (in that order), then "Other" if any event needs it."""
    arrays = arrays_from_rows(events)
    return build_lanes_from_arrays(
        arrays,
        np.arange(len(arrays)),
        [LaneSpec(ln.id, ln.name, _colour(ln, i)) for i, ln in enumerate(lanes)],
    )


def _colour(lane: LaneLike, i: int) -> str:
    return lane.colour or OKABE_ITO[i % len(OKABE_ITO)]


def build_lanes_from_arrays(
    arrays: Any,
    positions: np.ndarray,
    specs: Sequence[LaneSpec],
    mode: str = "actor",
    top_n: int | None = None,
    collapsed: frozenset[int] = frozenset(),
    reuse: Sequence[Lane] = (),
) -> LaneData:
    """Lanes for the events at ``positions`` (sorted) of ``arrays`` (``EventArrays``).

    ``mode`` "actor"/"source": one lane per spec (in that order) holding the events linked to
    it; an event with two lane actors is in both lanes.  Beyond ``top_n`` lanes, and for events
    linked to no lane, an "Other" lane collects the rest (each such event once).  ``mode``
    "type": one lane per event type (``specs`` ignored).  Lanes of ``reuse`` (the previous
    layout) whose members did not change are kept with whatever they had built.
    """
    positions = np.asarray(positions, dtype=np.int64)
    n = len(arrays)
    k = _dated_prefix(arrays)
    if k is not None:  # undated last (date_order): slices and views, not masks and copies
        cut = int(np.searchsorted(positions, k))
        dated, undated_pos = positions[:cut], positions[cut:]
    else:
        undated = np.isnan(arrays.start[positions])
        dated, undated_pos = positions[~undated], positions[undated]
    full = len(positions) == n  # every event: ``positions`` is 0..n-1
    everything = full and not len(undated_pos)
    undated_ids = arrays.ids[undated_pos]
    in_view: np.ndarray | None = None  # built only if some lane has to be cut down to it
    members: list[tuple[LaneSpec, np.ndarray]] = []
    if mode == "type":
        codes = arrays.event_type[dated]
        for code, name in enumerate(arrays.types):
            sel = dated[codes == code]
            if len(sel):
                members.append(
                    (LaneSpec(code, name.capitalize(), OKABE_ITO[code % len(OKABE_ITO)]), sel)
                )
        members.sort(key=lambda m: -len(m[1]))
        rest = dated[:0]
    else:
        links = arrays.actors if mode == "actor" else arrays.sources
        vals, owns = _by_value(links, n)
        shown = list(specs)[:top_n] if top_n is not None else list(specs)
        covered = np.zeros(n, dtype=bool)
        for spec in shown:
            lo, hi = np.searchsorted(vals, [spec.id, spec.id + 1])
            sel = owns[lo:hi]
            if full and k is not None:  # every dated event is in view: cut off the undated
                sel = sel[: int(np.searchsorted(sel, k))]
            elif not everything:
                if in_view is None:
                    in_view = np.zeros(n, dtype=bool)
                    in_view[dated] = True
                sel = sel[in_view[sel]]
            if len(sel):
                members.append((spec, sel))
                covered[sel] = True
        rest = dated[~covered[dated]]
    if len(rest):
        hidden = max(len(specs) - top_n, 0) if mode != "type" and top_n is not None else 0
        name = f"Others ({hidden:,})" if hidden > 0 else "Other"
        members.append((LaneSpec(OTHER_LANE_ID, name, OTHER_COLOUR), rest))
    old = {lane.id: lane for lane in reuse}
    built = []
    for spec, sel in members:
        lane = old.get(spec.id)
        if lane is not None and lane.same_members(arrays, sel):
            lane.rebind(arrays)
            lane.name, lane.colour = spec.name, spec.colour
            lane.collapsed = spec.id in collapsed
        else:
            lane = Lane(arrays, spec, sel, spec.id in collapsed)
            if len(built) < BUILD_SOON[0] and len(sel) >= BUILD_SOON[1]:
                lane.build_soon()
        built.append(lane)
    infos = EventInfos(arrays, positions)
    view = full and k is not None  # ``dated`` is 0..k-1: columns are read as views
    starts = arrays.start[:k] if view else arrays.start[dated]
    day_range = (float(starts[0]), _max_end(arrays, dated, starts)) if len(dated) else None
    return LaneData(
        built,
        undated_ids,
        infos,
        LanesOf(built, infos, arrays),
        day_range,
        starts,
        slice(0, k) if view else dated,
        arrays,
    )


def _dated_prefix(arrays: Any) -> int | None:
    """How many events are dated, when they come first (``date_order`` puts the undated
    last); None for arrays in another order.  Cached per ``EventArrays``."""
    cached = arrays.__dict__.get("_dated_prefix", False)
    if cached is False:
        undated = np.isnan(arrays.start)
        k = len(undated) - int(np.count_nonzero(undated))
        cached = k if not undated[:k].any() else None
        arrays.__dict__["_dated_prefix"] = cached
    return cached


def _max_end(arrays: Any, dated: np.ndarray, starts: np.ndarray) -> float:
    """The latest end among ``dated`` (ascending positions; ``starts`` are their starts).

    Only events that start within the longest duration before the last event's end can end
    after it: the max is taken over that tail (a binary search away), not every event.
    """
    last_end = float(arrays.end[dated[-1]])
    k = int(np.searchsorted(starts, last_end - _longest(arrays), side="left"))
    return max(last_end, float(arrays.end[dated[k:]].max()))


def _longest(arrays: Any) -> float:
    """The longest duration of a dated event, in days: cached per ``EventArrays``."""
    cached = arrays.__dict__.get("_longest")
    if cached is None:
        spans = arrays.end - arrays.start
        cached = float(np.nanmax(spans)) if len(spans) and not np.isnan(spans).all() else 0.0
        arrays.__dict__["_longest"] = cached
    return cached


def _by_value(links: Any, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The link values sorted (stably) with their event positions: cached per ``Links``."""
    by_value = getattr(links, "by_value", None)
    if by_value is not None:
        return by_value()
    cached = links.__dict__.get("_by_value")
    if cached is None:
        owners = np.repeat(np.arange(n), np.diff(links.ptr))
        order = np.argsort(links.values, kind="stable")  # positions stay ascending per value
        cached = (links.values[order], owners[order])
        links.__dict__["_by_value"] = cached
    return cached


def arrays_from_rows(events: Sequence[EventLike]) -> Any:
    """``EventArrays`` for a list of row objects (tests, small callers): one code path."""
    from db.queries import EventArrays, Links, date_order  # db is importable from viewer

    rows = list(events)
    n = len(rows)
    start = np.full(n, np.nan)
    end = np.full(n, np.nan)
    for k, ev in enumerate(rows):
        if ev.earliest is not None:
            start[k], end[k] = event_days(ev.earliest, ev.latest)
    order = date_order(start, end, np.arange(n))  # input order on ties
    rows = [rows[k] for k in order.tolist()]
    start, end = start[order], end[order]
    types = tuple(sorted({getattr(r, "event_type", "other") for r in rows}))

    def links(attr: str) -> Links:
        vals = [tuple(dict.fromkeys(getattr(r, attr, ()))) for r in rows]
        ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum([len(v) for v in vals], out=ptr[1:])
        flat = np.fromiter((x for v in vals for x in v), dtype=np.int64, count=int(ptr[-1]))
        return Links(ptr, flat)

    summaries = [r.summary.replace("\n", " ") for r in rows]
    lens = np.fromiter((len(s) for s in summaries), dtype=np.int64, count=n)
    off = np.concatenate(([0], np.cumsum(lens + 1)))[:-1].astype(np.int64)
    prec = {"day": 0, "month": 1, "year": 2, None: -1}
    return EventArrays(
        ids=np.fromiter((r.id for r in rows), dtype=np.int64, count=n),
        start=start,
        end=end,
        precision=np.fromiter((prec.get(r.precision, 3) for r in rows), np.int8, n),
        event_type=np.fromiter(
            (types.index(getattr(r, "event_type", "other")) for r in rows), np.int16, n
        ),
        types=types,
        review=np.fromiter((REVIEW_CODES.get(r.review, 0) for r in rows), np.int8, n),
        starred=np.fromiter((bool(r.starred) for r in rows), bool, n),
        note_count=np.fromiter((r.note_count for r in rows), np.int32, n),
        actors=links("actor_ids"),
        things=links("thing_ids"),
        sources=links("source_ids"),
        tags=Links(np.zeros(n + 1, dtype=np.int64), np.zeros(0, dtype=np.int64)),
        tag_names={},
        summaries="\n".join(summaries) + "\n",
        summary_start=off,
        summary_end=off + lens,
    )


def pack_rows(starts: np.ndarray, ends: np.ndarray, is_span: np.ndarray) -> np.ndarray:
    """First-fit rows for the spans (sorted by start) so overlapping bars stack, not hide.

    Packing is in days, not pixels, so rows do not jump while zooming.  Points get -1.  A lane
    with more than PACK_LIMIT spans gets rows by length class instead (year bars on top, then
    months, then the rest): a Python first-fit over 100k spans would stall a filter change.
    """
    rows = np.full(len(starts), -1, dtype=np.int8)
    if is_span.sum() > PACK_LIMIT:
        length = ends - starts
        rows[is_span] = np.where(length[is_span] >= 300, 0, np.where(length[is_span] >= 28, 1, 2))
        return rows
    row_end: list[float] = []
    for k in np.flatnonzero(is_span).tolist():
        free = [r for r, free_from in enumerate(row_end) if starts[k] >= free_from]
        if free:
            r = free[0]
        else:
            if len(row_end) < MAX_SPAN_ROWS:
                r = len(row_end)
                row_end.append(0.0)
            else:  # full: share the row that frees up first
                r = int(np.argmin(row_end))
        row_end[r] = max(row_end[r], float(ends[k]))
        rows[k] = r
    return rows


def visible_slice(lane: Lane, day0: float, day1: float) -> slice:
    """Candidates for ``[day0, day1)``: every overlapping event lies in the slice.

    The upper bound is a search on starts; the lower bound a search on the running max of ends,
    which skips everything that ended before ``day0`` yet still finds a long span that began
    long before the window.  Events inside the slice may still end before ``day0``.
    """
    i0 = int(np.searchsorted(lane.max_end, day0, side="right"))
    i1 = int(np.searchsorted(lane.starts, day1, side="left"))
    return slice(i0, max(i0, i1))


def visible_indices(lane: Lane, day0: float, day1: float) -> np.ndarray:
    """Exact indices (into the lane arrays, ascending) of events overlapping ``[day0, day1)``."""
    sl = visible_slice(lane, day0, day1)
    return np.arange(sl.start, sl.stop)[lane.ends[sl] > day0]


def cluster_starts(xs: np.ndarray, gap: float, chunk: float | None = None) -> np.ndarray:
    """Start positions of runs of sorted ``xs`` closer than ``gap`` px to their neighbour.

    ``chunk`` (default 8 × gap) caps how far one chain may run, so a dense lane turns into a
    row of merged markers rather than one blob; it is anchored to x, so it is stable in a frame.
    """
    if len(xs) == 0:
        return np.zeros(0, dtype=np.int64)
    chunk = chunk or gap * 8
    bucket = np.floor(xs / chunk)
    brk = (np.diff(xs) > gap) | (np.diff(bucket) != 0)
    return np.concatenate(([0], np.flatnonzero(brk) + 1)).astype(np.int64)


def lane_tops(lanes: Sequence[Lane]) -> np.ndarray:
    """Top of each lane relative to the first, plus the total height as the last entry."""
    return np.concatenate(([0], np.cumsum([ln.height for ln in lanes]))).astype(int)
