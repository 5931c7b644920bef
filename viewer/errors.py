"""The readable error message with "Copy details": what the user reads, what support needs.

viewer/safety.py's exception hook logs the traceback and shows a plain message; this box adds
the technical details (hidden until asked for) and a button that puts message and details on
the clipboard, so a non-programmer can paste them into an e-mail.  No traceback is ever shown
unasked.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget


def error_box(
    parent: QWidget | None, title: str, text: str, details: str = "", critical: bool = True
) -> QMessageBox:
    """The message box, not yet shown (tests inspect it)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical if critical else QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)  # paths and messages are data
    box.setText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    if details:
        box.setDetailedText(details)  # behind "Show Details…"
    copy = box.addButton("Copy details", QMessageBox.ButtonRole.ActionRole)
    copy.setToolTip("Put this message and the technical details on the clipboard")
    # An ActionRole button would close the box; disconnect that and copy instead.
    copy.clicked.disconnect()
    copy.clicked.connect(lambda: copy_details(title, text, details))
    box.copy_button = copy  # type: ignore[attr-defined]
    return box


def copy_details(title: str, text: str, details: str) -> str:
    report = f"{title}\n\n{text}\n\n{details}".strip() + "\n"
    QApplication.clipboard().setText(report)
    return report


def show_error(
    parent: QWidget | None, title: str, text: str, details: str = "", critical: bool = True
) -> None:
    error_box(parent, title, text, details, critical).exec()
