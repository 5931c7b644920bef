"""Read-only views for the GUI: frozen dataclasses, never ORM objects (those are bound to a
session and a thread; rows can be handed to Qt models and kept).

``list_events`` must stay fast on a million events: it selects plain column tuples and loads
every link table in one query each, then assembles in Python.  No per-event queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Select, bindparam, func, select
from sqlalchemy.orm import Session

from db import models as m

# The event arrays and their cache moved to ``db.arrays``; these names stay importable here.
from db.arrays import (  # noqa: F401
    CACHE_FORMAT,
    OTHER_PRECISION,
    PRECISION_CODES,
    REVIEW_CODES,
    EventArrays,
    Links,
    arrays_cache_path,
    date_order,
    load_event_arrays,
    load_event_arrays_cached,
    load_summaries,
    prime_arrays_cache,
    read_event_arrays,
    save_event_arrays,
)
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
    # Where this source's report came from (schema v3): who said it (a canonical actor name)
    # and the medium it cites ("Russia's Izvestia"); "" when the article does not say.
    speaker: str = ""
    medium: str = ""


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
    mode: str = ""  # PLOVER mode (v3); ``row.event_type`` is the PLOVER category

    def named(self, role: str) -> tuple[str, ...]:
        """The actors in one role ("source", "target", "speaker", "participant")."""
        return tuple(name for _id, name, r in self.actors if r == role)


@dataclass(frozen=True)
class EventRoles:
    """What an event is and who does it to whom, for the source pane's attribution line."""

    event_type: str  # PLOVER category ("REJECT", "REQUEST", "STATEMENT", "OTHER"...)
    mode: str  # PLOVER mode, "" when none
    actors: tuple[tuple[int, str, str | None], ...]  # (actor_id, name, role)

    def named(self, role: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(name for _id, name, r in self.actors if r == role))


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
    # Schema v3, defaulted so rows built by older callers stay valid: the readable issue label
    # the stance is grouped under, and where the claim came from (speaker, cited medium).
    issue: str = ""
    speaker: str = ""
    medium: str = ""


def count_events(project: Project) -> int:
    """How many events the project holds (one COUNT; the viewer decides from it whether to
    load in the background)."""
    with project.reading() as s:
        return int(s.scalar(select(func.count(m.Event.id))) or 0)


def list_events(project: Project) -> list[EventRow]:
    """All events, sorted by earliest date (undated last)."""
    with project.reading() as s:
        return _event_rows(s, None)


def load_event_rows(project: Project, event_ids: Iterable[int]) -> list[EventRow]:
    """The rows of the given events, in the order asked (missing ids are skipped)."""
    ids = list(event_ids)
    with project.reading() as s:
        got = {r.id: r for r in _event_rows(s, ids)}
    return [got[i] for i in ids if i in got]


def event_actor_ids(project: Project, event_ids: Iterable[int]) -> dict[int, tuple[int, ...]]:
    """The actors of each of these events, ascending (an event with none: ``()``; an id with no
    event is absent).  What a relink changes, without building whole rows."""
    ids = sorted(set(event_ids))
    if not ids:
        return {}
    e, ea = m.Event, m.EventActor
    stmt = (
        select(e.id, ea.actor_id)
        .outerjoin(ea, ea.event_id == e.id)
        .where(e.id.in_(bindparam("ids", expanding=True)))
        .order_by(e.id, ea.actor_id)
    )
    with project.reading() as s:
        got = _grouped(s.connection(), stmt, unique=True, params={"ids": ids})
    return {k: tuple(a for a in v if a is not None) for k, v in got.items()}


def list_actors(
    project: Project, counts: bool = True, ids: Iterable[int] | None = None
) -> list[ActorRow]:
    """All actors with the number of events they take part in, most active first.

    ``counts=False`` skips the count (0, ordered by name): callers that hold the event links
    in memory count faster than the GROUP BY over every link.  ``ids``: only those actors
    (a relink re-reads the few whose links changed; missing ids are skipped).
    """
    a, ea = m.Actor, m.EventActor
    columns = (a.id, a.name, a.kind, a.colour, a.affiliation_id)
    if counts:
        count = func.count(ea.event_id.distinct())
        stmt = (
            select(*columns, count)
            .outerjoin(ea, ea.actor_id == a.id)
            .group_by(*columns)
            .order_by(count.desc(), a.name)
        )
    else:
        stmt = select(*columns).order_by(a.name)
    if ids is not None:
        wanted = sorted(set(ids))
        if not wanted:
            return []
        stmt = stmt.where(a.id.in_(wanted))
    with project.reading() as s:
        if counts:
            return [ActorRow(*row) for row in s.execute(stmt)]
        return [ActorRow(*row, event_count=0) for row in s.execute(stmt)]


