"""The Things dock: "everything about the S-400", with counts and search, combined with the
actor filter, and kept in saved views."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from db import edits, queries
from tests.test_gui_support import isolated_settings, project_file  # noqa: F401  (fixtures)
from tests.test_workflow_gui import close_window, open_window
from viewer.eventlist import EventTableModel


def _names(filter_widget) -> list[str]:
    return [filter_widget.model.item(r).text() for r in range(filter_widget.model.rowCount())]


def _thing_id(w, name: str) -> int:
    return next(i for i, n in queries.list_things(w.project) if n == name)


def _event_things(w, event_id: int) -> tuple[str, ...]:
    return queries.event_detail(w.project, event_id).things


def test_things_dock_lists_things_with_counts_and_search(qtbot, project_file: Path) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    assert w.things_dock.isVisible() and w.things_dock.windowTitle() == "Things"
    assert w.dockWidgetArea(w.things_dock) == w.dockWidgetArea(w.actors_dock)
    names = _names(w.thing_filter)
    s400 = sum("S-400" in _event_things(w, r.id) for r in w.state.events)
    assert names[0] == f"S-400 ({s400})"  # the busiest first
    assert {"F-35 (1)", "CAATSA (2)"} <= set(names)

    qtbot.keyClicks(w.thing_filter.search, "f-3")
    shown = [
        w.thing_filter.proxy.index(r, 0).data() for r in range(w.thing_filter.proxy.rowCount())
    ]
    assert shown == ["F-35 (1)"]
    close_window(w)


def test_ticking_a_thing_filters_timeline_and_list(qtbot, project_file: Path) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    total = len(w.state.events)
    item = w.thing_filter.item_for("CAATSA")
    # Tick it the way a user does: a click on the check box of the row.
    view = w.thing_filter.view
    index = w.thing_filter.proxy.mapFromSource(item.index())
    rect = view.visualRect(index)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + 10, rect.center().y())
    )
    QApplication.processEvents()
    assert w.state.event_filter.things == {_thing_id(w, "CAATSA")}
    rows = w.event_list.source_model.rowCount()
    assert rows == 2 < total
    summaries = {
        w.event_list.source_model.index(r, EventTableModel.SUMMARY).data() for r in range(rows)
    }
    assert summaries == {
        "U.S. imposes CAATSA sanctions on Turkey",
        "Turkey demands reversal of sanctions",
    }
    assert w.state.visible_count() == 2  # what the timeline draws
    assert "2 of" in w.counts_label.text()

    # With an actor too: AND across the two lists.
    greece = next(a.id for a in w.state.actors if a.name == "Greece")
    w.state.set_actor_filter([greece])
    assert w.state.visible_count() == 0
    w.state.set_actor_filter([])
    qtbot.mouseClick(w.thing_filter.clear_button, Qt.MouseButton.LeftButton)
    assert w.state.event_filter.things == frozenset()
    assert w.state.visible_count() == total
    assert item.checkState() == Qt.CheckState.Unchecked
    close_window(w)


def test_saved_view_keeps_actors_things_and_text(qtbot, project_file: Path) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    turkey = next(a.id for a in w.state.actors if a.name == "Turkey")
    w.state.set_actor_filter([turkey])
    w.thing_filter.item_for("S-400").setCheckState(Qt.CheckState.Checked)
    w.workflow.set_search_text("delivered")
    shown = set(w.state.visible_ids().tolist())
    assert len(shown) == 1
    w.workflow.save_view("Turkey S-400 deliveries")
    saved = edits.saved_views(w.project)[0].state
    assert saved["actors"] == ["Turkey"] and saved["things"] == ["S-400"]
    assert saved["text"] == "delivered"
    close_window(w)

    w2 = open_window(qtbot, project_file)
    assert w2.state.visible_count() == len(w2.state.events)
    next(
        a for a in w2.saved_views_menu.actions() if a.text() == "Turkey S-400 deliveries"
    ).trigger()
    assert set(w2.state.visible_ids().tolist()) == shown
    assert w2.thing_filter.item_for("S-400").checkState() == Qt.CheckState.Checked
    assert w2.workflow.search_box.text() == "delivered"
    close_window(w2)
