"""Issue 13, item 3: text cut off.  The event list's summary had ~20 characters, a tag chip
showed "F…", and the stance panel 1.5 columns with cut labels (its picture is tested in
test_issue13_stancepicture).  Checked in the real window at the default 1600×1000 layout."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.test_gui_support import (  # noqa: F401  (fixtures)
    isolated_settings,
    open_window,
    project_file,
)
from viewer.eventlist import EventTableModel
from viewer.tagchips import chips_width

SHOTS = Path("/tmp/stanceline-issue13-shots")


@pytest.fixture
def window(qtbot, project_file: Path) -> Iterator:  # noqa: F811
    yield from open_window(qtbot, project_file)


def test_summaries_have_room(window) -> None:
    view = window.event_list
    header, fm = view.horizontalHeader(), view.fontMetrics()
    room = header.sectionSize(EventTableModel.SUMMARY)
    assert room >= 38 * fm.averageCharWidth(), f"summary column {room}px"
    # A typical summary is shown whole, not cut at ~20 characters.
    model = view.source_model
    summaries = [model.event_at(r).summary for r in range(model.rowCount())]
    whole = [s for s in summaries if fm.horizontalAdvance(s) <= room - 8]
    assert len(whole) >= len(summaries) // 2
    # Narrow columns carry a mark; their tooltips and the header's menu say what they are.
    assert model.headerData(EventTableModel.REVIEW, Qt.Orientation.Horizontal) == "✓"
    assert "review" in model.headerData(EventTableModel.REVIEW, Qt.Orientation.Horizontal,
                                        Qt.ItemDataRole.ToolTipRole)
    assert header.sectionSize(EventTableModel.REVIEW) < 4 * fm.averageCharWidth() + 20
    # No tag anywhere yet: the tags column gives its room to the summary.
    assert header.isSectionHidden(EventTableModel.TAGS)
    SHOTS.mkdir(parents=True, exist_ok=True)
    view.grab().save(str(SHOTS / "event_list.png"))


def test_tag_chips_are_not_cut(qtbot, window) -> None:
    w = window
    view, panel = w.event_list, w.annotation_panel
    first = w.state.events[0].id
    w.state.select(first)
    panel.tags_edit.setFocus()
    qtbot.keyClicks(panel.tags_edit, "F-35 programme")
    qtbot.keyClick(panel.tags_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "F-35 programme" in (w.state.event(first).tags or ()), timeout=3000)
    header, fm = view.horizontalHeader(), view.fontMetrics()
    assert not header.isSectionHidden(EventTableModel.TAGS)
    # The chip fits whole in its cell (it was drawn as "F…"); the column widens when the
    # list has taken the new tags in, which can be a moment after the state has them.
    qtbot.waitUntil(
        lambda: chips_width(fm, ["F-35 programme"]) + 4 <= header.sectionSize(EventTableModel.TAGS),
        timeout=3000,
    )
    row = view.source_model.row_of(first)
    index = view.source_model.index(row, EventTableModel.TAGS)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "F-35 programme"
    # What is painted: the chip's fill spans more than a cut "F…" chip would.
    view.scrollTo(index)
    rect = view.visualRect(index)
    image = view.viewport().grab().toImage()
    fill = w.tag_palette.colour("F-35 programme").name()
    y = rect.center().y()
    painted = [x for x in range(rect.left(), rect.right())
               if image.pixelColor(x, y - fm.height() // 2 + 1).name() == fill]
    assert painted and max(painted) - min(painted) >= fm.horizontalAdvance("F-35 prog")
    view.grab().save(str(SHOTS / "event_list_tags.png"))