def list_things(project: Project) -> list[tuple[int, str]]:
    with project.session() as s:
        return [
            tuple(r) for r in s.execute(select(m.Thing.id, m.Thing.name).order_by(m.Thing.name))
        ]


def actors_named(project: Project, names: Iterable[str]) -> tuple[set[int], set[str]]:
    """(ids of the actors named, by name or alias, case-insensitively; the names that match
    none): "Türkiye", "Ankara" and "Turkey" all name Turkey."""
    wanted = {n.casefold() for n in names}
    with project.reading() as s:
        rows = s.execute(select(m.Actor.id, m.Actor.name)).all()
        aliases = s.execute(select(m.ActorAlias.actor_id, m.ActorAlias.alias)).all()
    pairs = [(i, n.casefold()) for i, n in rows] + [(i, a.casefold()) for i, a in aliases]
    ids = {i for i, n in pairs if n in wanted}
    return ids, wanted - {n for _i, n in pairs if n in wanted}


def actor_aliases(project: Project) -> dict[int, tuple[str, ...]]:
    """Every actor's aliases by actor id (the actor filter searches them: "Ankara" → Turkey)."""
    stmt = select(m.ActorAlias.actor_id, m.ActorAlias.alias).order_by(
        m.ActorAlias.actor_id, m.ActorAlias.alias)
    with project.reading() as s:
        return _grouped(s.connection(), stmt)


def list_sources(project: Project) -> list[tuple[int, str, str, date | None]]:
    """(id, title, outlet, published), oldest first, undated last."""
    src = m.Source
    stmt = select(src.id, src.title, src.outlet, src.published).order_by(
        src.published.asc().nulls_last(), src.id
    )
    with project.session() as s:
        return [tuple(r) for r in s.execute(stmt)]


def event_evidence(project: Project, event_id: int) -> tuple[EvidenceRow, ...]:
    """The evidence of one event (one query): what the source pane needs on a selection."""
    with project.reading() as s:
        return _evidence(s, event_id)


def _evidence(s: Session, event_id: int) -> tuple[EvidenceRow, ...]:
    rows = s.connection().execute(_one_event_statements()["evidence"], {"event_id": event_id})
    return tuple(EvidenceRow(*r[:6], speaker=r[6] or "", medium=r[7] or "") for r in rows)


@lru_cache(maxsize=1)
def _one_event_statements() -> dict[str, Select]:
    """The reads a selection makes of one event (``:event_id``), built once (see
    ``_event_row_statements``)."""
    ev, src, eid = m.Evidence, m.Source, bindparam("event_id")
    return {
        "evidence": select(ev.source_id, src.title, src.outlet, src.published, ev.start, ev.end,
                           ev.speaker, ev.medium)
        .join(src, src.id == ev.source_id)
        .where(ev.event_id == eid)
        .order_by(src.published.asc().nulls_last(), ev.source_id, ev.start),
        "notes": select(m.Note.id, m.Note.text, m.Note.author, m.Note.created_at)
        .where(m.Note.event_id == eid)
        .order_by(m.Note.created_at, m.Note.id),
        "actor_roles": select(m.Actor.id, m.Actor.name, m.EventActor.role)
        .join(m.EventActor, m.EventActor.actor_id == m.Actor.id)
        .where(m.EventActor.event_id == eid)
        .order_by(m.EventActor.id),
    }


def warm_up_event_reads(project: Project, event_id: int) -> None:
    """Run once every read a selection makes, on any event, so that their statements are
    compiled (SQLAlchemy caches the compiled form per engine) before the user clicks."""
    load_event_rows(project, [event_id])
    evidence = event_evidence(project, event_id)
    event_notes_and_actors(project, event_id)
    event_roles(project, event_id)
    if evidence:
        source_detail(project, evidence[0].source_id)


