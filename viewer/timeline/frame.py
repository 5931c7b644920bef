"""The frame builder: what is drawn where, from the lane arrays and the time scale.  No Qt.

``build_frame`` asks ``layout`` for the visible slice of every lane on screen (binary search),
merges markers that share a few pixels, and decides per lane between single events and a
density histogram (``lod``).  Painting and hit testing both read the ``Frame`` it returns, so a
click always finds what the user sees.  Text widths come in as plain functions, so the builder
runs (and is tested) without a display.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from viewer.timeline import layout as lay
from viewer.timeline import lod
from viewer.timeline.geometry import (
    GUTTER,
    MARKER_R,
    MERGE_PX,
    Box,
    LaneMetrics,
    Viewport,
)
from viewer.timeline.scale import TimeScale

CHIPS_MAX = 200  # undated chips considered for the shelf (the rest are "+N more")


@dataclass
class LaneFrame:
    """Screen geometry of one lane for the current view."""

    lane: int
    top: float
    height: float
    marker_y: float
    pts: np.ndarray  # visible point-event indices into the lane arrays, ascending x
    cstart: np.ndarray  # cluster start positions into ``pts``
    ccount: np.ndarray  # events per cluster
    cx: np.ndarray  # cluster centre x (widget px)
    spans: np.ndarray  # visible span-event indices into the lane arrays
    sx0: np.ndarray  # bar left/right (widget px, at least 3 px apart)
    sx1: np.ndarray
    dense: lod.Clusters | None = None  # set: drawn as density, the arrays above are empty
    edges: np.ndarray | None = None  # bucket edges (days)
    counts: np.ndarray | None = None  # point events per bucket
    coverage: np.ndarray | None = None  # spans over each bucket
    cluster_x: tuple[np.ndarray, np.ndarray] | None = None  # cluster left/right (widget px)

    def span_box(self, lane: lay.Lane, k: int, metrics: LaneMetrics) -> Box:
        """Bar of ``spans[k]``."""
        y = metrics.bar_top(self.top, int(lane.row[self.spans[k]]))
        return Box(float(self.sx0[k]), y, float(self.sx1[k] - self.sx0[k]), metrics.span_height)


@dataclass
class Frame:
    view: Viewport
    metrics: LaneMetrics
    lanes: list[LaneFrame] = field(default_factory=list)
    chips: list[tuple[Box, int]] = field(default_factory=list)  # undated shelf
    more_undated: int = 0

    @cached_property
    def density_peak(self) -> float:
        """Count that fills a bar: the busiest bucket among the lanes in view."""
        peak = 1
        for lf in self.lanes:
            if lf.counts is not None and len(lf.counts):
                peak = max(peak, int(lf.counts.max()))
        return float(peak)


def build_frame(
    data: lay.LaneData | None,
    scale: TimeScale,
    view: Viewport,
    metrics: LaneMetrics,
    chip_width: Callable[[int], float] = lambda _eid: 120.0,
    scrolled: Frame | None = None,
) -> Frame:
    """Everything the painters draw for ``data`` under ``scale`` in ``view``.

    ``chip_width(event_id)`` is the width an undated chip needs (its elided summary).
    ``scrolled``: the frame of the same lanes and time scale before a vertical scroll, whose
    lanes are moved rather than laid out again (see ``scroll_key``).
    """
    frame = Frame(view, metrics)
    if data is None:
        return frame
    sc = scale
    area = view.lanes_box
    pad = (MARKER_R + 2) * sc.days_per_px  # half-visible markers at the edges still count
    tops = view.lane_tops(metrics, data.lanes)
    laid = {lf.lane: lf for lf in scrolled.lanes} if scrolled is not None else {}
    for i, lane in enumerate(data.lanes):
        top, height = float(tops[i]), float(tops[i + 1] - tops[i])
        if top > area.bottom or top + height < area.top:
            continue
        marker_y = top + metrics.marker_y
        if i in laid:  # only its place on screen moved
            frame.lanes.append(replace(laid[i], top=top, height=height, marker_y=marker_y))
            continue
        if is_dense(lane, sc.start - pad, sc.end + pad):
            frame.lanes.append(_dense_frame(i, top, height, marker_y, lane, sc))
            continue
        idx = lay.visible_indices(lane, sc.start - pad, sc.end + pad)
        span_mask = lane.is_span[idx]
        pts, spans = idx[~span_mask], idx[span_mask]
        band = None
        if len(spans) > lod.SPANS_INDIVIDUAL_MAX:  # a wall of month/year bars: shade it
            edges = lod.bucket_edges(sc.start, sc.days_per_px, sc.width)
            band = (edges, lod.span_coverage(lane.span_starts, lane.span_ends, edges))
            spans = spans[:0]
        px = GUTTER + sc.x_of(lane.starts[pts] + 0.5)
        cstart = lay.cluster_starts(px, MERGE_PX)
        ccount = np.diff(np.append(cstart, len(pts)))
        cx = np.add.reduceat(px, cstart) / ccount if len(pts) else px
        sx0 = GUTTER + sc.x_of(lane.starts[spans])
        sx1 = np.maximum(GUTTER + sc.x_of(lane.ends[spans]), sx0 + 3.0)
        # Clip bars to a little beyond the content so huge zooms stay in float range.
        sx0, sx1 = np.maximum(sx0, GUTTER - 4.0), np.minimum(sx1, area.right + 4.0)
        lf = LaneFrame(i, top, height, marker_y, pts, cstart, ccount, cx, spans, sx0, sx1)
        if band is not None:
            lf.edges, lf.coverage = band
        frame.lanes.append(lf)
    _layout_shelf(frame, data, chip_width)
    return frame


def scroll_key(
    data: lay.LaneData | None, scale: TimeScale, view: Viewport, metrics: LaneMetrics
) -> tuple:
    """What the lanes of a frame of ``data`` (the same object) depend on besides the vertical
    scroll: under an equal key a frame can be scrolled (``build_frame(..., scrolled=)``)
    instead of laid out again."""
    lanes = data.lanes if data is not None else []
    return (scale.start, scale.days_per_px, scale.width, view.width, view.vbar_width,
            view.shelf, metrics, tuple(lane.collapsed for lane in lanes))  # fmt: skip


def is_dense(lane: lay.Lane, day0: float, day1: float) -> bool:
    """Draw this lane as density? Collapsed, or more in view than fits one by one."""
    if lane.collapsed:
        return True
    # Points decide: spans beyond a handful are shaded as coverage anyway.
    lo, hi = np.searchsorted(lane.point_starts, [day0 - 1.0, day1])
    return int(hi - lo) > lod.INDIVIDUAL_MAX


def _dense_frame(
    i: int, top: float, height: float, marker_y: float, lane: lay.Lane, sc: TimeScale
) -> LaneFrame:
    edges = lod.bucket_edges(sc.start, sc.days_per_px, sc.width)
    counts = lod.point_counts(lane.point_starts, edges)
    coverage = lod.span_coverage(lane.span_starts, lane.span_ends, edges)
    cl = lod.clusters(counts, edges, sc.days_per_px)
    x0 = GUTTER + sc.x_of(edges[cl.first])
    x1 = GUTTER + sc.x_of(edges[cl.last + 1])
    empty = np.zeros(0, dtype=np.int64)
    nothing = np.zeros(0)
    return LaneFrame(
        i, top, height, marker_y, empty, empty, empty, nothing, empty, nothing, nothing,
        cl, edges, counts, coverage, (x0, x1),
    )  # fmt: skip


def _layout_shelf(frame: Frame, data: lay.LaneData, chip_width: Callable[[int], float]) -> None:
    if not len(data.undated):
        return
    view = frame.view
    top = view.height - view.shelf
    y, h = top + 5, view.shelf - 10
    x, right = GUTTER + 6.0, view.content_right - 6
    for n, eid in enumerate(data.undated[:CHIPS_MAX].tolist()):
        w = chip_width(eid)
        if x + w > right - (60 if n < len(data.undated) - 1 else 0):
            frame.more_undated = len(data.undated) - n
            break
        frame.chips.append((Box(x, y, w, h), eid))
        x += w + 6


# ---- geometry queries (for callers that anchor popups, the selection ring and tests) ----


def event_box(
    data: lay.LaneData,
    scale: TimeScale,
    view: Viewport,
    metrics: LaneMetrics,
    event_id: int,
    lane_pos: int = 0,
) -> Box | None:
    """Where a dated ``event_id`` is drawn in its ``lane_pos``-th lane (marker or bar)."""
    if event_id not in data.lanes_of:
        return None
    lane_idx = data.lanes_of[event_id][lane_pos]
    lane = data.lanes[lane_idx]
    k = lane.index_of(event_id)
    assert k is not None
    top = float(view.lane_tops(metrics, data.lanes[: lane_idx + 1])[lane_idx])
    x0 = GUTTER + scale.x_of(float(lane.starts[k]))
    if lane.is_span[k]:
        x1 = max(GUTTER + scale.x_of(float(lane.ends[k])), x0 + 3)
        return Box(x0, metrics.bar_top(top, int(lane.row[k])), x1 - x0, metrics.span_height)
    cx = GUTTER + scale.x_of(float(lane.starts[k]) + 0.5)
    cy = top + metrics.marker_y
    return Box(cx - MARKER_R, cy - MARKER_R, 2 * MARKER_R, 2 * MARKER_R)


def events_in_box(
    data: lay.LaneData, scale: TimeScale, view: Viewport, metrics: LaneMetrics, box: Box
) -> np.ndarray:
    """Ids (ascending, each once) of the dated events drawn in ``box``: every event of a lane
    the box touches whose days overlap the box's days."""
    d0 = scale.day_at(max(box.left, GUTTER) - GUTTER - MARKER_R)
    d1 = scale.day_at(box.right - GUTTER + MARKER_R)
    tops = view.lane_tops(metrics, data.lanes)
    found = [
        lane.ids[lay.visible_indices(lane, d0, d1)]
        for i, lane in enumerate(data.lanes)
        if tops[i] < box.bottom and tops[i + 1] > box.top
    ]
    return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


def lane_at_y(data: lay.LaneData, view: Viewport, metrics: LaneMetrics, y: float) -> int | None:
    tops = view.lane_tops(metrics, data.lanes)
    i = int(np.searchsorted(tops, y, side="right")) - 1
    return i if 0 <= i < len(data.lanes) else None


def lanes_fully_visible(data: lay.LaneData, view: Viewport, metrics: LaneMetrics) -> int:
    """How many lanes are on screen from top to bottom (the cramped-timeline measure)."""
    area = view.lanes_box
    tops = view.lane_tops(metrics, data.lanes)
    return int(np.count_nonzero((tops[:-1] >= area.top - 0.5) & (tops[1:] <= area.bottom + 0.5)))
