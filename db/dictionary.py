"""The project's actor dictionary: the `actors` and `actor_aliases` tables seen as a gazetteer.

The shipped dictionary (`resources/actors.json`) is the base; the project's actors (names,
kinds, affiliations, colours and aliases, as imports created them and the user edited them)
are overlaid on it, so the next import and a relink (``services.relink``) read the articles with the
analyst's dictionary.  The file format of `export_dictionary`/`import_dictionary` is the one
of `resources/actors.json` ({"version": 1, "actors": [{name, kind, affiliation, aliases,
colour}]}), so a dictionary can go from one project to another, or become the default.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Select, delete, false, or_, select
from sqlalchemy.orm import Session

from db import models as m
from db.project import Project
from ingest.gazetteer import Gazetteer
from ingest.records import ACTOR_KINDS, ActorInfo, Extraction, Stance

FORMAT_VERSION = 1


class DictionaryError(ValueError):
    """A dictionary file that cannot be read (the message says why, for the user)."""


# --------------------------------------------------------------------------- reading the tables


def _entries(session: Session) -> list[dict]:
    """Every project actor as a dictionary entry (resources/actors.json schema), by name."""
    actors = session.execute(
        select(m.Actor.id, m.Actor.name, m.Actor.kind, m.Actor.affiliation_id, m.Actor.colour)
    ).all()
    names = {row.id: row.name for row in actors}
    aliases: dict[int, list[str]] = defaultdict(list)
    for actor_id, alias in session.execute(
        select(m.ActorAlias.actor_id, m.ActorAlias.alias).order_by(m.ActorAlias.id)
    ):
        aliases[actor_id].append(alias)
    return sorted(
        (
            {
                "name": row.name,
                "kind": row.kind,
                "affiliation": names.get(row.affiliation_id) if row.affiliation_id else None,
                "aliases": aliases[row.id],
                "colour": row.colour,
            }
            for row in actors
        ),
        key=lambda e: e["name"].casefold(),
    )


def export_dictionary(project: Project, path: str | Path) -> int:
    """Write the project's actors to `path` as JSON; returns how many were written."""
    with project.reading() as s:
        entries = _entries(s)
    doc = {"version": FORMAT_VERSION, "actors": entries}
    Path(path).write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(entries)


# --------------------------------------------------------------------------- importing a file


def _read_file(path: str | Path) -> list[dict]:
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DictionaryError(f"{path}: not a readable dictionary ({err})") from None
    entries = doc.get("actors") if isinstance(doc, dict) else doc
    if not isinstance(entries, list):
        raise DictionaryError(f"{path}: no list of actors")
    good = []
    for e in entries:
        if not isinstance(e, dict) or not isinstance(e.get("name"), str) or not e["name"].strip():
            raise DictionaryError(f"{path}: every actor needs a name ({str(e)[:60]})")
        aliases = e.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise DictionaryError(f"{path}: aliases of {e['name']!r} must be a list of names")
        good.append(e)
    return good


def _get_or_create(session: Session, name: str) -> m.Actor:
    actor = session.scalar(select(m.Actor).where(m.Actor.name == name))
    if actor is None:
        actor = m.Actor(name=name)
        session.add(actor)
        session.flush()
    return actor


def import_dictionary(project: Project, path: str | Path) -> int:
    """Merge a dictionary file into the project (one transaction); returns the number of
    actors added or changed.  What the file states wins (kind, colour, affiliation); aliases
    are added, never removed.  Raises `DictionaryError` for a malformed file."""
    entries = read_dictionary(path)
    with project.session() as s:
        return merge_entries(s, entries)


def read_dictionary(path: str | Path) -> list[dict]:
    """The entries of a dictionary file (checked); raises `DictionaryError`."""
    return _read_file(path)


def merge_entries(s: Session, entries: list[dict]) -> int:
    """`import_dictionary` inside a caller's session (``db.edits`` records it for undo)."""
    changed = 0
    for e in entries:
        actor = _get_or_create(s, e["name"].strip())
        before = (actor.kind, actor.colour, actor.affiliation_id)
        if e.get("kind") in ACTOR_KINDS:
            actor.kind = e["kind"]
        if isinstance(e.get("colour"), str) and e["colour"]:
            actor.colour = e["colour"]
        if isinstance(e.get("affiliation"), str) and e["affiliation"] != actor.name:
            actor.affiliation_id = _get_or_create(s, e["affiliation"]).id
        known = set(s.scalars(select(m.ActorAlias.alias).where(m.ActorAlias.actor_id == actor.id)))
        new = [a for a in dict.fromkeys(e.get("aliases") or []) if a and a not in known]
        new = [a for a in new if a != actor.name]
        s.add_all(m.ActorAlias(actor_id=actor.id, alias=a) for a in new)
        changed += bool(new) or before != (actor.kind, actor.colour, actor.affiliation_id)
    s.flush()
    return changed


# --------------------------------------------------------------------------- the gazetteer


