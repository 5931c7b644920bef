"""Opening a project: a ``*.stanceline`` SQLite file, or any SQLAlchemy URL (PostgreSQL for teams).

A SQLAlchemy Session belongs to one thread, so nothing here hands out a long-lived session:
every call opens a short one through ``project.session()``.  The engine (and its pool) is
thread-safe and shared; the GUI's import worker simply calls ``session()`` from its thread.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from db.models import SCHEMA_VERSION, Base, Meta

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


class ProjectError(Exception):
    """A project could not be opened or created; ``str(err)`` is a message for the user."""


def app_version() -> str:
    try:
        return metadata.version("stanceline")
    except metadata.PackageNotFoundError:
        return "0"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Per-connection settings (only journal_mode persists in the file), so set them every time.
    cur = dbapi_conn.cursor()
    try:
        cur.execute("PRAGMA journal_mode=WAL")  # readers (the GUI) never block the import writer
        cur.execute("PRAGMA foreign_keys=ON")  # cascades and FK checks are off by default
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, much faster than FULL
    finally:
        cur.close()


class Project:
    """An open project.  Use ``Project.open``; close it with ``close()`` (or ``with``)."""

    def __init__(self, engine: Engine, location: str, path: Path | None) -> None:
        self.engine = engine
        self.location = location  # for display: the file path, or the URL without password
        self.path = path  # the SQLite file, None for a server database or :memory:
        self._sessions = sessionmaker(engine, expire_on_commit=False)

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
        if is_sqlite and url.database and url.database != ":memory:":
            path = Path(url.database).expanduser().resolve()
            _check_sqlite_file(path, create)
            url = url.set(database=str(path))
        engine = _make_engine(url, is_sqlite)
        display = str(path) if path else url.render_as_string(hide_password=True)
        project = cls(engine, display, path)
        try:
            project._prepare_schema(create)
        except BaseException:
            engine.dispose()
            raise
        return project

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
            raise ProjectError(
                f"{self.location} was written by a newer Stanceline (project format {version}; "
                f"this version reads up to {SCHEMA_VERSION}). Please update Stanceline."
            )
        # Older versions would be migrated here once SCHEMA_VERSION > 1.

    def _create_schema(self) -> None:
        try:
            Base.metadata.create_all(self.engine)
            with self.session() as s:
                s.add_all(
                    [
                        Meta(key="schema_version", value=str(SCHEMA_VERSION)),
                        Meta(key="app_version", value=app_version()),
                        Meta(key="created", value=datetime.now().astimezone().isoformat()),
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
        """A short-lived session: commits when the block ends, rolls back if it raises."""
        with self._sessions.begin() as session:
            yield session

    def meta(self) -> dict[str, str]:
        with self.session() as s:
            return {k: v for k, v in s.execute(select(Meta.key, Meta.value))}

    def close(self) -> None:
        self.engine.dispose()

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
    return engine


def _describe(location: str, err: DBAPIError) -> str:
    orig = err.orig
    if isinstance(orig, sqlite3.DatabaseError) and "not a database" in str(orig):
        return f"{location} is not a Stanceline project (it is not an SQLite database)."
    return f"Cannot open {location}: {orig}"
