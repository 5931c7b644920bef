"""A whole project as one JSON object, and back, without losing anything.

Records are identified by their ``uid`` (sources, actors, things, events, stances, saved views),
never by database ids, and every list is in a fixed order (uids, names, link order), so
export → import into a new project → export gives the same bundle apart from ``exported``.
Tags and notes have no uid: a tag is its name, a note is where it hangs and when it was written.

``import_bundle`` adds to any project: a source already there (same text) is kept, an actor or
thing with the same uid or name is reused, an event or stance with a known uid is skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import models as m
from db.names import tag_id
from db.project import Project

FORMAT = "stanceline-bundle"
VERSION = 1
BUNDLE_KEYS = frozenset({"sources", "events", "actors", "stances", "annotations"})
SNIFF_BYTES = 4096


@dataclass
class BundleOutcome:
    sources: int = 0  # new sources stored
    duplicates: int = 0  # sources the project already had
    events: int = 0
    stances: int = 0
    first_source_id: int | None = None


# ---------------------------------------------------------------------- export
def export_bundle(project: Project, event_ids: Iterable[int] | None = None) -> dict[str, Any]:
    """The project (or the given events, their sources and their holders' stances)."""
    with project.session() as s:
        return _Exporter(s, None if event_ids is None else set(event_ids)).run()


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


class _Exporter:
    def __init__(self, s: Session, event_ids: set[int] | None) -> None:
        self.s = s
        self.only = event_ids
        self.actor_uid = dict(s.execute(select(m.Actor.id, m.Actor.uid)).all())
        self.thing_uid = dict(s.execute(select(m.Thing.id, m.Thing.uid)).all())
        self.source_uid = dict(s.execute(select(m.Source.id, m.Source.uid)).all())
        self.event_uid = dict(s.execute(select(m.Event.id, m.Event.uid)).all())

    def run(self) -> dict[str, Any]:
        s = self.s
        events = [e for e in s.scalars(select(m.Event)) if self.only is None or e.id in self.only]
        event_ids = {e.id for e in events}
        evidence = _by(s.scalars(select(m.Evidence).order_by(m.Evidence.id)), "event_id")
        stances = [
            st
            for st in s.scalars(select(m.Stance))
            if self.only is None or st.event_id in event_ids
        ]
        source_ids = {ev.source_id for e in events for ev in evidence.get(e.id, [])}
        source_ids |= {st.source_id for st in stances}
        sources = [
            src for src in s.scalars(select(m.Source)) if self.only is None or src.id in source_ids
        ]
        return {
            "format": FORMAT,
            "version": VERSION,
            "exported": datetime.now().astimezone().isoformat(timespec="seconds"),
            "sources": sorted((self._source(src) for src in sources), key=_uid),
            "actors": self._actors(),
            "things": sorted(
                (
                    {"uid": t.uid, "name": t.name, "kind": t.kind}
                    for t in s.scalars(select(m.Thing))
                ),
                key=_uid,
            ),
            "events": sorted((self._event(e, evidence.get(e.id, [])) for e in events), key=_uid),
            "stances": sorted((self._stance(st) for st in stances), key=_uid),
            "annotations": self._annotations(events),
            "tags": [
                {"name": n, "colour": c}
                for n, c in s.execute(select(m.Tag.name, m.Tag.colour).order_by(m.Tag.name))
            ],
            "saved_views": [
                {
                    "uid": v.uid,
                    "name": v.name,
                    "state": json.loads(v.state or "{}"),
                    "created_at": _iso(v.created_at),
                }
                for v in s.scalars(select(m.SavedView).order_by(m.SavedView.uid))
            ],
        }

    def _source(self, src: m.Source) -> dict[str, Any]:
        mentions = self.s.scalars(
            select(m.Mention)
            .where(m.Mention.source_id == src.id)
            .order_by(m.Mention.start, m.Mention.end, m.Mention.id)
        )
        return {
            "uid": src.uid,
            "title": src.title,
            "outlet": src.outlet,
            "url": src.url,
            "published": _iso(src.published),
            "published_known": src.published_known,
            "origin": src.origin,
            "fmt": src.fmt,
            "encoding": src.encoding,
            "imported_at": _iso(src.imported_at),
            "text": src.text,
            "mentions": [
                {
                    "start": mn.start,
                    "end": mn.end,
                    "kind": mn.kind,
                    "label": mn.label,
                    "actor": self.actor_uid.get(mn.actor_id) if mn.actor_id else None,
                    "thing": self.thing_uid.get(mn.thing_id) if mn.thing_id else None,
                    "value": mn.value,
                }
                for mn in mentions
            ],
        }

    def _actors(self) -> list[dict[str, Any]]:
        aliases = _by(self.s.scalars(select(m.ActorAlias).order_by(m.ActorAlias.alias)), "actor_id")
        return sorted(
            (
                {
                    "uid": a.uid,
                    "name": a.name,
                    "kind": a.kind,
                    "affiliation": self.actor_uid.get(a.affiliation_id)
                    if a.affiliation_id
                    else None,
                    "colour": a.colour,
                    "title": a.title,
                    "aliases": [al.alias for al in aliases.get(a.id, [])],
                }
                for a in self.s.scalars(select(m.Actor))
            ),
            key=_uid,
        )

    def _event(self, e: m.Event, evidence: list[m.Evidence]) -> dict[str, Any]:
        s = self.s
        actors = s.execute(
            select(m.EventActor.actor_id, m.EventActor.role)
            .where(m.EventActor.event_id == e.id)
            .order_by(m.EventActor.id)
        ).all()
        things = s.scalars(
            select(m.EventThing.thing_id)
            .where(m.EventThing.event_id == e.id)
            .order_by(m.EventThing.id)
        )
        return {
            "uid": e.uid,
            "summary": e.summary,
            "date_value": e.date_value,
            "earliest": _iso(e.earliest),
            "latest": _iso(e.latest),
            "precision": e.precision,
            "approximate": e.approximate,
            "date_note": e.date_note,
            "date_locked": e.date_locked,
            "event_type": e.event_type,
            "mode": e.mode,
            "created_at": _iso(e.created_at),
            "updated_at": _iso(e.updated_at),
            "actors": [{"actor": self.actor_uid[a], "role": r} for a, r in actors],
            "things": [self.thing_uid[t] for t in things],
            "evidence": [
                {
                    "source": self.source_uid[ev.source_id],
                    "start": ev.start,
                    "end": ev.end,
                    "local_id": ev.local_id,
                    "timex_start": ev.timex_start,
                    "timex_end": ev.timex_end,
                    "speaker": ev.speaker,
                    "medium": ev.medium,
                }
                for ev in evidence
            ],
        }

    def _stance(self, st: m.Stance) -> dict[str, Any]:
        return {
            "uid": st.uid,
            "holder": self.actor_uid[st.holder_id],
            "target": st.target,
            "target_key": st.target_key,
            "polarity": st.polarity,
            "source": self.source_uid[st.source_id],
            "start": st.start,
            "end": st.end,
            "event": self.event_uid.get(st.event_id) if st.event_id else None,
            "date_value": st.date_value,
            "earliest": _iso(st.earliest),
            "latest": _iso(st.latest),
            "issue": st.issue,
            "speaker": st.speaker,
            "medium": st.medium,
        }

    def _annotations(self, events: list[m.Event]) -> list[dict[str, Any]]:
        s = self.s
        tags = _by(
            s.execute(
                select(m.EventTag.event_id, m.Tag.name)
                .join(m.Tag, m.Tag.id == m.EventTag.tag_id)
                .order_by(m.Tag.name)
            ).all(),
            0,
        )
        notes = _by(s.scalars(select(m.Note).order_by(m.Note.created_at, m.Note.id)), "event_id")
        out = []
        for e in events:
            entry = {
                "event": e.uid,
                "starred": e.starred,
                "review": e.review,
                "tags": [row[1] for row in tags.get(e.id, [])],
                "notes": [
                    {"text": n.text, "author": n.author, "created": _iso(n.created_at)}
                    for n in notes.get(e.id, [])
                ],
            }
            if (
                entry["starred"]
                or entry["review"] != "unreviewed"
                or entry["tags"]
                or entry["notes"]
            ):
                out.append(entry)
        return sorted(out, key=lambda a: a["event"])


def _uid(record: dict[str, Any]) -> str:
    return record["uid"]


def _by(rows: Iterable[Any], key: str | int) -> dict[Any, list[Any]]:
    out: dict[Any, list[Any]] = {}
    for row in rows:
        k = row[key] if isinstance(key, int) else getattr(row, key)
        out.setdefault(k, []).append(row)
    return out


# ---------------------------------------------------------------------- recognising
def is_bundle(data: object) -> bool:
    return isinstance(data, dict) and (
        data.get("format") == FORMAT or len(BUNDLE_KEYS & data.keys()) >= 3
    )


def read_bundle(path: Path) -> dict[str, Any] | None:
    """The bundle in ``path``, or None if the file is not one (whatever it is called)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES).lstrip(b"\xef\xbb\xbf \t\r\n")
        if not head.startswith(b"{"):
            return None
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return None
    return data if is_bundle(data) else None


# ---------------------------------------------------------------------- import
def import_bundle(project: Project, data: dict[str, Any]) -> BundleOutcome:
    """Add a bundle's records to ``project`` in one transaction."""
    if not is_bundle(data):
        raise ValueError("this JSON is not a Stanceline bundle")
    with project.session() as s:
        return _Importer(s, data).run()


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class _Importer:
    def __init__(self, s: Session, data: dict[str, Any]) -> None:
        self.s = s
        self.data = data
        self.actors: dict[str, int] = {}
        self.things: dict[str, int] = {}
        self.sources: dict[str, int] = {}
        self.events: dict[str, int] = {}
        self.new_events: set[str] = set()
        self.out = BundleOutcome()

    def run(self) -> BundleOutcome:
        self._actors()
        self._things()
        self._sources()
        self._events()
        self._stances()
        self._tags()
        self._annotations()
        self._views()
        return self.out

    def _actors(self) -> None:
        s = self.s
        records = self.data.get("actors", [])
        for a in records:
            actor = s.scalar(select(m.Actor).where(m.Actor.uid == a["uid"])) or s.scalar(
                select(m.Actor).where(m.Actor.name == a["name"])
            )
            if actor is None:
                actor = m.Actor(
                    uid=a["uid"],
                    name=a["name"],
                    kind=a.get("kind", "unknown"),
                    colour=a.get("colour", ""),
                    title=a.get("title", ""),
                )
                s.add(actor)
                s.flush()
            self.actors[a["uid"]] = actor.id
            have = set(
                s.scalars(select(m.ActorAlias.alias).where(m.ActorAlias.actor_id == actor.id))
            )
            for alias in a.get("aliases", []):
                if alias not in have and alias != actor.name:
                    have.add(alias)
                    s.add(m.ActorAlias(actor_id=actor.id, alias=alias))
        for a in records:  # affiliations once every actor exists
            if a.get("affiliation") in self.actors:
                actor = s.get_one(m.Actor, self.actors[a["uid"]])
                if actor.affiliation_id is None:
                    actor.affiliation_id = self.actors[a["affiliation"]]

    def _things(self) -> None:
        s = self.s
        for t in self.data.get("things", []):
            thing = s.scalar(select(m.Thing).where(m.Thing.uid == t["uid"])) or s.scalar(
                select(m.Thing).where(m.Thing.name == t["name"])
            )
            if thing is None:
                thing = m.Thing(uid=t["uid"], name=t["name"], kind=t.get("kind", "thing"))
                s.add(thing)
                s.flush()
            self.things[t["uid"]] = thing.id

    def _sources(self) -> None:
        from ingest.reader import content_hash  # lazy: the reader loads trafilatura

        s = self.s
        for src in self.data.get("sources", []):
            digest = content_hash(src["text"])
            existing = s.scalar(
                select(m.Source.id).where(
                    (m.Source.uid == src["uid"]) | (m.Source.content_hash == digest)
                )
            )
            if existing is not None:
                self.sources[src["uid"]] = existing
                self.out.duplicates += 1
                continue
            source = m.Source(
                uid=src["uid"],
                title=src.get("title", ""),
                outlet=src.get("outlet", ""),
                url=src.get("url", ""),
                origin=src.get("origin", ""),
                fmt=src.get("fmt", "txt"),
                encoding=src.get("encoding", "utf-8"),
                published=_day(src.get("published")),
                published_known=bool(src.get("published_known", src.get("published"))),
                text=src["text"],
                content_hash=digest,
            )
            if src.get("imported_at"):
                source.imported_at = _moment(src["imported_at"])  # type: ignore[assignment]
            s.add(source)
            s.flush()
            self.sources[src["uid"]] = source.id
            self.out.sources += 1
            if self.out.first_source_id is None:
                self.out.first_source_id = source.id
            s.add_all(
                m.Mention(
                    source_id=source.id,
                    start=mn["start"],
                    end=mn["end"],
                    kind=mn["kind"],
                    label=mn.get("label", ""),
                    actor_id=self.actors.get(mn.get("actor") or ""),
                    thing_id=self.things.get(mn.get("thing") or ""),
                    value=mn.get("value"),
                )
                for mn in src.get("mentions", [])
            )

    def _events(self) -> None:
        s = self.s
        notes = {a["event"]: a for a in self.data.get("annotations", [])}
        for e in self.data.get("events", []):
            existing = s.scalar(select(m.Event.id).where(m.Event.uid == e["uid"]))
            if existing is not None:
                self.events[e["uid"]] = existing
                continue
            event = m.Event(
                uid=e["uid"],
                summary=e.get("summary", ""),
                date_value=e.get("date_value"),
                earliest=_day(e.get("earliest")),
                latest=_day(e.get("latest")),
                precision=e.get("precision"),
                approximate=bool(e.get("approximate", False)),
                date_note=e.get("date_note", ""),
                date_locked=bool(e.get("date_locked", False)),
                event_type=e.get("event_type", "other"),
                mode=e.get("mode", ""),
                # Set here, not later: a later update would bump updated_at.
                starred=bool(notes.get(e["uid"], {}).get("starred", False)),
                review=notes.get(e["uid"], {}).get("review", "unreviewed"),
            )
            for key in ("created_at", "updated_at"):
                if e.get(key):
                    setattr(event, key, _moment(e[key]))
            s.add(event)
            s.flush()
            self.events[e["uid"]] = event.id
            self.new_events.add(e["uid"])
            self.out.events += 1
            for link in e.get("actors", []):
                s.add(
                    m.EventActor(
                        event_id=event.id, actor_id=self.actors[link["actor"]], role=link["role"]
                    )
                )
            s.flush()
            for thing in e.get("things", []):
                s.add(m.EventThing(event_id=event.id, thing_id=self.things[thing]))
            s.flush()
            for ev in e.get("evidence", []):
                s.add(
                    m.Evidence(
                        event_id=event.id,
                        source_id=self.sources[ev["source"]],
                        start=ev["start"],
                        end=ev["end"],
                        local_id=ev.get("local_id", ""),
                        timex_start=ev.get("timex_start"),
                        timex_end=ev.get("timex_end"),
                        speaker=ev.get("speaker", ""),
                        medium=ev.get("medium", ""),
                    )
                )
            s.flush()

    def _stances(self) -> None:
        s = self.s
        for st in self.data.get("stances", []):
            if s.scalar(select(m.Stance.id).where(m.Stance.uid == st["uid"])) is not None:
                continue
            s.add(
                m.Stance(
                    uid=st["uid"],
                    holder_id=self.actors[st["holder"]],
                    target=st.get("target", ""),
                    target_key=st.get("target_key", ""),
                    polarity=st["polarity"],
                    source_id=self.sources[st["source"]],
                    start=st["start"],
                    end=st["end"],
                    event_id=self.events.get(st.get("event") or ""),
                    date_value=st.get("date_value"),
                    earliest=_day(st.get("earliest")),
                    latest=_day(st.get("latest")),
                    issue=st.get("issue", ""),
                    speaker=st.get("speaker", ""),
                    medium=st.get("medium", ""),
                )
            )
            self.out.stances += 1
        s.flush()

    def _tags(self) -> None:
        s = self.s
        for t in self.data.get("tags", []):
            tag = s.scalar(select(m.Tag).where(m.Tag.name == t["name"]))
            if tag is None:
                s.add(m.Tag(name=t["name"], colour=t.get("colour", "")))
            elif not tag.colour:
                tag.colour = t.get("colour", "")
        s.flush()

    def _annotations(self) -> None:
        s = self.s
        for a in self.data.get("annotations", []):
            if a["event"] not in self.new_events:
                continue  # never overwrite the analyst's work on events the project had
            event_id = self.events[a["event"]]  # star and review were set on creation
            for name in a.get("tags", []):
                s.add(m.EventTag(event_id=event_id, tag_id=tag_id(s, name)))
            for n in a.get("notes", []):
                note = m.Note(event_id=event_id, text=n["text"], author=n.get("author", ""))
                if n.get("created"):
                    note.created_at = _moment(n["created"])  # type: ignore[assignment]
                s.add(note)
            s.flush()

    def _views(self) -> None:
        s = self.s
        for v in self.data.get("saved_views", []):
            if s.scalar(select(m.SavedView.id).where(m.SavedView.name == v["name"])) is not None:
                continue
            view = m.SavedView(
                uid=v["uid"], name=v["name"], state=json.dumps(v.get("state", {}), sort_keys=True)
            )
            if v.get("created_at"):
                view.created_at = _moment(v["created_at"])  # type: ignore[assignment]
            s.add(view)
        s.flush()
