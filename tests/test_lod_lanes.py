"""Lanes from arrays (actor/source/type, top N + others) and density frames in the widget."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from db.generate import generate_project
from db.project import Project
from viewer.state import ProjectState
from viewer.timeline import layout as lay
from viewer.timeline import lod
from viewer.timeline.widget import TimelineWidget


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    path = tmp_path_factory.mktemp("lod") / "l.stanceline"
    generate_project(path, events=6000, actors=60, seed=11)
    p = Project.open(path, create=False)
    yield p
    p.close()


@pytest.fixture
def state(qtbot, project) -> ProjectState:
    return ProjectState(project, background=False)


def _dated(state: ProjectState) -> set[int]:
    a = state.arrays
    vis = state.visible_positions()
    return set(a.ids[vis[~np.isnan(a.start[vis])]].tolist())


@pytest.mark.parametrize("top_n", [3, 10, None])
def test_top_n_plus_others_conserves_events(state, top_n) -> None:
    specs = [lay.LaneSpec(a.id, a.name, "#336699") for a in state.lanes()]
    data = lay.build_lanes_from_arrays(
        state.arrays, state.visible_positions(), specs, "actor", top_n
    )
    ids_in_lanes = set(np.concatenate([ln.ids for ln in data.lanes]).tolist())
    assert ids_in_lanes == _dated(state)  # every dated event is in some lane
    named = data.lanes[:-1] if data.lanes[-1].id == lay.OTHER_LANE_ID else data.lanes
    assert len(named) == (min(top_n, len(specs)) if top_n else len(specs))
    if top_n is not None and top_n < len(specs):
        others = data.lanes[-1]
        assert others.id == lay.OTHER_LANE_ID and others.name.startswith("Others (")
        in_named = set(np.concatenate([ln.ids for ln in named]).tolist())
        assert not in_named & set(others.ids.tolist())  # an "other" event is only there
    for ln in data.lanes:
        assert np.all(np.diff(ln.starts) >= 0)  # sorted for the binary searches


def test_lanes_by_type_partition_the_events(state) -> None:
    data = lay.build_lanes_from_arrays(state.arrays, state.visible_positions(), [], "type")
    sizes = [len(ln) for ln in data.lanes]
    assert sum(sizes) == len(_dated(state))  # each event in exactly one type lane
    assert sizes == sorted(sizes, reverse=True)
    assert {ln.name.lower() for ln in data.lanes} <= set(state.arrays.types)


def test_lanes_by_source(state) -> None:
    w = TimelineWidget()
    w.set_data(state.visible_events(), state.lanes())
    w.set_lane_mode("source", 5)
    assert w._data is not None and len(w._data.lanes) == 6  # five sources + others
    first = w._data.lanes[0]
    a = state.arrays
    want = [
        eid
        for i, eid in enumerate(a.ids.tolist())
        if first.id in a.sources.of(i).tolist() and not np.isnan(a.start[i])
    ]
    assert sorted(first.ids.tolist()) == sorted(want)


@pytest.fixture
def timeline(qtbot, state) -> TimelineWidget:
    w = TimelineWidget()
    qtbot.addWidget(w)
    w.resize(1200, 700)
    w.set_data(state.visible_events(), state.lanes())
    w.show()
    qtbot.waitExposed(w)
    return w


def _window_counts(w: TimelineWidget) -> tuple[int, int]:
    """(events counted in the frame's points, brute-force points in the same window)."""
    frame = w._ensure_frame()
    assert w._data is not None
    drawn = brute = 0
    for lf in frame.lanes:
        lane = w._data.lanes[lf.lane]
        if lf.dense is not None:
            assert lf.counts is not None and lf.edges is not None
            assert int(lf.dense.count.sum()) == int(lf.counts.sum())
            drawn += int(lf.counts.sum())
            pts = lane.point_starts
            brute += int(np.count_nonzero((pts >= lf.edges[0]) & (pts < lf.edges[-1])))
        else:
            drawn += int(lf.ccount.sum())
            pad = (7.0) * w._scale.days_per_px
            pts = lane.point_starts
            brute += int(
                np.count_nonzero((pts + 1 > w._scale.start - pad) & (pts < w._scale.end + pad))
            )
    return drawn, brute


def test_fitted_view_is_density_and_counts_agree(timeline) -> None:
    frame = timeline._ensure_frame()
    assert any(lf.dense is not None for lf in frame.lanes)
    drawn, brute = _window_counts(timeline)
    assert drawn == brute > 0
    assert not timeline.grab().isNull()


def test_no_event_lost_across_zoom_levels(timeline) -> None:
    for _ in range(12):
        timeline.zoom_by(2.0, 600)
        drawn, brute = _window_counts(timeline)
        assert drawn == brute
        timeline.grab()


def test_filter_and_clusters_agree(timeline, state) -> None:
    actor = state.lanes()[1].id
    state.set_actor_filter([actor])
    timeline.set_data(state.visible_events(), state.lanes())
    drawn, brute = _window_counts(timeline)
    assert drawn == brute
    total = sum(ln.total for ln in timeline._data.lanes)  # type: ignore[union-attr]
    assert total >= len(_dated(state))  # shared events count in each of their lanes


def test_click_on_density_cluster_zooms_in(timeline, qtbot) -> None:
    frame = timeline._ensure_frame()
    lf = next(lf for lf in frame.lanes if lf.dense is not None and len(lf.dense))
    k = int(np.argmax(lf.dense.count))
    x0, x1 = lf.cluster_x  # type: ignore[misc]
    pos = QPoint(int((x0[k] + x1[k]) / 2), int(lf.top + 20))
    hit = timeline._hit(QPointF(pos))
    assert hit is not None and hit.kind == "density" and hit.count == lf.dense.count[k]
    assert "events" in timeline._tooltip(QPointF(pos))
    span0 = timeline._scale.end - timeline._scale.start
    with qtbot.assertNotEmitted(timeline.eventClicked):
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=pos)
    assert timeline._scale.end - timeline._scale.start < span0 / 4


