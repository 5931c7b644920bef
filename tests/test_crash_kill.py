"""SIGKILL at random moments during a long import and during annotation, repeatedly.

After every kill the project must open, pass ``PRAGMA integrity_check``, hold every article
whole or not at all, and keep every annotation the child reported as committed ("confirmed").
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db import models as m
from db.project import Project
from ingest.pipeline import extract

REPO = Path(__file__).resolve().parent.parent
ROUNDS = 6  # per scenario; two scenarios

CHILD = r"""
import sys
from datetime import date
from db import annotations as ann
from db.importer import import_article
from db.project import Project
from ingest.pipeline import extract
from ingest.reader import read_text

path, mode, start = sys.argv[1], sys.argv[2], int(sys.argv[3])
ACTORS = ["Turkey", "Russia", "the United States", "Greece", "NATO", "Germany", "Iran"]

def article(i):
    a, b = ACTORS[i % 7], ACTORS[(i * 3 + 1) % 7]
    return (f"Title: Report {i}\n\n{a} signed an agreement with {b} on March {i % 27 + 1}, 2021. "
            f"Officials in {b} said on April {i % 28 + 1}, 2021 that {a} opposed the sanctions. "
            f"The S-400 deal number {i} was discussed in Ankara on May {i % 25 + 1}, 2021.\n")

with Project.open(path) as project:
    if mode == "import":
        for i in range(start, start + 100000):
            art = read_text(article(i))
            art.published = date(2021, 6, 1)
            import_article(project, art, extract(art.text, art.published))
            print("imported", i, flush=True)
    else:
        from db import queries as q
        events = [e.id for e in q.list_events(project)]
        for i in range(start, start + 100000):
            event_id = events[i % len(events)]
            note = ann.add_note(project, event_id, f"note {i}")
            ann.set_tags(project, event_id, [f"tag {i}"])
            print("confirmed", note, i, flush=True)
"""


def _run_and_kill(path: Path, mode: str, start: int, rng: random.Random) -> list[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), mode, str(start)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert proc.stdout is not None
    lines: list[str] = []
    first = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:  # ends when the child dies
            lines.append(line.strip())
            first.set()

    reader = threading.Thread(target=read)
    reader.start()
    # Kill at a random moment once the child has started committing.
    deadline = time.monotonic() + 30
    while not first.wait(timeout=0.05) and proc.poll() is None and time.monotonic() < deadline:
        pass
    if not first.is_set():
        proc.kill()
        reader.join()
        pytest.fail(f"child never committed: {proc.stderr.read() if proc.stderr else ''}")
    time.sleep(rng.uniform(0.0, 1.2))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    reader.join()  # every line printed after a commit, before the kill
    return lines


def _check_integrity(path: Path) -> None:
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        raw.close()


def _check_articles_whole(project: Project, verified: set[int]) -> int:
    """Every stored source has exactly the mentions, stances and evidence its text yields.

    Sources never change once stored, so each is verified once (``verified``).
    """
    with project.reading() as s:
        sources = s.execute(select(m.Source.id, m.Source.text, m.Source.published)).all()
        for source_id, text, published in sources:
            if source_id in verified:
                continue
            verified.add(source_id)
            x = extract(text, published)
            want_mentions = len(x.timexes) + len(x.actor_mentions) + len(x.thing_mentions)
            mentions = s.scalar(
                select(func.count(m.Mention.id)).where(m.Mention.source_id == source_id)
            )
            stances = s.scalar(
                select(func.count(m.Stance.id)).where(m.Stance.source_id == source_id)
            )
            evidence = s.scalar(
                select(func.count(m.Evidence.id)).where(m.Evidence.source_id == source_id)
            )
            assert (mentions, stances) == (want_mentions, len(x.stances)), source_id
            assert evidence == len(x.events), source_id
        orphans = s.scalar(
            select(func.count(m.Event.id)).where(
                ~select(m.Evidence.id).where(m.Evidence.event_id == m.Event.id).exists()
            )
        )
        assert orphans == 0
    return len(sources)


@pytest.mark.slow
def test_sigkill_during_import_and_annotation(tmp_path: Path) -> None:
    rng = random.Random(os.environ.get("STANCELINE_CRASH_SEED", "6"))
    path = tmp_path / "crash.stanceline"
    confirmed_imports: set[int] = set()
    verified: set[int] = set()
    start = 0
    for _ in range(ROUNDS):
        lines = _run_and_kill(path, "import", start, rng)
        done = [int(line.split()[1]) for line in lines if line.startswith("imported ")]
        confirmed_imports.update(done)
        start = (max(done) + 1) if done else start
        _check_integrity(path)
        with Project.open(path, create=False) as project:
            stored = _check_articles_whole(project, verified)
            with project.session() as s:
                titles = set(s.scalars(select(m.Source.title)))
        assert {f"Report {i}" for i in confirmed_imports} <= titles
        assert stored >= len(confirmed_imports)
    assert len(confirmed_imports) >= ROUNDS  # the kills really landed mid-import

    confirmed_notes: dict[int, str] = {}
    start = 0
    for _ in range(ROUNDS):
        lines = _run_and_kill(path, "annotate", start, rng)
        for line in lines:
            if line.startswith("confirmed "):
                _, note_id, i = line.split()
                confirmed_notes[int(note_id)] = f"note {i}"
                start = int(i) + 1
        _check_integrity(path)
        with Project.open(path, create=False) as project:
            with project.reading() as s:
                notes = dict(s.execute(select(m.Note.id, m.Note.text)).all())
            _check_articles_whole(project, verified)
        for note_id, text in confirmed_notes.items():
            assert notes.get(note_id) == text
    assert len(confirmed_notes) >= ROUNDS
