"""Imported HTML is data: nothing runs, nothing is fetched or read, in import or on screen."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl

from db.project import Project
from ingest.reader import read_path, read_text
from services.importing import import_paths

HOSTILE = """<!DOCTYPE html>
<html><head><title>Talks</title>
<meta http-equiv="refresh" content="0; url=http://evil.example/">
<link rel="stylesheet" href="http://evil.example/s.css">
<style>body { background: url(file:///etc/passwd) }</style>
<script>document.write('SCRIPT-TEXT')</script>
<base href="http://evil.example/">
</head><body onload="alert('ONLOAD')">
<article><p>Turkey said on March 3, 2021 that it opposed the sanctions.</p>
<img src="file:///etc/passwd" alt="IMG-ALT"><img src="http://evil.example/pixel.gif">
<iframe src="http://evil.example/frame">IFRAME-TEXT</iframe>
<object data="file:///etc/shadow">OBJECT-TEXT</object><embed src="http://evil.example/x.swf">
<svg onload="alert(1)"><script>SVG-SCRIPT</script></svg>
<p onclick="steal()">Greece said the talks <a href="javascript:alert(1)">continued</a>
in <a href="http://example.org/athens">Athens</a>.</p>
<noscript>NOSCRIPT-TEXT</noscript><form action="http://evil.example"><input value="FORM"></form>
</article></body></html>
"""
FORBIDDEN = ("SCRIPT-TEXT", "ONLOAD", "IFRAME-TEXT", "OBJECT-TEXT", "SVG-SCRIPT", "NOSCRIPT-TEXT",
             "alert", "steal", "evil.example", "/etc/passwd", "background")  # fmt: skip


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Any attempt to open a socket or resolve a name fails the test."""
    attempts: list[object] = []

    def refuse(*args: object, **_kw: object) -> None:
        attempts.append(args)
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_hostile_html_import_keeps_only_text(tmp_path: Path, no_network: list) -> None:
    path = tmp_path / "hostile.html"
    path.write_text(HOSTILE)
    article = read_path(path)
    assert "Turkey said on March 3, 2021" in article.text
    assert "Athens" in article.text
    for word in FORBIDDEN:
        assert word not in article.text, word
    with Project.open(tmp_path / "p.stanceline") as project:
        assert import_paths(project, [path]).ok
    assert no_network == []


def test_xml_entity_expansion_is_not_performed(no_network: list) -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
            for i in range(1, 10)
        )
        + '<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        "<html><body><p>Turkey said &lol9; and &xxe; on March 3, 2021.</p></body></html>"
    )
    article = read_text(bomb, fmt="html")
    assert len(article.text) < 10_000  # a billion laughs would be ~3 GB
    assert "root:" not in article.text
    assert no_network == []


def test_source_pane_never_loads_a_resource(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QTextDocument

    from viewer.sourcepane import ArticleView

    view = ArticleView()
    qtbot.addWidget(view)
    asked: list[str] = []
    original = view.loadResource

    def spy(kind: int, name: QUrl) -> object:
        asked.append(name.toString() if isinstance(name, QUrl) else str(name))
        return original(kind, name)

    for url in ("file:///etc/passwd", "http://evil.example/pixel.gif", "qrc:/x.png"):
        assert view.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl(url)) is None
    view.loadResource = spy  # type: ignore[method-assign]
    # Even if markup got into the pane, it would be shown, not loaded or followed.
    view.setPlainText(HOSTILE)
    view.show()
    qtbot.waitExposed(view)
    assert view.toPlainText().startswith("<!DOCTYPE html>")
    assert not view.openLinks() and not view.openExternalLinks()
    assert asked == []


def test_source_pane_shows_a_hostile_url_as_plain_text(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from db import queries as q
    from viewer.sourcepane import SourcePane
    from viewer.state import ProjectState

    path = tmp_path / "a.txt"
    url = '<img src="file:///etc/passwd"><a href="http://evil.example">x</a>'
    path.write_text(f"Title: T\nURL: {url}\n\nTurkey said on March 3, 2021 it would not.\n")
    with Project.open(tmp_path / "p.stanceline") as project:
        assert import_paths(project, [path]).ok
        state = ProjectState(project)
        pane = SourcePane(state)
        qtbot.addWidget(pane)
        state.select(q.list_events(project)[0].id)
        assert url in pane.meta.text()
        assert pane.meta.textFormat() == Qt.TextFormat.PlainText
        assert not pane.meta.openExternalLinks()
