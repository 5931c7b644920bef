"""Help ▸ Keyboard shortcuts (F1), User guide, About — hooked into a MainWindow from outside.

The shortcut sheet is generated each time it opens from the window's real QActions (menu by
menu, then the key actions of panes that offer them — the timeline's ``shortcut_actions()`` and
``mouse_gestures()`` — then actions that live outside menus), so it never lists a key the
program does not have and nothing is copied here by hand.

The user guide is ``docs/user-guide.md`` (inside the bundle: ``docs/`` next to ``resources/``),
rendered read-only; only files inside the docs folder are loaded, nothing from the network.
"""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QUrl, qVersion
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

import resources


def docs_dir() -> Path:
    """``docs/`` of a checkout, or of the bundle (PyInstaller puts it next to resources/)."""
    return resources.ROOT.parent / "docs"


def guide_path() -> Path:
    return docs_dir() / "user-guide.md"


def app_version() -> str:
    try:
        return metadata.version("stanceline")
    except metadata.PackageNotFoundError:  # the bundle carries no dist-info
        return "0.1.0"


# ---------------------------------------------------------------------------- shortcut sheet


@dataclass(frozen=True)
class ShortcutEntry:
    group: str  # "File", "Edit", "Timeline", … ("Other" for actions outside menus)
    action: str  # the action's text without "&" and "…"
    keys: str  # "Ctrl+I", several joined by ", "


def _clean(text: str) -> str:
    return text.replace("&&", "\x00").replace("&", "").replace("\x00", "&").rstrip(".…").strip()


def _keys(action: QAction) -> str:
    native = QKeySequence.SequenceFormat.NativeText
    return ", ".join(s.toString(native) for s in action.shortcuts() if not s.isEmpty())


def collect_shortcuts(window: QMainWindow) -> list[ShortcutEntry]:
    """Every action of the window that has a key: by menu, then each pane's own, then others."""
    entries: list[ShortcutEntry] = []
    seen: set[int] = set()

    def walk(menu: QMenu, group: str) -> None:
        for action in menu.actions():
            if action.isSeparator():
                continue
            sub = action.menu()
            if isinstance(sub, QMenu):
                walk(sub, group)
                continue
            keys = _keys(action)
            if keys and id(action) not in seen:
                seen.add(id(action))
                entries.append(ShortcutEntry(group, _clean(action.text()), keys))

    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            walk(menu, _clean(top.text()))
    # Panes with keys of their own (the timeline): their actions, then their mouse gestures.
    for pane in window.findChildren(QWidget):
        actions = getattr(pane, "shortcut_actions", None)
        if not callable(actions):
            continue
        group = str(getattr(pane, "shortcut_group", "Other"))
        for action in actions():
            keys = _keys(action)
            if keys and id(action) not in seen:
                seen.add(id(action))
                entries.append(ShortcutEntry(group, _clean(action.text()), keys))
        gestures = getattr(pane, "mouse_gestures", None)
        for keys, what in gestures() if callable(gestures) else ():
            entries.append(ShortcutEntry(group, what, keys))
    # Actions outside the menus (toolbars, panes) still answer to their keys.
    for action in window.findChildren(QAction):
        keys = _keys(action)
        if keys and id(action) not in seen and action.text():
            seen.add(id(action))
            entries.append(ShortcutEntry("Other", _clean(action.text()), keys))
    return entries


