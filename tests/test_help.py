"""Help ▸ Keyboard shortcuts (generated from the window's actions), User guide, About."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QKeySequence

from db.project import Project
from tests.test_gui_support import isolated_settings, project, project_file  # noqa: F401
from viewer import help as helpmod
from viewer.mainwindow import MainWindow


@pytest.fixture
def window(qtbot, project: Project) -> Iterator[MainWindow]:  # noqa: F811
    w = MainWindow(project, persist_layout=False)
    qtbot.addWidget(w)
    helpmod.install_help(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


def _menu_titles(w: MainWindow) -> list[str]:
    return [a.text().replace("&", "") for a in w.menuBar().actions()]


def test_help_menu_is_last_and_installed_once(window: MainWindow) -> None:
    again = helpmod.install_help(window)
    assert again is window.help_actions
    titles = _menu_titles(window)
    assert titles[-1] == "Help" and titles.count("Help") == 1
    texts = [a.text() for a in window.help_actions.menu.actions() if not a.isSeparator()]
    assert texts == ["&Keyboard shortcuts", "&User guide", "&About Stanceline"]


def test_f1_opens_the_sheet_with_the_windows_real_shortcuts(qtbot, window: MainWindow) -> None:
    assert window.help_actions.shortcuts_action.shortcut() == QKeySequence("F1")
    rows = helpmod.collect_shortcuts(window)
    found = {(e.group, e.action): e.keys for e in rows}
    assert found[("File", "Import files")] == "Ctrl+I"
    assert found[("Help", "Keyboard shortcuts")] == "F1"
    assert ("Timeline", "Fit all events") in found
    # A key added later shows up next time the sheet opens: nothing is hand-maintained.
    extra = QAction("Frobnicate", window)
    extra.setShortcut(QKeySequence("Ctrl+Alt+K"))
    window.event_menu.addAction(extra)
    sheet = window.help_actions.show_shortcuts()
    qtbot.addWidget(sheet)
    assert ("Event", "Frobnicate", "Ctrl+Alt+K") in sheet.rows()
    # Actions without a key are not listed.
    assert all(keys for _g, _a, keys in sheet.rows())


def test_the_filter_box_narrows_by_command_or_key(qtbot, window: MainWindow) -> None:
    sheet = window.help_actions.show_shortcuts()
    qtbot.addWidget(sheet)
    qtbot.keyClicks(sheet.filter, "import")
    rows = sheet.rows()
    assert rows and all("import" in (a + k).lower() for _g, a, k in rows)
    sheet.filter.setText("Ctrl+Shift+I")
    assert [a for _g, a, _k in sheet.rows()] == ["Import folder"]
    sheet.filter.clear()
    assert len(sheet.rows()) == len(helpmod.collect_shortcuts(window))


def test_the_user_guide_renders_locally_with_its_screenshots(qtbot, window: MainWindow) -> None:
    guide = window.help_actions.show_guide()
    qtbot.addWidget(guide)
    assert guide.found, helpmod.guide_path()
    text = guide.browser.toPlainText()
    assert "Stanceline user guide" in text and "Import your articles" in text
    assert guide.browser.isReadOnly()
    # Its screenshots come from docs/images and are scaled to the window, not cut off.
    widest = guide.browser.fit_images()
    assert 0 < widest <= guide.browser.viewport().width()
    # Contents links scroll to their heading.
    guide.browser.follow(QUrl("#backups"))
    assert guide.browser.verticalScrollBar().value() > 0


def test_the_guide_never_loads_from_the_network(qtbot, tmp_path: Path) -> None:
    (tmp_path / "g.md").write_text(
        "# G\n\n![x](https://example.org/x.png)\n\n[web](https://example.org)\n", encoding="utf-8"
    )
    outside = tmp_path.parent / "outside.png"
    browser = helpmod.LocalBrowser(tmp_path)
    qtbot.addWidget(browser)
    assert browser.show_markdown(tmp_path / "g.md")
    assert browser.loadResource(2, QUrl("https://example.org/x.png")) is None
    assert browser.loadResource(2, QUrl.fromLocalFile(str(outside))) is None
    browser.follow(QUrl("https://example.org"))
    assert "https://example.org" in browser.refused


def test_every_screenshot_the_guide_names_exists() -> None:
    import re

    guide = helpmod.guide_path().read_text(encoding="utf-8")
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", guide)
    assert len(images) >= 10
    for rel in images:
        assert (helpmod.docs_dir() / rel).is_file(), rel
    for slug in re.findall(r"\]\(#([^)]+)\)", guide):
        headings = [helpmod.heading_slug(h) for h in re.findall(r"^#+ (.+)$", guide, re.M)]
        assert slug in headings, slug


def test_about_names_the_version_and_the_error_log() -> None:
    text = helpmod.about_text()
    assert helpmod.app_version() in text and "errors.log" in text
