"""A corrected publication date: that article alone is read again, before the write.

Relative dates ("on Friday", "last year") resolve against the publication date, so a new one
re-resolves the dates of that article's events and stances (``db.annotations.redate_source``
says how).  The reading happens outside the write transaction, so other writers (an import)
wait only for the few rows it changes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select

from db import edits
from db import models as m
from db.dictionary import BatchReader, project_gazetteer
from db.edits import Change
from db.project import Project
from ingest.records import Extraction
from services.lazyread import extract


def read_with_date(
    project: Project, source_id: int, published: date | None, read: BatchReader | None = None
) -> Extraction:
    """The stored article read with the project's dictionary and another publication date,
    by ``read`` (the window's reading process) or in this process."""
    with project.reading() as s:
        text = s.scalar(select(m.Source.text).where(m.Source.id == source_id))
    if text is None:
        raise KeyError(f"no source {source_id}")
    if read is not None:
        return next(iter(read([(text, published)], project_gazetteer(project))))
    return extract(text, published, project_gazetteer(project))


@dataclass(frozen=True)
class Redated:
    """What a date change touched, carried as its ``Change.result``: the viewer re-reads
    these rows (after the change, its undo or its redo) instead of every event."""

    source_id: int
    event_ids: tuple[int, ...]  # events whose stored date differs before and after
    stance_ids: tuple[int, ...]


def set_published(
    project: Project, source_id: int, published: date | None, read: BatchReader | None = None
) -> Change:
    """Correct a source's publication date as one undoable change; only that source's rows
    and its events are read and recorded."""
    reading = read_with_date(project, source_id, published, read)
    change = edits.redate(project, source_id, published, reading)
    return replace(change, result=Redated(source_id, _differ(change, "events"),
                                          _differ(change, "stances")))


def _differ(change: Change, table: str) -> tuple[int, ...]:
    before, after = change.before.get(table, {}), change.after.get(table, {})
    return tuple(sorted(pk for pk in before.keys() | after.keys()
                        if before.get(pk) != after.get(pk)))


@dataclass(frozen=True)
class StoredDates:
    """The dates a redate writes, as stored now: the source's and its stances'."""

    published: date | None
    stance_dates: dict[int, str | None]


def stored_dates(project: Project, redated: Redated) -> StoredDates:
    """Read back what ``redated`` names (a few rows: cheap enough for the GUI thread)."""
    with project.reading() as s:
        published = s.scalar(select(m.Source.published).where(m.Source.id == redated.source_id))
        rows = s.execute(select(m.Stance.id, m.Stance.date_value)
                         .where(m.Stance.id.in_(redated.stance_ids))) if redated.stance_ids else []
        return StoredDates(published, {int(i): v for i, v in rows})
