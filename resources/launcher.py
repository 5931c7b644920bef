"""Install Stanceline's desktop launcher for the current user (freedesktop: Linux desktops).

Stdlib only and no Qt, so ``main.py install-launcher`` stays fast and works before any display
exists.  What it writes, all under the user's own directories:

* ``$XDG_DATA_HOME/applications/io.stanceline.Stanceline.desktop`` with an absolute ``Exec=``
  pointing at this installation,
* the hicolor icons (PNG sizes + scalable SVG) under ``$XDG_DATA_HOME/icons/hicolor/``,
* the ``application/x-stanceline-project`` MIME type under ``$XDG_DATA_HOME/mime/packages/``
  so ``*.stanceline`` files open with Stanceline,
* a copy of the desktop entry on the user's desktop, marked executable and (GNOME) trusted.

The system caches (MIME database, desktop database, icon cache) are refreshed when their tools
exist; a missing tool or a failing one is not an error, the files are still correct.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

APP_ID = "io.stanceline.Stanceline"
RESOURCES = Path(__file__).resolve().parent
DESKTOP_TEMPLATE = RESOURCES / f"{APP_ID}.desktop"
MIME_XML = RESOURCES / "stanceline-mime.xml"
ICON_ROOT = RESOURCES / "icons" / "hicolor"

# Characters that force quoting of an Exec argument (Desktop Entry spec, "The Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def quote_exec_arg(arg: str) -> str:
    """Quote one argument for an ``Exec=`` value.

    Two layers apply: the Exec quoting rules (inside double quotes, ``"`` `` ` `` ``$`` ``\\``
    get a backslash) and then the general string escaping of desktop files (``\\`` → ``\\\\``).
    ``%`` is doubled because a single one would be read as a field code.
    """
    arg = arg.replace("%", "%%")
    if arg and not (_RESERVED & set(arg)):
        return arg
    inner = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return '"' + inner.replace("\\", "\\\\") + '"'


def default_exec() -> list[str]:
    """The command that starts this installation, as absolute paths.

    The ``stanceline`` gui-script pip puts next to the interpreter is preferred (a normal or
    editable install); a bare checkout falls back to ``python main.py``.  ``sys.executable`` is
    not resolved, so a venv's interpreter stays the venv's and finds its packages.
    """
    python = Path(sys.executable).absolute()
    script = python.parent / "stanceline"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [str(python), str(RESOURCES.parent / "main.py")]


def _data_home(data_home: Path | None) -> Path:
    if data_home is not None:
        return Path(data_home)
    env = os.environ.get("XDG_DATA_HOME")
    return Path(env) if env else Path.home() / ".local" / "share"


def find_desktop_dir() -> Path | None:
    """The user's desktop folder, or None when there is none (a server, a bare home)."""
    home = Path.home()
    candidates: list[Path] = []
    if shutil.which("xdg-user-dir"):
        try:
            out = subprocess.run(
                ["xdg-user-dir", "DESKTOP"], capture_output=True, text=True, timeout=5
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            out = ""
        if out:
            candidates.append(Path(out))
    candidates.append(home / "Desktop")
    for path in candidates:
        # xdg-user-dir answers $HOME when no desktop is configured: never litter the home.
        if path.is_dir() and path.resolve() != home.resolve():
            return path
    return None


def _planned(data_home: Path, desktop_dir: Path | None) -> list[tuple[Path, Path]]:
    """(source, destination) pairs for every file the launcher owns; desktop entry first."""
    pairs = [(DESKTOP_TEMPLATE, data_home / "applications" / f"{APP_ID}.desktop")]
    pairs += [
        (src, data_home / "icons" / "hicolor" / src.relative_to(ICON_ROOT))
        for src in sorted(ICON_ROOT.glob(f"*/apps/{APP_ID}.*"))
    ]
    pairs.append((MIME_XML, data_home / "mime" / "packages" / f"{APP_ID}.xml"))
    if desktop_dir is not None:
        pairs.append((DESKTOP_TEMPLATE, desktop_dir / f"{APP_ID}.desktop"))
    return pairs


def render_desktop_entry(exec_cmd: Sequence[str]) -> str:
    """The template with ``Exec=`` (and ``TryExec=``) pointing at ``exec_cmd``."""
    exec_value = " ".join(quote_exec_arg(a) for a in exec_cmd) + " %f"
    lines = []
    for line in DESKTOP_TEMPLATE.read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            line = f"Exec={exec_value}"
            # TryExec hides the entry once the installation it points at is gone; the
            # Desktop Entry spec takes it as a plain path (no Exec quoting).
            try_exec = exec_cmd[0].replace("\\", "\\\\")
            lines.append(f"TryExec={try_exec}")
        lines.append(line)
    return "\n".join(lines) + "\n"


def _run_quietly(*cmd: str) -> None:
    if shutil.which(cmd[0]) is None:
        return
    # A cache refresh is an optimisation; the installed files are what matter.
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        subprocess.run(cmd, capture_output=True, timeout=30, check=False)


def _refresh_caches(data_home: Path) -> None:
    mime = data_home / "mime"
    if mime.is_dir():
        _run_quietly("update-mime-database", str(mime))
    apps = data_home / "applications"
    if apps.is_dir():
        _run_quietly("update-desktop-database", str(apps))
    icons = data_home / "icons" / "hicolor"
    if icons.is_dir():
        # -t: the user's hicolor dir has no index.theme; -f: rebuild even if it looks fresh.
        _run_quietly("gtk-update-icon-cache", "-f", "-t", "-q", str(icons))


def install_launcher(
    exec_cmd: list[str] | None = None,
    data_home: Path | None = None,
    desktop_dir: Path | None = None,
) -> list[Path]:
    """Install the launcher, icons and MIME type for this user; returns the files written.

    ``exec_cmd`` defaults to :func:`default_exec`; it must be absolute because desktop
    environments start it without this checkout's PATH.  ``desktop_dir`` defaults to
    :func:`find_desktop_dir` (nothing is copied when there is no desktop folder).
    """
    cmd = list(exec_cmd) if exec_cmd else default_exec()
    if not Path(cmd[0]).is_absolute():
        raise ValueError(f"the launcher command must be an absolute path, got {cmd[0]!r}")
    home = _data_home(data_home)
    desk = Path(desktop_dir) if desktop_dir is not None else find_desktop_dir()
    entry = render_desktop_entry(cmd)
    written: list[Path] = []
    for src, dst in _planned(home, desk):
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src == DESKTOP_TEMPLATE:
            dst.write_text(entry, encoding="utf-8")
        else:
            shutil.copyfile(src, dst)
        written.append(dst)
    if desk is not None:
        shortcut = written[-1]
        # Desktops refuse to launch an entry on the desktop unless it is executable, and GNOME
        # additionally wants it marked trusted (otherwise it shows "Allow Launching").
        shortcut.chmod(shortcut.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        _run_quietly("gio", "set", str(shortcut), "metadata::trusted", "true")
    _refresh_caches(home)
    return written


def uninstall_launcher(
    exec_cmd: list[str] | None = None,
    data_home: Path | None = None,
    desktop_dir: Path | None = None,
) -> list[Path]:
    """Remove what :func:`install_launcher` wrote; returns the files removed.

    ``exec_cmd`` is accepted (and ignored) so both functions take the same arguments.
    """
    del exec_cmd
    home = _data_home(data_home)
    desk = Path(desktop_dir) if desktop_dir is not None else find_desktop_dir()
    removed: list[Path] = []
    for _, dst in _planned(home, desk):
        if dst.is_file():
            dst.unlink()
            removed.append(dst)
    _refresh_caches(home)
    return removed


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m resources.launcher [--uninstall]``: handy before main.py wires it in."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args not in ([], ["--uninstall"]):
        print("usage: python -m resources.launcher [--uninstall]", file=sys.stderr)
        return 2
    paths = uninstall_launcher() if args else install_launcher()
    verb = "removed" if args else "installed"
    for path in paths:
        print(f"{verb} {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
