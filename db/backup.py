"""Backups of a SQLite project: made before schema upgrades and periodically, thinned like Anki.

A backup is a complete, consistent copy made with SQLite's online backup API
(``sqlite3.Connection.backup``), so it is safe while another window or process writes to the
project.  Backups live outside the project's folder, in the user's data directory
(``…/Stanceline/backups/<project name>-<hash of its path>/``), one file per backup named
``<UTC timestamp>[-<reason>].stanceline``; the newest is what "Restore backup…" offers first.

Thinning (Anki's backup.rs): every backup younger than ``RECENT`` is kept, then the newest
backup of each of the last ``DAILY`` days, ``WEEKLY`` weeks and ``MONTHLY`` months; the rest is
deleted.  Backups made before a schema upgrade are kept like any other.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from db.locations import data_dir

log = logging.getLogger(__name__)

SUFFIX = ".stanceline"
RECENT = timedelta(hours=2)
DAILY, WEEKLY, MONTHLY = 12, 10, 9
# "Periodically": a new automatic backup once the newest is older than this.
PERIOD = timedelta(minutes=30)

_NAME = re.compile(r"^(\d{8}-\d{6}-\d{6})(?:-([a-z0-9_-]+))?" + re.escape(SUFFIX) + "$")
_STAMP = "%Y%m%d-%H%M%S-%f"


class BackupError(Exception):
    """A backup could not be made or restored; ``str(err)`` is a message for the user."""


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime  # UTC, aware
    reason: str  # "" (periodic), "before-upgrade-to-2", "before-restore" ...

    def label(self) -> str:
        local = self.taken.astimezone()
        why = self.reason.replace("-", " ").replace("upgrade to", "upgrade to format")
        return f"{local:%a %d %b %Y, %H:%M:%S} — {why or 'automatic'}"


def backup_dir(project_path: Path) -> Path:
    """Where the backups of the project file at ``project_path`` live (not created)."""
    resolved = Path(project_path).expanduser().resolve()
    digest = hashlib.sha256(str(resolved).encode("utf-8")).hexdigest()[:10]
    root = data_dir() / "backups"
    return root / f"{resolved.stem}-{digest}"


def list_backups(project_path: Path) -> list[Backup]:
    """The project's backups, newest first."""
    folder = backup_dir(project_path)
    found: list[Backup] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for entry in entries:
        match = _NAME.match(entry.name)
        if not match or not entry.is_file():
            continue
        taken = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)
        found.append(Backup(entry, taken, match.group(2) or ""))
    return sorted(found, key=lambda b: b.taken, reverse=True)


def latest_backup(project_path: Path) -> Backup | None:
    backups = list_backups(project_path)
    return backups[0] if backups else None


def create_backup(
    project_path: Path, reason: str = "", now: datetime | None = None, thin: bool = True
) -> Backup:
    """Copy the project (committed state, WAL included) to a new timestamped backup file.

    Written to a temporary name and renamed, so a crash never leaves a half backup that looks
    whole.  Raises ``BackupError``.
    """
    source = Path(project_path).expanduser().resolve()
    taken = (now or datetime.now(UTC)).astimezone(UTC)
    folder = backup_dir(source)
    tag = re.sub(r"[^a-z0-9_-]+", "-", reason.lower()).strip("-")
    name = taken.strftime(_STAMP) + (f"-{tag}" if tag else "") + SUFFIX
    target = folder / name
    partial = folder / (name + ".partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Read-only URI: a backup must never be the thing that changes (or creates) a project.
        src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True, timeout=30)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                # A backup is a standalone file: no -wal beside it.
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as err:
        partial.unlink(missing_ok=True)
        raise BackupError(f"Could not back up {source} to {folder}: {err}") from err
    backup = Backup(target, taken, tag)
    if thin:
        thin_backups(source, now=taken)
    log.info("backed up %s to %s", source, target)
    return backup


def backup_if_due(
    project_path: Path, now: datetime | None = None, period: timedelta = PERIOD
) -> Backup | None:
    """The periodic backup: made when the newest backup is older than ``period`` (or none)."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    newest = latest_backup(project_path)
    if newest is not None and now - newest.taken < period:
        return None
    return create_backup(project_path, now=now)


def backups_to_keep(backups: list[Backup], now: datetime) -> set[Path]:
    """Anki's thinning: recent ones, then the newest per day, per week, per month."""
    keep: set[Path] = set()
    days: set[object] = set()
    weeks: set[object] = set()
    months: set[object] = set()
    quota = {"day": DAILY, "week": WEEKLY, "month": MONTHLY}
    for b in sorted(backups, key=lambda b: b.taken, reverse=True):
        if now - b.taken < RECENT:
            keep.add(b.path)
            continue
        local = b.taken.astimezone()
        day, week, month = local.date(), local.isocalendar()[:2], (local.year, local.month)
        for kind, seen, key in (
            ("day", days, day),
            ("week", weeks, week),
            ("month", months, month),
        ):
            if key not in seen and quota[kind] > 0:
                quota[kind] -= 1
                keep.add(b.path)
                break
        # A kept daily backup also stands for its week and month.
        days.add(day)
        weeks.add(week)
        months.add(month)
    return keep


def thin_backups(project_path: Path, now: datetime | None = None) -> list[Path]:
    """Delete the backups the policy does not keep; returns the deleted paths."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    backups = list_backups(project_path)
    keep = backups_to_keep(backups, now)
    if backups:
        keep.add(backups[0].path)  # never delete the newest, whatever the clock says
    deleted = []
    for b in backups:
        if b.path not in keep:
            try:
                b.path.unlink()
                deleted.append(b.path)
            except OSError:
                log.warning("could not delete old backup %s", b.path, exc_info=True)
    return deleted


def restore_backup(backup: Path, project_path: Path) -> Backup | None:
    """Put ``backup`` in place of the project file; the current file is backed up first.

    The current file is kept as a "before-restore" backup when it is still readable; a damaged
    one is moved aside (``<name>.damaged-<stamp>``), never deleted.  The project must be closed.
    """
    target = Path(project_path).expanduser().resolve()
    saved: Backup | None = None
    if target.exists():
        try:
            saved = create_backup(target, reason="before-restore", thin=False)
        except BackupError:
            stamp = datetime.now(UTC).strftime(_STAMP)
            aside = target.with_name(f"{target.name}.damaged-{stamp}")
            os.replace(target, aside)
            log.warning("moved the unreadable project %s aside to %s", target, aside)
    for side in ("-wal", "-shm", "-journal"):
        Path(str(target) + side).unlink(missing_ok=True)
    partial = target.with_name(target.name + ".restoring")
    try:
        src = sqlite3.connect(f"{Path(backup).resolve().as_uri()}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as err:
        partial.unlink(missing_ok=True)
        raise BackupError(f"Could not restore {backup}: {err}") from err
    return saved
