"""Backups: automatic, timestamped, consistent, thinned like Anki's; restore keeps the current."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db import backup
from db import models as m
from db.project import Project


def _project(tmp_path: Path, tags: int = 3) -> Path:
    path = tmp_path / "p.stanceline"
    with Project.open(path) as project, project.session() as s:
        s.add_all(m.Tag(name=f"t{i}") for i in range(tags))
    return path


def _tag_count(path: Path) -> int:
    raw = sqlite3.connect(path)
    try:
        return raw.execute("SELECT count(*) FROM tags").fetchone()[0]
    finally:
        raw.close()


def test_backup_is_a_whole_timestamped_copy_outside_the_project_folder(tmp_path: Path) -> None:
    path = _project(tmp_path)
    made = backup.create_backup(path, reason="manual test")
    assert made.path.parent == backup.backup_dir(path)
    assert tmp_path not in made.path.parents
    assert made.reason == "manual-test" and made.path.suffix == ".stanceline"
    assert abs(made.taken - datetime.now(UTC)) < timedelta(minutes=1)
    assert _tag_count(made.path) == 3
    raw = sqlite3.connect(made.path)
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    raw.close()
    assert backup.list_backups(path) == [made]


def test_backup_includes_committed_wal_content_and_never_writes_the_project(
    tmp_path: Path,
) -> None:
    path = _project(tmp_path)
    project = Project.open(path)  # keeps the WAL un-checkpointed while open
    try:
        with project.session() as s:
            s.add(m.Tag(name="only in the wal"))
        before = path.read_bytes()
        made = backup.create_backup(path)
        assert path.read_bytes() == before
        assert _tag_count(made.path) == 4
    finally:
        project.close()


def test_backup_while_another_connection_writes_is_consistent(tmp_path: Path) -> None:
    path = _project(tmp_path, tags=0)
    stop = threading.Event()

    def writer() -> None:
        with Project.open(path) as project:
            i = 0
            while not stop.is_set():
                with project.session() as s:  # ten tags per transaction
                    s.add_all(m.Tag(name=f"w{i}-{k}") for k in range(10))
                i += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        counts = [_tag_count(backup.create_backup(path, thin=False).path) for _ in range(5)]
    finally:
        stop.set()
        thread.join()
    assert all(c % 10 == 0 for c in counts)  # whole transactions only


def test_opening_a_project_backs_it_up_periodically(tmp_path: Path) -> None:
    path = _project(tmp_path)
    assert backup.list_backups(path) == []  # a brand-new project has nothing to protect yet
    with Project.open(path):
        pass
    assert len(backup.list_backups(path)) == 1
    with Project.open(path):
        pass
    assert len(backup.list_backups(path)) == 1  # not again within the period
    later = datetime.now(UTC) + backup.PERIOD + timedelta(minutes=1)
    assert backup.backup_if_due(path, now=later) is not None
    assert len(backup.list_backups(path)) == 2


def _stamps(path: Path, now: datetime, ages: list[timedelta]) -> None:
    """Files named like backups (thinning looks only at names), fast to make by the thousand."""
    folder = backup.backup_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    for age in ages:
        (folder / f"{(now - age):%Y%m%d-%H%M%S-%f}.stanceline").write_bytes(b"")


def test_thinning_keeps_recent_then_daily_weekly_monthly(tmp_path: Path) -> None:
    path = _project(tmp_path)
    now = datetime(2024, 6, 30, 12, 0, tzinfo=UTC)
    # Every 6 hours for 400 days: 1600 backups.
    ages = [timedelta(hours=6 * i) for i in range(1600)]
    _stamps(path, now, ages)
    deleted = backup.thin_backups(path, now=now)
    kept = backup.list_backups(path)
    assert len(deleted) + len(kept) == 1600
    recent = [b for b in kept if now - b.taken < backup.RECENT]
    assert len(recent) == 1  # the one taken "now"
    older = [b for b in kept if now - b.taken >= backup.RECENT]
    assert len(older) <= backup.DAILY + backup.WEEKLY + backup.MONTHLY
    days = {b.taken.astimezone().date() for b in older}
    assert len(days) == len(older)  # at most one per day
    assert now - kept[-1].taken > timedelta(days=250)  # monthly ones reach far back
    # The last DAILY days each keep one.
    newest_days = sorted(days, reverse=True)[: backup.DAILY]
    assert (newest_days[0] - newest_days[-1]).days == backup.DAILY - 1
    # Thinning again removes nothing.
    assert backup.thin_backups(path, now=now) == []


def test_thinning_never_deletes_the_newest(tmp_path: Path) -> None:
    path = _project(tmp_path)
    now = datetime.now(UTC)
    _stamps(path, now, [timedelta(days=3000)])
    backup.thin_backups(path, now=now)
    assert len(backup.list_backups(path)) == 1


def test_restore_replaces_the_project_and_keeps_the_current_as_a_backup(tmp_path: Path) -> None:
    path = _project(tmp_path, tags=2)
    old = backup.create_backup(path)
    with Project.open(path) as project, project.session() as s:
        s.add(m.Tag(name="after the backup"))
    saved = backup.restore_backup(old.path, path)
    assert _tag_count(path) == 2
    assert saved is not None and saved.reason == "before-restore" and _tag_count(saved.path) == 3
    with Project.open(path, create=False) as project, project.session() as s:
        assert s.scalar(select(func.count(m.Tag.id))) == 2


def test_restore_over_a_damaged_file_moves_it_aside(tmp_path: Path) -> None:
    path = _project(tmp_path, tags=2)
    good = backup.create_backup(path)
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)  # the header survives, nothing else
    damaged = path.read_bytes()
    backup.restore_backup(good.path, path)
    assert _tag_count(path) == 2
    (aside,) = tmp_path.glob("p.stanceline.damaged-*")
    assert aside.read_bytes() == damaged  # never deleted


def test_backup_of_a_missing_project_is_a_backup_error(tmp_path: Path) -> None:
    with pytest.raises(backup.BackupError, match="Could not back up"):
        backup.create_backup(tmp_path / "absent.stanceline")
    assert not (tmp_path / "absent.stanceline").exists()  # a backup never creates a project
    assert not list(backup.backup_dir(tmp_path / "absent.stanceline").glob("*"))
