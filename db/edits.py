"""Every write the analyst makes beyond importing, each returning a ``Change`` that can undo it.

One mechanism for all of them: a ``Recorder`` notes the rows a write may touch (by primary key
or by a condition) before the write, reads them again after it, and keeps both states.
``apply_state(project, change.before)`` puts the rows back exactly as they were (same ids, same
timestamps), ``apply_state(project, change.after)`` redoes the write.  So undo never re-runs
logic that could have changed meanwhile, and a command stays small: it holds a ``Change``.

A write's scope must include every row a cascade could remove (an event's evidence, links,
notes, tags, and the stances pointing at it), otherwise the rows outside it would be lost when
an undo deletes a parent row.  ``_event_scope`` and ``_actor_scope`` are the one place that
says what belongs to an event and to an actor.

The source text, evidence spans and mentions' offsets are never changed here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from db import models as m
from db.annotations import read_again, redate_source
from db.dates import date_fields
from db.names import tag_id as _tag_id
from db.names import thing_id as _thing_id
from db.project import Project
from db.sync import claim_event
from ingest.records import DateSpan, Extraction

# Parents before children: inserts go in this order, deletes in the reverse one.
TABLE_ORDER: tuple[str, ...] = (
    "sources",
    "actors",
    "actor_aliases",
    "things",
    "tags",
    "events",
    "evidence",
    "event_actors",
    "event_things",
    "event_tags",
    "notes",
    "mentions",
    "stances",
    "saved_views",
)
TABLES: dict[str, Table] = {name: m.Base.metadata.tables[name] for name in TABLE_ORDER}

# Tables whose change does not alter which events exist, their dates or their actors: the
# viewer can re-read just the touched events instead of reloading everything.
ANNOTATION_TABLES = frozenset({"events", "event_tags", "tags", "notes"})

# "about" is ``approximate``; "before"/"after" are kept in ``date_note`` (TimeML's mod) with
# the anchor date's bounds, so the event stays where its anchor is on the timeline.
DATE_QUALIFIERS: tuple[str, ...] = ("", "about", "before", "after")

State = dict[str, dict[int, dict[str, Any] | None]]  # table → primary key → row (None: absent)
# The version (``db.sync.event_version``) of each event as the caller read it; events left
# out, or a None, are not checked.
Versions = Mapping[int, datetime | None] | None


@dataclass(frozen=True)
class Change:
    """Rows before and after one write; ``result`` is what the write returns (a new id…)."""

    before: State
    after: State
    result: Any = None

    @property
    def event_ids(self) -> set[int]:
        """Events whose own row or annotations changed (for a cheap refresh)."""
        ids = {pk for pk in self.after.get("events", {})}
        for table in ("event_tags", "notes"):
            for state in (self.before, self.after):
                ids.update(r["event_id"] for r in state.get(table, {}).values() if r)
        return ids

    @property
    def annotation_only(self) -> bool:
        """Only stars, review states, tags, notes or event fields changed; none was created
        or deleted, so the viewer need not reload every row."""
        touched = {t for t, rows in self.after.items() if rows}
        if not touched <= ANNOTATION_TABLES:
            return False
        events_b, events_a = self.before.get("events", {}), self.after.get("events", {})
        return all((events_b.get(k) is None) == (events_a.get(k) is None) for k in events_a)

    @property
    def empty(self) -> bool:
        return self.before == self.after

    def touches(self, table: str) -> bool:
        """Whether the write changed a row of ``table``."""
        return bool(self.before.get(table) or self.after.get(table))


class Recorder:
    """Watches rows in one session and turns the write between ``watch`` and ``finish`` into
    a ``Change``."""

    def __init__(self, session: Session) -> None:
        self.s = session
        self._pks: dict[str, set[int]] = {}
        self._conds: dict[str, list[ColumnElement[bool]]] = {}
        self._before: State = {}

    def watch(self, table: str, pks: Iterable[int] = (), where: ColumnElement[bool] | None = None):
        self.s.flush()
        self._pks.setdefault(table, set()).update(pks)
        if where is not None:
            self._conds.setdefault(table, []).append(where)
        rows = self._read(table)
        got = self._before.setdefault(table, {})
        for pk, row in rows.items():
            got.setdefault(pk, row)
        for pk in self._pks[table]:
            got.setdefault(pk, None)
        return self

    def _read(self, table: str) -> dict[int, dict[str, Any]]:
        t = TABLES[table]
        conds: list[ColumnElement[bool]] = list(self._conds.get(table, []))
        if self._pks.get(table):
            conds.append(t.c.id.in_(self._pks[table]))
        if not conds:
            return {}
        return {r["id"]: dict(r) for r in self.s.execute(select(t).where(or_(*conds))).mappings()}

    def finish(self, result: Any = None) -> Change:
        self.s.flush()
        before: State = {}
        after: State = {}
        for table in self._before:
            # Rows watched by a condition may no longer match it (a regrouped stance): read
            # them again by id as well.
            self._pks[table] |= {k for k, row in self._before[table].items() if row}
            now = self._read(table)
            keys = set(self._before[table]) | set(now)
            b = {k: self._before[table].get(k) for k in keys}
            a = {k: now.get(k) for k in keys}
            changed = {k for k in keys if b[k] != a[k]}
            if changed:
                before[table] = {k: b[k] for k in changed}
                after[table] = {k: a[k] for k in changed}
        return Change(before, after, result)


def apply_state(project: Project, state: State) -> None:
    """Make the rows named in ``state`` look exactly like it.

    Order matters: missing rows are inserted first (parents before children), then existing
    rows updated, and only then are rows deleted (children first) — a row that moves to
    another parent must have moved before its old parent's delete cascades.  Writes therefore
    never delete and re-insert a row with the same unique key (they keep the row instead).
    """
    with project.session() as s:
        existing: dict[str, set[int]] = {}
        for table, rows in state.items():
            t = TABLES[table]
            existing[table] = set(s.scalars(select(t.c.id).where(t.c.id.in_(list(rows)))))
        affiliations: dict[int, int | None] = {}
        for table in TABLE_ORDER:
            t = TABLES[table]
            for pk, row in state.get(table, {}).items():
                if row is None or pk in existing[table]:
                    continue
                values = dict(row)
                if table == "actors":  # may point at an actor inserted later in this loop
                    affiliations[pk] = values.pop("affiliation_id")
                s.execute(insert(t).values(**values))
        for table in TABLE_ORDER:
            t = TABLES[table]
            for pk, row in state.get(table, {}).items():
                if row is not None and pk in existing[table]:
                    s.execute(update(t).where(t.c.id == pk).values(**row))
        actors = TABLES["actors"]
        for pk, affiliation in affiliations.items():
            s.execute(update(actors).where(actors.c.id == pk).values(affiliation_id=affiliation))
        for table in reversed(TABLE_ORDER):
            rows = state.get(table, {})
            gone = [pk for pk, row in rows.items() if row is None and pk in existing[table]]
            if gone:
                s.execute(delete(TABLES[table]).where(TABLES[table].c.id.in_(gone)))


def undo(project: Project, change: Change) -> None:
    apply_state(project, change.before)


def redo(project: Project, change: Change) -> None:
    apply_state(project, change.after)


# ---------------------------------------------------------------------- scopes
def _event_scope(rec: Recorder, ids: Iterable[int]) -> Recorder:
    ids = list(ids)
    rec.watch("events", ids)
    for table in ("evidence", "event_actors", "event_things", "event_tags", "notes"):
        rec.watch(table, where=TABLES[table].c.event_id.in_(ids))
    rec.watch("stances", where=m.Stance.__table__.c.event_id.in_(ids))
    return rec


def _actor_scope(rec: Recorder, ids: Iterable[int]) -> Recorder:
    ids = list(ids)
    a = TABLES["actors"]
    rec.watch("actors", ids, where=a.c.affiliation_id.in_(ids))
    rec.watch("actor_aliases", where=TABLES["actor_aliases"].c.actor_id.in_(ids))
    rec.watch("event_actors", where=TABLES["event_actors"].c.actor_id.in_(ids))
    rec.watch("mentions", where=TABLES["mentions"].c.actor_id.in_(ids))
    rec.watch("stances", where=TABLES["stances"].c.holder_id.in_(ids))
    return rec


def _event(s: Session, event_id: int) -> m.Event:
    event = s.get(m.Event, event_id)
    if event is None:
        raise KeyError(f"no event {event_id}")
    return event


def _actor(s: Session, actor_id: int) -> m.Actor:
    actor = s.get(m.Actor, actor_id)
    if actor is None:
        raise KeyError(f"no actor {actor_id}")
    return actor


def _claim(s: Session, rec: Recorder, ids: Sequence[int], expected: Versions) -> None:
    """Optimistic concurrency for a write on events (call it before the write): raise
    ``db.sync.ConflictError`` if another writer changed one of them since the caller read
    its version, and advance every version, so a concurrent editor is told in turn."""
    rec.watch("events", ids)
    expected = expected or {}
    unchecked = [i for i in ids if expected.get(i) is None]
    for i in ids:
        claim_event(s, i, expected.get(i))  # checks and advances in one UPDATE
    if unchecked:
        s.execute(update(m.Event).where(m.Event.id.in_(unchecked)).values(updated_at=m.utcnow()))


def _clean_tags(tags: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(t.strip() for t in tags if t and t.strip()))


# ---------------------------------------------------------------------- annotations (bulk)
def set_star(
    project: Project, event_ids: Iterable[int], starred: bool, expected_versions: Versions = None
) -> Change:
    ids = list(event_ids)
    with project.session() as s:
        rec = Recorder(s)
        _claim(s, rec, ids, expected_versions)
        s.execute(update(m.Event).where(m.Event.id.in_(ids)).values(starred=bool(starred)))
        return rec.finish()


def set_review(
    project: Project, event_ids: Iterable[int], review: str, expected_versions: Versions = None
) -> Change:
    if review not in m.REVIEW_STATES:
        raise ValueError(f"review state must be one of {m.REVIEW_STATES}, not {review!r}")
    ids = list(event_ids)
    with project.session() as s:
        rec = Recorder(s)
        _claim(s, rec, ids, expected_versions)
        s.execute(update(m.Event).where(m.Event.id.in_(ids)).values(review=review))
        return rec.finish()


def add_tags(
    project: Project,
    event_ids: Iterable[int],
    tags: Iterable[str],
    expected_versions: Versions = None,
) -> Change:
    ids, names = list(event_ids), _clean_tags(tags)
    et = TABLES["event_tags"]
    with project.session() as s:
        rec = Recorder(s).watch("event_tags", where=et.c.event_id.in_(ids))
        _claim(s, rec, ids, expected_versions)
        rec.watch("tags", where=m.Tag.__table__.c.name.in_(names))
        for name in names:
            tag_id = _tag_id(s, name)
            have = set(s.scalars(select(et.c.event_id).where(et.c.tag_id == tag_id)))
            s.add_all(m.EventTag(event_id=i, tag_id=tag_id) for i in ids if i not in have)
        return rec.finish()


def remove_tags(project: Project, event_ids: Iterable[int], tags: Iterable[str]) -> Change:
    ids, names = list(event_ids), _clean_tags(tags)
    et = TABLES["event_tags"]
    with project.session() as s:
        rec = Recorder(s).watch("event_tags", where=et.c.event_id.in_(ids))
        tag_ids = select(m.Tag.id).where(m.Tag.name.in_(names))
        s.execute(delete(et).where(et.c.event_id.in_(ids), et.c.tag_id.in_(tag_ids)))
        return rec.finish()


def set_tags(
    project: Project,
    event_id: int,
    tags: Iterable[str],
    expected_version: datetime | None = None,
) -> Change:
    """Replace one event's tags (new names are created; unused tags keep their colour)."""
    names = _clean_tags(tags)
    et = TABLES["event_tags"]
    with project.session() as s:
        _event(s, event_id)
        rec = Recorder(s).watch("event_tags", where=et.c.event_id == event_id)
        _claim(s, rec, [event_id], {event_id: expected_version})
        rec.watch("tags", where=m.Tag.__table__.c.name.in_(names))
        ids = [_tag_id(s, n) for n in names]
        have = set(s.scalars(select(et.c.tag_id).where(et.c.event_id == event_id)))
        s.execute(delete(et).where(et.c.event_id == event_id, et.c.tag_id.not_in(ids)))
        s.add_all(m.EventTag(event_id=event_id, tag_id=t) for t in ids if t not in have)
        return rec.finish()


