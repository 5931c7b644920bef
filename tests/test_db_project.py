"""Opening, creating and refusing project files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError

from db import models as m
from db.project import Project, ProjectError


def test_create_records_schema_version_and_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "new.stanceline"
    with Project.open(path) as project:
        assert project.path == path.resolve()
        assert project.location == str(path.resolve())
        meta = project.meta()
        assert meta["schema_version"] == str(m.SCHEMA_VERSION)
        assert meta["app_version"] and meta["created"]
        with project.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == m.SCHEMA_VERSION
    raw.close()


def test_reopen_keeps_data_and_url_form_works(tmp_path: Path) -> None:
    path = tmp_path / "p.stanceline"
    with Project.open(path) as project, project.session() as s:
        s.add(m.Tag(name="keep"))
    with Project.open(f"sqlite:///{path}", create=False) as project, project.session() as s:
        assert s.scalars(select(m.Tag.name)).all() == ["keep"]
        assert project.path == path.resolve()


def test_in_memory_url_shares_one_database() -> None:
    with Project.open("sqlite:///:memory:") as project:
        assert project.path is None
        with project.session() as s:
            s.add(m.Tag(name="x"))
        with project.session() as s:
            assert s.scalar(select(m.Tag.name)) == "x"


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.stanceline"
    with Project.open(path) as project, project.session() as s:
        s.execute(update(m.Meta).where(m.Meta.key == "schema_version").values(value="99"))
    with pytest.raises(ProjectError, match="newer Stanceline"):
        Project.open(path)


def test_sqlite_database_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectError, match="not a Stanceline project"):
        Project.open(path)


def test_garbage_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.stanceline"
    path.write_text("these are my notes, not a database\n" * 50)
    with pytest.raises(ProjectError, match="not an SQLite database"):
        Project.open(path)
    assert path.read_text().startswith("these are my notes")  # untouched


def test_corrupt_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.stanceline"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(ProjectError):
        Project.open(path)


def test_missing_file_without_create_and_folders(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="no project"):
        Project.open(tmp_path / "absent.stanceline", create=False)
    assert not (tmp_path / "absent.stanceline").exists()
    with pytest.raises(ProjectError, match="folder"):
        Project.open(tmp_path)
    with pytest.raises(ProjectError, match="does not exist"):
        Project.open(tmp_path / "no" / "such" / "dir.stanceline")


def test_unknown_driver_is_a_project_error() -> None:
    with pytest.raises(ProjectError):
        Project.open("nosuchdb+nodriver://host/db")


def test_session_rolls_back_on_error(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.stanceline") as project:
        with pytest.raises(RuntimeError), project.session() as s:
            s.add(m.Tag(name="lost"))
            s.flush()
            raise RuntimeError("boom")
        with project.session() as s:
            assert s.scalar(select(m.Tag)) is None


def test_schema_constraints(tmp_path: Path) -> None:
    from datetime import date

    with Project.open(tmp_path / "p.stanceline") as project:
        with pytest.raises(IntegrityError), project.session() as s:
            s.add(m.Event(summary="x", earliest=date(2020, 2, 1), latest=date(2020, 1, 1)))
        with pytest.raises(IntegrityError), project.session() as s:
            s.add(m.Event(summary="x", review="maybe"))
        with project.session() as s:
            src = m.Source(text="t", content_hash="h")
            actor = m.Actor(name="A")
            s.add_all([src, actor])
            s.flush()
            with pytest.raises(IntegrityError), s.begin_nested():
                s.add(
                    m.Stance(
                        holder_id=actor.id, polarity="sideways", source_id=src.id, start=0, end=1
                    )
                )
            with pytest.raises(IntegrityError), s.begin_nested():
                s.add(m.Mention(source_id=src.id, start=5, end=1, kind="actor"))
            with pytest.raises(IntegrityError), s.begin_nested():
                s.add(m.Actor(name="A"))
            event = m.Event(summary="e")
            tag = m.Tag(name="t")
            s.add_all([event, tag])
            s.flush()
            s.add(m.EventTag(event_id=event.id, tag_id=tag.id))
            s.add(m.Evidence(event_id=event.id, source_id=src.id, start=0, end=1))
            s.flush()
            with pytest.raises(IntegrityError), s.begin_nested():
                s.add(m.EventTag(event_id=event.id, tag_id=tag.id))
            with pytest.raises(IntegrityError), s.begin_nested():  # foreign keys are on
                s.add(m.EventTag(event_id=event.id + 100, tag_id=tag.id))
        with project.session() as s:  # ON DELETE CASCADE reaches the link tables
            s.execute(text("DELETE FROM events"))
            assert s.scalar(select(m.EventTag)) is None
            assert s.scalar(select(m.Evidence)) is None
