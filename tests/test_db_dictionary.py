"""db.dictionary: the project's actor dictionary, its file format, and relinking mentions."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from db import models as m
from db.dictionary import (
    DictionaryError,
    export_dictionary,
    import_dictionary,
    project_gazetteer,
)
from db.project import Project
from ingest.gazetteer import Gazetteer
from services.importing import import_pasted
from services.relink import relink_mentions

TEXT = (
    "Zeltronics said on Monday it would buy Kovar Systems.\n\n"
    "Ankara welcomed the deal, the Turkish trade minister said on Tuesday."
)


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    with Project.open(tmp_path / "p.stanceline") as p:
        yield p


def _actor_mentions(project: Project) -> dict[str, str]:
    """mention text -> actor name, for the one stored source."""
    with project.session() as s:
        text = s.scalar(select(m.Source.text))
        rows = s.execute(
            select(m.Mention.start, m.Mention.end, m.Actor.name)
            .join(m.Actor, m.Actor.id == m.Mention.actor_id)
            .where(m.Mention.kind == "actor")
        ).all()
    return {text[a:b]: name for a, b, name in rows}


def _write(path: Path, actors: list[dict]) -> Path:
    path.write_text(json.dumps({"version": 1, "actors": actors}), encoding="utf-8")
    return path


def test_export_writes_the_shipped_schema(project: Project, tmp_path: Path):
    import_pasted(project, TEXT, date(2024, 3, 12))
    out = tmp_path / "dict.json"
    n = export_dictionary(project, out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["version"] == 1 and len(doc["actors"]) == n > 0
    turkey = next(e for e in doc["actors"] if e["name"] == "Turkey")
    assert turkey["kind"] == "country" and "Ankara" in turkey["aliases"]
    assert set(turkey) >= {"name", "kind", "affiliation", "aliases", "colour"}
    # the file is a dictionary the gazetteer itself can load
    assert Gazetteer.from_file(out).actor("Ankara").name == "Turkey"


def test_import_merges_kind_colour_affiliation_and_aliases(project: Project, tmp_path: Path):
    path = _write(
        tmp_path / "d.json",
        [
            {
                "name": "Zeltronics",
                "kind": "company",
                "aliases": ["Zeltronics Group", "ZTX"],
                "colour": "#aa3300",
                "affiliation": "Turkey",
            }
        ],
    )
    assert import_dictionary(project, path) == 1
    with project.session() as s:
        actor = s.scalar(select(m.Actor).where(m.Actor.name == "Zeltronics"))
        aliases = set(
            s.scalars(select(m.ActorAlias.alias).where(m.ActorAlias.actor_id == actor.id))
        )
        affiliation = s.get(m.Actor, actor.affiliation_id).name
    assert (actor.kind, actor.colour, affiliation) == ("company", "#aa3300", "Turkey")
    assert aliases == {"Zeltronics Group", "ZTX"}
    assert import_dictionary(project, path) == 0  # nothing new the second time


def test_import_refuses_a_malformed_file(project: Project, tmp_path: Path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(DictionaryError):
        import_dictionary(project, bad)
    with pytest.raises(DictionaryError):
        import_dictionary(project, _write(tmp_path / "noname.json", [{"kind": "company"}]))


def test_project_gazetteer_overlays_the_default(project: Project, tmp_path: Path):
    assert project_gazetteer(project) is Gazetteer.default()  # an empty project
    import_dictionary(
        project, _write(tmp_path / "d.json", [{"name": "Turkey", "aliases": ["Sublime Porte"]}])
    )
    gaz = project_gazetteer(project)
    assert gaz.actor("Sublime Porte").name == "Turkey"
    assert gaz.actor("Ankara").name == "Turkey"  # the shipped aliases stay
    assert Gazetteer.default().actor("Sublime Porte") is None  # the default is untouched


def test_new_imports_use_the_project_dictionary(project: Project, tmp_path: Path):
    import_dictionary(
        project,
        _write(tmp_path / "d.json", [{"name": "Kovar", "kind": "company", "aliases": ["KVR"]}]),
    )
    import_pasted(project, "KVR said on Monday it would sell its plant.", date(2024, 3, 12))
    assert _actor_mentions(project).get("KVR") == "Kovar"


def test_relink_rewrites_mentions_and_event_actors_keeping_events(project: Project, tmp_path: Path):
    text = "Turkey said on Monday that Blorvia would buy the S-400."
    import_pasted(project, text, date(2024, 3, 12))
    with project.session() as s:
        before = sorted(s.scalars(select(m.Event.id)))
        s.get(m.Event, before[0]).starred = True  # an annotation that must survive
    assert "Blorvia" not in _actor_mentions(project)  # an unknown word, not a name here
    import_dictionary(
        project,
        _write(
            tmp_path / "d.json",
            [{"name": "Blorvian Republic", "kind": "country", "aliases": ["Blorvia"]}],
        ),
    )
    n = relink_mentions(project)
    assert n >= 1
    assert _actor_mentions(project)["Blorvia"] == "Blorvian Republic"
    with project.session() as s:
        after = sorted(s.scalars(select(m.Event.id)))
        linked = set(
            s.scalars(
                select(m.Actor.name)
                .join(m.EventActor, m.EventActor.actor_id == m.Actor.id)
                .where(m.EventActor.event_id == after[0])
            )
        )
        starred = s.get(m.Event, after[0]).starred
    assert after == before and starred
    assert "Blorvian Republic" in linked


def test_relink_gives_a_stance_the_holder_its_sentence_now_reads(project: Project):
    from db.dictionary import _relink_stance_holders
    from ingest.records import Extraction, Span, Stance

    text = "Ali Veli rejected the sanctions on Monday."
    import_pasted(project, text, date(2024, 3, 12))
    with project.session() as s:
        source_id = s.scalar(select(m.Source.id))
        # the reading may already have made either actor: found or made, whatever it read
        def actor(name: str, kind: str) -> m.Actor:
            found = s.scalar(select(m.Actor).where(m.Actor.name == name))
            if found is None:
                found = m.Actor(name=name, kind=kind)
                s.add(found)
                s.flush()
            return found

        old, new = actor("Ali Veli", "person"), actor("Turkey", "country")
        s.execute(m.Stance.__table__.delete().where(m.Stance.source_id == source_id))
        s.add(
            m.Stance(
                holder_id=old.id,
                polarity="against",
                target="the sanctions",
                target_key="sanction",
                source_id=source_id,
                start=0,
                end=len(text),
            )
        )
        s.flush()
        ids = {"Ali Veli": old.id, "Turkey": new.id}
        x = Extraction(dct=None)
        x.stances.append(
            Stance("Turkey", "against", "the sanctions", "sanction", Span(0, len(text)))
        )
        _relink_stance_holders(s, source_id, x, lambda _i, name, _k: ids[name])
        holders = set(s.scalars(select(m.Stance.holder_id)))
        # Another issue in the same sentence is not somebody else's stance: left alone.
        other = Extraction(dct=None)
        other.stances.extend(
            Stance(h, "for", "a deal", "deal", Span(0, len(text))) for h in ("Ali Veli", "Turkey")
        )
        _relink_stance_holders(s, source_id, other, lambda _i, name, _k: ids[name])
        after_other = set(s.scalars(select(m.Stance.holder_id)))
    assert new.id in holders and old.id not in holders
    assert after_other == holders
