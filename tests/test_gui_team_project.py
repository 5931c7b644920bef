"""File ▸ Open team project: a shared project is opened by database URL, not by file name.

A SQLite URL stands in for PostgreSQL here (the same code path through SQLAlchemy); the
PostgreSQL engine itself is exercised by the storage tests when STANCELINE_TEST_PG_URL is set.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from db.project import Project
from tests.test_gui_support import isolated_settings, project, project_file  # noqa: F401
from viewer.mainwindow import MainWindow


@pytest.fixture
def window(qtbot, project: Project) -> Iterator[MainWindow]:  # noqa: F811
    w = MainWindow(project, persist_layout=False)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


def answer(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (text, True)))


def test_open_team_project_by_url(window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    shared = tmp_path / "team.db"
    answer(monkeypatch, f"sqlite:///{shared}")
    window.open_team_action.trigger()
    assert window.project.location.endswith("team.db")
    assert shared.exists()  # an empty database got the schema
    assert window.state.visible_count() == 0
    assert "team" in window.windowTitle()


def test_not_a_url_is_explained_and_nothing_changes(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = window.project
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: told.append(a[2])))
    answer(monkeypatch, "just some words")
    window.open_team_action.trigger()
    assert window.project is before
    assert told and "not a database URL" in told[0]
