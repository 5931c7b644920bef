"""The storage backends a test can run on: SQLite always, PostgreSQL when
STANCELINE_TEST_PG_URL names a throwaway database (scripts/with-postgres.sh starts one)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from db.models import Base
from db.project import Project

PG_URL = os.environ.get("STANCELINE_TEST_PG_URL", "")
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(not PG_URL, reason="STANCELINE_TEST_PG_URL is not set"),
    ),
]


def _wipe_postgres() -> None:
    with Project.open(PG_URL) as project:
        Base.metadata.drop_all(project.engine)
        with project.engine.begin() as conn:  # tables a newer schema or a test added
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))


@pytest.fixture(params=BACKENDS)
def location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty project location on each backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "shared.stanceline")
        return
    _wipe_postgres()
    try:
        yield PG_URL
    finally:
        _wipe_postgres()
