"""Keyboard and overview navigation of the timeline."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from tests.test_timeline_widget import ACTORS, sample_events
from viewer.timeline.widget import GUTTER, OVERVIEW_H, TimelineWidget


@pytest.fixture
def timeline(qtbot) -> TimelineWidget:
    w = TimelineWidget()
    qtbot.addWidget(w)
    w.resize(1000, 500)
    w.set_data(sample_events(), ACTORS)
    w.show()
    qtbot.waitExposed(w)
    w.setFocus()
    return w


def test_tab_steps_through_events_in_time_order(timeline, qtbot) -> None:
    dated = sorted(
        (e for e in sample_events() if e.earliest),
        key=lambda e: (e.earliest, e.latest or e.earliest, e.id),
    )
    got = []
    for _ in range(len(dated)):
        with qtbot.waitSignal(timeline.eventClicked) as blocker:
            qtbot.keyClick(timeline, Qt.Key.Key_Tab)
        got.append(blocker.args[0])
    assert got == [e.id for e in dated]
    assert timeline.hasFocus()  # Tab did not leave the widget
    with qtbot.waitSignal(timeline.eventClicked) as blocker:
        qtbot.keyClick(timeline, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert blocker.args[0] == dated[-2].id


def test_enter_activates_the_selection(timeline, qtbot) -> None:
    qtbot.keyClick(timeline, Qt.Key.Key_Tab)
    selected = timeline.selected()
    with qtbot.waitSignal(timeline.eventActivated) as blocker:
        qtbot.keyClick(timeline, Qt.Key.Key_Return)
    assert blocker.args[0] == selected


def test_home_fits_all(timeline, qtbot) -> None:
    span0 = timeline._scale.end - timeline._scale.start
    timeline.set_visible_range(date(2020, 1, 1), date(2020, 2, 1))
    qtbot.keyClick(timeline, Qt.Key.Key_Home)
    assert timeline._scale.end - timeline._scale.start == pytest.approx(span0)


def test_overview_drag_moves_the_view(timeline, qtbot) -> None:
    timeline.set_visible_range(date(2019, 1, 1), date(2019, 6, 30))
    start0 = timeline._scale.start
    x = timeline._overview_x(start0 + 30)  # inside the window box
    y = OVERVIEW_H // 2
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=QPoint(int(x), y))
    qtbot.mouseMove(timeline, QPoint(int(x) + 40, y))
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=QPoint(int(x) + 40, y))
    moved = timeline._scale.start - start0
    assert moved > 0
    assert moved == pytest.approx(
        timeline._overview_day(x + 40) - timeline._overview_day(x), rel=0.1
    )


def test_overview_click_outside_the_box_centres_there(timeline, qtbot) -> None:
    timeline.set_visible_range(date(2017, 1, 1), date(2017, 3, 1))
    x = timeline._overview_rect().right() - 20
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(int(x), OVERVIEW_H // 2))
    centre = (timeline._scale.start + timeline._scale.end) / 2
    assert centre == pytest.approx(timeline._overview_day(int(x)), abs=2.0)


def test_zoom_to_selection(timeline) -> None:
    timeline.set_selected(13)  # 24 Feb 2022
    timeline.fit_all()
    timeline.zoom_to_selection()
    start, end = timeline.visible_range()
    assert start <= date(2022, 2, 24) <= end
    assert (end - start).days < 60


def test_lane_menu_switches_modes(timeline) -> None:
    timeline.set_lane_mode("type")
    assert timeline.lane_mode() == "type"
    assert timeline._data is not None
    assert sum(len(ln) for ln in timeline._data.lanes) == sum(
        1 for e in sample_events() if e.earliest
    )
    timeline.set_lane_mode("actor")
    assert timeline._data.lanes[0].id == ACTORS[0].id
    assert "actor" in timeline._lane_button.text()


def test_colours_match_the_actor_panel(qtbot) -> None:
    from viewer.colours import actor_colour

    w = TimelineWidget()
    qtbot.addWidget(w)
    w.set_data(sample_events(), ACTORS)
    assert w._data is not None
    for lane in w._data.lanes[:-1]:
        actor = next(a for a in ACTORS if a.id == lane.id)
        assert lane.colour == actor_colour(actor.id, actor.colour).name()
    assert np.isfinite(GUTTER)
