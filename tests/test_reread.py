"""Re-read (services.reread, ``main.py reread``, File ▸ Re-read articles…): the stored
articles read again, the analyst's annotations, corrections and hand-made events kept.

The reading is a small stand-in with an edition ("v1" at import, "v2" at the re-read) in every
summary and stance, so a test sees which reading each row comes from."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select, text

from db import annotations, edits
from db import models as m
from db.project import Project
from ingest.gazetteer import Gazetteer
from ingest.records import (
    ActorInfo,
    ActorMention,
    DateSpan,
    Event,
    EventActor,
    Extraction,
    Span,
    Stance,
)
from services import reread as service
from services.importing import import_pasted
from tests.storage_backends import location  # noqa: F401  (fixture: SQLite, PostgreSQL)
from tests.test_db_support import install_fake_merge, patch_module
from tests.test_gui_support import isolated_settings  # noqa: F401  (fixture: QSettings)

# Articles written for these tests: paragraphs are sentences, each reports one event.
A = (
    "Turkey rejected an offer from Russia to sell more S-400 missiles.\n\n"
    "Greece said it would hold talks with Iran."
)
B = (
    "Germany criticised Turkey over the S-400 deal with Russia.\n\n"
    "Russia said it agreed a gas deal with Germany."
)
C = "Iran closed its embassy in Germany after the protest."
NAMES = ("Turkey", "Russia", "Greece", "Iran", "Germany")
THINGS = ("S-400", "talks", "gas")
PUBLISHED = {A: date(2024, 3, 11), B: date(2024, 3, 12), C: None}  # C's date is unknown


class Reader:
    """The stand-in extraction: dictionary names as actors (the first one the source), the
    listed things, a stance for each "said", and ``edition`` in summaries and stances."""

    def __init__(self) -> None:
        self.edition = "v1"
        self.calls: list[tuple[str, date | None]] = []
        self.drop: tuple[str, ...] = ()  # sentences that yield no event in this edition
        self.also: dict[str, tuple[str, DateSpan]] = {}  # sentence start → (thing, date)

    def __call__(self, text: str, dct: date | None, gazetteer: Gazetteer | None = None):
        self.calls.append((text, dct))
        x = Extraction(dct=dct)
        start = 0
        for sentence in text.split("\n\n"):
            where = Span(start, start + len(sentence))
            start += len(sentence) + 2
            found = sorted((sentence.index(a), a) for a in NAMES if a in sentence)
            for at, name in found:
                a = where.start + at
                x.actor_mentions.append(ActorMention(a, a + len(name), name, name, "country"))
                x.actors[name] = ActorInfo(name, "country")
            roles = [
                EventActor(name, "source" if i == 0 else "target")
                for i, (_, name) in enumerate(found)
            ]
            things = [t for t in THINGS if t in sentence]
            words = " ".join(sentence.split()[:3])
            if sentence.startswith(self.drop):
                continue
            also = next((v for p, v in self.also.items() if sentence.startswith(p)), None)
            when = also[1] if also else None
            things += [also[0]] if also else []
            n = len(x.events) + 1
            x.events.append(
                Event(f"e{n}", f"{self.edition}: {words}", where, when, "OTHER", roles, things)
            )
            if " said " in sentence and found:
                x.stances.append(
                    Stance(
                        found[0][1],
                        "for",
                        f"{self.edition} target",
                        f"{self.edition}-key",
                        where,
                        event_id=f"e{n}",
                    )
                )
        return x


@pytest.fixture
def reader(monkeypatch: pytest.MonkeyPatch) -> Reader:
    read = Reader()
    install_fake_merge(monkeypatch)  # same event: two sources sharing an actor and a thing
    patch_module(monkeypatch, "ingest.pipeline", extract=read)  # the import
    monkeypatch.setattr(service, "extract", read)  # the re-read
    return read


@pytest.fixture
def project(location: str, reader: Reader) -> Iterator[Project]:  # noqa: F811
    with Project.open(location) as p:
        for article in (A, B, C):
            import_pasted(p, article, PUBLISHED[article])
        reader.edition = "v2"
        reader.calls.clear()
        yield p


def event_at(p: Project, article: str, sentence: str) -> int:
    """The one event whose evidence (in ``article``'s source) starts at ``sentence``."""
    at = article.index(sentence)
    with p.reading() as s:
        ids = list(
            s.scalars(
                select(m.Evidence.event_id)
                .join(m.Source, m.Source.id == m.Evidence.source_id)
                .where(m.Source.text == article, m.Evidence.start == at)
            )
        )
    assert len(ids) == 1, f"{len(ids)} events for {sentence!r}"
    return ids[0]


def summaries(p: Project) -> set[str]:
    with p.reading() as s:
        return set(s.scalars(select(m.Event.summary)))


def source_id(p: Project, article: str) -> int:
    with p.reading() as s:
        return s.scalar(select(m.Source.id).where(m.Source.text == article))


def consistent(p: Project) -> None:
    """No dangling rows, and every event still reported by a source."""
    with p.reading() as s:
        if p.path is not None:  # SQLite: PostgreSQL enforces its foreign keys at each write
            assert s.execute(text("PRAGMA foreign_key_check")).all() == []
        bare = s.scalar(
            select(func.count(m.Event.id)).where(
                ~select(m.Evidence.id).where(m.Evidence.event_id == m.Event.id).exists()
            )
        )
        assert bare == 0


def test_untouched_events_take_the_new_reading(project: Project, reader: Reader) -> None:
    assert "v1: Iran closed its" in summaries(project)
    report = service.reread(project)
    assert report.sources == 3 and not report.failed and not report.cancelled
    got = summaries(project)
    assert "v2: Iran closed its" in got and "v1: Iran closed its" not in got
    assert "v2: Russia said it" in got
    assert (report.events_before, report.events_after) == (4, 4)  # A1 and B1 are one event
    # The merged event (A and B report it) is found again from both new readings, and takes
    # the new summary of A, its first report; it still reads as untouched afterwards.
    merged = event_at(project, A, "Turkey rejected")
    assert merged == event_at(project, B, "Germany criticised")
    assert "v2: Turkey rejected an" in got and "v2: Germany criticised Turkey" not in got
    reader.edition = "v3"
    service.reread(project, [source_id(project, A)])
    assert "v3: Turkey rejected an" in summaries(project)
    assert event_at(project, A, "Turkey rejected") == merged
    with project.reading() as s:
        keys = set(s.scalars(select(m.Stance.target_key)))
        labels = s.execute(select(func.count(m.Mention.id))).scalar_one()
    assert keys == {"v2-key", "v3-key"}  # the stances are the new readings' (B's, then A's)
    assert labels == 11  # each source's mentions once, not twice
    consistent(project)


def test_annotations_corrections_and_hand_made_events_survive(
    project: Project, reader: Reader
) -> None:
    annotated = event_at(project, A, "Greece said")
    annotations.set_star(project, annotated, True)
    note = annotations.add_note(project, annotated, "check the Athens side")
    corrected = event_at(project, B, "Russia said")
    edit = edits.EventEdit(summary="Russia and Germany sign gas deal")
    edits.edit_event(project, corrected, edit)
    c = source_id(project, C)
    manual = edits.create_event(
        project,
        c,
        0,
        len("Iran closed its embassy"),
        "Iran shuts Berlin embassy",
        actors=[],
        review="unreviewed",
    ).result
    report = service.reread(project)
    assert report.kept == 3
    with project.reading() as s:
        star = s.get_one(m.Event, annotated)
        assert star.starred and star.summary == "v1: Greece said it"
        assert s.get_one(m.Note, note).event_id == annotated
        assert s.get_one(m.Event, corrected).summary == "Russia and Germany sign gas deal"
        hand = s.get_one(m.Event, manual)
        assert hand.summary == "Iran shuts Berlin embassy" and hand.review == "unreviewed"
    got = summaries(project)
    # A kept event is joined by its new reading, not doubled by it …
    assert "v2: Greece said it" not in got and "v2: Russia said it" not in got
    assert event_at(project, A, "Greece said") == annotated
    assert event_at(project, B, "Russia said") == corrected
    # … and the untouched one beside the hand-made event is the new reading's.
    assert "v2: Iran closed its" in got and "v1: Iran closed its" not in got
    consistent(project)


def test_a_kept_events_links_and_date_win_over_the_new_reading(
    project: Project, reader: Reader
) -> None:
    event_id = event_at(project, A, "Greece said")
    greece = _actor(project, "Greece")
    edits.edit_event(project, event_id, edits.EventEdit(actors=[(greece, "speaker")]))
    service.reread(project)
    with project.reading() as s:
        links = s.execute(
            select(m.EventActor.actor_id, m.EventActor.role).where(
                m.EventActor.event_id == event_id
            )
        ).all()
    assert links == [(greece, "speaker")]


def test_a_kept_event_the_new_reading_misses_keeps_its_report(
    project: Project, reader: Reader
) -> None:
    kept = event_at(project, A, "Turkey rejected")  # B reports it too
    annotations.set_review(project, kept, "confirmed")
    annotated = event_at(project, A, "Greece said")
    annotations.set_star(project, annotated, True)
    reader.drop = ("Turkey rejected",)  # so A's second sentence is now its "e1"
    service.reread(project)
    a, b = source_id(project, A), source_id(project, B)
    with project.reading() as s:
        ids = {
            (e, src): local
            for e, src, local in s.execute(
                select(m.Evidence.event_id, m.Evidence.source_id, m.Evidence.local_id)
            )
            if e in (kept, annotated)
        }
    # Refreshed where the new reading found the event again; renamed where it did not, so
    # the new "e1" (what a date correction looks events up by) names one event only.
    assert ids == {(kept, a): "kept:e1", (kept, b): "e1", (annotated, a): "e1"}
    consistent(project)


def test_a_shared_event_the_new_reading_misses_loses_that_report_only(
    project: Project, reader: Reader
) -> None:
    merged = event_at(project, A, "Turkey rejected")  # A and B report it; nobody touched it
    reader.drop = ("Germany criticised",)
    service.reread(project, [source_id(project, B)])
    with project.reading() as s:
        sources = set(s.scalars(select(m.Evidence.source_id).where(m.Evidence.event_id == merged)))
    assert sources == {source_id(project, A)}
    assert "v1: Turkey rejected an" in summaries(project)  # A gave it, A was not read
    consistent(project)


def test_a_split_stays_split(project: Project, reader: Reader) -> None:
    merged = event_at(project, A, "Turkey rejected")
    b = source_id(project, B)
    with project.reading() as s:
        report_b = s.scalar(
            select(m.Evidence.id).where(m.Evidence.event_id == merged, m.Evidence.source_id == b)
        )
    other = edits.split_event(project, merged, [report_b]).result
    report = service.reread(project)
    assert event_at(project, A, "Turkey rejected") == merged
    assert event_at(project, B, "Germany criticised") == other  # not merged back
    assert report.kept == 2
    consistent(project)


def test_a_merge_into_an_untouched_event_leaves_it_untouched(
    project: Project, reader: Reader
) -> None:
    # C's new reading reports B's gas deal, with a date: the importer merges it into B's event.
    friday = DateSpan("2024-03-08", date(2024, 3, 8), date(2024, 3, 8), "day")
    reader.also = {"Iran closed": ("gas", friday)}
    service.reread(project)
    deal = event_at(project, B, "Russia said")
    assert deal == event_at(project, C, "Iran closed")
    with project.reading() as s:
        assert s.get_one(m.Event, deal).earliest == date(2024, 3, 8)
    reader.edition = "v3"  # so a later re-read still gives it B's new summary
    service.reread(project, [source_id(project, B)])
    assert "v3: Russia said it" in summaries(project)
    consistent(project)


def test_publication_date_is_used_only_when_known(project: Project, reader: Reader) -> None:
    service.reread(project)
    assert dict(reader.calls) == {A: date(2024, 3, 11), B: date(2024, 3, 12), C: None}
    with project.session() as s:  # a date the reader guessed, not one the file stated
        s.get_one(m.Source, source_id(project, C)).published = date(2024, 3, 1)
    reader.calls.clear()
    service.reread(project, [source_id(project, C)])
    assert reader.calls == [(C, None)]


def test_reading_twice_changes_nothing_more(project: Project, reader: Reader) -> None:
    annotations.set_star(project, event_at(project, A, "Greece said"), True)
    service.reread(project)
    first = _rows(project)
    report = service.reread(project)
    assert _rows(project) == first  # the replaced events have new ids: compared without them
    assert report.events_before == report.events_after == 4


def test_cancel_between_sources_leaves_the_project_consistent(
    project: Project, reader: Reader
) -> None:
    seen: list[str] = []
    report = service.reread(
        project, progress=lambda i, n, name: seen.append(name), cancel=lambda: len(seen) >= 1
    )
    assert report.cancelled and report.sources == 1
    got = summaries(project)
    assert "v2: Greece said it" in got  # the first source is the new reading's, whole
    assert "v1: Iran closed its" in got  # the others as they were
    consistent(project)
    service.reread(project)  # finishing later gives what one run gives
    assert "v1: Iran closed its" not in summaries(project)
    consistent(project)


def test_a_failing_source_is_rolled_back_whole(
    project: Project, reader: Reader, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _rows(project)
    b = source_id(project, B)
    real = service._Reread.store

    def store(self: service._Reread) -> None:
        real(self)  # everything written, then the store fails before the commit
        if self.source_id == b:
            raise RuntimeError("disk full")

    monkeypatch.setattr(service._Reread, "store", store)
    report = service.reread(project)
    assert report.failed == [(b, "RuntimeError: disk full")] and report.sources == 2
    with project.reading() as s:
        on_b = set(
            s.scalars(
                select(m.Event.summary)
                .join(m.Evidence, m.Evidence.event_id == m.Event.id)
                .where(m.Evidence.source_id == b)
            )
        )
    assert "v1: Russia said it" in on_b  # B as it was before the re-read
    assert [r[1:] for r in _rows(project) if r[2] == b] == [r[1:] for r in before if r[2] == b]
    consistent(project)


def test_command_line_reports_progress(
    project: Project, reader: Reader, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import main

    assert main.main(["reread", "--project", project.location]) == 0
    err = capsys.readouterr().err
    assert "[1/3]" in err and "[3/3]" in err
    assert "re-read 3 source(s): events 4 → 4" in err
    assert "v2: Iran closed its" in summaries(project)
    missing = tmp_path / "none.stanceline"
    assert main.main(["reread", "--project", str(missing)]) == 2
    assert not missing.exists()  # never created by a re-read


def test_menu_action_rereads_in_the_background_and_reloads(
    qtbot, project: Project, reader: Reader, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from viewer.mainwindow import MainWindow

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    w = MainWindow(project, persist_layout=False)
    qtbot.addWidget(w)
    w.show()
    assert any(e.summary == "v1: Iran closed its" for e in w.state.events)
    assert w.reread_action.text().startswith("Re-&read articles")
    w.reread_action.trigger()
    assert w.import_progress.isVisible()
    qtbot.waitUntil(lambda: not w._jobs, timeout=20000)
    assert any(e.summary == "v2: Iran closed its" for e in w.state.events)
    assert not any(e.summary == "v1: Iran closed its" for e in w.state.events)
    assert "Re-read 3 article(s)" in w.statusBar().currentMessage()
    w.close()


def test_cancel_in_the_window_stops_after_the_article_being_read(
    qtbot, project: Project, reader: Reader, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from viewer.mainwindow import MainWindow

    reading, go = threading.Event(), threading.Event()

    def slow(text: str, dct: date | None, gazetteer: Gazetteer | None = None) -> Extraction:
        reading.set()
        assert go.wait(20)  # the first article is being read when Cancel is pressed
        return reader(text, dct, gazetteer)

    monkeypatch.setattr(service, "extract", slow)
    w = MainWindow(project, persist_layout=False)
    qtbot.addWidget(w)
    w.show()
    w.reread_articles()
    qtbot.waitUntil(reading.is_set, timeout=20000)
    qtbot.mouseClick(w.import_progress.cancel_button, Qt.MouseButton.LeftButton)
    assert not w.import_progress.cancel_button.isEnabled()
    go.set()
    qtbot.waitUntil(lambda: not w._jobs, timeout=20000)
    message = w.statusBar().currentMessage()
    assert message.startswith("Re-read 1 article(s)") and message.endswith("cancelled")
    assert "v2: Greece said it" in summaries(project) and "v1: Iran closed its" in summaries(
        project
    )
    consistent(project)
    w.close()


def _actor(p: Project, name: str) -> int:
    with p.reading() as s:
        return s.scalar(select(m.Actor.id).where(m.Actor.name == name))


def _rows(p: Project) -> list[tuple]:
    """Events with their reports, as a comparable sorted list (without ids)."""
    with p.reading() as s:
        return sorted(
            tuple(r)
            for r in s.execute(
                select(
                    m.Event.summary,
                    m.Event.starred,
                    m.Evidence.source_id,
                    m.Evidence.start,
                    m.Evidence.end,
                    m.Evidence.local_id,
                ).join(m.Evidence, m.Evidence.event_id == m.Event.id)
            )
        )


class BatchReading:
    """A ``db.dictionary.BatchReader`` over the stand-in ``Reader`` that records its batches
    and can fail on one text (as a reading process raises the article's error)."""

    def __init__(self, reader: Reader, fail_on: str | None = None) -> None:
        self.reader, self.fail_on = reader, fail_on
        self.batches: list[list[str]] = []

    def __call__(self, items, gazetteer):
        self.batches.append([t for t, _d in items])
        for article, published in items:
            if article == self.fail_on:
                raise RuntimeError("parser crashed")
            yield self.reader(article, published, gazetteer)


def test_a_reader_given_reads_the_articles_in_batches(
    project: Project, reader: Reader, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "BATCH", 2)
    monkeypatch.setattr(service, "extract", lambda *a: pytest.fail("read in this process"))
    batches = BatchReading(reader)
    report = service.reread(project, read=batches)
    assert batches.batches == [[A, B], [C]]  # each text once, in source order, two at a time
    assert report.sources == 3 and not report.failed
    assert "v2: Iran closed its" in summaries(project) and "v1: Iran closed its" not in summaries(
        project
    )
    assert [d for _t, d in reader.calls] == [PUBLISHED[A], PUBLISHED[B], None]
    consistent(project)


def test_a_reading_that_fails_costs_only_its_article(
    project: Project, reader: Reader, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "BATCH", 3)
    batches = BatchReading(reader, fail_on=B)
    report = service.reread(project, read=batches)
    assert report.failed == [(source_id(project, B), "RuntimeError: parser crashed")]
    assert report.sources == 2 and batches.batches == [[A, B, C], [C]]  # C asked for again
    assert "v2: Iran closed its" in summaries(project)
    assert "v1: Russia said it" in summaries(project)  # B as it was
    consistent(project)
