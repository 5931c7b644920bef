"""Version 1 → 2: the ``saved_views`` table (named filter states)."""

from __future__ import annotations

from sqlalchemy import Connection, inspect

from db.models import SavedView


def upgrade_1_to_2(connection: Connection) -> None:
    """Create ``saved_views`` if it is missing (idempotent: safe to run twice)."""
    if "saved_views" not in inspect(connection).get_table_names():
        SavedView.__table__.create(connection)
