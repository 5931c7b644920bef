"""Time ↔ pixel maths for the timeline (no Qt: unit-tested without a display).

Time is a float number of days since 1970-01-01 ("day"), so a whole date is an integer day and
the day ``d`` covers ``[d, d + 1)``.  Floats keep the maths vectorisable: ``x_of`` and ``day_at``
accept numpy arrays as well as scalars, which is how the widget maps a million events at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

EPOCH = date(1970, 1, 1)
_EPOCH_ORDINAL = EPOCH.toordinal()
MIN_DAY = float(date(1, 1, 1).toordinal() - _EPOCH_ORDINAL)
MAX_DAY = float(date(9999, 12, 31).toordinal() - _EPOCH_ORDINAL)

DAYS_PER_YEAR = 365.2425
# Zoom limits: one day spread over 200 px at most, 60 years across the width at least.
MIN_DAYS_PER_PX = 1.0 / 200.0
MAX_SPAN_DAYS = 60.0 * DAYS_PER_YEAR

T = TypeVar("T")  # float or numpy array: the maths is the same


def date_to_days(d: date) -> float:
    """Days since 1970-01-01 of the start of ``d``."""
    return float(d.toordinal() - _EPOCH_ORDINAL)


def days_to_date(day: float) -> date:
    """The date containing ``day`` (clamped to what ``datetime.date`` can hold)."""
    day = min(max(day, MIN_DAY), MAX_DAY)
    return EPOCH + timedelta(days=math.floor(day))


@dataclass
class TimeScale:
    """The visible window: ``start`` day at x = 0, ``days_per_px`` per pixel, ``width`` pixels.

    Mutated in place by zoom/pan/fit; every mutator clamps so the view stays within the zoom
    limits and the calendar.
    """

    start: float = 0.0
    days_per_px: float = 1.0
    width: int = 1000

    @property
    def end(self) -> float:
        return self.start + self.width * self.days_per_px

    @property
    def max_days_per_px(self) -> float:
        return MAX_SPAN_DAYS / max(self.width, 1)

    def x_of(self, day: T) -> T:
        return (day - self.start) / self.days_per_px  # type: ignore[operator,return-value]

    def day_at(self, x: T) -> T:
        return self.start + x * self.days_per_px  # type: ignore[operator,return-value]

    def zoom(self, factor: float, around_x: float | None = None) -> None:
        """Zoom in by ``factor`` (> 1 in, < 1 out) keeping the day under ``around_x`` fixed."""
        if around_x is None:
            around_x = self.width / 2
        anchor = self.day_at(around_x)
        self.days_per_px = self._clamp_dpp(self.days_per_px / factor)
        self.start = anchor - around_x * self.days_per_px
        self._clamp_start()

    def pan(self, dx_pixels: float) -> None:
        """Move the content ``dx_pixels`` to the right (as a drag does): earlier days come in."""
        self.start -= dx_pixels * self.days_per_px
        self._clamp_start()

    def fit(self, start_day: float, end_day: float, margin: float = 0.05) -> None:
        """Show ``[start_day, end_day)`` with ``margin`` (fraction of the span) on each side."""
        if end_day < start_day:
            start_day, end_day = end_day, start_day
        span = max(end_day - start_day, 1.0) * (1.0 + 2.0 * margin)
        self.days_per_px = self._clamp_dpp(span / max(self.width, 1))
        self.start = (start_day + end_day) / 2.0 - self.width * self.days_per_px / 2.0
        self._clamp_start()

    def centre_on(self, day: float) -> None:
        self.start = day - self.width * self.days_per_px / 2.0
        self._clamp_start()

    def set_width(self, width: int) -> None:
        """Resize keeping the start and the zoom (the right edge moves, like a window does)."""
        self.width = max(int(width), 1)
        self.days_per_px = self._clamp_dpp(self.days_per_px)
        self._clamp_start()

    def _clamp_dpp(self, dpp: float) -> float:
        return min(max(dpp, MIN_DAYS_PER_PX), self.max_days_per_px)

    def _clamp_start(self) -> None:
        self.start = min(max(self.start, MIN_DAY), MAX_DAY - self.width * self.days_per_px)
