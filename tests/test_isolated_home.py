"""The suite never writes into the user's real folders, module-scoped fixtures included."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.locations import data_dir


@pytest.fixture(scope="module")
def module_data_dir() -> Path:
    # Module fixtures run before the per-test home: they build projects (and backups) too.
    return data_dir()


def test_module_fixtures_see_a_tmp_data_folder(
    module_data_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    assert module_data_dir.is_relative_to(tmp_path_factory.getbasetemp())


def test_each_test_gets_its_own_data_folder(module_data_dir: Path) -> None:
    assert data_dir() != module_data_dir
