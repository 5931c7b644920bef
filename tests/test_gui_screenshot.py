"""The screenshot command renders the real window to a non-blank PNG."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.test_gui_support import isolated_settings, project_file  # noqa: F401  (fixtures)
from viewer.screenshot import take_screenshot


def distinct_colours(image: QImage, step: int = 7) -> int:
    return len({image.pixel(x, y) for x in range(0, image.width(), step)
                for y in range(0, image.height(), step)})


def test_screenshot_writes_a_non_blank_png(qtbot, tmp_path: Path, project_file: Path) -> None:  # noqa: F811
    out = tmp_path / "shots" / "main.png"
    take_screenshot(str(project_file), out, size=(1200, 800), actors=["turkey"])
    image = QImage(str(out))
    assert not image.isNull()
    assert (image.width(), image.height()) == (1200, 800)
    assert distinct_colours(image) > 30


def test_unknown_actor_is_an_error(qtbot, tmp_path: Path, project_file: Path) -> None:  # noqa: F811
    with pytest.raises(ValueError, match="nobody"):
        take_screenshot(str(project_file), tmp_path / "x.png", actors=["Nobody"])
