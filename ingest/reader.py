"""Read an article from a file or pasted text: bytes → ``Article`` (plain text + metadata).

This is the only place where article text is normalised.  ``read_path`` and ``read_text``
decode, convert HTML/Markdown to plain text, turn every line ending into ``"\\n"``, strip a
leading BOM and drop control characters (except ``\\n`` and ``\\t``).  After that
``Article.text`` is never changed: every later offset points into it.

Imported files are DATA, never code: HTML scripts, styles, frames and images are dropped, no URL
in a file is ever fetched and no external entity is ever resolved.

Stanceline plain-text header
----------------------------
A ``.txt`` article may start with a header block of ``Key: value`` lines followed by a blank
line; the demo articles use it::

    Title: Turkey rejects idea of sending S-400s to Ukraine
    Outlet: Daily Sabah
    Published: 2022-03-23
    URL: https://example.com/article

    The article text starts here.

Keys are case-insensitive: ``Title``, ``Outlet`` (or ``Source``), ``Published`` (or ``Date``)
and ``URL``.  Every line of the block must be such a line, otherwise it is ordinary text.  The
header is removed from ``Article.text``.  Without a header, a short first line (under 150
characters, no final period) is taken as the title and stays in the text.

Publication dates
-----------------
Where the file states one, in this order: the header or Markdown front matter, the HTML page's
metadata (its meta tags, then htmldate over the parsed page: JSON-LD, ``<time>``; nothing is
fetched), then the opening lines of the text itself: a dateline ("ANKARA, March 3, 2024 —"), a
"Published …" line or a byline with a date ("By Jane Doe | 3 March 2024").  ``find_dateline``
says which words gave the date, so the viewer can show where it came from; a dateline without
a year ("March 3 (Reuters) -") is not a date, only a hint (``DateFound.day`` is None).  No date
is ever taken from the clock.
"""

from __future__ import annotations

import codecs
import copy
import hashlib
import logging
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from dateutil import parser as dateparser

from ingest.records import Article, ReadError

if TYPE_CHECKING:
    from lxml.html import HtmlElement

log = logging.getLogger(__name__)

# Bounds that keep one file from taking the machine: a news article is tens of KB.  The file
# limit is checked before reading (bounded memory); the text limit after HTML → text, because
# extraction time grows faster than linearly with the length of one article.
MAX_BYTES = 8 * 1024 * 1024
MAX_TEXT_CHARS = 400_000
ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})

# Publication dates outside this range are treated as typos or parse accidents.
MIN_YEAR, MAX_YEAR = 1800, 2200


class _Undecodable(Exception):
    """The bytes could not be turned into text with any plausible encoding."""


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def read_path(path: Path, max_bytes: int = MAX_BYTES) -> Article:
    """Read one article file.  Raises ``ReadError`` with a message for the user."""
    path = Path(path)
    origin = str(path)
    data = _read_bytes(path, origin, max_bytes)
    if not data.strip():
        raise ReadError(origin, "the file is empty")
    kind = _binary_kind(data)
    if kind:
        raise ReadError(origin, f"looks like {kind}, not text")

    suffix = path.suffix.lower()
    head = data[:2048].decode("ascii", "ignore")
    is_html = suffix in HTML_SUFFIXES or (
        suffix not in MARKDOWN_SUFFIXES and _looks_like_html(head)
    )
    declared = _declared_html_charset(head) if is_html else None
    try:
        text, encoding, warnings = _decode(data, declared)
    except _Undecodable:
        raise ReadError(
            origin, "could not be decoded as text (unknown character encoding)"
        ) from None

    fmt = "html" if is_html else "md" if suffix in MARKDOWN_SUFFIXES else "txt"
    del data  # the bytes are not needed any more: keep the peak at text size
    article = _build(text, origin, fmt)
    article.encoding = encoding
    article.warnings[:0] = warnings
    return article


def read_text(text: str, origin: str = "pasted", fmt: str = "txt") -> Article:
    """Read pasted text.  ``fmt`` is "txt", "md" or "html"; text that looks like HTML is HTML."""
    if fmt != "md" and _looks_like_html(text[:2048]):
        fmt = "html"
    if not text.strip():
        raise ReadError(origin, "there is no text")
    return _build(text, origin, fmt)


