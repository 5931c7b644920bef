"""Articles a relink re-reads are read in a warm worker process (``services.readpool``), so
the language pipeline's long holds of Python's lock never fall on the window's process
(issue 14); a dead process costs nothing but time."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from db import edits, queries
from db.project import Project
from ingest.gazetteer import Gazetteer
from ingest.pipeline import extract
from ingest.reader import read_text
from services import relink
from services.importing import import_pasted
from services.readpool import CHUNK, ReadPool

# Invented news: the product and its tests read no benchmark text.
TEXTS = [
    ("Turkey said on Monday that it would buy more air defence systems from Russia.",
     date(2024, 3, 4)),
    ("Greece protested on Tuesday, and the European Union called for talks in Brussels.",
     date(2024, 3, 5)),
    ("The minister of Ankara met his Greek counterpart in Athens last week.", None),
]  # fmt: skip


def _readings(items: list[tuple[str, date | None]]) -> list:
    return [extract(text, published, Gazetteer.default()) for text, published in items]


@pytest.fixture
def pool() -> Iterator[ReadPool]:
    p = ReadPool()
    yield p
    p.close()


def test_the_process_reads_what_extract_reads_in_order(pool: ReadPool) -> None:
    items = TEXTS * 4  # more than a chunk: several tasks, kept in order
    assert len(items) > CHUNK
    got = list(pool.read(items, Gazetteer.default()))
    assert pool.started
    assert got == _readings(items)
    pid = pool.warm().result(timeout=120)
    assert pid != os.getpid()  # read in another process, not here


def test_a_handful_is_read_here_while_the_process_is_not_started(pool: ReadPool) -> None:
    assert len(TEXTS) < CHUNK
    assert list(pool.read(TEXTS, Gazetteer.default())) == _readings(TEXTS)
    assert not pool.started  # starting it (~2 s) would cost more than three articles


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="no SIGKILL here")
def test_a_killed_process_is_replaced_and_nothing_is_lost(pool: ReadPool) -> None:
    pid = pool.warm().result(timeout=120)
    os.kill(pid, signal.SIGKILL)
    items = TEXTS * 4
    assert list(pool.read(items, Gazetteer.default())) == _readings(items)  # read here
    assert not pool.started  # given up: the next read starts a fresh one
    assert list(pool.read(items, Gazetteer.default())) == _readings(items)
    assert pool.started and pool.warm().result(timeout=120) != pid


def test_the_process_reads_with_the_dictionary_it_is_given(pool: ReadPool) -> None:
    from ingest.records import ActorInfo

    gaz = Gazetteer.default().overlay(
        [ActorInfo(name="Turkey", kind="state", affiliation=None, aliases=("Velmora",))]
    )
    items = [("Velmora said on Monday that talks would resume.", None)] * CHUNK
    with_alias = list(pool.read(items, gaz))
    plain = list(pool.read(items, Gazetteer.default()))  # another dictionary: read again
    assert all("Turkey" in x.actors for x in with_alias)
    assert not any("Turkey" in x.actors for x in plain)


def test_a_relink_reads_through_the_reader_it_is_given(tmp_path: Path) -> None:
    """``services.relink`` hands every article to the batch reader (the window's process)
    and stores what it returns, as when it reads them itself."""
    calls: list[int] = []

    def counting(items, gaz):
        calls.append(len(items))
        return relink.read_here(items, gaz)

    texts = [
        "Velmora said on Monday that it would send observers to the border.",
        "Officials in Velmora rejected the plan on Tuesday.",
        "Turkey closed its consulate on Wednesday.",  # names no alias: not read again
    ]
    results = []
    for name, read in (("given", counting), ("here", None)):
        with Project.open(tmp_path / f"{name}.stanceline") as project:
            for text in texts:
                import_pasted(project, read_text(text).text, date(2024, 5, 6))
            turkey = next(a for a in queries.list_actors(project) if a.name == "Turkey")
            change = relink.add_alias(project, turkey.id, "Velmora", read)
            results.append((len(change.result), queries.list_actors(project)))
    assert calls == [2]  # both articles, in one batch
    assert results[0] == results[1] and results[0][0] == 2


def test_the_window_reads_a_relink_in_its_worker_process(qtbot, project_file: Path) -> None:  # noqa: F811
    """The running application's worker owns a reading process; the actor manager starts it
    when it opens and hands it the articles of an alias."""
    from tests.test_workflow_gui import close_window, menu_action, open_window
    from viewer.dbworker import DbWorker, install_db_worker

    class Pool:  # the process, as the dialog uses it
        started = False

        def __init__(self) -> None:
            self.read_items: list[int] = []

        def warm(self) -> None:
            self.started = True

        def read(self, items, gaz):
            self.read_items.append(len(items))
            return relink.read_here(items, gaz)

    w = open_window(qtbot, project_file)
    worker = install_db_worker(w, warm_up=False)
    assert isinstance(worker.read_pool, ReadPool)  # the real one, not started until needed
    assert not worker.read_pool.started
    fake = worker.read_pool = Pool()
    menu_action(w.edit_menu, "Actors…").trigger()
    dlg = w.workflow.dialog
    assert fake.started  # warmed when the dialog opened
    owner = w.state.actors[0]
    dlg.select_actor(owner.id)
    dlg.new_alias.insert("Foreign Minister")
    dlg.add_alias_button.click()
    assert DbWorker.of(w.editor).wait_idle()
    assert "Foreign Minister" in edits.actor_aliases(w.project, owner.id)
    assert fake.read_items and sum(fake.read_items) > 0
    close_window(w)



class _Recording:
    """A window's reading process as its users see it: what was read, read in this process."""

    started = True
    ready = True

    def __init__(self) -> None:
        self.texts: list[str] = []

    def warm(self) -> None:
        pass

    def read(self, items, gaz):
        self.texts.extend(text for text, _published in items)
        return relink.read_here(items, gaz)


def _window_with_fake_pool(qtbot, project_file: Path, monkeypatch, module):  # noqa: F811
    """A window whose reading process is a ``_Recording``, and the texts ``module.extract``
    reads in this process."""
    from services import lazyread
    from tests.test_workflow_gui import open_window
    from viewer.dbworker import install_db_worker

    here: list[str] = []
    real_here = lazyread.extract
    monkeypatch.setattr(module, "extract",
                        lambda text, *a: here.append(text) or real_here(text, *a))  # fmt: skip
    w = open_window(qtbot, project_file)
    fake = install_db_worker(w, warm_up=False).read_pool = _Recording()
    return w, fake, here


def test_the_window_reads_single_articles_in_its_worker_process(
    qtbot, project_file: Path, monkeypatch  # noqa: F811
) -> None:
    """A publication date, a draft from a passage and a pasted article are read by the
    window's reading process too: the model never loads in the window's process."""
    from services import lazyread
    from tests.test_workflow_gui import close_window
    from viewer.dbworker import DbWorker
    from viewer.importworker import ImportJob

    w, fake, here = _window_with_fake_pool(qtbot, project_file, monkeypatch, lazyread)
    pane = w.source_pane
    w.state.select(w.state.first_dated_event())
    text = pane.source_text()
    pane.published_known.setChecked(not pane.published_known.isChecked())
    asked = getattr(pane, "date_dialog", None)
    if asked is not None:
        asked.accept()
    assert DbWorker.of(w.editor).wait_idle(60)
    assert fake.texts == [text]  # the date change read the article there
    w.workflow.new_event_from_passage(pane.source_id, 0, 40).reject()
    assert fake.texts[-1] == text[:40]  # the draft too
    pasted = "Greece protested on Tuesday, and the European Union called for talks."
    job = ImportJob.pasted(w.project, pasted, date(2024, 3, 5), w, fake.read)
    with qtbot.waitSignal(job.finished, timeout=60_000):
        job.start()
    assert fake.texts[-1] == pasted  # and the pasted article
    assert here == []  # nothing read in this process
    close_window(w)


def test_the_window_rereads_its_articles_in_its_worker_process(
    qtbot, project_file: Path, monkeypatch  # noqa: F811
) -> None:
    """File > Re-read articles reads every article in the reading process, not here."""
    from services import reread
    from tests.test_workflow_gui import close_window

    w, fake, here = _window_with_fake_pool(qtbot, project_file, monkeypatch, reread)
    stored = sorted(
        queries.source_detail(w.project, sid).text for sid, *_ in queries.list_sources(w.project)
    )
    with qtbot.waitSignal(w.reread_articles().finished, timeout=120_000):
        pass
    assert sorted(fake.texts) == stored and here == []
    close_window(w)


def test_the_running_application_loads_the_model_in_the_reading_process(
    qtbot, project_file: Path, monkeypatch  # noqa: F811
) -> None:
    from services import lazyread
    from tests.test_workflow_gui import close_window, open_window
    from viewer.dbworker import install_db_worker

    here: list[str] = []
    monkeypatch.setattr(lazyread, "extract", lambda text, *a: here.append(text))
    w = open_window(qtbot, project_file)
    worker = install_db_worker(w)  # as run_gui does
    pool = worker.read_pool
    assert pool is not None and pool.started
    qtbot.waitUntil(lambda: pool.ready, timeout=120_000)
    assert pool.warm().result(timeout=60) != os.getpid()  # loaded over there
    assert here == [] and not worker.busy  # and nothing was read, or queued, here
    close_window(w)


from tests.test_gui_support import isolated_settings, project_file  # noqa: E402, F401
