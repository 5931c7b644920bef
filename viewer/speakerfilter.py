"""The "Said by" chooser under the actor list: only what one speaker said.

A speaker is who a source says made a claim ("Fahrettin Altun told the Wall Street Journal"):
the chooser sets ``EventFilter.speaker``, so the event list, the timeline, the stance panel and
the filter-aware exports all narrow to what that speaker said (``viewer.filtering``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QLabel, QSizePolicy, QVBoxLayout, QWidget

from viewer.state import ProjectState

ANYONE = "anyone"


class _LazyCombo(QComboBox):
    """A combo box that asks for its items when it opens (``filler``): listing the speakers
    reads every attributed evidence row, which a million-event project should not pay for at
    each load when nobody opens the chooser."""

    filler: Callable[[], None] | None = None

    def showPopup(self) -> None:
        if self.filler is not None:
            self.filler()
        super().showPopup()


class SaidByFilter(QWidget):
    """A label and a combo box: "Only what was said by: anyone | Fahrettin Altun (3) | …"."""

    def __init__(self, state: ProjectState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._syncing = False
        self._filled = False  # the speakers are listed (after the first opening)
        self.combo = _LazyCombo()
        self.combo.filler = self.fill
        self.combo.setAccessibleName("Said by")
        self.combo.setToolTip(
            "Only what this speaker said: the events a source attributes to them and their "
            "stances (the speaker a source quotes, or the holder when none is quoted)")
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(12)
        self.combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.combo.currentIndexChanged.connect(self._chosen)
        label = QLabel("Only what was &said by:")
        label.setBuddy(self.combo)
        # Label above the combo: the dock is narrow, and a name with its count needs the width.
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(label)
        lay.addWidget(self.combo)
        state.dataChanged.connect(self.rebuild)
        state.filterChanged.connect(self._sync)
        self.rebuild()

    def rebuild(self) -> None:
        """New data: forget the listed speakers; they are read again when the chooser opens."""
        self._filled = False
        self._set_items([])

    def fill(self) -> None:
        """List the speakers, most quoted first (once per data load)."""
        if self._filled or not self._state.events_ready:
            return
        self._filled = True
        self._set_items(self._state.speakers())

    def _set_items(self, speakers: list[tuple[str, int]]) -> None:
        # The chosen speaker stays listed even when nobody is quoted by that name any more,
        # so the filter that hides everything stays visible (and can be cleared).
        self._syncing = True
        try:
            self.combo.clear()
            self.combo.addItem(ANYONE, "")
            for name, n in speakers:
                self.combo.addItem(f"{name} ({n})", name)
        finally:
            self._syncing = False
        self._sync()

    def choose(self, speaker: str) -> None:
        self._state.set_speaker_filter(speaker)

    def _chosen(self, index: int) -> None:
        if not self._syncing and index >= 0:
            self.choose(self.combo.itemData(index) or "")

    def _sync(self) -> None:
        chosen = self._state.speaker_filter
        index = next((i for i in range(self.combo.count())
                      if (self.combo.itemData(i) or "").casefold() == chosen.casefold()), -1)
        if index < 0 and chosen:
            # Not listed yet (the chooser was never opened), or nobody by that name any more.
            self.combo.addItem(f"{chosen} (0)" if self._filled else chosen, chosen)
            index = self.combo.count() - 1
        self._syncing = True
        try:
            self.combo.setCurrentIndex(max(index, 0))
        finally:
            self._syncing = False
