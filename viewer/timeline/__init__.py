"""The zoomable event timeline: where a change belongs.

Pure (numpy, no Qt; tested without a display):
- ``scale`` time↔pixel, ``ticks`` the axis ladder, ``lod`` density buckets and clusters;
- ``layout`` lane arrays from the event arrays, ``lanecache`` those lanes kept per filter;
- ``geometry`` bands, lane metrics (from the user's lane height), viewport, overview axis;
- ``frame`` the frame builder: what is drawn where for a view (``build_frame``);
- ``hittest`` what is under a point of that frame; ``tooltips`` what hovering it says;
- ``interactions`` one small state object per mouse gesture (pan, band select, overview).
Qt:
- ``painters`` how a frame looks (``TimelinePainter``; its caches);
- ``keys`` the timeline's keys as QActions (Help's shortcut sheet lists them);
- ``widget`` ``TimelineWidget``, the glue: view state, selection, events → the parts above.
``TimelineWidget`` is imported lazily so the pure parts load without Qt.
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