def set_tag_colour(project: Project, name: str, colour: str) -> Change:
    with project.session() as s:
        rec = Recorder(s).watch("tags", where=m.Tag.__table__.c.name == name)
        _tag_id(s, name)
        s.execute(update(m.Tag).where(m.Tag.name == name).values(colour=colour))
        return rec.finish()


def tag_colours(project: Project) -> dict[str, str]:
    with project.reading() as s:
        return {n: c for n, c in s.execute(select(m.Tag.name, m.Tag.colour))}


def add_note(
    project: Project,
    event_ids: Iterable[int],
    text: str,
    author: str = "",
    expected_versions: Versions = None,
) -> Change:
    """The same note on every event; ``result`` is the new note ids."""
    ids = list(event_ids)
    with project.session() as s:
        rec = Recorder(s).watch("notes", where=m.Note.__table__.c.event_id.in_(ids))
        _claim(s, rec, ids, expected_versions)
        notes = [m.Note(event_id=i, text=text, author=author) for i in ids]
        s.add_all(notes)
        s.flush()
        return rec.finish([n.id for n in notes])


def delete_note(project: Project, note_id: int) -> Change:
    with project.session() as s:
        rec = Recorder(s).watch("notes", [note_id])
        s.execute(delete(m.Note).where(m.Note.id == note_id))
        return rec.finish()


