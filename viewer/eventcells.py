"""How the event list paints a cell: straight from the model's arrays, one call per cell.

``QStyledItemDelegate`` asks ``data()`` for about seven roles per cell and lays the text out
through the style; a page of the list repaints at every filter change and every selection
that scrolls it, and that cost (~11 ms a page) was most of a filter step at 1,000,000
events.  This delegate asks the model's ``cell(row, col)`` once and draws the text itself;
the style still paints the row background, selection, hover and keyboard focus, so the list
looks as before.  ``data()`` keeps answering every role for accessibility, tooltips and tests.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionFocusRect,
    QStyleOptionViewItem,
)

MARGIN = 4  # the text's inset from the cell edge, as the style's own item text
# State bits as ints: a Python enum operation costs microseconds, and a page has ~150 cells.
_SELECTED = QStyle.StateFlag.State_Selected.value
_HAS_FOCUS = QStyle.StateFlag.State_HasFocus.value
_ENABLED = QStyle.StateFlag.State_Enabled.value
_ACTIVE = QStyle.StateFlag.State_Active.value
_MARKED = _SELECTED | QStyle.StateFlag.State_MouseOver.value
_ELIDE_RIGHT = Qt.TextElideMode.ElideRight
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CENTRED = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter


class EventCellDelegate(QStyledItemDelegate):
    """Paints an ``EventTableModel`` cell from ``model.cell(row, col)``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._colours: dict[str, QColor] = {}  # colour name → QColor (a handful)
        # Per column: where a text too long for its cell is cut (default: at the end).
        self.elide_modes: dict[int, Qt.TextElideMode] = {}

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        col = index.column()
        text, colour, struck, centred = index.model().cell(index.row(), col)
        state = option.state.value  # read once: each read builds a Python enum
        self.paint_background(painter, option, state)
        if text:
            self.paint_text(painter, option, state, text, colour, struck, centred,
                            self.elide_modes.get(col, _ELIDE_RIGHT))
        self.paint_focus(painter, option, state)

    def paint_background(self, painter: QPainter, option: QStyleOptionViewItem, state: int) -> None:
        """Selection and hover (the view has painted the row and its alternate colour)."""
        if not state & _MARKED:
            return  # a plain cell: the style would draw nothing over the row
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)

    def paint_text(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        state: int,
        text: str,
        colour: str | None,
        struck: bool,
        centred: bool,
        elide: Qt.TextElideMode = _ELIDE_RIGHT,
    ) -> None:
        group = _colour_group(state)
        if state & _SELECTED:
            pen = option.palette.color(group, QPalette.ColorRole.HighlightedText)
        elif colour:
            pen = self._colours.get(colour) or self._colours.setdefault(colour, QColor(colour))
        else:
            pen = option.palette.color(group, QPalette.ColorRole.Text)
        rect = option.rect.adjusted(MARGIN, 0, -MARGIN, 0)
        elided = option.fontMetrics.elidedText(text, elide, rect.width())
        if struck:
            painter.save()
            font = painter.font()
            font.setStrikeOut(True)
            painter.setFont(font)
        painter.setPen(pen)
        painter.drawText(rect, _CENTRED if centred else _LEFT, elided)
        if struck:
            painter.restore()

    def paint_focus(self, painter: QPainter, option: QStyleOptionViewItem, state: int) -> None:
        """The keyboard focus mark on the current cell, as the style draws it."""
        if not state & _HAS_FOCUS:
            return
        focus = QStyleOptionFocusRect()
        focus.rect = QRect(option.rect)
        focus.state = option.state | QStyle.StateFlag.State_KeyboardFocusChange
        focus.palette = option.palette
        focus.backgroundColor = option.palette.color(
            _colour_group(state),
            QPalette.ColorRole.Highlight
            if state & _SELECTED
            else QPalette.ColorRole.Base,
        )
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, focus, painter, widget)


def _colour_group(state: int) -> QPalette.ColorGroup:
    if not state & _ENABLED:
        return QPalette.ColorGroup.Disabled
    if not state & _ACTIVE:
        return QPalette.ColorGroup.Inactive
    return QPalette.ColorGroup.Normal
