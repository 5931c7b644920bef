"""Issue 13, item 9: filters, the zoom window and the selection survive a relaunch, per
project.  The window is closed and built again over the same file (QSettings isolated per
test), as a relaunch does; another project keeps its own view."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from db.project import Project
from tests.test_gui_support import build_project, isolated_settings  # noqa: F401  (fixture)


def launch(qtbot, path: Path):
    from viewer.mainwindow import MainWindow

    project = Project.open(path, create=False)
    w = MainWindow(project)  # as the app builds it: the layout and the views persist
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    w.state.wait_loaded()
    # What the start-up does after building the window (viewer/app.py).
    w.state.select(w.state.first_dated_event())
    w.timeline.fit_all()
    qtbot.waitUntil(lambda: w.view_memory.restored, timeout=3000)
    return w, project


def quit_app(w, project: Project) -> None:
    w.close()
    project.close()


@pytest.fixture
def two_projects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    return (build_project(tmp_path / "a.stanceline", monkeypatch),
            build_project(tmp_path / "b.stanceline", monkeypatch))


def test_view_survives_a_relaunch_per_project(qtbot, two_projects) -> None:
    first, second = two_projects
    w, p = launch(qtbot, first)
    turkey = next(a.id for a in w.state.actors if a.name == "Turkey")
    # The user ticks Turkey in the actor filter, types a text filter, zooms and picks an event.
    w.state.set_actor_filter([turkey])
    w.workflow.search_box.setFocus()
    qtbot.keyClicks(w.workflow.search_box, "S-400")
    qtbot.waitUntil(lambda: w.state.event_filter.text == "S-400", timeout=3000)
    w.timeline.set_visible_range(date(2019, 1, 1), date(2019, 12, 31))
    zoom = w.timeline.visible_range()
    chosen = next(e.id for e in w.state.visible_events() if e.summary.startswith("First S-400"))
    w.state.select(chosen)
    shown = w.state.visible_count()
    quit_app(w, p)

    w, p = launch(qtbot, first)
    f = w.state.event_filter
    assert w.state.actor_names(f.actors) == ["Turkey"]
    assert f.text == "S-400" and w.workflow.search_box.text() == "S-400"
    assert w.state.visible_count() == shown
    assert w.timeline.visible_range() == zoom
    assert w.state.selected_id == chosen
    assert w.annotation_panel.summary.text().startswith("First S-400")
    assert w.event_list.currentIndex().data(Qt.ItemDataRole.DisplayRole) is not None
    shots = Path("/tmp/stanceline-issue13-shots")
    shots.mkdir(parents=True, exist_ok=True)
    assert w.grab().save(str(shots / "relaunched_window.png"))
    quit_app(w, p)

    # The other project has a view of its own (none yet: everything shown).
    w, p = launch(qtbot, second)
    assert w.state.event_filter.is_empty
    assert w.state.visible_count() == len(w.state.arrays)
    quit_app(w, p)


def test_switching_projects_keeps_each_view(qtbot, two_projects) -> None:
    first, second = two_projects
    w, _p = launch(qtbot, first)  # open_project closes it
    w.workflow.set_search_text("sanctions")
    assert w.open_project(str(second))
    qtbot.waitUntil(lambda: w.view_memory.restored, timeout=3000)
    assert w.state.event_filter.text == ""
    assert w.open_project(str(first))
    qtbot.waitUntil(lambda: w.view_memory.restored, timeout=3000)
    assert w.state.event_filter.text == "sanctions"
    w.close()
    w.project.close()
