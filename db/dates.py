"""Converting between ingest's ``DateSpan`` and the date columns of events and stances."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from ingest.records import PRECISIONS, DateSpan


class _Dated(Protocol):
    date_value: str | None
    earliest: date | None
    latest: date | None
    precision: str | None
    approximate: bool
    date_note: str


def date_fields(span: DateSpan | None) -> dict[str, Any]:
    """Column values of ``models.Event`` for a date (all empty when undated)."""
    if span is None:
        return {
            "date_value": None,
            "earliest": None,
            "latest": None,
            "precision": None,
            "approximate": False,
            "date_note": "",
        }
    return {
        "date_value": span.value,
        "earliest": span.earliest,
        "latest": span.latest,
        "precision": span.precision,
        "approximate": span.approximate,
        "date_note": span.note,
    }


@dataclass(frozen=True)
class DateFields:
    value: str | None
    earliest: date | None
    latest: date | None
    precision: str | None
    approximate: bool = False
    note: str = ""

    @classmethod
    def of(cls, row: _Dated) -> DateFields:
        return cls(
            row.date_value, row.earliest, row.latest, row.precision, row.approximate, row.date_note
        )

    def span(self) -> DateSpan | None:
        if self.value is None:
            return None
        return DateSpan(
            self.value,
            self.earliest,
            self.latest,
            self.precision or "day",
            self.approximate,
            self.note,
        )

    @property
    def resolved(self) -> bool:
        return self.earliest is not None and self.latest is not None


def precision_rank(precision: str | None) -> int:
    """Smaller is finer; unknown precisions rank coarsest."""
    try:
        return PRECISIONS.index(precision or "")
    except ValueError:
        return len(PRECISIONS)


def merged_date(current: DateFields, new: DateSpan | None) -> dict[str, Any] | None:
    """The date a merged event should take when another source reports it with ``new``.

    Returns the column values to set, or None to keep the current date: a date replaces an
    undated or unresolved one, and a finer date replaces a coarser one it agrees with.
    """
    if new is None:
        return None
    if current.value is None:
        return date_fields(new)
    if not new.resolved:
        return None
    if not current.resolved:
        return date_fields(new)
    assert current.earliest is not None and current.latest is not None
    assert new.earliest is not None and new.latest is not None
    agrees = new.earliest <= current.latest and current.earliest <= new.latest
    if agrees and precision_rank(new.precision) < precision_rank(current.precision):
        return date_fields(new)
    return None
