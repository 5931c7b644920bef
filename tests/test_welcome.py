"""The first-run welcome: shown once, a three-step tour of the panes, "Import your articles…"."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, Qt

from db.project import Project
from tests.test_gui_support import isolated_settings, project, project_file  # noqa: F401
from viewer import welcome
from viewer.mainwindow import MainWindow


@pytest.fixture
def window(qtbot, project: Project) -> Iterator[MainWindow]:  # noqa: F811
    w = MainWindow(project, persist_layout=False)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


def test_shown_on_the_first_start_only(qtbot, window: MainWindow, project: Project) -> None:  # noqa: F811
    assert not welcome.was_shown()
    tour = welcome.install_welcome(window)
    qtbot.waitUntil(tour.is_open, timeout=2000)
    assert tour.step == -1 and "Welcome" in tour.card.title.text()
    assert welcome.was_shown()  # even if the user quits with it open
    tour.close()
    second = MainWindow(project, persist_layout=False)
    qtbot.addWidget(second)
    second.show()
    again = welcome.install_welcome(second)
    qtbot.wait(50)
    assert not again.is_open()
    # ... and always reachable from Help.
    again.action.trigger()
    assert again.is_open() and again.step == 0
    second.close()


def test_the_tour_outlines_each_pane_in_turn(qtbot, window: MainWindow) -> None:
    tour = welcome.install_welcome(window, first_run=False)
    tour.start()
    assert tour.target_rect().isNull()  # the welcome itself outlines nothing
    seen = []
    for expected in ("timeline", "source_pane", "stances_dock"):
        tour.next()
        pane = getattr(window, expected)
        hole = tour.target_rect()
        assert hole == QRect(pane.mapTo(window, pane.rect().topLeft()), pane.size())
        assert tour.spotlight.hole == hole
        # The card sits inside the window and does not cover the pane it explains.
        card = tour.card.geometry()
        assert window.rect().contains(card)
        assert not card.intersects(hole.adjusted(4, 4, -4, -4))
        seen.append(tour.card.title.text())
    assert [s.split(" · ")[1] for s in seen] == ["The timeline", "The source", "Stances"]
    assert tour.card.next_button.text() == "Done"
    tour.next()
    assert not tour.is_open() and not tour.spotlight.isVisible()


def test_keyboard_drives_the_tour(qtbot, window: MainWindow) -> None:
    tour = welcome.install_welcome(window, first_run=False)
    tour.start()
    qtbot.keyClick(tour.card, Qt.Key.Key_Right)
    qtbot.keyClick(tour.card, Qt.Key.Key_Return)
    assert tour.step == 1
    qtbot.keyClick(tour.card, Qt.Key.Key_Left)
    assert tour.step == 0
    qtbot.keyClick(tour.card, Qt.Key.Key_Escape)
    assert not tour.is_open()


def test_import_button_triggers_the_windows_import_action(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    action = welcome.find_import_action(window)
    assert action is not None and action.text().replace("&", "").startswith("Import files")
    calls: list[bool] = []
    action.triggered.connect(lambda *_: calls.append(True))
    monkeypatch.setattr(window, "import_files_dialog", lambda: None)  # no real file dialog
    tour = welcome.install_welcome(window, first_run=False)
    tour.start()
    assert tour.card.import_button.isVisible()
    qtbot.mouseClick(tour.card.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(calls), timeout=2000)
    assert not tour.is_open()


def test_the_card_follows_a_resize(qtbot, window: MainWindow) -> None:
    tour = welcome.install_welcome(window, first_run=False)
    tour.start(0)
    window.resize(1100, 760)
    qtbot.waitUntil(lambda: tour.spotlight.size() == window.size(), timeout=2000)
    assert window.rect().contains(tour.card.geometry())
