"""Schema upgrades: older projects open and upgrade in one transaction after a backup; newer
ones are refused untouched.  ``tests/fixtures/schema_v1.stanceline`` stands for the projects
users already have."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Connection, text

import db.migrations as migrations
from db import backup
from db import models as m
from db import queries as q
from db.project import Project, ProjectError

FIXTURE = Path(__file__).parent / "fixtures" / "schema_v1.stanceline"


def _copy_fixture(tmp_path: Path) -> Path:
    path = tmp_path / "old.stanceline"
    shutil.copyfile(FIXTURE, path)
    return path


def _version(path: Path) -> tuple[str, int]:
    raw = sqlite3.connect(path)
    try:
        stamp = raw.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0]
        return stamp, raw.execute("PRAGMA user_version").fetchone()[0]
    finally:
        raw.close()


def _tables(path: Path) -> set[str]:
    raw = sqlite3.connect(path)
    try:
        return {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        raw.close()


def test_fixture_is_format_1() -> None:
    assert _version(FIXTURE) == ("1", 1)


def test_v1_fixture_opens_and_is_upgraded_after_a_backup(tmp_path: Path) -> None:
    path = _copy_fixture(tmp_path)
    with Project.open(path, create=False) as project:
        events = q.list_events(project)
        starred = [e for e in events if e.starred]
        assert len(events) >= 2 and len(starred) == 1
        assert starred[0].review == "confirmed" and starred[0].tags == ("deliveries",)
        assert starred[0].note_count == 1
        assert project.meta()["schema_version"] == str(m.SCHEMA_VERSION)
    assert _version(path) == (str(m.SCHEMA_VERSION), m.SCHEMA_VERSION)
    assert set(m.Base.metadata.tables) <= _tables(path)  # every table of today's format
    if m.SCHEMA_VERSION > 1:
        (made,) = backup.list_backups(path)
        assert made.reason == f"before-upgrade-to-{m.SCHEMA_VERSION}"
        assert _version(made.path) == ("1", 1)  # the backup is the file as it was
    # Opening again does not upgrade twice (nor back up: the last backup is recent).
    with Project.open(path, create=False):
        pass
    assert len(backup.list_backups(path)) == (1 if m.SCHEMA_VERSION > 1 else 0)


def _fake_steps(monkeypatch: pytest.MonkeyPatch, steps: dict[int, object]) -> None:
    monkeypatch.setattr(migrations, "upgrade_step", lambda v: steps[v])


def test_upgrade_runs_every_step_in_order_after_a_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _copy_fixture(tmp_path)
    ran: list[tuple[int, int]] = []

    def step(version: int):
        def run(conn: Connection) -> None:
            # The backup already exists when the first step runs.
            ran.append((version, len(backup.list_backups(path))))
            conn.execute(text(f"CREATE TABLE step_{version} (id INTEGER)"))

        return run

    monkeypatch.setattr(m, "SCHEMA_VERSION", 4)
    monkeypatch.setattr("db.project.SCHEMA_VERSION", 4)
    _fake_steps(monkeypatch, {2: step(2), 3: step(3), 4: step(4)})
    with Project.open(path, create=False):
        pass
    assert ran == [(2, 1), (3, 1), (4, 1)]
    assert {"step_2", "step_3", "step_4"} <= _tables(path)
    assert _version(path) == ("4", 4)


def test_a_failing_step_leaves_the_project_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _copy_fixture(tmp_path)
    before = _tables(path)

    def good(conn: Connection) -> None:
        conn.execute(text("CREATE TABLE added_by_step (id INTEGER)"))
        conn.execute(text("UPDATE notes SET text = 'changed by a step'"))

    def bad(_conn: Connection) -> None:
        raise RuntimeError("step 3 broke")

    monkeypatch.setattr(m, "SCHEMA_VERSION", 3)
    monkeypatch.setattr("db.project.SCHEMA_VERSION", 3)
    _fake_steps(monkeypatch, {2: good, 3: bad})
    with pytest.raises(ProjectError, match="left unchanged"):
        Project.open(path, create=False)
    assert _tables(path) == before  # the DDL of step 2 was rolled back with everything else
    assert _version(path) == ("1", 1)
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT text FROM notes").fetchone()[0].startswith("Checked")
    raw.close()


def test_no_upgrade_without_a_backup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _copy_fixture(tmp_path)
    data = path.read_bytes()

    def no_room(*_a: object, **_k: object) -> None:
        raise backup.BackupError("disk full")

    monkeypatch.setattr(m, "SCHEMA_VERSION", 2)
    monkeypatch.setattr("db.project.SCHEMA_VERSION", 2)
    monkeypatch.setattr(backup, "create_backup", no_room)
    with pytest.raises(ProjectError, match="no backup"):
        Project.open(path, create=False)
    assert path.read_bytes() == data


def test_missing_upgrade_step_is_a_clear_refusal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _copy_fixture(tmp_path)
    monkeypatch.setattr(m, "SCHEMA_VERSION", 999)
    monkeypatch.setattr("db.project.SCHEMA_VERSION", 999)
    with pytest.raises(ProjectError, match="no upgrade to project format"):
        Project.open(path, create=False)
    assert _version(path) == ("1", 1)


def test_real_steps_exist_for_every_format() -> None:
    for version in range(2, m.SCHEMA_VERSION + 1):
        assert callable(migrations.upgrade_step(version))


@pytest.mark.parametrize("wal", [False, True])
def test_newer_project_is_refused_byte_for_byte_untouched(tmp_path: Path, wal: bool) -> None:
    path = tmp_path / "future.stanceline"
    with Project.open(path):
        pass
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA journal_mode=" + ("WAL" if wal else "DELETE"))
    raw.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    raw.execute("PRAGMA user_version=99")
    raw.commit()
    raw.close()
    data = path.read_bytes()
    with pytest.raises(ProjectError, match="newer Stanceline") as err:
        Project.open(path)
    assert "not been changed" in str(err.value)
    assert path.read_bytes() == data
    assert not backup.list_backups(path)


def test_v3_columns_are_added_to_an_older_project_and_read_back(tmp_path: Path) -> None:
    """Format 3: PLOVER mode on events, speaker and medium on each report and stance, the
    issue label on stances; an older project gains them empty and keeps its rows."""
    import sqlite3

    path = _copy_fixture(tmp_path)
    with Project.open(path, create=False) as project:
        assert q.list_events(project)
    con = sqlite3.connect(path)
    try:
        cols = {
            table: {row[1] for row in con.execute(f"PRAGMA table_info({table})")}
            for table in ("events", "evidence", "stances")
        }
        modes = {row[0] for row in con.execute("SELECT mode FROM events")}
    finally:
        con.close()
    assert "mode" in cols["events"]
    assert {"speaker", "medium"} <= cols["evidence"]
    assert {"issue", "speaker", "medium"} <= cols["stances"]
    assert modes == {""}
