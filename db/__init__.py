"""The project database: schema, import, queries and annotations (no Qt here)."""

from db.project import Project, ProjectError

__all__ = ["Project", "ProjectError"]
