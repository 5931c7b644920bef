"""TimeML values ↔ calendar bounds, and the calendar arithmetic `ingest.timex` resolves with.

Kept apart from the recogniser so the value grammar ("2022-W11", "1998-Q3", "199" …) lives in
one place: every DATE the recogniser emits gets its day bounds from `bounds()`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from ingest.records import PRECISIONS, DateSpan

# Meteorological seasons (northern hemisphere): first month, number of months.  Winter is
# named after the year its January falls in, so "winter 2022" covers Dec 2021 – Feb 2022.
SEASONS: dict[str, tuple[int, int]] = {"SP": (3, 3), "SU": (6, 3), "FA": (9, 3), "WI": (0, 3)}

# Precision (or calendar unit) → rank, finest first; "weekend" ranks as a week.
PRECISIONS_ORDER: dict[str, int] = {p: i for i, p in enumerate(PRECISIONS)} | {"weekend": 3}

_VALUE = re.compile(
    r"^(?P<y>\d{4})(?:"
    r"-(?P<m>\d{2})(?:-(?P<d>\d{2})(?:T(?:(?P<hh>\d{2})(?::(?P<mm>\d{2}))?|(?P<part>MO|AF|EV|NI|DT)))?)?"
    r"|-W(?P<w>\d{2})(?P<we>-WE)?"
    r"|-Q(?P<q>[1-4])|-H(?P<h>[12])|-(?P<s>SP|SU|FA|WI))?$"
)
_DECADE = re.compile(r"^\d{3}$")
_CENTURY = re.compile(r"^\d{2}$")


def month_end(year: int, month: int) -> date:
    return date(year, month, 1) + relativedelta(months=1, days=-1)


def _month_span(year: int, first: int, count: int) -> tuple[date, date]:
    start = date(year, 1, 1) + relativedelta(months=first - 1)
    return start, start + relativedelta(months=count, days=-1)


def bounds(value: str) -> tuple[date, date, str] | None:
    """Inclusive day bounds and precision of a calendar TimeML value; None if it has none."""
    try:
        return _bounds(value)
    except (ValueError, OverflowError):
        return None


def _bounds(value: str) -> tuple[date, date, str] | None:
    if _CENTURY.match(value):
        c = int(value)
        return date(max(c * 100, 1), 1, 1), date(c * 100 + 99, 12, 31), "century"
    if _DECADE.match(value):
        d = int(value)
        return date(max(d * 10, 1), 1, 1), date(d * 10 + 9, 12, 31), "decade"
    m = _VALUE.match(value)
    if not m:
        return None
    y = int(m["y"])
    if m["d"]:
        day = date(y, int(m["m"]), int(m["d"]))
        prec = "minute" if m["mm"] else "hour" if (m["hh"] or m["part"]) else "day"
        if m["hh"] and not 0 <= int(m["hh"]) <= 24:
            return None
        return day, day, prec
    if m["m"]:
        return date(y, int(m["m"]), 1), month_end(y, int(m["m"])), "month"
    if m["w"]:
        monday = date.fromisocalendar(y, int(m["w"]), 1)
        if m["we"]:
            return monday + timedelta(days=5), monday + timedelta(days=6), "day"
        return monday, monday + timedelta(days=6), "week"
    if m["q"]:
        return (*_month_span(y, 3 * int(m["q"]) - 2, 3), "quarter")
    if m["h"]:
        return (*_month_span(y, 6 * int(m["h"]) - 5, 6), "half")
    if m["s"]:
        first, count = SEASONS[m["s"]]
        return (*_month_span(y, first, count), "season")
    return date(y, 1, 1), date(y, 12, 31), "year"


def date_span(value: str, *, approximate: bool = False, note: str = "") -> DateSpan | None:
    b = bounds(value)
    if b is None:
        return None
    return DateSpan(value, b[0], b[1], b[2], approximate, note)


def day_value(d: date) -> str:
    return d.isoformat()


def week_value(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def value_at(d: date, unit: str) -> str:
    """`d` written at the granularity of `unit` ("day", "week", "month", …)."""
    if unit == "day":
        return day_value(d)
    if unit == "week":
        return week_value(d)
    if unit == "weekend":
        return week_value(d) + "-WE"
    if unit == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if unit == "quarter":
        return f"{d.year:04d}-Q{quarter_of(d)}"
    if unit == "half":
        return f"{d.year:04d}-H{1 if d.month <= 6 else 2}"
    if unit == "decade":
        return f"{d.year // 10:03d}"
    if unit == "century":
        return f"{d.year // 100:02d}"
    return f"{d.year:04d}"


def shift(d: date, unit: str, n: int) -> date:
    """`d` moved by `n` units (negative: back)."""
    delta = {
        "day": relativedelta(days=n),
        "week": relativedelta(weeks=n),
        "weekend": relativedelta(weeks=n),
        "month": relativedelta(months=n),
        "quarter": relativedelta(months=3 * n),
        "half": relativedelta(months=6 * n),
        "year": relativedelta(years=n),
        "decade": relativedelta(years=10 * n),
        "century": relativedelta(years=100 * n),
    }[unit]
    return d + delta


def shift_value(value: str, years: int) -> str | None:
    """A calendar value moved by whole years, keeping its granularity ("1989-Q3" → "1988-Q3")."""
    m = re.match(r"^(\d{4})(-(?:\d{2}(?:-\d{2})?|W\d{2}|Q[1-4]|H[12]|SP|SU|FA|WI))?$", value)
    if not m:
        return None
    shifted = f"{int(m[1]) + years:04d}{m[2] or ''}"
    return shifted if bounds(shifted) else None


def narrow(ds: DateSpan, mod: str, dct: date | None) -> DateSpan:
    """Bounds for "early/mid/late X", "the end of X", "earlier/later this X"; always approximate."""
    if ds.earliest is None or ds.latest is None:
        return replace(ds, approximate=True)
    lo, hi = ds.earliest, ds.latest
    if ds.precision == "year" and mod in ("START", "MID", "END"):
        first = {"START": 1, "MID": 5, "END": 9}[mod]  # thirds of a year on month boundaries
        lo, hi = _month_span(lo.year, first, 4)
        return replace(ds, earliest=lo, latest=hi, approximate=True)
    third = ((hi - lo).days + 1) // 3
    if mod in ("EARLIER", "LATER") and dct is not None and lo <= dct <= hi:
        lo, hi = (lo, dct) if mod == "EARLIER" else (dct, hi)
    elif third >= 1 and mod in ("START", "EARLIER"):
        hi = lo + timedelta(days=third - 1)
    elif third >= 1 and mod in ("END", "LATER"):
        lo = hi - timedelta(days=third - 1)
    elif third >= 1 and mod == "MID":
        lo, hi = lo + timedelta(days=third), hi - timedelta(days=third)
    return replace(ds, earliest=lo, latest=max(lo, hi), approximate=True)