def _info(entry: dict) -> ActorInfo:
    aliases = entry["aliases"]
    if entry["kind"] == "person":
        # a bare surname ("Jobs", "Demir") is resolved inside each article by the actor
        # finder; as a dictionary alias it would match every capitalised "Jobs"
        aliases = [a for a in aliases if " " in a.strip()]
    return ActorInfo(
        name=entry["name"],
        kind=entry["kind"] if entry["kind"] in ACTOR_KINDS else "unknown",
        affiliation=entry["affiliation"],
        aliases=tuple(aliases),
        colour=entry["colour"] or "",
    )


@lru_cache(maxsize=8)
def _overlaid(fingerprint: str, payload: str) -> Gazetteer:
    del fingerprint  # the cache key; `payload` holds the entries
    return Gazetteer.default().overlay(_info(e) for e in json.loads(payload))


def project_gazetteer(project: Project) -> Gazetteer:
    """The shipped dictionary overlaid with the project's actors (cached until they change)."""
    with project.reading() as s:  # a read: never waits behind a writer
        return session_gazetteer(s)


def session_gazetteer(s: Session) -> Gazetteer:
    """`project_gazetteer` as a caller's session sees it (uncommitted edits included)."""
    s.flush()
    entries = _entries(s)
    if not entries:
        return Gazetteer.default()
    payload = json.dumps(entries, ensure_ascii=False, sort_keys=True)
    return _overlaid(hashlib.sha256(payload.encode()).hexdigest(), payload)


# --------------------------------------------------------------------------- relinking

# How articles are read again, in order: ``ingest.pipeline.extract`` on each, here or in a
# worker process (``services.relink``, ``services.readpool``); ``db`` only stores what a
# reading found.
BatchReader = Callable[[Sequence[tuple[str, date | None]], Gazetteer], Iterable[Extraction]]


@dataclass(frozen=True)
class Relinked:
    """What a relink did: actor mentions now stored in the relinked sources, and the sources
    it read (those naming a changed name, plus the other reports of their events)."""

    mentions: int
    read: tuple[int, ...]


def _like_forms(name: str) -> set[str]:
    """Surface forms a gazetteer may find ``name`` as (itself, "The …", ALL CAPS, lower case).
    SQLite's LIKE also ignores ASCII case, so this over-selects rather than misses."""
    forms = {name, name.upper(), name.lower()}
    if name[:4].lower() == "the ":
        forms.add("The " + name[4:])
    return {f for f in forms if f}


def naming_sources(names: Iterable[str]) -> Select[tuple[int]]:
    """SELECT of the ids of stored sources whose text contains one of ``names`` (in any form a
    gazetteer matches): the only ones a dictionary edit of those names can change.  A
    statement, not a list, so an undo scope can use it as a subquery however many match."""
    forms = sorted({f for n in names if n and n.strip() for f in _like_forms(n.strip())})
    conds = [m.Source.text.like(f"%{_escape_like(f)}%", escape="\\") for f in forms]
    return select(m.Source.id).where(or_(*conds) if conds else false())


def sources_naming(s: Session, names: Iterable[str]) -> list[int]:
    """``naming_sources`` run: the ids, ascending."""
    return sorted(s.scalars(naming_sources(names)))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def events_of_sources(s: Session, source_ids: Sequence[int]) -> list[int]:
    """Events with a report in one of ``source_ids`` (their actor links may change)."""
    ids: set[int] = set()
    for chunk in _chunks(source_ids):
        ids.update(
            s.scalars(select(m.Evidence.event_id).where(m.Evidence.source_id.in_(chunk)))
        )
    return sorted(ids)


def _chunks(values: Sequence[int], size: int = 900) -> Iterator[list[int]]:
    values = list(values)
    for i in range(0, len(values), size):
        yield values[i : i + size]