def _check_length(text: str, origin: str) -> None:
    if len(text) > MAX_TEXT_CHARS:
        raise ReadError(
            origin,
            f"holds {len(text):,} characters of text; the limit for one article is "
            f"{MAX_TEXT_CHARS:,} (split it into separate articles)",
        )


def iter_article_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Expand folders (recursively, sorted, hidden entries skipped) to article files.

    Files named explicitly are yielded whatever their suffix: the reader decides about them.
    """
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


def content_hash(text: str) -> str:
    """SHA-256 of the text with whitespace collapsed: a re-import is detected whatever its
    line endings or re-wrapping."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------


def _read_bytes(path: Path, origin: str, max_bytes: int) -> bytes:
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise ReadError(origin, "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            # Reading a FIFO or a device could block forever.
            raise ReadError(origin, "is not a regular file")
        if info.st_size > max_bytes:
            raise ReadError(origin, _too_big(info.st_size, max_bytes))
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # the file may have grown since stat()
    except FileNotFoundError:
        raise ReadError(origin, "the file does not exist (moved or deleted?)") from None
    except PermissionError:
        raise ReadError(origin, "permission denied: the file cannot be read") from None
    except IsADirectoryError:
        raise ReadError(origin, "is a folder, not a file") from None
    except OSError as err:
        raise ReadError(origin, f"could not be read ({err.strerror or err})") from None
    if len(data) > max_bytes:
        raise ReadError(origin, _too_big(len(data), max_bytes))
    return data


def _too_big(size: int, limit: int) -> str:
    return f"is {_human_size(size)}; the limit is {_human_size(limit)}"


def _human_size(size: int) -> str:
    mib = 1024 * 1024
    if size >= mib:
        return f"{size / mib:.0f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


def _walk(folder: Path) -> Iterator[Path]:
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name.lower())
    except OSError:
        return  # an unreadable folder holds no articles we can read
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry)
        elif entry.is_file() and entry.suffix.lower() in ARTICLE_SUFFIXES:
            yield entry


