"""db.edits: every write returns a Change whose undo restores the rows exactly."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from db import edits, queries
from db import models as m
from db.bundle import export_bundle
from db.edits import EventEdit
from db.project import Project
from ingest.records import DateSpan
from services import relink
from tests.test_gui_support import isolated_settings, project, project_file  # noqa: F401


def snapshot(p: Project) -> dict:
    doc = export_bundle(p)
    doc.pop("exported")
    return doc


def actor_id(p: Project, name: str) -> int:
    return next(a.id for a in queries.list_actors(p) if a.name == name)


def check_undo_redo(p: Project, write: Callable[[], edits.Change]) -> edits.Change:
    before = snapshot(p)
    change = write()
    after = snapshot(p)
    assert after != before, "the write changed nothing"
    edits.undo(p, change)
    assert snapshot(p) == before
    edits.redo(p, change)
    assert snapshot(p) == after
    return change


def test_bulk_annotations_undo(project: Project) -> None:  # noqa: F811
    ids = [e.id for e in queries.list_events(project)[:4]]
    check_undo_redo(project, lambda: edits.set_star(project, ids, True))
    check_undo_redo(project, lambda: edits.set_review(project, ids, "confirmed"))
    check_undo_redo(project, lambda: edits.add_tags(project, ids, ["new tag"]))
    check_undo_redo(project, lambda: edits.remove_tags(project, ids[:1], ["new tag"]))
    c = check_undo_redo(project, lambda: edits.add_note(project, ids, "same note", "me"))
    assert c.annotation_only and set(c.event_ids) == set(ids)
    check_undo_redo(project, lambda: edits.set_tag_colour(project, "new tag", "#123456"))
    assert edits.tag_colours(project)["new tag"] == "#123456"


def test_edit_event_fields_and_undo(project: Project) -> None:  # noqa: F811
    event = queries.list_events(project)[0]
    russia, greece = actor_id(project, "Russia"), actor_id(project, "Greece")
    span = DateSpan("2018-03", date(2018, 3, 1), date(2018, 3, 31), "month")
    edit = EventEdit(
        summary="Edited summary",
        event_type="meeting",
        date=span,
        qualifier="before",
        actors=[(russia, "agent"), (greece, "patient")],
        things=["S-400", "Brand-new thing"],
    )
    check_undo_redo(project, lambda: edits.edit_event(project, event.id, edit))
    detail = queries.event_detail(project, event.id)
    assert detail.row.summary == "Edited summary" and detail.row.precision == "month"
    assert [(n, r) for _i, n, r in detail.actors] == [("Russia", "agent"), ("Greece", "patient")]
    assert detail.things == ("S-400", "Brand-new thing")
    with project.session() as s:
        row = s.get(m.Event, event.id)
        assert row.date_note == "before" and row.date_locked
        text = s.scalar(select(m.Source.text))
    # Evidence is untouched.
    assert detail.evidence == queries.event_detail(project, event.id).evidence
    assert text


def test_delete_merge_split_create(project: Project) -> None:  # noqa: F811
    rows = queries.list_events(project)
    a, b = rows[0].id, rows[1].id
    edits.add_note(project, [b], "note on b")
    edits.undo(project, check_undo_redo(project, lambda: edits.delete_events(project, [a])))
    c = check_undo_redo(project, lambda: edits.merge_events(project, a, [b]))
    detail = queries.event_detail(project, a)
    assert len({e.source_id for e in detail.evidence}) >= 1 and len(detail.evidence) >= 2
    assert [n.text for n in detail.notes] == ["note on b"]
    evidence_id = max(c.after["evidence"])
    c = check_undo_redo(project, lambda: edits.split_event(project, a, [evidence_id]))
    assert c.result in {e.id for e in queries.list_events(project)}
    source_id = queries.list_sources(project)[0][0]
    c = check_undo_redo(
        project,
        lambda: edits.create_event(
            project,
            source_id,
            0,
            20,
            "Made by hand",
            None,
            "statement",
            [(actor_id(project, "Turkey"), "agent")],
            ["S-400"],
        ),
    )
    assert queries.event_detail(project, c.result).row.review == "confirmed"


def test_stance_edits(project: Project) -> None:  # noqa: F811
    st = queries.list_stances(project)[0]
    check_undo_redo(project, lambda: edits.edit_stance(project, st.id, polarity="neutral"))
    check_undo_redo(
        project,
        lambda: edits.edit_stance(
            project, st.id, holder_id=actor_id(project, "Greece"), target="a new issue"
        ),
    )
    check_undo_redo(project, lambda: edits.group_targets(project, "s400-purchase", ["caatsa"]))
    assert "caatsa" not in {s.target_key for s in queries.list_stances(project)}
    source_id = queries.list_sources(project)[0][0]
    check_undo_redo(
        project,
        lambda: edits.create_stance(
            project, source_id, 0, 10, actor_id(project, "NATO"), "against", "Something"
        ),
    )
    check_undo_redo(project, lambda: edits.delete_stance(project, st.id))


def test_actor_edits(project: Project) -> None:  # noqa: F811
    turkey, erdogan = actor_id(project, "Turkey"), actor_id(project, "Recep Tayyip Erdoğan")
    check_undo_redo(
        project,
        lambda: edits.update_actor(
            project, turkey, name="Türkiye", kind="country", colour="#112233", affiliation_id=None
        ),
    )
    assert "Turkey" in edits.actor_aliases(project, turkey)
    events_before = {e.id for e in queries.list_events(project) if erdogan in e.actor_ids}
    c = check_undo_redo(project, lambda: edits.merge_actors(project, turkey, [erdogan]))
    assert erdogan not in {a.id for a in queries.list_actors(project)}
    assert all(turkey in e.actor_ids for e in queries.list_events(project) if e.id in events_before)
    assert all(s.holder_id != erdogan for s in queries.list_stances(project))
    edits.undo(project, c)
    c = check_undo_redo(project, lambda: edits.split_alias(project, turkey, "Ankara", "place"))
    names = {a.name for a in queries.list_actors(project)}
    assert "Ankara" in names and "Ankara" not in edits.actor_aliases(project, turkey)
    check_undo_redo(project, lambda: edits.create_actor(project, "Iran", "country"))
    with pytest.raises(ValueError):
        edits.update_actor(project, turkey, name="Russia")


def test_saved_views(project: Project) -> None:  # noqa: F811
    c = check_undo_redo(project, lambda: edits.save_view(project, "Mine", {"actors": [1]}))
    assert [v.name for v in edits.saved_views(project)] == ["Mine"]
    check_undo_redo(project, lambda: edits.save_view(project, "Mine", {"actors": [2]}))
    assert edits.saved_views(project)[0].state == {"actors": [2]}
    check_undo_redo(project, lambda: edits.delete_view(project, "Mine"))
    assert c.result


def test_upgrade_1_to_2_adds_saved_views(tmp_path: Path) -> None:
    from sqlalchemy import create_engine, inspect

    from db.upgrades.v2 import upgrade_1_to_2

    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    tables = [t for name, t in m.Base.metadata.tables.items() if name != "saved_views"]
    m.Base.metadata.create_all(engine, tables=tables)
    with engine.begin() as conn:
        upgrade_1_to_2(conn)
        upgrade_1_to_2(conn)  # idempotent
    assert "saved_views" in inspect(engine).get_table_names()
    engine.dispose()


def test_alias_edits_relink_and_undo_exactly(project: Project) -> None:  # noqa: F811
    turkey = actor_id(project, "Turkey")
    change = check_undo_redo(project, lambda: relink.add_alias(project, turkey, "Mürted"))
    assert {"actor_aliases", "mentions"} <= set(change.after)
    assert "Mürted" in edits.actor_aliases(project, turkey)
    check_undo_redo(project, lambda: relink.remove_alias(project, turkey, "Mürted"))
    relink.add_alias(project, turkey, "Mürted")
    with pytest.raises(ValueError, match="already a name of Turkey"):
        relink.add_alias(project, actor_id(project, "Greece"), "Mürted")
    with pytest.raises(ValueError, match="shipped dictionary"):
        relink.remove_alias(project, turkey, "Ankara")


def test_import_dictionary_is_one_undoable_change(project: Project, tmp_path: Path) -> None:  # noqa: F811
    import json

    path = tmp_path / "d.json"
    path.write_text(
        json.dumps({"actors": [{"name": "Greece", "colour": "#009E73", "aliases": ["Mürted"]}]}),
        encoding="utf-8",
    )
    change = check_undo_redo(project, lambda: relink.import_dictionary(project, path))
    assert change.result == 1


def test_versions_refuse_a_stale_write_and_write_nothing(project: Project) -> None:  # noqa: F811
    from db.sync import ConflictError, event_version

    event_id = queries.list_events(project)[0].id
    seen = event_version(project, event_id)
    edits.set_review(project, [event_id], "rejected")  # someone else, unchecked
    for write in (
        lambda: edits.set_star(project, [event_id], True, {event_id: seen}),
        lambda: edits.set_tags(project, event_id, ["x"], seen),
        lambda: edits.add_note(project, [event_id], "n", "me", {event_id: seen}),
        lambda: edits.edit_event(project, event_id, EventEdit(summary="mine"), seen),
    ):
        with pytest.raises(ConflictError):
            write()
    row = queries.event_detail(project, event_id).row
    assert (row.starred, row.tags, row.note_count, row.review) == (False, (), 0, "rejected")
    fresh = event_version(project, event_id)
    change = edits.set_star(project, [event_id], True, {event_id: fresh})
    assert event_version(project, event_id) != fresh  # advanced: the next stale writer is told
    edits.undo(project, change)
    assert not queries.event_detail(project, event_id).row.starred
