"""Edit ▸ Preferences…: stored with QSettings, read back through one function per setting."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QSettings

from db.project import Project
from tests.test_gui_support import isolated_settings, project, project_file  # noqa: F401
from viewer import preferences as prefs
from viewer.annotationpanel import note_author
from viewer.mainwindow import MainWindow


@pytest.fixture
def window(qtbot, project: Project) -> Iterator[MainWindow]:  # noqa: F811
    w = MainWindow(project, persist_layout=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


def test_defaults_without_any_setting() -> None:
    assert prefs.lane_mode() == "actor"
    assert prefs.date_format() == "analyst"
    assert prefs.backup_period() == timedelta(minutes=30)
    assert prefs.author() == "" and prefs.theme() == "system"


def test_junk_in_the_settings_falls_back_to_the_default() -> None:
    st = QSettings("Stanceline", "Stanceline")
    st.setValue(prefs.KEYS["lane_mode"], "sideways")
    st.setValue(prefs.KEYS["backup_minutes"], "often")
    assert prefs.lane_mode() == "actor"
    assert prefs.backup_minutes() == prefs.DEFAULT_BACKUP_MINUTES


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("analyst", "2 Jul 2019"),
        ("long", "2 July 2019"),
        ("iso", "2019-07-02"),
        ("dmy", "02/07/2019"),
        ("mdy", "07/02/2019"),
    ],
)
def test_format_day(fmt: str, text: str) -> None:
    assert prefs.format_day(date(2019, 7, 2), fmt) == text


def test_the_dialog_saves_and_the_window_follows(qtbot, window: MainWindow) -> None:
    hook = prefs.install_preferences(window)
    assert prefs.install_preferences(window) is hook
    assert hook.action in window.edit_menu.actions()
    assert not hook.action.shortcut().isEmpty()
    dialog = hook.open()
    qtbot.addWidget(dialog)
    dialog.lanes.setCurrentIndex(dialog.lanes.findData("source"))
    dialog.dates.setCurrentIndex(dialog.dates.findData("iso"))
    dialog.backups.setCurrentIndex(dialog.backups.findData(0))
    dialog.author.setText("  Ayşe Demir ")
    dialog.welcome.setChecked(True)
    dialog.accept()
    assert prefs.lane_mode() == "source" and window.timeline.lane_mode() == "source"
    assert prefs.format_day(date(2021, 9, 26)) == "2021-09-26"
    assert prefs.backup_period() is None
    assert prefs.author() == "Ayşe Demir" == note_author()  # notes are signed with it
    assert QSettings("Stanceline", "Stanceline").value("welcome/shown", type=bool) is False


def test_cancel_changes_nothing(qtbot, window: MainWindow) -> None:
    hook = prefs.install_preferences(window)
    dialog = hook.open()
    qtbot.addWidget(dialog)
    dialog.lanes.setCurrentIndex(dialog.lanes.findData("type"))
    dialog.reject()
    assert prefs.lane_mode() == "actor" and window.timeline.lane_mode() == "actor"


def test_a_new_window_opens_with_the_stored_lane_mode(qtbot, project: Project) -> None:  # noqa: F811
    QSettings("Stanceline", "Stanceline").setValue(prefs.KEYS["lane_mode"], "type")
    w = MainWindow(project, persist_layout=False)
    qtbot.addWidget(w)
    prefs.install_preferences(w)
    assert w.timeline.lane_mode() == "type"
