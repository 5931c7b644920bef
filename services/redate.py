"""A corrected publication date: that article alone is read again, before the write.

Relative dates ("on Friday", "last year") resolve against the publication date, so a new one
re-resolves the dates of that article's events and stances (``db.annotations.redate_source``
says how).  The reading happens outside the write transaction, so other writers (an import)
wait only for the few rows it changes.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from db import edits
from db import models as m
from db.dictionary import project_gazetteer
from db.edits import Change
from db.project import Project
from ingest.pipeline import extract
from ingest.records import Extraction


def read_with_date(project: Project, source_id: int, published: date | None) -> Extraction:
    """The stored article read with the project's dictionary and another publication date."""
    with project.reading() as s:
        text = s.scalar(select(m.Source.text).where(m.Source.id == source_id))
    if text is None:
        raise KeyError(f"no source {source_id}")
    return extract(text, published, project_gazetteer(project))


def set_published(project: Project, source_id: int, published: date | None) -> Change:
    """Correct a source's publication date as one undoable change; only that source's rows
    and its events are read and recorded."""
    reading = read_with_date(project, source_id, published)
    return edits.redate(project, source_id, published, reading)