# ---------------------------------------------------------------------- events
@dataclass(frozen=True)
class EventEdit:
    """What the event editor changes; None leaves a field as it is."""

    summary: str | None = None
    event_type: str | None = None
    date: DateSpan | None = None
    clear_date: bool = False  # make the event undated (``date`` None alone means "unchanged")
    qualifier: str | None = None  # one of DATE_QUALIFIERS
    actors: Sequence[tuple[int, str]] | None = None  # (actor id, role), in order
    things: Sequence[str] | None = None  # thing names (new ones are created)


def date_qualifier(approximate: bool, note: str) -> str:
    if note in ("before", "after"):
        return note
    return "about" if approximate else ""


def edit_event(
    project: Project, event_id: int, edit: EventEdit, expected_version: datetime | None = None
) -> Change:
    with project.session() as s:
        rec = _event_scope(Recorder(s), [event_id])
        _claim(s, rec, [event_id], {event_id: expected_version})
        if edit.things is not None:
            rec.watch("things", where=m.Thing.__table__.c.name.in_(list(edit.things)))
        event = _event(s, event_id)
        if edit.summary is not None:
            event.summary = edit.summary.strip()
        if edit.event_type is not None:
            event.event_type = edit.event_type
        if edit.date is not None or edit.clear_date:
            for key, value in date_fields(None if edit.clear_date else edit.date).items():
                setattr(event, key, value)
            event.date_locked = True  # re-resolution must keep the analyst's date
        if edit.qualifier is not None:
            if edit.qualifier not in DATE_QUALIFIERS:
                raise ValueError(f"qualifier must be one of {DATE_QUALIFIERS}")
            event.approximate = edit.qualifier == "about"
            if edit.qualifier in ("before", "after"):
                event.date_note = edit.qualifier
            elif event.date_note in ("before", "after"):
                event.date_note = ""
            event.date_locked = True
        # Links that stay keep their rows (see apply_state): only the difference is written.
        if edit.actors is not None:
            wanted = list(dict.fromkeys(edit.actors))
            links = s.scalars(select(m.EventActor).where(m.EventActor.event_id == event_id))
            have = {(link.actor_id, link.role): link for link in links}
            for key, link in have.items():
                if key not in wanted:
                    s.delete(link)
            s.flush()
            s.add_all(
                m.EventActor(event_id=event_id, actor_id=a, role=r)
                for a, r in wanted
                if (a, r) not in have
            )
        if edit.things is not None:
            ids = list(dict.fromkeys(_thing_id(s, n) for n in edit.things if n.strip()))
            et = m.EventThing
            have_things = set(s.scalars(select(et.thing_id).where(et.event_id == event_id)))
            s.execute(delete(et).where(et.event_id == event_id, et.thing_id.not_in(ids)))
            s.add_all(et(event_id=event_id, thing_id=t) for t in ids if t not in have_things)
        event.updated_at = m.utcnow()
        return rec.finish()


