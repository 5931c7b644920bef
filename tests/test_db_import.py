"""Importing hand-built extractions: sources, actors, events, merge, duplicates, atomicity."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db import importer
from db import models as m
from db.importer import content_hash, import_article
from db.project import Project
from tests.test_db_support import article_a, article_b, install_fake_merge, month


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    with Project.open(tmp_path / "p.stanceline") as p:
        yield p


def count(project: Project, model: type) -> int:
    with project.session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_import_stores_everything(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    install_fake_merge(monkeypatch)
    article, x = article_a()
    outcome = import_article(project, article, x)
    assert not outcome.duplicate
    assert (outcome.events_created, outcome.events_merged, outcome.stances) == (2, 0, 1)
    with project.session() as s:
        src = s.get_one(m.Source, outcome.source_id)
        assert src.text == article.text and src.published == date(2019, 7, 13)
        assert src.published_known and src.outlet == "Daily A"
        assert src.content_hash == content_hash(article.text)
        actors = {a.name: a for a in s.scalars(select(m.Actor))}
        assert set(actors) == {"Turkey", "Russia", "Mevlüt Çavuşoğlu"}
        minister = actors["Mevlüt Çavuşoğlu"]
        assert minister.kind == "person" and minister.title == "Foreign Minister"
        assert minister.affiliation_id == actors["Turkey"].id
        aliases = s.scalars(
            select(m.ActorAlias.alias).where(m.ActorAlias.actor_id == actors["Turkey"].id)
        )
        assert set(aliases) == {"Ankara", "Türkiye"}
        assert s.scalars(select(m.Thing.kind)).all() == ["weapon"]
        kinds = sorted(s.scalars(select(m.Mention.kind)))
        assert kinds == ["actor"] * 4 + ["thing", "timex"]
        e1 = s.scalar(select(m.Event).where(m.Event.event_type == "purchase"))
        assert e1 is not None
        assert (e1.earliest, e1.latest, e1.precision) == (date(2019, 7, 12),) * 2 + ("day",)
        ev = s.scalar(select(m.Evidence).where(m.Evidence.event_id == e1.id))
        assert ev is not None and ev.local_id == "e1"
        assert article.text[ev.timex_start : ev.timex_end] == "12 July 2019"
        stance = s.scalar(select(m.Stance))
        assert stance is not None and stance.polarity == "against"
        e2 = s.scalar(select(m.Event).where(m.Event.event_type == "statement"))
        assert e2 is not None and stance.event_id == e2.id and e2.earliest is None


def test_duplicate_article_writes_nothing(project: Project, monkeypatch) -> None:
    install_fake_merge(monkeypatch)
    article, x = article_a()
    first = import_article(project, article, x)
    before = [count(project, t) for t in (m.Source, m.Event, m.Mention, m.Stance, m.Evidence)]
    article.text = article.text.replace("\n", "\r\n") + "\n"  # same text, other line endings
    again = import_article(project, article, x)
    assert again.duplicate and again.source_id == first.source_id
    after = [count(project, t) for t in (m.Source, m.Event, m.Mention, m.Stance, m.Evidence)]
    assert before == after


def test_same_event_from_two_sources_is_merged(project: Project, monkeypatch) -> None:
    calls = install_fake_merge(monkeypatch)
    a = import_article(project, *article_a())
    b = import_article(project, *article_b())
    assert (b.events_created, b.events_merged) == (0, 1)
    assert calls, "ingest.merge.same_event decides"
    assert {key.source for pair in calls for key in pair} == {str(a.source_id), str(b.source_id)}
    with project.session() as s:
        assert s.scalar(select(func.count()).select_from(m.Event)) == 2
        purchase = s.scalar(select(m.Event).where(m.Event.event_type == "purchase"))
        assert purchase is not None
        sources = s.scalars(select(m.Evidence.source_id).where(m.Evidence.event_id == purchase.id))
        assert sorted(sources) == [a.source_id, b.source_id]
        assert purchase.precision == "day"  # the day from A beats B's month
        roles = set(
            s.execute(
                select(m.Actor.name, m.EventActor.role)
                .join(m.EventActor, m.EventActor.actor_id == m.Actor.id)
                .where(m.EventActor.event_id == purchase.id)
            )
        )
        # B's roles are added beside A's; S-400 is linked once.
        assert ("Russia", "agent") in roles and ("Turkey", "agent") in roles
        assert s.scalar(select(func.count()).select_from(m.EventThing)) == 1


def test_merge_takes_the_more_precise_agreeing_date(project: Project, monkeypatch) -> None:
    install_fake_merge(monkeypatch)
    import_article(project, *article_b())  # month first
    outcome = import_article(project, *article_a())  # then the day
    assert outcome.events_merged == 1
    with project.session() as s:
        event = s.scalar(select(m.Event).where(m.Event.event_type == "military"))
        assert event is not None
        assert (event.earliest, event.precision, event.date_value) == (
            date(2019, 7, 12),
            "day",
            "2019-07-12",
        )


def test_locked_date_survives_merge(project: Project, monkeypatch) -> None:
    install_fake_merge(monkeypatch)
    import_article(project, *article_b())
    with project.session() as s:
        event = s.scalars(select(m.Event)).one()
        event.date_locked = True
    import_article(project, *article_a())
    with project.session() as s:
        assert s.get_one(m.Event, event.id).precision == "month"


def test_incompatible_dates_are_not_compared(project: Project, monkeypatch) -> None:
    calls = install_fake_merge(monkeypatch)
    import_article(project, *article_a())
    outcome = import_article(project, *article_b(month(2021, 3)))
    assert outcome.events_merged == 0 and outcome.events_created == 1
    compared = {key.date.value for pair in calls for key in pair if key.date}
    assert "2019-07-12" not in compared, "2021 cannot be the event of July 2019"
    assert calls, "the undated statement sharing Turkey is still a candidate"


def test_undated_event_merges_and_takes_the_date(project: Project, monkeypatch) -> None:
    install_fake_merge(monkeypatch)
    article, x = article_b()
    x.events[0].date = None
    import_article(project, article, x)
    outcome = import_article(project, *article_a())
    assert outcome.events_merged == 1
    with project.session() as s:
        event = s.scalar(select(m.Event).where(m.Event.event_type == "military"))
        assert event is not None and event.earliest == date(2019, 7, 12)


def test_events_of_one_article_never_merge_with_each_other(project: Project, monkeypatch) -> None:
    install_fake_merge(monkeypatch)
    article, x = article_a()
    x.events[1].things = ["S-400"]  # would look the same as e1 to the fake same_event
    outcome = import_article(project, article, x)
    assert outcome.events_created == 2


def test_users_colour_and_kind_are_kept(project: Project, monkeypatch) -> None:
    install_fake_merge(monkeypatch)
    import_article(project, *article_b())
    with project.session() as s:
        turkey = s.scalars(select(m.Actor).where(m.Actor.name == "Turkey")).one()
        turkey.colour, turkey.kind = "#123456", "group"
    import_article(project, *article_a())
    with project.session() as s:
        turkey = s.scalars(select(m.Actor).where(m.Actor.name == "Turkey")).one()
        assert (turkey.colour, turkey.kind) == ("#123456", "group")
        assert s.scalar(select(func.count()).select_from(m.Actor)) == 3


def test_failure_mid_article_stores_nothing(project: Project, monkeypatch) -> None:
    install_fake_merge(monkeypatch)

    def boom(self: object) -> int:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(importer._ArticleImport, "_stances", boom)
    with pytest.raises(RuntimeError):
        import_article(project, *article_a())
    for table in (
        m.Source,
        m.Actor,
        m.ActorAlias,
        m.Thing,
        m.Event,
        m.Evidence,
        m.Mention,
        m.EventActor,
    ):
        assert count(project, table) == 0, table.__tablename__
    monkeypatch.undo()
    install_fake_merge(monkeypatch)
    assert not import_article(project, *article_a()).duplicate  # nothing half-stored blocks it


def test_stance_linked_by_span_when_pipeline_gave_no_event_id(project, monkeypatch) -> None:
    install_fake_merge(monkeypatch)
    article, x = article_a()
    x.stances[0].event_id = None
    import_article(project, article, x)
    with project.session() as s:
        stance = s.scalars(select(m.Stance)).one()
        event = s.scalars(select(m.Event).where(m.Event.event_type == "statement")).one()
        assert stance.event_id == event.id


def test_an_article_without_a_title_is_named_after_its_file_or_its_first_line() -> None:
    from db.importer import fallback_title
    from ingest.records import Article

    assert fallback_title(Article(text="x", origin="/data/000_9af3e0c4.txt")) == "000_9af3e0c4"
    pasted = Article(text="\n  Turkey rejected the idea on Wednesday.\nMore text.", origin="pasted")
    assert fallback_title(pasted) == "Turkey rejected the idea on Wednesday."
    long = Article(text="word " * 40, origin="pasted")
    assert fallback_title(long).endswith("…") and len(fallback_title(long)) <= 80
