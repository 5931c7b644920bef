"""The lanes for the visible events, built once per filter and found again.  No Qt.

A filter change hands the timeline a new positions array; switching back to a recent filter
hands back the same array, so a layout is found by the array's identity (held in the entry, so
the id stays taken).  Lanes whose members a filter did not change are pooled and reused, arrays
and all, which keeps filtering a million events quick; so are they across a relink (an alias:
new actor links, the same date and mark columns), where only the relinked actors' lanes change.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

import numpy as np

from viewer.timeline import layout as lay
from viewer.timeline.layout import LaneSpec, build_lanes_from_arrays

LANE_POOL_EVENTS = 2_000_000  # lane memberships kept for reuse across filter changes
LAYOUT_CACHE = 8  # recent filters' layouts
LAYOUT_CACHE_EVENTS = 4_000_000  # ... while they hold fewer positions than this (~16 B each)


class LaneLayouts:
    def __init__(self) -> None:
        self._pool: OrderedDict[int, lay.Lane] = OrderedDict()  # id → lane, recent last
        self._pool_key: tuple[int, str] | None = None
        self._pool_arrays: Any = None  # the arrays the pooled lanes were last laid out on
        # (positions id, mode, top_n, collapsed) → (positions, specs, LaneData, lane attributes)
        self._layouts: OrderedDict[tuple, tuple] = OrderedDict()

    def lanes(
        self,
        arrays: Any,
        positions: np.ndarray,
        specs: list[LaneSpec],
        mode: str,
        top_n: int | None,
        collapsed: frozenset[int],
    ) -> lay.LaneData:
        """The lanes for ``positions``: built, or the layout of a recent filter."""
        pooled = self._pooled(arrays, mode)  # resets the caches when data or mode changed
        key = (id(positions), mode, top_n, collapsed)
        hit = self._layouts.get(key)
        if hit is not None and hit[0] is positions and hit[1] == specs:
            self._layouts.move_to_end(key)
            data, attrs = hit[2], hit[3]
            # Lanes are shared with other layouts (the pool): put back this one's labels.
            for lane, (name, colour, folded) in zip(data.lanes, attrs, strict=True):
                lane.name, lane.colour, lane.collapsed = name, colour, folded
            return data
        data = build_lanes_from_arrays(
            arrays, positions, specs, mode, top_n, collapsed, reuse=pooled
        )
        self._keep(data.lanes)
        attrs = [(ln.name, ln.colour, ln.collapsed) for ln in data.lanes]
        self._layouts[key] = (positions, specs, data, attrs)
        held = sum(len(entry[0]) for entry in self._layouts.values())
        while len(self._layouts) > LAYOUT_CACHE or (
            held > LAYOUT_CACHE_EVENTS and len(self._layouts) > 1
        ):
            _, old = self._layouts.popitem(last=False)
            held -= len(old[0])
        return data

    def _pooled(self, arrays: Any, mode: str) -> list[lay.Lane]:
        key = (id(arrays), mode)
        if self._pool_key != key:  # other data or lane mode: no layout is valid
            self._layouts = OrderedDict()
            old = self._pool_arrays
            if old is None or self._pool_key[1] != mode or not lay.same_lane_columns(
                old, arrays
            ):  # other events, dates or marks (not just other links): nothing to reuse
                self._pool = OrderedDict()
            self._pool_key, self._pool_arrays = key, arrays
        return list(self._pool.values())

    def _keep(self, lanes: list[lay.Lane]) -> None:
        """Keep recent lanes (with what they built) so switching filters back is cheap."""
        for lane in lanes:
            self._pool[lane.id] = lane
            self._pool.move_to_end(lane.id)
        held = sum(len(ln) for ln in self._pool.values())
        while held > LANE_POOL_EVENTS and len(self._pool) > len(lanes):
            _, old = self._pool.popitem(last=False)
            held -= len(old)


def source_specs(arrays: Any, positions: np.ndarray, names: Mapping[int, str]) -> list[LaneSpec]:
    """One lane per source that reports a visible event, busiest first."""
    links = arrays.sources
    mask = np.zeros(len(arrays), dtype=bool)
    mask[positions] = True
    owners = np.repeat(np.arange(len(mask)), np.diff(links.ptr))
    counts = np.bincount(links.values[mask[owners]]) if len(owners) else np.zeros(0)
    ids = np.argsort(-counts, kind="stable")[: np.count_nonzero(counts)]
    palette = lay.OKABE_ITO
    return [
        LaneSpec(int(i), names.get(int(i), f"Source {int(i)}"), palette[k % len(palette)])
        for k, i in enumerate(ids.tolist())
    ]
