"""Storing what ``ingest`` extracted: one transaction per article, duplicates skipped, events
that other sources already reported merged into the stored event (one evidence row per source).

Reading files and calling the extraction is the application's (``services.importing``);
``import_article`` stores one article's ``Extraction``.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db import models as m
from db.dates import DateFields, date_fields, merged_date
from db.project import Project
from ingest.records import Article, DateSpan, Extraction, Span
from ingest.records import Event as IngestEvent
from ingest.records import EventActor as IngestEventActor

log = logging.getLogger(__name__)

# Stored events compared with one new event, at most: the ones sharing most actors, newest first.
MAX_MERGE_CANDIDATES = 200

# The words of a stored event's merge key come from its evidence sentence, which never changes:
# reading them again for every candidate of every new event was most of an import's time
# (7 of 18 s for 120 TempEval texts).  Kept per (database, source, span, event type), bounded.
_SENTENCE_WORDS: OrderedDict[tuple, object] = OrderedDict()
MAX_CACHED_SENTENCES = 20_000


def _cached_words(key: tuple) -> object | None:
    words = _SENTENCE_WORDS.get(key)
    if words is not None:
        _SENTENCE_WORDS.move_to_end(key)
    return words


def _remember_words(key: tuple, words: object) -> None:
    _SENTENCE_WORDS[key] = words
    if len(_SENTENCE_WORDS) > MAX_CACHED_SENTENCES:
        _SENTENCE_WORDS.popitem(last=False)


@dataclass
class ImportOutcome:
    source_id: int  # the new source, or the stored one when duplicate
    duplicate: bool = False
    events_created: int = 0
    events_merged: int = 0  # new reports of events other sources had already given
    stances: int = 0


@dataclass
class ImportReport:
    imported: list[tuple[Path, int]] = field(default_factory=list)  # (file, source id)
    duplicates: list[tuple[Path, int]] = field(default_factory=list)  # (file, existing id)
    failed: list[tuple[Path, str]] = field(default_factory=list)  # (file, reason for the user)
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed and not self.cancelled


def content_hash(text: str) -> str:
    """The reader's hash (whitespace-insensitive), so every layer agrees on "same article"."""
    from ingest.reader import content_hash as reader_hash  # lazy: the reader loads trafilatura

    return reader_hash(text)


def import_article(project: Project, article: Article, extraction: Extraction) -> ImportOutcome:
    """Store one article and everything extracted from it, atomically."""
    digest = content_hash(article.text)
    try:
        with project.session() as session:
            existing = _source_by_hash(session, digest)
            if existing is not None:
                return ImportOutcome(existing, duplicate=True)
            return _ArticleImport(session, article, extraction, digest).run()
    except IntegrityError:
        # Another writer (a second window, a teammate) stored the same text meanwhile.
        with project.session() as session:
            existing = _source_by_hash(session, digest)
        if existing is None:
            raise
        return ImportOutcome(existing, duplicate=True)


def fallback_title(article: Article) -> str:
    """A name for an article that states no title, so that lists and exports can tell the
    sources apart: the file's name, or the start of pasted text."""
    if article.origin and article.origin != "pasted":
        return Path(article.origin).stem
    first = article.text.strip().split("\n", 1)[0]
    return first if len(first) <= 80 else first[:79].rsplit(" ", 1)[0] + "…"


def _source_by_hash(session: Session, digest: str) -> int | None:
    return session.scalar(select(m.Source.id).where(m.Source.content_hash == digest))


