"""The hit tester: what is under a point of the frame that was drawn.  No Qt.

It reads the same ``Frame`` the painters drew, so it answers for exactly what is on screen:
an undated chip, a single marker or bar, a merged marker (its members), or a density cluster
(its extent in days and its size).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from viewer.timeline import layout as lay
from viewer.timeline.frame import Frame, LaneFrame
from viewer.timeline.geometry import GUTTER, MARKER_R

DENSITY_MEMBERS = 8  # ids handed back for a density cluster (for its tooltip)


@dataclass(frozen=True)
class Hit:
    kind: str  # "event" | "cluster" | "chip" | "density"
    ids: tuple[int, ...]  # one id, or a cluster's members (first few for "density")
    lane: int = -1
    days: tuple[float, float] | None = None  # a density cluster's extent
    count: int = 0  # a density cluster's size


def hit_test(
    frame: Frame,
    data: lay.LaneData | None,
    x: float,
    y: float,
    pill_half_width: Callable[[int], float],
) -> Hit | None:
    """The thing drawn at widget ``(x, y)``; ``pill_half_width(count)`` sizes merged markers."""
    if data is None:
        return None
    for box, eid in frame.chips:
        if box.contains(x, y):
            return Hit("chip", (eid,))
    area = frame.view.lanes_box
    if not area.contains(x, y) or x < GUTTER:
        return None
    for lf in frame.lanes:
        if not lf.top <= y < lf.top + lf.height:
            continue
        lane = data.lanes[lf.lane]
        if lf.dense is not None:
            return _dense_hit(lf, lane, x)
        if abs(y - lf.marker_y) <= MARKER_R + 6 and len(lf.cx):
            k = int(np.argmin(np.abs(lf.cx - x)))
            single = lf.ccount[k] == 1
            reach = MARKER_R + 4 if single else pill_half_width(int(lf.ccount[k])) + 2
            if abs(lf.cx[k] - x) <= reach:
                members = lf.pts[lf.cstart[k] : lf.cstart[k] + lf.ccount[k]]
                ids = tuple(int(v) for v in lane.ids[members])
                return Hit("event" if len(ids) == 1 else "cluster", ids, lf.lane)
        for k in range(len(lf.spans) - 1, -1, -1):  # topmost (last drawn) first
            # Thin compact bars get a few pixels of slack so they stay clickable.
            if lf.span_box(lane, k, frame.metrics).grown(2).contains(x, y):
                return Hit("event", (int(lane.ids[lf.spans[k]]),), lf.lane)
    return None


def _dense_hit(lf: LaneFrame, lane: lay.Lane, x: float) -> Hit | None:
    assert lf.dense is not None and lf.cluster_x is not None and lf.edges is not None
    x0, x1 = lf.cluster_x
    k = int(np.searchsorted(x1, x - 3, side="left"))
    if k >= len(x0) or x0[k] > x + 3:
        return None
    cl = lf.dense
    d0, d1 = float(lf.edges[cl.first[k]]), float(lf.edges[cl.last[k] + 1])
    lo, hi = np.searchsorted(lane.point_starts, [d0, d1])
    members = lane.ids[~lane.is_span][lo : min(hi, lo + DENSITY_MEMBERS)]
    return Hit("density", tuple(int(v) for v in members), lf.lane, (d0, d1), int(cl.count[k]))
