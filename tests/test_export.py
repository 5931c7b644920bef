"""Exports: events CSV/JSON, TimelineJS, stance matrix, filtered by actor or by event ids."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from db import edits, queries
from db.export import export_project, render
from db.project import Project
from tests.conftest import REPO
from tests.test_gui_support import isolated_settings, project, project_file  # noqa: F401


def test_events_json_and_csv_carry_everything(project: Project, tmp_path: Path) -> None:  # noqa: F811
    first = queries.list_events(project)[0]
    edits.add_tags(project, [first.id], ["key"])
    edits.add_note(project, [first.id], "a note", author="ayse")
    edits.set_review(project, [first.id], "confirmed")
    assert export_project(project, "json", tmp_path / "e.json") == 0
    doc = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))
    assert len(doc["events"]) == len(queries.list_events(project))
    e = next(r for r in doc["events"] if r["summary"] == first.summary)
    assert e["tags"] == ["key"] and e["review"] == "confirmed"
    assert e["notes"][0]["author"] == "ayse" and e["notes"][0]["text"] == "a note"
    assert e["precision"] == first.precision and e["earliest"] == first.earliest.isoformat()
    assert e["sources"][0]["outlet"] and e["sources"][0]["evidence"]
    assert {a["name"] for a in e["actors"]}

    rows = list(csv.DictReader(io.StringIO(render(project, "csv"))))
    assert len(rows) == len(doc["events"])
    row = next(r for r in rows if r["summary"] == first.summary)
    assert row["tags"] == "key" and "a note" in row["notes"] and row["review"] == "confirmed"


def test_actor_filter_restricts_exports(project: Project) -> None:  # noqa: F811
    greece = json.loads(render(project, "json", actors=["greece"]))["events"]
    assert [e["summary"] for e in greece] == ["Greece welcomes sanctions"]
    # Turkey includes its officials (Erdoğan), as the actor filter does.
    turkey = json.loads(render(project, "json", actors=["Turkey"]))["events"]
    assert any("Erdoğan" in e["summary"] for e in turkey)
    assert not any(e["summary"] == "Greece welcomes sanctions" for e in turkey)
    ids = {queries.list_events(project)[0].id}
    assert len(json.loads(render(project, "json", event_ids=ids))["events"]) == 1


def test_timelinejs_and_stance_matrix(project: Project) -> None:  # noqa: F811
    tl = json.loads(render(project, "timelinejs"))
    dated = [e for e in queries.list_events(project) if e.earliest]
    assert len(tl["events"]) == len(dated)
    year_event = next(e for e in tl["events"] if e["text"]["headline"].startswith("Turkey opens"))
    assert year_event["start_date"] == {"year": "2016"}
    assert all("headline" in e["text"] for e in tl["events"])
    rows = list(csv.reader(io.StringIO(render(project, "stances"))))
    header, labels = rows[0], rows[1]
    assert header[0] == "holder" and "s400-purchase" in header
    us = next(r for r in rows if r[0] == "United States")
    assert us[header.index("s400-purchase")] == "against 2"
    assert labels[header.index("caatsa")] == "CAATSA sanctions"
    only_greece = list(csv.reader(io.StringIO(render(project, "stances", actors=["Greece"]))))
    assert [r[0] for r in only_greece[2:]] == ["Greece"]


def test_statements_carry_who_said_it_and_where(project: Project) -> None:  # noqa: F811
    from sqlalchemy import update

    from db import models as m

    us = next(st for st in queries.list_stances(project) if st.holder == "United States")
    with project.session() as s:
        s.execute(update(m.Stance).where(m.Stance.id == us.id)
                  .values(speaker="Antony Blinken", medium="Reuters", issue="S-400 purchase"))
    rows = list(csv.DictReader(io.StringIO(render(project, "statements"))))
    assert len(rows) == len(queries.list_stances(project))
    row = next(r for r in rows if r["speaker"] == "Antony Blinken")
    assert row["holder"] == "United States" and row["polarity"] == us.polarity
    assert row["medium"] == "Reuters" and row["issue"] == "S-400 purchase"
    assert row["outlet"] and row["evidence"] == " ".join(us.evidence_text.split())
    only_greece = list(csv.DictReader(io.StringIO(render(project, "statements",
                                                         actors=["Greece"]))))
    assert only_greece and {r["holder"] for r in only_greece} == {"Greece"}


def test_cli_export(project_file: Path, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "e.csv"
    run = subprocess.run(
        [
            sys.executable,
            "main.py",
            "export",
            "--project",
            str(project_file),
            "--format",
            "csv",
            "--out",
            str(out),
            "--actor",
            "Greece",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert len(list(csv.DictReader(out.open(encoding="utf-8")))) == 1
    bad = subprocess.run(
        [
            sys.executable,
            "main.py",
            "export",
            "--project",
            str(project_file),
            "--format",
            "json",
            "--out",
            str(out),
            "--actor",
            "Atlantis",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert (bad.returncode == 2 and "Atlantis" in bad.stderr.lower()) or "atlantis" in bad.stderr


def test_plover_export_carries_type_mode_actor_and_recipient(tmp_path):
    """The PLOVER-style export (one JSON record a line, as POLECAT users read them)."""
    import json as _json

    from db.export import plover_lines

    record = {
        "uid": "u1", "date": "2024-03-08", "earliest": "2024-03-08", "latest": "2024-03-08",
        "type": "SANCTION", "mode": "expel", "source": ["Italy"], "target": ["Russia"],
        "summary": "Italy expels two Russian diplomats",
        "sources": [{"outlet": "Wire", "title": "T", "url": "", "published": "2024-03-08",
                     "evidence": "Italy expelled two Russian diplomats.", "speaker": "",
                     "medium": ""}],
    }
    [line] = plover_lines([record]).splitlines()
    out = _json.loads(line)
    assert (out["event"], out["mode"]) == ("SANCTION", "expel")
    assert out["actor"] == [{"actorText": "Italy", "code": "ITA"}]
    assert out["recipient"] == [{"actorText": "Russia", "code": "RUS"}]
    assert plover_lines([]) == ""


def test_an_actor_is_named_by_its_name_or_any_alias(project: Project) -> None:  # noqa: F811
    turkey = next(a.id for a in queries.list_actors(project) if a.name == "Turkey")
    assert queries.actors_named(project, ["ANKARA", "turkey"]) == ({turkey}, set())
    assert queries.actors_named(project, ["Ankara", "Atlantis"]) == ({turkey}, {"atlantis"})


def test_the_screenshot_command_takes_an_alias_and_names_an_unknown_actor(
    project_file: Path, tmp_path: Path  # noqa: F811
) -> None:
    def shot(actor: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "main.py", "screenshot", "--project", str(project_file), "--out",
             str(tmp_path / "s.png"), "--actor", actor],
            cwd=REPO, capture_output=True, text=True, timeout=120,
            env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
        )  # fmt: skip

    ok = shot("Ankara")
    assert ok.returncode == 0 and (tmp_path / "s.png").is_file(), ok.stderr[-800:]
    bad = shot("Atlantis")
    assert bad.returncode == 2 and "no actor named atlantis" in bad.stderr
    assert "Traceback" not in bad.stderr
