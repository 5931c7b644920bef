"""Schema upgrades: a project written by an older Stanceline is brought to ``SCHEMA_VERSION``.

Why not Alembic: our upgrades are few, additive and must run identically on a user's SQLite
file and a team's PostgreSQL database, inside ONE transaction together with the version stamp,
after a backup.  An ordered list of small Python steps (as Anki's schema upgrades do) says that
in forty lines; Alembic would add a second version table, generated scripts and a CLI nobody
here runs.

A step for version N lives in ``db/upgrades/v<N>.py`` and exposes ``upgrade_<N-1>_to_<N>``
(or ``upgrade``) taking an SQLAlchemy ``Connection``.  ``upgrade`` runs every step from the
file's version up, then writes the new version, all in one transaction: a failing step leaves
the project exactly as it was (SQLite and PostgreSQL both have transactional DDL; the engine
emits an explicit BEGIN on SQLite so DDL is inside it — see ``db.project``).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from sqlalchemy import Connection, Engine, text, update

from db import models as m
from db.errors import ProjectError

log = logging.getLogger(__name__)

Step = Callable[[Connection], None]


class Upgradable(Protocol):
    """What ``upgrade`` needs of a ``db.project.Project`` (no import of it: no cycle)."""

    engine: Engine
    location: str


class MigrationError(Exception):
    """An upgrade could not run; the project was left unchanged.  A message for the user."""


def upgrade_step(version: int) -> Step:
    """The step that turns a version ``version - 1`` project into version ``version``."""
    try:
        module = importlib.import_module(f"db.upgrades.v{version}")
    except ModuleNotFoundError as err:
        raise MigrationError(f"this Stanceline has no upgrade to project format {version}") from err
    step = getattr(module, f"upgrade_{version - 1}_to_{version}", None) or getattr(
        module, "upgrade", None
    )
    if not callable(step):
        raise MigrationError(f"db/upgrades/v{version}.py has no upgrade function")
    return step


def steps_between(old: int, new: int) -> list[tuple[int, Step]]:
    return [(v, upgrade_step(v)) for v in range(old + 1, new + 1)]


def back_up_before_upgrade(path: Path, old: int, new: int | None = None) -> None:
    """For a SQLite file: check every step exists, then back up, BEFORE anything opens the file
    for writing (even setting WAL mode changes its header).  Raises ``ProjectError``."""
    from db.backup import BackupError, create_backup

    new = m.SCHEMA_VERSION if new is None else new
    try:
        steps_between(old, new)
    except MigrationError as err:
        raise ProjectError(f"{path} cannot be upgraded: {err}. It has not been changed.") from err
    try:
        create_backup(path, reason=f"before-upgrade-to-{new}")
    except BackupError as err:
        # No backup, no upgrade: the user's only copy is never the experiment.
        raise ProjectError(
            f"{path} needs an upgrade to project format {new}, but no backup could be made "
            f"first, so it was left unchanged: {err}"
        ) from err


def upgrade(project: Upgradable, old: int, new: int | None = None) -> None:
    """Run the steps ``old`` → ``new`` and stamp ``new``, in one transaction.

    A SQLite file has been backed up by ``back_up_before_upgrade`` already (``Project.open``
    does both); a PostgreSQL database is the team's to back up (``pg_dump``).
    """
    new = m.SCHEMA_VERSION if new is None else new
    if old >= new:
        return
    try:
        steps = steps_between(old, new)
    except MigrationError as err:
        raise ProjectError(f"{project.location} cannot be upgraded: {err}.") from err
    try:
        with project.engine.begin() as conn:
            for version, step in steps:
                log.info("upgrading %s to format %d", project.location, version)
                step(conn)
            conn.execute(
                update(m.Meta).where(m.Meta.key == "schema_version").values(value=str(new))
            )
            if conn.dialect.name == "sqlite":
                conn.execute(text(f"PRAGMA user_version={new}"))
    except Exception as err:
        raise ProjectError(
            f"Upgrading {project.location} to project format {new} failed, so it was left "
            f"unchanged (a backup was made first): {err}"
        ) from err
