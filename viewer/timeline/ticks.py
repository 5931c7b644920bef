"""The axis tick ladder (after vis-timeline's TimeStep) and date labels.  No Qt.

``ticks(scale, min_label_px)`` picks the finest step of the ladder whose spacing leaves room for
a label, then walks calendar boundaries (real months and years, not 30-day approximations) so
ticks sit exactly on 1 March or 1 January.  Labels use fixed English month names so the axis
does not depend on the process locale (the rest of the UI is English too).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from viewer.timeline.scale import DAYS_PER_YEAR, TimeScale, date_to_days, days_to_date

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# (unit, count), coarsest first.  Approximate lengths only choose the step; ticks are exact.
LADDER: tuple[tuple[str, int], ...] = (
    ("year", 100),
    ("year", 50),
    ("year", 20),
    ("year", 10),
    ("year", 5),
    ("year", 2),
    ("year", 1),
    ("month", 6),
    ("month", 3),
    ("month", 1),
    ("day", 14),
    ("day", 7),
    ("day", 2),
    ("day", 1),
)
_UNIT_DAYS = {"year": DAYS_PER_YEAR, "month": DAYS_PER_YEAR / 12, "day": 1.0}


@dataclass(frozen=True, slots=True)
class Tick:
    day: float  # where the tick line goes (start of the unit)
    label: str
    major: bool  # on the next coarser boundary: drawn bold with the full label


def choose_step(days_per_px: float, min_label_px: float) -> tuple[str, int]:
    """The finest ladder step whose spacing in pixels is at least ``min_label_px``."""
    for unit, count in reversed(LADDER):
        if _UNIT_DAYS[unit] * count / days_per_px >= min_label_px:
            return unit, count
    return LADDER[0]


def ticks(scale: TimeScale, min_label_px: float = 60.0) -> list[Tick]:
    """Ticks whose day lies in the visible window (plus the one just before, for its label)."""
    unit, count = choose_step(scale.days_per_px, min_label_px)
    first, last = days_to_date(scale.start), days_to_date(scale.end)
    if unit == "year":
        return list(_year_ticks(first.year, last.year, count))
    if unit == "month":
        return list(_month_ticks(first, last, count))
    return list(_day_ticks(first, last, count))


def _year_ticks(y0: int, y1: int, step: int):
    # Majors a unit up: decades for 1–5-year steps, centuries for 10–50, millennia for 100.
    major_every = 10 if step < 10 else 100 if step < 100 else 1000
    for year in range(max(1, y0 - y0 % step), min(9999, y1) + 1, step):
        yield Tick(date_to_days(date(year, 1, 1)), str(year), year % major_every == 0)


def _month_ticks(first: date, last: date, step: int):
    year, month = first.year, first.month - (first.month - 1) % step
    while (year, month) <= (last.year, last.month):
        major = month == 1
        label = f"{MONTHS[month - 1]} {year}" if major else MONTHS[month - 1]
        yield Tick(date_to_days(date(year, month, 1)), label, major)
        month += step
        if month > 12:
            year, month = year + 1, month - 12


def _day_ticks(first: date, last: date, step: int):
    # Steps restart on the 1st of every month (1, 15 for a 14-day step; 1, 8, 15, 22, 29 for
    # 7) so a month boundary is always a tick; a tick too close to the next 1st is dropped.
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        ndays = calendar.monthrange(year, month)[1]
        for dom in range(1, ndays + 1, step):
            if dom > 1 and ndays + 1 - dom < step * 0.75:
                break
            d = date(year, month, dom)
            if d < first and dom + step <= first.day:
                continue
            if d > last:
                return
            if dom == 1:
                label = f"1 {MONTHS[month - 1]}" + (f" {year}" if month == 1 else "")
                yield Tick(date_to_days(d), label, True)
            else:
                yield Tick(date_to_days(d), f"{WEEKDAYS[d.weekday()]} {dom}", False)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def context_label(scale: TimeScale, unit: str) -> str:
    """What the axis is inside, for its corner: "Feb 2022", "2022" or "2016–2024"."""
    d = days_to_date(scale.start + scale.width * scale.days_per_px * 0.02)
    if unit == "day":
        return f"{MONTHS[d.month - 1]} {d.year}"
    if unit == "month":
        return str(d.year)
    return f"{d.year}–{days_to_date(scale.end).year}"


def format_day(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def format_event_date(earliest: date | None, latest: date | None, precision: str | None) -> str:
    """A compact human label for an event's date span: "24 Feb 2022", "Mar 2022", "2017"."""
    if earliest is None:
        return "undated"
    latest = latest or earliest
    if earliest == latest:
        return format_day(earliest)
    whole_month = earliest.day == 1 and latest == date(
        earliest.year, earliest.month, calendar.monthrange(earliest.year, earliest.month)[1]
    )
    if whole_month:
        return f"{MONTHS[earliest.month - 1]} {earliest.year}"
    if (earliest.month, earliest.day, latest.month, latest.day) == (1, 1, 12, 31):
        years = str(earliest.year)
        return years if latest.year == earliest.year else f"{years}–{latest.year}"
    return f"{format_day(earliest)} – {format_day(latest)}"