def delete_events(project: Project, event_ids: Iterable[int]) -> Change:
    """Delete events with their evidence links, notes and tags (sources are kept)."""
    ids = list(event_ids)
    with project.session() as s:
        rec = _event_scope(Recorder(s), ids)
        s.execute(delete(m.Event).where(m.Event.id.in_(ids)))
        return rec.finish()


def create_event(
    project: Project,
    source_id: int,
    start: int,
    end: int,
    summary: str,
    date: DateSpan | None = None,
    event_type: str = "other",
    actors: Sequence[tuple[int, str]] = (),
    things: Sequence[str] = (),
    review: str = "confirmed",
) -> Change:
    """An event the analyst read in a source passage; ``result`` is its id.  It is confirmed
    (a person made it) and its date is locked."""
    with project.session() as s:
        if s.get(m.Source, source_id) is None:
            raise KeyError(f"no source {source_id}")
        rec = Recorder(s)
        rec.watch("things", where=m.Thing.__table__.c.name.in_(list(things)))
        event = m.Event(
            summary=summary.strip(), event_type=event_type, review=review, **date_fields(date)
        )
        event.date_locked = date is not None
        s.add(event)
        s.flush()
        _event_scope(rec, [event.id])
        s.add(m.Evidence(event_id=event.id, source_id=source_id, start=start, end=end))
        s.add_all(
            m.EventActor(event_id=event.id, actor_id=a, role=r) for a, r in dict.fromkeys(actors)
        )
        s.add_all(
            m.EventThing(event_id=event.id, thing_id=t)
            for t in dict.fromkeys(_thing_id(s, n) for n in things if n.strip())
        )
        change = rec.finish(event.id)
    # The event row was created before it was watched: its "before" is absence.
    change.before.setdefault("events", {})[event.id] = None
    change.after.setdefault("events", {})[event.id] = _row(project, "events", event.id)
    return change


def _row(project: Project, table: str, pk: int) -> dict[str, Any] | None:
    t = TABLES[table]
    with project.session() as s:
        row = s.execute(select(t).where(t.c.id == pk)).mappings().first()
        return dict(row) if row else None


