"""Dictionary edits that re-read only the articles they can change.

An alias added or removed, or a dictionary file merged, changes how the articles that contain
one of those names read, and nothing else: ``db.dictionary.naming_sources`` finds them (with
the other reports of their events), and the undo record watches exactly their rows.  On the
README's 250,000-source project an alias re-reads the few articles that name it, not all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from db import dictionary
from db import models as m
from db.edits import TABLES, Change, Recorder
from db.project import Project
from ingest.gazetteer import Gazetteer
from ingest.records import Extraction
from services.lazyread import extract


def _scope(rec: Recorder, s: Session, names: Iterable[str]) -> Recorder:
    """Every row a relink of the sources naming ``names`` may touch: their actor mentions and
    stances, the actor links of the events they report, and actors created for new names.
    Conditions are subqueries, not id lists, so a common name cannot overflow a statement."""
    sources = dictionary.naming_sources(list(names))
    reported = select(m.Evidence.event_id).where(m.Evidence.source_id.in_(sources))
    last = s.scalar(select(func.max(m.Actor.id))) or 0
    mn, ea, st = TABLES["mentions"], TABLES["event_actors"], TABLES["stances"]
    actor_mentions: ColumnElement[bool] = (mn.c.kind == "actor") & mn.c.source_id.in_(sources)
    rec.watch("actors", where=TABLES["actors"].c.id > last)
    rec.watch("mentions", where=actor_mentions)
    rec.watch("event_actors", where=ea.c.event_id.in_(reported))
    rec.watch("stances", where=st.c.source_id.in_(sources))
    return rec


def read_here(
    items: Sequence[tuple[str, date | None]], gazetteer: Gazetteer
) -> Iterator[Extraction]:
    """The articles read in this process, one after the other (``dictionary.BatchReader``);
    the window passes ``services.readpool.ReadPool.read`` instead."""
    for text, published in items:
        yield extract(text, published, gazetteer)


def relink_names(
    s: Session,
    names: Iterable[str],
    gazetteer: Gazetteer | None = None,
    read: dictionary.BatchReader | None = None,
) -> dictionary.Relinked:
    """Re-read, inside the caller's session, the articles that contain one of ``names``."""
    return dictionary.relink_in_session(
        s, read or read_here, dictionary.sources_naming(s, names), gazetteer
    )


def relink_mentions(project: Project, gazetteer: Gazetteer | None = None) -> int:
    """Re-read every stored article with the project's dictionary (not undoable; for a
    dictionary changed outside Stanceline).  Returns the actor mentions now stored."""
    with project.session() as s:
        return dictionary.relink_in_session(s, read_here, None, gazetteer).mentions


def add_alias(
    project: Project, actor_id: int, alias: str, read: dictionary.BatchReader | None = None
) -> Change:
    """Another name of an actor ("Türkiye" = "Turkey"): stored in the project's dictionary,
    and the articles that contain it are read again (mentions, event actors and stance
    holders relinked; events keep their ids and annotations).  ``result`` is the ids of the
    sources read."""
    alias = " ".join(alias.split())
    if not alias:
        raise ValueError("an alias needs a name")
    al = TABLES["actor_aliases"]
    with project.session() as s:
        actor = _actor(s, actor_id)
        if alias == actor.name:
            raise ValueError(f"{alias} is already the name of this actor")
        if s.scalar(select(m.Actor.id).where(m.Actor.name == alias)) is not None:
            raise ValueError(f"there is already an actor called {alias}; merge them instead")
        taken = s.scalar(select(al.c.actor_id).where(al.c.alias == alias))
        if taken is not None:
            raise ValueError(f"{alias} is already a name of {_actor(s, taken).name}")
        rec = _scope(Recorder(s), s, [alias])
        rec.watch("actor_aliases", where=al.c.actor_id == actor_id)
        s.add(m.ActorAlias(actor_id=actor_id, alias=alias))
        done = relink_names(s, [alias], read=read)
        return rec.finish(done.read)


def remove_alias(
    project: Project, actor_id: int, alias: str, read: dictionary.BatchReader | None = None
) -> Change:
    """The name is not this actor after all: it leaves the project's dictionary and the
    articles that contain it are read again.  A name the shipped dictionary gives the actor is
    refused (it would still be recognised): split it off as its own actor instead."""
    al = TABLES["actor_aliases"]
    with project.session() as s:
        actor = _actor(s, actor_id)
        shipped = Gazetteer.default().actor(actor.name)
        if shipped is not None and alias in shipped.aliases:
            raise ValueError(
                f"“{alias}” is a name of {actor.name} in the shipped dictionary, so it would "
                "still be recognised; use “Split off as a new actor” to make it somebody else"
            )
        rec = _scope(Recorder(s), s, [alias])
        rec.watch("actor_aliases", where=al.c.actor_id == actor_id)
        s.execute(al.delete().where(al.c.actor_id == actor_id, al.c.alias == alias))
        done = relink_names(s, [alias], read=read)
        return rec.finish(done.read)


def entry_names(entries: Iterable[dict]) -> set[str]:
    """Every name a dictionary file states (actors, their aliases, affiliations)."""
    names: set[str] = set()
    for e in entries:
        names.add(e["name"].strip())
        names.update(a for a in e.get("aliases") or [] if isinstance(a, str))
        if isinstance(e.get("affiliation"), str):
            names.add(e["affiliation"])
    return names


def import_dictionary(
    project: Project, path: str | Path, read: dictionary.BatchReader | None = None
) -> Change:
    """Merge a dictionary file (``db.dictionary`` format) into the project and re-read the
    articles that contain one of its names, as one undoable change; ``result`` is the number
    of actors added or changed.  Raises ``db.dictionary.DictionaryError`` for a bad file."""
    entries = dictionary.read_dictionary(path)
    names = entry_names(entries)
    with project.session() as s:
        rec = _scope(Recorder(s), s, names)
        rec.watch("actors", where=TABLES["actors"].c.id.is_not(None))
        rec.watch("actor_aliases", where=TABLES["actor_aliases"].c.id.is_not(None))
        changed = dictionary.merge_entries(s, entries)
        relink_names(s, names, read=read)
        return rec.finish(changed)


def _actor(s: Session, actor_id: int) -> m.Actor:
    actor = s.get(m.Actor, actor_id)
    if actor is None:
        raise KeyError(f"no actor {actor_id}")
    return actor
