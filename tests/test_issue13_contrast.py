"""Issue 13, item 5: every text/background pair reaches WCAG AA (4.5:1) in both schemes, and
unticked check boxes (the filters' lists, "known") show on the dark scheme."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOptionButton, QWidget

from tests.test_gui_support import (  # noqa: F401  (fixtures)
    isolated_settings,
    open_window,
    project_file,
)
from viewer import colours, theme
from viewer.mainwindow import MainWindow


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    palette, font, style = qapp.palette(), qapp.font(), qapp.style()
    name = style.baseStyle().name() if isinstance(style, QProxyStyle) else style.name()
    yield qapp
    qapp.setStyle(name)
    qapp.setPalette(palette)
    qapp.setFont(font)
    colours.use_scheme("light")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_text_pair_reaches_aa(app: QApplication, scheme: str) -> None:
    assert theme.apply_theme(app, scheme) == scheme
    pairs = theme.contrast_pairs(app.palette())
    assert len(pairs) > 40
    low = {name: round(colours.contrast(fg, bg), 2) for name, (fg, bg) in pairs.items()
           if colours.contrast(fg, bg) < 4.5}
    assert low == {}


def test_contrast_matches_wcag() -> None:
    assert colours.contrast("#000000", "#FFFFFF") == pytest.approx(21)
    assert colours.contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    # Black reads better than white on a mid tone; the old cut-off chose white here.
    assert colours.text_on(QColor("#7F9FBF")).name() == "#000000"


def edge_contrast(image: QImage, rect: QRect, background: QColor) -> float:
    """The strongest contrast of any pixel in ``rect`` against the background."""
    best = 1.0
    for x in range(rect.left(), rect.right() + 1):
        for y in range(rect.top(), rect.bottom() + 1):
            best = max(best, colours.contrast(image.pixelColor(x, y), background))
    return best


def box_rect(widget: QWidget, image: QImage) -> QRect:
    """Where the style draws a check box's indicator, in the grabbed image's pixels."""
    opt = QStyleOptionButton()
    opt.initFrom(widget)
    rect = widget.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, opt, widget)
    ratio = image.devicePixelRatio()
    return QRect(round(rect.x() * ratio), round(rect.y() * ratio),
                 round(rect.width() * ratio), round(rect.height() * ratio))


@pytest.fixture
def dark_window(app: QApplication, qtbot, project_file: Path) -> Iterator[MainWindow]:  # noqa: F811
    theme.apply_theme(app, "dark")
    yield from open_window(qtbot, project_file)


def test_unticked_boxes_show_on_dark(dark_window: MainWindow) -> None:
    w = dark_window
    known = w.source_pane.published_known
    known.blockSignals(True)  # unticked on screen only: the stored date is not the point here
    known.setChecked(False)
    known.blockSignals(False)
    image = known.grab().toImage()
    window_bg = known.palette().color(QPalette.ColorRole.Window)
    assert edge_contrast(image, box_rect(known, image), window_bg) >= 3.0  # WCAG non-text

    view = w.actor_filter.view
    index = view.model().index(0, 0)
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked.value
    row = view.visualRect(index)
    side = view.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + 6
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    box = QRect(round(row.x() * ratio), round(row.y() * ratio), round(side * ratio),
                round(row.height() * ratio))
    base = view.palette().color(QPalette.ColorRole.Base)
    assert edge_contrast(image, box, base) >= 3.0


def test_dark_window_uses_dark_text_colours(dark_window: MainWindow) -> None:
    """Hints drawn in the muted grey stay readable on the dark window."""
    hint = dark_window.actor_filter.hint
    assert colours.MUTED_TEXT in hint.styleSheet()
    bg = hint.palette().color(QPalette.ColorRole.Window)
    assert colours.contrast(colours.MUTED_TEXT, bg) >= 4.5
    calendar = dark_window.source_pane.published_edit.calendarWidget()
    weekend = calendar.weekdayTextFormat(Qt.DayOfWeek.Sunday).foreground().color()
    assert colours.contrast(weekend, calendar.palette().color(QPalette.ColorRole.Base)) >= 4.5
