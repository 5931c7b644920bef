"""Issue 13, item 6: a note being written stays with its event (one draft per event), so
"Add note" never attaches it to an event selected later."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from db import queries
from tests.test_gui_support import (  # noqa: F401  (fixtures)
    isolated_settings,
    open_window,
    project_file,
)
from viewer.eventlist import EVENT_ID_ROLE, EventTableModel
from viewer.mainwindow import MainWindow


@pytest.fixture
def window(qtbot, project_file: Path) -> Iterator[MainWindow]:  # noqa: F811
    yield from open_window(qtbot, project_file)


def click_event(qtbot, w: MainWindow, row: int) -> int:
    """Click a row of the event list, as the analyst does; the event id clicked."""
    view = w.event_list
    index = view.model().index(row, EventTableModel.SUMMARY)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(index).center())
    event_id = index.data(EVENT_ID_ROLE)
    assert w.state.selected_id == event_id
    return event_id


def notes(w: MainWindow, event_id: int) -> list[str]:
    return [n.text for n in queries.event_detail(w.project, event_id).notes]


def test_draft_stays_with_its_event(window: MainWindow, qtbot) -> None:
    w, panel = window, window.annotation_panel
    first = click_event(qtbot, w, 0)
    qtbot.keyClicks(panel.note_edit, "Check the date of this one")
    second = click_event(qtbot, w, 1)
    assert panel.note_edit.toPlainText() == ""  # the draft did not follow the selection
    qtbot.mouseClick(panel.add_note_button, Qt.MouseButton.LeftButton)
    assert notes(w, second) == []  # nothing written for it: nothing attached to it

    qtbot.keyClicks(panel.note_edit, "Second source needed")
    click_event(qtbot, w, 0)
    assert panel.note_edit.toPlainText() == "Check the date of this one"
    qtbot.mouseClick(panel.add_note_button, Qt.MouseButton.LeftButton)
    assert notes(w, first) == ["Check the date of this one"]
    assert panel.note_edit.toPlainText() == ""
    assert panel.notes_list.item(0).text().startswith("Check the date of this one")

    click_event(qtbot, w, 1)
    assert panel.note_edit.toPlainText() == "Second source needed"
    qtbot.mouseClick(panel.add_note_button, Qt.MouseButton.LeftButton)
    assert notes(w, second) == ["Second source needed"]
    assert notes(w, first) == ["Check the date of this one"]
    click_event(qtbot, w, 0)
    assert panel.note_edit.toPlainText() == ""  # the saved draft is gone, not restored


def test_draft_survives_a_refresh_of_the_same_event(window: MainWindow, qtbot) -> None:
    w, panel = window, window.annotation_panel
    event_id = click_event(qtbot, w, 2)
    qtbot.keyClicks(panel.note_edit, "half a thought")
    qtbot.mouseClick(panel.star_button, Qt.MouseButton.LeftButton)  # reloads the event
    assert queries.event_detail(w.project, event_id).row.starred
    assert panel.note_edit.toPlainText() == "half a thought"
