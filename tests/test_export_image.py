"""``python main.py export --format png|svg``: the timeline view rendered offscreen."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO
from tests.test_gui_support import isolated_settings, project_file  # noqa: F401  (fixtures)


def test_cli_exports_png_and_svg(project_file: Path, tmp_path: Path) -> None:  # noqa: F811
    for fmt in ("png", "svg"):
        out = tmp_path / f"view.{fmt}"
        run = subprocess.run(
            [
                sys.executable,
                "main.py",
                "export",
                "--project",
                str(project_file),
                "--format",
                fmt,
                "--out",
                str(out),
                "--actor",
                "Greece",
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        )
        assert run.returncode == 0, run.stderr
    assert (tmp_path / "view.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = (tmp_path / "view.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and "Greece" in svg and "Turkey" not in svg
