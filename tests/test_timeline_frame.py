"""The timeline's pure parts: frame builder, hit tester, lane metrics, gestures (no Qt)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pytest

from viewer.timeline import lod
from viewer.timeline.frame import build_frame, event_box, events_in_box, lanes_fully_visible
from viewer.timeline.geometry import (
    GUTTER,
    HEADER_H,
    LANE_HEIGHT_DEFAULT,
    MARKER_R,
    Box,
    LaneMetrics,
    Viewport,
    dense_range,
)
from viewer.timeline.hittest import hit_test
from viewer.timeline.interactions import BandSelect, OverviewDrag, PanDrag
from viewer.timeline.layout import build_lanes
from viewer.timeline.scale import TimeScale, date_to_days


@dataclass(frozen=True)
class Ev:
    id: int
    earliest: date | None
    latest: date | None = None
    precision: str | None = "day"
    actor_ids: tuple[int, ...] = ()
    starred: bool = False
    review: str = "unreviewed"
    note_count: int = 0
    summary: str = ""


@dataclass(frozen=True)
class Actor:
    id: int
    name: str
    colour: str = ""


ACTORS = [Actor(1, "Turkey"), Actor(2, "Russia"), Actor(3, "United States")]
VIEW = Viewport(1000.0, 500.0)
COMPACT = LaneMetrics.for_height(LANE_HEIGHT_DEFAULT)


def pill(_count: int) -> float:
    return 12.0


def scale_over(start: date, end: date, width: float = VIEW.width - GUTTER) -> TimeScale:
    sc = TimeScale(width=int(width))
    sc.fit(date_to_days(start), date_to_days(end) + 1, margin=0.0)
    return sc


def sample() -> list[Ev]:
    return [
        Ev(1, date(2020, 1, 10), actor_ids=(1,), summary="Ankara signs"),
        Ev(2, date(2020, 3, 1), actor_ids=(1, 2), summary="Talks in Sochi"),
        Ev(3, date(2020, 3, 1), actor_ids=(1,), summary="Same day, same lane"),
        Ev(4, date(2020, 5, 1), date(2020, 7, 31), "month", (2,), summary="Spring deliveries"),
        Ev(5, None, actor_ids=(3,), precision=None, summary="Undated claim"),
    ]


def test_markers_sit_where_the_scale_puts_their_day() -> None:
    data = build_lanes(sample(), ACTORS)
    sc = scale_over(date(2020, 1, 1), date(2020, 12, 31))
    frame = build_frame(data, sc, VIEW, COMPACT)
    lf = frame.lanes[0]  # Turkey: events 1, 2 and 3
    lane = data.lanes[0]
    first = int(np.flatnonzero(lane.ids == 1)[0])
    assert lf.cx[0] == pytest.approx(GUTTER + sc.x_of(lane.starts[first] + 0.5))
    assert lf.top == HEADER_H and lf.marker_y == HEADER_H + COMPACT.marker_y
    # Two events on one day share a pixel: one marker that counts them.
    assert lf.ccount.tolist() == [1, 2]


def test_frame_holds_only_the_lanes_on_screen() -> None:
    many = [Actor(i, f"Actor {i}") for i in range(1, 41)]
    events = [Ev(i, date(2020, 1, i % 28 + 1), actor_ids=(i,)) for i in range(1, 41)]
    data = build_lanes(events, many)
    frame = build_frame(data, scale_over(date(2020, 1, 1), date(2020, 2, 1)), VIEW, COMPACT)
    shown = [lf.lane for lf in frame.lanes]
    assert shown == list(range(len(shown))) and 0 < len(shown) < 40
    assert all(lf.top <= VIEW.lanes_box.bottom for lf in frame.lanes)
    scrolled = Viewport(VIEW.width, VIEW.height, scroll=200.0)
    later = build_frame(data, scale_over(date(2020, 1, 1), date(2020, 2, 1)), scrolled, COMPACT)
    assert later.lanes[0].lane > 0  # the first lanes scrolled away


def test_a_crowded_lane_is_drawn_as_density_with_every_event_counted() -> None:
    start = date(2020, 1, 1)
    events = [
        Ev(i, start + timedelta(days=i % 300), actor_ids=(1,))
        for i in range(1, lod.INDIVIDUAL_MAX * 3)
    ]
    data = build_lanes(events, ACTORS[:1])
    frame = build_frame(data, scale_over(start, date(2020, 12, 31)), VIEW, COMPACT)
    lf = frame.lanes[0]
    assert lf.dense is not None and lf.counts is not None
    assert int(lf.counts.sum()) == len(events) and len(lf.pts) == 0


def test_hit_tester_answers_for_what_the_frame_draws() -> None:
    data = build_lanes(sample(), ACTORS)
    sc = scale_over(date(2020, 1, 1), date(2020, 12, 31))
    view = Viewport(VIEW.width, VIEW.height, shelf=30.0)
    frame = build_frame(data, sc, view, COMPACT, chip_width=lambda _eid: 120.0)
    lf = frame.lanes[0]
    single = hit_test(frame, data, float(lf.cx[0]) + 2, lf.marker_y + 1, pill)
    assert single is not None and single.kind == "event" and single.ids == (1,)
    merged = hit_test(frame, data, float(lf.cx[1]), lf.marker_y, pill)
    assert merged is not None and merged.kind == "cluster" and set(merged.ids) == {2, 3}
    # Between markers, in the gutter, on the axis: nothing.
    assert hit_test(frame, data, (lf.cx[0] + lf.cx[1]) / 2, lf.marker_y, pill) is None
    assert hit_test(frame, data, GUTTER - 10, lf.marker_y, pill) is None
    assert hit_test(frame, data, float(lf.cx[0]), HEADER_H - 5, pill) is None
    # A bar, even a thin compact one, and an undated chip.
    bar = event_box(data, sc, view, COMPACT, 4)
    assert bar is not None and bar.height < 2 * MARKER_R
    hit = hit_test(frame, data, bar.centre[0], bar.centre[1], pill)
    assert hit is not None and hit.ids == (4,)
    (chip, eid), = frame.chips
    hit = hit_test(frame, data, chip.centre[0], chip.centre[1], pill)
    assert eid == 5 and hit is not None and hit.kind == "chip" and hit.ids == (5,)


def test_density_hit_gives_the_cluster_extent_and_size() -> None:
    start = date(2020, 1, 1)
    events = [Ev(i, start + timedelta(days=i % 10), actor_ids=(1,)) for i in range(1, 400)]
    data = build_lanes(events, ACTORS[:1])
    frame = build_frame(data, scale_over(start, date(2021, 12, 31)), VIEW, COMPACT)
    lf = frame.lanes[0]
    assert lf.dense is not None and lf.cluster_x is not None
    x = float((lf.cluster_x[0][0] + lf.cluster_x[1][0]) / 2)
    hit = hit_test(frame, data, x, lf.top + 5, pill)
    assert hit is not None and hit.kind == "density" and hit.count == int(lf.dense.count[0])
    assert int(lf.dense.count.sum()) == len(events)
    assert hit.days is not None and hit.days[0] <= date_to_days(start) + 1 < hit.days[1]
    assert set(hit.ids) <= {e.id for e in events}


def test_events_in_box_takes_the_boxed_days_of_the_touched_lanes() -> None:
    data = build_lanes(sample(), ACTORS)
    sc = scale_over(date(2020, 1, 1), date(2020, 12, 31))
    frame = build_frame(data, sc, VIEW, COMPACT)
    lf = frame.lanes[0]
    box = Box(float(lf.cx[1]) - 8, lf.top, 16, 4)  # March only, the first lane only
    assert events_in_box(data, sc, VIEW, COMPACT, box).tolist() == [2, 3]


def test_lane_metrics_from_the_chosen_height() -> None:
    roomy = LaneMetrics.for_height(90)  # the first versions' lanes, labels in bars
    assert (roomy.marker_row, roomy.marker_y, roomy.span_row, roomy.span_height) == (
        34,
        19,
        17,
        13,
    )
    assert roomy.full_height == 90 and roomy.bar_labels
    for h in (26, 28, 40, 48, 60, 75, 90):
        m = LaneMetrics.for_height(h)
        assert h - 3 <= m.full_height <= h and m.marker_row >= 18
    assert not COMPACT.bar_labels
    assert LaneMetrics.for_height(5) == LaneMetrics.for_height(26)  # clamped


def test_compact_lanes_fit_ten_in_the_timeline_of_a_1600_by_1000_window() -> None:
    # 1600×1000: the timeline pane is about 1030×390 px (see test_timeline_lanes).
    actors = [Actor(i, f"Actor {i}") for i in range(1, 17)]
    events = [
        Ev(i * 10 + k, date(2020, 1 + k, 1), date(2020, 2 + k, 28), "month", (i,))
        for i in range(1, 17)
        for k in range(3)
    ]
    data = build_lanes(events, actors)
    view = Viewport(1030.0, 390.0, shelf=30.0)
    assert lanes_fully_visible(data, view, COMPACT) >= 10
    assert lanes_fully_visible(data, view, LaneMetrics.for_height(90)) < 5


def test_dense_range_leaves_out_the_stray_few() -> None:
    busy = np.sort(np.random.default_rng(1).uniform(18000, 18400, 1000))
    starts = np.sort(np.concatenate(([5000.0, 6000.0], busy, [25000.0])))
    lo, hi = dense_range(starts)  # type: ignore[misc]
    assert 18000 <= lo < 18050 and 18350 < hi <= 18401
    assert dense_range(starts[:10]) is None  # too few to call anything stray


def test_gestures_are_small_state_objects() -> None:
    drag = PanDrag(100, 100, threshold=4)
    assert drag.move(102, 101) == 0.0 and not drag.dragging  # still a click
    assert drag.move(110, 100) == 10.0 and drag.dragging
    assert drag.move(130, 120) == 20.0  # then every move pans by its own step
    band = BandSelect.at(300, 200)
    band.move(250, 260)
    assert band.rect() == (250, 200, 50, 60) and band.is_box()
    assert not BandSelect.at(10, 10).is_box()
    grab, centre = OverviewDrag.press(15.0, 10.0, 30.0)
    assert not centre and grab.start_for(25.0) == 20.0  # the box keeps its grab point
    grab, centre = OverviewDrag.press(50.0, 10.0, 30.0)
    assert centre and grab.start_for(50.0) == 40.0  # outside the box: centre on the press


def test_pure_parts_load_without_qt() -> None:
    code = (
        "import sys\n"
        "import viewer.timeline.frame, viewer.timeline.hittest, viewer.timeline.interactions\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_tooltips_give_the_whole_text_that_labels_elide() -> None:
    from viewer.timeline.tooltips import hit_tooltip, lane_tooltip

    long = "Ankara & Moscow <sign> a very long agreement on S-400 deliveries and training"
    events = [Ev(1, date(2020, 1, 10), actor_ids=(1,), summary=long), *sample()[1:3]]
    data = build_lanes(events, [Actor(1, "Presidency of Defence Industries of the Republic")])
    sc = scale_over(date(2020, 1, 1), date(2020, 12, 31))
    frame = build_frame(data, sc, VIEW, COMPACT)
    lf = frame.lanes[0]
    hit = hit_test(frame, data, float(lf.cx[0]), lf.marker_y, pill)
    assert hit is not None
    tip = hit_tooltip(hit, data)
    assert "10 Jan 2020" in tip and "Ankara &amp; Moscow &lt;sign&gt;" in tip and "training" in tip
    group = hit_test(frame, data, float(lf.cx[1]), lf.marker_y, pill)
    assert group is not None and "2 events" in hit_tooltip(group, data)
    assert "Presidency of Defence Industries of the Republic" in lane_tooltip(data.lanes[0])