def event_detail(project: Project, event_id: int) -> EventDetail:
    """Everything the detail panes show for one event; KeyError if it does not exist."""
    with project.session() as s:
        rows = _event_rows(s, [event_id])
        if not rows:
            raise KeyError(f"no event {event_id}")
        evidence = _evidence(s, event_id)
        notes, actors = _notes(s, event_id), _actor_roles(s, event_id)
        things = tuple(
            s.scalars(
                select(m.Thing.name)
                .join(m.EventThing, m.EventThing.thing_id == m.Thing.id)
                .where(m.EventThing.event_id == event_id)
                .order_by(m.EventThing.id)
            )
        )
        mode = s.scalar(select(m.Event.mode).where(m.Event.id == event_id)) or ""
        return EventDetail(rows[0], evidence, notes, actors, things, mode=mode)


def event_roles(project: Project, event_id: int) -> EventRoles | None:
    """The PLOVER type and mode of one event and its actors by role (two indexed queries);
    None if the event does not exist."""
    with project.reading() as s:
        row = s.execute(
            select(m.Event.event_type, m.Event.mode).where(m.Event.id == event_id)).first()
        if row is None:
            return None
        return EventRoles(row[0] or "", row[1] or "", _actor_roles(s, event_id))


def speaker_events(project: Project) -> dict[str, tuple[int, ...]]:
    """Every speaker's events: "only what X said" filters by them.

    A speaker is named on the evidence (who a source says said it) or is an actor in the
    event's "speaker" role; both count, so an event the parse gave a speaker role but whose
    evidence row has none is still found.  Keys are the names as stored."""
    ev, ea, a = m.Evidence, m.EventActor, m.Actor
    said = select(ev.speaker, ev.event_id).where(ev.speaker != "")
    role = select(a.name, ea.event_id).join(ea, ea.actor_id == a.id).where(ea.role == "speaker")
    out: dict[str, dict[int, None]] = {}
    with project.reading() as s:
        for stmt in (said, role):
            for name, event_id in s.execute(stmt):
                out.setdefault(name, {})[event_id] = None
    return {name: tuple(ids) for name, ids in out.items()}


def event_notes_and_actors(
    project: Project, event_id: int
) -> tuple[tuple[NoteRow, ...], tuple[tuple[int, str, str | None], ...]]:
    """What the annotation panel adds to an event's row: two small indexed queries
    (``event_detail`` re-reads the row and evidence too, which a selection already has)."""
    with project.reading() as s:
        return _notes(s, event_id), _actor_roles(s, event_id)


def _notes(s: Session, event_id: int) -> tuple[NoteRow, ...]:
    rows = s.connection().execute(_one_event_statements()["notes"], {"event_id": event_id})
    return tuple(NoteRow(*r) for r in rows)


def _actor_roles(s: Session, event_id: int) -> tuple[tuple[int, str, str | None], ...]:
    stmt = _one_event_statements()["actor_roles"]
    return tuple((r[0], r[1], r[2]) for r in s.connection().execute(stmt, {"event_id": event_id}))


def source_detail(project: Project, source_id: int) -> SourceDetail:
    """A source's text and marked spans; KeyError if it does not exist."""
    source, mentions = _source_statements()
    with project.reading() as s:
        conn = s.connection()
        row = conn.execute(source, {"source_id": source_id}).first()
        if row is None:
            raise KeyError(f"no source {source_id}")
        marks = tuple(MentionRow(*r) for r in conn.execute(mentions, {"source_id": source_id}))
        return SourceDetail(*row, mentions=marks)


def source_file(project: Project, source_id: int) -> tuple[str, str]:
    """(origin, fmt) of a source: the file it was read from (or "pasted") and its format,
    for saying where its publication date came from."""
    with project.reading() as s:
        row = s.execute(
            select(m.Source.origin, m.Source.fmt).where(m.Source.id == source_id)).first()
    return (row[0] or "", row[1] or "txt") if row else ("", "txt")


@lru_cache(maxsize=1)
def _source_statements() -> tuple[Select, Select]:
    src, mn, sid = m.Source, m.Mention, bindparam("source_id")
    source = select(
        src.id, src.title, src.outlet, src.url, src.published, src.published_known, src.text
    ).where(src.id == sid)
    mentions = (
        select(mn.start, mn.end, mn.kind, mn.label)
        .where(mn.source_id == sid)
        .order_by(mn.start, mn.end, mn.id)
    )
    return source, mentions


