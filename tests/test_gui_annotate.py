"""Annotating from the panel and the context-menu actions: saved at once, kept on reopen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from db import queries
from db.project import Project
from tests.test_gui_support import isolated_settings, project_file  # noqa: F401  (fixtures)
from viewer.annotationpanel import parse_tags
from viewer.eventlist import EVENT_ID_ROLE, EventTableModel
from viewer.mainwindow import MainWindow


def open_window(qtbot, path: Path) -> MainWindow:
    w = MainWindow(Project.open(path, create=False))
    qtbot.addWidget(w)
    w.show()
    return w


def close_window(w: MainWindow) -> None:
    w.close()
    w.project.close()


def test_annotations_are_saved_and_survive_reopening(qtbot, project_file: Path) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    event_id = w.state.first_dated_event()
    w.state.select(event_id)
    panel = w.annotation_panel

    qtbot.mouseClick(panel.star_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.review_buttons["confirmed"], Qt.MouseButton.LeftButton)
    panel.tags_edit.setText("talks, Patriot , talks")
    panel.tags_edit.editingFinished.emit()
    panel.note_edit.setPlainText("Check the Russian side of this.")
    qtbot.mouseClick(panel.add_note_button, Qt.MouseButton.LeftButton)

    row = queries.event_detail(w.project, event_id)
    assert row.row.starred and row.row.review == "confirmed"
    assert set(row.row.tags) == {"talks", "Patriot"}
    assert [n.text for n in row.notes] == ["Check the Russian side of this."]
    # The list and the panel show it without a reload.
    list_row = w.event_list.source_model.row_of(event_id)
    model = w.event_list.source_model
    assert model.index(list_row, EventTableModel.STAR).data() == "★"
    assert model.index(list_row, EventTableModel.NOTES).data() == "1"
    assert panel.notes_list.item(0).text().startswith("Check the Russian side")
    assert panel.star_button.isChecked() and w.actions.star.isChecked()
    close_window(w)

    w2 = open_window(qtbot, project_file)
    w2.state.select(event_id)
    p2 = w2.annotation_panel
    assert p2.star_button.isChecked()
    assert p2.review_buttons["confirmed"].isChecked()
    assert set(parse_tags(p2.tags_edit.text())) == {"talks", "Patriot"}
    assert p2.notes_list.item(0).text().startswith("Check the Russian side")
    # The tag completer knows the existing tags.
    assert "Patriot" in p2.tags_edit.completer().model().stringList()
    close_window(w2)


def test_event_menu_actions_act_on_the_selection(qtbot, project_file: Path) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    model = w.event_list.model()
    event_id = model.index(1, 0).data(EVENT_ID_ROLE)
    w.event_list.selectRow(1)
    assert w.state.selected_id == event_id
    w.actions.review_actions["rejected"].trigger()
    w.actions.star.trigger()
    row = w.state.event(event_id)
    assert row.review == "rejected" and row.starred
    assert w.annotation_panel.review_buttons["rejected"].isChecked()
    close_window(w)


def test_context_menu_acts_on_its_event(qtbot, project_file: Path) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    first, other = (e.id for e in w.state.events[:2])
    w.state.select(first)
    menu = w.actions.build_menu(other, w)
    by_text = {a.text(): a for a in menu.actions() if a.text()}
    by_text["Confirm"].trigger()
    by_text["Star"].trigger()
    assert w.state.event(other).review == "confirmed" and w.state.event(other).starred
    assert w.state.event(first).review == "unreviewed"
    close_window(w)


def test_empty_selection_shows_hint(qtbot, project_file: Path) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    w.state.select(None)
    QApplication.processEvents()
    assert w.annotation_panel._stack.currentIndex() == 0
    assert not w.actions.star.isEnabled()
    close_window(w)


def test_parse_tags() -> None:
    assert parse_tags(" a, b ,,A, c ") == ["a", "b", "c"]
