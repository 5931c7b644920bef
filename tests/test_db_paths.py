"""import_paths / import_pasted over files (reader and pipeline stood in), and the demo."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import pytest

from db import annotations as ann
from db import queries as q
from db.project import Project
from ingest.records import Article, Extraction, ReadError
from services import demo, importing
from services.importing import import_pasted, import_paths
from tests.test_db_support import (
    RELATIVE_TEXT,
    install_fake_merge,
    patch_module,
    relative_extraction,
)


def fake_iter(paths: Iterable[Path]) -> Iterator[Path]:
    for p in paths:
        yield from (sorted(x for x in p.iterdir() if x.suffix == ".txt") if p.is_dir() else [p])


def fake_read(path: Path) -> Article:
    if path.name.startswith("bad"):
        raise ReadError(str(path), "cannot decode the file")
    if path.name.startswith("boom"):
        raise RuntimeError("reader bug")
    return Article(
        text=path.read_text(encoding="utf-8"),
        title=path.stem,
        origin=str(path),
        published=date(2022, 1, 10),
    )


def fake_read_text(text: str, origin: str = "pasted", fmt: str = "txt") -> Article:
    return Article(text=text, origin=origin, fmt=fmt)


@pytest.fixture
def fakes(monkeypatch: pytest.MonkeyPatch) -> list[date | None]:
    """Stub reader and pipeline; returns the dcts extract() was called with."""
    dcts: list[date | None] = []

    def extract(text: str, dct: date | None, gazetteer: object = None) -> Extraction:
        dcts.append(dct)
        return relative_extraction(text, dct)

    install_fake_merge(monkeypatch)
    patch_module(
        monkeypatch,
        "ingest.reader",
        iter_article_paths=fake_iter,
        read_path=fake_read,
        read_text=fake_read_text,
    )
    patch_module(monkeypatch, "ingest.pipeline", extract=extract)
    return dcts


def write_articles(folder: Path) -> list[Path]:
    folder.mkdir()
    files = {
        "1-good.txt": RELATIVE_TEXT,
        "bad.txt": "x",
        "3-copy.txt": RELATIVE_TEXT + "\n",
        "4-other.txt": "On Monday Turkey said yesterday was a good day.",
        "boom.txt": "y",
        "notes.pdf": "ignored",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return sorted(folder.iterdir())


def test_import_paths_reports_failures_and_keeps_good_files(tmp_path, fakes) -> None:
    folder = tmp_path / "in"
    write_articles(folder)
    progress: list[tuple[int, int, str]] = []
    with Project.open(tmp_path / "p.stanceline") as project:
        report = import_paths(project, [folder], progress=lambda *a: progress.append(a))
        assert [p.name for p, _ in report.imported] == ["1-good.txt", "4-other.txt"]
        assert [p.name for p, _ in report.duplicates] == ["3-copy.txt"]
        assert report.duplicates[0][1] == report.imported[0][1]
        failed = {p.name: reason for p, reason in report.failed}
        assert failed == {
            "bad.txt": "cannot decode the file",
            "boom.txt": "RuntimeError: reader bug",
        }
        assert not report.ok and not report.cancelled
        assert progress[0] == (0, 5, "1-good.txt") and progress[-1] == (5, 5, "")
        assert len(q.list_sources(project)) == 2
        assert fakes == [date(2022, 1, 10)] * 3  # each file's own date as dct


def test_import_paths_published_override(tmp_path, fakes) -> None:
    path = tmp_path / "a.txt"
    path.write_text(RELATIVE_TEXT, encoding="utf-8")
    with Project.open(tmp_path / "p.stanceline") as project:
        report = import_paths(project, [path], published=date(2023, 5, 5))
        assert report.ok and fakes == [date(2023, 5, 5)]
        (row,) = q.list_events(project)
        assert row.earliest == date(2023, 5, 4)
        assert q.source_detail(project, report.imported[0][1]).published == date(2023, 5, 5)


def test_import_paths_cancellation_stops_between_articles(tmp_path, fakes) -> None:
    folder = tmp_path / "in"
    write_articles(folder)
    seen: list[str] = []
    with Project.open(tmp_path / "p.stanceline") as project:
        report = import_paths(
            project,
            [folder],
            progress=lambda i, n, name: seen.append(name),
            cancelled=lambda: len(seen) >= 1,
        )
        assert report.cancelled and not report.ok
        assert [p.name for p, _ in report.imported] == ["1-good.txt"]
        assert len(q.list_sources(project)) == 1
        assert seen == ["1-good.txt"]


def test_import_pasted(tmp_path, fakes) -> None:
    with Project.open(tmp_path / "p.stanceline") as project:
        outcome = import_pasted(project, RELATIVE_TEXT, published=date(2020, 1, 2))
        assert not outcome.duplicate and outcome.events_created == 1
        detail = q.source_detail(project, outcome.source_id)
        assert detail.published == date(2020, 1, 2)
        assert q.list_events(project)[0].earliest == date(2020, 1, 1)
        assert import_pasted(project, RELATIVE_TEXT).duplicate


def test_demo_project_is_built_once_and_atomically(tmp_path, fakes, monkeypatch) -> None:
    articles = write_articles(tmp_path / "demo")
    monkeypatch.setattr(demo, "_demo_articles", lambda: [a for a in articles if "good" in a.name])
    target = tmp_path / "data" / "demo.stanceline"
    assert demo.ensure_demo_project(target) == target
    assert sorted(p.name for p in target.parent.iterdir()) == ["demo.stanceline"]
    with Project.open(target, create=False) as project:
        assert len(q.list_events(project)) == 1
    stamp = target.stat().st_mtime_ns
    assert demo.ensure_demo_project(target) == target and target.stat().st_mtime_ns == stamp


def test_failed_demo_build_leaves_nothing(tmp_path, fakes, monkeypatch) -> None:
    monkeypatch.setattr(demo, "_demo_articles", lambda: [tmp_path / "x.txt"])

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(importing, "import_paths", fail)
    target = tmp_path / "demo.stanceline"
    with pytest.raises(OSError):
        demo.ensure_demo_project(target)
    assert os.listdir(tmp_path) == []


def test_default_demo_location_is_user_data_dir(fakes, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(demo, "_demo_articles", lambda: [])
    path = demo.ensure_demo_project()
    assert path.name == "demo.stanceline" and path.is_file()
    assert Path(os.environ["XDG_DATA_HOME"]) in path.parents
    with Project.open(path, create=False) as project:
        assert q.list_events(project) == []


def test_real_pipeline_imports_the_demo_articles(tmp_path: Path) -> None:
    """Integration with the real reader, pipeline and merge, on the shipped demo articles."""
    pytest.importorskip("ingest.pipeline")
    pytest.importorskip("ingest.merge")
    articles = demo._demo_articles()
    if not articles:
        pytest.skip("resources/demo has no articles yet")
    with Project.open(tmp_path / "p.stanceline") as project:
        report = import_paths(project, articles)
        assert report.ok, report.failed
        assert len(report.imported) == len(articles)
        events = q.list_events(project)
        assert events and any(len(e.source_ids) > 1 for e in events), "nothing merged"
        for source_id, *_ in q.list_sources(project):
            detail = q.source_detail(project, source_id)
            assert all(0 <= mm.start < mm.end <= len(detail.text) for mm in detail.mentions)
        assert import_paths(project, articles[:1]).duplicates
        dated = next(s for s in q.list_sources(project) if s[3] is not None)
        ann.set_published(project, dated[0], None)  # re-resolution runs on real extractions
        assert not q.source_detail(project, dated[0]).published_known