def list_stances(project: Project, ids: Iterable[int] | None = None) -> list[StanceRow]:
    """All stances with the quoted evidence, grouped by holder then issue; ``ids``: only
    those (a relink re-reads the stances whose holder it changed; missing ids are skipped)."""
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
            st.issue,
            st.speaker,
            st.medium,
        )
        .join(a, a.id == st.holder_id)
        .join(src, src.id == st.source_id)
        .order_by(a.name, st.target_key, st.earliest.asc().nulls_last(), st.source_id, st.start)
    )
    if ids is not None:
        wanted = sorted(set(ids))
        if not wanted:
            return []
        stmt = stmt.where(st.id.in_(wanted))
    with project.session() as s:
        return [
            StanceRow(*r[:10], evidence_text=r[10] or "", date_value=r[11], issue=r[12] or "",
                      speaker=r[13] or "", medium=r[14] or "")
            for r in s.execute(stmt)
        ]


@lru_cache(maxsize=2)
def _event_row_statements(some: bool) -> tuple[Select, ...]:
    """The six reads of ``_event_rows``, built once: of all events, or (``some``) of the ids
    bound to ``:ids``.  Building a select costs more than running it for one event, and a
    selection in the window reads one event."""
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
    ).order_by(e.earliest.asc().nulls_last(), e.latest.desc().nulls_last(), e.id)  # date_order

    def only(stmt: Select, column: Any) -> Select:
        return stmt.where(column.in_(bindparam("ids", expanding=True))) if some else stmt

    ea, et, ev, tg = m.EventActor, m.EventThing, m.Evidence, m.EventTag
    tag_names = select(tg.event_id, m.Tag.name).join(m.Tag, m.Tag.id == tg.tag_id)
    note_counts = select(m.Note.event_id, func.count(m.Note.id)).group_by(m.Note.event_id)
    return (
        only(events, e.id),
        only(select(ea.event_id, ea.actor_id), ea.event_id).order_by(ea.event_id, ea.id),
        only(select(et.event_id, et.thing_id), et.event_id).order_by(et.event_id, et.id),
        only(select(ev.event_id, ev.source_id), ev.event_id).order_by(ev.event_id, ev.id),
        only(tag_names, tg.event_id).order_by(tg.event_id, m.Tag.name),
        only(note_counts, m.Note.event_id),
    )


def _event_rows(s: Session, event_ids: Iterable[int] | None) -> list[EventRow]:
    """Events (all, or the given ids) with their links: six queries whatever the count."""
    ids = list(event_ids) if event_ids is not None else None
    if ids is not None and not ids:
        return []
    events, actors, things, sources, tags, notes = _event_row_statements(ids is not None)
    params = {"ids": ids} if ids is not None else {}
    # Core rows through the session's connection: the ORM result layer costs ~2x here.
    conn = s.connection()
    rows = conn.execute(events, params).all()
    if not rows:
        return []
    # An actor with two roles appears twice: unique.
    actor_ids = _grouped(conn, actors, unique=True, params=params)
    thing_ids = _grouped(conn, things, params=params)
    source_ids = _grouped(conn, sources, unique=True, params=params)
    tag_lists = _grouped(conn, tags, params=params)
    # Rows, not dict(result): a Result has .keys() (column names), which dict() would use.
    note_counts = {eid: n for eid, n in conn.execute(notes, params)}
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
            actor_ids.get(eid, empty),
            thing_ids.get(eid, empty),
            source_ids.get(eid, empty),
            tag_lists.get(eid, empty),
            note_counts.get(eid, 0),
        )
        for eid, summary, value, earliest, latest, precision, etype, review, starred in rows
    ]


def _grouped(
    conn: Connection, stmt: Select, unique: bool = False, params: dict | None = None
) -> dict[int, tuple]:
    """(key, value) rows ordered by key → {key: values in row order}."""
    out: dict[int, tuple] = {}
    for key, group in groupby(conn.execute(stmt, params or {}).all(), key=itemgetter(0)):
        values = tuple(row[1] for row in group)
        if unique and len(values) > 1:
            values = tuple(dict.fromkeys(values))
        out[key] = values
    return out
