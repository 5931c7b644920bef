"""Read-only views for the GUI: frozen dataclasses, never ORM objects (those are bound to a
session and a thread; rows can be handed to Qt models and kept).

``list_events`` must stay fast on a million events: it selects plain column tuples and loads
every link table in one query each, then assembles in Python.  No per-event queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Select, func, select
from sqlalchemy.orm import Session

from db import models as m
from db.project import Project


@dataclass(frozen=True)
class EventRow:
    id: int
    summary: str
    date_value: str | None
    earliest: date | None
    latest: date | None
    precision: str | None
    event_type: str
    review: str  # "unreviewed" | "confirmed" | "rejected"
    starred: bool
    actor_ids: tuple[int, ...]
    thing_ids: tuple[int, ...]
    source_ids: tuple[int, ...]
    tags: tuple[str, ...]
    note_count: int


@dataclass(frozen=True)
class ActorRow:
    id: int
    name: str
    kind: str
    colour: str
    affiliation_id: int | None
    event_count: int


@dataclass(frozen=True)
class EvidenceRow:
    source_id: int
    source_title: str
    outlet: str
    published: date | None
    start: int
    end: int


@dataclass(frozen=True)
class NoteRow:
    id: int
    text: str
    author: str
    created: datetime


@dataclass(frozen=True)
class EventDetail:
    row: EventRow
    evidence: tuple[EvidenceRow, ...]
    notes: tuple[NoteRow, ...]
    actors: tuple[tuple[int, str, str], ...]  # (actor_id, name, role)
    things: tuple[str, ...]


@dataclass(frozen=True)
class MentionRow:
    start: int
    end: int
    kind: str  # "timex" | "actor" | "thing"
    label: str  # actor/thing canonical name or timex value


@dataclass(frozen=True)
class SourceDetail:
    id: int
    title: str
    outlet: str
    url: str
    published: date | None
    published_known: bool
    text: str
    mentions: tuple[MentionRow, ...]


@dataclass(frozen=True)
class StanceRow:
    id: int
    holder_id: int
    holder: str
    target_key: str
    target: str
    polarity: str
    source_id: int
    start: int
    end: int
    event_id: int | None
    evidence_text: str
    date_value: str | None


def list_events(project: Project) -> list[EventRow]:
    """All events, sorted by earliest date (undated last)."""
    with project.session() as s:
        return _event_rows(s, None)


def list_actors(project: Project) -> list[ActorRow]:
    """All actors with the number of events they take part in, most active first."""
    a, ea = m.Actor, m.EventActor
    count = func.count(ea.event_id.distinct())
    stmt = (
        select(a.id, a.name, a.kind, a.colour, a.affiliation_id, count)
        .outerjoin(ea, ea.actor_id == a.id)
        .group_by(a.id, a.name, a.kind, a.colour, a.affiliation_id)
        .order_by(count.desc(), a.name)
    )
    with project.session() as s:
        return [ActorRow(*row) for row in s.execute(stmt)]


def list_things(project: Project) -> list[tuple[int, str]]:
    with project.session() as s:
        return [
            tuple(r) for r in s.execute(select(m.Thing.id, m.Thing.name).order_by(m.Thing.name))
        ]


def list_sources(project: Project) -> list[tuple[int, str, str, date | None]]:
    """(id, title, outlet, published), oldest first, undated last."""
    src = m.Source
    stmt = select(src.id, src.title, src.outlet, src.published).order_by(
        src.published.asc().nulls_last(), src.id
    )
    with project.session() as s:
        return [tuple(r) for r in s.execute(stmt)]


def event_detail(project: Project, event_id: int) -> EventDetail:
    """Everything the detail panes show for one event; KeyError if it does not exist."""
    with project.session() as s:
        rows = _event_rows(s, [event_id])
        if not rows:
            raise KeyError(f"no event {event_id}")
        ev, src = m.Evidence, m.Source
        evidence = tuple(
            EvidenceRow(*r)
            for r in s.execute(
                select(ev.source_id, src.title, src.outlet, src.published, ev.start, ev.end)
                .join(src, src.id == ev.source_id)
                .where(ev.event_id == event_id)
                .order_by(src.published.asc().nulls_last(), ev.source_id, ev.start)
            )
        )
        notes = tuple(
            NoteRow(*r)
            for r in s.execute(
                select(m.Note.id, m.Note.text, m.Note.author, m.Note.created_at)
                .where(m.Note.event_id == event_id)
                .order_by(m.Note.created_at, m.Note.id)
            )
        )
        actors = tuple(
            (r[0], r[1], r[2])
            for r in s.execute(
                select(m.Actor.id, m.Actor.name, m.EventActor.role)
                .join(m.EventActor, m.EventActor.actor_id == m.Actor.id)
                .where(m.EventActor.event_id == event_id)
                .order_by(m.EventActor.id)
            )
        )
        things = tuple(
            s.scalars(
                select(m.Thing.name)
                .join(m.EventThing, m.EventThing.thing_id == m.Thing.id)
                .where(m.EventThing.event_id == event_id)
                .order_by(m.EventThing.id)
            )
        )
        return EventDetail(rows[0], evidence, notes, actors, things)


def source_detail(project: Project, source_id: int) -> SourceDetail:
    """A source's text and marked spans; KeyError if it does not exist."""
    src, mn = m.Source, m.Mention
    with project.session() as s:
        row = s.execute(
            select(
                src.id,
                src.title,
                src.outlet,
                src.url,
                src.published,
                src.published_known,
                src.text,
            ).where(src.id == source_id)
        ).first()
        if row is None:
            raise KeyError(f"no source {source_id}")
        mentions = tuple(
            MentionRow(*r)
            for r in s.execute(
                select(mn.start, mn.end, mn.kind, mn.label)
                .where(mn.source_id == source_id)
                .order_by(mn.start, mn.end, mn.id)
            )
        )
        return SourceDetail(*row, mentions=mentions)


