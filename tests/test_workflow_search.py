"""Search text filters the timeline and the event list, is highlighted in the article, and
is kept in saved views; tags show in their colours in the list and the annotation panel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from db import edits
from tests.test_gui_support import isolated_settings, project_file  # noqa: F401  (fixtures)
from tests.test_workflow_gui import close_window, menu_action, open_window
from viewer import colours
from viewer.eventlist import EventTableModel
from viewer.tagchips import TagChipsDelegate


def _summaries(w) -> list[str]:
    model = w.event_list.source_model
    return [model.index(r, EventTableModel.SUMMARY).data() for r in range(model.rowCount())]


def _has_colour(image: QImage, colour: str, tolerance: int = 6) -> bool:
    want = QColor(colour)
    for y in range(0, image.height(), 2):
        for x in range(image.width()):
            c = image.pixelColor(x, y)
            if (
                abs(c.red() - want.red()) <= tolerance
                and abs(c.green() - want.green()) <= tolerance
                and abs(c.blue() - want.blue()) <= tolerance
            ):
                return True
    return False


def test_search_box_filters_timeline_list_and_highlights(qtbot, project_file: Path) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    total = len(w.state.events)
    box = w.workflow.search_box
    assert w.menuBar().cornerWidget(Qt.Corner.TopRightCorner).isAncestorOf(box)
    qtbot.keyClicks(box, "sanctions")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert w.state.event_filter.text == "sanctions"
    shown = _summaries(w)
    assert 0 < len(shown) < total
    assert all("sanctions" in s.casefold() for s in shown)
    assert w.state.visible_count() == len(shown)  # the timeline draws the same events
    assert "text: sanctions" in w.counts_label.text()

    # The article of a matching event shows every occurrence, besides the evidence.
    w.state.select(int(w.state.visible_ids()[0]))
    pane = w.source_pane
    ranges = pane.search_ranges()
    assert ranges and all(pane.source_text()[a:b].casefold() == "sanctions" for a, b in ranges)
    marks = pane.text.extraSelections()
    assert len(marks) == 1 + len(ranges)
    assert marks[1].format.background().color() == QColor(colours.SEARCH_HIT_BG)

    box.clear()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert w.state.event_filter.text == "" and w.state.visible_count() == total
    assert len(pane.text.extraSelections()) == 1  # the evidence alone
    close_window(w)


def test_search_dialog_sets_the_filter_and_saved_view_restores_it(
    qtbot,
    project_file: Path,  # noqa: F811
) -> None:
    w = open_window(qtbot, project_file)
    menu_action(w.edit_menu, "Search…").trigger()
    dlg = w.workflow.dialog
    qtbot.keyClicks(dlg.query, "S-400")
    qtbot.keyClick(dlg.query, Qt.Key.Key_Return)
    assert w.state.event_filter.text == "S-400"
    assert w.workflow.search_box.text() == "S-400"
    assert "timeline and the list show" in dlg.count.text()
    n = w.state.visible_count()
    w.workflow.save_view("S-400 only")
    dlg.query.clear()  # clearing the dialog lifts the filter
    assert w.state.event_filter.text == ""
    dlg.close()

    menu_action(w.saved_views_menu, "S-400 only").trigger()
    assert w.state.event_filter.text == "S-400" and w.state.visible_count() == n
    w.workflow.undo_action.trigger()  # undo the saved view
    assert edits.saved_views(w.project) == []
    close_window(w)


def test_tag_colours_in_list_cells_and_panel_chips(qtbot, project_file: Path) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    event_id = w.state.first_dated_event()
    w.state.select(event_id)
    panel = w.annotation_panel
    panel.tags_edit.setFocus()
    qtbot.keyClicks(panel.tags_edit, "sanctions")
    qtbot.keyClick(panel.tags_edit, Qt.Key.Key_Return)
    assert panel.tag_chips.tags == ["sanctions"]
    assert isinstance(w.event_list.itemDelegateForColumn(EventTableModel.TAGS), TagChipsDelegate)

    menu_action(w.edit_menu, "Tags…").trigger()
    w.workflow.dialog.set_colour("sanctions", "#D55E00")
    w.workflow.dialog.close()
    QApplication.processEvents()
    assert w.tag_palette.colour("sanctions") == QColor("#D55E00")
    assert _has_colour(panel.tag_chips.grab().toImage(), "#D55E00")
    row = w.event_list.source_model.row_of(event_id)
    index = w.event_list.model().index(row, EventTableModel.TAGS)
    w.event_list.scrollTo(index)
    rect = w.event_list.visualRect(index)
    cell = w.event_list.viewport().grab(rect).toImage()
    assert _has_colour(cell, "#D55E00")

    w.workflow.undo_action.trigger()  # the colour: back to the quiet grey chip
    QApplication.processEvents()
    assert _has_colour(panel.tag_chips.grab().toImage(), colours.TAG_DEFAULT)
    assert not _has_colour(panel.tag_chips.grab().toImage(), "#D55E00")
    close_window(w)
