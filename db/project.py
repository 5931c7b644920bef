"""Opening a project: a ``*.stanceline`` SQLite file, or any SQLAlchemy URL (PostgreSQL for teams).

A SQLAlchemy Session belongs to one thread, so nothing here hands out a long-lived session:
every call opens a short one through ``project.session()``.  The engine (and its pool) is
thread-safe and shared; the GUI's import worker simply calls ``session()`` from its thread.

Safety rules (issue 6), each in one place:

* A SQLite file is checked through a separate READ-ONLY connection before anything may write to
  it (``_inspect_sqlite``): not SQLite, not ours, damaged or from a newer Stanceline are refused
  with the file untouched; damage offers the latest backup.  A file up to
  ``FULL_CHECK_AT_OPEN_BYTES`` gets the whole ``PRAGMA quick_check`` at open; a bigger one (where
  it takes seconds) gets the header (a truncated file), the schema and the small tables, and
  ``Project.verify()`` runs the whole check later, off the GUI thread, before any periodic
  backup is made of it (``integrity_deferred``).
* Older files are upgraded by ``db.migrations`` in one transaction after a backup.
* Write transactions on SQLite start with ``BEGIN IMMEDIATE`` so two windows or processes queue
  for the write lock (busy timeout) instead of failing half-way with "database is locked"; a
  wait longer than the timeout becomes ``ProjectBusyError``, a message, not a traceback.
* Every committed write bumps the project's revision (``db.sync``), so other windows and
  teammates see that something changed.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, Engine, create_engine, event, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    NoSuchModuleError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from db import sync
from db.errors import ProjectError
from db.migrations import back_up_before_upgrade, upgrade
from db.models import SCHEMA_VERSION, Base, Meta

if TYPE_CHECKING:
    from db.backup import Backup

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
# quick_check reads every page: ~3 ms per MB.  Above this size, open checks only the header,
# the schema and the small tables; ``Project.verify`` does the rest in the background.
FULL_CHECK_AT_OPEN_BYTES = 64 * 1024 * 1024
SMALL_TABLES = ("meta", "actors", "actor_aliases", "things", "tags")


class ProjectDamagedError(ProjectError):
    """The file is a damaged SQLite database.  It was not changed; ``backup`` is the newest."""

    def __init__(self, message: str, path: Path, backup: Backup | None) -> None:
        super().__init__(message)
        self.path = path
        self.backup = backup


class ProjectBusyError(ProjectError):
    """Another window or program held the project's write lock longer than the busy timeout."""


def app_version() -> str:
    try:
        return metadata.version("stanceline")
    except metadata.PackageNotFoundError:
        return "0"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # We emit BEGIN ourselves (``_sqlite_begin``): pysqlite's own implicit BEGIN comes only
    # before DML, so DDL (a schema upgrade) would run outside the transaction, and SAVEPOINTs
    # would misbehave.  This is SQLAlchemy's documented pysqlite recipe.
    dbapi_conn.isolation_level = None
    # Per-connection settings (only journal_mode persists in the file), so set them every time.
    cur = dbapi_conn.cursor()
    try:
        cur.execute("PRAGMA journal_mode=WAL")  # readers (the GUI) never block the import writer
        cur.execute("PRAGMA foreign_keys=ON")  # cascades and FK checks are off by default
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, much faster than FULL
    finally:
        cur.close()


READ_ONLY = "stanceline_read_only"  # execution option: a session that never writes


def _sqlite_begin(conn: Any) -> None:
    # IMMEDIATE takes the write lock at BEGIN (waiting up to the busy timeout), so a
    # transaction never fails half-way when it first writes after reading; read-only sessions
    # (``Project.reading``) keep WAL's non-blocking reads.
    mode = "DEFERRED" if conn.get_execution_options().get(READ_ONLY) else "IMMEDIATE"
    conn.exec_driver_sql(f"BEGIN {mode}")


