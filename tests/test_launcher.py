"""resources/launcher.py: the desktop entry, icons and MIME type installed for the user.

HOME and XDG_* already point at a tmp home (autouse fixture in conftest.py), so nothing here
touches the real desktop.
"""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from resources import launcher
from resources.launcher import APP_ID, install_launcher, quote_exec_arg, uninstall_launcher

SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
MIME_TYPE = "application/x-stanceline-project"


def _data_home() -> Path:
    return Path(os.environ["XDG_DATA_HOME"])


def _read_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    assert parser.sections() == ["Desktop Entry"]
    return dict(parser["Desktop Entry"])


def _split_exec(value: str) -> list[str]:
    """Parse an Exec value back into arguments (Desktop Entry spec: string escapes, then quotes)."""
    unescaped: list[str] = []
    i = 0
    while i < len(value):  # general string escapes first
        if value[i] == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            unescaped.append({"s": " ", "n": "\n", "t": "\t", "r": "\r"}.get(nxt, nxt))
            i += 2
        else:
            unescaped.append(value[i])
            i += 1
    text = "".join(unescaped)
    args: list[str] = []
    cur: list[str] = []
    quoted = in_arg = False
    i = 0
    while i < len(text):
        c = text[i]
        if quoted:
            if c == "\\" and i + 1 < len(text) and text[i + 1] in '"`$\\':
                cur.append(text[i + 1])
                i += 1
            elif c == '"':
                quoted = False
            else:
                cur.append(c)
        elif c == '"':
            quoted = in_arg = True
        elif c == " ":
            if in_arg:
                args.append("".join(cur))
            cur, in_arg = [], False
        else:
            cur.append(c)
            in_arg = True
        i += 1
    assert not quoted, f"unterminated quote in {value!r}"
    if in_arg:
        args.append("".join(cur))
    return [a.replace("%%", "%") for a in args]


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", head[16:24])


@pytest.fixture
def desktop(_isolated_home: Path) -> Path:
    path = _isolated_home / "Desktop"
    path.mkdir()
    return path


@pytest.fixture
def installed(desktop: Path) -> list[Path]:
    return install_launcher(["/opt/Stanceline app/bin/stanceline"], desktop_dir=desktop)


def test_files_land_where_expected(installed: list[Path], desktop: Path) -> None:
    data = _data_home()
    expected = {
        data / "applications" / f"{APP_ID}.desktop",
        data / "mime" / "packages" / f"{APP_ID}.xml",
        data / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
        desktop / f"{APP_ID}.desktop",
        *(data / "icons" / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in SIZES),
    }
    assert set(installed) == expected
    assert all(p.is_file() for p in installed)


def test_desktop_entry_is_valid(installed: list[Path]) -> None:
    entry = _read_entry(_data_home() / "applications" / f"{APP_ID}.desktop")
    for key in ("Type", "Name", "GenericName", "Comment", "Exec", "Icon", "Categories"):
        assert entry.get(key), key
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Stanceline"
    assert entry["Terminal"] == "false"
    assert entry["StartupWMClass"] == "stanceline"
    assert entry["Categories"].endswith(";") and "Office" in entry["Categories"].split(";")
    assert MIME_TYPE in entry["MimeType"].split(";")
    assert entry["Keywords"].endswith(";")
    args = _split_exec(entry["Exec"])
    assert args == ["/opt/Stanceline app/bin/stanceline", "%f"]
    assert Path(args[0]).is_absolute()
    # The Icon name must resolve to the installed hicolor files (a theme lookup by name).
    icons = list((_data_home() / "icons" / "hicolor").glob(f"*/apps/{entry['Icon']}.*"))
    assert len(icons) == len(SIZES) + 1


def test_default_exec_points_at_this_installation(desktop: Path) -> None:
    install_launcher(desktop_dir=desktop)
    entry = _read_entry(_data_home() / "applications" / f"{APP_ID}.desktop")
    args = _split_exec(entry["Exec"])
    assert args[-1] == "%f"
    assert all(Path(a).is_absolute() and Path(a).exists() for a in args[:-1])
    assert Path(args[0]).parent == Path(sys.executable).absolute().parent
    assert entry["TryExec"] == args[0]


