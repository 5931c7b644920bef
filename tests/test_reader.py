"""ingest/reader.py: encodings, refusals with readable reasons, HTML safety, formats, paths."""

from __future__ import annotations

import codecs
import os
import re
import socket
import time
import urllib.request
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.reader import content_hash, iter_article_paths, read_path, read_text
from ingest.records import Article, ReadError

TURKISH = "Foreign Minister Mevlüt Çavuşoğlu told an interview with Habertürk in İstanbul."
PARAGRAPH = (
    "Washington proposed to Türkiye that it gives control of the system to the U.S. or another "
    "country, including Ukraine, as it tries to fight off Russian forces, officials said. "
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def read_bytes(tmp_path: Path, data: bytes, name: str = "a.txt", **kwargs: int) -> Article:
    return read_path(write(tmp_path, name, data), **kwargs)


def reason(tmp_path: Path, data: bytes, name: str = "a.txt", **kwargs: int) -> str:
    with pytest.raises(ReadError) as info:
        read_bytes(tmp_path, data, name, **kwargs)
    assert info.value.origin == str(tmp_path / name)
    return info.value.reason


# --- encodings --------------------------------------------------------------------------------


def test_cp1254_name_bytes_decode_as_turkish(tmp_path: Path) -> None:
    raw = bytes([0xC7, 0x61, 0x76, 0x75, 0xFE, 0x6F, 0xF0, 0x6C, 0x75])
    article = read_bytes(tmp_path, raw)
    assert article.text == "Çavuşoğlu"
    assert article.encoding == "cp1254"
    assert any("guessed" in w for w in article.warnings)


@pytest.mark.parametrize("encoding", ["cp1254", "iso-8859-9"])
def test_turkish_legacy_encodings(tmp_path: Path, encoding: str) -> None:
    text = TURKISH + "\nDışişleri Bakanı ağır bir açıklama yaptı. Şimdi ne olacak?"
    article = read_bytes(tmp_path, text.encode(encoding))
    assert article.text == text
    assert article.encoding == "cp1254"  # a superset of ISO-8859-9 for printable text
    assert article.warnings


def test_windows_1252(tmp_path: Path) -> None:
    text = "The café served “quotes” — and Muñoz paid €5."
    article = read_bytes(tmp_path, text.encode("cp1252"))
    assert article.text == text
    assert article.encoding == "cp1252"
    assert article.warnings


def test_short_windows_1252_word(tmp_path: Path) -> None:
    assert read_bytes(tmp_path, "café".encode("cp1252")).text == "café"


@pytest.mark.parametrize(
    ("codec", "name"),
    [("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be"), ("utf-32-le", "utf-32-le")],
)
def test_utf16_and_utf32_with_bom(tmp_path: Path, codec: str, name: str) -> None:
    bom = {
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE,
    }
    article = read_bytes(tmp_path, bom[codec] + TURKISH.encode(codec))
    assert article.text == TURKISH
    assert article.encoding == name
    assert not article.warnings


def test_utf8_with_bom_is_stripped(tmp_path: Path) -> None:
    article = read_bytes(tmp_path, codecs.BOM_UTF8 + TURKISH.encode())
    assert article.text == TURKISH
    assert not article.text.startswith("\ufeff")
    assert not article.warnings


def test_plain_utf8_has_no_warning(tmp_path: Path) -> None:
    article = read_bytes(tmp_path, TURKISH.encode())
    assert (article.text, article.encoding, article.warnings) == (TURKISH, "utf-8", [])


def test_invalid_utf8_is_decoded_with_a_warning(tmp_path: Path) -> None:
    raw = "Çavuşoğlu said ".encode() + b"\xff\xfe" + " that Türkiye refused.".encode()
    article = read_bytes(tmp_path, raw)
    assert article.encoding == "utf-8"
    assert article.text.startswith("Çavuşoğlu said ")
    assert article.text.endswith("Türkiye refused.")
    assert "\ufffd" in article.text
    assert any("invalid UTF-8" in w for w in article.warnings)


def test_cyrillic_code_page_is_left_to_charset_normalizer(tmp_path: Path) -> None:
    text = "Президент России заявил, что переговоры продолжатся на следующей неделе."
    assert read_bytes(tmp_path, text.encode("cp1251")).text == text


def test_html_declared_charset_is_used(tmp_path: Path) -> None:
    page = f'<html><head><meta charset="windows-1254"></head><body><p>{TURKISH}</p></body></html>'
    article = read_bytes(tmp_path, page.encode("cp1254"), "a.html")
    assert TURKISH in article.text
    assert article.encoding == "cp1254"


# --- normalisation ----------------------------------------------------------------------------


def test_mixed_line_endings_and_controls(tmp_path: Path) -> None:
    raw = b"First line.\r\nSecond line.\rThird\x00 line.\x07\nFourth\tline.\x0c"
    article = read_bytes(tmp_path, raw)
    assert article.text == "First line.\nSecond line.\nThird line.\nFourth\tline."


# --- refusals ---------------------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    assert "empty" in reason(tmp_path, b"")


def test_whitespace_only_file(tmp_path: Path) -> None:
    assert "empty" in reason(tmp_path, b" \r\n\t\n")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "looks like a PDF file, not text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"GIF89a\x01\x00", "GIF"),
        (b"\x1f\x8b\x08\x00", "gzip"),
        (b"text with a NUL\x00 byte" * 5, "binary"),
        (bytes(range(1, 9)) * 50, "binary"),
    ],
)
def test_binary_files_are_refused(tmp_path: Path, data: bytes, kind: str) -> None:
    assert kind in reason(tmp_path, data)


