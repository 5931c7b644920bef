"""How Stanceline looks: the system's light or dark scheme, sharp on high-DPI, fonts for names.

* ``prepare_high_dpi()`` must run before the QApplication exists (Qt reads the rounding policy
  once): PassThrough keeps 125 % / 150 % screens at their real scale instead of rounding to 1 or 2.
* ``apply_theme(app)`` picks light or dark from ``QStyleHints.colorScheme()`` (Qt 6.5+), or from
  the user's choice (Preferences: ``appearance/theme`` = system | light | dark, or the
  environment variable ``STANCELINE_THEME`` for screenshots), follows later system changes, and
  gives the application font a fallback list so Turkish, Cyrillic and Arabic names never show
  as boxes.

The meaning colours (for/against, review) live in viewer/colours.py; the ones drawn as text
follow the scheme (``colours.use_scheme``).  ``contrast_pairs(palette)`` lists every
text/background pair of a scheme, each at WCAG AA (4.5:1) or better, and Fusion's check-box
edge (window colour darkened 40 %, invisible on a dark base) is redrawn in a colour between
text and base by ``ThemeStyle``.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QRectF, QSettings, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QStyle, QStyleFactory, QStyleOption, QWidget

from viewer import colours
from viewer.scrollbars import FlatScrollBarStyle, install_flat_scroll_bars

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
        QPalette.ColorRole.PlaceholderText: "#A0A0A0",
        QPalette.ColorRole.Text: "#E6E6E6",
        QPalette.ColorRole.Button: "#34363A",
        QPalette.ColorRole.ButtonText: "#E6E6E6",
        QPalette.ColorRole.BrightText: "#FFFFFF",
        # White on the former #3D7BC0 was 4.4:1 (selected dates, list rows): a deeper blue.
        QPalette.ColorRole.Highlight: "#2F6BAE",
        QPalette.ColorRole.HighlightedText: "#FFFFFF",
        QPalette.ColorRole.Link: "#7FB7E8",
        QPalette.ColorRole.LinkVisited: "#C9A0F0",
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


def light_palette(standard: QPalette) -> QPalette:
    """The style's own light palette with the pairs below 4.5:1 made darker: Fusion's
    highlight (#308CC6, 3.6:1 under white text), placeholder text and visited links."""
    p = QPalette(standard)
    for role, colour in (
        (QPalette.ColorRole.Highlight, "#2A6DB0"),
        (QPalette.ColorRole.HighlightedText, "#FFFFFF"),
        (QPalette.ColorRole.PlaceholderText, "#6B6B6B"),
        (QPalette.ColorRole.LinkVisited, "#7A1FA2"),
    ):
        p.setColor(role, QColor(colour))
    return p


def contrast_pairs(palette: QPalette) -> dict[str, tuple[QColor, QColor]]:
    """Every (text, background) pair the window draws in the current scheme, by name.
    Disabled text is left out: WCAG does not ask contrast of inactive controls."""
    R = QPalette.ColorRole
    c = palette.color
    pairs: dict[str, tuple[QColor, QColor]] = {
        "window text": (c(R.WindowText), c(R.Window)),
        "text": (c(R.Text), c(R.Base)),
        "text, alternate rows": (c(R.Text), c(R.AlternateBase)),
        "button text": (c(R.ButtonText), c(R.Button)),
        "tooltip": (c(R.ToolTipText), c(R.ToolTipBase)),
        "selection": (c(R.HighlightedText), c(R.Highlight)),
        "placeholder": (c(R.PlaceholderText), c(R.Base)),
        "link": (c(R.Link), c(R.Base)),
        "visited link": (c(R.LinkVisited), c(R.Base)),
        "date mark": (QColor(colours.TIMEX_FG), QColor(colours.TIMEX_BG)),
        "evidence": (QColor(colours.EVIDENCE_FG), QColor(colours.EVIDENCE_BG)),
        "search match": (QColor(colours.SEARCH_HIT_FG), QColor(colours.SEARCH_HIT_BG)),
        "tag chip": (colours.text_on(QColor(colours.TAG_DEFAULT)), QColor(colours.TAG_DEFAULT)),
    }
    backgrounds = (("window", R.Window), ("base", R.Base), ("alternate rows", R.AlternateBase))
    for bg_name, bg in backgrounds:
        pairs[f"muted text on {bg_name}"] = (QColor(colours.MUTED_TEXT), c(bg))
        pairs[f"weekend in calendar on {bg_name}"] = (QColor(colours.WEEKEND_TEXT), c(bg))
        pairs[f"star on {bg_name}"] = (QColor(colours.STAR), c(bg))
        for state, colour in colours.REVIEW.items():
            pairs[f"{state} on {bg_name}"] = (QColor(colour), c(bg))
    for state, colour in colours.REVIEW.items():  # the checked review button
        fill = QColor(colour)
        pairs[f"{state} button"] = (colours.text_on(fill), fill)
    for kind, colour in colours.POLARITY.items():  # stance cells: tint by count, 0.3 to 0.65
        for alpha in (0.3, 0.42, 0.54, 0.65):
            fill = colours.tint(colour, alpha)
            pairs[f"{kind} cell {alpha}"] = (colours.text_on(fill), fill)
    return pairs


def indicator_edge(palette: QPalette) -> QColor:
    """The edge of an unticked box: 60 % of the way from the base to the text colour."""
    base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
    return QColor.fromRgbF(*(b + (t - b) * 0.6 for b, t in (
        (base.redF(), text.redF()), (base.greenF(), text.greenF()),
        (base.blueF(), text.blueF()))))


class ThemeStyle(FlatScrollBarStyle):
    """Fusion with flat scroll bars and check boxes whose edge shows on either scheme
    (filters' tick lists, "known" in the source pane)."""

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,
                      painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        # Item views' ticks come through here too (Fusion draws them as a check box).
        if element == QStyle.PrimitiveElement.PE_IndicatorCheckBox:
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(indicator_edge(option.palette), 1))
            painter.drawRect(QRectF(option.rect).adjusted(0, 0, -1, -1))
            painter.restore()