def merge_events(project: Project, keep_id: int, other_ids: Iterable[int]) -> Change:
    """Two reports of one event: the others' evidence, actors, things, tags, notes and stances
    move to ``keep_id``; the others are deleted.  The kept event's summary and date stay."""
    others = [i for i in dict.fromkeys(other_ids) if i != keep_id]
    with project.session() as s:
        rec = _event_scope(Recorder(s), [keep_id, *others])
        keep = _event(s, keep_id)
        have_roles = set(
            s.execute(
                select(m.EventActor.actor_id, m.EventActor.role).where(
                    m.EventActor.event_id == keep_id
                )
            )
        )
        have_things = set(
            s.scalars(select(m.EventThing.thing_id).where(m.EventThing.event_id == keep_id))
        )
        have_tags = set(s.scalars(select(m.EventTag.tag_id).where(m.EventTag.event_id == keep_id)))
        for other_id in others:
            other = _event(s, other_id)
            keep.starred = keep.starred or other.starred
            for link in s.scalars(select(m.EventActor).where(m.EventActor.event_id == other_id)):
                if (link.actor_id, link.role) not in have_roles:
                    have_roles.add((link.actor_id, link.role))
                    s.add(m.EventActor(event_id=keep_id, actor_id=link.actor_id, role=link.role))
            for thing_id in s.scalars(
                select(m.EventThing.thing_id).where(m.EventThing.event_id == other_id)
            ):
                if thing_id not in have_things:
                    have_things.add(thing_id)
                    s.add(m.EventThing(event_id=keep_id, thing_id=thing_id))
            for tag_id in s.scalars(
                select(m.EventTag.tag_id).where(m.EventTag.event_id == other_id)
            ):
                if tag_id not in have_tags:
                    have_tags.add(tag_id)
                    s.add(m.EventTag(event_id=keep_id, tag_id=tag_id))
            for table in (m.Evidence, m.Note, m.Stance):
                s.execute(update(table).where(table.event_id == other_id).values(event_id=keep_id))
            s.flush()
            s.execute(delete(m.Event).where(m.Event.id == other_id))
        keep.updated_at = m.utcnow()
        return rec.finish(keep_id)


def split_event(project: Project, event_id: int, evidence_ids: Iterable[int]) -> Change:
    """A merged event that is really two: the given evidence rows (and stances quoted from
    them) move to a new event that copies the summary, date, type, actors and things.
    ``result`` is the new event's id."""
    moved = list(evidence_ids)
    with project.session() as s:
        rec = _event_scope(Recorder(s), [event_id])
        old = _event(s, event_id)
        evidence = list(
            s.scalars(
                select(m.Evidence).where(m.Evidence.id.in_(moved), m.Evidence.event_id == event_id)
            )
        )
        total = s.scalar(select(m.Evidence.id).where(m.Evidence.event_id == event_id).limit(2))
        if not evidence or total is None:
            raise ValueError("choose the evidence (sources) that report the other event")
        left = s.scalars(
            select(m.Evidence.id).where(
                m.Evidence.event_id == event_id, m.Evidence.id.not_in(moved)
            )
        ).first()
        if left is None:
            raise ValueError("at least one source must stay with the original event")
        new = m.Event(
            summary=old.summary,
            event_type=old.event_type,
            date_value=old.date_value,
            earliest=old.earliest,
            latest=old.latest,
            precision=old.precision,
            approximate=old.approximate,
            date_note=old.date_note,
            date_locked=old.date_locked,
            # A part of the old event, so its creation time: its version (now) then marks
            # both as a person's correction, which a re-read keeps (services.reread).
            created_at=old.created_at,
        )
        old.updated_at = m.utcnow()
        s.add(new)
        s.flush()
        _event_scope(rec, [new.id])
        for link in s.scalars(select(m.EventActor).where(m.EventActor.event_id == event_id)):
            s.add(m.EventActor(event_id=new.id, actor_id=link.actor_id, role=link.role))
        for thing_id in s.scalars(
            select(m.EventThing.thing_id).where(m.EventThing.event_id == event_id)
        ):
            s.add(m.EventThing(event_id=new.id, thing_id=thing_id))
        for ev in evidence:
            ev.event_id = new.id
            s.execute(
                update(m.Stance)
                .where(
                    m.Stance.event_id == event_id,
                    m.Stance.source_id == ev.source_id,
                    m.Stance.start >= ev.start,
                    m.Stance.end <= ev.end,
                )
                .values(event_id=new.id)
            )
        new_id = new.id
        change = rec.finish(new_id)
    change.before.setdefault("events", {})[new_id] = None
    change.after.setdefault("events", {})[new_id] = _row(project, "events", new_id)
    return change


