"""The zoomable event timeline.

``scale``, ``ticks`` and ``layout`` are pure (numpy, no Qt) so they can be tested and reused
without a display; ``TimelineWidget`` is imported lazily for the same reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from viewer.timeline.widget import TimelineWidget

__all__ = ["TimelineWidget"]


def __getattr__(name: str) -> Any:
    if name == "TimelineWidget":
        from viewer.timeline.widget import TimelineWidget

        return TimelineWidget
    raise AttributeError(name)
