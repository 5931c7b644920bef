"""A non-modal notification in the window's lower right corner (the import summary).

An OK box after every import made the analyst click for good news; this note stays out of the
way: it goes after a few seconds, unless it carries details (failures, duplicates) to read, in
which case it stays until closed, with the details folded under a button.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

SHOWN_MS = 8000  # a summary with nothing to read goes after this long
MARGIN = 16


class Notification(QFrame):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("notification")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setAccessibleName("Notification")
        self.headline = QLabel()
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.headline.setWordWrap(True)
        font = self.headline.font()
        font.setBold(True)
        self.headline.setFont(font)
        self.details = QLabel()
        self.details.setTextFormat(Qt.TextFormat.PlainText)  # file names are data, not markup
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.hide()
        self.details_button = QPushButton("Details")
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self._toggle_details)
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setToolTip("Close")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.hide)

        top = QHBoxLayout()
        top.addWidget(self.headline, 1)
        top.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 8, 10)
        lay.addLayout(top)
        lay.addWidget(self.details)
        self.setFixedWidth(380)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        window.installEventFilter(self)  # follow the window's corner when it is resized
        self.hide()

    def show_message(self, headline: str, details: str = "") -> None:
        self.headline.setText(headline)
        self.details.setText(details)
        self.details_button.setVisible(bool(details))
        self.details_button.setChecked(False)
        self._toggle_details(False)
        if details:
            self._timer.stop()  # something to read: it stays until closed
        else:
            self._timer.start(SHOWN_MS)
        self.show()
        self.raise_()

    def _toggle_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.adjustSize()
        self._place()

    def _place(self) -> None:
        window = self.parentWidget()
        if window is None:
            return
        bottom = window.height() - MARGIN
        if isinstance(window, QMainWindow) and window.statusBar().isVisible():
            bottom -= window.statusBar().height()
        self.adjustSize()
        self.move(window.width() - self.width() - MARGIN, bottom - self.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._place()
        return super().eventFilter(watched, event)


def notify(window: QWidget, headline: str, details: str = "") -> Notification:
    """Show ``headline`` (and folded ``details``) in the window's one notification."""
    note = window.findChild(Notification, "notification")
    if note is None:
        note = Notification(window)
    note.show_message(headline, details)
    return note
