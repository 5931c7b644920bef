"""Every colour the viewer uses, in one place.

Okabe–Ito is safe for the common colour-vision deficiencies; wherever a colour carries meaning
(polarity, review state) the text says the same thing, so colour is never the only cue.
"""

from __future__ import annotations

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

REVIEW: dict[str, str] = {
    "unreviewed": "#8C8C8C",
    "confirmed": OKABE_ITO["bluish_green"],
    "rejected": OKABE_ITO["vermillion"],
}

STAR = OKABE_ITO["orange"]

# Source pane marks: the evidence is loud, mentions are quiet so the article stays readable.
EVIDENCE_BG = "#FFE58A"
EVIDENCE_FG = "#000000"
TIMEX_BG = "#E3F1FB"  # pale sky blue
TIMEX_FG = "#000000"  # a pale background needs dark text in a dark theme too
TIMEX_LINE = OKABE_ITO["sky_blue"]
ACTOR_LINE = OKABE_ITO["bluish_green"]
THING_LINE = OKABE_ITO["reddish_purple"]

MUTED_TEXT = "#6B6B6B"

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


def text_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on the background (WCAG relative luminance)."""

    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    lum = (
        0.2126 * channel(background.red())
        + 0.7152 * channel(background.green())
        + 0.0722 * channel(background.blue())
    )
    return QColor("#000000") if lum > 0.35 else QColor("#FFFFFF")


def tag_colour(colour: str = "") -> QColor:
    """A tag chip's fill: the tag's own colour if it has a valid one, else the quiet grey."""
    if colour and QColor.isValidColorName(colour):
        return QColor(colour)
    return QColor(TAG_DEFAULT)
