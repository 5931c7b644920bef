"""A damaged project is detected on open, never written to, and its latest backup is offered."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from db import backup
from db import models as m
from db.project import Project, ProjectDamagedError, ProjectError


def _big_project(tmp_path: Path) -> Path:
    path = tmp_path / "work.stanceline"
    with Project.open(path) as project, project.session() as s:
        s.add_all(m.Tag(name=f"tag {i} " + "x" * 200) for i in range(2000))
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    return path


def _assert_refused_untouched(path: Path, expect_backup: bool) -> ProjectDamagedError:
    data = path.read_bytes()
    with pytest.raises(ProjectDamagedError) as err:
        Project.open(path, create=True)
    assert path.read_bytes() == data  # never overwritten, not even the header
    message = str(err.value)
    assert str(path) in message and "damaged" in message and "not been changed" in message
    if expect_backup:
        assert err.value.backup is not None and "Restore backup" in message
    return err.value


def test_truncated_project_is_detected_and_the_backup_offered(tmp_path: Path) -> None:
    path = _big_project(tmp_path)
    made = backup.create_backup(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    err = _assert_refused_untouched(path, expect_backup=True)
    assert err.backup == made


def test_overwritten_pages_are_detected(tmp_path: Path) -> None:
    path = _big_project(tmp_path)
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(3 * page, len(data) - page, 7 * page):  # scribble over some pages
        data[offset + 100 : offset + 400] = b"\xa5" * 300
    path.write_bytes(bytes(data))
    err = _assert_refused_untouched(path, expect_backup=False)
    assert "No backup" in str(err)


def test_header_only_file_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "cut.stanceline"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    data = path.read_bytes()
    with pytest.raises(ProjectError):
        Project.open(path)
    assert path.read_bytes() == data


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"%PDF-1.7\n" + b"\x00" * 500, "not an SQLite database"),
        (b"PK\x03\x04" + b"\x00" * 500, "not an SQLite database"),
        ("Çavuşoğlu notes, not a database\n".encode() * 100, "not an SQLite database"),
    ],
)
def test_a_file_that_is_not_a_project_is_refused_by_name(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "notes.stanceline"
    path.write_bytes(content)
    with pytest.raises(ProjectError, match=reason) as err:
        Project.open(path)
    assert str(path) in str(err.value)
    assert path.read_bytes() == content