def test_oversized_file(tmp_path: Path) -> None:
    assert reason(tmp_path, b"x" * 3 * 1024 * 1024, max_bytes=2 * 1024 * 1024) == (
        "is 3 MB; the limit is 2 MB"
    )


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="does not exist"):
        read_path(tmp_path / "gone.txt")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="folder"):
        read_path(tmp_path)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (PermissionError(13, "Permission denied"), "permission denied"),
        (FileNotFoundError(2, "No such file"), "does not exist"),  # vanished after stat()
        (OSError(5, "Input/output error"), "could not be read (Input/output error)"),
    ],
)
def test_unreadable_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, expected: str
) -> None:
    path = write(tmp_path, "secret.txt", b"text")

    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(Path, "open", fail)
    with pytest.raises(ReadError, match=re.escape(expected)):
        read_path(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(ReadError, match="not a regular file"):
        read_path(tmp_path / "pipe")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".txt", ".md", ".html", ".bin"]))
def test_random_bytes_give_an_article_or_a_read_error(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"x{suffix}"
    path.write_bytes(data)
    try:
        article = read_path(path)
    except ReadError as err:
        assert err.reason
    else:
        assert article.text.strip()
        assert "\r" not in article.text
        assert not article.text.startswith("\ufeff")


# --- HTML -------------------------------------------------------------------------------------

HOSTILE = f"""<!DOCTYPE html>
<html><head><title>Turkey rejects S-400 idea | Daily Sabah</title>
<meta property="og:site_name" content="Daily Sabah">
<meta property="article:published_time" content="2022-03-23T10:00:00+03:00">
<link rel="canonical" href="https://www.example.com/turkey-s400">
<style>body {{ background: url(http://styles.example.com/STYLESECRET.png) }}</style>
<script>alert('SCRIPTSECRET'); fetch('http://evil.example.com/')</script>
<script src="http://evil.example.com/x.js"></script>
</head>
<body onload="alert('ONLOADSECRET')">
<article>
<h1>Turkey rejects S-400 idea</h1>
<p>{PARAGRAPH}</p>
<iframe src="http://evil.example.com/frame">IFRAMESECRET</iframe>
<img src="file:///etc/passwd" alt="ALTSECRET" onerror="alert('ERRSECRET')">
<img src="http://example.com/x.png">
<p>Ankara refused the proposal, the country's top diplomat said on Sunday in an interview.</p>
<noscript>NOSCRIPTSECRET</noscript><object data="x.swf">OBJECTSECRET</object>
<embed src="http://evil.example.com/e.swf"><svg><text>SVGSECRET</text></svg>
<template>TEMPLATESECRET</template>
<p>Türkiye signed a contract with Russia in 2017 to acquire the S-400 system, officials said.</p>
</article></body></html>"""

SECRETS = (
    "SECRET",
    "alert",
    "evil.example.com",
    "/etc/passwd",
    "file://",
    "x.png",
    "http",
    "onload",
    "<",
)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the reader tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def assert_clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret


@pytest.mark.usefixtures("no_network")
def test_hostile_html_is_data_not_code(tmp_path: Path) -> None:
    article = read_bytes(tmp_path, HOSTILE.encode(), "page.html")
    assert article.fmt == "html"
    assert "Ankara refused the proposal" in article.text
    assert "Türkiye signed a contract with Russia" in article.text
    assert_clean(article.text)


@pytest.mark.usefixtures("no_network")
def test_short_hostile_html_uses_the_fallback_safely() -> None:
    page = (
        "<html><head><script>alert(1)</script><style>p{}</style></head>"
        "<body onload='alert(2)'><p>Short &amp; sweet.<br>Second line.</p>"
        "<iframe src='http://evil.example.com'>IFRAMESECRET</iframe>"
        "<img src='file:///etc/passwd'><noscript>NOSCRIPTSECRET</noscript></body></html>"
    )
    article = read_text(page)
    assert article.fmt == "html"
    assert "Short & sweet." in article.text
    assert_clean(article.text)


@pytest.mark.usefixtures("no_network")
def test_entity_expansion_bomb_is_not_expanded() -> None:
    entities = '<!ENTITY lol "lolololololololololol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    page = (
        f"<!DOCTYPE html [{entities.replace('&lol0;', '&lol;')}]>"
        f"<html><body><p>&lol9;</p><p>{PARAGRAPH}</p></body></html>"
    )
    started = time.monotonic()
    article = read_text(page)
    assert time.monotonic() - started < 5
    assert len(article.text) < 10_000
    assert "Washington proposed" in article.text


