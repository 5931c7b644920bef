"""The same project API on PostgreSQL, when a throwaway database is given.

Set STANCELINE_TEST_PG_URL (e.g. ``postgresql+psycopg://user:pw@localhost/stanceline_test``);
the test drops and recreates the Stanceline tables in that database.
"""

from __future__ import annotations

import os
from datetime import date

import pytest
from sqlalchemy.engine import make_url

from db import annotations as ann
from db import queries as q
from db.importer import import_article
from db.models import Base
from db.project import Project
from tests.test_db_support import article_a, article_b, install_fake_merge

PG_URL = os.environ.get("STANCELINE_TEST_PG_URL", "")

pytestmark = pytest.mark.skipif(not PG_URL, reason="STANCELINE_TEST_PG_URL is not set")


def test_postgres_project_round_trip(monkeypatch: pytest.MonkeyPatch) -> None:
    install_fake_merge(monkeypatch)
    with Project.open(PG_URL) as project:  # start from an empty schema
        Base.metadata.drop_all(project.engine)
    try:
        with Project.open(PG_URL) as project:
            assert project.path is None
            password = make_url(PG_URL).password
            assert not password or str(password) not in project.location
            a = import_article(project, *article_a())
            b = import_article(project, *article_b())
            assert import_article(project, *article_a()).duplicate
            purchase, statement = q.list_events(project)
            assert purchase.source_ids == (a.source_id, b.source_id)
            assert purchase.earliest == date(2019, 7, 12) and statement.earliest is None
            (stance,) = q.list_stances(project)
            assert stance.evidence_text == "Mevlüt Çavuşoğlu said Ankara opposed the sanctions"
            ann.set_tags(project, purchase.id, ["deals"])
            ann.add_note(project, purchase.id, "note")
            ann.set_star(project, purchase.id, True)
        with Project.open(PG_URL, create=False) as project:
            row = q.event_detail(project, purchase.id).row
            assert row.tags == ("deals",) and row.note_count == 1 and row.starred
            assert q.list_actors(project)[0].name == "Turkey"
    finally:
        with Project.open(PG_URL) as project:
            Base.metadata.drop_all(project.engine)
