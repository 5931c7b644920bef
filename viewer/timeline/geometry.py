"""Where the timeline's parts sit on screen: fixed bands, lane metrics, the viewport.  No Qt.

The frame builder, the hit tester and the painters all read the same numbers from here, so a
click lands on what is drawn whatever the lane height the user chose.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from viewer.timeline.layout import Lane

GUTTER = 168  # lane names
AXIS_H = 30
OVERVIEW_H = 28  # the minimap strip above the axis
HEADER_H = OVERVIEW_H + AXIS_H
SHELF_H = 30  # undated shelf, only when there are undated events
MARKER_R = 5.0
MERGE_PX = 2 * MARKER_R + 1  # closer markers would overlap: merge them into one counted marker
PILL_H = 16  # a merged marker's count pill

# Lane height (px) of a lane with a full stack of bars; the user picks it (menu, Ctrl+wheel).
LANE_HEIGHT_MIN = 26
LANE_HEIGHT_MAX = 90
LANE_HEIGHT_DEFAULT = 28  # compact: ten or more lanes in a 1600×1000 window
LANE_HEIGHT_STEP = 4
LANE_HEIGHT_PRESETS = {"Compact": 28, "Comfortable": 64, "Roomy": 90}  # 64: labels in bars


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in widget pixels (QRectF at the Qt boundary)."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def centre(self) -> tuple[float, float]:
        return self.left + self.width / 2, self.top + self.height / 2

    def contains(self, x: float, y: float) -> bool:
        # Half-open like QRectF.contains for a point on the far edges.
        return self.left <= x <= self.right and self.top <= y <= self.bottom

    def grown(self, d: float) -> Box:
        return Box(self.left - d, self.top - d, self.width + 2 * d, self.height + 2 * d)


@dataclass(frozen=True)
class LaneMetrics:
    """Vertical geometry of a lane: the marker row, then one row per stack of bars."""

    marker_row: int  # star above, marker at ``marker_y``, label beside it
    marker_y: int
    span_row: int
    span_height: int
    padding: int
    collapsed: int = 18  # a collapsed lane: a density strip
    max_span_rows: int = 3

    @classmethod
    def for_height(cls, height: int) -> LaneMetrics:
        """Metrics whose fullest lane (three rows of bars) is ``height`` px tall.

        90 px gives the roomy lanes of the first versions (labels inside bars); at the compact
        default the bars are thin strips and the marker row is just tall enough for a pill.
        """
        h = int(min(max(height, LANE_HEIGHT_MIN), LANE_HEIGHT_MAX))
        padding = 5 if h >= 60 else 2
        # Bars get room for a label (15 px rows) before the marker row grows beyond a pill.
        marker_row = int(min(34, max(PILL_H + 2, h - padding - 3 * 15)))
        span_row = max(2, (h - marker_row - padding) // 3)
        if span_row >= 15:
            span_height = span_row - 4
        elif span_row >= 8:
            span_height = span_row - 2
        else:
            span_height = max(span_row - 1, 1)
        marker_y = marker_row // 2 + (2 if marker_row >= 30 else 0)
        return cls(marker_row, marker_y, span_row, span_height, padding)

    @property
    def full_height(self) -> int:
        return self.marker_row + self.max_span_rows * self.span_row + self.padding

    @property
    def bar_labels(self) -> bool:
        """Bars tall enough to carry their summary (and star/tick glyphs)."""
        return self.span_height >= 11

    def lane_height(self, lane: Lane) -> int:
        if lane.collapsed:
            return self.collapsed
        return self.marker_row + min(lane.span_rows, self.max_span_rows) * self.span_row + (
            self.padding
        )

    def tops(self, lanes: Sequence[Lane]) -> np.ndarray:
        """Top of each lane relative to the first, plus the total height as the last entry."""
        return np.concatenate(([0], np.cumsum([self.lane_height(ln) for ln in lanes]))).astype(
            int
        )

    def bar_top(self, lane_top: float, row: int) -> float:
        return lane_top + self.marker_row + row * self.span_row


@dataclass(frozen=True)
class Viewport:
    """The widget's size, its vertical scroll and what the scroll bar and shelf take."""

    width: float
    height: float
    scroll: float = 0.0  # vertical scroll of the lanes (px)
    vbar_width: float = 0.0  # 0 when the scroll bar is hidden
    shelf: float = 0.0  # undated shelf height, 0 when there is none

    @property
    def lanes_box(self) -> Box:
        """Where lanes are drawn (gutter included), between the axis and the shelf."""
        return Box(0.0, HEADER_H, self.width - self.vbar_width, self.height - HEADER_H - self.shelf)

    @property
    def content_right(self) -> float:
        return self.width - self.vbar_width

    @property
    def plot_box(self) -> Box:
        """The lanes' area right of the gutter (where events are drawn)."""
        lanes = self.lanes_box
        return Box(GUTTER, lanes.top, lanes.width - GUTTER, lanes.height)

    def lane_tops(self, metrics: LaneMetrics, lanes: Sequence[Lane]) -> np.ndarray:
        """Widget y of each lane's top (and of the end of the last lane)."""
        return HEADER_H + metrics.tops(lanes) - self.scroll

    def overview_box(self) -> Box:
        return Box(GUTTER, 3, max(self.content_right - GUTTER - 4, 1), OVERVIEW_H - 6)


@dataclass(frozen=True)
class OverviewAxis:
    """The overview strip's own time↔pixel map: the whole data range across its box."""

    box: Box
    start: float
    end: float

    def x_of(self, day: float) -> float:
        return self.box.left + (day - self.start) / max(self.end - self.start, 1e-9) * (
            self.box.width
        )

    def day_at(self, x: float) -> float:
        return self.start + (x - self.box.left) / max(self.box.width, 1.0) * (
            self.end - self.start
        )


def overview_range(day_range: tuple[float, float] | None, today: float) -> tuple[float, float]:
    """Days the overview spans: the data with a margin (a year around nothing at all)."""
    if day_range is None:
        return today - 365.0, today + 1.0
    pad = max((day_range[1] - day_range[0]) * 0.02, 15.0)
    return day_range[0] - pad, day_range[1] + pad


def dense_range(starts: np.ndarray, share: float = 0.96) -> tuple[float, float] | None:
    """Days holding the middle ``share`` of the dated events (2nd–98th percentile by default).

    The first view of a project: a few stray events decades away should not squeeze the busy
    months into count badges.  None when there are too few events for percentiles to matter.
    """
    n = len(starts)
    if n < 20:
        return None
    tail = (1.0 - share) / 2
    lo = float(starts[int(tail * (n - 1))])
    hi = float(starts[int(np.ceil((1.0 - tail) * (n - 1)))]) + 1.0
    return lo, max(hi, lo + 7.0)
