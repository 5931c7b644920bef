"""Tag colours: every tag in the project with its colour; double-click to change it."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db import edits
from viewer import colours
from viewer.undo import Editor

TAG_ROLE = Qt.ItemDataRole.UserRole + 1


def tag_icon(colour: str, size: int = 14) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(QColor(colour) if colour and QColor.isValidColorName(colour) else QColor("#DDDDDD"))
    return QIcon(pix)


class TagEditorDialog(QDialog):
    def __init__(self, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tags")
        self.editor = editor
        self.list = QListWidget()
        self.list.setAccessibleName("Tags")
        self.list.setToolTip("Every tag in the project; double-click one to give it a colour")
        self.list.itemDoubleClicked.connect(self._pick)
        hint = QLabel("Double-click a tag to give it a colour.")
        hint.setStyleSheet(f"color: {colours.MUTED_TEXT};")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.list, 1)
        lay.addWidget(hint)
        lay.addWidget(buttons)
        self.resize(320, 360)
        editor.changed.connect(lambda _c: self.rebuild())
        self.rebuild()

    def rebuild(self) -> None:
        self.list.clear()
        arrays = self.editor.state.arrays  # counted over the tag links, not row by row
        used = np.bincount(arrays.tags.values) if len(arrays.tags.values) else np.zeros(0)
        counts = {name: int(used[i]) for i, name in arrays.tag_names.items() if i < len(used)}
        for name, colour in sorted(
            edits.tag_colours(self.editor.state.project).items(), key=lambda t: t[0].casefold()
        ):
            item = QListWidgetItem(tag_icon(colour), f"{name}  ({counts.get(name, 0)})")
            item.setData(TAG_ROLE, name)
            self.list.addItem(item)

    def set_colour(self, name: str, colour: str) -> None:
        project = self.editor.state.project
        self.editor.run(
            f"Colour of tag {name}", lambda: edits.set_tag_colour(project, name, colour)
        )

    def _pick(self, item: QListWidgetItem) -> None:
        name = item.data(TAG_ROLE)
        chosen = QColorDialog.getColor(QColor("#56B4E9"), self, f"Colour of {name}")
        if chosen.isValid():
            self.set_colour(name, chosen.name())