# --------------------------------------------------------------------------------------------
# Binary detection and decoding
# --------------------------------------------------------------------------------------------

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/OpenDocument file)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "a program"),
    (b"RIFF", "a media file"),
    (b"\x00\x00\x00\x18ftyp", "a video file"),
    (b"\x00\x00\x00\x20ftyp", "a video file"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Control bytes that never occur in text (tab, newlines, form feed and escape may).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0b\x0c\x1b")


def _binary_kind(data: bytes) -> str:
    """What the bytes look like if they are not text ("a PDF file"), else ""."""
    for bom, _ in _BOMS:
        if data.startswith(bom):
            return ""  # UTF-16/32 legitimately contain NUL bytes
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            return kind
    sample = data[:8192]
    if _utf16_without_bom(sample):
        return ""
    # A stray NUL (a bad copy) is dropped later; many of them mean binary data.
    if sample.count(0) > max(2, len(sample) // 200):
        return "binary data"
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > 0.1 * len(sample):
        return "binary data"
    return ""


def _utf16_without_bom(sample: bytes) -> str:
    """The UTF-16 variant of mostly-ASCII UTF-16 text written without a BOM, else ""."""
    if len(sample) < 4:
        return ""
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return ""


def _decode(data: bytes, declared: str | None = None) -> tuple[str, str, list[str]]:
    """Decode to str: BOM, then strict UTF-8, then a declared HTML charset, then a guess.

    Returns (text, encoding, warnings); raises _Undecodable.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _decode_known(data[len(bom) :], name), name, []
    bomless = _utf16_without_bom(data[:8192])
    if bomless:
        return _decode_known(data, bomless), bomless, [f"no byte order mark; read as {bomless}"]
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared), declared, []
        except UnicodeDecodeError:
            pass  # the declaration is wrong: detect instead
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", "ignore")) - bad  # valid non-ASCII characters
    if good and bad <= good:
        # Mostly valid UTF-8 with a few broken bytes (a truncated copy, a bad edit).
        return text, "utf-8", [f"{bad} invalid UTF-8 byte sequence(s) replaced with \ufffd"]
    encoding = _guess_legacy(data)
    note = " (Turkish)" if encoding == "cp1254" else ""
    warning = f"character encoding guessed as {encoding}{note}; check accented letters"
    return data.decode(encoding), encoding, [warning]


def _decode_known(data: bytes, encoding: str) -> str:
    """Decode with an encoding we are sure of; a few broken bytes become U+FFFD."""
    return data.decode(encoding, "replace")


# The legacy single-byte code pages an English-language news archive actually meets, in
# tie-break order: Western first (most common), then Turkish, then Central European.
_LATIN_CANDIDATES: tuple[str, ...] = ("cp1252", "cp1254", "cp1250")

# Letters that are rare in news text but are what Turkish letters (ş ğ ı Ş Ğ İ = 0xFE 0xF0 0xFD
# 0xDE 0xD0 0xDD in cp1254) become in cp1252 (þ ð ý Þ Ð Ý) or cp1250 (ţ đ ý Ţ Đ Ý).  Their
# presence is the "Turkish tie-break": charset-normalizer often guesses cp1250 or latin-1 for
# short Turkish text, which turns "Çavuşoğlu" into "Çavuţođlu".
_SUSPECT_LETTERS = frozenset("þðýÞÐÝţŢđĐ")
_SCORE_CHARS = 256 * 1024  # a sample is enough to tell code pages apart


def _guess_legacy(data: bytes) -> str:
    """Pick a legacy encoding for bytes that are not UTF-8.  Raises _Undecodable.

    Text whose letters are mostly ASCII is Latin script, so only the Latin code pages (plus
    charset-normalizer's own guess) compete, scored by how many odd characters each decoding
    produces.  Otherwise (Cyrillic, Greek, Arabic ... code pages) charset-normalizer decides.
    """
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    detected = codecs.lookup(best.encoding).name if best else None
    if _latin_like(data):
        candidates = list(_LATIN_CANDIDATES)
        if detected and detected not in candidates:
            candidates.append(detected)
        scored = []
        for order, encoding in enumerate(candidates):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            scored.append((_oddness(text[:_SCORE_CHARS]), order, encoding))
        if scored:
            return min(scored)[2]
    if detected:
        return detected
    raise _Undecodable


def _latin_like(data: bytes) -> bool:
    sample = data[:65536]
    ascii_letters = sum(1 for b in sample if 65 <= b <= 90 or 97 <= b <= 122)
    high = sum(1 for b in sample if b >= 128)
    return ascii_letters >= 2 * high


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _oddness(text: str) -> int:
    """How many characters look like a wrong decoding: suspect letters, C1 controls, and
    symbols wedged between two letters ("wi¹zaæ" is Polish read as cp1252)."""
    return sum(_is_odd(text, match.start()) for match in _NON_ASCII.finditer(text))


def _is_odd(text: str, i: int) -> bool:
    ch = text[i]
    if ch in _SUSPECT_LETTERS or "\x80" <= ch <= "\x9f":
        return True
    wedged = 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()
    return wedged and not ch.isalpha()


# WHATWG: browsers read these declared charsets as the Windows code page that extends them.
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "iso8859-9": "cp1254",
    "latin5": "cp1254",
}

_META_CHARSET = re.compile(r"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def _declared_html_charset(head: str) -> str | None:
    match = _META_CHARSET.search(head)
    if not match:
        return None
    name = match.group(1).lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


# --------------------------------------------------------------------------------------------
# Normalisation and dispatch
# --------------------------------------------------------------------------------------------

_NEWLINES = re.compile(r"\r\n?|[\x85\u2028\u2029]")
# C0 controls except \t and \n, DEL, and C1 controls: invisible and never meant as text.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _normalise(text: str) -> str:
    """The one normalisation: BOM, line endings, control characters."""
    text = text.removeprefix("\ufeff")
    text = _NEWLINES.sub("\n", text)
    return _CONTROLS.sub("", text)


_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S
)


def _looks_like_html(head: str) -> bool:
    return bool(_HTML_START.match(head.removeprefix("\ufeff")))


def _build(raw: str, origin: str, fmt: str) -> Article:
    """Normalise decoded text and convert it according to its format."""
    raw = _normalise(raw)
    warnings: list[str] = []
    if fmt == "html":
        text, meta = _html_to_text(raw)
        if not text.strip():
            raise ReadError(origin, "no readable article text was found in this HTML")
    elif fmt == "md":
        text, meta = _markdown_to_text(raw)
    else:
        fmt = "txt"
        text, meta = _split_header(raw)
    text = _normalise(text)
    if not text.strip():
        raise ReadError(origin, "contains no text")
    _check_length(text, origin)
    title = meta.get("title") or _title_from_first_line(text)
    published = _parse_date(meta["date"], warnings) if meta.get("date") else None
    if published is None:
        found = find_dateline(text)
        published = found.day if found else None
    return Article(
        text=text,
        title=_one_line(title),
        outlet=_one_line(meta.get("outlet", "")),
        url=meta.get("url", "").strip(),
        published=published,
        origin=origin,
        fmt=fmt,
        warnings=warnings,
    )


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _title_from_first_line(text: str) -> str:
    first = text.lstrip().split("\n", 1)[0].strip()
    if first and len(first) < 150 and not first.endswith("."):
        return first
    return ""


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

_ISO_DAY = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:[T\s]|$)")


def _parse_date(value: str, warnings: list[str]) -> date | None:
    """A publication date from metadata, or None (with a warning) when it is not a full,
    plausible date.  Never raises."""
    value = value.strip()
    iso = _ISO_DAY.match(value)
    try:
        if iso:
            day = date(int(iso[1]), int(iso[2]), int(iso[3]))
        else:
            # Parse twice with different defaults: if the results differ, the string lacked a
            # day, month or year and dateutil filled it in.
            first = dateparser.parse(value, default=datetime(2000, 1, 1))
            second = dateparser.parse(value, default=datetime(2001, 2, 2))
            if first.date() != second.date():
                warnings.append(f"publication date {value!r} is incomplete; ignored")
                return None
            day = first.date()
    except (ValueError, OverflowError, TypeError):
        warnings.append(f"publication date {value!r} could not be read; ignored")
        return None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        warnings.append(f"publication date {value!r} is out of range; ignored")
        return None
    return day


@dataclass(frozen=True)
class DateFound:
    """A publication date stated in an article's own words."""

    day: date | None  # None: the words give no year ("March 3 (Reuters) -")
    kind: str  # "dateline", "published line" or "byline"
    words: str  # what it was read from, e.g. "ANKARA, March 3, 2024"
    month_day: tuple[int, int] | None = None  # (month, day), also when the year is missing


_MONTHS = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")),
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:18|19|20|21)\d\d)"
# A full date in the ways newsrooms write it: "March 3, 2024", "3 March 2024", "2024-03-03".
_FULL_DATES = (
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(r"\b(?P<year>(?:18|19|20|21)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
)
# What may stand before a date in a dateline: "ANKARA,", "WASHINGTON, D.C.,", "Istanbul,
# Monday," or nothing (a line that opens with the date); and after it: an agency in brackets,
# then a dash, or the end of the line.
_PLACE_WORD = r"[A-ZÀ-Þ][\w'’.\-]*"
_BEFORE_DATELINE = re.compile(
    rf"(?:{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,3}},\s*){{0,3}}", re.U)
_AFTER_DATELINE = re.compile(r"\s*(?:\([^)\n]{1,30}\)\s*)?(?:[-–—:|]|$)")
_BEFORE_PUBLISHED = re.compile(
    r"\W{0,3}(?:first\s+)?(?:published|posted|dated?)\b[^\n]{0,30}", re.I)
_BEFORE_BYLINE = re.compile(r"\W{0,3}[Bb][Yy]\s+[A-ZÀ-Þ][^\n]{0,120}")
# "March 3 (Reuters) -": Reuters' dateline, without a year.
_YEARLESS = re.compile(
    rf"(?:{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,3}},\s*)?{_MONTH}\s+{_DAY}"
    r"\s*\([^)\n]{1,30}\)\s*[-–—]", re.I)
_OPENING_LINES = 8  # datelines and bylines sit in the first lines, never further down


def find_dateline(text: str) -> DateFound | None:
    """The publication date the opening lines of an article state, with the words it came
    from; None when they state none.  Relative words ("today", "on Friday") never count."""
    lines = [line.strip() for line in text[:1200].split("\n") if line.strip()]
    for line in lines[:_OPENING_LINES]:
        match = _first_full_date(line[:160])
        if match is None:
            yearless = _YEARLESS.match(line)
            if yearless:
                month = _MONTHS[yearless.group("month").lower()]
                day = int(yearless.group("day"))
                if _valid(2000, month, day):  # 29 February exists in some year
                    return DateFound(None, "dateline", yearless.group(0).rstrip(" -–—"),
                                     (month, day))
            continue
        day, start, end = match
        before, after = line[:start], line[end:]
        if _BEFORE_DATELINE.fullmatch(before) and _AFTER_DATELINE.match(after):
            kind = "dateline"
        elif _BEFORE_PUBLISHED.fullmatch(before):
            kind = "published line"
        elif _BEFORE_BYLINE.fullmatch(before.rstrip(" |,·-–—")):
            kind = "byline"
        else:
            continue
        return DateFound(day, kind, line[:end].strip(), (day.month, day.day))
    return None


def file_date(origin: str) -> date | None:
    """The day a file was last written, if it still exists: a hint for the analyst to confirm,
    never a publication date on its own (a copy or a download gets today's)."""
    if not origin or origin == "pasted":
        return None
    try:
        return date.fromtimestamp(Path(origin).stat().st_mtime)
    except (OSError, ValueError, OverflowError):
        return None


def _first_full_date(words: str) -> tuple[date, int, int] | None:
    """The earliest full, valid date in ``words``, with where it starts and ends."""
    best: tuple[date, int, int] | None = None
    for pattern in _FULL_DATES:
        for match in pattern.finditer(words):
            month = match.group("month")
            number = int(month) if month.isdigit() else _MONTHS[month.lower()]
            year, day = int(match.group("year")), int(match.group("day"))
            if _valid(year, number, day) and MIN_YEAR <= year <= MAX_YEAR:
                if best is None or match.start() < best[1]:
                    best = (date(year, number, day), match.start(), match.end())
                break
    return best


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------------------------
# Plain text
# --------------------------------------------------------------------------------------------

_HEADER_KEYS = {
    "title": "title",
    "outlet": "outlet",
    "source": "outlet",
    "published": "date",
    "date": "date",
    "url": "url",
}
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_HEADER_LINE = re.compile(r"([A-Za-z]+)[ \t]*:[ \t]*(.*)")


def _split_header(text: str) -> tuple[str, dict[str, str]]:
    """Recognise the Stanceline plain-text header (see the module docstring)."""
    parts = _BLANK_LINE.split(text.lstrip("\n"), maxsplit=1)
    if len(parts) < 2 or not parts[0].strip():
        return text, {}
    block, rest = parts
    meta: dict[str, str] = {}
    for line in block.split("\n"):
        match = _HEADER_LINE.fullmatch(line.strip())
        key = _HEADER_KEYS.get(match.group(1).lower()) if match else None
        if match is None or key is None:
            return text, {}
        meta[key] = match.group(2).strip()
    return rest.lstrip("\n"), meta


# --------------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------------

_FRONT_MATTER_KEYS = {
    "title": "title",
    "date": "date",
    "published": "date",
    "source": "outlet",
    "outlet": "outlet",
    "url": "url",
    "link": "url",
    "canonical_url": "url",
}
_FENCE = re.compile(r"\s{0,3}(```|~~~)")
_ATX_HEADING = re.compile(r"\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*")
_SETEXT_RULE = re.compile(r"\s{0,3}(=+|-+)\s*")
_THEMATIC_BREAK = re.compile(r"\s{0,3}([-*_])(?:\s*\1){2,}\s*")
_BLOCKQUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_BULLET = re.compile(r"^(\s*)[-*+]\s+")
_REFERENCE_DEF = re.compile(r"\s{0,3}\[[^\]]+\]:\s*\S+.*")
# Every inner repetition is bounded so that hostile input (thousands of unclosed "**" or "[")
# costs linear, not quadratic, time.
_IMAGE = re.compile(r"!\[[^\]\n]{0,1000}\](?:\([^)\n]{0,2000}\)|\[[^\]\n]{0,200}\])")
_LINK = re.compile(r"\[([^\]\n]{0,1000})\](?:\([^)\n]{0,2000}\)|\[[^\]\n]{0,200}\])")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]{1,2000})>")
_RAW_OPEN = re.compile(r"<(script|style|iframe|object|template|svg|noscript)\b", re.I)
_RAW_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,30}(?:\s[^<>]{0,1000})?/?>")
_EMPHASIS = (
    re.compile(r"(\*\*|__)(?=\S)(.{1,500}?)(?<=\S)\1"),
    re.compile(r"(?<![\w*])\*(?=\S)(.{1,500}?)(?<=\S)\*(?![\w*])"),
    re.compile(r"(?<![\w_])_(?=\S)(.{1,500}?)(?<=\S)_(?![\w_])"),
    re.compile(r"(~~)(?=\S)(.{1,500}?)(?<=\S)~~"),
)
_CODE_SPAN = re.compile(r"`+([^`\n]{0,2000})`+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])")