def test_html_metadata(tmp_path: Path) -> None:
    article = read_bytes(tmp_path, HOSTILE.encode(), "page.htm")
    assert article.title == "Turkey rejects S-400 idea"
    assert article.outlet == "Daily Sabah"
    assert article.url == "https://www.example.com/turkey-s400"
    assert article.published == date(2022, 3, 23)


def test_html_time_and_date_meta() -> None:
    page = (
        '<html><head><meta name="date" content="2021-10-05"></head><body>'
        f"<p>{PARAGRAPH}</p><time datetime='2020-01-01'>then</time></body></html>"
    )
    assert read_text(page).published == date(2021, 10, 5)
    page = page.replace('<meta name="date" content="2021-10-05">', "")
    assert read_text(page).published == date(2020, 1, 1)


def test_html_is_sniffed_from_content(tmp_path: Path) -> None:
    page = f"<!doctype html><html><body><p>{PARAGRAPH}</p></body></html>"
    article = read_bytes(tmp_path, page.encode(), "saved-page.txt")
    assert article.fmt == "html"
    assert "<p>" not in article.text


def test_html_without_text_is_refused() -> None:
    with pytest.raises(ReadError, match="no readable article text"):
        read_text("<html><body><script>alert(1)</script></body></html>")


# --- Markdown ---------------------------------------------------------------------------------

MARKDOWN = """---
title: "Turkey rejects the idea"
date: 2022-03-23
source: Daily Sabah
url: https://example.com/md
---
# A heading that is not the title

Ankara **refused** the *proposal*, see [the report](https://example.com/report).
![a chart](file:///etc/passwd)

```
code <b>stays</b> as text
```

> A quoted line with `inline code` and snake_case_names.
- a bullet with __strong__ text
<script>alert(1)</script>
"""


def test_markdown(tmp_path: Path) -> None:
    article = read_bytes(tmp_path, MARKDOWN.encode(), "a.md")
    assert article.fmt == "md"
    assert article.title == "Turkey rejects the idea"
    assert article.outlet == "Daily Sabah"
    assert article.url == "https://example.com/md"
    assert article.published == date(2022, 3, 23)
    text = article.text
    assert text.startswith("A heading that is not the title\n\n")
    assert "Ankara refused the proposal, see the report." in text
    assert "code <b>stays</b> as text" in text
    assert "A quoted line with inline code and snake_case_names." in text
    assert "a bullet with strong text" in text
    for gone in ("---", "#", "**", "](", "chart", "passwd", "alert", "```"):
        assert gone not in text, gone


@pytest.mark.parametrize("unit", ["**a ", "*a ", "_a ", "[a ", "![a]( ", "<a ", "<script>x"])
def test_hostile_markdown_takes_linear_time(unit: str) -> None:
    started = time.monotonic()
    assert read_text(unit * 20_000 + "end", fmt="md").text.endswith("end")
    assert time.monotonic() - started < 5


def test_markdown_heading_becomes_title_without_front_matter() -> None:
    article = read_text("# Turkey says no\n\nBody *text*.", fmt="md")
    assert article.title == "Turkey says no"
    assert article.text == "Turkey says no\n\nBody text."