class Project:
    """An open project.  Use ``Project.open``; close it with ``close()`` (or ``with``)."""

    def __init__(self, engine: Engine, location: str, path: Path | None) -> None:
        self.engine = engine
        self.location = location  # for display: the file path, or the URL without password
        self.path = path  # the SQLite file, None for a server database or :memory:
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._readers = sessionmaker(
            engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False
        )
        self.revisions = sync.RevisionTracker(self._sessions, self._readers)
        # Set when another Stanceline window or process has the same SQLite file open.
        self.open_elsewhere = False
        self._presence: int | None = None
        # True when open skipped the whole-file check (a big file): call ``verify()``.
        self.integrity_deferred = False

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, location: str | Path, create: bool = True) -> Project:
        """Open (or, with ``create``, create) the project at a file path or SQLAlchemy URL."""
        if isinstance(location, str) and "://" in location:
            try:
                url = make_url(location)
            except ArgumentError as err:
                raise ProjectError(f"Not a valid database address: {location}") from err
        else:
            url = URL.create("sqlite", database=str(Path(location).expanduser()))
        is_sqlite = url.get_backend_name() == "sqlite"
        path: Path | None = None
        found_version: int | None = None
        deferred = False
        if is_sqlite and url.database and url.database != ":memory:":
            path = Path(url.database).expanduser().resolve()
            _check_sqlite_file(path, create)
            if path.exists():
                found_version = _inspect_sqlite(path, create)
                deferred = path.stat().st_size > FULL_CHECK_AT_OPEN_BYTES
            if found_version and found_version < SCHEMA_VERSION:
                back_up_before_upgrade(path, found_version, SCHEMA_VERSION)
            url = url.set(database=str(path))
        engine = _make_engine(url, is_sqlite)
        display = str(path) if path else url.render_as_string(hide_password=True)
        project = cls(engine, display, path)
        project.integrity_deferred = deferred and found_version is not None
        try:
            project._prepare_schema(create)
            project.revisions.start()
            if path is not None and found_version is not None:
                project._after_open_sqlite(found_version)
        except BaseException:
            project.close()
            raise
        return project

    def _after_open_sqlite(self, found_version: int) -> None:
        """The periodic backup (not for a file we just upgraded: that made one already)."""
        from db.backup import BackupError, backup_if_due

        assert self.path is not None
        self.open_elsewhere = self._claim_presence()
        if found_version == SCHEMA_VERSION and not self.integrity_deferred:
            try:
                backup_if_due(self.path)
            except BackupError as err:  # a full disk must not stop the analyst working
                import logging

                logging.getLogger(__name__).warning("%s", err)

    def verify(self) -> None:
        """The whole-file check that open deferred, then the periodic backup (never of a
        damaged file: it would push good backups out).  Safe in a worker thread.

        Raises ``ProjectDamagedError`` (the file is left as it is) or nothing.
        """
        if self.path is None or not self.integrity_deferred:
            return
        from db.backup import BackupError, backup_if_due

        problems = integrity_problems(self.path)
        if problems:
            backup = _latest_backup(self.path)
            detail = "; ".join(problems[:2])
            raise ProjectDamagedError(
                _damaged_message(self.path, detail, backup), self.path, backup
            )
        self.integrity_deferred = False
        try:
            backup_if_due(self.path)
        except BackupError as err:
            import logging

            logging.getLogger(__name__).warning("%s", err)

    def _claim_presence(self) -> bool:
        """Hold a lock that says "a Stanceline has this file open"; True if one already did.

        An flock on a small file in the runtime directory, never on the project itself: closing
        another descriptor of the database would drop SQLite's own POSIX locks.  The OS
        releases it when the process dies, so a crash leaves no stale "open elsewhere".
        """
        try:
            import fcntl
        except ImportError:  # Windows: no presence hint
            return False
        assert self.path is not None
        digest = hashlib.sha256(str(self.path).encode("utf-8")).hexdigest()[:16]
        runtime = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
        folder = Path(runtime) / f"stanceline-{os.getuid()}-open"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(folder / f"{digest}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return True
        self._presence = fd
        return False

    def _prepare_schema(self, create: bool) -> None:
        try:
            with self.engine.connect() as conn:
                tables = set(inspect(conn).get_table_names())
        except DBAPIError as err:
            raise ProjectError(_describe(self.location, err)) from err
        if not tables:
            if not create:
                raise ProjectError(f"{self.location} is empty: it holds no Stanceline project.")
            self._create_schema()
            return
        if "meta" not in tables:
            raise ProjectError(
                f"{self.location} is a database but not a Stanceline project "
                "(it has no Stanceline tables)."
            )
        with self.session() as s:
            raw = s.scalar(select(Meta.value).where(Meta.key == "schema_version"))
        try:
            version = int(raw or "")
        except ValueError:
            raise ProjectError(
                f"{self.location} is not a Stanceline project (no schema version recorded)."
            ) from None
        if version > SCHEMA_VERSION:
            raise ProjectError(_newer_message(self.location, version))
        if version < SCHEMA_VERSION:
            upgrade(self, version, SCHEMA_VERSION)

    def _create_schema(self) -> None:
        try:
            Base.metadata.create_all(self.engine)
            with self.session() as s:
                s.add_all(
                    [
                        Meta(key="schema_version", value=str(SCHEMA_VERSION)),
                        Meta(key="app_version", value=app_version()),
                        Meta(key="created", value=datetime.now().astimezone().isoformat()),
                        Meta(key=sync.REVISION_KEY, value="0"),
                    ]
                )
            if self.engine.dialect.name == "sqlite":
                # Lets tools (and a future us) tell the format without reading our tables.
                with self.engine.begin() as conn:
                    conn.execute(text(f"PRAGMA user_version={SCHEMA_VERSION}"))
        except SQLAlchemyError as err:
            raise ProjectError(f"Could not create a project at {self.location}: {err}") from err

    # ------------------------------------------------------------------ use
    @contextmanager
    def session(self) -> Iterator[Session]:
        """A short-lived session: commits when the block ends, rolls back if it raises.

        On SQLite it holds the write lock from its start; a lock held elsewhere for longer than
        the busy timeout raises ``ProjectBusyError`` (nothing was written).
        """
        with _busy_as_error(self.location), self._sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session that only reads: never waits for a writer on SQLite (WAL snapshot)."""
        with _busy_as_error(self.location), self._readers.begin() as session:
            yield session

    def meta(self) -> dict[str, str]:
        with self.session() as s:
            return {k: v for k, v in s.execute(select(Meta.key, Meta.value))}

    def close(self) -> None:
        self.engine.dispose()
        if self._presence is not None:
            os.close(self._presence)  # releases the flock
            self._presence = None

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Project({self.location!r})"


def _check_sqlite_file(path: Path, create: bool) -> None:
    """Refuse early, with a readable message, what SQLite would report cryptically (or lazily)."""
    if path.is_dir():
        raise ProjectError(f"{path} is a folder, not a Stanceline project file.")
    if not path.exists():
        if not create:
            raise ProjectError(f"There is no project at {path}.")
        if not path.parent.is_dir():
            raise ProjectError(f"Cannot create {path}: the folder {path.parent} does not exist.")
        return
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as err:
        raise ProjectError(f"Cannot read {path}: {err.strerror or err}") from err
    if head and head != SQLITE_MAGIC:
        raise ProjectError(f"{path} is not a Stanceline project (it is not an SQLite database).")


def _newer_message(location: str, version: int) -> str:
    return (
        f"{location} was written by a newer Stanceline (project format {version}; this version "
        f"reads up to {SCHEMA_VERSION}). It has not been changed. Please update Stanceline."
    )


def _damaged_message(path: Path, detail: str, backup: Backup | None) -> str:
    offer = (
        f" The latest backup is from {backup.label()}: use File ▸ Restore backup… to go back to it."
        if backup
        else " No backup of it was found."
    )
    return (
        f"{path} is damaged and cannot be opened safely ({detail}). It has not been changed."
        + offer
    )


def _inspect_sqlite(path: Path, create: bool) -> int | None:
    """Check an existing SQLite file through a read-only connection; nothing is written.

    Returns the schema version (None for a database with no tables, which ``create`` may fill).
    Raises ``ProjectError`` / ``ProjectDamagedError``.
    """
    from db.backup import latest_backup

    size = path.stat().st_size
    if size == 0:
        return None
    truncated = _truncated(path, size)
    if truncated:
        backup = latest_backup(path)
        raise ProjectDamagedError(_damaged_message(path, truncated, backup), path, backup)
    try:
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as err:
        raise ProjectError(f"Cannot open {path}: {err}") from err
    try:
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
            if size <= FULL_CHECK_AT_OPEN_BYTES:
                problems = [r[0] for r in con.execute("PRAGMA quick_check(5)")]
            else:  # the rest is ``Project.verify``'s, in the background
                problems = ["ok"]
                for table in (t for t in SMALL_TABLES if t in tables):
                    found = [r[0] for r in con.execute(f"PRAGMA quick_check('{table}')")]
                    problems = found if found != ["ok"] else problems
        except sqlite3.DatabaseError as err:
            if "not a database" in str(err) or "encrypted" in str(err):
                raise ProjectError(
                    f"{path} is not a Stanceline project (it is not an SQLite database)."
                ) from err
            if "locked" in str(err) or "busy" in str(err):
                raise ProjectBusyError(
                    f"{path} is busy: another program is writing to it. Try again in a moment."
                ) from err
            raise ProjectDamagedError(
                _damaged_message(path, str(err), latest_backup(path)), path, latest_backup(path)
            ) from err
        if problems != ["ok"]:
            detail = "; ".join(problems[:2])
            raise ProjectDamagedError(
                _damaged_message(path, detail, latest_backup(path)), path, latest_backup(path)
            )
        if not tables:
            return None
        if "meta" not in tables:
            return 0  # _prepare_schema names the problem
        try:
            raw = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            version = int(raw[0]) if raw else 0
        except (sqlite3.DatabaseError, ValueError):
            return 0
    finally:
        con.close()
    if version > SCHEMA_VERSION:
        raise ProjectError(_newer_message(str(path), version))
    return version


def _truncated(path: Path, size: int) -> str:
    """Why the file is shorter than its header says ("" if it is not).

    The header records the database size in pages (bytes 28-31, valid while the change counter
    at 24 equals the one at 92); a file cut short (a copy that stopped, a full disk) is found
    here in microseconds rather than by reading every page.
    """
    with path.open("rb") as fh:
        head = fh.read(100)
    if len(head) < 100:
        return "the file ends inside its header"
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    valid_size = page_size >= 512 and page_size & (page_size - 1) == 0
    if head[24:28] != head[92:96] or pages == 0 or not valid_size:
        return ""  # an old writer left the count stale: quick_check decides
    if size < pages * page_size:
        return f"the file is cut short: {size:,} of {pages * page_size:,} bytes"
    return ""


def integrity_problems(path: Path) -> list[str]:
    """The whole-file ``PRAGMA quick_check`` through a read-only connection; [] when sound."""
    try:
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            found = [r[0] for r in con.execute("PRAGMA quick_check(5)")]
        finally:
            con.close()
    except sqlite3.DatabaseError as err:
        return [str(err)]
    return [] if found == ["ok"] else found


def _latest_backup(path: Path) -> Backup | None:
    from db.backup import latest_backup

    return latest_backup(path)


@contextmanager
def _busy_as_error(location: str) -> Iterator[None]:
    try:
        yield
    except OperationalError as err:
        if isinstance(err.orig, sqlite3.OperationalError) and "locked" in str(err.orig):
            raise ProjectBusyError(
                f"{location} is busy: another Stanceline window or program kept it locked for "
                f"more than {BUSY_TIMEOUT_MS // 1000} seconds. Nothing was changed; "
                "please try again."
            ) from err
        raise


def _make_engine(url: URL, is_sqlite: bool) -> Engine:
    try:
        if not is_sqlite:
            return create_engine(url, pool_pre_ping=True)
        kwargs: dict[str, Any] = {"connect_args": {"timeout": BUSY_TIMEOUT_MS / 1000}}
        if not url.database or url.database == ":memory:":
            # One shared connection, otherwise every session would see its own empty database.
            kwargs["poolclass"] = StaticPool
            kwargs["connect_args"]["check_same_thread"] = False
        engine = create_engine(url, **kwargs)
    except (ArgumentError, NoSuchModuleError, ImportError) as err:
        raise ProjectError(
            f"Cannot open {url.render_as_string(hide_password=True)}: {err}"
        ) from err
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _describe(location: str, err: DBAPIError) -> str:
    orig = err.orig
    if isinstance(orig, sqlite3.DatabaseError) and "not a database" in str(orig):
        return f"{location} is not a Stanceline project (it is not an SQLite database)."
    return f"Cannot open {location}: {orig}"