class ShortcutSheet(QDialog):
    """The keys, grouped as in the menus, with a filter box."""

    def __init__(self, entries: list[ShortcutEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(560, 640)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Every command that has a key. The timeline keys work when the timeline "
            "has the keyboard focus (click it, or press Tab until it is outlined)."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.filter = QLineEdit()
        self.filter.setToolTip("Type part of a command or a key (e.g. Ctrl+E) to narrow the list")
        self.filter.setPlaceholderText("Find a command or a key…")
        self.filter.setAccessibleName("Filter shortcuts")
        self.filter.setClearButtonEnabled(True)
        layout.addWidget(self.filter)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Command", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName("Keyboard shortcuts")
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        groups: dict[str, QTreeWidgetItem] = {}
        for e in entries:
            parent_item = groups.get(e.group)
            if parent_item is None:
                parent_item = QTreeWidgetItem(self.tree, [e.group])
                font = parent_item.font(0)
                font.setBold(True)
                parent_item.setFont(0, font)
                parent_item.setFirstColumnSpanned(True)
                groups[e.group] = parent_item
            QTreeWidgetItem(parent_item, [e.action, e.keys])
        self.tree.expandAll()
        layout.addWidget(self.tree)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self.apply_filter)

    def apply_filter(self, text: str) -> int:
        """Hide rows that match neither by command nor by key; returns the rows left."""
        needle = text.strip().lower()
        shown = 0
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            visible = 0
            for j in range(group.childCount()):
                row = group.child(j)
                hit = not needle or needle in f"{row.text(0)} {row.text(1)}".lower()
                row.setHidden(not hit)
                visible += hit
            group.setHidden(visible == 0)
            shown += visible
        return shown

    def rows(self) -> list[tuple[str, str, str]]:
        """(group, command, keys) of the visible rows (tests read it)."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            for j in range(group.childCount()):
                row = group.child(j)
                if not row.isHidden():
                    out.append((group.text(0), row.text(0), row.text(1)))
        return out


# ---------------------------------------------------------------------------- user guide


def heading_slug(text: str) -> str:
    """GitHub's anchor for a heading: "First start: the demo" → "first-start-the-demo"."""
    kept = "".join(c for c in text.strip().lower() if c.isalnum() or c in " -_")
    return kept.replace(" ", "-")


class LocalBrowser(QTextBrowser):
    """A QTextBrowser that loads images and pages from ``root`` only (never the network)."""

    def __init__(self, root: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.root = root.resolve()
        self.refused: list[str] = []  # URLs not loaded (tests read it)
        self.setOpenLinks(False)  # we decide: anchors scroll, local .md pages load, web no
        self.anchorClicked.connect(self.follow)

    def loadResource(self, kind: int, url: QUrl) -> Any:
        if url.scheme() not in ("", "file"):
            self.refused.append(url.toString())
            return None
        path = Path(url.toLocalFile() or url.path())
        if not path.is_absolute():
            path = self.root / path
        try:
            path.resolve().relative_to(self.root)
        except ValueError:
            self.refused.append(url.toString())
            return None
        return super().loadResource(kind, QUrl.fromLocalFile(str(path)))

    def follow(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            self.refused.append(url.toString())  # shown in the tooltip, never fetched here
            self.setToolTip(f"Web link (not opened from the guide): {url.toString()}")
            return
        if url.hasFragment() and not url.path():
            self.scroll_to_heading(url.fragment())
            return
        self.show_markdown(self.root / url.path(), url.fragment())

    def scroll_to_heading(self, slug: str) -> bool:
        """Markdown headings carry no anchors in Qt: find the one whose slug matches."""
        block = self.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() and heading_slug(block.text()) == slug:
                top = self.document().documentLayout().blockBoundingRect(block).top()
                self.verticalScrollBar().setValue(int(top))
                return True
            block = block.next()
        return False

    def show_markdown(self, path: Path, anchor: str = "") -> bool:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            self.setPlainText(f"The user guide is missing ({path}).")
            return False
        self.document().setBaseUrl(QUrl.fromLocalFile(str(path.parent) + "/"))
        self.setMarkdown(text)
        self.fit_images()
        if anchor:
            self.scroll_to_heading(anchor)
        return True

    def fit_images(self) -> int:
        """Scale screenshots down to the view's width (never up); returns the widest."""
        limit = max(self.viewport().width() - 24, 200)
        doc = self.document()
        widest = 0
        block = doc.begin()
        while block.isValid():
            for it in block:
                frag = it.fragment()
                fmt = frag.charFormat()
                if not fmt.isImageFormat():
                    continue
                image_fmt = fmt.toImageFormat()
                image = doc.resource(
                    QTextDocument.ResourceType.ImageResource, QUrl(image_fmt.name())
                )
                size = getattr(image, "size", lambda: None)()
                if size is None or size.isEmpty():
                    continue
                width = min(size.width(), limit)
                image_fmt.setWidth(width)
                image_fmt.setHeight(size.height() * width / size.width())
                cursor = QTextCursor(doc)
                cursor.setPosition(frag.position())
                cursor.setPosition(frag.position() + frag.length(), QTextCursor.MoveMode.KeepAnchor)
                cursor.setCharFormat(image_fmt)
                widest = max(widest, width)
            block = block.next()
        if widest:  # new image sizes: lay everything out again, or the positions go stale
            doc.markContentsDirty(0, doc.characterCount())
        return widest

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_images()


class UserGuide(QDialog):
    def __init__(self, path: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Stanceline user guide")
        self.resize(900, 800)
        path = path or guide_path()
        layout = QVBoxLayout(self)
        self.browser = LocalBrowser(path.parent)
        self.browser.setAccessibleName("User guide")
        self.browser.document().setDefaultStyleSheet(
            "h1, h2 { margin-top: 14px; } img { margin: 6px 0; } code { font-family: monospace; }"
        )
        self.browser.document().setMetaInformation(
            QTextDocument.MetaInformation.DocumentTitle, "Stanceline user guide"
        )
        self.found = self.browser.show_markdown(path)
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


# ---------------------------------------------------------------------------- about


def about_text() -> str:
    from viewer.safety import log_path

    return (
        f"<h3>Stanceline {app_version()}</h3>"
        "<p>Follow a political story through many news articles: what happened when, who did "
        "it, who is for or against what, and where each claim came from.</p>"
        "<p>Everything runs on this computer; no article leaves it.</p>"
        f"<p><small>Qt {qVersion()} · PySide6 {pyside_version} · Python "
        f"{platform.python_version()} · {platform.system()}<br>"
        f"Error log: {log_path()}<br>Program: {Path(sys.executable).parent}</small></p>"
    )


# ---------------------------------------------------------------------------- the menu


def help_menu(window: QMainWindow) -> QMenu:
    """The window's Help menu, created (last in the menu bar) when it has none."""
    for action in window.menuBar().actions():
        if _clean(action.text()).lower() == "help" and isinstance(action.menu(), QMenu):
            return action.menu()
    menu = window.menuBar().addMenu("&Help")
    menu.setObjectName("helpMenu")
    return menu


class HelpActions:
    """The Help menu's actions and the dialogs they open (kept on ``window.help_actions``)."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        menu = help_menu(window)
        self.shortcuts_action = QAction("&Keyboard shortcuts", window)
        self.shortcuts_action.setShortcut(QKeySequence.StandardKey.HelpContents)  # F1
        if self.shortcuts_action.shortcut().isEmpty():
            self.shortcuts_action.setShortcut(QKeySequence("F1"))
        self.shortcuts_action.setStatusTip("Every key the program answers to")
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.guide_action = QAction("&User guide", window)
        self.guide_action.setStatusTip("How to import, read the timeline, annotate and export")
        self.guide_action.triggered.connect(self.show_guide)
        self.about_action = QAction("&About Stanceline", window)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.setStatusTip(
            "The version, what runs on this computer and where the error log is"
        )
        self.about_action.triggered.connect(self.show_about)
        for action in (self.shortcuts_action, self.guide_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.about_action)
        self.menu = menu

    def show_shortcuts(self) -> ShortcutSheet:
        sheet = ShortcutSheet(collect_shortcuts(self.window), self.window)
        sheet.show()  # not modal: it can stay open beside the work
        return sheet

    def show_guide(self) -> UserGuide:
        guide = UserGuide(parent=self.window)
        guide.show()
        return guide

    def show_about(self) -> None:
        QMessageBox.about(self.window, "About Stanceline", about_text())


def install_help(window: QMainWindow) -> HelpActions:
    """Add the Help menu to ``window`` (once); returns its actions."""
    existing = getattr(window, "help_actions", None)
    if isinstance(existing, HelpActions):
        return existing
    window.help_actions = HelpActions(window)  # type: ignore[attr-defined]
    return window.help_actions  # type: ignore[attr-defined]
