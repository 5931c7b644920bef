"""Several windows, processes or teammates on one project, on SQLite and (when configured)
PostgreSQL: changes by others are seen, concurrent edits of one event are detected, no write is
lost and "database is locked" never reaches the user."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

import db.project as project_module
from db import annotations as ann
from db import models as m
from db import queries as q
from db.importer import import_article
from db.project import Project, ProjectBusyError
from db.sync import ConflictError, event_version
from ingest.pipeline import extract
from ingest.reader import read_text
from tests.storage_backends import location  # noqa: F401  (fixture)

REPO = Path(__file__).resolve().parent.parent
TEXT = (
    "Title: Ankara and the missiles\n\n"
    "Turkey took delivery of the S-400 system on July 12, 2019. "
    "Mevlüt Çavuşoğlu said Ankara opposed the sanctions.\n"
)


def _with_event(location: str) -> int:  # noqa: F811
    with Project.open(location) as project:
        article = read_text(TEXT)
        article.published = date(2019, 7, 13)
        import_article(project, article, extract(article.text, article.published))
        return q.list_events(project)[0].id


def test_storage_round_trip(location: str) -> None:  # noqa: F811
    event_id = _with_event(location)
    with Project.open(location, create=False) as project:
        ann.set_tags(project, event_id, ["deliveries"])
        ann.add_note(project, event_id, "Çavuşoğlu quote checked")
        row = q.event_detail(project, event_id).row
        assert row.tags == ("deliveries",) and row.note_count == 1
        (stance,) = q.list_stances(project)
        assert "Çavuşoğlu" in stance.evidence_text


def test_changes_by_another_connection_are_detected(location: str) -> None:  # noqa: F811
    event_id = _with_event(location)
    with Project.open(location) as mine, Project.open(location) as theirs:
        assert not mine.revisions.changed_elsewhere()
        ann.set_star(theirs, event_id, True)
        assert mine.revisions.changed_elsewhere()
        assert not mine.revisions.changed_elsewhere()  # reported once
        ann.set_star(mine, event_id, False)  # my own write is not "someone else"
        assert not mine.revisions.changed_elsewhere()
        with theirs.session() as s:  # a Core DELETE counts too
            s.execute(m.Note.__table__.delete())
        ann.add_note(theirs, event_id, "theirs")
        ann.add_note(mine, event_id, "mine")  # both wrote: theirs must not hide behind mine
        assert mine.revisions.changed_elsewhere()
        with theirs.session():  # a transaction that writes nothing changes nothing
            pass
        assert not mine.revisions.changed_elsewhere()


def test_concurrent_edit_of_the_same_event_tells_the_later_writer(location: str) -> None:  # noqa: F811
    event_id = _with_event(location)
    with Project.open(location) as alice, Project.open(location) as bob:
        seen_by_alice = event_version(alice, event_id)
        seen_by_bob = event_version(bob, event_id)
        assert seen_by_alice == seen_by_bob
        ann.set_review(bob, event_id, "rejected", expected_version=seen_by_bob)
        with pytest.raises(ConflictError, match="changed by someone else") as err:
            ann.set_review(alice, event_id, "confirmed", expected_version=seen_by_alice)
        assert err.value.event_id == event_id
        with pytest.raises(ConflictError):
            ann.add_note(alice, event_id, "lost?", expected_version=seen_by_alice)
        row = q.event_detail(alice, event_id)
        assert row.row.review == "rejected" and not row.notes  # Bob's edit stands, nothing half
        fresh = event_version(alice, event_id)
        ann.set_review(alice, event_id, "confirmed", expected_version=fresh)  # re-read: fine
        assert q.event_detail(bob, event_id).row.review == "confirmed"


def test_racing_edits_exactly_one_wins(location: str) -> None:  # noqa: F811
    event_id = _with_event(location)
    projects = [Project.open(location) for _ in range(6)]
    try:
        version = event_version(projects[0], event_id)
        barrier = threading.Barrier(len(projects))
        results: list[str] = []

        def edit(i: int) -> None:
            barrier.wait()
            try:
                ann.set_tags(projects[i], event_id, [f"writer {i}"], expected_version=version)
                results.append("ok")
            except ConflictError:
                results.append("conflict")
            except Exception as err:  # anything else (a lock error) fails the test
                results.append(repr(err))

        threads = [threading.Thread(target=edit, args=(i,)) for i in range(len(projects))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(results) == ["conflict"] * (len(projects) - 1) + ["ok"]
        (tag,) = q.event_detail(projects[0], event_id).row.tags
        assert tag.startswith("writer ")
    finally:
        for p in projects:
            p.close()


WRITER = """
import sys
from db import annotations as ann
from db.project import Project
location, event_id, who, n = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
with Project.open(location, create=False) as project:
    for i in range(n):
        ann.add_note(project, event_id, f"{who} {i}")
        ann.set_star(project, event_id, i % 2 == 0)
print("done", who)
"""


def test_two_processes_writing_lose_nothing(location: str) -> None:  # noqa: F811
    event_id = _with_event(location)
    n = 60
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, location, str(event_id), who, str(n)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for who in ("first", "second")
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    for p, (_out, errors) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, errors
        assert "locked" not in errors and "Traceback" not in errors
    with Project.open(location, create=False) as project, project.session() as s:
        texts = set(s.scalars(select(m.Note.text)))
    assert texts == {f"{who} {i}" for who in ("first", "second") for i in range(n)}


HOLDER = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
con.execute("INSERT INTO tags (name, colour) VALUES ('held', '')")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
con.execute("COMMIT")
"""


def _hold_write_lock(path: Path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
    return proc


def test_second_writer_waits_for_the_first_on_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "p.stanceline"
    event_id = _with_event(str(path))
    with Project.open(path) as project:
        holder = _hold_write_lock(path, 1.0)
        started = time.monotonic()
        ann.set_star(project, event_id, True)  # waits for the other process, then writes
        waited = time.monotonic() - started
        holder.wait(timeout=10)
        assert waited > 0.5
        assert q.event_detail(project, event_id).row.starred
        with project.session() as s:
            assert s.scalar(select(func.count()).where(m.Tag.name == "held")) == 1


def test_lock_held_too_long_is_a_message_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.stanceline"
    event_id = _with_event(str(path))
    monkeypatch.setattr(project_module, "BUSY_TIMEOUT_MS", 300)
    with Project.open(path) as project:
        holder = _hold_write_lock(path, 3.0)
        try:
            with pytest.raises(ProjectBusyError, match=r"busy.*Nothing was changed"):
                ann.set_star(project, event_id, True)
        finally:
            holder.kill()
            holder.wait()
        assert not q.event_detail(project, event_id).row.starred
        ann.set_star(project, event_id, True)  # once the lock is gone, it works
        assert q.event_detail(project, event_id).row.starred


def test_reads_do_not_wait_for_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "p.stanceline"
    _with_event(str(path))
    with Project.open(path) as project:
        holder = _hold_write_lock(path, 2.0)
        try:
            started = time.monotonic()
            with project.reading() as s:
                assert s.scalar(select(func.count(m.Event.id))) >= 1
            assert time.monotonic() - started < 1.0
        finally:
            holder.kill()
            holder.wait()


def test_second_opening_is_flagged_as_open_elsewhere(tmp_path: Path) -> None:
    path = tmp_path / "p.stanceline"
    _with_event(str(path))
    first = Project.open(path)
    try:
        assert not first.open_elsewhere
        with Project.open(path) as second:
            assert second.open_elsewhere
    finally:
        first.close()
    with Project.open(path) as again:  # the first one closed: no longer "elsewhere"
        assert not again.open_elsewhere
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()
