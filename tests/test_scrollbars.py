"""Flat scroll bars (viewer/scrollbars.py): installed over Fusion by the theme, kept when the
theme is applied again, and painted with a handle that stands out from its groove."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollBar, QStyle, QStyleOptionSlider

from tests.test_theme import app  # noqa: F401  (fixture: restores style, palette, font)
from viewer import theme
from viewer.scrollbars import FlatScrollBarStyle


def _bar(qtbot, orientation: Qt.Orientation) -> QScrollBar:
    bar = QScrollBar(orientation)
    qtbot.addWidget(bar)
    bar.setRange(0, 100)
    bar.setPageStep(20)
    bar.setValue(0)
    bar.resize(14, 300) if orientation == Qt.Orientation.Vertical else bar.resize(300, 14)
    bar.show()
    return bar


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_theme_installs_flat_bars_and_keeps_them(app: QApplication, scheme: str) -> None:  # noqa: F811
    app.setStyle("Fusion")
    theme.apply_theme(app, scheme)
    assert isinstance(app.style(), FlatScrollBarStyle)
    theme.apply_theme(app, "dark" if scheme == "light" else "light")
    assert isinstance(app.style(), FlatScrollBarStyle), "re-applying the theme keeps them"
    assert app.style().baseStyle().name().lower() == "fusion"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("orientation", [Qt.Orientation.Vertical, Qt.Orientation.Horizontal])
def test_the_handle_shows_against_the_groove_where_the_geometry_puts_it(
    app: QApplication, qtbot, scheme: str, orientation: Qt.Orientation  # noqa: F811
) -> None:
    app.setStyle("Fusion")
    theme.apply_theme(app, scheme)
    bar = _bar(qtbot, orientation)
    style = bar.style()
    option = QStyleOptionSlider()
    bar.initStyleOption(option)
    handle = style.subControlRect(
        QStyle.ComplexControl.CC_ScrollBar, option, QStyle.SubControl.SC_ScrollBarSlider, bar
    )
    groove = style.subControlRect(
        QStyle.ComplexControl.CC_ScrollBar, option, QStyle.SubControl.SC_ScrollBarGroove, bar
    )
    centre = handle.center()
    image = bar.grab().toImage()
    handle_colour = image.pixelColor(centre)
    # The far end of the groove, on the handle's centre line.
    far = groove.bottomRight() - (handle.bottomRight() - handle.center())
    groove_colour = image.pixelColor(far)
    difference = abs(handle_colour.lightness() - groove_colour.lightness())
    assert difference >= 40, (scheme, handle_colour.name(), groove_colour.name())
    # At the end of the range the handle has moved there: the groove shows where it was.
    bar.setValue(100)
    moved = bar.grab().toImage()
    assert moved.pixelColor(centre).name() == groove_colour.name()
    assert moved.pixelColor(far).name() == handle_colour.name()
