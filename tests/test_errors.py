"""The error box: a readable message, details only when asked, "Copy details" to the clipboard."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from viewer.errors import error_box


def test_copy_details_puts_message_and_traceback_on_the_clipboard(qtbot) -> None:
    box = error_box(
        None,
        "Something went wrong",
        "Stanceline hit a problem.",
        "Traceback (most recent call last):\nValueError: boom",
    )
    qtbot.addWidget(box)
    box.show()
    assert "Traceback" not in box.text()  # never in the message itself
    assert "ValueError: boom" in box.detailedText()
    box.copy_button.click()
    copied = QApplication.clipboard().text()
    assert copied.startswith("Something went wrong") and "ValueError: boom" in copied
    assert box.isVisible()  # copying does not close the box
