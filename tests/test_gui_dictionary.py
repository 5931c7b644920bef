"""The actor dictionary edited in the actor manager: an alias added or removed re-links the
stored articles at once (undoable), and the dictionary goes to and comes from a file."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from db import edits, queries
from tests.test_gui_support import isolated_settings, project_file  # noqa: F401  (fixtures)
from tests.test_workflow_gui import close_window, menu_action, open_window

# "…arrived at Mürted air base near Ankara…": a place name no dictionary knows.
PLACE = "Mürted"


def _mentions_of(w, text: str) -> list[str]:
    """Labels of the actor mentions whose span reads ``text``, over all sources."""
    out = []
    for source_id, *_ in queries.list_sources(w.project):
        src = queries.source_detail(w.project, source_id)
        out += [
            m.label for m in src.mentions if m.kind == "actor" and src.text[m.start : m.end] == text
        ]
    return out


def _manager(qtbot, w, actor: str):
    menu_action(w.edit_menu, "Actors…").trigger()
    dlg = w.workflow.dialog
    dlg.select_actor(next(a.id for a in w.state.actors if a.name == actor))
    return dlg


def test_add_alias_relinks_mentions_and_undo_unlinks(qtbot, project_file: Path) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    dlg = _manager(qtbot, w, "Turkey")
    turkey = next(a.id for a in w.state.actors if a.name == "Turkey")
    assert _mentions_of(w, PLACE) == []
    assert not dlg.add_alias_button.isEnabled()

    dlg.new_alias.insert(PLACE)  # typed (QTest cannot type non-ASCII keys)
    qtbot.mouseClick(dlg.add_alias_button, Qt.MouseButton.LeftButton)
    assert "again" in dlg.status.text()  # at work on the database worker, the window live
    assert dlg.wait_idle()
    assert PLACE in edits.actor_aliases(w.project, turkey)
    assert PLACE in dlg.alias_names() and dlg.new_alias.text() == ""
    assert _mentions_of(w, PLACE) == ["Turkey"]  # the stored article, not re-imported
    assert "newly linked" in dlg.status.text()
    # The source pane shows the new mention: select an event of that article.
    delivered = next(r.id for r in w.state.events if r.summary.startswith("First S-400"))
    w.state.select(delivered)
    src = queries.source_detail(w.project, w.source_pane.source_id)
    assert any(src.text[m.start : m.end] == PLACE for m in src.mentions)

    w.workflow.undo_action.trigger()
    assert PLACE not in edits.actor_aliases(w.project, turkey)
    assert _mentions_of(w, PLACE) == []
    qtbot.waitUntil(lambda: PLACE not in dlg.alias_names())  # the lists follow a moment later
    w.workflow.redo_action.trigger()
    assert _mentions_of(w, PLACE) == ["Turkey"]
    close_window(w)


def test_remove_alias_unlinks_and_undo_relinks(qtbot, project_file: Path) -> None:  # noqa: F811
    w = open_window(qtbot, project_file)
    dlg = _manager(qtbot, w, "Russia")
    russia = next(a.id for a in w.state.actors if a.name == "Russia")
    dlg.new_alias.insert(PLACE)  # typed (QTest cannot type non-ASCII keys)
    qtbot.keyClick(dlg.new_alias, Qt.Key.Key_Return)
    assert dlg.wait_idle()
    assert _mentions_of(w, PLACE) == ["Russia"]

    dlg.aliases.setCurrentRow(dlg.alias_names().index(PLACE))
    assert dlg.remove_alias_button.isEnabled()
    qtbot.mouseClick(dlg.remove_alias_button, Qt.MouseButton.LeftButton)
    assert dlg.wait_idle()
    assert PLACE not in edits.actor_aliases(w.project, russia)
    assert _mentions_of(w, PLACE) == []
    w.workflow.undo_action.trigger()
    assert _mentions_of(w, PLACE) == ["Russia"]
    qtbot.waitUntil(lambda: PLACE in dlg.alias_names())
    close_window(w)


def test_import_and_export_dictionary_buttons(
    qtbot,
    project_file: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch,
) -> None:
    w = open_window(qtbot, project_file)
    dlg = _manager(qtbot, w, "Greece")
    greece = next(a.id for a in w.state.actors if a.name == "Greece")
    dictionary = tmp_path / "team.json"
    dictionary.write_text(
        json.dumps(
            {
                "version": 1,
                "actors": [
                    {"name": "Greece", "kind": "country", "colour": "#0072B2", "aliases": [PLACE]}
                ],
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(dictionary), ""))
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    assert dlg.wait_idle()
    w.state.wait_loaded()
    assert w.state.actor(greece).colour == "#0072B2"
    assert _mentions_of(w, PLACE) == ["Greece"]
    assert PLACE in dlg.alias_names()
    assert w.editor.stack.count() == 1  # one undoable step

    out = tmp_path / "exported.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    doc = json.loads(out.read_text(encoding="utf-8"))
    entry = next(e for e in doc["actors"] if e["name"] == "Greece")
    assert PLACE in entry["aliases"] and entry["colour"] == "#0072B2"
    assert str(out) in dlg.status.text()

    w.workflow.undo_action.trigger()
    assert w.state.actor(greece).colour == ""
    assert _mentions_of(w, PLACE) == []
    close_window(w)
