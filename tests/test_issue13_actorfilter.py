"""Issue 13, item 4: the actor search finds actors by their aliases, ignoring case and
diacritics ("Türkiye", "ankara", "cavusoglu")."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from db import models as m
from db.project import Project
from tests.test_gui_support import (  # noqa: F401  (fixtures)
    isolated_settings,
    open_window,
    project_file,
)
from viewer.actorfilter import fold
from viewer.mainwindow import MainWindow


@pytest.fixture
def window(qtbot, project_file: Path) -> Iterator[MainWindow]:  # noqa: F811
    with Project.open(project_file, create=False) as project, project.session() as s:
        turkey = s.scalar(select(m.Actor).where(m.Actor.name == "Turkey"))
        s.add(m.ActorAlias(actor_id=turkey.id, alias="Türkiye"))  # as the gazetteer has it
    yield from open_window(qtbot, project_file)


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Key presses for each character (QTest aborts on characters beyond ASCII, such as ü)."""
    for ch in text:
        if ord(ch) < 0x80:
            qtbot.keyClicks(widget, ch)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def shown(w: MainWindow) -> list[str]:
    proxy = w.actor_filter.proxy
    return [proxy.index(r, 0).data().rsplit(" (", 1)[0] for r in range(proxy.rowCount())]


@pytest.mark.parametrize("typed", ["Türkiye", "turkiye", "TÜRKİYE", "Ankara", "ankara", "turk"])
def test_alias_finds_turkey(window: MainWindow, qtbot, typed: str) -> None:
    box = window.actor_filter.search
    type_text(qtbot, box, typed)
    assert box.text() == typed
    assert shown(window) == ["Turkey"]


def test_diacritics_and_case_ignored_in_names(window: MainWindow, qtbot) -> None:
    af = window.actor_filter
    qtbot.keyClicks(af.search, "cavusoglu")
    assert shown(window) == ["Mevlüt Çavuşoğlu"]
    af.search.clear()
    qtbot.keyClicks(af.search, "ERDOGAN")
    assert shown(window) == ["Recep Tayyip Erdoğan"]
    af.search.clear()
    assert len(shown(window)) == af.model.rowCount() == 9


def test_ticking_the_alias_match_filters_the_events(window: MainWindow, qtbot) -> None:
    af = window.actor_filter
    type_text(qtbot, af.search, "Türkiye")
    index = af.proxy.index(0, 0)
    af.view.setCurrentIndex(index)
    af.view.setFocus()
    qtbot.keyClick(af.view, Qt.Key.Key_Space)  # Space ticks the current row
    assert window.state.actor_filter == {index.data(Qt.ItemDataRole.UserRole + 1)}
    assert "Also found as: Ankara, Turkish, Türkiye" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert "filter: Turkey" in window.counts_label.text()


def test_fold() -> None:
    assert fold("Türkiye") == fold("TÜRKİYE") == fold("turkiye") == "turkiye"
    assert fold("Çavuşoğlu") == "cavusoglu"
    assert fold("Kılıçdaroğlu") == "kilicdaroglu"
