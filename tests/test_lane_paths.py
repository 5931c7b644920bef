"""Lanes read date-ordered arrays through slices (undated events come last); any other order
through masks.  Both ways must lay out the same lanes."""

from __future__ import annotations

import numpy as np

from db.arrays import EventArrays, Links, date_order
from viewer.timeline.layout import LaneSpec, build_lanes_from_arrays


def arrays_of(rng: np.random.Generator, n: int) -> EventArrays:
    ids = rng.permutation(3 * n)[:n].astype(np.int64)
    start = rng.integers(0, 50, n).astype(float)
    start[rng.random(n) < 0.25] = np.nan
    end = np.where(np.isnan(start), start, start + rng.integers(1, 9, n))
    order = date_order(start, end, ids)
    lengths = rng.integers(0, 3, n)
    ptr = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    links = Links(ptr, rng.integers(1, 6, int(ptr[-1])).astype(np.int64))
    z = np.zeros(n)
    return EventArrays(ids[order], start[order], end[order], z.astype(np.int8),
                       z.astype(np.int16), ("x",), z.astype(np.int8), z.astype(bool),
                       z.astype(np.int32), links, links, links, links, {}, "",
                       np.arange(n), np.arange(n))  # fmt: skip


def shape(data) -> tuple:
    return ([(ln.id, ln.positions.tolist()) for ln in data.lanes], data.undated.tolist(),
            data.day_range, data.starts.tolist(), data.order_ids.tolist())  # fmt: skip


def test_slices_and_masks_give_the_same_lanes() -> None:
    rng = np.random.default_rng(11)
    specs = [LaneSpec(i, f"A{i}", "#000000") for i in range(1, 6)]
    for _ in range(150):
        n = int(rng.integers(1, 40))
        arrays = arrays_of(rng, n)
        every = np.arange(n)
        some = np.flatnonzero(rng.random(n) < 0.6)
        for positions in (every, some):
            for top_n in (None, 2):
                fast = build_lanes_from_arrays(arrays, positions, specs, top_n=top_n)
                arrays.__dict__["_dated_prefix"] = None  # as if in another order: masks
                slow = build_lanes_from_arrays(arrays, positions, specs, top_n=top_n)
                del arrays.__dict__["_dated_prefix"]
                assert shape(fast) == shape(slow)


def test_the_tab_order_is_gathered_only_when_asked() -> None:
    """A new filter's layout gathers no ids; the first Tab gets the visible dated events' ids
    in date order."""
    rng = np.random.default_rng(5)
    specs = [LaneSpec(i, f"A{i}", "#000000") for i in range(1, 6)]
    arrays = arrays_of(rng, 50)
    for positions in (np.arange(50), np.flatnonzero(rng.random(50) < 0.5)):
        data = build_lanes_from_arrays(arrays, positions, specs)
        assert "order_ids" not in data.__dict__
        dated = [p for p in positions if not np.isnan(arrays.start[p])]
        assert data.order_ids.tolist() == arrays.ids[dated].tolist()
        assert data.starts.tolist() == arrays.start[dated].tolist()


def test_lanes_built_beside_the_gui_thread_equal_lanes_built_on_it(monkeypatch) -> None:
    from viewer.timeline import layout
    from viewer.timeline.layout import Lane

    monkeypatch.setattr(layout, "BUILD_SOON", (16, 1))  # every lane, however small
    rng = np.random.default_rng(3)
    arrays = arrays_of(rng, 60)
    specs = [LaneSpec(i, f"A{i}", "#000000") for i in range(1, 6)]
    data = build_lanes_from_arrays(arrays, np.arange(60), specs)
    assert all(lane._pending is not None for lane in data.lanes)  # handed to the builder
    for lane in data.lanes:
        fresh = Lane(arrays, LaneSpec(lane.id, lane.name, lane.colour), lane.positions)
        for key, value in fresh._built.items():
            assert np.array_equal(lane._built[key], value), key
        assert lane._pending is None


def test_a_built_lane_gives_its_bar_rows_from_the_build(monkeypatch) -> None:
    """The scroll bar asks every lane its height as a relayout is shown: a lane the builder
    has built answers from its rows, not by packing its bars again on the GUI thread."""
    from viewer.timeline import layout

    monkeypatch.setattr(layout, "BUILD_SOON", (16, 1))  # every lane, however small
    rng = np.random.default_rng(5)
    arrays = arrays_of(rng, 80)
    data = build_lanes_from_arrays(arrays, np.arange(80), [LaneSpec(1, "A1", "#000000")])
    want = {}
    for lane in data.lanes:
        rows = lane._pending.result(timeout=10)["row"]
        want[lane.id] = int(rows.max()) + 1 if len(rows) and rows.max() >= 0 else 0
    assert any(want.values())  # some bars: rows to count

    def packed(*_a):
        raise AssertionError("bar rows packed again")

    monkeypatch.setattr(layout, "_span_order_and_rows", packed)
    assert {lane.id: lane.span_rows for lane in data.lanes} == want
