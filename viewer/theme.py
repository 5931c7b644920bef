"""How Stanceline looks: the system's light or dark scheme, sharp on high-DPI, fonts for names.

* ``prepare_high_dpi()`` must run before the QApplication exists (Qt reads the rounding policy
  once): PassThrough keeps 125 % / 150 % screens at their real scale instead of rounding to 1 or 2.
* ``apply_theme(app)`` picks light or dark from ``QStyleHints.colorScheme()`` (Qt 6.5+), or from
  the user's choice (Preferences: ``appearance/theme`` = system | light | dark, or the
  environment variable ``STANCELINE_THEME`` for screenshots), follows later system changes, and
  gives the application font a fallback list so Turkish, Cyrillic and Arabic names never show
  as boxes.

The meaning colours (for/against, review) live in viewer/colours.py and are the same in both
schemes: Okabe–Ito blue and vermillion read on light and dark backgrounds alike.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from viewer.scrollbars import install_flat_scroll_bars

THEME_KEY = "appearance/theme"
THEMES = ("system", "light", "dark")
ENV = "STANCELINE_THEME"

# Tried in order after the platform's UI font, for glyphs it lacks.  DejaVu Sans covers Latin
# Extended (Turkish ğ ş ı İ), Cyrillic and Arabic and is on every Debian desktop
# (fonts-dejavu-core); Noto (fonts-noto-core) shapes Arabic better; the rest are what Windows
# and macOS have.
FONT_FALLBACKS: tuple[str, ...] = (
    "DejaVu Sans",
    "Noto Sans",
    "Noto Sans Arabic",
    "Noto Naskh Arabic",
    "Segoe UI",
    "Tahoma",
    "Helvetica Neue",
    "Geeza Pro",
)
# Scripts of the names the product must show (actors: Erdoğan, Лавров, أردوغان).
SCRIPTS: dict[str, QFontDatabase.WritingSystem] = {
    "Turkish": QFontDatabase.WritingSystem.Latin,
    "Cyrillic": QFontDatabase.WritingSystem.Cyrillic,
    "Arabic": QFontDatabase.WritingSystem.Arabic,
}


def prepare_high_dpi() -> None:
    """Fractional scale factors as the system gives them; call before QApplication()."""
    if QGuiApplication.instance() is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )


def chosen_theme() -> str:
    """'system', 'light' or 'dark': the environment, then the preference, then 'system'."""
    value = os.environ.get(ENV, "").strip().lower()
    if value not in THEMES:
        stored = QSettings("Stanceline", "Stanceline").value(THEME_KEY, "system")
        value = stored if isinstance(stored, str) and stored in THEMES else "system"
    return value


def is_dark(app: QGuiApplication, choice: str | None = None) -> bool:
    choice = choice or chosen_theme()
    if choice != "system":
        return choice == "dark"
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def dark_palette() -> QPalette:
    """A calm dark palette (Fusion) with enough contrast for long reading (WCAG AA)."""
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2B2D30",
        QPalette.ColorRole.WindowText: "#E6E6E6",
        QPalette.ColorRole.Base: "#1F2023",
        QPalette.ColorRole.AlternateBase: "#27292C",
        QPalette.ColorRole.ToolTipBase: "#3A3C40",
        QPalette.ColorRole.ToolTipText: "#F0F0F0",
        QPalette.ColorRole.PlaceholderText: "#9A9A9A",
        QPalette.ColorRole.Text: "#E6E6E6",
        QPalette.ColorRole.Button: "#34363A",
        QPalette.ColorRole.ButtonText: "#E6E6E6",
        QPalette.ColorRole.BrightText: "#FFFFFF",
        QPalette.ColorRole.Highlight: "#3D7BC0",
        QPalette.ColorRole.HighlightedText: "#FFFFFF",
        QPalette.ColorRole.Link: "#7FB7E8",
        QPalette.ColorRole.Mid: "#4A4C50",
        QPalette.ColorRole.Dark: "#18191B",
        QPalette.ColorRole.Light: "#505257",
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#808080"))
    return p


def font_with_fallbacks(font: QFont) -> QFont:
    """``font`` with the fallback list after its own family (kept first)."""
    families = [font.family(), *(f for f in FONT_FALLBACKS if f != font.family())]
    result = QFont(font)
    result.setFamilies(families)
    return result


def families_for(script: str) -> list[str]:
    """Installed fallback families that cover ``script`` (a key of SCRIPTS), in order."""
    installed = set(QFontDatabase.families(SCRIPTS[script]))
    return [f for f in FONT_FALLBACKS if f in installed]


def apply_theme(app: QApplication, choice: str | None = None) -> str:
    """Scheme + fonts for ``app``; returns "light" or "dark".  Safe to call again."""
    scheme = "dark" if is_dark(app, choice) else "light"
    if scheme == "dark":
        # Fusion draws every control from the palette; native styles may ignore a dark one.
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    else:
        app.setPalette(app.style().standardPalette())
    install_flat_scroll_bars(app)  # after setStyle: a new Fusion replaced the wrapped one
    app.setFont(font_with_fallbacks(app.font()))
    app.setProperty("stancelineScheme", scheme)
    if not app.property("stancelineFollowsScheme"):
        app.setProperty("stancelineFollowsScheme", True)
        # The user switches the desktop to dark at sunset: follow unless they chose a theme.
        app.styleHints().colorSchemeChanged.connect(lambda _s: apply_theme(app))
    return scheme
