"""Small pieces shared by the dialogs: date entry with precision and qualifier, helpers."""

from __future__ import annotations

from calendar import monthrange
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from ingest.records import DateSpan

PRECISION_CHOICES: tuple[tuple[str, str], ...] = (
    ("undated", "Undated"),
    ("day", "Day"),
    ("month", "Month"),
    ("year", "Year"),
    ("range", "Range"),
)
QUALIFIER_CHOICES: tuple[tuple[str, str], ...] = (
    ("", "exactly"),
    ("about", "about"),
    ("before", "before"),
    ("after", "after"),
)


def span_for(
    precision: str, start: date, end: date | None = None, qualifier: str = ""
) -> DateSpan | None:
    """The DateSpan an analyst means by a precision and a day (or two, for a range)."""
    approx = qualifier == "about"
    note = qualifier if qualifier in ("before", "after") else ""
    if precision == "undated":
        return None
    if precision == "month":
        last = date(start.year, start.month, monthrange(start.year, start.month)[1])
        return DateSpan(
            f"{start.year:04d}-{start.month:02d}", start.replace(day=1), last, "month", approx, note
        )
    if precision == "year":
        return DateSpan(
            f"{start.year:04d}",
            date(start.year, 1, 1),
            date(start.year, 12, 31),
            "year",
            approx,
            note,
        )
    if precision == "range" and end is not None and end != start:
        a, b = sorted((start, end))
        return DateSpan(f"{a.isoformat()}/{b.isoformat()}", a, b, "day", approx, note)
    return DateSpan(start.isoformat(), start, start, "day", approx, note)


def precision_of(
    value: str | None, earliest: date | None, latest: date | None, precision: str | None
) -> str:
    if earliest is None:
        return "undated"
    if value and "/" in value:
        return "range"
    return precision if precision in ("day", "month", "year") else "range"


class DateEntry(QWidget):
    """[qualifier] [precision] [from] [– to]: the date of an event or a stance."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.qualifier = QComboBox()
        self.qualifier.setToolTip("Exactly, about, before or after the date")
        for key, label in QUALIFIER_CHOICES:
            self.qualifier.addItem(label, key)
        self.precision = QComboBox()
        self.precision.setToolTip("How precise the date is: a day, a month, a year or a range")
        for key, label in PRECISION_CHOICES:
            self.precision.addItem(label, key)
        self.start = QDateEdit()
        self.end = QDateEdit()
        self.start.setToolTip("The date (the first day of a range); Alt+Down opens a calendar")
        self.end.setToolTip("The last day of a range; Alt+Down opens a calendar")
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setDate(QDate.currentDate())
        self.dash = QLabel("–")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        for w in (self.qualifier, self.precision, self.start, self.dash, self.end):
            lay.addWidget(w)
        lay.addStretch(1)
        self.precision.currentIndexChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        p = self.precision.currentData()
        for w in (self.start, self.qualifier):
            w.setEnabled(p != "undated")
        self.start.setDisplayFormat({"month": "MMM yyyy", "year": "yyyy"}.get(p, "d MMM yyyy"))
        self.end.setVisible(p == "range")
        self.dash.setVisible(p == "range")

    def set_span(
        self,
        value: str | None,
        earliest: date | None,
        latest: date | None,
        precision: str | None,
        qualifier: str = "",
    ) -> None:
        p = precision_of(value, earliest, latest, precision)
        self.precision.setCurrentIndex(self.precision.findData(p))
        if earliest is not None:
            self.start.setDate(QDate(earliest))
            self.end.setDate(QDate(latest or earliest))
        self.qualifier.setCurrentIndex(max(0, self.qualifier.findData(qualifier)))

    def span(self) -> DateSpan | None:
        return span_for(
            self.precision.currentData(),
            self.start.date().toPython(),
            self.end.date().toPython(),
            self.qualifier.currentData(),
        )

    def qualifier_key(self) -> str:
        return self.qualifier.currentData()