# --- plain text -------------------------------------------------------------------------------


def test_plain_text_header(tmp_path: Path) -> None:
    raw = (
        "Title: Turkey rejects S-400 idea\r\nOutlet: Daily Sabah\r\nPublished: 2022-03-23\r\n"
        "URL: https://example.com/a\r\n\r\nTurkey has rejected the idea.\r\nSecond paragraph.\r\n"
    )
    article = read_bytes(tmp_path, raw.encode())
    assert article.title == "Turkey rejects S-400 idea"
    assert article.outlet == "Daily Sabah"
    assert article.url == "https://example.com/a"
    assert article.published == date(2022, 3, 23)
    assert article.text == "Turkey has rejected the idea.\nSecond paragraph.\n"


def test_header_with_source_and_date_keys() -> None:
    article = read_text("source: AA\ndate: March 23, 2022\n\nBody.")
    assert (article.outlet, article.published, article.text) == ("AA", date(2022, 3, 23), "Body.")


def test_text_that_merely_has_a_colon_is_not_a_header() -> None:
    text = "Note: this is not a header\n\nBody."
    assert read_text(text).text == text


def test_short_first_line_is_the_title_and_stays() -> None:
    article = read_text("Turkey rejects S-400 idea\n\nTurkey has rejected the idea.")
    assert article.title == "Turkey rejects S-400 idea"
    assert article.text.startswith("Turkey rejects S-400 idea\n")


def test_sentence_first_line_is_not_a_title() -> None:
    assert read_text("Turkey has rejected the idea.\nMore.").title == ""


@pytest.mark.parametrize(
    "value", ["2022-02-30", "0001-01-01", "99999-01-01", "not a date", "March 2022", "yesterday"]
)
def test_bad_published_dates_become_none_with_a_warning(value: str) -> None:
    article = read_text(f"Published: {value}\n\nBody.")
    assert article.published is None
    assert article.warnings
    assert article.text == "Body."


def test_pasted_text() -> None:
    article = read_text("\ufeffLine one.\r\nLine two.")
    assert (article.text, article.origin, article.fmt) == ("Line one.\nLine two.", "pasted", "txt")
    with pytest.raises(ReadError, match="no text"):
        read_text("   ")


def test_pasted_html_is_detected() -> None:
    article = read_text(f"  <html><body><p>{PARAGRAPH}</p></body></html>", origin="clipboard")
    assert article.fmt == "html"
    assert article.origin == "clipboard"
    assert article.text.startswith("Washington proposed")


# --- paths and hashes -------------------------------------------------------------------------


def test_iter_article_paths(tmp_path: Path) -> None:
    for name in (
        "b.txt",
        "a.MD",
        "c.html",
        "d.pdf",
        "sub/e.htm",
        "sub/f.markdown",
        "sub/g.text",
        ".hidden.txt",
        ".git/h.txt",
        "sub/.cache/i.txt",
    ):
        path = tmp_path / "root" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    explicit = write(tmp_path, "notes.log", b"x")
    found = list(iter_article_paths([tmp_path / "root", explicit]))
    root = tmp_path / "root"
    assert found == [
        root / "a.MD",
        root / "b.txt",
        root / "c.html",
        root / "sub" / "e.htm",
        root / "sub" / "f.markdown",
        root / "sub" / "g.text",
        explicit,
    ]


def test_content_hash_ignores_line_endings_and_spacing() -> None:
    a = "Turkey said no.\n\nThe U.S. asked.\n"
    assert content_hash(a) == content_hash("Turkey said no.\r\n\r\nThe U.S.  asked.")
    assert content_hash(a) != content_hash("Turkey said yes.\n\nThe U.S. asked.\n")
    assert len(content_hash(a)) == 64


def test_same_file_with_different_line_endings_hashes_equal(tmp_path: Path) -> None:
    unix = read_bytes(tmp_path, TURKISH.encode() + b"\nSecond.\n", "unix.txt")
    dos = read_bytes(tmp_path, TURKISH.encode("cp1254") + b"\r\nSecond.\r\n", "dos.txt")
    assert content_hash(unix.text) == content_hash(dos.text)


def test_seed_articles_read_as_utf8(seeds_dir: Path) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        article = read_path(path)
        assert article.encoding == "utf-8"
        assert article.text == path.read_text(encoding="utf-8").replace("\r\n", "\n")
        assert not article.warnings
