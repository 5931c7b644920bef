"""Two writers on one project file (two Project objects, as two windows or two analysts):
the window that edits an event somebody else changed meanwhile is told, saves nothing,
and shows the other writer's version; nothing of theirs is overwritten."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from db import annotations, queries
from db.project import Project
from tests.test_gui_support import isolated_settings, project_file  # noqa: F401  (fixtures)
from tests.test_workflow_gui import click_row, close_window, ok, open_window

MESSAGE = "changed this event"


@pytest.fixture
def other(project_file: Path) -> Iterator[Project]:  # noqa: F811
    """A second writer on the same file."""
    with Project.open(project_file, create=False) as p:
        yield p


def _row(project: Project, event_id: int):
    return queries.event_detail(project, event_id).row


def test_panel_star_after_someone_else_changed_the_event(qtbot, project_file, other) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    event_id = w.state.first_dated_event()
    w.state.select(event_id)  # the panel shows the event (and reads its version)
    annotations.set_review(other, event_id, "rejected")  # meanwhile, another analyst

    qtbot.mouseClick(w.annotation_panel.star_button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    row = _row(w.project, event_id)
    assert not row.starred and row.review == "rejected"  # theirs kept, ours not saved
    box = w.actions.conflict_box
    assert box is not None and box.isVisible()
    assert MESSAGE in box.text() and "your change was not saved" in box.text()
    assert "now shows their version" in box.text()
    assert w.editor.stack.count() == 0  # nothing to undo: nothing was written
    # The window shows their version.
    assert w.annotation_panel.review_buttons["rejected"].isChecked()
    assert not w.annotation_panel.star_button.isChecked()
    box.close()

    # Having seen it, the analyst stars again: now it is saved.
    qtbot.mouseClick(w.annotation_panel.star_button, Qt.MouseButton.LeftButton)
    row = _row(w.project, event_id)
    assert row.starred and row.review == "rejected"
    w.workflow.undo_action.trigger()
    assert not _row(w.project, event_id).starred
    close_window(w)


def test_panel_tags_and_notes_conflict(qtbot, project_file, other) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    event_id = w.state.first_dated_event()
    w.state.select(event_id)
    annotations.set_tags(other, event_id, ["theirs"])

    panel = w.annotation_panel
    panel.tags_edit.setFocus()
    panel.tags_edit.setText("mine")
    panel.tags_edit.editingFinished.emit()
    assert _row(w.project, event_id).tags == ("theirs",)
    assert MESSAGE in w.actions.conflict_box.text()
    assert panel.tag_chips.tags == ["theirs"]
    w.actions.conflict_box.close()

    annotations.add_note(other, event_id, "their note", "bob")
    qtbot.keyClicks(panel.note_edit, "my note")
    qtbot.mouseClick(panel.add_note_button, Qt.MouseButton.LeftButton)
    notes = [n.text for n in queries.event_detail(w.project, event_id).notes]
    assert notes == ["their note"]
    assert MESSAGE in w.actions.conflict_box.text()
    close_window(w)


def test_event_editor_conflict_keeps_their_summary(qtbot, project_file, other) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    event_id = w.state.first_dated_event()
    w.state.select(event_id)
    dlg = w.workflow.edit_event(event_id)
    with other.session() as s:  # a teammate edits the summary while the dialog is open
        from db import models as m

        s.get(m.Event, event_id).summary = "Their summary"
    dlg.summary.setText("My summary")
    ok(dlg)
    assert _row(w.project, event_id).summary == "Their summary"
    assert MESSAGE in w.actions.conflict_box.text()
    assert w.annotation_panel.summary.text() == "Their summary"
    assert w.editor.stack.count() == 0
    w.actions.conflict_box.close()

    # A fresh dialog reads the new version: that edit is saved, and undone.
    dlg = w.workflow.edit_event(event_id)
    dlg.summary.setText("My summary")
    ok(dlg)
    assert _row(w.project, event_id).summary == "My summary"
    w.workflow.undo_action.trigger()
    assert _row(w.project, event_id).summary == "Their summary"
    close_window(w)


def test_bulk_annotation_conflict_writes_nothing(qtbot, project_file, other) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    for row in range(3):
        click_row(qtbot, w, row, Qt.KeyboardModifier.ControlModifier)
    ids = sorted(w.selection.ids)
    assert len(ids) == 3
    dlg = w.workflow.bulk_annotate()  # reads the three versions as it opens
    annotations.set_star(other, ids[1], True)  # meanwhile, another analyst
    dlg.review.setCurrentIndex(dlg.review.findData("confirmed"))
    dlg.note.setPlainText("checked")
    ok(dlg)
    assert all(_row(w.project, i).review == "unreviewed" for i in ids)
    assert all(_row(w.project, i).note_count == 0 for i in ids)
    assert _row(w.project, ids[1]).starred  # theirs
    assert MESSAGE in w.actions.conflict_box.text()
    assert w.editor.stack.count() == 0  # nothing was written, nothing to undo
    close_window(w)
