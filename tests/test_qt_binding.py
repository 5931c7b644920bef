"""Guards against a Qt binding that corrupts the interpreter.

PySide6 6.12.0 drops a reference to None on every void call such as QWidget.update(); after a
few thousand repaints Python aborts ("deallocating None").  pyproject.toml excludes it; this
test fails if a future release brings the bug back.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QWidget


def test_void_calls_keep_none_refcount(qtbot) -> None:
    widget = QWidget()
    qtbot.add_widget(widget)
    before = sys.getrefcount(None)
    for _ in range(500):
        widget.update()
    assert sys.getrefcount(None) >= before - 50
