"""Lane arrays for the timeline, and the per-frame visibility/merging maths.  No Qt.

The widget never walks Python objects while painting: ``build_lanes`` turns the event rows into
one set of numpy arrays per lane, sorted by start day, and each frame asks ``visible_indices``
(binary search) for what is on screen and ``cluster_starts`` for which markers fall in the same
few pixels.  Both are O(log n + visible), which is what lets a lane hold a million events.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
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


@dataclass
class Lane:
    """One lane's events as parallel arrays sorted by ``starts``."""

    id: int  # actor/source id, type index, or OTHER_LANE_ID
    name: str
    colour: str  # "#rrggbb", never empty
    starts: np.ndarray  # float64 days
    ends: np.ndarray  # float64 days, exclusive (a one-day event is 1.0 wide)
    ids: np.ndarray  # int64 event ids
    is_span: np.ndarray  # bool: wider than one day → drawn as a bar
    row: np.ndarray  # int8: span row (0..MAX_SPAN_ROWS-1), -1 for point events
    starred: np.ndarray  # bool
    review: np.ndarray  # int8 REVIEW_CODES
    has_note: np.ndarray  # bool
    approximate: np.ndarray  # bool
    total: int = -1  # events in the lane (defaults to len); "Others" shows its actors' sum
    collapsed: bool = False  # a thin density strip only
    max_end: np.ndarray = field(init=False)  # running max of ends: finds long spans fast
    span_rows: int = field(init=False)
    point_starts: np.ndarray = field(init=False)  # starts of point events (sorted): counts
    span_starts: np.ndarray = field(init=False)  # starts/ends of spans, each sorted: coverage
    span_ends: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.max_end = np.maximum.accumulate(self.ends) if len(self.ends) else self.ends.copy()
        self.span_rows = int(self.row.max()) + 1 if len(self.row) and self.row.max() >= 0 else 0
        self.point_starts = self.starts[~self.is_span]
        self.span_starts = self.starts[self.is_span]
        self.span_ends = np.sort(self.ends[self.is_span])
        if self.total < 0:
            self.total = len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def height(self) -> int:
        if self.collapsed:
            return COLLAPSED_H
        return MARKER_ROW + self.span_rows * SPAN_ROW + LANE_PADDING

    def index_of(self, event_id: int, day: float | None = None) -> int | None:
        if day is not None and len(self.starts):  # narrow by the start day first
            lo = int(np.searchsorted(self.starts, day, side="left"))
            hi = int(np.searchsorted(self.starts, day, side="right"))
            hits = np.flatnonzero(self.ids[lo:hi] == event_id)
            return lo + int(hits[0]) if len(hits) else None
        hits = np.flatnonzero(self.ids == event_id)
        return int(hits[0]) if len(hits) else None


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
        day = float(self._a.start[pos])
        if np.isnan(day):
            raise KeyError(event_id)
        found = tuple(
            i for i, lane in enumerate(self._lanes) if lane.index_of(int(event_id), day) is not None
        )
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
    order_ids: np.ndarray  # their ids, in the same order

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
) -> LaneData:
    """Lanes for the events at ``positions`` (sorted) of ``arrays`` (``EventArrays``).

    ``mode`` "actor"/"source": one lane per spec (in that order) holding the events linked to
    it; an event with two lane actors is in both lanes.  Beyond ``top_n`` lanes, and for events
    linked to no lane, an "Other" lane collects the rest (each such event once).  ``mode``
    "type": one lane per event type (``specs`` ignored).
    """
    positions = np.asarray(positions, dtype=np.int64)
    dated = positions[~np.isnan(arrays.start[positions])]
    undated_ids = arrays.ids[positions[np.isnan(arrays.start[positions])]]
    n = len(arrays)
    in_view = np.zeros(n, dtype=bool)
    in_view[dated] = True
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
        covered = in_view
    else:
        links = arrays.actors if mode == "actor" else arrays.sources
        vals, owns = _by_value(links, n)
        keep = in_view[owns]
        vals, owns = vals[keep], owns[keep]
        shown = list(specs)[:top_n] if top_n is not None else list(specs)
        covered = np.zeros(n, dtype=bool)
        for spec in shown:
            lo, hi = np.searchsorted(vals, [spec.id, spec.id + 1])
            sel = owns[lo:hi]
            if len(sel):
                members.append((spec, sel))
                covered[sel] = True
    rest = dated[~covered[dated]] if mode != "type" else dated[:0]
    if len(rest):
        hidden = max(len(specs) - top_n, 0) if mode != "type" and top_n is not None else 0
        name = f"Others ({hidden:,})" if hidden > 0 else "Other"
        members.append((LaneSpec(OTHER_LANE_ID, name, OTHER_COLOUR), rest))
    built = [_lane_from(arrays, spec, sel, spec.id in collapsed) for spec, sel in members]
    infos = EventInfos(arrays, positions)
    starts = arrays.start[dated]
    day_range = (float(starts.min()), float(arrays.end[dated].max())) if len(dated) else None
    return LaneData(
        built,
        undated_ids,
        infos,
        LanesOf(built, infos, arrays),
        day_range,
        starts,
        arrays.ids[dated],
    )


def _by_value(links: Any, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The link values sorted (stably) with their event positions: cached per ``Links``."""
    cached = links.__dict__.get("_by_value")
    if cached is None:
        owners = np.repeat(np.arange(n), np.diff(links.ptr))
        order = np.argsort(links.values, kind="stable")  # positions stay ascending per value
        cached = (links.values[order], owners[order])
        links.__dict__["_by_value"] = cached
    return cached


def _lane_from(arrays: Any, spec: LaneSpec, sel: np.ndarray, collapsed: bool) -> Lane:
    # ``sel`` is ascending in the global (start, end, id) order; bars want longer-first on ties
    # so a year bar gets the upper row before its months — a lexsort on the small lane only.
    starts, ends = arrays.start[sel], arrays.end[sel]
    is_span = (ends - starts) > 1.0
    if is_span.any() and is_span.sum() <= PACK_LIMIT:
        order = np.lexsort((-ends, starts))
        sel, starts, ends, is_span = sel[order], starts[order], ends[order], is_span[order]
    return Lane(
        id=spec.id,
        name=spec.name,
        colour=spec.colour,
        starts=starts,
        ends=ends,
        ids=arrays.ids[sel],
        is_span=is_span,
        row=pack_rows(starts, ends, is_span),
        starred=arrays.starred[sel],
        review=arrays.review[sel],
        has_note=arrays.note_count[sel] > 0,
        approximate=np.zeros(len(sel), dtype=bool),  # not in the db yet
        collapsed=collapsed,
    )


def arrays_from_rows(events: Sequence[EventLike]) -> Any:
    """``EventArrays`` for a list of row objects (tests, small callers): one code path."""
    from db.queries import EventArrays, Links  # db is importable from viewer

    rows = list(events)
    n = len(rows)
    start = np.full(n, np.nan)
    end = np.full(n, np.nan)
    for k, ev in enumerate(rows):
        if ev.earliest is not None:
            start[k], end[k] = event_days(ev.earliest, ev.latest)
    order = np.lexsort((np.arange(n), end, start))  # stable: input order on ties
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
