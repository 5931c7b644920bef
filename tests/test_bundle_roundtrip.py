"""The project bundle: export → import into a new project → export gives the same bundle."""

from __future__ import annotations

import json
from pathlib import Path

from db import edits, queries
from db.bundle import export_bundle, read_bundle
from db.export import export_project
from db.project import Project
from services.importing import import_paths
from tests.test_gui_support import isolated_settings, project_file  # noqa: F401  (fixtures)


def annotate(project: Project) -> None:
    first, second, third = (e.id for e in queries.list_events(project)[:3])
    edits.set_star(project, [first, second], True)
    edits.set_review(project, [second], "rejected")
    edits.add_tags(project, [first, third], ["sanctions", "S-400"])
    edits.set_tag_colour(project, "sanctions", "#D55E00")
    edits.add_note(project, [first], "Check the Russian side.", author="ayse")
    edits.save_view(project, "Turkey only", {"actors": ["Turkey"], "text": "S-400"})
    turkey = next(a.id for a in queries.list_actors(project) if a.name == "Turkey")
    edits.update_actor(project, turkey, colour="#0072B2")


def without_timestamp(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k != "exported"}


def test_bundle_round_trip_is_exact(tmp_path: Path, project_file: Path) -> None:  # noqa: F811
    with Project.open(project_file, create=False) as p:
        annotate(p)
        assert export_project(p, "bundle", tmp_path / "first.json") == 0
    first = json.loads((tmp_path / "first.json").read_text(encoding="utf-8"))
    for key in ("sources", "actors", "events", "stances", "annotations"):
        assert first[key], key
    assert all(s["text"] and s["uid"] for s in first["sources"])
    assert {"title", "outlet", "url", "published"} <= first["sources"][0].keys()

    # Called anything at all: import recognises the bundle by its content.
    disguised = tmp_path / "backup-copy.txt"
    disguised.write_bytes((tmp_path / "first.json").read_bytes())
    with Project.open(tmp_path / "restored.stanceline") as restored:
        report = import_paths(restored, [disguised])
        assert report.ok and len(report.imported) == 1
        again = export_bundle(restored)
        assert len(queries.list_events(restored)) == len(first["events"])
        # Importing it a second time adds nothing.
        before = len(queries.list_events(restored))
        import_paths(restored, [disguised])
        assert len(queries.list_events(restored)) == before
        assert without_timestamp(export_bundle(restored)) == without_timestamp(again)
    assert without_timestamp(again) == without_timestamp(first)
    assert json.dumps(without_timestamp(again), sort_keys=True) == json.dumps(
        without_timestamp(first), sort_keys=True
    )


def test_read_bundle_rejects_other_json(tmp_path: Path) -> None:
    other = tmp_path / "data.json"
    other.write_text('{"events": [], "something": 1}', encoding="utf-8")
    assert read_bundle(other) is None
    article = tmp_path / "a.txt"
    article.write_text("Turkey bought the S-400 in 2017.", encoding="utf-8")
    assert read_bundle(article) is None