def use_plain_fusion(view: QWidget) -> bool:
    """Give ``view`` (and not its children: its scroll bars stay flat) a Fusion of its own when
    the application runs ``ThemeStyle``, which looks the same where there are no check boxes.

    A table view asks the style to paint each cell's row: ~175 calls a page of the event list,
    each through ``ThemeStyle.drawPrimitive`` in Python, was ~3 ms of every filter step at
    1,000,000 events.  The view owns its style, so a later ``setStyle`` on the application
    cannot leave it pointing at a deleted one."""
    if not isinstance(QApplication.style(), ThemeStyle):
        return False
    plain = QStyleFactory.create("Fusion")
    if plain is None:
        return False
    plain.setParent(view)
    view.setStyle(plain)
    return True


def install_theme_style(app: QApplication) -> bool:
    """Fusion (with flat scroll bars) as ``ThemeStyle``; native styles are left alone."""
    if isinstance(app.style(), ThemeStyle):
        return True
    if not install_flat_scroll_bars(app):
        return False
    base = QStyleFactory.create("Fusion")
    if base is None:
        return False
    app.setStyle(ThemeStyle(base))
    return True


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
        app.setPalette(light_palette(app.style().standardPalette()))
    install_theme_style(app)  # after setStyle: a new Fusion replaced the wrapped one
    colours.use_scheme(scheme)
    app.setFont(font_with_fallbacks(app.font()))
    app.setProperty("stancelineScheme", scheme)
    if not app.property("stancelineFollowsScheme"):
        app.setProperty("stancelineFollowsScheme", True)
        # The user switches the desktop to dark at sunset: follow unless they chose a theme.
        app.styleHints().colorSchemeChanged.connect(lambda _s: apply_theme(app))
    return scheme
