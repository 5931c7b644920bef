"""Imports read in a process pool and write in file order: the same project as one process."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import queries as q
from db.project import Project
from services import importing
from tests.test_db_paths import fake_iter, fake_read, fake_read_text
from tests.test_db_support import install_fake_merge, patch_module, relative_extraction


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    install_fake_merge(monkeypatch)
    patch_module(monkeypatch, "ingest.reader", iter_article_paths=fake_iter,
                 read_path=fake_read, read_text=fake_read_text)  # fmt: skip
    patch_module(monkeypatch, "ingest.pipeline",
                 extract=lambda text, dct, gazetteer=None: relative_extraction(text, dct))
    out = tmp_path / "in"
    out.mkdir()
    for i in range(importing.POOL_FROM + 4):
        text = f"Turkey summoned ambassador number {i} yesterday over the remarks."
        (out / f"{i:02d}.txt").write_text(text, encoding="utf-8")
    (out / "bad.txt").write_text("x", encoding="utf-8")  # the fake reader refuses it
    return out


def _shape(project: Project) -> list[tuple]:
    return [(title, outlet) for _i, title, outlet, _d in q.list_sources(project)]


def test_a_pool_import_equals_a_one_process_import(folder: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(importing, "START_METHOD", "fork")  # the workers see the stand-ins
    pools: list[int] = []
    real_pool = importing._pool
    monkeypatch.setattr(importing, "_pool", lambda n, g: pools.append(n) or real_pool(n, g))
    with Project.open(tmp_path / "one.stanceline") as one:
        serial = importing.import_paths(one, [folder], workers=1)
        assert pools == []
        with Project.open(tmp_path / "two.stanceline") as two:
            pooled = importing.import_paths(two, [folder], workers=2)
            assert pools == [2]
            assert [p.name for p, _ in pooled.imported] == [p.name for p, _ in serial.imported]
            assert [p.name for p, _ in pooled.failed] == ["bad.txt"]
            assert _shape(two) == _shape(one)
            assert len(q.list_events(two)) == len(q.list_events(one)) == importing.POOL_FROM + 4
