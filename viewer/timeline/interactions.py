"""One small state object per mouse interaction, as The Timeline Project's canvas does.

The widget holds at most one of these between a press and its release; each knows only its
own gesture (no loose flags), and none touches Qt, so the gestures are testable on numbers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class PanDrag:
    """A plain left drag: a click until it moves ``threshold`` px, then it pans the view."""

    x: float
    y: float
    threshold: float
    dragging: bool = False

    def move(self, x: float, y: float) -> float:
        """Pixels to pan by for a move to ``(x, y)`` (0 while still a click)."""
        if not self.dragging:
            self.dragging = abs(x - self.x) + abs(y - self.y) >= self.threshold
            if not self.dragging:
                return 0.0
        dx, self.x, self.y = x - self.x, x, y
        return dx


@dataclass
class BandSelect:
    """Shift+drag: a rubber band from ``origin`` to the pointer, selecting what it covers."""

    x0: float
    y0: float
    x1: float
    y1: float

    @classmethod
    def at(cls, x: float, y: float) -> BandSelect:
        return cls(x, y, x, y)

    def move(self, x: float, y: float) -> None:
        self.x1, self.y1 = x, y

    def rect(self) -> tuple[float, float, float, float]:
        """Left, top, width, height (normalised)."""
        return (
            min(self.x0, self.x1),
            min(self.y0, self.y1),
            abs(self.x1 - self.x0),
            abs(self.y1 - self.y0),
        )

    def is_box(self) -> bool:
        """Big enough to mean a box rather than a stray Shift+click."""
        _x, _y, w, h = self.rect()
        return w >= 3 or h >= 3


@dataclass
class OverviewDrag:
    """Dragging the window box in the overview strip; ``grab`` is days from the view's start."""

    grab: float

    @classmethod
    def press(cls, day: float, start: float, end: float) -> tuple[OverviewDrag, bool]:
        """Grab the box where it was pressed, or its middle (True: centre the view there)."""
        if start <= day <= end:
            return cls(day - start), False
        return cls((end - start) / 2), True

    def start_for(self, day: float) -> float:
        """The view's new start when the pointer is over ``day``."""
        return day - self.grab
