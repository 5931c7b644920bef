"""The read API the viewer codes against, and the annotations it writes."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event, select

from db import annotations as ann
from db import models as m
from db import queries as q
from db.importer import import_article
from db.project import Project
from ingest.records import Article, DateSpan
from tests.test_db_support import (
    RELATIVE_TEXT,
    article_a,
    article_b,
    install_fake_merge,
    patch_module,
    relative_extraction,
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Project]:
    install_fake_merge(monkeypatch)
    with Project.open(tmp_path / "p.stanceline") as p:
        yield p


@pytest.fixture
def two(project: Project) -> tuple[Project, int, int]:
    a = import_article(project, *article_a())
    b = import_article(project, *article_b())
    return project, a.source_id, b.source_id


def test_list_events(two: tuple[Project, int, int]) -> None:
    project, a, b = two
    rows = q.list_events(project)
    assert [r.event_type for r in rows] == ["purchase", "statement"]  # undated last
    purchase, statement = rows
    assert purchase.source_ids == (a, b)
    assert purchase.earliest == date(2019, 7, 12) and purchase.date_value == "2019-07-12"
    assert purchase.review == "unreviewed" and not purchase.starred
    actors = {r.name: r.id for r in q.list_actors(project)}
    assert purchase.actor_ids == (actors["Turkey"], actors["Russia"])  # once each, any role
    assert set(statement.actor_ids) == {actors["Turkey"], actors["Mevlüt Çavuşoğlu"]}
    assert purchase.thing_ids == tuple(i for i, _ in q.list_things(project))
    assert (statement.tags, statement.note_count, statement.source_ids) == ((), 0, (a,))
    with pytest.raises(dataclasses.FrozenInstanceError):
        purchase.summary = "x"  # type: ignore[misc]


def test_list_events_uses_a_handful_of_queries(project: Project) -> None:
    article, x = article_a()
    for i in range(30):
        article.text += f"\nCopy {i}."
        import_article(project, article, x)
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(project.engine, "before_cursor_execute", listener)
    try:
        rows = q.list_events(project)
    finally:
        event.remove(project.engine, "before_cursor_execute", listener)
    assert len(rows) >= 30
    assert len(statements) <= 8, statements


def test_list_actors_counts_and_order(two: tuple[Project, int, int]) -> None:
    project, _, _ = two
    rows = q.list_actors(project)
    assert [(r.name, r.event_count) for r in rows] == [
        ("Turkey", 2),
        ("Mevlüt Çavuşoğlu", 1),
        ("Russia", 1),
    ]
    by_name = {r.name: r for r in rows}
    assert by_name["Mevlüt Çavuşoğlu"].affiliation_id == by_name["Turkey"].id
    assert by_name["Turkey"].kind == "country"


def test_event_detail(two: tuple[Project, int, int]) -> None:
    project, a, b = two
    purchase = q.list_events(project)[0]
    detail = q.event_detail(project, purchase.id)
    assert detail.row == purchase
    assert [(e.source_id, e.outlet) for e in detail.evidence] == [(a, "Daily A"), (b, "Daily B")]
    text_a = q.source_detail(project, a).text
    first = detail.evidence[0]
    assert text_a[first.start : first.end].startswith("Turkey took delivery")
    assert ("Turkey", "agent") in {(name, role) for _, name, role in detail.actors}
    assert detail.things == ("S-400",)
    with pytest.raises(KeyError):
        q.event_detail(project, 999)


def test_source_detail_and_list_sources(two: tuple[Project, int, int]) -> None:
    project, a, b = two
    detail = q.source_detail(project, a)
    assert detail.title == "Turkey gets S-400" and detail.published_known
    marks = {(detail.text[mm.start : mm.end], mm.kind, mm.label) for mm in detail.mentions}
    assert ("Ankara", "actor", "Turkey") in marks
    assert ("12 July 2019", "timex", "2019-07-12") in marks
    assert ("S-400", "thing", "S-400") in marks
    assert [mm.start for mm in detail.mentions] == sorted(mm.start for mm in detail.mentions)
    assert q.list_sources(project) == [
        (a, "Turkey gets S-400", "Daily A", date(2019, 7, 13)),
        (b, "S-400 delivered", "Daily B", date(2019, 8, 1)),
    ]
    with pytest.raises(KeyError):
        q.source_detail(project, 999)


def test_list_stances_quotes_evidence_with_non_ascii_offsets(two) -> None:
    project, a, _ = two
    (row,) = q.list_stances(project)
    assert row.holder == "Mevlüt Çavuşoğlu" and row.polarity == "against"
    assert row.evidence_text == "Mevlüt Çavuşoğlu said Ankara opposed the sanctions"
    assert row.source_id == a and row.event_id == q.list_events(project)[1].id
    assert row.target_key == "sanctions" and row.date_value is None


def test_annotations_persist_across_reopen(tmp_path: Path, monkeypatch) -> None:
    install_fake_merge(monkeypatch)
    path = tmp_path / "notes.stanceline"
    with Project.open(path) as project:
        import_article(project, *article_a())
        event_id = q.list_events(project)[0].id
        ann.set_star(project, event_id, True)
        ann.set_review(project, event_id, "confirmed")
        keep = ann.add_note(project, event_id, "check the delivery date", author="ayse")
        drop = ann.add_note(project, event_id, "typo")
        ann.delete_note(project, drop)
        ann.set_tags(project, event_id, ["S-400", "deals", "S-400", " "])
        ann.set_tags(project, event_id, ["deals", "2019"])
        with pytest.raises(ValueError):
            ann.set_review(project, event_id, "maybe")
        with pytest.raises(KeyError):
            ann.set_star(project, 999, True)
    with Project.open(path, create=False) as project:
        detail = q.event_detail(project, event_id)
        assert detail.row.starred and detail.row.review == "confirmed"
        assert detail.row.tags == ("2019", "deals") and detail.row.note_count == 1
        (note,) = detail.notes
        assert (note.id, note.text, note.author) == (keep, "check the delivery date", "ayse")
        ann.set_star(project, event_id, False)
        ann.set_tags(project, event_id, [])
        assert not q.list_events(project)[0].starred
        assert q.list_events(project)[0].tags == ()


def test_set_published_re_resolves_dates(project: Project, monkeypatch) -> None:
    calls: list[date | None] = []

    def extract(text: str, dct: date | None, gazetteer: object = None):
        calls.append(dct)
        return relative_extraction(text, dct)

    patch_module(monkeypatch, "ingest.pipeline", extract=extract)
    article = Article(text=RELATIVE_TEXT, title="Ambassador summoned")
    sid = import_article(project, article, relative_extraction(RELATIVE_TEXT, None)).source_id
    (row,) = q.list_events(project)
    assert row.earliest is None and row.date_value is None
    assert not q.source_detail(project, sid).published_known

    ann.set_published(project, sid, date(2022, 3, 2))
    assert calls == [date(2022, 3, 2)]
    (row,) = q.list_events(project)
    assert (row.earliest, row.latest, row.precision) == (date(2022, 3, 1), date(2022, 3, 1), "day")
    detail = q.source_detail(project, sid)
    assert detail.published == date(2022, 3, 2) and detail.published_known
    timexes = [mm for mm in detail.mentions if mm.kind == "timex"]
    assert [(detail.text[t.start : t.end], t.label) for t in timexes] == [
        ("yesterday", "2022-03-01")
    ]
    (stance,) = q.list_stances(project)
    assert stance.date_value == "2022-03-01"

    ann.set_event_date(
        project, row.id, DateSpan("2022-02", date(2022, 2, 1), date(2022, 2, 28), "month")
    )
    ann.set_published(project, sid, None)
    (row,) = q.list_events(project)
    assert row.date_value == "2022-02"  # the user's date is locked
    assert not q.source_detail(project, sid).published_known
    assert q.list_stances(project)[0].date_value is None  # undated again


def test_set_published_keeps_a_finer_date_from_another_source(project, monkeypatch) -> None:
    """A merged event: re-resolving one source may refine, never coarsen, the date."""
    a = import_article(project, *article_a())
    b = import_article(project, *article_b())

    def extract(text: str, dct: date | None, gazetteer: object = None):
        return article_b()[1]  # the month again, whatever the date

    patch_module(monkeypatch, "ingest.pipeline", extract=extract)
    ann.set_published(project, b.source_id, date(2019, 8, 2))
    purchase = q.list_events(project)[0]
    assert purchase.precision == "day" and purchase.source_ids == (a.source_id, b.source_id)
    with project.session() as s:
        assert s.scalars(select(m.Source.published).where(m.Source.id == b.source_id)).one() == (
            date(2019, 8, 2)
        )
