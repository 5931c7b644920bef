"""The analyst's workflow through the real window: every change checked on screen and in the
database, and undone."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog, QMenu

from db import edits, queries
from db.project import Project
from tests.test_gui_support import isolated_settings, project_file  # noqa: F401  (fixtures)
from viewer.eventlist import EVENT_ID_ROLE, EventTableModel
from viewer.mainwindow import MainWindow


def open_window(qtbot, path: Path) -> MainWindow:
    w = MainWindow(Project.open(path, create=False), persist_layout=False)
    qtbot.addWidget(w)
    w.show()
    QApplication.processEvents()
    return w


def close_window(w: MainWindow) -> None:
    if w.workflow.dialog is not None:
        w.workflow.dialog.close()
    w.close()
    w.project.close()


def menu_action(menu: QMenu, text: str):
    for act in menu.actions():
        if act.text().replace("&", "") == text:
            return act
    raise AssertionError(f"no {text!r} in {[a.text() for a in menu.actions()]}")


def ok(dialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    button = buttons.button(QDialogButtonBox.StandardButton.Ok)
    button.click()
    QApplication.processEvents()


def list_cell(w: MainWindow, event_id: int, column: int) -> str:
    model = w.event_list.source_model
    return model.index(model.row_of(event_id), column).data() or ""


def click_row(qtbot, w: MainWindow, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    view = w.event_list
    rect = view.visualRect(view.model().index(row, EventTableModel.SUMMARY))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def test_undo_redo_with_keys_and_history(qtbot, project_file: Path) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    event_id = w.state.first_dated_event()
    w.state.select(event_id)
    qtbot.mouseClick(w.annotation_panel.star_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(w.annotation_panel.review_buttons["rejected"], Qt.MouseButton.LeftButton)
    assert queries.event_detail(w.project, event_id).row.starred
    assert list_cell(w, event_id, EventTableModel.STAR) == "★"

    w.event_list.setFocus()
    qtbot.keyClick(w.event_list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert queries.event_detail(w.project, event_id).row.review == "unreviewed"
    qtbot.keyClick(w.event_list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not queries.event_detail(w.project, event_id).row.starred
    assert list_cell(w, event_id, EventTableModel.STAR) == ""
    assert not w.annotation_panel.star_button.isChecked()
    qtbot.keyClick(
        w.event_list,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert queries.event_detail(w.project, event_id).row.starred

    menu_action(w.edit_menu, "History…").trigger()
    view = w.workflow.dialog.view
    texts = [view.model().index(r, 0).data() for r in range(view.model().rowCount())]
    assert texts == ["Project opened", "Star 1 event", "Reject 1 event"]
    assert w.workflow.undo_action.text().startswith("Undo") or w.workflow.undo_action.isEnabled()
    close_window(w)


def test_edit_event_dialog_and_undo(qtbot, project_file: Path) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    event_id = w.state.first_dated_event()
    w.state.select(event_id)
    old = queries.event_detail(w.project, event_id)
    menu_action(w.event_menu, "Edit event…").trigger()
    dlg = w.workflow.dialog
    assert dlg.summary.text() == old.row.summary and "“" in dlg.evidence.text()
    dlg.summary.clear()
    qtbot.keyClicks(dlg.summary, "Talks on the S-400 start")
    dlg.event_type.setCurrentText("CONSULT")
    dlg.date.precision.setCurrentIndex(dlg.date.precision.findData("month"))
    dlg.date.qualifier.setCurrentIndex(dlg.date.qualifier.findData("about"))
    dlg.actor_choice.setCurrentText("Greece")
    dlg.role_choice.setCurrentText("target")
    qtbot.mouseClick(dlg.add_actor_button, Qt.MouseButton.LeftButton)
    dlg.things.setText("S-400, F-35")
    ok(dlg)

    new = queries.event_detail(w.project, event_id)
    assert new.row.summary == "Talks on the S-400 start" and new.row.event_type == "CONSULT"
    assert new.row.precision == "month" and ("Greece" in [n for _i, n, _r in new.actors])
    assert new.things == ("S-400", "F-35")
    assert new.evidence == old.evidence  # the evidence is never edited
    assert list_cell(w, event_id, EventTableModel.SUMMARY) == "Talks on the S-400 start"
    assert edits.event_date(w.project, event_id)[1] == "about"

    w.workflow.undo_action.trigger()  # one step undoes the whole dialog
    again = queries.event_detail(w.project, event_id)
    assert again.row.summary == old.row.summary and again.actors == old.actors
    assert list_cell(w, event_id, EventTableModel.SUMMARY) == old.row.summary
    close_window(w)


def test_delete_from_context_menu_and_undo(qtbot, project_file: Path) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    event_id = w.state.events[2].id
    menu = w.actions.build_menu(event_id, w)
    menu_action(menu, "Delete event").trigger()
    assert w.event_list.source_model.row_of(event_id) is None
    assert event_id not in {e.id for e in queries.list_events(w.project)}
    w.workflow.undo_action.trigger()
    assert w.event_list.source_model.row_of(event_id) is not None
    close_window(w)


def test_merge_by_ctrl_click_then_split(qtbot, project_file: Path) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    total = len(w.state.events)
    click_row(qtbot, w, 0)
    click_row(qtbot, w, 1, Qt.KeyboardModifier.ControlModifier)
    model = w.event_list.model()
    ids = {model.index(r, 0).data(EVENT_ID_ROLE) for r in (0, 1)}
    assert w.selection.ids == ids
    assert w.workflow.merge_action.isEnabled()
    menu_action(w.event_menu, "Merge selected events").trigger()
    assert len(w.state.events) == total - 1 == len(queries.list_events(w.project))
    kept = w.state.selected_id
    assert len(queries.event_detail(w.project, kept).evidence) == 2

    w.workflow.split_event(kept)
    dlg = w.workflow.dialog
    dlg.list.item(1).setCheckState(Qt.CheckState.Checked)
    ok(dlg)
    assert len(w.state.events) == total
    w.workflow.undo_action.trigger()  # undo the split
    w.workflow.undo_action.trigger()  # undo the merge
    assert {e.id for e in queries.list_events(w.project)} >= ids
    close_window(w)


def test_new_event_and_stance_from_selection(qtbot, project_file: Path) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    pane = w.source_pane
    text = pane.source_text()
    start = text.index("Talks on the purchase")
    end = text.index(".", start) + 1
    pane.select_passage(start, end)
    assert pane.selected_passage() == (start, end)
    menu = pane.text.build_context_menu()
    menu_action(menu, "New event from selection…").trigger()
    dlg = w.workflow.dialog
    actors = [name for _i, name, _r in dlg.actor_entries()]
    assert "Turkey" in actors  # the passage's actors, found by the extraction
    assert dlg.date_span() is not None and dlg.date_span().value == "2016"
    dlg.summary.setText("Turkey and Russia begin talks")
    before = len(queries.list_events(w.project))
    ok(dlg)
    assert len(queries.list_events(w.project)) == before + 1
    new_id = w.state.selected_id
    detail = queries.event_detail(w.project, new_id)
    assert detail.row.summary == "Turkey and Russia begin talks"
    assert (detail.evidence[0].start, detail.evidence[0].end) == (start, end)
    assert list_cell(w, new_id, EventTableModel.SUMMARY) == "Turkey and Russia begin talks"
    w.workflow.undo_action.trigger()
    assert len(queries.list_events(w.project)) == before

    pane.select_passage(start, end)
    menu_action(pane.text.build_context_menu(), "New stance from selection…").trigger()
    sdlg = w.workflow.dialog
    assert sdlg.holder.currentText() == "Turkey"
    sdlg.polarity.setCurrentText("against")
    sdlg.target.setCurrentText("American Patriot batteries")
    n = len(queries.list_stances(w.project))
    ok(sdlg)
    stances = queries.list_stances(w.project)
    assert len(stances) == n + 1
    made = next(s for s in stances if s.target == "American Patriot batteries")
    assert made.holder == "Turkey" and made.polarity == "against"
    assert "Patriot" in [t for _k, t in w.stance_panel.model.targets][-1] or any(
        "Patriot" in t for _k, t in w.stance_panel.model.targets
    )
    w.workflow.undo_action.trigger()
    assert len(queries.list_stances(w.project)) == n
    close_window(w)


def test_bulk_annotation_is_one_undo_step(qtbot, project_file: Path) -> None:  # noqa: F811
    QSettings("Stanceline", "Stanceline").setValue("author", "Ayşe Analyst")
    w = open_window(qtbot, project_file)
    turkey = next(a.id for a in w.state.actors if a.name == "Turkey")
    w.state.set_actor_filter([turkey])
    visible = {e.id for e in w.state.visible_events()}
    menu_action(w.edit_menu, "Select all in current filter").trigger()
    assert w.selection.ids == visible and len(visible) > 3
    menu_action(w.edit_menu, "Annotate selected…").trigger()
    dlg = w.workflow.dialog
    dlg.star.setCurrentIndex(dlg.star.findData("star"))
    dlg.review.setCurrentIndex(dlg.review.findData("confirmed"))
    qtbot.keyClicks(dlg.tags, "turkey-file, checked")
    dlg.note.setPlainText("Reviewed in the weekly meeting")
    ok(dlg)
    rows = [r for r in queries.list_events(w.project) if r.id in visible]
    assert all(r.starred and r.review == "confirmed" for r in rows)
    assert all({"turkey-file", "checked"} <= set(r.tags) for r in rows)
    assert all(r.note_count == 1 for r in rows)
    note = queries.event_detail(w.project, rows[0].id).notes[0]
    assert note.author == "Ayşe Analyst"
    assert all(list_cell(w, i, EventTableModel.STAR) == "★" for i in visible)
    assert w.editor.stack.count() == 1
    w.workflow.undo_action.trigger()
    rows = [r for r in queries.list_events(w.project) if r.id in visible]
    assert not any(r.starred or r.tags or r.note_count for r in rows)
    close_window(w)


def test_actor_manager(qtbot, project_file: Path) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    menu_action(w.edit_menu, "Actors…").trigger()
    dlg = w.workflow.dialog
    turkey = next(a.id for a in w.state.actors if a.name == "Turkey")
    dlg.select_actor(turkey)
    dlg.name.setText("Türkiye")
    qtbot.mouseClick(dlg.rename_button, Qt.MouseButton.LeftButton)
    assert w.state.actor(turkey).name == "Türkiye"
    assert any(
        w.actor_filter.model.item(r).text().startswith("Türkiye")
        for r in range(w.actor_filter.model.rowCount())
    )
    assert "Turkey" in edits.actor_aliases(w.project, turkey)

    dlg.colour.setText("#AA3377")
    dlg.colour.editingFinished.emit()
    assert w.state.actor(turkey).colour == "#AA3377"

    erdogan = next(a.id for a in w.state.actors if a.name.startswith("Recep"))
    dlg.merge_target.setCurrentIndex(dlg.merge_target.findData(erdogan))
    qtbot.mouseClick(dlg.merge_button, Qt.MouseButton.LeftButton)
    assert w.state.actor(erdogan) is None
    assert all(s.holder_id != erdogan for s in queries.list_stances(w.project))

    w.workflow.undo_action.trigger()  # the merge
    assert w.state.actor(erdogan) is not None
    dlg.select_actor(turkey)
    items = [dlg.aliases.item(i).text() for i in range(dlg.aliases.count())]
    dlg.aliases.setCurrentRow(items.index("Ankara"))
    qtbot.mouseClick(dlg.split_button, Qt.MouseButton.LeftButton)
    assert any(a.name == "Ankara" for a in w.state.actors)
    for _ in range(3):
        w.workflow.undo_action.trigger()
    assert w.state.actor(turkey).name == "Turkey" and w.state.actor(turkey).colour == ""
    assert not any(a.name == "Ankara" for a in w.state.actors)
    close_window(w)


def test_stance_editing_and_history(qtbot, project_file: Path) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    panel = w.stance_panel
    model = panel.model
    us = next(i for i, (hid, name) in enumerate(model.holders) if name == "United States")
    key_col = next(i for i, (k, _l) in enumerate(model.targets) if k == "s400-purchase")
    index = model.index(us, key_col)
    qtbot.mouseClick(
        panel.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=panel.table.visualRect(index).center(),
    )
    assert panel.evidence.count() == 3  # the U.S. row folds in Pompeo's statement
    item = next(
        panel.evidence.item(i)
        for i in range(panel.evidence.count())
        if panel.evidence.item(i).text().startswith("United States")
    )
    menu = panel.evidence_menu(item)
    polarity = menu_action(menu, "Polarity").menu()
    menu_action(polarity, "for").trigger()
    changed = [
        s
        for s in queries.list_stances(w.project)
        if s.holder == "United States" and s.target_key == "s400-purchase"
    ]
    assert sorted(s.polarity for s in changed) == ["against", "for"]
    assert model.index(us, key_col).data().startswith("mixed")

    # Stance history: the United States changed position on the S-400 purchase.
    menu_action(panel.cell_menu(model.index(us, key_col)), "Stance history…").trigger()
    dlg = w.workflow.dialog
    assert dlg.holder.currentText() == "United States"
    assert dlg.statements.count() == 2 and "changed position" in dlg.verdict.text()
    dlg.close()
    w.workflow.undo_action.trigger()
    assert all(
        s.polarity == "against"
        for s in queries.list_stances(w.project)
        if s.holder == "United States" and s.target_key == "s400-purchase"
    )

    caatsa_col = next(i for i, (k, _l) in enumerate(model.targets) if k == "caatsa")
    group = menu_action(panel.target_menu(caatsa_col), "Group “CAATSA sanctions” with").menu()
    group.actions()[0].trigger()
    assert "caatsa" not in {k for k, _l in panel.model.targets}
    w.workflow.undo_action.trigger()
    assert "caatsa" in {k for k, _l in panel.model.targets}
    close_window(w)


def test_search_highlights_and_selects(qtbot, project_file: Path) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    first = w.state.events[0].id
    edits.add_note(w.project, [first], "Ask about the Patriot offer")
    w.state.refresh_event(first)
    menu_action(w.edit_menu, "Search…").trigger()
    dlg = w.workflow.dialog
    qtbot.keyClicks(dlg.query, "patriot")
    qtbot.keyClick(dlg.query, Qt.Key.Key_Return)
    kinds = {h.kind for h in dlg.hits}
    assert kinds == {"note", "source"}
    assert "background:#FFE58A" in dlg.hits[0].html() and ">Patriot</span>" in dlg.hits[0].html()
    note_row = next(i for i, h in enumerate(dlg.hits) if h.kind == "note")
    w.state.select(w.state.events[3].id)
    dlg.results.itemClicked.emit(dlg.results.item(note_row))
    assert w.state.selected_id == first
    source_row = next(i for i, h in enumerate(dlg.hits) if h.kind == "source")
    dlg.results.itemClicked.emit(dlg.results.item(source_row))
    a, b = w.source_pane.evidence_range()
    assert w.source_pane.text.toPlainText()[a:b].casefold() == "patriot"
    close_window(w)


def test_saved_views_restore_the_filter_and_zoom(qtbot, project_file: Path) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    greece = next(a.id for a in w.state.actors if a.name == "Greece")
    w.state.set_actor_filter([greece])
    w.state.set_filter(w.state.event_filter.replace(speaker="Kyriakos Mitsotakis"))
    w.timeline.set_visible_range(
        __import__("datetime").date(2019, 1, 1), __import__("datetime").date(2021, 1, 1)
    )
    zoom = w.timeline.visible_range()

    def fill() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QInputDialog)
        box.setTextValue("Greece 2019–2020")
        box.accept()

    QTimer.singleShot(0, fill)
    menu_action(w.saved_views_menu, "Save current view…").trigger()
    assert [v.name for v in edits.saved_views(w.project)] == ["Greece 2019–2020"]

    w.state.set_actor_filter([])
    w.state.set_filter(w.state.event_filter.replace(speaker=""))
    w.timeline.fit_all()
    menu_action(w.saved_views_menu, "Greece 2019–2020").trigger()
    assert w.state.actor_filter == {greece}
    assert w.state.event_filter.speaker == "Kyriakos Mitsotakis"  # "only what X said" too
    assert w.timeline.visible_range() == zoom
    close_window(w)

    w2 = open_window(qtbot, project_file)  # saved in the project
    menu_action(w2.saved_views_menu, "Greece 2019–2020").trigger()
    assert w2.state.actor_filter == {greece}
    assert w2.state.event_filter.speaker == "Kyriakos Mitsotakis"
    close_window(w2)


def test_export_menu_respects_the_filter(qtbot, project_file: Path, tmp_path: Path) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    greece = next(a.id for a in w.state.actors if a.name == "Greece")
    w.state.set_actor_filter([greece])
    menu_action(w.export_menu, "Events as CSV…").trigger()
    dlg = w.workflow.dialog
    assert dlg.only_filter.isChecked()
    dlg.path.setText(str(tmp_path / "greece.csv"))
    ok(dlg)
    rows = list(csv.DictReader((tmp_path / "greece.csv").open(encoding="utf-8")))
    assert [r["summary"] for r in rows] == ["Greece welcomes sanctions"]

    menu_action(w.export_menu, "Events as JSON…").trigger()
    dlg = w.workflow.dialog
    dlg.only_filter.setChecked(False)
    dlg.path.setText(str(tmp_path / "all.json"))
    ok(dlg)
    doc = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert len(doc["events"]) == len(w.state.events)

    for fmt in ("PNG", "SVG"):
        menu_action(w.export_menu, f"Timeline view as {fmt}…").trigger()
        dlg = w.workflow.dialog
        dlg.path.setText(str(tmp_path / f"view.{fmt.lower()}"))
        ok(dlg)
    assert (tmp_path / "view.png").read_bytes()[:4] == b"\x89PNG"
    svg = (tmp_path / "view.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and "Greece" in svg
    close_window(w)


def test_tag_colours_and_publication_date_undo(qtbot, project_file: Path) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    event_id = w.state.first_dated_event()
    w.actions.add_tags(event_id, ["sanctions"])
    menu_action(w.edit_menu, "Tags…").trigger()
    dlg = w.workflow.dialog
    assert dlg.list.item(0).text().startswith("sanctions")
    dlg.set_colour("sanctions", "#D55E00")
    assert edits.tag_colours(w.project)["sanctions"] == "#D55E00"
    dlg.close()

    pane = w.source_pane
    source_id = pane.source_id
    pane.published_known.setChecked(False)  # publication date unknown: dates re-resolved
    assert queries.source_detail(w.project, source_id).published is None
    w.workflow.undo_action.trigger()
    assert queries.source_detail(w.project, source_id).published is not None
    assert pane.published_known.isChecked()
    w.workflow.undo_action.trigger()
    assert edits.tag_colours(w.project)["sanctions"] == ""
    close_window(w)


def test_timeline_context_menu_has_editing(qtbot, project_file: Path) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    event_id = w.state.events[0].id
    menu = w.actions.build_menu(event_id, w)
    names = [a.text() for a in menu.actions()]
    assert {"Edit event…", "Split event…", "Delete event"} <= set(names)
    menu_action(menu, "Edit event…").trigger()
    assert w.workflow.dialog.windowTitle() == "Edit event"
    assert isinstance(QPoint(), QPoint)
    close_window(w)
