"""The standalone bundle: build it, start it under Xvfb with a fresh home, see the demo.

Marked slow: the build takes about a minute on 2 cores (PyInstaller's cache in build/ makes a
second build quicker) and the start a few seconds.  Skips when PyInstaller or Xvfb is absent.
The started program reports what its window shows through ``STANCELINE_READY_FILE``
(viewer/readiness.py), so the test needs no screenshot comparison.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAUNCHER = ROOT / "dist" / "stanceline" / "stanceline"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle() -> Path:
    pytest.importorskip("PyInstaller")
    started = time.monotonic()
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "bundle.sh")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    print(f"bundle built in {time.monotonic() - started:.0f} s: {done.stdout.strip()}")
    assert LAUNCHER.is_file() and os.access(LAUNCHER, os.X_OK)
    return LAUNCHER


@pytest.fixture
def display() -> Iterator[str]:
    """A fresh Xvfb on a free display number (Xvfb picks it and tells us through a pipe)."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.skip("Xvfb is not installed")
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], 30)
        number = os.read(read_end, 32).decode().strip() if ready else ""
        assert number.isdigit(), "Xvfb did not report a display"
        yield f":{number}"
    finally:
        os.close(read_end)
        proc.terminate()
        proc.wait(timeout=10)


def _fresh_env(home: Path, display: str, ready: Path) -> dict[str, str]:
    """What a newcomer's desktop session has: a home, a display, nothing of ours."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "DISPLAY": display,
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "xcb",
        "STANCELINE_READY_FILE": str(ready),
    }
    return env


def test_bundle_starts_on_the_demo_project(bundle: Path, display: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    ready = tmp_path / "ready.txt"
    log = tmp_path / "stanceline.log"
    started = time.monotonic()
    with log.open("w") as out:
        app = subprocess.Popen(
            [str(bundle)],
            env=_fresh_env(home, display, ready),
            cwd=home,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        while not ready.exists() and app.poll() is None and time.monotonic() - started < 90:
            time.sleep(0.2)
        took = time.monotonic() - started
        assert ready.exists(), f"no window after {took:.0f} s:\n{log.read_text()[-3000:]}"
        line = ready.read_text(encoding="utf-8").strip()
        print(f"window ready after {took:.1f} s: {line}")
        fields = dict(part.split("=", 1) for part in line.split()[1:])
        assert line.startswith("ready ")
        assert fields["project"] == "demo.stanceline"
        assert int(fields["events"]) >= 20  # the five demo articles give ~55 events
        assert int(fields["sources"]) == len(list((ROOT / "resources" / "demo").iterdir()))
        assert int(fields["actors"]) >= 5
        # The demo was built inside the fresh home, from the articles shipped in the bundle.
        assert list(home.rglob("demo.stanceline"))
        assert "Traceback" not in log.read_text()
    finally:
        if app.poll() is None:
            os.killpg(app.pid, signal.SIGTERM)
            try:
                app.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(app.pid, signal.SIGKILL)
                app.wait()


def test_bundle_carries_what_a_newcomer_needs(bundle: Path) -> None:
    inside = bundle.parent / "_internal"
    for needed in (
        "resources/actors.json",
        "resources/things.json",
        "resources/io.stanceline.Stanceline.desktop",
        "resources/icons/stanceline.svg",
        "resources/stanceline-mime.xml",
    ):
        assert (inside / needed).is_file(), needed
    demo = sorted(p.name for p in (inside / "resources" / "demo").iterdir())
    assert demo == sorted(p.name for p in (ROOT / "resources" / "demo").iterdir())
    if (ROOT / "docs" / "user-guide.md").is_file():
        assert (inside / "docs" / "user-guide.md").is_file()
        assert list((inside / "docs" / "images").glob("guide-*.png"))
