"""Fixtures shared by the whole suite.

Every test runs headless (Qt offscreen) with its data, config and cache directories in a tmp
path, so no test reads or writes the user's real settings or demo project.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


_HOME_DIRS = (
    ("XDG_DATA_HOME", "data"),
    ("XDG_CONFIG_HOME", "config"),
    ("XDG_CACHE_HOME", "cache"),
    ("XDG_STATE_HOME", "state"),
)


def _point_home_at(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for var, sub in _HOME_DIRS:
        (home / sub).mkdir()
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    return home


@pytest.fixture(scope="session", autouse=True)
def _isolated_session_home(tmp_path_factory: pytest.TempPathFactory):
    """A tmp home for the whole run, set before any module-scoped fixture: those build
    projects too (and opening one writes a backup into the data folder)."""
    with pytest.MonkeyPatch.context() as mp:
        yield _point_home_at(tmp_path_factory.mktemp("session-home"), mp)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point XDG dirs (platformdirs, QSettings) at a fresh tmp home for each test."""
    return _point_home_at(tmp_path_factory.mktemp("home"), monkeypatch)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared reference material (seeds, gold, benchmarks); absent in a user's own clone."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared is not present beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"


@pytest.fixture(scope="session")
def gold(shared_dir: Path) -> dict:
    import json

    return json.loads((shared_dir / "gold" / "seeds.json").read_text(encoding="utf-8"))
