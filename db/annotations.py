"""Writes from the GUI.  Each call is one committed transaction (``project.session()``).

Event edits take ``expected_version`` (``db.sync.event_version`` as read when the event was
shown): if someone else changed the event since, ``db.sync.ConflictError`` is raised and
nothing is written.  ``None`` skips the check.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, aliased

from db import models as m
from db.dates import DateFields, date_fields, precision_rank
from db.importer import timex_mention
from db.names import tag_id
from db.project import Project
from db.sync import claim_event
from ingest.records import DateSpan, Event, Extraction


def set_star(
    project: Project, event_id: int, starred: bool, expected_version: datetime | None = None
) -> None:
    with project.session() as s:
        claim_event(s, event_id, expected_version)
        _event(s, event_id).starred = bool(starred)


def set_review(
    project: Project, event_id: int, state: str, expected_version: datetime | None = None
) -> None:
    if state not in m.REVIEW_STATES:
        raise ValueError(f"review state must be one of {m.REVIEW_STATES}, not {state!r}")
    with project.session() as s:
        claim_event(s, event_id, expected_version)
        _event(s, event_id).review = state


def add_note(
    project: Project,
    event_id: int,
    text: str,
    author: str = "",
    expected_version: datetime | None = None,
) -> int:
    with project.session() as s:
        claim_event(s, event_id, expected_version)
        event = _event(s, event_id)
        note = m.Note(event_id=event_id, text=text, author=author)
        s.add(note)
        event.updated_at = m.utcnow()
        s.flush()
        return note.id


def delete_note(project: Project, note_id: int) -> None:
    with project.session() as s:
        s.execute(delete(m.Note).where(m.Note.id == note_id))


def set_tags(
    project: Project,
    event_id: int,
    tags: Iterable[str],
    expected_version: datetime | None = None,
) -> None:
    """Replace the event's tags; new tag names are created, unused ones are kept (colours)."""
    names = list(dict.fromkeys(t.strip() for t in tags if t and t.strip()))
    with project.session() as s:
        claim_event(s, event_id, expected_version)
        event = _event(s, event_id)
        ids = [tag_id(s, name) for name in names]
        have = set(s.scalars(select(m.EventTag.tag_id).where(m.EventTag.event_id == event_id)))
        s.execute(
            delete(m.EventTag).where(m.EventTag.event_id == event_id, m.EventTag.tag_id.not_in(ids))
        )
        s.add_all(m.EventTag(event_id=event_id, tag_id=t) for t in ids if t not in have)
        event.updated_at = m.utcnow()


def set_event_date(
    project: Project,
    event_id: int,
    span: DateSpan | None,
    expected_version: datetime | None = None,
) -> None:
    """The user's own date for an event: stored and locked against re-resolution."""
    with project.session() as s:
        claim_event(s, event_id, expected_version)
        event = _event(s, event_id)
        for key, value in date_fields(span).items():
            setattr(event, key, value)
        event.date_locked = True


def set_published(project: Project, source_id: int, published: date | None) -> None:
    """Set a source's publication date and re-resolve the dates that depend on it (not
    undoable; ``db.edits.redate`` is the undoable write, ``services.redate`` the service)."""
    reading = read_again(project, source_id, published)
    with project.session() as s:
        redate_source(s, source_id, published, reading)


def read_again(project: Project, source_id: int, published: date | None) -> Extraction:
    """The stored article read with another publication date.  Kept for the legacy callers
    above; ``services.redate`` reads with the project's dictionary."""
    from ingest.pipeline import extract

    with project.reading() as s:
        text = s.scalar(select(m.Source.text).where(m.Source.id == source_id))
    if text is None:
        raise KeyError(f"no source {source_id}")
    return extract(text, published)


def redate_source(s: Session, source_id: int, published: date | None, x: Extraction) -> None:
    """Store a source's new publication date and what ``x`` (its text read with that date)
    resolves: each stored event this source evidences is found again by its ingest id (or its
    evidence span) and takes the new date, unless the user locked it.  An event other sources
    also report keeps a date it already had unless the new one is finer, so one article's date
    cannot undo the others'.  The source's timex marks and its stances' dates are replaced
    too.  Events the new reading adds are not created."""
    source = s.get(m.Source, source_id)
    if source is None:
        raise KeyError(f"no source {source_id}")
    source.published = published
    source.published_known = published is not None
    _redate_events(s, source_id, x)
    _redate_stances(s, source_id, x)
    s.execute(delete(m.Mention).where(m.Mention.source_id == source_id, m.Mention.kind == "timex"))
    s.add_all(timex_mention(source_id, t.start, t.end, t.value) for t in x.timexes)


def _redate_events(s: Session, source_id: int, x: Extraction) -> None:
    by_id = {ev.id: ev for ev in x.events}
    by_span = {(ev.evidence.start, ev.evidence.end): ev for ev in x.events}
    other = aliased(m.Evidence)  # the count must not correlate with the outer evidence
    source_count = (
        select(func.count(other.source_id.distinct()))
        .where(other.event_id == m.Event.id)
        .scalar_subquery()
    )
    rows = s.execute(
        select(m.Evidence, m.Event, source_count)
        .join(m.Event, m.Event.id == m.Evidence.event_id)
        .where(m.Evidence.source_id == source_id)
    ).all()
    for evidence, event, n_sources in rows:
        new: Event | None = by_id.get(evidence.local_id)
        if new is None or (new.evidence.start, new.evidence.end) != (evidence.start, evidence.end):
            new = by_span.get((evidence.start, evidence.end), new)
        if new is None:
            continue
        evidence.timex_start = new.timex.start if new.timex else None
        evidence.timex_end = new.timex.end if new.timex else None
        if event.date_locked:
            continue
        if n_sources > 1 and not _finer(new.date, DateFields.of(event)):
            continue
        for key, value in date_fields(new.date).items():
            setattr(event, key, value)


def _finer(new: DateSpan | None, current: DateFields) -> bool:
    if new is None or not new.resolved:
        return False
    return not current.resolved or precision_rank(new.precision) < precision_rank(current.precision)


def _redate_stances(s: Session, source_id: int, x: Extraction) -> None:
    by_span = {(st.evidence.start, st.evidence.end): st for st in x.stances}
    stances = s.scalars(select(m.Stance).where(m.Stance.source_id == source_id))
    for stance in stances:
        new = by_span.get((stance.start, stance.end))
        if new is None:
            continue
        fields = date_fields(new.date)
        stance.date_value = fields["date_value"]
        stance.earliest = fields["earliest"]
        stance.latest = fields["latest"]


def _event(s: Session, event_id: int) -> m.Event:
    event = s.get(m.Event, event_id)
    if event is None:
        raise KeyError(f"no event {event_id}")
    return event
