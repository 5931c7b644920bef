"""Rows found by name, created when missing: one rule for tags and things wherever they are
written (annotations, edits, bundle restore)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import models as m


def tag_id(session: Session, name: str) -> int:
    found = session.scalar(select(m.Tag.id).where(m.Tag.name == name))
    if found is None:
        tag = m.Tag(name=name)
        session.add(tag)
        session.flush()
        found = tag.id
    return found


def thing_id(session: Session, name: str) -> int:
    found = session.scalar(select(m.Thing.id).where(m.Thing.name == name))
    if found is None:
        thing = m.Thing(name=name)
        session.add(thing)
        session.flush()
        found = thing.id
    return found