# ---------------------------------------------------------------------- stances
def create_stance(
    project: Project,
    source_id: int,
    start: int,
    end: int,
    holder_id: int,
    polarity: str,
    target: str,
    target_key: str = "",
    date: DateSpan | None = None,
    event_id: int | None = None,
) -> Change:
    if polarity not in m.POLARITY_VALUES:
        raise ValueError(f"polarity must be one of {m.POLARITY_VALUES}")
    with project.session() as s:
        rec = Recorder(s)
        dates = date_fields(date)
        stance = m.Stance(
            holder_id=holder_id,
            polarity=polarity,
            target=target.strip(),
            target_key=target_key or target_key_for(target),
            source_id=source_id,
            start=start,
            end=end,
            event_id=event_id,
            date_value=dates["date_value"],
            earliest=dates["earliest"],
            latest=dates["latest"],
        )
        s.add(stance)
        s.flush()
        rec.watch("stances", [stance.id])
        stance_id = stance.id
        change = rec.finish(stance_id)
    change.before.setdefault("stances", {})[stance_id] = None
    change.after.setdefault("stances", {})[stance_id] = _row(project, "stances", stance_id)
    return change


def target_key_for(target: str) -> str:
    """A grouping key for a typed issue: lower case, words joined by hyphens."""
    words = "".join(ch if ch.isalnum() else " " for ch in target.casefold()).split()
    return "-".join(words) or "issue"


def edit_stance(
    project: Project,
    stance_id: int,
    polarity: str | None = None,
    holder_id: int | None = None,
    target: str | None = None,
    target_key: str | None = None,
) -> Change:
    values: dict[str, Any] = {}
    if polarity is not None:
        if polarity not in m.POLARITY_VALUES:
            raise ValueError(f"polarity must be one of {m.POLARITY_VALUES}")
        values["polarity"] = polarity
    if holder_id is not None:
        values["holder_id"] = holder_id
    if target is not None:
        values["target"] = target.strip()
        values["target_key"] = target_key or target_key_for(target)
    elif target_key is not None:
        values["target_key"] = target_key
    with project.session() as s:
        rec = Recorder(s).watch("stances", [stance_id])
        if values:
            s.execute(update(m.Stance).where(m.Stance.id == stance_id).values(**values))
        return rec.finish()


def delete_stance(project: Project, stance_id: int) -> Change:
    with project.session() as s:
        rec = Recorder(s).watch("stances", [stance_id])
        s.execute(delete(m.Stance).where(m.Stance.id == stance_id))
        return rec.finish()


def group_targets(project: Project, keep_key: str, other_keys: Iterable[str]) -> Change:
    """Treat several issues as one: their stances take ``keep_key`` (undo separates them)."""
    keys = [k for k in other_keys if k != keep_key]
    st = TABLES["stances"]
    with project.session() as s:
        rec = Recorder(s).watch("stances", where=st.c.target_key.in_(keys))
        s.execute(update(st).where(st.c.target_key.in_(keys)).values(target_key=keep_key))
        return rec.finish()


# ---------------------------------------------------------------------- actors
def create_actor(project: Project, name: str, kind: str = "unknown") -> Change:
    name = name.strip()
    if not name:
        raise ValueError("an actor needs a name")
    with project.session() as s:
        if s.scalar(select(m.Actor.id).where(m.Actor.name == name)) is not None:
            raise ValueError(f"there is already an actor called {name}")
        actor = m.Actor(name=name, kind=kind)
        s.add(actor)
        s.flush()
        actor_id = actor.id
    row = _row(project, "actors", actor_id)
    return Change({"actors": {actor_id: None}}, {"actors": {actor_id: row}}, actor_id)


def update_actor(
    project: Project,
    actor_id: int,
    name: str | None = None,
    kind: str | None = None,
    colour: str | None = None,
    affiliation_id: int | str | None = "unchanged",
) -> Change:
    """Rename, set kind, colour or affiliation (``affiliation_id=None`` removes it).  The old
    name stays an alias, so future imports still find the actor."""
    with project.session() as s:
        rec = Recorder(s).watch("actors", [actor_id])
        rec.watch("actor_aliases", where=TABLES["actor_aliases"].c.actor_id == actor_id)
        actor = _actor(s, actor_id)
        if name is not None and name.strip() and name.strip() != actor.name:
            new = name.strip()
            clash = s.scalar(select(m.Actor.id).where(m.Actor.name == new))
            if clash is not None:
                raise ValueError(f"there is already an actor called {new}; merge them instead")
            aliases = set(
                s.scalars(select(m.ActorAlias.alias).where(m.ActorAlias.actor_id == actor_id))
            )
            if actor.name not in aliases:
                s.add(m.ActorAlias(actor_id=actor_id, alias=actor.name))
            s.execute(
                delete(m.ActorAlias).where(
                    m.ActorAlias.actor_id == actor_id, m.ActorAlias.alias == new
                )
            )
            rec.watch("mentions", where=TABLES["mentions"].c.actor_id == actor_id)
            actor.name = new
            s.execute(update(m.Mention).where(m.Mention.actor_id == actor_id).values(label=new))
        if kind is not None:
            actor.kind = kind
        if colour is not None:
            actor.colour = colour
        if affiliation_id != "unchanged":
            if affiliation_id == actor_id:
                raise ValueError("an actor cannot be affiliated with itself")
            actor.affiliation_id = affiliation_id  # type: ignore[assignment]
        return rec.finish()


