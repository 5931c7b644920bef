"""Several writers on one project: change detection and optimistic concurrency.

Change detection: the ``meta`` row ``revision`` is a counter that every committed write
transaction increments (a session hook, so no writer can forget).  A window polls it
(``RevisionTracker.changed_elsewhere``, a cheap one-row read) and reloads when another
connection — a second window, another process, a teammate on PostgreSQL — has committed.
Polling rather than LISTEN/NOTIFY because it works the same on SQLite and PostgreSQL and
survives a dropped connection; a poll every few seconds costs one indexed read.

Optimistic concurrency: an edit may carry the version of the event it read (``event_version``,
the event's ``updated_at``).  ``claim_event`` checks and advances it in ONE conditional UPDATE,
so of two concurrent edits of the same event exactly one wins and the later writer gets
``ConflictError`` instead of silently overwriting the other's change.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session, sessionmaker

from db import models as m

REVISION_KEY = "revision"
_WROTE = "stanceline_wrote"  # Session.info flag: this transaction changed something
_NO_BUMP = "stanceline_no_bump"


class ConflictError(Exception):
    """Someone else changed the event after this edit read it; nothing was written."""

    def __init__(self, event_id: int, changed_at: datetime | None) -> None:
        when = f" at {changed_at:%H:%M:%S} UTC" if changed_at else ""
        super().__init__(
            f"Event {event_id} was changed by someone else{when} after you opened it, so your "
            "change was not saved. The event now shows their version: check it and make your "
            "change again if it is still needed."
        )
        self.event_id = event_id
        self.changed_at = changed_at


# ---------------------------------------------------------------------------- revisions


class RevisionTracker:
    """Bumps the revision on every write commit and tells whether others have written."""

    def __init__(self, sessions: sessionmaker, readers: sessionmaker) -> None:
        self._sessions = sessions
        self._readers = readers
        self._lock = threading.Lock()
        self._seen: int | None = None  # the revision this process last wrote or read
        self._foreign = False  # another connection committed since we last looked
        event.listen(sessions, "after_flush", self._mark_flush)
        event.listen(sessions, "do_orm_execute", self._mark_execute)
        event.listen(sessions, "before_commit", self._bump)

    def start(self) -> None:
        """Make sure the counter exists (older projects) and remember its value."""
        with self._sessions.begin() as s:
            value = s.scalar(select(m.Meta.value).where(m.Meta.key == REVISION_KEY))
            if value is None:
                s.info[_NO_BUMP] = True  # creating the counter is not a change to report
                s.add(m.Meta(key=REVISION_KEY, value="0"))
            with self._lock:
                self._seen = int(value or 0)

    def current(self) -> int:
        with self._readers.begin() as s:
            return int(s.scalar(select(m.Meta.value).where(m.Meta.key == REVISION_KEY)) or 0)

    def changed_elsewhere(self) -> bool:
        """True once after another connection committed a write since the last call."""
        now = self.current()
        with self._lock:
            changed = self._foreign or (self._seen is not None and now != self._seen)
            self._seen = now
            self._foreign = False
        return changed

    # session hooks
    @staticmethod
    def _mark_flush(session: Session, _ctx: Any) -> None:
        session.info[_WROTE] = True

    @staticmethod
    def _mark_execute(state: Any) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            state.session.info[_WROTE] = True

    def _bump(self, session: Session) -> None:
        if session.info.get(_NO_BUMP):
            return
        if session.new or session.dirty or session.deleted:
            session.info[_WROTE] = True
        if not session.info.pop(_WROTE, False):
            return
        row = session.get(m.Meta, REVISION_KEY)
        if row is None:  # the counter is created by start(); the schema may be brand new
            return
        old = int(row.value or 0)
        # The row lock (PostgreSQL) / write lock (SQLite) makes this read-increment atomic.
        session.execute(update(m.Meta).where(m.Meta.key == REVISION_KEY).values(value=str(old + 1)))
        session.info.pop(_WROTE, None)
        with self._lock:
            if self._seen is not None and old != self._seen:
                self._foreign = True
            self._seen = old + 1


# ---------------------------------------------------------------------------- event versions


def event_version(session_or_project: Any, event_id: int) -> datetime | None:
    """The version token of an event as read now (``None`` if there is no such event)."""
    if isinstance(session_or_project, Session):
        return session_or_project.scalar(select(m.Event.updated_at).where(m.Event.id == event_id))
    with session_or_project.reading() as s:
        return s.scalar(select(m.Event.updated_at).where(m.Event.id == event_id))


def claim_event(session: Session, event_id: int, expected: datetime | None) -> None:
    """Check the event is still at version ``expected`` and advance its version, atomically.

    Call it first in the write transaction.  ``expected=None`` skips the check (a write that
    does not care, such as an import).  Raises ``ConflictError`` or ``KeyError``.
    """
    if expected is None:
        return
    newer = max(m.utcnow(), expected + timedelta(microseconds=1))
    result = session.execute(
        update(m.Event)
        .where(m.Event.id == event_id, m.Event.updated_at == expected)
        .values(updated_at=newer)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 1:
        return
    current = session.scalar(select(m.Event.updated_at).where(m.Event.id == event_id))
    if current is None:
        raise KeyError(f"no event {event_id}")
    raise ConflictError(event_id, current)
