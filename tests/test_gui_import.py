"""Imports in a worker thread: progress, cancel, the summary, and the window refreshed."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import queries
from db.importer import ImportReport
from db.project import Project
from ingest.records import Event, EventActor, Extraction, Span
from tests.test_db_support import install_fake_merge, patch_module
from tests.test_gui_support import isolated_settings  # noqa: F401  (fixture)
from viewer.importworker import ImportJob, summarise
from viewer.mainwindow import MainWindow

calls: list[str] = []


def fake_extract(text: str, dct, gazetteer=None) -> Extraction:
    """One undated event per article: enough to see it arrive in the GUI."""
    calls.append(text)
    return Extraction(dct=dct, sentences=[Span(0, len(text))],
                      events=[Event("e1", text.split(".")[0], Span(0, len(text)), None,
                                    "statement", [EventActor("Turkey", "agent")])])


@pytest.fixture
def stubbed_ingest(monkeypatch: pytest.MonkeyPatch) -> None:
    calls.clear()
    install_fake_merge(monkeypatch)
    patch_module(monkeypatch, "ingest.pipeline", extract=fake_extract)


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Turkey protested. More text follows.", encoding="utf-8")
    (folder / "b.txt").write_text("Turkey agreed. Other words here.", encoding="utf-8")
    return folder


def test_job_imports_two_files_with_progress(qtbot, tmp_path: Path, articles: Path,
                                             stubbed_ingest: None) -> None:
    with Project.open(tmp_path / "p.stanceline") as project:
        job = ImportJob.paths(project, [articles])
        seen: list[tuple[int, int, str]] = []
        job.progress.connect(lambda d, t, n: seen.append((d, t, n)))
        with qtbot.waitSignal(job.finished, timeout=20000) as blocker:
            job.start()
        report = blocker.args[0]
        assert isinstance(report, ImportReport)
        assert [p.name for p, _ in report.imported] == ["a.txt", "b.txt"]
        assert seen[0] == (0, 2, "a.txt") and seen[-1] == (2, 2, "")
        assert len(queries.list_sources(project)) == 2
        assert not job.is_running()
        assert summarise(report)[0] == "Imported 2 article(s)"


def test_job_can_be_cancelled_between_articles(qtbot, tmp_path: Path, articles: Path,
                                               stubbed_ingest: None, monkeypatch) -> None:
    with Project.open(tmp_path / "p.stanceline") as project:
        job = ImportJob.paths(project, [articles])

        def extract_then_cancel(text: str, dct, gazetteer=None) -> Extraction:
            job.cancel()  # the user presses Cancel while the first article is being read
            return fake_extract(text, dct)

        patch_module(monkeypatch, "ingest.pipeline", extract=extract_then_cancel)
        with qtbot.waitSignal(job.finished, timeout=20000) as blocker:
            job.start()
        report = blocker.args[0]
        assert report.cancelled and len(report.imported) == 1  # the first one, whole
        assert len(queries.list_sources(project)) == 1
        assert "cancelled" in summarise(report)[0]


def test_window_import_reloads_and_reports(qtbot, tmp_path: Path, articles: Path,
                                           stubbed_ingest: None) -> None:
    bad = articles / "c.html"
    bad.write_bytes(b"")  # an empty file is reported, not fatal
    with Project.open(tmp_path / "p.stanceline") as project:
        w = MainWindow(project)
        qtbot.addWidget(w)
        w.show()
        assert w.event_list.model().rowCount() == 0
        assert "No articles yet" in w.source_pane.empty.text()
        job = w.import_paths([articles])
        assert w.import_progress.isVisible()
        with qtbot.waitSignal(job.finished, timeout=20000):
            pass
        qtbot.waitUntil(lambda: not w._jobs)
        assert w.event_list.model().rowCount() == 2
        assert not w.import_progress.isVisible()
        assert w.state.selected_id is not None  # the newcomer sees an article at once
        assert "2 events" in w.counts_label.text()
        assert w.statusBar().currentMessage().startswith("Imported 2 article(s)")
        w.close()


def test_pasted_article(qtbot, tmp_path: Path, stubbed_ingest: None) -> None:
    with Project.open(tmp_path / "p.stanceline") as project:
        job = ImportJob.pasted(project, "Turkey objected. It said so loudly.")
        with qtbot.waitSignal(job.finished, timeout=20000) as blocker:
            job.start()
        assert not blocker.args[0].duplicate
        assert len(queries.list_events(project)) == 1


def test_failure_is_reported_not_raised(qtbot, tmp_path: Path, monkeypatch) -> None:
    with Project.open(tmp_path / "p.stanceline") as project:
        def boom(*_a, **_k):
            raise RuntimeError("disk full")

        monkeypatch.setattr("services.importing.import_paths", boom)
        job = ImportJob.paths(project, [tmp_path])
        with qtbot.waitSignal(job.failed, timeout=20000) as blocker:
            job.start()
        assert "disk full" in blocker.args[0]
