"""The project schema, written once.  SQLite (a ``*.stanceline`` file) and PostgreSQL share it.

Integrity rules live in the schema (CHECKs, UNIQUEs, cascades), not only in Python, so a team
database stays consistent whoever writes to it.  Offsets (``start``/``end``) are Python string
indices into ``Source.text``, half-open, exactly as ``ingest`` produced them.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Bump when the schema changes; ``db.project`` refuses files written by a newer version.
# 2: saved_views (db/upgrades/v2.py adds it to a version-1 file).
SCHEMA_VERSION = 3

REVIEW_STATES: tuple[str, ...] = ("unreviewed", "confirmed", "rejected")
MENTION_KINDS: tuple[str, ...] = ("timex", "actor", "thing")
# Kept literal (not imported from ingest.records) so the schema cannot change under a file.
POLARITY_VALUES: tuple[str, ...] = ("for", "against", "neutral")


def new_uid() -> str:
    """Stable identity for rows that may be exported or merged between projects."""
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)  # stored naive, always UTC


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    pass


class Meta(Base):
    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class Source(Base):
    """One imported article, with its whole text (offsets point into it)."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    title: Mapped[str] = mapped_column(Text, default="")
    outlet: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(Text, default="")
    fmt: Mapped[str] = mapped_column(String(16), default="txt")
    encoding: Mapped[str] = mapped_column(String(32), default="utf-8")
    published: Mapped[date | None] = mapped_column(Date, nullable=True)
    published_known: Mapped[bool] = mapped_column(default=False)
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Actor(Base):
    __tablename__ = "actors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    name: Mapped[str] = mapped_column(Text, unique=True)
    kind: Mapped[str] = mapped_column(String(32), default="unknown")
    affiliation_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="SET NULL"), nullable=True
    )
    colour: Mapped[str] = mapped_column(String(16), default="")
    title: Mapped[str] = mapped_column(Text, default="")


class ActorAlias(Base):
    __tablename__ = "actor_aliases"
    __table_args__ = (UniqueConstraint("actor_id", "alias"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(Text)


class Thing(Base):
    __tablename__ = "things"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    name: Mapped[str] = mapped_column(Text, unique=True)
    kind: Mapped[str] = mapped_column(String(32), default="thing")


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(
            "earliest IS NULL OR latest IS NULL OR earliest <= latest", name="event_date_order"
        ),
        CheckConstraint(_in("review", REVIEW_STATES), name="event_review"),
        Index("ix_events_earliest", "earliest"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    summary: Mapped[str] = mapped_column(Text, default="")
    date_value: Mapped[str | None] = mapped_column(String(64), nullable=True)  # TimeML
    earliest: Mapped[date | None] = mapped_column(Date, nullable=True)
    latest: Mapped[date | None] = mapped_column(Date, nullable=True)
    precision: Mapped[str | None] = mapped_column(String(16), nullable=True)
    approximate: Mapped[bool] = mapped_column(default=False)
    date_note: Mapped[str] = mapped_column(Text, default="")
    # The user corrected the date: re-resolution (set_published, merges) must leave it alone.
    date_locked: Mapped[bool] = mapped_column(default=False)
    event_type: Mapped[str] = mapped_column(String(32), default="OTHER")  # PLOVER category
    mode: Mapped[str] = mapped_column(String(32), default="")  # PLOVER mode (v3)
    review: Mapped[str] = mapped_column(String(16), default="unreviewed")
    starred: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Evidence(Base):
    """Where a source reports an event; a merged event has one row per reporting source."""

    __tablename__ = "evidence"
    __table_args__ = (
        CheckConstraint('start <= "end"', name="evidence_span"),
        Index("ix_evidence_source", "source_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    # The ingest id ("e3") within that source, so re-resolution can find the event again.
    local_id: Mapped[str] = mapped_column(String(32), default="")
    timex_start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    timex_end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Where this source's report came from (v3): who said it, and the medium it cites.
    speaker: Mapped[str] = mapped_column(Text, default="")
    medium: Mapped[str] = mapped_column(Text, default="")


class EventActor(Base):
    __tablename__ = "event_actors"
    __table_args__ = (
        UniqueConstraint("event_id", "actor_id", "role"),
        Index("ix_event_actors_actor", "actor_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(16), default="participant")


class EventThing(Base):
    __tablename__ = "event_things"
    __table_args__ = (
        UniqueConstraint("event_id", "thing_id"),
        Index("ix_event_things_thing", "thing_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    thing_id: Mapped[int] = mapped_column(ForeignKey("things.id", ondelete="CASCADE"))


class Mention(Base):
    """A marked span in a source: a date expression, an actor or a thing (for the source pane)."""

    __tablename__ = "mentions"
    __table_args__ = (
        CheckConstraint('start <= "end"', name="mention_span"),
        CheckConstraint(_in("kind", MENTION_KINDS), name="mention_kind"),
        Index("ix_mentions_source", "source_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(8))
    label: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="CASCADE"), nullable=True
    )
    thing_id: Mapped[int | None] = mapped_column(
        ForeignKey("things.id", ondelete="CASCADE"), nullable=True
    )
    value: Mapped[str | None] = mapped_column(String(64), nullable=True)  # timex TimeML value


class Stance(Base):
    __tablename__ = "stances"
    __table_args__ = (
        CheckConstraint('start <= "end"', name="stance_span"),
        CheckConstraint(_in("polarity", POLARITY_VALUES), name="stance_polarity"),
        CheckConstraint(
            "earliest IS NULL OR latest IS NULL OR earliest <= latest", name="stance_date_order"
        ),
        Index("ix_stances_holder", "holder_id"),
        Index("ix_stances_source", "source_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    holder_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"))
    target: Mapped[str] = mapped_column(Text, default="")
    target_key: Mapped[str] = mapped_column(Text, default="")
    polarity: Mapped[str] = mapped_column(String(8))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), nullable=True, index=True
    )
    date_value: Mapped[str | None] = mapped_column(String(64), nullable=True)
    earliest: Mapped[date | None] = mapped_column(Date, nullable=True)
    latest: Mapped[date | None] = mapped_column(Date, nullable=True)
    # v3: the readable issue it is grouped under, and where the claim came from.
    issue: Mapped[str] = mapped_column(Text, default="")
    speaker: Mapped[str] = mapped_column(Text, default="")
    medium: Mapped[str] = mapped_column(Text, default="")


class Note(Base):
    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    colour: Mapped[str] = mapped_column(String(16), default="")


class EventTag(Base):
    __tablename__ = "event_tags"
    __table_args__ = (
        UniqueConstraint("event_id", "tag_id"),
        Index("ix_event_tags_tag", "tag_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"))


class SavedView(Base):
    """A named filter state (actors, things, tags, dates, review, text, zoom window) as JSON.

    The viewer owns the JSON's keys; the db only stores it, so a new filter needs no migration.
    """

    __tablename__ = "saved_views"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    name: Mapped[str] = mapped_column(Text, unique=True)
    state: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
