"""The error a project raises to the user (its own module, so ``db.project`` and
``db.migrations`` both use it without importing each other)."""

from __future__ import annotations


class ProjectError(Exception):
    """A project could not be opened or created; ``str(err)`` is a message for the user."""
