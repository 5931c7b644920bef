"""Word lists written as one string each (easier to read and review than list literals)."""

from __future__ import annotations


def words(spec: str) -> frozenset[str]:
    """``"say tell add"`` → ``frozenset({"say", "tell", "add"})``."""
    return frozenset(spec.split())
