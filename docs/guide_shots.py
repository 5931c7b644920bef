"""Regenerate the user guide's screenshots: ``.venv/bin/python docs/guide_shots.py [OUT_DIR]``.

Builds the demo project (the five articles in resources/demo, through the real extraction) in
a temporary folder, opens the real main window offscreen with the Help, Preferences and welcome
hooks, and grabs each view the guide talks about into docs/images/guide-*.png.  Settings go to a
temporary folder too, so your own layout and preferences are neither used nor changed.

Add a shot by writing a function ``shot_NAME(window, out_dir)`` and listing it in SHOTS.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("STANCELINE_THEME", None)
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QPoint, QSettings  # noqa: E402

SIZE = (1500, 940)


from make_screenshots import grab, settle  # noqa: E402  (one helper for every docs image)


def _actor(w, name: str) -> int:
    return next(a.id for a in w.state.actors if a.name == name)


def _select_rich_event(w) -> int:
    """A dated event with an actor and two sources if there is one: the best first picture."""
    for row in w.state.visible_events():
        if row.earliest is not None and len(row.source_ids) > 1:
            w.state.select(row.id)
            return row.id
    event_id = w.state.first_dated_event()
    w.state.select(event_id)
    return event_id


def shot_window(w, out: Path) -> None:
    _select_rich_event(w)
    w.timeline.fit_all()
    settle()
    w.source_pane.centre_evidence()
    grab(w, out / "guide-window.png")


def shot_welcome(w, out: Path) -> None:
    w.welcome.start()
    grab(w, out / "guide-welcome.png")
    w.welcome.go(0)
    grab(w, out / "guide-tour-timeline.png")
    w.welcome.close()


def shot_timeline(w, out: Path) -> None:
    grab(w.timeline, out / "guide-timeline.png")


def shot_source(w, out: Path) -> None:
    w.source_pane.centre_evidence()
    grab(w.source_pane, out / "guide-source.png")


def shot_stances(w, out: Path) -> None:
    grab(w.stances_dock, out / "guide-stances.png")


def shot_filter(w, out: Path) -> None:
    ids = [_actor(w, "Turkey"), _actor(w, "Russia")]
    w.state.set_actor_filter(ids)
    settle()
    grab(w, out / "guide-filter.png")
    w.state.set_actor_filter([])


def shot_annotation(w, out: Path) -> None:
    grab(w.annotation_dock, out / "guide-annotation.png")


def shot_event_menu(w, out: Path) -> None:
    # The right-click menu of an event, drawn alone (popups are windows of their own).
    menu = w.actions.build_menu(w.state.selected_id, w)
    menu.popup(w.mapToGlobal(QPoint(200, 200)))
    grab(menu, out / "guide-event-menu.png")
    menu.close()


def shot_shortcuts(w, out: Path) -> None:
    sheet = w.help_actions.show_shortcuts()
    sheet.resize(560, 700)
    grab(sheet, out / "guide-shortcuts.png")
    sheet.close()


def shot_preferences(w, out: Path) -> None:
    dialog = w.preferences.open()
    grab(dialog, out / "guide-preferences.png")
    dialog.reject()


def shot_export(w, out: Path) -> None:
    dialog = w.workflow.open_export("csv")
    grab(dialog, out / "guide-export.png")
    dialog.reject()


def shot_restore(w, out: Path) -> None:
    from db.backup import create_backup
    from viewer.safety import RestoreBackupDialog

    create_backup(w.project.path)
    dialog = RestoreBackupDialog(w.project.path, w)
    grab(dialog, out / "guide-restore.png")
    dialog.reject()


def shot_guide(w, out: Path) -> None:
    guide = w.help_actions.show_guide()
    guide.resize(820, 620)
    settle()
    guide.browser.scroll_to_heading("read-the-timeline")
    grab(guide, out / "guide-help-guide.png")
    guide.close()


SHOTS: list[Callable[[object, Path], None]] = [
    shot_window,
    shot_welcome,
    shot_timeline,
    shot_source,
    shot_stances,
    shot_filter,
    shot_annotation,
    shot_event_menu,
    shot_shortcuts,
    shot_preferences,
    shot_export,
    shot_restore,
    shot_guide,
]


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(fmt, QSettings.Scope.UserScope, tmp)
        os.environ["XDG_DATA_HOME"] = tmp  # backups of the throwaway demo land here too
        from db.project import Project
        from services.demo import ensure_demo_project
        from viewer.app import make_app
        from viewer.help import install_help
        from viewer.mainwindow import MainWindow
        from viewer.preferences import install_preferences
        from viewer.theme import apply_theme
        from viewer.welcome import install_welcome

        app = make_app()
        apply_theme(app, "light")
        project = Project.open(ensure_demo_project(Path(tmp) / "demo.stanceline"), create=False)
        window = MainWindow(project, persist_layout=False)
        install_help(window)
        install_preferences(window)
        install_welcome(window, first_run=False)
        window.resize(*SIZE)
        window.show()
        settle()
        try:
            for shot in SHOTS:
                shot(window, out)
        finally:
            window.close()
            window.deleteLater()
            settle()
            project.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "images"))
