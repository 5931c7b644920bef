"""Flat scroll bars over the Fusion style: a groove, a rounded handle and two small arrows.

Fusion paints a vertical scroll bar in ~1.1 ms (its gradients are drawn for a horizontal bar
and turned); the window has five of them that repaint when a filter changes the lists and
lanes, and the timeline's repaints with every frame.  These take ~0.1 ms, follow the palette
(light and dark), and keep Fusion's geometry, so sizes and hit areas do not move.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPolygonF
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOptionComplex,
    QStyleOptionSlider,
    QWidget,
)

CC = QStyle.ComplexControl
SC = QStyle.SubControl
_MOUSE_OVER = QStyle.StateFlag.State_MouseOver.value
_SUNKEN = QStyle.StateFlag.State_Sunken.value
_ENABLED = QStyle.StateFlag.State_Enabled.value
_HORIZONTAL = QStyle.StateFlag.State_Horizontal.value


class FlatScrollBarStyle(QProxyStyle):
    """Fusion with flat scroll bars; every other control is Fusion's own."""

    def drawComplexControl(
        self,
        control: QStyle.ComplexControl,
        option: QStyleOptionComplex,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if control != CC.CC_ScrollBar or not isinstance(option, QStyleOptionSlider):
            super().drawComplexControl(control, option, painter, widget)
            return
        paint_scroll_bar(self, option, painter, widget)


def paint_scroll_bar(
    style: QStyle, option: QStyleOptionSlider, painter: QPainter, widget: QWidget | None
) -> None:
    state = option.state.value
    enabled = bool(state & _ENABLED)
    palette = option.palette
    window = palette.color(QPalette.ColorRole.Window)
    groove = window.lighter(115) if window.lightness() < 128 else window.darker(104)
    painter.save()
    painter.fillRect(option.rect, groove)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)

    handle = style.subControlRect(CC.CC_ScrollBar, option, SC.SC_ScrollBarSlider, widget)
    if enabled and handle.isValid() and option.maximum > option.minimum:
        active = option.activeSubControls.value & SC.SC_ScrollBarSlider.value
        text = palette.color(QPalette.ColorRole.WindowText)
        painter.setBrush(_handle_colour(groove, text, bool(active and state & _SUNKEN),
                                        bool(active and state & _MOUSE_OVER)))
        inset = QRectF(handle).adjusted(2.5, 2.5, -2.5, -2.5)
        radius = min(inset.width(), inset.height()) / 2
        painter.drawRoundedRect(inset, radius, radius)

    arrow = palette.color(QPalette.ColorGroup.Active if enabled else QPalette.ColorGroup.Disabled,
                          QPalette.ColorRole.ButtonText)
    horizontal = bool(state & _HORIZONTAL)
    for sub, forward in ((SC.SC_ScrollBarSubLine, False), (SC.SC_ScrollBarAddLine, True)):
        rect = style.subControlRect(CC.CC_ScrollBar, option, sub, widget)
        if rect.isValid() and rect.width() > 2 and rect.height() > 2:
            at_end = option.sliderValue == (option.maximum if forward else option.minimum)
            colour = QColor(arrow)
            colour.setAlphaF(0.35 if at_end or not enabled else 0.8)
            painter.setBrush(colour)
            painter.drawPolygon(_triangle(QRectF(rect), horizontal, forward))
    painter.restore()


def _handle_colour(groove: QColor, text: QColor, pressed: bool, hover: bool) -> QColor:
    """The groove blended toward the text colour: visible on light and dark palettes alike,
    stronger under the mouse and while dragged."""
    share = 0.6 if pressed else 0.48 if hover else 0.36
    return QColor.fromRgbF(*(g + (t - g) * share for g, t in (
        (groove.redF(), text.redF()), (groove.greenF(), text.greenF()),
        (groove.blueF(), text.blueF()))))


def _triangle(rect: QRectF, horizontal: bool, forward: bool) -> QPolygonF:
    """A small arrow head centred in ``rect``, pointing the way its button scrolls."""
    c = rect.center()
    s = min(rect.width(), rect.height()) * 0.22
    if horizontal:
        d = s if forward else -s
        points = [QPointF(c.x() + d, c.y()), QPointF(c.x() - d, c.y() - s),
                  QPointF(c.x() - d, c.y() + s)]
    else:
        d = s if forward else -s
        points = [QPointF(c.x(), c.y() + d), QPointF(c.x() - s, c.y() - d),
                  QPointF(c.x() + s, c.y() - d)]
    return QPolygonF(points)


def install_flat_scroll_bars(app: QApplication) -> bool:
    """Wrap the application's style when it is Fusion (the Linux default, and the dark
    theme's everywhere); native styles keep their own scroll bars.  Returns whether it did."""
    style = app.style()
    if isinstance(style, FlatScrollBarStyle):
        return True
    if style.name().lower() != "fusion":
        return False
    base = QStyleFactory.create("Fusion")
    if base is None:
        return False
    app.setStyle(FlatScrollBarStyle(base))
    return True