def relink_in_session(
    s: Session,
    read: BatchReader,
    source_ids: Sequence[int] | None = None,
    gazetteer: Gazetteer | None = None,
) -> Relinked:
    """Re-read stored sources with the project's dictionary and rewrite their actor mentions,
    the actors of their events and the holders of their stances, without re-importing:
    events keep their ids, dates, notes, tags and review state.

    ``source_ids`` are the sources a dictionary edit can change (``sources_naming``); None
    reads every source.  An event reported by one of them is relinked from all its reports,
    so the other sources of such an event are read too (their own mentions and stances stay
    as they are: their text names nothing that changed).  An event is found again through its
    evidence span (the same sentence gives the same event); one whose sentence no longer
    yields an event keeps its links.  A stance takes the holder the new reading finds for its
    evidence span and issue.  Called inside the caller's session (``services.relink`` records
    it for undo)."""
    gaz = gazetteer or session_gazetteer(s)
    ids: dict[str, int] = {name: i for name, i in s.execute(select(m.Actor.name, m.Actor.id))}
    if source_ids is None:
        changed = list(s.scalars(select(m.Source.id).order_by(m.Source.id)))
    else:
        changed = sorted(set(source_ids))
    event_ids = events_of_sources(s, changed)
    evidence: dict[int, list[tuple[int, int, int, str]]] = defaultdict(list)
    for chunk in _chunks(event_ids):
        for event_id, source_id, start, end, summary in s.execute(
            select(
                m.Evidence.event_id,
                m.Evidence.source_id,
                m.Evidence.start,
                m.Evidence.end,
                m.Event.summary,
            )
            .join(m.Event, m.Event.id == m.Evidence.event_id)
            .where(m.Evidence.event_id.in_(chunk))
        ):
            evidence[source_id].append((event_id, start, end, summary))
    changed_set = set(changed)
    to_read = sorted(changed_set | set(evidence))
    roles_of: dict[int, set[tuple[int, str]]] = defaultdict(set)
    relinked: set[int] = set()
    total = 0

    def actor_id(info: ActorInfo | None, name: str, kind: str) -> int:
        if name not in ids:
            actor = m.Actor(
                name=name,
                kind=info.kind if info else kind,
                colour=info.colour if info else "",
                title=info.title if info else "",
            )
            s.add(actor)
            s.flush()
            ids[name] = actor.id
        return ids[name]

    for chunk in _chunks(to_read, 200):  # texts in bounded batches, not all at once
        rows = s.execute(
            select(m.Source.id, m.Source.text, m.Source.published).where(m.Source.id.in_(chunk))
        ).all()
        readings = read([(text, published) for _, text, published in rows], gaz)
        for (source_id, _text, _published), x in zip(rows, readings, strict=True):
            if source_id in changed_set:
                total += _relink_source_mentions(s, source_id, x, actor_id)
                _relink_stance_holders(s, source_id, x, actor_id)
            by_span: dict[tuple[int, int], list] = defaultdict(list)
            for ev in x.events:
                by_span[(ev.evidence.start, ev.evidence.end)].append(ev)
            for event_id, start, end, summary in evidence.get(source_id, ()):
                found = by_span.get((start, end))
                if not found:
                    continue
                # several events of one sentence: the one with the stored summary
                found = [ev for ev in found if ev.summary == summary] or found
                relinked.add(event_id)
                for ev in found:
                    for a in ev.actors:
                        info = x.actors.get(a.name) or gaz.actor(a.name)
                        roles_of[event_id].add((actor_id(info, a.name, "unknown"), a.role))
    for event_id in sorted(relinked):
        # Links that stay keep their rows: an undo record holds only what changed.
        wanted = roles_of[event_id]
        links = s.scalars(select(m.EventActor).where(m.EventActor.event_id == event_id)).all()
        have = {(link.actor_id, link.role) for link in links}
        for link in links:
            if (link.actor_id, link.role) not in wanted:
                s.delete(link)
        s.flush()
        s.add_all(
            m.EventActor(event_id=event_id, actor_id=a, role=r) for a, r in sorted(wanted - have)
        )
    s.flush()
    return Relinked(total, tuple(to_read))


ActorIdOf = Callable[[ActorInfo | None, str, str], int]


def _relink_source_mentions(s: Session, source_id: int, x: Extraction, actor_id: ActorIdOf) -> int:
    """Make the source's actor mentions the new reading's; unchanged ones keep their rows."""
    wanted = {
        (am.start, am.end, am.actor, actor_id(x.actors.get(am.actor), am.actor, am.kind))
        for am in x.actor_mentions
    }
    stored = s.execute(
        select(
            m.Mention.id, m.Mention.start, m.Mention.end, m.Mention.label, m.Mention.actor_id
        ).where(m.Mention.source_id == source_id, m.Mention.kind == "actor")
    ).all()
    have = {(a, b, label, aid): i for i, a, b, label, aid in stored}
    gone = [i for key, i in have.items() if key not in wanted]
    if gone:
        s.execute(delete(m.Mention).where(m.Mention.id.in_(gone)))
    s.add_all(
        m.Mention(source_id=source_id, start=a, end=b, kind="actor", label=label, actor_id=aid)
        for a, b, label, aid in sorted(wanted - set(have))
    )
    return len(wanted)


def _relink_stance_holders(s: Session, source_id: int, x: Extraction, actor_id: ActorIdOf) -> None:
    """A stored stance whose sentence now reads with another holder takes that holder.

    A stance is found again by its evidence span, then by its issue (target key) or its
    polarity when one sentence holds several; a sentence that no longer yields a stance
    keeps the stored holder."""
    by_span: dict[tuple[int, int], list[Stance]] = defaultdict(list)
    for st in x.stances:
        by_span[(st.evidence.start, st.evidence.end)].append(st)
    if not by_span:
        return
    for stance in s.scalars(select(m.Stance).where(m.Stance.source_id == source_id)):
        found = by_span.get((stance.start, stance.end))
        if not found:
            continue
        same = [st for st in found if st.target_key == stance.target_key] or [
            st for st in found if st.polarity == stance.polarity
        ]
        if not same and len(found) > 1:
            continue
        new = (same or found)[0]
        holder = actor_id(x.actors.get(new.holder), new.holder, "unknown")
        if holder != stance.holder_id:
            stance.holder_id = holder
