"""Issue 13 item 10: compact lanes, a lane height the user sets, a first view where the events
are, and lane names that are elided with the full name in a tooltip — on the real widgets."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from db.generate import generate_project
from tests.test_gui_support import isolated_settings, open_window  # noqa: F401
from tests.test_timeline_widget import sample_events
from viewer import help as helpmod
from viewer import preferences
from viewer.timeline.geometry import GUTTER, HEADER_H, LANE_HEIGHT_DEFAULT
from viewer.timeline.widget import TimelineWidget


@pytest.fixture(scope="module")
def sixteen_actors(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lanes") / "sixteen.stanceline"
    generate_project(path, 3000, actors=16, seed=3)
    return path


@pytest.fixture
def window(qtbot, sixteen_actors: Path) -> Iterator[Any]:
    yield from open_window(qtbot, sixteen_actors)


def whole_lanes(timeline: TimelineWidget) -> int:
    """Lanes shown top to bottom, measured from the widget's own geometry: the lanes' area is
    the scroll bar's span (from the axis down to the shelf), each lane ends where the next
    starts."""
    data = timeline._data
    assert data is not None
    bottom = timeline._vbar.geometry().bottom() + 1
    tops = [timeline._lane_top(i) for i in range(len(data.lanes))]
    return sum(
        1 for a, b in itertools.pairwise(tops) if a >= HEADER_H - 0.5 and b <= bottom
    )


def test_ten_of_sixteen_lanes_fit_in_a_1600_by_1000_window(window, qtbot) -> None:
    timeline = window.timeline
    qtbot.waitUntil(lambda: timeline._data is not None and len(timeline._data.lanes) == 16)
    assert whole_lanes(timeline) >= 10
    assert timeline.lanes_visible() >= 10
    assert not timeline.grab().isNull()


def test_the_window_opens_on_the_dense_fit_and_home_shows_all(window, qtbot) -> None:
    timeline = window.timeline
    starts = timeline._data.starts
    first = timeline.visible_days()
    inside = np.count_nonzero((starts >= first[0]) & (starts < first[1]))
    assert inside >= 0.96 * len(starts)  # the 2nd–98th percentile at least
    timeline.fit_dense()
    assert timeline.visible_days() == pytest.approx(first)  # what the window opened on
    timeline.setFocus()
    qtbot.keyClick(timeline, Qt.Key.Key_Home)
    every = timeline.visible_days()
    assert every[0] <= starts[0] and every[1] >= starts[-1]
    assert every[1] - every[0] > first[1] - first[0]


def test_stray_years_do_not_squeeze_the_busy_months(qtbot) -> None:
    busy = [
        Ev(i, date(2020, 1, 1) + timedelta(days=i * 3), actor_ids=(1 + i % 3,))
        for i in range(1, 120)
    ]
    stray = [Ev(900, date(1991, 5, 1), actor_ids=(1,)), Ev(901, date(2031, 5, 1), actor_ids=(2,))]
    w = TimelineWidget()
    qtbot.addWidget(w)
    w.resize(1000, 500)
    w.set_data(busy + stray, [A(i, f"Actor {i}") for i in range(1, 4)])
    w.show()
    w.fit_dense()
    lo, hi = w.visible_range()
    assert date(2019, 9, 1) <= lo <= date(2020, 1, 4)
    assert date(2020, 12, 20) <= hi < date(2021, 6, 1)
    qtbot.keyClick(w, Qt.Key.Key_Home)
    lo, hi = w.visible_range()
    assert lo <= date(1991, 5, 1) and hi >= date(2031, 5, 1)


def test_lane_height_from_the_menu_wheel_and_keys_is_remembered(qtbot) -> None:
    w = TimelineWidget()
    qtbot.addWidget(w)
    w.resize(1000, 500)
    w.set_data(sample_events(), [A(i, f"Actor {i}") for i in range(1, 5)])
    w.show()
    assert w.lane_height() == LANE_HEIGHT_DEFAULT
    before = w._lane_top(1) - w._lane_top(0)
    _wheel(w, QPoint(500, 200), 240, Qt.KeyboardModifier.ControlModifier)
    assert w.lane_height() == LANE_HEIGHT_DEFAULT + 8
    assert w._lane_top(1) - w._lane_top(0) > before  # the lanes grew; the view did not zoom
    qtbot.keyClick(w, Qt.Key.Key_BracketRight)
    assert w.lane_height() == LANE_HEIGHT_DEFAULT + 12
    w._height_actions["Roomy"].trigger()
    assert w.lane_height() == 90 and preferences.lane_height() == 90
    again = TimelineWidget()  # the next start
    qtbot.addWidget(again)
    assert again.lane_height() == 90
    qtbot.keyClick(again, Qt.Key.Key_BracketLeft)
    assert preferences.lane_height() == 86


def test_long_lane_names_are_elided_in_the_middle_with_the_full_name_in_a_tooltip(qtbot) -> None:
    long = "Presidency of Defence Industries of the Republic of Türkiye"
    w = TimelineWidget()
    qtbot.addWidget(w)
    w.resize(1000, 500)
    w.set_data(sample_events(), [A(1, long), A(2, "Russia")])
    w.show()
    shown = w._painter.lane_name(long, "12")
    assert "…" in shown and shown.startswith("Pres") and shown.endswith("ye")
    y = w._lane_top(0) + w._metrics.marker_y
    assert long in w._tooltip(QPointF(60, y))
    assert w._tooltip(QPointF(GUTTER - 5, HEADER_H - 10)) == ""  # the axis, not a lane


def test_the_shortcut_sheet_comes_from_the_timeline_actions(window, qtbot) -> None:
    helpmod.install_help(window)
    rows = {(e.group, e.action): e.keys for e in helpmod.collect_shortcuts(window)}
    for action in window.timeline.shortcut_actions():
        assert rows[("Timeline", action.text())] == helpmod._keys(action)
    assert rows[("Timeline", "Taller lanes")] == "]"
    assert ("Timeline", "Taller / shorter lanes") in rows  # Ctrl+wheel, a gesture
    # The action is what the key runs: disabling it silences the key.
    timeline = window.timeline
    timeline.action("zoom_in").setEnabled(False)
    span = timeline.visible_days()
    qtbot.keyClick(timeline, Qt.Key.Key_Plus)
    assert timeline.visible_days() == span
    timeline.action("zoom_in").setEnabled(True)
    qtbot.keyClick(timeline, Qt.Key.Key_Plus)
    assert timeline.visible_days() != span


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
    summary: str = "An event"


@dataclass(frozen=True)
class A:
    id: int
    name: str
    colour: str = ""


def _wheel(w: TimelineWidget, pos: QPoint, dy: int, mods: Qt.KeyboardModifier) -> None:
    """One wheel turn of ``dy`` (120 a notch): pytest-qt has no wheel helper."""
    ev = QWheelEvent(
        QPointF(pos),
        QPointF(w.mapToGlobal(pos)),
        QPoint(0, 0),
        QPoint(0, dy),
        Qt.MouseButton.NoButton,
        mods,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(w, ev)


def test_preferences_offer_the_lane_height_and_the_window_follows(window, qtbot) -> None:
    window.timeline.set_lane_height(36)  # Ctrl+wheel left it between the presets
    hook = preferences.install_preferences(window)
    dialog = hook.open()
    qtbot.addWidget(dialog)
    assert dialog.lane_height.currentData() == 36  # kept on offer, not reset to a preset
    dialog.lane_height.setCurrentIndex(dialog.lane_height.findData(64))
    dialog.accept()
    assert preferences.lane_height() == 64 and window.timeline.lane_height() == 64
    assert window.timeline._metrics.bar_labels  # Comfortable: labels inside bars
