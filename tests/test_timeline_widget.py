"""TimelineWidget behaviour, headless (pytest-qt).

Rows are stand-ins with the attributes of ``db.queries.EventRow``/``ActorRow`` so the viewer is
tested without a database.  Set ``TIMELINE_SCREENSHOT=/path.png`` to save the sample rendering.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QContextMenuEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from viewer.timeline.scale import date_to_days
from viewer.timeline.widget import GUTTER, OVERVIEW_H, TimelineWidget


@dataclass(frozen=True)
class Ev:
    id: int
    summary: str
    earliest: date | None
    latest: date | None
    precision: str | None = "day"
    actor_ids: tuple[int, ...] = ()
    starred: bool = False
    review: str = "unreviewed"
    note_count: int = 0
    date_value: str | None = None
    event_type: str = "other"


@dataclass(frozen=True)
class Actor:
    id: int
    name: str
    colour: str = ""
    kind: str = "country"
    affiliation_id: int | None = None
    event_count: int = 0


TR, US, RU, NATO, GR, UA = 1, 2, 3, 4, 5, 6
ACTORS = [
    Actor(TR, "Turkey"),
    Actor(US, "United States"),
    Actor(RU, "Russia"),
    Actor(NATO, "NATO"),
    Actor(GR, "Greece"),
    Actor(UA, "Ukraine"),
]


def sample_events() -> list[Ev]:
    """The S-400 story, 2017–2023: days, months, years, a shared event, undated ones."""
    d = date
    rows = [
        (
            1,
            "Turkey signs S-400 deal with Russia",
            d(2017, 9, 12),
            d(2017, 9, 12),
            "day",
            (TR, RU),
            True,
            "confirmed",
            1,
        ),
        (
            2,
            "Talks on air defence purchase",
            d(2017, 1, 1),
            d(2017, 12, 31),
            "year",
            (TR, RU),
            False,
            "unreviewed",
            0,
        ),
        (
            3,
            "Washington warns Ankara over S-400",
            d(2018, 4, 3),
            d(2018, 4, 3),
            "day",
            (US, TR),
            False,
            "unreviewed",
            0,
        ),
        (
            4,
            "First S-400 components delivered to Mürted air base",
            d(2019, 7, 12),
            d(2019, 7, 12),
            "day",
            (TR, RU),
            True,
            "confirmed",
            2,
        ),
        (
            5,
            "Turkey removed from F-35 programme",
            d(2019, 7, 17),
            d(2019, 7, 17),
            "day",
            (US, TR),
            True,
            "unreviewed",
            0,
        ),
        (
            6,
            "Deliveries continue",
            d(2019, 9, 1),
            d(2019, 9, 30),
            "month",
            (RU,),
            False,
            "unreviewed",
            0,
        ),
        (
            7,
            "S-400 radar tests over Ankara",
            d(2019, 11, 25),
            d(2019, 11, 25),
            "day",
            (TR,),
            False,
            "unreviewed",
            0,
        ),
        (
            8,
            "CAATSA sanctions on SSB",
            d(2020, 12, 14),
            d(2020, 12, 14),
            "day",
            (US, TR),
            False,
            "confirmed",
            0,
        ),
        (
            9,
            "NATO allies voice concern about interoperability",
            d(2019, 7, 16),
            d(2019, 7, 16),
            "day",
            (NATO,),
            False,
            "unreviewed",
            0,
        ),
        (
            10,
            "Greece objects to S-300 comparison",
            d(2020, 10, 16),
            d(2020, 10, 16),
            "day",
            (GR,),
            False,
            "rejected",
            0,
        ),
        (
            11,
            "Negotiations on a second batch",
            d(2021, 1, 1),
            d(2021, 12, 31),
            "year",
            (TR, RU),
            False,
            "unreviewed",
            1,
        ),
        (
            12,
            "Erdoğan: 'no step back' on S-400",
            d(2021, 9, 26),
            d(2021, 9, 26),
            "day",
            (TR,),
            False,
            "unreviewed",
            0,
        ),
        (
            13,
            "Russia invades Ukraine",
            d(2022, 2, 24),
            d(2022, 2, 24),
            "day",
            (RU, UA),
            True,
            "confirmed",
            0,
        ),
        (
            14,
            "US floats sending S-400s to Ukraine",
            d(2022, 3, 19),
            d(2022, 3, 19),
            "day",
            (US, UA),
            False,
            "unreviewed",
            0,
        ),
        (
            15,
            "Ankara rejects the idea",
            d(2022, 3, 21),
            d(2022, 3, 21),
            "day",
            (TR,),
            False,
            "unreviewed",
            0,
        ),
        (
            16,
            "Sweden and Finland apply to join NATO",
            d(2022, 5, 18),
            d(2022, 5, 18),
            "day",
            (NATO,),
            False,
            "unreviewed",
            0,
        ),
        (
            17,
            "Madrid summit memorandum",
            d(2022, 6, 28),
            d(2022, 6, 28),
            "day",
            (NATO, TR),
            False,
            "unreviewed",
            0,
        ),
        (
            18,
            "Greek complaints about airspace",
            d(2022, 4, 1),
            d(2022, 6, 30),
            "quarter",
            (GR,),
            False,
            "unreviewed",
            0,
        ),
        (
            19,
            "F-16 sale approved",
            d(2023, 1, 1),
            d(2023, 12, 31),
            "year",
            (US, TR),
            False,
            "unreviewed",
            0,
        ),
        (
            20,
            "Think-tank report on Black Sea security",
            d(2023, 5, 2),
            d(2023, 5, 2),
            "day",
            (),
            False,
            "unreviewed",
            0,
        ),
        (
            21,
            "A spokesman said talks would continue",
            None,
            None,
            None,
            (TR,),
            False,
            "unreviewed",
            0,
        ),
        (22, "Officials met last Sunday", None, None, None, (US,), False, "unreviewed", 0),
        # Three on adjacent days: merged into one counted marker when zoomed out.
        (
            23,
            "Drills near the border",
            d(2020, 8, 3),
            d(2020, 8, 3),
            "day",
            (RU,),
            False,
            "unreviewed",
            0,
        ),
        (24, "Drills extended", d(2020, 8, 4), d(2020, 8, 4), "day", (RU,), False, "unreviewed", 0),
        (25, "Drills end", d(2020, 8, 5), d(2020, 8, 5), "day", (RU,), False, "unreviewed", 0),
    ]
    return [Ev(i, s, e, la, p, a, st, rv, n) for i, s, e, la, p, a, st, rv, n in rows]


@pytest.fixture
def timeline(qtbot) -> TimelineWidget:
    w = TimelineWidget()
    qtbot.addWidget(w)
    w.resize(1000, 500)
    w.set_data(sample_events(), ACTORS)
    w.show()
    qtbot.waitExposed(w)
    return w


def centre(w: TimelineWidget, event_id: int, lane_pos: int = 0) -> QPoint:
    rect = w.event_rect(event_id, lane_pos)
    assert rect is not None
    # Bars: a point near their left end (the label is there); markers: the centre.
    if rect.width() > 20:
        return QPoint(int(rect.left() + 10), int(rect.center().y()))
    return rect.center().toPoint()


def wheel(w: TimelineWidget, pos: QPoint, notches: int) -> None:
    ev = QWheelEvent(
        QPointF(pos),
        QPointF(w.mapToGlobal(pos)),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(w, ev)


def test_renders_not_blank(timeline: TimelineWidget) -> None:
    img = timeline.grab().toImage()
    assert img.width() == 1000 and img.height() == 500
    colours = {img.pixel(x, y) for x in range(0, 1000, 7) for y in range(0, 500, 7)}
    assert len(colours) > 20  # lanes, markers, text: not a flat fill
    path = os.environ.get("TIMELINE_SCREENSHOT")
    if path:
        img.save(path)


def test_empty_state_renders(qtbot) -> None:
    w = TimelineWidget()
    qtbot.addWidget(w)
    w.resize(600, 300)
    w.set_data([], [])
    assert not w.grab().isNull()
    assert w.event_at(QPoint(300, 150)) is None


def test_first_data_fits_everything(timeline: TimelineWidget) -> None:
    start, end = timeline.visible_range()
    assert start <= date(2017, 1, 1) and end >= date(2023, 12, 31)


def test_click_emits_event_clicked(timeline: TimelineWidget, qtbot) -> None:
    pos = centre(timeline, 8)
    assert timeline.event_at(pos) == 8
    with qtbot.waitSignal(timeline.eventClicked) as blocker:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args == [8]
    assert timeline.selected() == 8


def test_click_on_year_span(timeline: TimelineWidget, qtbot) -> None:
    pos = centre(timeline, 19)
    with qtbot.waitSignal(timeline.eventClicked) as blocker:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args == [19]


def test_click_on_undated_chip(timeline: TimelineWidget, qtbot) -> None:
    pos = centre(timeline, 22)
    with qtbot.waitSignal(timeline.eventClicked) as blocker:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args == [22]


def test_click_on_empty_space_emits_nothing(timeline: TimelineWidget, qtbot) -> None:
    with qtbot.assertNotEmitted(timeline.eventClicked):
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(GUTTER + 3, 10))


def test_shared_event_is_in_both_lanes(timeline: TimelineWidget) -> None:
    a, b = timeline.event_rect(13, 0), timeline.event_rect(13, 1)
    assert a is not None and b is not None
    assert a.center().x() == pytest.approx(b.center().x())
    assert a.center().y() != b.center().y()
    assert timeline.event_at(b.center().toPoint()) == 13


def test_wheel_zooms_around_pointer(timeline: TimelineWidget) -> None:
    pos = QPoint(GUTTER + 300, 200)
    day_before = timeline._scale.day_at(300)
    span_before = timeline._scale.end - timeline._scale.start
    wheel(timeline, pos, 2)
    span_after = timeline._scale.end - timeline._scale.start
    assert span_after == pytest.approx(span_before / 1.25**2)
    assert timeline._scale.day_at(300) == pytest.approx(day_before)
    wheel(timeline, pos, -2)
    assert timeline._scale.end - timeline._scale.start == pytest.approx(span_before)


def test_drag_pans(timeline: TimelineWidget, qtbot) -> None:
    start0 = timeline._scale.start
    dpp = timeline._scale.days_per_px
    y = OVERVIEW_H + 5  # on the axis (below the overview strip): no event under the press
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=QPoint(600, y))
    for x in (580, 550, 500):
        qtbot.mouseMove(timeline, QPoint(x, y))
    with qtbot.assertNotEmitted(timeline.eventClicked):
        qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=QPoint(500, y))
    assert timeline._scale.start == pytest.approx(start0 + 100 * dpp)


def test_drag_starting_on_event_does_not_select(timeline: TimelineWidget, qtbot) -> None:
    pos = centre(timeline, 8)
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseMove(timeline, pos + QPoint(40, 0))
    with qtbot.assertNotEmitted(timeline.eventClicked):
        qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=pos + QPoint(40, 0))
    assert timeline.selected() is None


def test_view_changed_signal(timeline: TimelineWidget, qtbot) -> None:
    with qtbot.waitSignal(timeline.viewChanged) as blocker:
        timeline.zoom_by(2.0)
    s, e = blocker.args
    assert (s, e) == pytest.approx(timeline.visible_days())


def test_keyboard(timeline: TimelineWidget, qtbot) -> None:
    span0 = timeline._scale.end - timeline._scale.start
    qtbot.keyClick(timeline, Qt.Key.Key_Plus)
    assert timeline._scale.end - timeline._scale.start < span0
    start = timeline._scale.start
    qtbot.keyClick(timeline, Qt.Key.Key_Right)
    assert timeline._scale.start > start
    qtbot.keyClick(timeline, Qt.Key.Key_Home)
    assert timeline._scale.end - timeline._scale.start == pytest.approx(span0)


def test_set_selected_updates_description_and_reveals(timeline: TimelineWidget) -> None:
    timeline.set_visible_range(date(2017, 1, 1), date(2017, 3, 1))
    span = timeline._scale.end - timeline._scale.start
    timeline.set_selected(13)
    assert "24 Feb 2022" in timeline.accessibleDescription()
    assert "Russia invades Ukraine" in timeline.accessibleDescription()
    start, end = timeline.visible_range()
    assert start <= date(2022, 2, 24) <= end
    assert timeline._scale.end - timeline._scale.start == pytest.approx(span)  # no zoom
    timeline.grab()  # paints the selection and the link between lanes
    timeline.set_selected(None)
    assert timeline.accessibleDescription() == "No event selected"


def test_accessible_name(timeline: TimelineWidget) -> None:
    assert timeline.accessibleName() == "Event timeline"


def test_right_click_emits_context_menu(timeline: TimelineWidget, qtbot) -> None:
    pos = centre(timeline, 3)
    with qtbot.waitSignal(timeline.eventContextMenu) as blocker:
        ev = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, timeline.mapToGlobal(pos))
        QApplication.sendEvent(timeline, ev)
    assert blocker.args[0] == 3
    assert blocker.args[1] == timeline.mapToGlobal(pos)


def test_right_click_with_mouse(timeline: TimelineWidget, qtbot) -> None:
    pos = centre(timeline, 3)
    with qtbot.waitSignal(timeline.eventContextMenu, timeout=1000) as blocker:
        qtbot.mouseClick(timeline, Qt.MouseButton.RightButton, pos=pos)
    assert blocker.args[0] == 3


def test_merged_marker_zooms_in_on_click(timeline: TimelineWidget, qtbot) -> None:
    pos = centre(timeline, 23)
    span0 = timeline._scale.end - timeline._scale.start
    tip = timeline._tooltip(QPointF(pos))
    assert "3 events" in tip
    with qtbot.assertNotEmitted(timeline.eventClicked):
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=pos)
    assert timeline._scale.end - timeline._scale.start < span0 / 10
    # Now they are apart and each one is clickable.
    for eid in (23, 24, 25):
        assert timeline.event_at(centre(timeline, eid)) == eid


def test_set_data_keeps_view(timeline: TimelineWidget) -> None:
    timeline.set_visible_range(date(2019, 1, 1), date(2019, 12, 31))
    before = timeline.visible_days()
    timeline.set_data(sample_events()[:10], ACTORS)
    assert timeline.visible_days() == pytest.approx(before)


def test_lane_colours_default_and_explicit(qtbot) -> None:
    w = TimelineWidget()
    qtbot.addWidget(w)
    w.set_data(sample_events(), [Actor(TR, "Turkey", "#ff0000"), Actor(US, "United States")])
    assert w._data is not None
    assert w._data.lanes[0].colour == "#ff0000"
    assert QColor(w._data.lanes[1].colour).isValid()
    assert w._data.lanes[-1].name == "Other"


def test_tooltip_has_date_and_summary(timeline: TimelineWidget) -> None:
    tip = timeline._tooltip(QPointF(centre(timeline, 19)))
    assert "2023" in tip and "F-16 sale approved" in tip


def test_many_lanes_scroll(qtbot) -> None:
    w = TimelineWidget()
    qtbot.addWidget(w)
    w.resize(800, 300)
    actors = [Actor(i, f"Actor {i}") for i in range(30)]
    events = [
        Ev(i, f"event {i}", date(2020, 1, 1 + i % 28), date(2020, 1, 1 + i % 28), actor_ids=(i,))
        for i in range(30)
    ]
    w.set_data(events, actors)
    w.show()
    qtbot.waitExposed(w)
    w.set_selected(29)  # in the last lane: scrolled into view vertically
    rect = w.event_rect(29)
    assert rect is not None and 0 < rect.center().y() < w.height()
    assert w.event_at(rect.center().toPoint()) == 29


def test_event_days_agree_with_scale(timeline: TimelineWidget) -> None:
    rect = timeline.event_rect(5)
    assert rect is not None
    day = timeline._scale.day_at(rect.center().x() - GUTTER)
    assert day == pytest.approx(date_to_days(date(2019, 7, 17)) + 0.5)