def test_collapse_a_lane(timeline, qtbot) -> None:
    assert timeline._data is not None
    h0 = timeline._data.lanes[0].height
    top = timeline._lane_top(0)
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(40, int(top + 10)))
    assert timeline._data.lanes[0].collapsed and timeline._data.lanes[0].height < h0
    timeline.grab()


def test_density_image_marks_buckets_with_events() -> None:
    from PySide6.QtGui import QColor

    from viewer.timeline.widget import _density_image

    counts = np.array([0, 1, 10, 0, 100])
    img = _density_image(counts, np.zeros(5, dtype=np.int64), 20, 0, QColor("#0072B2"), 100.0)
    bottom = [img.pixelColor(x, 19).alpha() for x in range(5)]
    assert bottom[0] == 0 and bottom[3] == 0 and all(bottom[i] > 0 for i in (1, 2, 4))
    assert img.pixelColor(4, 0).alpha() > 0 and img.pixelColor(1, 0).alpha() == 0
    assert lod.count_text(5) == "+5"


def test_density_image_shades_the_band_by_span_coverage() -> None:
    from PySide6.QtGui import QColor

    from viewer.timeline.widget import _density_image

    colour = QColor("#D55E00")
    img = _density_image(np.array([0, 0, 3]), np.array([0, 1, 4]), 10, 12, colour, 3.0)
    assert (img.width(), img.height()) == (3, 22)
    band = [img.pixelColor(x, 15) for x in range(3)]  # rows 12..19: the band's inside
    assert [c.alpha() for c in band] == [0, int(22 + 110 * 0.25), 132]
    for c in band[1:]:  # the lane's colour, whatever the shade (within premultiplied rounding)
        assert abs(c.red() - colour.red()) <= 6 and abs(c.green() - colour.green()) <= 6
    assert img.pixelColor(2, 0).alpha() == 215 and img.pixelColor(1, 9).alpha() == 0
    assert img.pixelColor(2, 11).alpha() == 0  # the gap between bars and band
    thin = _density_image(np.array([1]), np.array([2]), 6, 3, colour, 1.0)  # compact lane
    assert [thin.pixelColor(0, y).alpha() for y in (6, 8)] == [160, 160]


def test_day_range_ends_at_the_latest_end_of_the_filtered_events(state) -> None:
    """The range's end comes from a tail of the events (see layout._max_end): it must be
    the true latest end for any filter, including a long event far from the last start."""
    a = state.arrays
    rng = np.random.default_rng(3)
    specs = [lay.LaneSpec(x.id, x.name, "#336699") for x in state.lanes()]
    dated = np.flatnonzero(~np.isnan(a.start))
    for size in (1, 2, 50, len(dated) // 3, len(dated)):
        positions = np.sort(rng.choice(dated, size=size, replace=False))
        data = lay.build_lanes_from_arrays(a, positions, specs)
        assert data.day_range is not None
        assert data.day_range[1] == pytest.approx(float(a.end[positions].max()))
        assert data.day_range[0] == pytest.approx(float(a.start[positions].min()))
