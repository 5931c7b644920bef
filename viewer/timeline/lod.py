"""Level of detail: per-lane counts in pixel buckets and the clusters drawn from them.  No Qt.

When a lane has more events in view than can be drawn one by one, the widget draws a density
histogram instead.  Everything here is binary search on the lane's sorted arrays, so a frame
costs O(buckets × log n) per lane whatever the lane holds:

- ``bucket_edges`` cuts the view into buckets of a few pixels, anchored to absolute days (a
  pan moves the buckets with the content instead of re-binning it, so nothing shimmers);
- ``point_counts`` counts one-day events per bucket by their start (each event in exactly
  one bucket: ``searchsorted`` on the bucket edges);
- ``span_coverage`` counts month/year spans overlapping each bucket (a span covers many);
- ``clusters`` merges runs of non-empty buckets into labelled groups ("+1,284"), cut at a
  fixed absolute grid so a cluster does not grow across the whole lane.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BUCKET_PX = 3  # density resolution
CLUSTER_PX = 90  # a cluster never spans more than one cell of this absolute grid
INDIVIDUAL_MAX = 160  # one-day events in view per lane up to which they are drawn one by one
SPANS_INDIVIDUAL_MAX = 40  # month/year bars in view drawn one by one; beyond, shaded coverage


def bucket_edges(
    start: float, days_per_px: float, width_px: float, bucket_px: int = BUCKET_PX
) -> np.ndarray:
    """Edges (days) of buckets covering ``[start, start + width_px·dpp)``, on an absolute grid."""
    step = bucket_px * days_per_px
    first = np.floor(start / step)
    count = int(np.ceil(width_px / bucket_px)) + 2
    return (first + np.arange(count + 1)) * step


def point_counts(starts: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Events of sorted ``starts`` in each ``[edges[k], edges[k+1])``."""
    return np.diff(np.searchsorted(starts, edges, side="left"))


def span_coverage(
    span_starts: np.ndarray, span_ends_sorted: np.ndarray, edges: np.ndarray
) -> np.ndarray:
    """Spans overlapping each bucket: started before its end and ended after its start."""
    started = np.searchsorted(span_starts, edges[1:], side="left")
    ended = np.searchsorted(span_ends_sorted, edges[:-1], side="right")
    return started - ended


@dataclass
class Clusters:
    first: np.ndarray  # first bucket of each cluster
    last: np.ndarray  # last bucket (inclusive)
    count: np.ndarray  # events in it

    def __len__(self) -> int:
        return len(self.count)


def clusters(
    counts: np.ndarray, edges: np.ndarray, days_per_px: float, cell_px: int = CLUSTER_PX
) -> Clusters:
    """Runs of non-empty buckets, cut where a bucket is empty or a grid cell starts."""
    nonzero = counts > 0
    if not nonzero.any():
        empty = np.zeros(0, dtype=np.int64)
        return Clusters(empty, empty, empty)
    cell = np.floor(edges[:-1] / (cell_px * days_per_px)).astype(np.int64)
    idx = np.flatnonzero(nonzero)
    # A new cluster wherever the previous non-empty bucket is not adjacent or in another cell.
    brk = np.ones(len(idx), dtype=bool)
    brk[1:] = (np.diff(idx) > 1) | (np.diff(cell[idx]) != 0)
    starts = np.flatnonzero(brk)
    first = idx[starts]
    last = idx[np.append(starts[1:], len(idx)) - 1]
    cum = np.concatenate(([0], np.cumsum(counts)))
    return Clusters(first, last, cum[last + 1] - cum[first])


def count_text(n: int) -> str:
    """ "+1,284": how a cluster says how many events it holds."""
    return f"+{n:,}"
