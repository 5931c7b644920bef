"""Tags as coloured chips, wherever tags appear: the event list's tag cells and the
annotation panel.

``TagPalette`` holds the project's tag colours (one query, re-read when a change may have
touched them); ``paint_chips`` is the one drawing of a chip, used by the list delegate and by
the panel's ``TagChips`` widget alike.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QStyleOptionViewItem, QWidget

from db import edits
from viewer import colours
from viewer.eventcells import EventCellDelegate
from viewer.state import ProjectState

PAD_X, GAP, RADIUS = 6, 4, 7


class TagPalette(QObject):
    """Tag name → colour for the current project; ``refresh()`` after a change."""

    def __init__(self, state: ProjectState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._colours: dict[str, str] = {}
        state.dataChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self._colours = edits.tag_colours(self._state.project)

    def colour(self, name: str) -> QColor:
        return colours.tag_colour(self._colours.get(name, ""))


def split_tags(text: str) -> list[str]:
    """The tags of a list cell ("a, b" → ["a", "b"]); tag names never hold a comma."""
    return [t.strip() for t in text.split(",") if t.strip()]


def chips_width(fm: QFontMetrics, tags: Sequence[str]) -> int:
    return sum(fm.horizontalAdvance(t) + 2 * PAD_X + GAP for t in tags)


def paint_chips(
    p: QPainter, rect: QRect, tags: Sequence[str], palette: TagPalette, fm: QFontMetrics
) -> None:
    """Rounded chips left to right inside ``rect``; what does not fit ends in "+N"."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    h = min(rect.height() - 4, fm.height() + 4)
    y = rect.top() + (rect.height() - h) / 2
    x = rect.left() + 2
    for i, tag in enumerate(tags):
        more = len(tags) - i - 1
        reserve = fm.horizontalAdvance(f"+{more}") + GAP if more else 0
        room = rect.right() - x - reserve
        w = fm.horizontalAdvance(tag) + 2 * PAD_X
        if w > room:
            if i:  # no room for this one: say how many are left
                p.setPen(QColor(colours.MUTED_TEXT))
                p.drawText(
                    QRectF(x, y, rect.right() - x, h), Qt.AlignmentFlag.AlignVCenter, f"+{more + 1}"
                )
                break
            # The first chip is always shown, its name cut in the middle to the room there is
            # ("follow…-up" keeps both ends; the cell's tooltip has every tag whole).
            tag = fm.elidedText(tag, Qt.TextElideMode.ElideMiddle, max(0, room - 2 * PAD_X))
            w = max(room, 2 * PAD_X)
        fill = palette.colour(tags[i])
        p.setPen(fill.darker(125))
        p.setBrush(fill)
        p.drawRoundedRect(QRectF(x, y, w, h), RADIUS, RADIUS)
        p.setPen(colours.text_on(fill))
        p.drawText(QRectF(x, y, w, h), Qt.AlignmentFlag.AlignCenter, tag)
        x += w + GAP
    p.restore()


class TagChipsDelegate(EventCellDelegate):
    """Draws a list cell's comma-separated tags as chips (the text stays the cell's data)."""

    def __init__(self, palette: TagPalette, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.palette = palette

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        # The background, selection and focus as any cell; the chips instead of the text.
        state = option.state.value
        self.paint_background(painter, option, state)
        tags = split_tags(str(index.model().cell(index.row(), index.column())[0]))
        if tags:
            paint_chips(
                painter, option.rect.adjusted(2, 0, -2, 0), tags, self.palette, option.fontMetrics
            )
        self.paint_focus(painter, option, state)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        base = super().sizeHint(option, index)
        tags = split_tags(str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
        return QSize(max(base.width(), chips_width(option.fontMetrics, tags) + 4), base.height())


class TagChips(QWidget):
    """A row of chips for the tags of one event (the annotation panel)."""

    def __init__(self, palette: TagPalette, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.palette = palette
        self.tags: list[str] = []
        self.setMinimumHeight(self.fontMetrics().height() + 8)

    def set_tags(self, tags: Sequence[str]) -> None:
        self.tags = list(tags)
        self.setToolTip(", ".join(self.tags))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(
            chips_width(self.fontMetrics(), self.tags) + 4, self.fontMetrics().height() + 8
        )

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        if self.tags:
            paint_chips(p, self.rect(), self.tags, self.palette, self.fontMetrics())
        else:
            p.setPen(QColor(colours.MUTED_TEXT))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignVCenter, "no tags")
        p.end()