def merge_actors(project: Project, keep_id: int, other_ids: Iterable[int]) -> Change:
    """The others are the same actor as ``keep_id``: every event link, mention, stance and
    affiliation follows, their names become aliases, and they are deleted."""
    others = [i for i in dict.fromkeys(other_ids) if i != keep_id]
    with project.session() as s:
        rec = _actor_scope(Recorder(s), [keep_id, *others])
        keep = _actor(s, keep_id)
        aliases = set(s.scalars(select(m.ActorAlias.alias).where(m.ActorAlias.actor_id == keep_id)))
        for other_id in others:
            other = _actor(s, other_id)
            for alias in [
                other.name,
                *s.scalars(select(m.ActorAlias.alias).where(m.ActorAlias.actor_id == other_id)),
            ]:
                if alias != keep.name and alias not in aliases:
                    aliases.add(alias)
                    s.add(m.ActorAlias(actor_id=keep_id, alias=alias))
            have = set(
                s.execute(
                    select(m.EventActor.event_id, m.EventActor.role).where(
                        m.EventActor.actor_id == keep_id
                    )
                )
            )
            for link in s.scalars(select(m.EventActor).where(m.EventActor.actor_id == other_id)):
                if (link.event_id, link.role) in have:
                    s.delete(link)
                else:
                    have.add((link.event_id, link.role))
                    link.actor_id = keep_id
            s.execute(
                update(m.Mention)
                .where(m.Mention.actor_id == other_id)
                .values(actor_id=keep_id, label=keep.name)
            )
            s.execute(
                update(m.Stance).where(m.Stance.holder_id == other_id).values(holder_id=keep_id)
            )
            s.execute(
                update(m.Actor)
                .where(m.Actor.affiliation_id == other_id, m.Actor.id != keep_id)
                .values(affiliation_id=keep_id)
            )
            if keep.affiliation_id == other_id:
                keep.affiliation_id = (
                    other.affiliation_id if other.affiliation_id != keep_id else None
                )
            for field_name in ("colour", "title"):
                if not getattr(keep, field_name) and getattr(other, field_name):
                    setattr(keep, field_name, getattr(other, field_name))
            if keep.kind == "unknown":
                keep.kind = other.kind
            s.flush()
            s.execute(delete(m.Actor).where(m.Actor.id == other_id))
        return rec.finish(keep_id)


def split_alias(project: Project, actor_id: int, alias: str, kind: str | None = None) -> Change:
    """An alias that is really somebody else (e.g. "Ankara" the city, not the government):
    it becomes its own actor, its mentions follow, and so do the event links of events whose
    evidence names only the alias.  ``result`` is the new actor's id."""
    with project.session() as s:
        old = _actor(s, actor_id)
        if s.scalar(select(m.Actor.id).where(m.Actor.name == alias)) is not None:
            raise ValueError(f"there is already an actor called {alias}")
        rec = _actor_scope(Recorder(s), [actor_id])
        new = m.Actor(name=alias, kind=kind or old.kind)
        s.add(new)
        s.flush()
        _actor_scope(rec, [new.id])
        s.execute(
            delete(m.ActorAlias).where(
                m.ActorAlias.actor_id == actor_id, m.ActorAlias.alias == alias
            )
        )
        moved: list[tuple[int, int, int]] = []  # (source, start, end) of the alias mentions
        rows = s.execute(
            select(m.Mention, m.Source.text)
            .join(m.Source, m.Source.id == m.Mention.source_id)
            .where(m.Mention.actor_id == actor_id)
        ).all()
        kept: list[tuple[int, int]] = []
        for mention, text in rows:
            if text[mention.start : mention.end] == alias:
                mention.actor_id = new.id
                mention.label = alias
                moved.append((mention.source_id, mention.start, mention.end))
            else:
                kept.append((mention.source_id, mention.start))
        for link in s.scalars(select(m.EventActor).where(m.EventActor.actor_id == actor_id)):
            spans = s.execute(
                select(m.Evidence.source_id, m.Evidence.start, m.Evidence.end).where(
                    m.Evidence.event_id == link.event_id
                )
            ).all()

            def inside(src: int, pos: int, spans: list = spans) -> bool:
                return any(sid == src and a <= pos < b for sid, a, b in spans)

            if any(inside(src, a) for src, a, _e in moved) and not any(
                inside(src, a) for src, a in kept
            ):
                link.actor_id = new.id
        new_id = new.id
        change = rec.finish(new_id)
    change.before.setdefault("actors", {})[new_id] = None
    change.after.setdefault("actors", {})[new_id] = _row(project, "actors", new_id)
    return change


