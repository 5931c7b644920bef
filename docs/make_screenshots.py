"""Regenerate every image in docs/ (one command): ``.venv/bin/python docs/make_screenshots.py``.

Builds the S-400 sample project of the GUI tests in a temporary folder, opens the real main
window offscreen, drives the editing dialogs as a user would and grabs each one into
docs/images/.  Add a shot by writing a function that takes (window, out_dir) and listing it in
SHOTS.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402


def settle(rounds: int = 5) -> None:
    for _ in range(rounds):
        QApplication.processEvents()


def grab(widget: QWidget, path: Path) -> None:
    settle()
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(path)


def shot_event_editor(w, out: Path) -> None:
    event_id = w.state.first_dated_event()
    w.state.select(event_id)
    dlg = w.workflow.edit_event(event_id)
    dlg.date.qualifier.setCurrentIndex(dlg.date.qualifier.findData("about"))
    grab(dlg, out / "event-editor.png")
    dlg.close()


def shot_new_event(w, out: Path) -> None:
    pane = w.source_pane
    text = pane.source_text()
    start = text.index("Talks on the purchase")
    end = text.index(".", start) + 1
    pane.select_passage(start, end)
    dlg = w.workflow.new_event_from_passage(pane.source_id, start, end)
    grab(dlg, out / "new-event-from-selection.png")
    dlg.close()


def shot_actor_manager(w, out: Path) -> None:
    dlg = w.workflow.open_actor_manager()
    dlg.select_actor(next(a.id for a in w.state.actors if a.name == "Turkey"))
    grab(dlg, out / "actor-manager.png")
    dlg.close()


def shot_stance_history(w, out: Path) -> None:
    from db import edits, queries

    us = [
        s
        for s in queries.list_stances(w.project)
        if s.holder == "United States" and s.target_key == "s400-purchase"
    ]
    w.editor.run("demo", lambda: edits.edit_stance(w.project, us[0].id, polarity="for"))
    dlg = w.workflow.open_stance_history(us[0].holder_id, "s400-purchase")
    grab(dlg, out / "stance-history.png")
    dlg.close()
    w.workflow.undo_action.trigger()


def shot_bulk(w, out: Path) -> None:
    turkey = next(a.id for a in w.state.actors if a.name == "Turkey")
    w.state.set_actor_filter([turkey])
    w.event_list.select_all_visible()
    dlg = w.workflow.bulk_annotate()
    dlg.star.setCurrentIndex(dlg.star.findData("star"))
    dlg.review.setCurrentIndex(dlg.review.findData("confirmed"))
    dlg.tags.setText("s400-file")
    grab(dlg, out / "bulk-annotate.png")
    dlg.close()
    w.state.set_actor_filter([])


def shot_search(w, out: Path) -> None:
    dlg = w.workflow.open_search()
    dlg.query.setText("S-400")
    dlg.run()
    grab(dlg, out / "search.png")
    dlg.close()
    w.workflow.set_search_text("")  # the search also filtered the window: lift it


def shot_things_filter(w, out: Path) -> None:
    """The Things dock under Actors, S-400 ticked: everything about the S-400."""
    w.selection.clear()  # the bulk shot's multi-selection
    w.event_list.clearSelection()
    w.thing_filter.item_for("S-400").setCheckState(Qt.CheckState.Checked)
    w.state.select(w.state.first_dated_event())
    grab(w, out / "things-filter.png")
    w.thing_filter.choose(())


def shot_actor_aliases(w, out: Path) -> None:
    """The actor manager after "Add alias": aliases, the dictionary buttons, the status."""
    dlg = w.workflow.open_actor_manager()
    dlg.select_actor(next(a.id for a in w.state.actors if a.name == "Turkey"))
    dlg.new_alias.setText("Mürted")
    dlg.add_alias_button.click()
    for _ in range(200):  # the alias is written on the database worker
        if "Mürted" in dlg.alias_names():
            break
        settle()
        QApplication.instance().thread().msleep(10)
    dlg.aliases.setCurrentRow(dlg.alias_names().index("Mürted"))
    dlg.new_alias.setText("Türkiye")
    grab(dlg, out / "actor-aliases.png")
    dlg.close()
    w.workflow.undo_action.trigger()


def shot_search_filter(w, out: Path) -> None:
    """The search box filters the timeline and the list; matches marked in the article."""
    w.workflow.search_box.setText("sanctions")
    w.workflow.set_search_text("sanctions")
    w.state.select(int(w.state.visible_ids()[0]))
    grab(w, out / "search-filter.png")
    w.workflow.set_search_text("")
    w.workflow.search_box.clear()


def shot_conflict(w, out: Path) -> None:
    """Somebody else changed the event: the message the later writer gets."""
    from datetime import datetime

    from db.sync import ConflictError

    w.state.select(w.state.first_dated_event())
    w.actions.report_conflict(ConflictError(w.state.selected_id, datetime(2024, 3, 12, 14, 3, 22)))
    grab(w.actions.conflict_box, out / "conflict.png")
    w.actions.conflict_box.close()


SHOTS: list[Callable] = [
    shot_event_editor,
    shot_new_event,
    shot_actor_manager,
    shot_stance_history,
    shot_bulk,
    shot_search,
    shot_things_filter,
    shot_actor_aliases,
    shot_search_filter,
    shot_conflict,
]


def main(out: Path) -> None:
    import pytest

    from db.project import Project
    from tests.test_gui_support import build_project
    from viewer.app import make_app
    from viewer.mainwindow import MainWindow

    out.mkdir(parents=True, exist_ok=True)
    make_app()
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, tmp)
        mp = pytest.MonkeyPatch()
        try:
            path = build_project(Path(tmp) / "s400.stanceline", mp)
        finally:
            mp.undo()
        window = MainWindow(Project.open(path, create=False), persist_layout=False)
        window.resize(1600, 1000)
        window.show()
        settle()
        try:
            for shot in SHOTS:
                shot(window, out)
        finally:
            window.close()
            window.project.close()


def main_all(out: Path) -> None:
    """Every image in docs/: the dialogs above, the user guide's shots (guide_shots.py) and the
    README's picture of the main window on the demo project."""
    import guide_shots

    from services.demo import ensure_demo_project
    from viewer.screenshot import take_screenshot

    main(out)
    guide_shots.main(out)
    with tempfile.TemporaryDirectory() as tmp:
        demo = ensure_demo_project(Path(tmp) / "demo.stanceline")
        take_screenshot(str(demo), REPO / "docs" / "screenshot.png")
        print(REPO / "docs" / "screenshot.png")


if __name__ == "__main__":
    main_all(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "images")