def _markdown_to_text(source: str) -> tuple[str, dict[str, str]]:
    """Markdown → plain text without a library.  Images are dropped (never loaded), links keep
    their text, code stays as text, raw HTML tags are removed."""
    meta, body = _front_matter(source)
    lines = _drop_raw_blocks(body).split("\n")
    out: list[str] = []
    in_fence = False
    for line in lines:
        if _FENCE.match(line):
            in_fence = not in_fence
            continue  # the fence line itself; the code inside is kept verbatim
        if in_fence:
            out.append(line)
            continue
        heading = _ATX_HEADING.fullmatch(line)
        if heading:
            if "title" not in meta and heading.group(1) == "#":
                meta["title"] = _markdown_inline(heading.group(2))
            out.append(_markdown_inline(heading.group(2)))
            continue
        if _THEMATIC_BREAK.fullmatch(line) or (
            _SETEXT_RULE.fullmatch(line) and out and out[-1].strip()
        ):
            out.append("")
            continue
        if _REFERENCE_DEF.fullmatch(line):
            continue
        line = _BLOCKQUOTE.sub("", line, count=1) if line.lstrip().startswith(">") else line
        line = _BULLET.sub(r"\1", line, count=1)
        out.append(_markdown_inline(line))
    text = "\n".join(out)
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
    return text, meta


