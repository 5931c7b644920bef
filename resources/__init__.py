"""Data files shipped with Stanceline: icons, launcher, demo articles, dictionaries."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent


def path(*parts: str) -> Path:
    """Absolute path of a file inside resources/."""
    return ROOT.joinpath(*parts)