def actor_aliases(project: Project, actor_id: int) -> list[str]:
    with project.reading() as s:
        return list(
            s.scalars(
                select(m.ActorAlias.alias)
                .where(m.ActorAlias.actor_id == actor_id)
                .order_by(m.ActorAlias.alias)
            )
        )


# ---------------------------------------------------------------------- saved views
@dataclass(frozen=True)
class SavedView:
    id: int
    name: str
    state: dict[str, Any] = field(default_factory=dict)


def save_view(project: Project, name: str, state: dict[str, Any]) -> Change:
    """Store a filter state under a name (replacing one of the same name)."""
    name = name.strip()
    if not name:
        raise ValueError("a saved view needs a name")
    payload = json.dumps(state, sort_keys=True, default=_json_default)
    sv = TABLES["saved_views"]
    with project.session() as s:
        rec = Recorder(s).watch("saved_views", where=sv.c.name == name)
        view = s.scalar(select(m.SavedView).where(m.SavedView.name == name))
        if view is None:
            view = m.SavedView(name=name, state=payload)
            s.add(view)
        else:
            view.state = payload
        s.flush()
        return rec.finish(view.id)


def delete_view(project: Project, name: str) -> Change:
    sv = TABLES["saved_views"]
    with project.session() as s:
        rec = Recorder(s).watch("saved_views", where=sv.c.name == name)
        s.execute(delete(sv).where(sv.c.name == name))
        return rec.finish()


def saved_views(project: Project) -> list[SavedView]:
    with project.reading() as s:
        return [
            SavedView(i, n, json.loads(st or "{}"))
            for i, n, st in s.execute(
                select(m.SavedView.id, m.SavedView.name, m.SavedView.state).order_by(
                    m.SavedView.name
                )
            )
        ]


def _json_default(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


# ---------------------------------------------------------------------- sources
def redate(project: Project, source_id: int, published: date | None, reading: Extraction) -> Change:
    """Store a source's corrected publication date and the dates ``reading`` (the article
    read again with that date) resolves, as one undoable change.  Only that source's rows
    and the events it reports are watched (``db.annotations.redate_source``)."""
    ev = TABLES["evidence"]
    with project.session() as s:
        event_ids = list(s.scalars(select(ev.c.event_id).where(ev.c.source_id == source_id)))
        rec = Recorder(s).watch("sources", [source_id])
        rec.watch("events", event_ids)
        rec.watch("evidence", where=ev.c.source_id == source_id)
        rec.watch("stances", where=TABLES["stances"].c.source_id == source_id)
        mn = TABLES["mentions"]
        rec.watch("mentions", where=(mn.c.source_id == source_id) & (mn.c.kind == "timex"))
        redate_source(s, source_id, published, reading)
        return rec.finish()


def set_published(project: Project, source_id: int, published: date | None) -> Change:
    """``redate`` with the article read here.  Kept for ``viewer/sourcepane.py``: new callers
    use ``services.redate.set_published`` (it reads with the project's dictionary, before the
    write transaction)."""
    return redate(project, source_id, published, read_again(project, source_id, published))


# ---------------------------------------------------------------------- reads for the editors
def event_evidence(project: Project, event_id: int) -> list[tuple[int, str, str]]:
    """(evidence id, outlet or title, quoted sentence) for each report of an event."""
    with project.reading() as s:
        rows = s.execute(
            select(
                m.Evidence.id,
                m.Source.outlet,
                m.Source.title,
                m.Source.text,
                m.Evidence.start,
                m.Evidence.end,
            )
            .join(m.Source, m.Source.id == m.Evidence.source_id)
            .where(m.Evidence.event_id == event_id)
            .order_by(m.Evidence.id)
        ).all()
    return [
        (i, outlet or title, " ".join(text[a:b].split())) for i, outlet, title, text, a, b in rows
    ]


def event_date(project: Project, event_id: int) -> tuple[DateSpan | None, str]:
    """An event's stored date and its qualifier ("", "about", "before", "after")."""
    with project.reading() as s:
        ev = _event(s, event_id)
        span = (
            DateSpan(ev.date_value, ev.earliest, ev.latest, ev.precision or "day", ev.approximate)
            if ev.date_value
            else None
        )
        return span, date_qualifier(ev.approximate, ev.date_note)
