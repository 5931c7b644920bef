"""Signals emitted from plain Python threads, made safe against the window closing.

A worker thread reports to the GUI thread by emitting a signal of a small carrier ``QObject``
(the connection is queued).  The carrier is a child of a window or a state object, so it is
deleted on the GUI thread whenever that closes; emitting on a ``QObject`` that is being deleted
crashes the process, and a check before the emit only narrows the race.  An ``Outbox`` closes
when its owner starts being destroyed (``destroyed`` comes before the children go) and holds a
lock across each emit, so closing waits for an emit in flight and no emit starts after it.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject


class Outbox:
    """Emits a carrier's signals from any thread while ``owner`` lives; drops them after."""

    def __init__(self, owner: QObject) -> None:
        self._lock = threading.Lock()
        self._open = True
        owner.destroyed.connect(self._close_from_owner)

    def emit(self, signal: Any, *args: Any) -> bool:
        """Emit ``signal(*args)``; False (and nothing emitted) once the owner is going."""
        with self._lock:
            if not self._open:
                return False
            signal.emit(*args)
            return True

    def close(self) -> None:
        with self._lock:
            self._open = False

    def _close_from_owner(self, *_: Any) -> None:
        self.close()
