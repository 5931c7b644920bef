"""File ▸ Export: format, file, and "only what the filter shows"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

FORMATS: tuple[tuple[str, str, str], ...] = (
    ("csv", "Events as CSV", ".csv"),
    ("json", "Events as JSON", ".json"),
    ("timelinejs", "TimelineJS JSON", ".json"),
    ("stances", "Stance matrix (CSV)", ".csv"),
    ("statements", "Stance statements with attribution (CSV)", ".csv"),
    ("png", "Timeline view as PNG", ".png"),
    ("svg", "Timeline view as SVG", ".svg"),
    ("bundle", "Whole project as a bundle (JSON)", ".json"),
)
# The File ▸ Export menu: the label with its mnemonic (Alt+F, E, then the letter), and what
# each format is for (the status bar shows it while the entry is highlighted).
MENU_ENTRIES: dict[str, tuple[str, str]] = {
    "csv": ("Events as &CSV…", "A spreadsheet of the events: date, summary, actors, review, tags"),
    "json": ("Events as &JSON…", "The events with their actors, things and evidence, as JSON"),
    "timelinejs": ("&TimelineJS JSON…", "A file TimelineJS turns into a web timeline"),
    "stances": ("&Stance matrix (CSV)…", "Who is for or against what, as a spreadsheet"),
    "statements": (
        "Stance state&ments (CSV)…",
        "Each stance with its speaker, the medium cited, the article and the evidence",
    ),
    "png": ("Timeline view as &PNG…", "A picture of the timeline as it is shown now"),
    "svg": ("Timeline view as S&VG…", "The timeline as shown, as a scalable drawing"),
    "bundle": (
        "&Whole project as a bundle (JSON)…",
        "Everything (articles, events, edits) to open in another Stanceline",
    ),
}


class ExportDialog(QDialog):
    def __init__(
        self, fmt: str, start_dir: Path, filtered: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.format = QComboBox()
        self.format.setToolTip("The file format to write")
        for key, label, _suffix in FORMATS:
            self.format.addItem(label, key)
        self.format.setCurrentIndex(max(0, self.format.findData(fmt)))
        self.path = QLineEdit(str(start_dir / f"stanceline{self._suffix()}"))
        self.path.setToolTip("Where the file is written")
        browse = QPushButton("Browse…")
        browse.setToolTip("Choose the file to write")
        browse.clicked.connect(self._browse)
        self.only_filter = QCheckBox("Only what the filter shows")
        self.only_filter.setToolTip(
            "Export only the events the current filters show; unticked exports the whole project"
        )
        self.only_filter.setChecked(filtered)
        self.format.currentIndexChanged.connect(self._format_changed)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Format:", self.format)
        form.addRow("File:", row)
        form.addRow("", self.only_filter)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())

    def _suffix(self) -> str:
        return next(s for k, _l, s in FORMATS if k == self.format.currentData())

    def _format_changed(self) -> None:
        self.path.setText(str(Path(self.path.text()).with_suffix(self._suffix())))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export to", self.path.text())
        if path:
            self.path.setText(path)

    def chosen(self) -> tuple[str, Path, bool]:
        return self.format.currentData(), Path(self.path.text()), self.only_filter.isChecked()
