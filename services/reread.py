"""Re-read: every stored article read again by today's extraction, the analyst's work kept.

For each source, in its own transaction (a kill loses nothing; cancel is checked between
sources), the source's machine-made output is replaced by the new reading: its mentions, its
stances, its evidence rows, and the events that only it reports and that nobody touched.  An
event is *kept* (with its annotations, links and date) when it was

* annotated: a note, a tag, a star, a review state other than "unreviewed";
* corrected: a locked date, or any edit at all — every write in ``db.edits`` and
  ``db.annotations`` advances the event's version (``updated_at``, ``db.sync``), so a version
  later than the event's creation means somebody wrote to it (summary, type, actors…);
* made by hand: ``db.edits.create_event`` leaves its evidence without an ingest id.

The new reading is stored by the importer's per-article writer, so it merges with other
sources' events as an import does.  A new event that is the same as a kept one joins it (this
source's evidence row is refreshed) instead of standing beside it, and the kept event's
summary, type, actors and date win.  An untouched event that other sources report too stays
(their reports are not read here): the new reading joins it like a merge (actors and things
added, a finer date taken) and, when this source gave its summary (its first report), its
summary, type and mode are the new reading's; if the new reading no longer finds it, it only
loses this source's report.  Not undoable (like ``services.relink.relink_mentions``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import delete, exists, func, or_, select, update
from sqlalchemy.orm import Session

from db import models as m
from db.dates import DateFields, merged_date
from db.dictionary import BatchReader, project_gazetteer
from db.importer import _ArticleImport, evidence_fields
from db.project import Project
from ingest.gazetteer import Gazetteer
from ingest.records import Article, Extraction
from ingest.records import Event as IngestEvent
from services.lazyread import extract

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]

# An insert sets ``created_at`` and ``updated_at`` microseconds apart (two default calls); any
# later write advances ``updated_at`` by at least a transaction (tens of ms when measured).
EDITED_AFTER = timedelta(milliseconds=1)
# Prefix for the ingest id of a kept event's old evidence that no new event joined, so it can
# never be mistaken for an event of the new reading (``db.annotations`` finds events by it).
OLD_READING = "kept:"
# Sources fetched and handed to the reader at once: its process gets the dictionary once a
# batch and reads ahead while this thread stores.
BATCH = 16


@dataclass
class RereadReport:
    sources: int = 0  # sources read again
    events_before: int = 0  # events in the project before and after
    events_after: int = 0
    kept: int = 0  # events kept because annotated, corrected or made by hand
    replaced: int = 0  # machine-made events removed (the new reading stored instead)
    failed: list[tuple[int, str]] = field(default_factory=list)  # (source id, why)
    cancelled: bool = False


def reread(
    project: Project,
    source_ids: Sequence[int] | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    read: BatchReader | None = None,
) -> RereadReport:
    """Read ``source_ids`` (default: every source) again and store the new reading.

    ``progress(i, n, title)`` is called before source ``i`` of ``n`` and once more as
    ``(n, n, "")`` when done; ``cancel()`` is checked between sources.  A source whose reading
    fails is listed in ``failed`` and left as it was.  ``read`` reads the articles (the
    window passes its reading process's, ``services.readpool.ReadPool.read``, so the model
    never loads in the window's process); default: here, one after the other."""
    report = RereadReport(events_before=_count_events(project))
    with project.reading() as s:
        stmt = select(m.Source.id).order_by(m.Source.id)
        if source_ids is not None:
            stmt = stmt.where(m.Source.id.in_(list(source_ids)))
        ids = list(s.scalars(stmt))
    gazetteer = project_gazetteer(project)  # once: rebuilding it per source is the slow part
    kept: set[int] = set()
    for start in range(0, len(ids), BATCH):
        if report.cancelled:
            break
        with project.reading() as s:
            rows = {
                r.id: r
                for r in s.execute(
                    select(
                        m.Source.id, m.Source.title, m.Source.text, m.Source.published,
                        m.Source.published_known,
                    ).where(m.Source.id.in_(ids[start : start + BATCH]))
                )
            }
        batch = [(n, rows[i]) for n, i in enumerate(ids[start : start + BATCH], start) if i in rows]
        items = [(r.text, r.published if r.published_known else None) for _n, r in batch]
        # Read outside the write transaction: other writers wait only for the stores.
        readings = _readings(read, items, gazetteer)
        for k, (n, row) in enumerate(batch):  # rows deleted meanwhile are skipped
            if cancel is not None and cancel():
                report.cancelled = True
                break
            if progress is not None:
                progress(n, len(ids), row.title)
            try:
                reading = next(readings)
            except Exception as err:  # the reader's stream ends with it: go on after it
                _failed(report, row.id, err)
                readings = _readings(read, items[k + 1 :], gazetteer)
                continue
            try:
                with project.session() as s:
                    done = reread_source(s, row.id, row.text, reading)
            except Exception as err:  # one article must not stop the rest
                _failed(report, row.id, err)
                continue
            report.sources += 1
            report.replaced += done.replaced
            kept |= done.kept
    report.kept = len(kept)
    report.events_after = _count_events(project)
    if progress is not None and not report.cancelled:
        progress(len(ids), len(ids), "")
    return report


def _failed(report: RereadReport, source_id: int, err: Exception) -> None:
    log.exception("re-reading source %s failed", source_id)
    report.failed.append((source_id, f"{type(err).__name__}: {err}"))


def _readings(
    read: BatchReader | None, items: list[tuple[str, date | None]], gazetteer: Gazetteer
) -> Iterator[Extraction]:
    if read is not None:
        return iter(read(items, gazetteer))
    return (extract(text, published, gazetteer) for text, published in items)


@dataclass(frozen=True)
class SourceReread:
    kept: frozenset[int]  # events of this source kept as they were
    replaced: int  # machine-made events of this source deleted


def reread_source(s: Session, source_id: int, text: str, reading: Extraction) -> SourceReread:
    """Replace one source's machine-made rows by ``reading``, inside the caller's session."""
    reported = list(
        s.scalars(select(m.Evidence.event_id).where(m.Evidence.source_id == source_id).distinct())
    )
    kept = _touched(s, reported)
    elsewhere = set(
        s.scalars(
            select(m.Evidence.event_id).where(
                m.Evidence.event_id.in_(reported), m.Evidence.source_id != source_id
            )
        )
    )
    shared = {e for e in reported if e in elsewhere and e not in kept}
    gone = [e for e in reported if e not in kept and e not in elsewhere]
    if gone:  # cascades take their evidence, actor and thing links
        s.execute(delete(m.Event).where(m.Event.id.in_(gone)))
    s.execute(delete(m.Mention).where(m.Mention.source_id == source_id))
    s.execute(delete(m.Stance).where(m.Stance.source_id == source_id))
    writer = _Reread(s, source_id, text, reading, kept, shared, _first_reported(s, shared))
    writer.store()
    # A shared event the new reading did not find again loses this source's report only.
    s.execute(
        delete(m.Evidence).where(
            m.Evidence.source_id == source_id,
            m.Evidence.event_id.in_(shared),
            m.Evidence.id.not_in(writer.refreshed),
        )
    )
    new_ids = {ev.id for ev in reading.events}
    for evidence in s.scalars(
        select(m.Evidence).where(
            m.Evidence.source_id == source_id,
            m.Evidence.event_id.in_(kept),
            m.Evidence.local_id.in_(new_ids),
            m.Evidence.id.not_in(writer.refreshed),
        )
    ):
        evidence.local_id = (OLD_READING + evidence.local_id)[:32]
    return SourceReread(frozenset(kept), len(gone))


def _first_reported(s: Session, event_ids: set[int]) -> dict[int, int]:
    """Event → the source of its first report (the one whose reading gave its summary)."""
    if not event_ids:
        return {}
    ev = m.Evidence
    first = select(func.min(ev.id)).where(ev.event_id.in_(event_ids)).group_by(ev.event_id)
    return dict(s.execute(select(ev.event_id, ev.source_id).where(ev.id.in_(first))).all())


def _touched(s: Session, event_ids: list[int]) -> set[int]:
    """The events among ``event_ids`` that someone annotated, corrected or made by hand."""
    if not event_ids:
        return set()
    e = m.Event
    # Locked first (PostgreSQL; on SQLite this writer holds the file), so a teammate's star or
    # note on one of them waits for this store instead of landing on a deleted event.
    versions = s.execute(
        select(e.id, e.created_at, e.updated_at).where(e.id.in_(event_ids)).with_for_update()
    ).all()
    has = [exists().where(t.event_id == e.id) for t in (m.Note, m.EventTag)]
    by_hand = exists().where(m.Evidence.event_id == e.id, m.Evidence.local_id == "")
    marked = set(
        s.scalars(
            select(e.id).where(
                e.id.in_(event_ids),
                or_(e.starred, e.review != "unreviewed", e.date_locked, by_hand, *has),
            )
        )
    )
    # Compared here, not in SQL: SQLite stores the times as text, without date arithmetic.
    return marked | {i for i, made, now in versions if _edited(made, now)}


def _edited(created: datetime | None, version: datetime | None) -> bool:
    """Whether a write advanced an event's version after its insert."""
    return created is not None and version is not None and version - created > EDITED_AFTER


def _count_events(project: Project) -> int:
    with project.reading() as s:
        return s.scalar(select(func.count(m.Event.id))) or 0


class _Reread(_ArticleImport):
    """The importer's writer on a stored source: no new source row, and the events this
    source already reports (kept or shared) may be joined by the new reading, each once, as
    an import joins a stored event once."""

    def __init__(
        self,
        s: Session,
        source_id: int,
        text: str,
        reading: Extraction,
        kept: set[int],
        shared: set[int],
        first_source: dict[int, int],
    ) -> None:
        super().__init__(s, Article(text=text), reading, digest="")
        self.source_id = source_id
        self.texts[source_id] = text
        self.joinable = kept | shared
        self.shared = shared
        self.owned = {e for e in shared if first_source.get(e) == source_id}
        self.joined: set[int] = set()
        self.refreshed: set[int] = set()  # evidence rows that now carry the new reading
        self._targets: dict[int, int | None] = {}

    def store(self) -> None:
        for name in self.x.actors:
            self.actor(name)
        self._mentions()
        for ev in self.x.events:
            self._event(ev)
        self._stances()

    def _event(self, ev: IngestEvent) -> bool:
        actor_ids = {self.actor(a.name) for a in ev.actors}
        target = self._merge_target(ev, actor_ids)
        if target is None:
            return super()._event(ev)
        if target not in self.joinable:  # another source's event: the importer merges
            version = self.s.execute(
                select(m.Event.created_at, m.Event.updated_at).where(m.Event.id == target)
            ).one()
            merged = super()._event(ev)
            self.s.flush()
            if not _edited(version.created_at, version.updated_at):
                # The importer's finer date advanced the version: a machine write, so the
                # event must go on reading as untouched.
                self.s.execute(
                    update(m.Event)
                    .where(m.Event.id == target)
                    .values(updated_at=version.updated_at)
                    .execution_options(synchronize_session=False)
                )
                self.s.expire(self.s.get_one(m.Event, target), ["updated_at"])
            return merged
        self.joinable.discard(target)
        self.joined.add(target)
        self._refresh_evidence(target, ev)
        if target in self.shared:
            self._update_shared(target, ev)
        self.event_ids[ev.id] = target
        return True

    def _update_shared(self, event_id: int, ev: IngestEvent) -> None:
        """An untouched event other sources report too, joined as a merge joins it; its
        summary, type and mode follow the new reading when this source gave them."""
        have = set(
            self.s.execute(
                select(m.EventActor.actor_id, m.EventActor.role).where(
                    m.EventActor.event_id == event_id
                )
            )
        )
        roles = dict.fromkeys((self.actor(a.name), a.role) for a in ev.actors)
        self.s.add_all(
            m.EventActor(event_id=event_id, actor_id=a, role=r)
            for a, r in roles
            if (a, r) not in have
        )
        things = set(
            self.s.scalars(select(m.EventThing.thing_id).where(m.EventThing.event_id == event_id))
        )
        self.s.add_all(
            m.EventThing(event_id=event_id, thing_id=t)
            for t in dict.fromkeys(self.thing(name) for name in ev.things)
            if t not in things
        )
        stored = self.s.get_one(m.Event, event_id)
        values = merged_date(DateFields.of(stored), ev.date) or {}
        if event_id in self.owned:
            values.update(summary=ev.summary, event_type=ev.event_type, mode=ev.mode)
        if values:
            # Not a person's edit: the version stays, so the event still reads as untouched.
            self.s.execute(
                update(m.Event)
                .where(m.Event.id == event_id)
                .values(**values, updated_at=m.Event.updated_at)
                .execution_options(synchronize_session=False)
            )
            self.s.expire(stored)

    def _refresh_evidence(self, event_id: int, ev: IngestEvent) -> None:
        """The event's machine-made report from this source takes the new reading's sentence
        and ingest id; a hand-made one (no ingest id) stays as the analyst chose."""
        first = self.s.scalar(
            select(func.min(m.Evidence.id)).where(
                m.Evidence.event_id == event_id,
                m.Evidence.source_id == self.source_id,
                m.Evidence.local_id != "",
            )
        )
        if first is None:
            return
        self.refreshed.add(first)
        self.s.execute(
            update(m.Evidence)
            .where(m.Evidence.id == first)
            .values(**evidence_fields(ev))
        )

    def _merge_target(self, ev: IngestEvent, actor_ids: set[int]) -> int | None:
        # Asked twice per event (here and by the importer's ``_event``): compare once.
        key = id(ev)
        if key not in self._targets:
            target = self._kept_target(ev, actor_ids) if actor_ids and self.joinable else None
            self._targets[key] = target or super()._merge_target(ev, actor_ids)
        return self._targets[key]

    def _kept_target(self, ev: IngestEvent, actor_ids: set[int]) -> int | None:
        """An event this source reports that ``ingest.merge`` calls the same as ``ev``.  The
        importer skips events the article already reports, and ``same_event`` refuses two
        reports from one source: the stored report is keyed as another source here."""
        from ingest.merge import event_key, same_event

        candidates = sorted(
            self.s.scalars(
                select(m.EventActor.event_id)
                .where(
                    m.EventActor.event_id.in_(self.joinable),
                    m.EventActor.actor_id.in_(actor_ids),
                )
                .distinct()
            )
        )
        if not candidates:
            return None

        def stored_key(text: str, event: IngestEvent, source: str) -> object:
            return event_key(text, event, OLD_READING + source)

        new_key = event_key(self.article.text, ev, str(self.source_id))
        for event_id, key in self._stored_keys(candidates, stored_key):
            if same_event(key, new_key):
                return event_id
        return None
