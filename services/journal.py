"""The import journal: which files an import was asked for and which are in.

A sidecar file ``<project>.import-journal.json`` beside a SQLite project, written atomically
(a temporary file renamed over it).  It exists only while an import runs: a finished or
cancelled import removes it, so one found at the next start, left by a process that is gone,
means that import was killed — the GUI says so and offers to resume, and
``python main.py import --resume PROJECT`` finishes it.  Marks of done files are written at
most every ``SAVE_EVERY_S`` seconds: a file imported just before a kill is re-imported on
resume and recognised as a duplicate by its content hash, so nothing is stored twice.
Server projects (PostgreSQL) keep no journal.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

FORMAT = 1
SAVE_EVERY_S = 0.5


def journal_path(project_path: Path) -> Path:
    return project_path.with_name(project_path.name + ".import-journal.json")


@dataclass(frozen=True)
class Interrupted:
    """An import that did not finish: what it was asked for and what is still missing."""

    asked: tuple[Path, ...]
    done: tuple[Path, ...]
    published: date | None
    started: str

    @property
    def remaining(self) -> list[Path]:
        done = set(self.done)
        return [p for p in self.asked if p not in done]

    def describe(self) -> str:
        return (
            f"An import of {len(self.asked)} file(s) started {self.started} was interrupted: "
            f"{len(self.done)} are in, {len(self.remaining)} are not."
        )


class ImportJournal:
    """Kept by ``services.importing.import_paths`` while it runs (``None`` path: no journal)."""

    def __init__(self, path: Path | None, files: Sequence[Path], published: date | None) -> None:
        self.path = path
        self._doc: dict[str, Any] = {
            "version": FORMAT,
            "pid": os.getpid(),
            "started": datetime.now().astimezone().isoformat(timespec="seconds"),
            "published": published.isoformat() if published else None,
            "asked": [str(p) for p in files],
            "done": [],
        }
        self._saved = 0.0
        self._dirty = False
        self._save()

    def mark(self, path: Path) -> None:
        """``path`` is in (imported, a duplicate, or failed for good: nothing to resume)."""
        self._doc["done"].append(str(path))
        self._dirty = True
        if time.monotonic() - self._saved >= SAVE_EVERY_S:
            self._save()

    def close(self, finished: bool) -> None:
        """A finished or cancelled import leaves no journal; otherwise the marks are saved."""
        if self.path is None:
            return
        if finished:
            self.path.unlink(missing_ok=True)
        elif self._dirty:
            self._save()

    def _save(self) -> None:
        self._saved = time.monotonic()
        self._dirty = False
        if self.path is None:
            return
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump(self._doc, fh, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True  # an import running in this very process (the GUI's worker)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, another user's
        return True
    return True


def interrupted(project_path: Path | None) -> Interrupted | None:
    """The import a killed process left unfinished in this project, if any (an import still
    running in another live process is not reported)."""
    if project_path is None:
        return None
    path = journal_path(project_path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return None  # a torn write cannot happen (atomic rename); anything else is not ours
    if not isinstance(doc, dict) or doc.get("version") != FORMAT:
        return None
    pid = doc.get("pid")
    if isinstance(pid, int) and _alive(pid):
        return None
    published = doc.get("published")
    return Interrupted(
        asked=tuple(Path(p) for p in doc.get("asked", [])),
        done=tuple(Path(p) for p in doc.get("done", [])),
        published=date.fromisoformat(published) if published else None,
        started=str(doc.get("started", "")),
    )


def forget(project_path: Path | None) -> None:
    """The user declined to resume: the journal goes."""
    if project_path is not None:
        journal_path(project_path).unlink(missing_ok=True)
