"""Where Stanceline keeps its own files: one place, so the demo, the backups, the logs and the
benchmark cache agree on a folder (platformdirs: ~/.local/share/Stanceline on Linux)."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "Stanceline"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