def _drop_raw_blocks(text: str) -> str:
    """Remove raw-HTML <script>, <style> … blocks (content included) from Markdown.

    A hand-written scan rather than a lazy regex: it remembers where each tag's next closing
    tag is, so thousands of unclosed "<script>" cost linear time.
    """
    lower = text.lower()
    kept: list[str] = []
    closers: dict[str, int] = {}  # tag -> offset of its next "</tag"; -1 when there is none
    pos = copied = 0
    while match := _RAW_OPEN.search(text, pos):
        tag = match.group(1).lower()
        close = closers.get(tag, 0)
        if 0 <= close < match.end():
            close = closers[tag] = lower.find("</" + tag, match.end())
        if close < 0:
            pos = match.end()  # unclosed: the tag itself goes with the other raw tags
            continue
        end = lower.find(">", close)
        end = len(text) if end < 0 else end + 1
        kept.append(text[copied : match.start()])
        pos = copied = end
    kept.append(text[copied:])
    return "".join(kept)


def _markdown_inline(line: str) -> str:
    line = _IMAGE.sub("", line)
    line = _LINK.sub(r"\1", line)
    line = _AUTOLINK.sub(r"\1", line)
    line = _RAW_TAG.sub("", line)
    line = _CODE_SPAN.sub(r"\1", line)
    for pattern in _EMPHASIS:
        line = pattern.sub(lambda m: m.group(m.lastindex or 0), line)
    return _ESCAPE.sub(r"\1", line)


