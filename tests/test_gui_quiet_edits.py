"""An edit reads on the GUI thread only what it changed: a star does not re-read the saved
views or the tag colours (each a query in the turn that shows the edit; issue 14)."""

from __future__ import annotations

from pathlib import Path

from db import edits
from tests.test_gui_support import isolated_settings, project_file  # noqa: F401  (fixtures)
from tests.test_workflow_gui import close_window, open_window


def test_a_star_reads_neither_saved_views_nor_tag_colours(qtbot, project_file: Path,  # noqa: F811
                                                          monkeypatch) -> None:
    w = open_window(qtbot, project_file)
    reads: list[str] = []
    for name in ("saved_views", "tag_colours"):
        real = getattr(edits, name)
        monkeypatch.setattr(edits, name, lambda p, _n=name, _r=real: (reads.append(_n), _r(p))[1])
    event_id = int(w.state.arrays.ids[0])
    project = w.project
    w.editor.run("Star", lambda: edits.set_star(project, [event_id], True))
    assert w.state.event(event_id).starred
    assert reads == []
    w.editor.run("Tag", lambda: edits.add_tags(project, [event_id], ["to check"]))
    assert reads == ["tag_colours"]  # a new tag: its colour, for the chips
    w.editor.run("View", lambda: edits.save_view(project, "Mine", {"actors": []}))
    assert "saved_views" in reads[1:]  # the menu lists the new view
    assert [a.text() for a in w.saved_views_menu.actions()].count("Mine") == 1
    close_window(w)
