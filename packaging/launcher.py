"""Entry point of the standalone bundle (PyInstaller runs this file as ``stanceline``).

It does what must happen before Stanceline's own start-up: the high-DPI policy (only possible
before the QApplication exists), the theme, and the readiness report the bundle test reads.
Then it hands over to ``main.main()``, the same code as ``python main.py``.
"""

from __future__ import annotations

import sys


def _gui_start(argv: list[str]) -> bool:
    """True when main.main() will open the window (no command, at most a project path)."""
    from main import COMMANDS

    return not argv or (argv[0] not in COMMANDS and not argv[0].startswith("-"))


def run() -> int:
    import main

    argv = sys.argv[1:]
    if _gui_start(argv):
        from viewer.theme import apply_theme, prepare_high_dpi

        prepare_high_dpi()
        from viewer.app import make_app
        from viewer.readiness import watch_application

        app = make_app(sys.argv[:1])  # run_gui() reuses this instance
        apply_theme(app)
        watch_application(app)
    return main.main(argv)


if __name__ == "__main__":
    sys.exit(run())
