"""Shift+drag on the timeline boxes events into the multi-selection; a plain drag still pans."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from tests.test_timeline_widget import ACTORS, sample_events
from viewer.selection import MultiSelection
from viewer.timeline.widget import TimelineWidget


@pytest.fixture
def timeline(qtbot) -> TimelineWidget:
    w = TimelineWidget()
    qtbot.addWidget(w)
    w.resize(1000, 500)
    w.set_data(sample_events(), ACTORS)
    w.show()
    qtbot.waitExposed(w)
    return w


def _drag(qtbot, w: TimelineWidget, a: QPoint, b: QPoint, shift: bool) -> None:
    mod = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    qtbot.mousePress(w, Qt.MouseButton.LeftButton, mod, a)
    for k in range(1, 6):  # several moves, as a hand makes them
        qtbot.mouseMove(w, a + (b - a) * (k / 5))
    qtbot.mouseRelease(w, Qt.MouseButton.LeftButton, mod, b)


def _drawn_centre(w: TimelineWidget, event_id: int) -> QPoint:
    rect = w.event_rect(event_id)
    assert rect is not None
    return rect.center().toPoint()


def test_shift_drag_puts_the_boxed_events_in_the_selection(timeline, qtbot) -> None:
    selection = MultiSelection()
    timeline.eventsBoxed.connect(selection.set_ids)
    timeline.set_visible_range(date(2017, 1, 1), date(2023, 12, 31))
    lane0 = sorted(
        (e for e in sample_events() if e.precision == "day" and ACTORS[0].id in e.actor_ids),
        key=lambda e: e.earliest,
    )
    inside = lane0[: max(2, len(lane0) // 2)]
    outside = [
        e for e in lane0 if e.earliest > inside[-1].earliest + (date(2018, 3, 1) - date(2018, 1, 1))
    ]
    assert len(inside) >= 2 and outside, "the sample must have events in and out of the box"
    first, last = (_drawn_centre(timeline, e.id) for e in (inside[0], inside[-1]))
    start_view = timeline.visible_days()

    _drag(qtbot, timeline, first - QPoint(8, 10), last + QPoint(8, 10), shift=True)

    assert timeline.visible_days() == start_view  # the box did not pan
    boxed = selection.ids
    assert {e.id for e in inside} <= boxed
    assert not boxed & {e.id for e in outside}
    # Nothing outside the box's days, and only events the box's lanes show.
    for e in sample_events():
        if e.id in boxed:
            rect = timeline.event_rect(e.id)
            assert rect is not None
            assert first.x() - 20 <= rect.center().x() <= last.x() + 20 or rect.width() > 10


def test_events_in_rect_counts_each_event_once_across_lanes(timeline) -> None:
    whole = timeline.rect().toRectF()
    ids = timeline.events_in_rect(whole)
    dated = {e.id for e in sample_events() if e.earliest}
    in_view = set(ids.tolist())
    assert len(ids) == len(in_view)  # shared events (two actors) appear once
    assert in_view <= dated and np.all(np.diff(ids) > 0)


def test_plain_drag_still_pans_and_selects_nothing(timeline, qtbot) -> None:
    boxed: list[object] = []
    timeline.eventsBoxed.connect(boxed.append)
    before = timeline.visible_days()
    y = timeline.height() // 2
    _drag(qtbot, timeline, QPoint(500, y), QPoint(700, y), shift=False)
    assert timeline.visible_days()[0] < before[0]  # content moved right: earlier days in view
    assert boxed == []


def test_the_band_is_drawn_while_dragging(timeline, qtbot, tmp_path) -> None:
    y = timeline.height() // 2
    qtbot.mousePress(
        timeline, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, QPoint(300, y - 40)
    )
    qtbot.mouseMove(timeline, QPoint(600, y + 40))
    shot = timeline.grab().toImage()
    qtbot.mouseRelease(
        timeline, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, QPoint(600, y + 40)
    )
    after = timeline.grab().toImage()
    hl = timeline.palette().highlight().color()
    edge = shot.pixelColor(450, y - 40)  # on the dashed top edge (or its gap)
    inside_before, inside_after = shot.pixelColor(450, y + 5), after.pixelColor(450, y + 5)
    assert inside_before != inside_after or edge.blue() > edge.red()
    assert hl.isValid()
    shot.save(str(tmp_path / "band.png"))
