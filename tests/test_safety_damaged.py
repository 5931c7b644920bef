"""A damaged project is detected on open, never written to, and its latest backup is offered."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

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


# ---- big files: open checks the header and the small tables, ``verify`` the rest ----------


@pytest.fixture
def big_file_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat every file as "big": open defers the whole-file check to ``Project.verify``."""
    import db.project

    monkeypatch.setattr(db.project, "FULL_CHECK_AT_OPEN_BYTES", 0)


@pytest.mark.usefixtures("big_file_threshold")
def test_a_truncated_big_file_is_refused_at_open_from_its_header(tmp_path: Path) -> None:
    path = _big_project(tmp_path)
    made = backup.create_backup(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 4096 * 3])  # a copy that stopped three pages short
    err = _assert_refused_untouched(path, expect_backup=True)
    assert "cut short" in str(err) and err.backup == made


def _project_with_big_sources(tmp_path: Path) -> tuple[Path, int]:
    """A project whose pages are mostly sources (not one of the tables checked at open)."""
    path = tmp_path / "articles.stanceline"
    with Project.open(path) as project, project.session() as s:
        s.add_all(
            m.Source(text=f"article {i} " + "y" * 1000, content_hash=f"{i:064d}")
            for i in range(2000)
        )
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    last_root = max(r[0] for r in raw.execute("SELECT rootpage FROM sqlite_master"))
    raw.close()
    return path, last_root


@pytest.mark.usefixtures("big_file_threshold")
def test_overwritten_pages_of_a_big_file_are_found_by_the_deferred_check(tmp_path: Path) -> None:
    path, last_root = _project_with_big_sources(tmp_path)
    made = backup.create_backup(path)
    data = bytearray(path.read_bytes())
    page = 4096
    for n in range(last_root + 5, len(data) // page - 1, 7):  # source pages, not the schema
        data[n * page + 100 : n * page + 400] = b"\xa5" * 300
    path.write_bytes(bytes(data))
    backups_before = backup.list_backups(path)

    project = Project.open(path, create=False)  # header and small tables are sound
    try:
        assert project.integrity_deferred
        with pytest.raises(ProjectDamagedError) as err:
            project.verify()
        message = str(err.value)
        assert "damaged" in message and "Restore backup" in message and err.value.backup == made
        assert project.integrity_deferred  # still unverified: no backup of the damage
        assert backup.list_backups(path) == backups_before
    finally:
        project.close()


@pytest.mark.usefixtures("big_file_threshold")
def test_a_sound_big_file_is_verified_and_then_backed_up(tmp_path: Path) -> None:
    path = _big_project(tmp_path)
    with Project.open(path, create=False) as project:
        assert project.integrity_deferred and not backup.list_backups(path)
        project.verify()
        assert not project.integrity_deferred
        assert len(backup.list_backups(path)) == 1  # the periodic backup, after the check


@pytest.mark.usefixtures("big_file_threshold")
def test_the_window_reports_damage_found_after_it_opened(
    tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox, QWidget

    from viewer import app

    path, last_root = _project_with_big_sources(tmp_path)
    made = backup.create_backup(path)
    data = bytearray(path.read_bytes())
    for n in range(last_root + 5, len(data) // 4096 - 1, 5):
        data[n * 4096 + 100 : n * 4096 + 400] = b"\xa5" * 300
    path.write_bytes(bytes(data))
    asked: list[str] = []
    restored: list[object] = []
    monkeypatch.setattr(
        QMessageBox,
        "critical",
        lambda _parent, _title, text, *_a: asked.append(text) or QMessageBox.StandardButton.Yes,
    )
    monkeypatch.setattr(
        "viewer.safety.restore_into_window", lambda _w, chosen: restored.append(chosen)
    )
    window = QWidget()
    qtbot.addWidget(window)
    window.project = Project.open(path, create=False)  # type: ignore[attr-defined]
    try:
        thread = app.start_integrity_check(window)
        assert thread is not None
        thread.join(30)
        qtbot.waitUntil(lambda: bool(asked), timeout=5000)
        assert "damaged" in asked[0] and made.label() in asked[0]
        assert restored == [made]  # the user said yes: the backup goes back in place
    finally:
        window.project.close()  # type: ignore[attr-defined]
