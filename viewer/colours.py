"""Every colour the viewer uses, in one place.

Okabe–Ito is safe for the common colour-vision deficiencies; wherever a colour carries meaning
(polarity, review state) the text says the same thing, so colour is never the only cue.

Colours drawn as text on the window's own background (muted hints, review states, the star)
depend on the scheme: ``use_scheme("dark")`` (called by ``viewer.theme.apply_theme`` before the
window is built) swaps in the dark values, so every text/background pair reaches WCAG AA
(4.5:1) in both schemes (``tests/test_issue13_contrast.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor

OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
# Order used to give actors without a colour of their own a stable one (no black: it reads as text).
ACTOR_CYCLE: tuple[str, ...] = (
    OKABE_ITO["blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["orange"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["yellow"],
)

POLARITY: dict[str, str] = {
    "for": OKABE_ITO["blue"],
    "against": OKABE_ITO["vermillion"],
    # Okabe–Ito yellow: apart from blue and vermillion for every kind of colour blindness
    # (a purple came within ΔE 8 of "for" blue for protanopes); cells also say "mixed".
    "mixed": OKABE_ITO["yellow"],
    "neutral": "#8C8C8C",
}

@dataclass(frozen=True)
class SchemeText:
    """Colours drawn as text on the window's own background, for one scheme."""

    muted_text: str
    review: dict[str, str]
    star: str
    weekend_text: str  # Saturday and Sunday in calendars (Qt's own red is 4.1:1 on dark)


# The hues of Okabe–Ito, darker on light and lighter on dark: the plain Okabe–Ito green and
# vermillion are 3.3:1 and 3.8:1 on white, too faint for text.
SCHEMES: dict[str, SchemeText] = {
    "light": SchemeText(
        muted_text="#5E5E5E",
        review={"unreviewed": "#5E5E5E", "confirmed": "#00775A", "rejected": "#AD4700"},
        star="#8F5B00",
        weekend_text="#B3261E",
    ),
    "dark": SchemeText(
        muted_text="#A6A6A6",
        review={"unreviewed": "#A6A6A6", "confirmed": "#33C49C", "rejected": "#FF8A50"},
        star=OKABE_ITO["orange"],
        weekend_text="#FF8080",
    ),
}
SCHEME = "light"

REVIEW: dict[str, str] = dict(SCHEMES["light"].review)
STAR = SCHEMES["light"].star
WEEKEND_TEXT = SCHEMES["light"].weekend_text

# Source pane marks: the evidence is loud, mentions are quiet so the article stays readable.
EVIDENCE_BG = "#FFE58A"
EVIDENCE_FG = "#000000"
TIMEX_BG = "#E3F1FB"  # pale sky blue
TIMEX_FG = "#000000"  # a pale background needs dark text in a dark theme too
TIMEX_LINE = OKABE_ITO["sky_blue"]
ACTOR_LINE = OKABE_ITO["bluish_green"]
THING_LINE = OKABE_ITO["reddish_purple"]

MUTED_TEXT = SCHEMES["light"].muted_text

# Search matches in the source pane: orange, so they read apart from the yellow evidence.
SEARCH_HIT_BG = "#F7B267"
SEARCH_HIT_FG = "#000000"

# A tag nobody gave a colour: a quiet grey chip (colour is the analyst's choice, not ours).
TAG_DEFAULT = "#E4E4E4"


def actor_colour(actor_id: int, colour: str = "") -> QColor:
    """The actor's own colour if it has one, otherwise a stable pick from the palette."""
    if colour and QColor.isValidColorName(colour):
        return QColor(colour)
    return QColor(ACTOR_CYCLE[actor_id % len(ACTOR_CYCLE)])


def tint(colour: str | QColor, alpha: float) -> QColor:
    """The colour blended over white: a pale cell background that keeps black text readable."""
    c = QColor(colour)
    r, g, b = (round(255 + (v - 255) * alpha) for v in (c.red(), c.green(), c.blue()))
    return QColor(r, g, b)


def use_scheme(scheme: str) -> None:
    """Make the module's text colours those of ``scheme`` ("light" or "dark").  Widgets read
    them when they are built, so call it before building the window."""
    global SCHEME, MUTED_TEXT, STAR, WEEKEND_TEXT
    values = SCHEMES[scheme]
    SCHEME = scheme
    MUTED_TEXT, STAR, WEEKEND_TEXT = values.muted_text, values.star, values.weekend_text
    REVIEW.clear()  # the same dict object: modules that imported it see the change
    REVIEW.update(values.review)


def luminance(colour: str | QColor) -> float:
    """WCAG 2 relative luminance."""
    c = QColor(colour)

    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def contrast(fg: str | QColor, bg: str | QColor) -> float:
    """WCAG 2 contrast ratio, 1 to 21 (AA for text: 4.5); a translucent ``fg`` (Qt's
    placeholder text is half-transparent text) is blended over ``bg`` first."""
    front, back = QColor(fg), QColor(bg)
    alpha = front.alphaF()
    if alpha < 1:
        front = QColor.fromRgbF(*(f * alpha + b * (1 - alpha) for f, b in (
            (front.redF(), back.redF()), (front.greenF(), back.greenF()),
            (front.blueF(), back.blueF()))))
    hi, lo = sorted((luminance(front), luminance(back)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_on(background: QColor) -> QColor:
    """Black or white, whichever has the higher WCAG contrast on the background (the old
    cut at luminance 0.35 put white on mid tones where black reads twice as well)."""
    black, white = QColor("#000000"), QColor("#FFFFFF")
    return black if contrast(black, background) >= contrast(white, background) else white


def tag_colour(colour: str = "") -> QColor:
    """A tag chip's fill: the tag's own colour if it has a valid one, else the quiet grey."""
    if colour and QColor.isValidColorName(colour):
        return QColor(colour)
    return QColor(TAG_DEFAULT)