@pytest.mark.parametrize(
    "arg",
    ["/plain/path", "/with space/x", '/q"uote', "/dollar$HOME", "/back\\slash", "/100%", "/tick`"],
)
def test_exec_quoting_round_trips(arg: str) -> None:
    assert _split_exec(quote_exec_arg(arg) + " %f") == [arg, "%f"]


def test_relative_exec_is_refused() -> None:
    with pytest.raises(ValueError):
        install_launcher(["stanceline"], desktop_dir=None)


def test_desktop_copy_is_executable(installed: list[Path], desktop: Path) -> None:
    shortcut = desktop / f"{APP_ID}.desktop"
    assert os.access(shortcut, os.X_OK)
    assert shortcut.read_text(encoding="utf-8") == (
        _data_home() / "applications" / f"{APP_ID}.desktop"
    ).read_text(encoding="utf-8")


def test_no_desktop_folder_means_no_copy(_isolated_home: Path) -> None:
    written = install_launcher(["/usr/bin/stanceline"])
    assert not any(p.is_relative_to(_isolated_home / "Desktop") for p in written)
    assert not (_isolated_home / "Desktop").exists()
    assert launcher.find_desktop_dir() is None


def test_desktop_folder_found_automatically(desktop: Path) -> None:
    written = install_launcher(["/usr/bin/stanceline"])
    assert desktop / f"{APP_ID}.desktop" in written


def test_uninstall_removes_everything(installed: list[Path], desktop: Path) -> None:
    removed = uninstall_launcher(desktop_dir=desktop)
    assert set(removed) == set(installed)
    assert not any(p.exists() for p in installed)
    assert uninstall_launcher(desktop_dir=desktop) == []  # idempotent


def test_mime_type_declares_the_project_glob(installed: list[Path]) -> None:
    xml = _data_home() / "mime" / "packages" / f"{APP_ID}.xml"
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ElementTree.parse(xml).getroot().find("m:mime-type", ns)
    assert mime is not None and mime.get("type") == MIME_TYPE
    assert mime.find("m:glob", ns).get("pattern") == "*.stanceline"  # type: ignore[union-attr]
    assert mime.find("m:sub-class-of", ns).get("type") == "application/vnd.sqlite3"  # type: ignore[union-attr]
    if shutil.which("update-mime-database"):  # the user's MIME database was rebuilt
        globs = (_data_home() / "mime" / "globs2").read_text(encoding="utf-8")
        assert f"{MIME_TYPE}:*.stanceline" in globs


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils")
def test_desktop_file_validate_accepts_it(installed: list[Path]) -> None:
    for path in (_data_home() / "applications" / f"{APP_ID}.desktop", launcher.DESKTOP_TEMPLATE):
        result = subprocess.run(
            ["desktop-file-validate", str(path)], capture_output=True, text=True, check=False
        )
        errors = [line for line in result.stdout.splitlines() if ": error:" in line]
        assert result.returncode == 0 and not errors, result.stdout + result.stderr


def test_committed_icons_match_the_svg() -> None:
    """make_icons.py output is committed: every size exists, is square and the right size."""
    root = launcher.ICON_ROOT
    for n in SIZES:
        assert _png_size(root / f"{n}x{n}" / "apps" / f"{APP_ID}.png") == (n, n)
    scalable = root / "scalable" / "apps" / f"{APP_ID}.svg"
    source = root.parent / "stanceline.svg"
    assert scalable.read_bytes() == source.read_bytes(), "run resources/tools/make_icons.py"


def test_launcher_does_not_import_qt() -> None:
    code = (
        "import sys, resources.launcher; "
        "sys.exit(any(m.split('.')[0] == 'PySide6' for m in sys.modules))"
    )
    repo = Path(launcher.__file__).resolve().parent.parent
    assert subprocess.run([sys.executable, "-c", code], cwd=repo, check=False).returncode == 0