def list_stances(project: Project) -> list[StanceRow]:
    """All stances with the quoted evidence, grouped by holder then issue."""
    st, a, src = m.Stance, m.Actor, m.Source
    # substr counts characters in SQLite and PostgreSQL alike, as Python indices do.
    evidence = func.substr(src.text, st.start + 1, st.end - st.start)
    stmt = (
        select(
            st.id,
            st.holder_id,
            a.name,
            st.target_key,
            st.target,
            st.polarity,
            st.source_id,
            st.start,
            st.end,
            st.event_id,
            evidence,
            st.date_value,
        )
        .join(a, a.id == st.holder_id)
        .join(src, src.id == st.source_id)
        .order_by(a.name, st.target_key, st.earliest.asc().nulls_last(), st.source_id, st.start)
    )
    with project.session() as s:
        return [
            StanceRow(*r[:10], evidence_text=r[10] or "", date_value=r[11]) for r in s.execute(stmt)
        ]


def _event_rows(s: Session, event_ids: Iterable[int] | None) -> list[EventRow]:
    """Events (all, or the given ids) with their links: six queries whatever the count."""
    e = m.Event
    events = select(
        e.id,
        e.summary,
        e.date_value,
        e.earliest,
        e.latest,
        e.precision,
        e.event_type,
        e.review,
        e.starred,
    ).order_by(e.earliest.asc().nulls_last(), e.latest.asc().nulls_last(), e.id)
    ids = list(event_ids) if event_ids is not None else None

    def only(stmt: Select, column: Any) -> Select:
        return stmt if ids is None else stmt.where(column.in_(ids))

    # Core rows through the session's connection: the ORM result layer costs ~2x here.
    conn = s.connection()
    rows = conn.execute(only(events, e.id)).all()
    if not rows:
        return []
    ea, et, ev, tg = m.EventActor, m.EventThing, m.Evidence, m.EventTag
    actors = _grouped(  # an actor with two roles appears twice: unique
        conn, only(select(ea.event_id, ea.actor_id), ea.event_id).order_by(ea.event_id, ea.id), True
    )
    things = _grouped(
        conn, only(select(et.event_id, et.thing_id), et.event_id).order_by(et.event_id, et.id)
    )
    sources = _grouped(
        conn,
        only(select(ev.event_id, ev.source_id), ev.event_id).order_by(ev.event_id, ev.id),
        True,
    )
    tag_names = select(tg.event_id, m.Tag.name).join(m.Tag, m.Tag.id == tg.tag_id)
    tags = _grouped(conn, only(tag_names, tg.event_id).order_by(tg.event_id, m.Tag.name))
    note_counts = select(m.Note.event_id, func.count(m.Note.id)).group_by(m.Note.event_id)
    # Rows, not dict(result): a Result has .keys() (column names), which dict() would use.
    notes = {eid: n for eid, n in conn.execute(only(note_counts, m.Note.event_id))}
    empty: tuple = ()
    return [
        EventRow(
            eid,
            summary,
            value,
            earliest,
            latest,
            precision,
            etype,
            review,
            bool(starred),
            actors.get(eid, empty),
            things.get(eid, empty),
            sources.get(eid, empty),
            tags.get(eid, empty),
            notes.get(eid, 0),
        )
        for eid, summary, value, earliest, latest, precision, etype, review, starred in rows
    ]


def _grouped(conn: Connection, stmt: Select, unique: bool = False) -> dict[int, tuple]:
    """(key, value) rows ordered by key → {key: values in row order}."""
    out: dict[int, tuple] = {}
    for key, group in groupby(conn.execute(stmt).all(), key=itemgetter(0)):
        values = tuple(row[1] for row in group)
        if unique and len(values) > 1:
            values = tuple(dict.fromkeys(values))
        out[key] = values
    return out
