"""Lane arrays for the timeline, and the per-frame visibility/merging maths.  No Qt.

The widget never walks Python objects while painting: ``build_lanes`` turns the event rows into
one set of numpy arrays per lane, sorted by start day, and each frame asks ``visible_indices``
(binary search) for what is on screen and ``cluster_starts`` for which markers fall in the same
few pixels.  Both are O(log n + visible), which is what lets a lane hold a million events.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

import numpy as np

from viewer.timeline.scale import date_to_days

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


class EventLike(Protocol):
    """What ``build_lanes`` reads from an event (``db.queries.EventRow`` has all of it)."""

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
    """One actor's events as parallel arrays sorted by ``starts``."""

    id: int  # actor id, or OTHER_LANE_ID
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
    max_end: np.ndarray = field(init=False)  # running max of ends: finds long spans fast
    span_rows: int = field(init=False)

    def __post_init__(self) -> None:
        self.max_end = np.maximum.accumulate(self.ends) if len(self.ends) else self.ends.copy()
        self.span_rows = int(self.row.max()) + 1 if len(self.row) and self.row.max() >= 0 else 0

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def height(self) -> int:
        return MARKER_ROW + self.span_rows * SPAN_ROW + LANE_PADDING

    def index_of(self, event_id: int) -> int | None:
        hits = np.flatnonzero(self.ids == event_id)
        return int(hits[0]) if len(hits) else None


@dataclass
class LaneData:
    lanes: list[Lane]
    undated: list[int]  # event ids with no calendar date, in input order
    events: dict[int, Any]  # id → the row it came from (tooltips, labels)
    lanes_of: dict[int, tuple[int, ...]]  # event id → indices of the lanes it appears in
    day_range: tuple[float, float] | None  # min start, max end over dated events

    @property
    def empty(self) -> bool:
        return not self.events


def event_days(earliest: date, latest: date | None) -> tuple[float, float]:
    """[start, end) in days: "2017" → 365 days, a single day → 1 day."""
    start = date_to_days(earliest)
    end = date_to_days(latest) + 1.0 if latest is not None else start + 1.0
    return start, max(end, start + 1.0)


def build_lanes(events: Sequence[EventLike], lanes: Sequence[LaneLike]) -> LaneData:
    """One lane per actor in ``lanes`` (in that order), then "Other" if any event needs it.

    An event is placed in the lane of every one of its actors that has a lane, so an event
    between two actors shows in both (the widget links the copies when it is selected).
    """
    lane_of_actor = {lane.id: i for i, lane in enumerate(lanes)}
    members: list[list[int]] = [[] for _ in range(len(lanes) + 1)]  # last: Other
    undated: list[int] = []
    by_id: dict[int, Any] = {}
    n = len(events)
    starts, ends = np.zeros(n), np.zeros(n)
    for k, ev in enumerate(events):
        by_id[ev.id] = ev
        if ev.earliest is None:
            undated.append(ev.id)
            continue
        starts[k], ends[k] = event_days(ev.earliest, ev.latest)
        placed = dict.fromkeys(lane_of_actor[a] for a in ev.actor_ids if a in lane_of_actor)
        for i in placed or (len(lanes),):
            members[i].append(k)

    specs = [(ln.id, ln.name, ln.colour or OKABE_ITO[i % len(OKABE_ITO)]) for i, ln in
             enumerate(lanes)]
    specs.append((OTHER_LANE_ID, "Other", OTHER_COLOUR))
    built: list[Lane] = []
    lanes_of: dict[int, list[int]] = {}
    for (lane_id, name, colour), idx in zip(specs, members, strict=True):
        if lane_id == OTHER_LANE_ID and not idx:
            continue
        lane = _make_lane(lane_id, name, colour, events, np.asarray(idx, dtype=np.int64),
                          starts, ends)
        for eid in lane.ids.tolist():
            lanes_of.setdefault(eid, []).append(len(built))
        built.append(lane)

    dated = [i for i, ev in enumerate(events) if ev.earliest is not None]
    day_range = (float(starts[dated].min()), float(ends[dated].max())) if dated else None
    return LaneData(built, undated, by_id, {k: tuple(v) for k, v in lanes_of.items()}, day_range)


def _make_lane(lane_id: int, name: str, colour: str, events: Sequence[EventLike],
               idx: np.ndarray, all_starts: np.ndarray, all_ends: np.ndarray) -> Lane:
    # Sort by start, longer first on ties so a year bar gets the upper row before its months.
    order = idx[np.lexsort((-all_ends[idx], all_starts[idx]))] if len(idx) else idx
    rows = [events[k] for k in order.tolist()]
    starts, ends = all_starts[order], all_ends[order]
    is_span = (ends - starts) > 1.0
    return Lane(
        id=lane_id, name=name, colour=colour,
        starts=starts, ends=ends,
        ids=np.fromiter((r.id for r in rows), dtype=np.int64, count=len(rows)),
        is_span=is_span,
        row=pack_rows(starts, ends, is_span),
        starred=np.fromiter((bool(r.starred) for r in rows), dtype=bool, count=len(rows)),
        review=np.fromiter((REVIEW_CODES.get(r.review, 0) for r in rows), dtype=np.int8,
                           count=len(rows)),
        has_note=np.fromiter((r.note_count > 0 for r in rows), dtype=bool, count=len(rows)),
        # EventRow has no "approximate" yet; read it when the db starts exposing it.
        approximate=np.fromiter((bool(getattr(r, "approximate", False)) for r in rows),
                                dtype=bool, count=len(rows)),
    )


def pack_rows(starts: np.ndarray, ends: np.ndarray, is_span: np.ndarray) -> np.ndarray:
    """First-fit rows for the spans (sorted by start) so overlapping bars stack, not hide.

    Packing is in days, not pixels, so rows do not jump while zooming.  Points get -1.
    """
    rows = np.full(len(starts), -1, dtype=np.int8)
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