def _front_matter(source: str) -> tuple[dict[str, str], str]:
    """YAML-ish front matter between "---" lines: simple "key: value" lines only."""
    lines = source.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, source
    for end in range(1, min(len(lines), 200)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return {}, source
    meta: dict[str, str] = {}
    for line in lines[1:end]:
        key, sep, value = line.partition(":")
        target = _FRONT_MATTER_KEYS.get(key.strip().lower())
        if sep and target and target not in meta:
            meta[target] = value.strip().strip("'\"")
    return meta, "\n".join(lines[end + 1 :])


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------


def _html_to_text(source: str) -> tuple[str, dict[str, str]]:
    """Main article text and metadata of an HTML page.  Nothing is fetched or executed.

    trafilatura finds the main text and metadata in a tree we parse and clean first (see
    ``_clean_tree``); our own stdlib parser supplies the metadata tags and is the fallback when
    trafilatura finds nothing.
    """
    fallback = _SimpleHTML.parse(source)
    ours = fallback.metadata()
    tree = _clean_tree(source)
    theirs = _trafilatura_metadata(tree) if tree is not None else {}
    # trafilatura cleans titles ("Headline | Outlet") better; explicit date and URL tags are
    # more trustworthy than its date heuristics.
    meta = {**ours, **{k: v for k, v in theirs.items() if k in ("title", "outlet")}}
    for key, value in theirs.items():
        meta.setdefault(key, value)
    if not meta.get("date"):
        meta["date"] = _htmldate(source)
    text = _trafilatura_text(tree) if tree is not None else ""
    if not text:
        text = fallback.text()
    return text, meta


# Elements whose content is never article text (and may be hostile): dropped with content.
_HOSTILE_TAGS = (
    "script", "style", "iframe", "frame", "frameset", "object", "applet", "noscript",
    "template", "svg", "math", "canvas", "audio", "video", "picture", "form", "button",
    "select", "textarea",
)  # fmt: skip
# Void elements: dropped without their "children", because libxml2 does not know some of them
# (<embed>) as void and nests the rest of the page inside.
_VOID_TAGS = ("embed", "img", "source", "track", "input", "param", "wbr")
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")


def _clean_tree(source: str) -> HtmlElement | None:
    """Parse HTML with lxml in HTML mode and drop hostile elements before trafilatura sees it.

    lxml's HTML parser never resolves external entities, loads a DTD or touches the network
    (``no_network=True`` is explicit here); an internal-subset entity "bomb" stays unexpanded
    text.  We never parse imported HTML as XML; anyone who must should use
    ``lxml.etree.XMLParser(resolve_entities=False, no_network=True)``.  trafilatura's own
    fallbacks sometimes keep text from <iframe>/<noscript>, hence the cleaning.
    """
    try:
        from lxml import html as lxml_html

        parser = lxml_html.HTMLParser(
            no_network=True, remove_comments=True, remove_pis=True, recover=True
        )
        # lxml refuses str input that carries an XML encoding declaration.
        tree = lxml_html.document_fromstring(_XML_DECLARATION.sub("", source), parser=parser)
        for element in tree.xpath("|".join(f"//{tag}" for tag in _VOID_TAGS)):
            element.drop_tag()
        for element in tree.xpath("|".join(f"//{tag}" for tag in _HOSTILE_TAGS)):
            element.drop_tree()  # keeps the element's tail text, which belongs to the parent
    except Exception:  # lxml raises on empty or absurd documents: use the simple reader
        log.info("lxml could not parse the HTML; using the simple HTML reader", exc_info=True)
        return None
    return tree


def _htmldate(source: str) -> str:
    """The publication date htmldate reads from the page's markup (JSON-LD, ``<time>``, meta
    tags; ``extensive_search=False``: never guessed from the body).  It is given a tree parsed
    here, never a string it could take for a URL, so nothing is fetched.  The cleaned tree
    cannot serve: JSON-LD lives in the <script> elements cleaning drops."""
    try:
        from htmldate import find_date
        from lxml import html as lxml_html

        parser = lxml_html.HTMLParser(
            no_network=True, remove_comments=True, remove_pis=True, recover=True
        )
        tree = lxml_html.document_fromstring(_XML_DECLARATION.sub("", source), parser=parser)
        return find_date(tree, extensive_search=False, original_date=True) or ""
    except Exception:  # no date is better than no article
        log.info("htmldate found no date", exc_info=True)
        return ""


def _trafilatura_text(tree: HtmlElement) -> str:
    try:
        import trafilatura

        text = trafilatura.extract(
            copy.deepcopy(tree),  # trafilatura prunes the tree it is given
            include_comments=False,
            include_tables=False,
            favor_precision=False,
            output_format="txt",
            with_metadata=False,
            no_fallback=False,
        )
    except Exception:  # a third-party parser failing on odd input must not lose the article
        log.warning("trafilatura failed; using the simple HTML reader", exc_info=True)
        return ""
    return text or ""


def _trafilatura_metadata(tree: HtmlElement) -> dict[str, str]:
    try:
        from trafilatura import extract_metadata

        # extensive=False: take dates from markup only, never guess them from the body text.
        doc = extract_metadata(copy.deepcopy(tree), extensive=False)
    except Exception:  # see _trafilatura_text
        log.warning("trafilatura metadata failed", exc_info=True)
        return {}
    fields = {"title": doc.title, "outlet": doc.sitename, "url": doc.url, "date": doc.date}
    return {key: str(value) for key, value in fields.items() if value}


class _SimpleHTML(HTMLParser):
    """A forgiving stdlib HTML → text reader that also collects the metadata tags."""

    # Elements whose content is never article text (and may be hostile).
    SKIP = frozenset(
        {"script", "style", "iframe", "object", "noscript", "template", "svg", "math", "head",
         "nav", "form", "button", "select", "textarea", "canvas", "audio", "video", "frameset"}
    )  # fmt: skip
    BLOCKS = frozenset(
        {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "article", "section",
         "blockquote", "tr", "table", "header", "footer", "main", "aside", "pre", "hr", "dd",
         "dt", "dl", "figure", "figcaption", "address", "body", "html", "td", "th"}
    )  # fmt: skip
    DATE_META = ("article:published_time", "date", "pubdate", "publishdate", "dc.date",
                 "dcterms.date", "og:published_time", "datepublished")  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._skip: list[str] = []
        self._pre = 0
        self._parts: list[str] = []
        self._meta: dict[str, str] = {}
        self._title: list[str] = []
        self._h1: list[str] = []
        self._in_title = False
        self._in_h1 = False
        self._time = ""

    @classmethod
    def parse(cls, source: str) -> _SimpleHTML:
        parser = cls()
        try:
            parser.feed(source)
            parser.close()
        except Exception:  # html.parser is forgiving, but keep what was read so far
            log.warning("HTML parser stopped early", exc_info=True)
        return parser

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        if tag == "meta":
            self._read_meta(values)
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self._meta.setdefault("link:canonical", values.get("href", ""))
        elif tag == "time" and values.get("datetime") and not self._time:
            self._time = values["datetime"]
        if tag == "body" and "head" in self._skip:
            self._skip = [t for t in self._skip if t != "head"]  # an unclosed <head>
        if tag == "title":
            self._in_title = True
        if self._skip:
            if tag in self.SKIP:
                self._skip.append(tag)
            return
        if tag in self.SKIP:
            self._skip.append(tag)
        elif tag == "br":
            self._parts.append("\n")
        elif tag in self.BLOCKS:
            self._parts.append("\n\n")
            self._pre += tag == "pre"
            self._in_h1 = self._in_h1 or (tag == "h1" and not self._h1)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in self.SKIP and self._skip and self._skip[-1] == tag:
            self._skip.pop()  # <svg/> has no content

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in self._skip:
            while self._skip and self._skip.pop() != tag:
                pass
            return
        if self._skip:
            return
        if tag in self.BLOCKS:
            self._parts.append("\n\n")
            self._pre -= tag == "pre" and self._pre > 0
            self._in_h1 = self._in_h1 and tag != "h1"

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
        if self._skip:
            return
        if self._in_h1:
            self._h1.append(data)
        self._parts.append(data if self._pre else re.sub(r"\s+", " ", data))

    def _read_meta(self, values: dict[str, str]) -> None:
        key = (values.get("property") or values.get("name") or values.get("itemprop", "")).lower()
        content = values.get("content", "")
        if key and content:
            self._meta.setdefault(key, content)

    def text(self) -> str:
        blocks = "".join(self._parts).split("\n\n")
        lines = ("\n".join(line.strip() for line in block.strip().split("\n")) for block in blocks)
        return "\n\n".join(block for block in lines if block.strip())

    def metadata(self) -> dict[str, str]:
        meta = self._meta
        found = {
            "title": meta.get("og:title") or "".join(self._title) or "".join(self._h1),
            "outlet": meta.get("og:site_name") or meta.get("application-name", ""),
            "url": meta.get("og:url") or meta.get("link:canonical", ""),
            "date": next((meta[k] for k in self.DATE_META if meta.get(k)), "") or self._time,
        }
        # HTMLParser has already unescaped attribute values and (convert_charrefs) the title.
        return {key: value.strip() for key, value in found.items() if value.strip()}
