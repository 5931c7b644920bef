"""The demo project a first run opens: built once from ``resources/demo/`` articles."""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

import resources
from db.locations import data_dir
from db.project import Project

DEMO_FILE = "demo.stanceline"

log = logging.getLogger(__name__)


def default_demo_path() -> Path:
    return data_dir() / DEMO_FILE


def ensure_demo_project(path: Path | None = None) -> Path:
    """Build the demo project at ``path`` unless it exists; return its path.

    It is built in a temporary file and renamed into place, so an interrupted build never
    leaves a half-filled demo behind (the next start simply builds it again).
    """
    path = Path(path) if path is not None else default_demo_path()
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    _remove(tmp)
    try:
        project = Project.open(tmp)
        try:
            articles = _demo_articles()
            if articles:
                from db.importer import import_paths

                report = import_paths(project, articles)
                for failed, reason in report.failed:
                    log.warning("demo article %s not imported: %s", failed.name, reason)
        finally:
            project.close()
        _single_file(tmp)
        os.replace(tmp, path)
    finally:
        _remove(tmp)
    return path


def _demo_articles() -> list[Path]:
    folder = resources.path("demo")
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def _single_file(db_file: Path) -> None:
    """Fold the WAL back into the file so renaming the one file moves the whole project."""
    conn = sqlite3.connect(db_file)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()


def _remove(db_file: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db_file}{suffix}").unlink(missing_ok=True)