class _ArticleImport:
    """The writes for one article, inside one session (one transaction)."""

    def __init__(
        self, session: Session, article: Article, extraction: Extraction, digest: str
    ) -> None:
        self.s = session
        self.article = article
        self.x = extraction
        self.digest = digest
        self.actor_ids: dict[str, int] = {}
        self.thing_ids: dict[str, int] = {}
        self.thing_kinds = {t.thing: t.kind for t in extraction.thing_mentions}
        self.event_ids: dict[str, int] = {}  # ingest id ("e3") → stored event id
        self.texts: dict[int, str] = {}  # source texts loaded for merge keys
        self.source_id = 0
        # A merge moved a stored event's date: the next candidate query must see it (the
        # queries run without autoflush, which flushed every event's rows one by one).
        self._dates_moved = False
        self._asked: set[str] = set()  # names looked up before the writes (_prefetch_actors)
        self._stored: dict[str, m.Actor] = {}
        self._aliases: dict[int, set[str]] = {}

    def run(self) -> ImportOutcome:
        a = self.article
        source = m.Source(
            title=a.title or fallback_title(a),
            outlet=a.outlet,
            url=a.url,
            origin=a.origin,
            fmt=a.fmt,
            encoding=a.encoding,
            published=a.published,
            published_known=a.published is not None,
            text=a.text,
            content_hash=self.digest,
        )
        self.s.add(source)
        self.s.flush()
        self.source_id = source.id
        self.texts[source.id] = a.text
        outcome = ImportOutcome(source.id)
        self._prefetch_actors()
        for name in self.x.actors:
            self.actor(name)
        self._mentions()
        for ev in self.x.events:
            if self._event(ev):
                outcome.events_merged += 1
            else:
                outcome.events_created += 1
        outcome.stances = self._stances()
        return outcome

    # ------------------------------------------------------------------ actors and things
    def _prefetch_actors(self) -> None:
        """The stored actors this article names, and their aliases, in two queries (one query
        per name, each flushing what was pending, was a large part of the writer's time)."""
        x = self.x
        names = set(x.actors) | {i.affiliation for i in x.actors.values() if i.affiliation}
        names |= {am.actor for am in x.actor_mentions} | {st.holder for st in x.stances}
        names |= {a.name for ev in x.events for a in ev.actors}
        self._asked = names
        if not names:
            return
        self._stored = {a.name: a for a in self.s.scalars(
            select(m.Actor).where(m.Actor.name.in_(names)))}  # fmt: skip
        ids = [a.id for a in self._stored.values()]
        for actor_id, alias in self.s.execute(select(m.ActorAlias.actor_id, m.ActorAlias.alias)
                                              .where(m.ActorAlias.actor_id.in_(ids))):
            self._aliases.setdefault(actor_id, set()).add(alias)

    def actor(self, name: str, kind_hint: str = "unknown") -> int:
        """Get or create by canonical name; fill only what the stored actor leaves blank."""
        if name in self.actor_ids:
            return self.actor_ids[name]
        info = self.x.actors.get(name)
        prefetched = name in self._asked
        actor = self._stored.get(name) if prefetched else self.s.scalar(
            select(m.Actor).where(m.Actor.name == name))
        if actor is None:
            actor = m.Actor(
                name=name,
                kind=info.kind if info else kind_hint,
                colour=info.colour if info else "",
                title=info.title if info else "",
            )
            self.s.add(actor)
            self.s.flush()
        elif info is not None:
            # The user may have set kind or colour: only fill them when still unset.
            if actor.kind == "unknown":
                actor.kind = info.kind
            if not actor.colour:
                actor.colour = info.colour
            if not actor.title:
                actor.title = info.title
        self.actor_ids[name] = actor.id  # before the affiliation, so cycles terminate
        if info is None:
            return actor.id
        if info.affiliation and info.affiliation != name and actor.affiliation_id is None:
            actor.affiliation_id = self.actor(info.affiliation)
        known = self._aliases.get(actor.id, set()) if prefetched else set(
            self.s.scalars(select(m.ActorAlias.alias).where(m.ActorAlias.actor_id == actor.id))
        )
        for alias in dict.fromkeys(info.aliases):
            if alias and alias != name and alias not in known:
                self.s.add(m.ActorAlias(actor_id=actor.id, alias=alias))
        return actor.id

    def thing(self, name: str) -> int:
        if name in self.thing_ids:
            return self.thing_ids[name]
        thing_id = self.s.scalar(select(m.Thing.id).where(m.Thing.name == name))
        if thing_id is None:
            thing = m.Thing(name=name, kind=self.thing_kinds.get(name, "thing"))
            self.s.add(thing)
            self.s.flush()
            thing_id = thing.id
        self.thing_ids[name] = thing_id
        return thing_id

    # ------------------------------------------------------------------ mentions
    def _mentions(self) -> None:
        sid = self.source_id
        rows = [timex_mention(sid, t.start, t.end, t.value) for t in self.x.timexes]
        rows += [
            m.Mention(
                source_id=sid,
                start=am.start,
                end=am.end,
                kind="actor",
                label=am.actor,
                actor_id=self.actor(am.actor, am.kind),
            )
            for am in self.x.actor_mentions
        ]
        rows += [
            m.Mention(
                source_id=sid,
                start=tm.start,
                end=tm.end,
                kind="thing",
                label=tm.thing,
                thing_id=self.thing(tm.thing),
            )
            for tm in self.x.thing_mentions
        ]
        self.s.add_all(rows)

    # ------------------------------------------------------------------ events
    def _event(self, ev: IngestEvent) -> bool:
        """Store one event, or add this source's evidence to a stored one; True if merged."""
        roles = list(dict.fromkeys((self.actor(a.name), a.role) for a in ev.actors))
        things = list(dict.fromkeys(self.thing(t) for t in ev.things))
        target = self._merge_target(ev, {actor_id for actor_id, _ in roles})
        if target is None:
            stored = m.Event(
                summary=ev.summary, event_type=ev.event_type, mode=ev.mode, **date_fields(ev.date)
            )
            self.s.add(stored)
            self.s.flush()
            event_id, have_roles, have_things = stored.id, set(), set()
        else:
            event_id = target
            stored = self.s.get_one(m.Event, event_id)
            if not stored.date_locked:
                better = merged_date(DateFields.of(stored), ev.date)
                if better is not None:
                    for key, value in better.items():
                        setattr(stored, key, value)
                    self._dates_moved = True
            have_roles = set(
                self.s.execute(
                    select(m.EventActor.actor_id, m.EventActor.role).where(
                        m.EventActor.event_id == event_id
                    )
                )
            )
            have_things = set(
                self.s.scalars(
                    select(m.EventThing.thing_id).where(m.EventThing.event_id == event_id)
                )
            )
        self.s.add_all(
            m.EventActor(event_id=event_id, actor_id=actor_id, role=role)
            for actor_id, role in roles
            if (actor_id, role) not in have_roles
        )
        self.s.add_all(
            m.EventThing(event_id=event_id, thing_id=thing_id)
            for thing_id in things
            if thing_id not in have_things
        )
        self.s.add(
            m.Evidence(event_id=event_id, source_id=self.source_id, **evidence_fields(ev))
        )
        self.event_ids[ev.id] = event_id
        return target is not None

    def _merge_target(self, ev: IngestEvent, actor_ids: set[int]) -> int | None:
        """A stored event from another source that ``ingest.merge`` calls the same event."""
        if not actor_ids:
            return None  # sharing an actor is the precondition for a merge
        if self._dates_moved:
            self.s.flush()
            self._dates_moved = False
        # What these reads depend on is flushed already (events, actors, things get their ids
        # at once; a moved date just above); this article's pending evidence is excluded by id.
        with self.s.no_autoflush:
            candidates = self._candidates(ev.date, actor_ids)
            if not candidates:
                return None
            from ingest.merge import EventKey, event_key, same_event

            new_key: EventKey = event_key(self.article.text, ev, str(self.source_id))
            for event_id, key in self._stored_keys(candidates, event_key):
                if same_event(key, new_key):
                    return event_id
        return None

    def _candidates(self, span: DateSpan | None, actor_ids: set[int]) -> list[int]:
        ea, e = m.EventActor, m.Event
        shared = func.count(ea.actor_id.distinct())
        stmt = (
            select(ea.event_id)
            .join(e, e.id == ea.event_id)
            .where(ea.actor_id.in_(actor_ids))
            # Events this article already reports (its evidence may not be flushed yet).
            .where(ea.event_id.not_in(set(self.event_ids.values())))
            .group_by(ea.event_id)
            .order_by(shared.desc(), ea.event_id.desc())
            .limit(MAX_MERGE_CANDIDATES)
        )
        if span is not None and span.earliest is not None and span.latest is not None:
            stmt = stmt.where(
                or_(
                    e.earliest.is_(None),
                    e.latest.is_(None),
                    and_(e.earliest <= span.latest, e.latest >= span.earliest),
                )
            )
        return list(self.s.scalars(stmt))

    def _stored_keys(self, event_ids: list[int], event_key: Callable) -> list[tuple[int, object]]:
        """Merge keys of stored events, from their first evidence sentence, actors, things."""
        s = self.s
        first = (
            select(func.min(m.Evidence.id))
            .where(m.Evidence.event_id.in_(event_ids))
            .group_by(m.Evidence.event_id)
        )
        evidence = {
            row.event_id: row
            for row in s.execute(
                select(
                    m.Evidence.event_id,
                    m.Evidence.source_id,
                    m.Evidence.start,
                    m.Evidence.end,
                    m.Evidence.local_id,
                ).where(m.Evidence.id.in_(first))
            )
        }
        where = str(s.get_bind().url)
        e = m.Event
        # plain rows, not ORM objects: 200 candidates for each new event add up
        rows = {
            r.id: r
            for r in s.execute(
                select(e.id, e.summary, e.event_type, e.date_value, e.earliest, e.latest,
                       e.precision, e.approximate, e.date_note).where(e.id.in_(event_ids))
            )
        }  # fmt: skip
        types = {event_id: r.event_type for event_id, r in rows.items()}
        known = {
            event_id: _cached_words((where, r.source_id, r.start, r.end, types.get(event_id)))
            for event_id, r in evidence.items()
        }
        missing = {
            r.source_id for event_id, r in evidence.items() if known[event_id] is None
        } - self.texts.keys()
        if missing:
            self.texts.update(
                s.execute(select(m.Source.id, m.Source.text).where(m.Source.id.in_(missing))).all()
            )
        actors: dict[int, list[IngestEventActor]] = {i: [] for i in event_ids}
        for event_id, name, role in s.execute(
            select(m.EventActor.event_id, m.Actor.name, m.EventActor.role)
            .join(m.Actor, m.Actor.id == m.EventActor.actor_id)
            .where(m.EventActor.event_id.in_(event_ids))
        ):
            actors[event_id].append(IngestEventActor(name, role))
        things: dict[int, list[str]] = {i: [] for i in event_ids}
        for event_id, name in s.execute(
            select(m.EventThing.event_id, m.Thing.name)
            .join(m.Thing, m.Thing.id == m.EventThing.thing_id)
            .where(m.EventThing.event_id.in_(event_ids))
        ):
            things[event_id].append(name)
        keys = []
        for event_id in event_ids:  # keep the candidates' order
            ev_row = evidence.get(event_id)
            stored = rows.get(event_id)
            if ev_row is None or stored is None:
                continue
            as_ingest = IngestEvent(
                id=ev_row.local_id,
                summary=stored.summary,
                evidence=Span(ev_row.start, ev_row.end),
                date=DateFields.of(stored).span(),
                event_type=stored.event_type,
                actors=actors[event_id],
                things=things[event_id],
            )
            words = known.get(event_id)
            if words is None:
                key = event_key(self.texts[ev_row.source_id], as_ingest, str(ev_row.source_id))
                _remember_words(
                    (where, ev_row.source_id, ev_row.start, ev_row.end, stored.event_type),
                    key.words,
                )
            else:  # everything but the sentence's words, built afresh from the stored event
                nothing = dataclasses.replace(as_ingest, evidence=Span(0, 0))
                key = dataclasses.replace(
                    event_key("", nothing, str(ev_row.source_id)), words=words
                )
            keys.append((event_id, key))
        return keys

    # ------------------------------------------------------------------ stances
    def _stances(self) -> int:
        rows = []
        for st in self.x.stances:
            event_id = self.event_ids.get(st.event_id) if st.event_id else None
            if event_id is None:
                event_id = self._event_containing(st.evidence)
            dates = date_fields(st.date)
            rows.append(
                m.Stance(
                    holder_id=self.actor(st.holder),
                    target=st.target,
                    target_key=st.target_key,
                    polarity=st.polarity,
                    source_id=self.source_id,
                    start=st.evidence.start,
                    end=st.evidence.end,
                    event_id=event_id,
                    date_value=dates["date_value"],
                    earliest=dates["earliest"],
                    latest=dates["latest"],
                    issue=st.issue,
                    speaker=st.attribution.speaker if st.attribution else "",
                    medium=st.attribution.medium if st.attribution else "",
                )
            )
        self.s.add_all(rows)
        return len(rows)

    def _event_containing(self, span: Span) -> int | None:
        for ev in self.x.events:
            if ev.evidence.start <= span.start and span.end <= ev.evidence.end:
                return self.event_ids.get(ev.id)
        return None


def evidence_fields(ev: IngestEvent) -> dict[str, Any]:
    """What one source's report of an event stores: where, its date expression, who said it."""
    return {
        "start": ev.evidence.start,
        "end": ev.evidence.end,
        "local_id": ev.id,
        "timex_start": ev.timex.start if ev.timex else None,
        "timex_end": ev.timex.end if ev.timex else None,
        "speaker": ev.attribution.speaker if ev.attribution else "",
        "medium": ev.attribution.medium if ev.attribution else "",
    }


def timex_mention(source_id: int, start: int, end: int, value: str) -> m.Mention:
    return m.Mention(
        source_id=source_id, start=start, end=end, kind="timex", label=value, value=value
    )
