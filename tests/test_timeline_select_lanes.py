"""Selecting an event does not build the lanes it sits in that are scrolled out of view: the
ring is drawn where the event shows, and the reveal reads its days from the arrays (building
a big lane is tens of milliseconds of a click at 1,000,000 events)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from db.generate import generate_project
from tests.test_gui_support import isolated_settings  # noqa: F401  (fixture)
from tests.test_workflow_gui import close_window, open_window


@pytest.fixture
def many_lanes(tmp_path: Path) -> Path:
    path = tmp_path / "lanes.stanceline"
    generate_project(path, events=3000, actors=40, seed=3)
    return path


def _built(lane) -> bool:
    return "_built" in lane.__dict__ or lane._pending is not None


def test_a_selection_builds_no_lane_out_of_view(qtbot, many_lanes: Path) -> None:
    w = open_window(qtbot, many_lanes)
    tl = w.timeline
    tl.resize(tl.width(), 260)  # room for a few lanes
    tl.grab()
    data = tl._data
    view = tl._viewport()
    tops = view.lane_tops(tl._metrics, data.lanes)
    shown = [i for i in range(len(data.lanes))
             if tops[i] <= view.lanes_box.bottom and tops[i + 1] >= view.lanes_box.top]  # fmt: skip
    hidden = [i for i in range(len(data.lanes)) if i not in shown]
    assert shown and hidden
    # An event in a lane on screen and in one scrolled out of view.
    pick = None
    for eid, lanes in ((int(e), data.lanes_of.get(int(e), ())) for e in data.order_ids):
        if any(i in shown for i in lanes) and any(i in hidden for i in lanes):
            pick = eid, [i for i in lanes if i in hidden]
            break
    if pick is None:
        pytest.skip("no event in a lane on screen and one off it in this project")
    event_id, off = pick
    for i in off:  # as a big project's far lanes: never painted, never built
        data.lanes[i].__dict__.pop("_built", None)
        data.lanes[i]._pending = None
    scroll = tl._vbar.value()
    w.state.select(event_id)
    tl.grab()
    assert tl._vbar.value() == scroll  # it shows already: no scrolling
    assert len(tl._rings()) >= 1
    assert not any(_built(data.lanes[i]) for i in off)
    close_window(w)


def test_the_reveal_scrolls_to_an_event_in_a_lane_out_of_view(qtbot, many_lanes: Path) -> None:
    w = open_window(qtbot, many_lanes)
    tl = w.timeline
    tl.resize(tl.width(), 260)
    tl.grab()
    data = tl._data
    last = len(data.lanes) - 1
    lane = data.lanes[last]
    event_id = int(data.order_ids[np.flatnonzero(
        [data.lanes_of.get(int(e), ()) == (last,) for e in data.order_ids])[0]])  # fmt: skip
    before = tl._vbar.value()
    lane.__dict__.pop("_built", None)
    lane._pending = None
    assert tl._reveal(event_id)  # it moves the view...
    assert not _built(lane)  # ...knowing where from the arrays; painting builds the lane
    tl.set_selected(None)
    tl._vbar.setValue(before)
    w.state.select(event_id)
    tl.grab()
    assert tl._vbar.value() > before  # scrolled down to its lane
    view = tl._viewport()
    tops = view.lane_tops(tl._metrics, data.lanes)
    assert view.lanes_box.top <= tops[last] <= view.lanes_box.bottom
    start, end = data.events.days(event_id)
    k = lane.index_of(event_id)
    assert (float(lane.starts[k]), float(lane.ends[k])) == (start, end)
    assert tl._scale.start <= start < tl._scale.end  # and in the time window
    close_window(w)


def _same_lanes(a, b) -> bool:
    import dataclasses

    if [lf.lane for lf in a.lanes] != [lf.lane for lf in b.lanes]:
        return False
    for x, y in zip(a.lanes, b.lanes, strict=True):
        for f in dataclasses.fields(x):
            u, v = getattr(x, f.name), getattr(y, f.name)
            if isinstance(u, tuple):  # cluster_x
                u, v = np.concatenate(u), np.concatenate(v)
            elif hasattr(u, "count") and hasattr(u, "first"):  # lod.Clusters
                u = np.concatenate((u.first, u.last, u.count))
                v = np.concatenate((v.first, v.last, v.count))
            if isinstance(u, np.ndarray):
                if not np.array_equal(u, v):
                    return False
            elif u != v:
                return False
    return True


def test_a_vertical_scroll_moves_the_lanes_laid_out_already(
    qtbot, many_lanes: Path, monkeypatch
) -> None:
    from viewer.timeline import frame as frame_module

    w = open_window(qtbot, many_lanes)
    tl = w.timeline
    tl.resize(tl.width(), 300)
    tl.grab()
    before = {lf.lane for lf in tl._ensure_frame().lanes}
    laid: list[int] = []
    real = frame_module.is_dense
    monkeypatch.setattr(frame_module, "is_dense",
                        lambda lane, a, b: laid.append(id(lane)) or real(lane, a, b))  # fmt: skip
    tl._vbar.setValue(tl._vbar.value() + 60)  # a lane or two further down
    scrolled = tl._ensure_frame()
    now = {lf.lane for lf in scrolled.lanes}
    assert now != before and now & before
    assert len(laid) == len(now - before)  # only the lanes new on screen were laid out
    fresh = frame_module.build_frame(tl._data, tl._scale, tl._viewport(), tl._metrics,
                                     lambda _e: 120.0)  # fmt: skip
    assert _same_lanes(scrolled, fresh)
    laid.clear()
    tl.zoom_by(2.0)  # another time scale: everything is laid out again
    tl._ensure_frame()
    assert len(laid) == len(tl._ensure_frame().lanes)
    close_window(w)
