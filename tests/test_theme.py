"""Look: light/dark from the system, high-DPI policy, fonts for Turkish/Cyrillic/Arabic names,
and for/against colours that stay apart for colour-blind readers."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle

from viewer import colours, theme

# Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB.
CVD: dict[str, tuple[tuple[float, float, float], ...]] = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}


def _linear(hex_colour: str) -> tuple[float, float, float]:
    v = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return tuple(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in v)


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = (min(max(c, 0.0), 1.0) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e(a: str, b: str, vision: str | None = None) -> float:
    """CIE76 distance between two colours as seen with ``vision`` (None: typical vision)."""
    la, lb = _linear(a), _linear(b)
    if vision:
        m = CVD[vision]
        la, lb = (tuple(sum(m[i][j] * c[j] for j in range(3)) for i in range(3)) for c in (la, lb))
    return math.dist(_lab(la), _lab(lb))


@pytest.mark.parametrize("vision", [None, *CVD])
def test_for_and_against_stay_apart_for_colour_blind_readers(vision: str | None) -> None:
    # 40 is far beyond "clearly different" (≈10); red/green would fall under 15 here.
    assert delta_e(colours.POLARITY["for"], colours.POLARITY["against"], vision) > 40


def test_the_palette_is_okabe_ito_blue_and_vermillion() -> None:
    assert colours.POLARITY["for"] == colours.OKABE_ITO["blue"]
    assert colours.POLARITY["against"] == colours.OKABE_ITO["vermillion"]


@pytest.mark.parametrize("vision", [None, "protanopia", "deuteranopia", "tritanopia"])
def test_mixed_is_distinct_from_for_and_against(vision: str | None) -> None:
    for other in ("for", "against"):
        assert delta_e(colours.POLARITY["mixed"], colours.POLARITY[other], vision) > 10


def test_red_green_would_fail_the_same_check() -> None:
    """The check can fail: a classic red/green pair collapses for deuteranopes."""
    assert delta_e("#D62728", "#2CA02C", "deuteranopia") < 15


def test_high_dpi_policy_is_pass_through() -> None:
    # The QApplication exists already (pytest-qt), so prepare_high_dpi() must not touch it...
    before = QGuiApplication.highDpiScaleFactorRoundingPolicy()
    theme.prepare_high_dpi()
    assert QGuiApplication.highDpiScaleFactorRoundingPolicy() == before
    # ...and the launcher calls it before one exists (checked in a fresh process).
    import subprocess
    import sys

    code = (
        "from PySide6.QtGui import QGuiApplication; from PySide6.QtCore import Qt; "
        "from viewer.theme import prepare_high_dpi; prepare_high_dpi(); "
        "print(QGuiApplication.highDpiScaleFactorRoundingPolicy() == "
        "Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=theme.__file__.rsplit("/viewer/", 1)[0],
    )
    assert out.stdout.strip() == "True", out.stderr


@pytest.fixture
def app(qapp: QApplication):
    palette, font, style = qapp.palette(), qapp.font(), qapp.style()
    name = style.baseStyle().name() if isinstance(style, QProxyStyle) else style.name()
    yield qapp
    qapp.setStyle(name)
    qapp.setPalette(palette)
    qapp.setFont(font)


def test_dark_and_light_schemes(app: QApplication, monkeypatch: pytest.MonkeyPatch) -> None:
    assert theme.apply_theme(app, "dark") == "dark"
    window = app.palette().color(QPalette.ColorRole.Window)
    text = app.palette().color(QPalette.ColorRole.WindowText)
    assert window.lightness() < 80 and text.lightness() > 200
    assert theme.apply_theme(app, "light") == "light"
    assert app.palette().color(QPalette.ColorRole.Window).lightness() > 180
    # "system" asks Qt for the desktop's scheme.
    monkeypatch.setattr(theme, "chosen_theme", lambda: "system")
    expected = app.styleHints().colorScheme() == Qt.ColorScheme.Dark
    assert theme.is_dark(app) == expected


def test_the_environment_overrides_the_preference(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(theme.ENV, "dark")
    assert theme.chosen_theme() == "dark"
    monkeypatch.setenv(theme.ENV, "purple")
    assert theme.chosen_theme() == "system"


def test_the_stored_preference_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import QSettings

    monkeypatch.delenv(theme.ENV, raising=False)
    QSettings("Stanceline", "Stanceline").setValue(theme.THEME_KEY, "dark")
    try:
        assert theme.chosen_theme() == "dark"
    finally:
        QSettings("Stanceline", "Stanceline").remove(theme.THEME_KEY)


NAMES = {
    "Turkish": "Mevlüt Çavuşoğlu, İbrahim Kalın, Türkiye",
    "Cyrillic": "Сергей Лавров, Москва",
    "Arabic": "رجب طيب أردوغان",
}


@pytest.mark.parametrize("script", list(NAMES))
def test_names_in_every_script_render_without_boxes(app: QApplication, script: str) -> None:
    theme.apply_theme(app, "light")
    families = app.font().families()
    assert families[1:] == [f for f in theme.FONT_FALLBACKS if f != families[0]]
    covering = theme.families_for(script)
    assert covering, f"no font for {script}: install fonts-dejavu-core or fonts-noto-core"
    from PySide6.QtGui import QFont, QRawFont

    raw = QRawFont.fromFont(QFont(covering[0]))
    missing = [c for c in NAMES[script] if c not in " ," and not raw.supportsCharacter(ord(c))]
    assert not missing, f"{covering[0]} lacks {missing}"
    assert QFontMetricsF(app.font()).horizontalAdvance(NAMES[script]) > 0
