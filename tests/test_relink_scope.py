"""Dictionary edits and date corrections read again only the articles they can change, and
their undo records hold only those articles' rows (services.relink, services.redate).

The reading is a small stand-in (dictionary names as mentions, one event per article dated on
its publication day), so these tests say what the services read and record whatever the
extraction of the day is."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from db import edits, queries
from db import models as m
from db.bundle import export_bundle
from db.project import Project
from ingest.gazetteer import Gazetteer
from ingest.records import ActorMention, DateSpan, Event, EventActor, Extraction, Span
from services import redate, relink
from services.importing import import_pasted
from tests.test_db_support import install_fake_merge, patch_module

A = "Mürted said on Monday that Greece would buy S-400 missiles from Russia."
B = "Greece said on Tuesday that Russia had sent a delegation to Athens."
C = "Russia announced on Friday a new gas deal with Germany."
D = "Turkey said on Sunday that it would hold talks with Iran."


def reading(text: str, dct: date | None, gazetteer: Gazetteer | None = None) -> Extraction:
    """Dictionary names as actor mentions; one event, the whole text, on the publication day."""
    gaz = gazetteer or Gazetteer.default()
    hits = gaz.match_actors(text)
    names = list(dict.fromkeys(h.name for h in hits))
    whole = Span(0, len(text))
    when = DateSpan(dct.isoformat(), dct, dct, "day") if dct else None
    return Extraction(
        dct=dct,
        sentences=[whole],
        actor_mentions=[ActorMention(h.start, h.end, h.text, h.name, "country") for h in hits],
        actors={n: info for n in names if (info := gaz.actor(n)) is not None},
        events=[Event("e1", text[:40], whole, when, "OTHER", [EventActor(n, "agent") for n in names])],  # noqa: E501
    )


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the services read again."""
    seen: list[str] = []

    def spy(text, dct, gazetteer=None):
        seen.append(text)
        return reading(text, dct, gazetteer)

    install_fake_merge(monkeypatch)
    patch_module(monkeypatch, "ingest.pipeline", extract=reading)  # for the import
    monkeypatch.setattr(relink, "extract", spy)
    monkeypatch.setattr(redate, "extract", spy)
    return seen


@pytest.fixture
def project(tmp_path: Path, reads: list[str]) -> Iterator[Project]:
    with Project.open(tmp_path / "p.stanceline") as p:
        for text in (A, B, C, D):
            import_pasted(p, text, date(2024, 3, 12))
        assert reads == []  # the import reads through ingest.pipeline, not the services
        yield p


def source_id(p: Project, text: str) -> int:
    with p.reading() as s:
        return s.scalar(select(m.Source.id).where(m.Source.text == text))


def actor_id(p: Project, name: str) -> int:
    return next(a.id for a in queries.list_actors(p, counts=False) if a.name == name)


def snapshot(p: Project) -> dict:
    doc = export_bundle(p)
    doc.pop("exported")
    return doc


def undo_redo_exactly(p: Project, change: edits.Change, before: dict) -> None:
    after = snapshot(p)
    assert after != before, "the write changed nothing"
    edits.undo(p, change)
    assert snapshot(p) == before
    edits.redo(p, change)
    assert snapshot(p) == after


def sources_in(change: edits.Change) -> set[int]:
    """The sources whose mentions or stances the change's record holds."""
    found = set()
    for table in ("mentions", "stances"):
        for state in (change.before, change.after):
            found |= {row["source_id"] for row in state.get(table, {}).values() if row}
    return found


def test_an_alias_reads_only_the_articles_that_name_it(project: Project, reads) -> None:
    a = source_id(project, A)
    before = snapshot(project)
    change = relink.add_alias(project, actor_id(project, "Turkey"), "Mürted")
    assert reads == [A]
    assert change.result == (a,)
    assert sources_in(change) == {a}
    detail = queries.source_detail(project, a)
    assert any(mm.label == "Turkey" and A[mm.start : mm.end] == "Mürted" for mm in detail.mentions)
    undo_redo_exactly(project, change, before)

    reads.clear()
    before = snapshot(project)
    change = relink.remove_alias(project, actor_id(project, "Turkey"), "Mürted")
    assert reads == [A] and sources_in(change) == {a}
    undo_redo_exactly(project, change, before)


def test_an_alias_no_article_names_reads_nothing(project: Project, reads) -> None:
    change = relink.add_alias(project, actor_id(project, "Turkey"), "Anadolu Devleti")
    assert reads == [] and change.result == ()
    assert set(change.after) == {"actor_aliases"}


def test_the_other_reports_of_a_relinked_event_are_read_too(project: Project, reads) -> None:
    """An event A reports that B reports too takes its actors from both readings; B's own
    mentions stay out of the change (its text names nothing that changed)."""
    a, b = source_id(project, A), source_id(project, B)
    with project.session() as s:
        event_a = s.scalar(select(m.Evidence.event_id).where(m.Evidence.source_id == a))
        ev_b = s.scalars(select(m.Evidence).where(m.Evidence.source_id == b)).first()
        s.add(m.Evidence(event_id=event_a, source_id=b, start=ev_b.start, end=ev_b.end))
    before = snapshot(project)
    change = relink.add_alias(project, actor_id(project, "Turkey"), "Mürted")
    assert sorted(reads) == sorted([A, B]) and change.result == (a, b)
    assert sources_in(change) == {a}
    linked = {row["event_id"] for row in change.after.get("event_actors", {}).values() if row}
    assert linked <= {event_a}
    undo_redo_exactly(project, change, before)


def test_a_dictionary_file_reads_the_articles_naming_its_names(
    project: Project, reads, tmp_path: Path
) -> None:
    import json

    path = tmp_path / "d.json"
    entry = {"name": "Germany", "colour": "#009E73", "aliases": ["Mürted"]}
    path.write_text(json.dumps({"actors": [entry]}), encoding="utf-8")
    before = snapshot(project)
    change = relink.import_dictionary(project, path)
    assert sorted(reads) == sorted([A, C])  # "Mürted" in A, "Germany" in C
    assert change.result == 1
    undo_redo_exactly(project, change, before)


def test_a_date_change_reads_and_records_one_article(project: Project, reads) -> None:
    a = source_id(project, A)
    before = snapshot(project)
    change = redate.set_published(project, a, date(2024, 6, 4))
    assert reads == [A]
    assert set(change.after["sources"]) == {a}
    assert sources_in(change) <= {a}
    with project.reading() as s:
        own = set(s.scalars(select(m.Evidence.event_id).where(m.Evidence.source_id == a)))
    assert set(change.after.get("events", {})) <= own
    (row,) = [e for e in queries.list_events(project) if a in e.source_ids]
    assert row.earliest == date(2024, 6, 4)
    undo_redo_exactly(project, change, before)
