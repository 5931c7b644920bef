"""The event list paints from ``EventTableModel.cell`` (one call a cell, viewer/eventcells.py).

What a cell shows must be what ``data()`` says (screen readers, tooltips and copy read data()),
and the painted list must show it: the summary text, the star in its colour, the selection.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPalette

from db.generate import generate_project
from db.queries import REVIEW_CODES
from tests.test_gui_support import isolated_settings, open_window  # noqa: F401  (fixture)
from viewer import colours
from viewer import preferences as prefs
from viewer.eventcells import EventCellDelegate
from viewer.eventlist import EVENT_ID_ROLE, EventTableModel
from viewer.mainwindow import MainWindow

ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.TextAlignmentRole,
)


@pytest.fixture(scope="module")
def project_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cells") / "g.stanceline"
    # Enough events that some are starred and some rejected (1 % and 3 % of them).
    generate_project(path, events=600, actors=30, seed=11)
    return path


@pytest.fixture
def window(qtbot, project_path: Path) -> Iterator[MainWindow]:
    yield from open_window(qtbot, project_path)


def _rows_where(w: MainWindow, flags: np.ndarray) -> list[int]:
    model = w.event_list.source_model
    wanted = set(w.state.arrays.ids[flags].tolist())
    return [r for r in range(model.rowCount()) if model.event_id_at(r) in wanted]


def test_cell_agrees_with_data_for_every_role(window: MainWindow) -> None:
    model = window.event_list.source_model
    a = window.state.arrays
    rejected = a.review == REVIEW_CODES["rejected"]
    rows = [*range(40), *_rows_where(window, a.starred)[:5], *_rows_where(window, rejected)[:5]]
    assert len(rows) > 40, "the generated project has starred and rejected events"
    for row in rows:
        model.forget_cells()
        for col in range(model.columnCount()):
            text, colour, struck, centred = model.cell(row, col)
            index = model.index(row, col)
            assert text == (index.data(Qt.ItemDataRole.DisplayRole) or "")
            fg = index.data(Qt.ItemDataRole.ForegroundRole)
            assert (QColor(colour).name() if colour else None) == (
                fg.name() if isinstance(fg, QColor) else None
            )
            font = index.data(Qt.ItemDataRole.FontRole)
            assert struck == (isinstance(font, QFont) and font.strikeOut())
            align = index.data(Qt.ItemDataRole.TextAlignmentRole)
            assert centred == (align == Qt.AlignmentFlag.AlignCenter)


def test_rejected_summaries_are_struck_and_starred_cells_coloured(window: MainWindow) -> None:
    model = window.event_list.source_model
    a = window.state.arrays
    rejected = _rows_where(window, a.review == REVIEW_CODES["rejected"])
    starred = _rows_where(window, a.starred)
    assert rejected and starred
    assert model.cell(rejected[0], EventTableModel.SUMMARY)[2] is True
    assert model.cell(rejected[0], EventTableModel.DATE)[2] is False
    assert model.cell(starred[0], EventTableModel.STAR) == ("★", colours.STAR, False, True)


def _viewport(w: MainWindow) -> QImage:
    return w.event_list.viewport().grab().toImage()


def _colours_in(image: QImage, x0: int, x1: int, y0: int, y1: int) -> set[str]:
    return {image.pixelColor(x, y).name() for x in range(x0, x1) for y in range(y0, y1)}


def test_the_list_paints_text_star_and_selection(window: MainWindow, qtbot) -> None:
    view = window.event_list
    model = view.source_model
    assert isinstance(view.itemDelegate(), EventCellDelegate)
    starred = _rows_where(window, window.state.arrays.starred)
    view.scrollTo(model.index(starred[0], 0))
    qtbot.wait(10)
    star = view.visualRect(model.index(starred[0], EventTableModel.STAR))
    image = _viewport(window)
    assert QColor(colours.STAR).name() in _colours_in(
        image, star.left(), star.right(), star.top(), star.bottom()
    ), "the star is painted in the star colour"
    # A summary cell has text on it: more than the one background colour.
    summary = view.visualRect(model.index(starred[0], EventTableModel.SUMMARY))
    assert len(_colours_in(image, summary.left(), summary.left() + 120,
                           summary.top() + 2, summary.bottom() - 2)) > 2

    # Selecting the row paints it in the selection colour.
    event_id = model.index(starred[0], 0).data(EVENT_ID_ROLE)
    window.state.select(event_id)
    qtbot.wait(10)
    row = view.visualRect(model.index(model.row_of(event_id), EventTableModel.SUMMARY))
    image = _viewport(window)
    highlight = view.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    inactive = view.palette().color(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Highlight)
    right_edge = image.pixelColor(row.right() - 2, row.center().y()).name()
    assert right_edge in {highlight.name(), inactive.name()}


def test_a_new_date_format_reaches_the_painted_cells(window: MainWindow) -> None:
    model = window.event_list.source_model
    a = window.state.arrays
    day_rows = [r for r in range(200) if model.cell(r, EventTableModel.DATE)[0].count(" ") == 2]
    assert day_rows, "some events are dated to the day"
    before = model.cell(day_rows[0], EventTableModel.DATE)[0]
    QSettings("Stanceline", "Stanceline").setValue(prefs.KEYS["date_format"], "iso")
    prefs.apply_to_window(window)
    model.forget_cells()  # the dataChanged it emits repaints; read as the next paint would
    after = model.cell(day_rows[0], EventTableModel.DATE)[0]
    assert after != before and len(after) == 10 and after[4] == "-", (before, after)
    assert len(a) == 600
