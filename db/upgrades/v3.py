"""Version 2 → 3: PLOVER modes on events; attribution (speaker, cited medium) on evidence and
stances; a readable issue label on stances.  Added columns only, with defaults, so a v2 project
reads as before; a re-read (``services`` / File ▸ Re-read articles) fills them."""

from __future__ import annotations

from sqlalchemy import Connection, inspect, text

_COLUMNS = {
    "events": (("mode", "VARCHAR(32) NOT NULL DEFAULT ''"),),
    "evidence": (("speaker", "TEXT NOT NULL DEFAULT ''"), ("medium", "TEXT NOT NULL DEFAULT ''")),
    "stances": (
        ("issue", "TEXT NOT NULL DEFAULT ''"),
        ("speaker", "TEXT NOT NULL DEFAULT ''"),
        ("medium", "TEXT NOT NULL DEFAULT ''"),
    ),
}


def upgrade_2_to_3(connection: Connection) -> None:
    """Add the v3 columns that are missing (idempotent: safe to run twice)."""
    inspector = inspect(connection)
    for table, columns in _COLUMNS.items():
        have = {c["name"] for c in inspector.get_columns(table)}
        for name, ddl in columns:
            if name not in have:
                connection.execute(text(f'ALTER TABLE {table} ADD COLUMN "{name}" {ddl}'))
