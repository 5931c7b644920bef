"""Properties every input must satisfy through ``ingest/``, shared by the test suite (a few
hundred examples) and the fuzz run (``bash scripts/fuzz.sh``, 100,000+ examples).

No exception but ``ReadError`` escapes the reader, none escapes ``extract``; every offset lies
inside the text; every date has earliest ≤ latest.
"""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from ingest.pipeline import extract
from ingest.reader import read_text
from ingest.records import DateSpan, Extraction, ReadError, Span

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan.",
    "Sept",
    "Ocak",
    "Şubat",
)
WORDS = (
    "Turkey",
    "Türkiye",
    "Ankara",
    "Russia",
    "the S-400",
    "F-35",
    "said",
    "opposed",
    "supported",
    "on",
    "in",
    "the year",
    "last week",
    "next Monday",
    "yesterday",
    "BC",
    "Çavuşoğlu",
    "Erdoğan",
    "NATO",
    "the United States",
    ".",
    ",",
    '"',
    "“",
    "”",
    "\n",
    "\n\n",
    "U.S.",
    "Feb.",
    "quarter",
    "decade",
    "century",
    "2019",
    "0000-00-00",
    "30000",
    "early",
    "mid-",
    "late",
)
TAGS = (
    "p",
    "div",
    "script",
    "style",
    "iframe",
    "img",
    "a",
    "svg",
    "article",
    "title",
    "h1",
    "meta",
    "noscript",
    "object",
    "embed",
    "br",
    "table",
    "td",
    "pre",
    "math",
    "template",
)


@st.composite
def date_phrases(draw: st.DrawFn) -> str:
    """Random dates, in and far out of range, in many notations."""
    year = draw(st.one_of(st.integers(1900, 2100), st.integers(-50, 100_000)))
    month = draw(st.integers(-1, 14))
    day = draw(st.integers(-1, 40))
    form = draw(st.integers(0, 7))
    name = draw(st.sampled_from(MONTHS))
    return [
        f"{year:04d}-{month:02d}-{day:02d}",
        f"{name} {day}, {year}",
        f"{day} {name} {year}",
        f"in {year}",
        f"in the year {year}",
        f"{day}/{month}/{year}",
        f"{name} {year}",
        f"the {year}s",
    ][form]


def texts() -> st.SearchStrategy[str]:
    """Arbitrary Unicode, and Unicode mixed with the words and dates the extractors look for."""
    mixed = st.lists(
        st.one_of(st.sampled_from(WORDS), date_phrases(), st.text(max_size=12)), max_size=40
    ).map(" ".join)
    return st.one_of(st.text(max_size=400), mixed)


@st.composite
def html_documents(draw: st.DrawFn) -> str:
    """Random, often broken, HTML: nested tags, attributes, entities, scripts."""
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 25))):
        tag = draw(st.sampled_from(TAGS))
        kind = draw(st.integers(0, 4))
        attr = draw(
            st.sampled_from(
                [
                    "",
                    ' src="file:///etc/passwd"',
                    ' onclick="x()"',
                    ' href="http://example.org/"',
                    ' style="a:b"',
                ]
            )
        )
        if kind == 0:
            parts.append(f"<{tag}{attr}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        elif kind == 2:
            parts.append(
                draw(
                    st.sampled_from(
                        [
                            "&amp;",
                            "&lt;",
                            "&#x110000;",
                            "&bogus;",
                            "&#0;",
                            "<!--",
                            "-->",
                            "<![CDATA[",
                            "]]>",
                        ]
                    )
                )
            )
        else:
            parts.append(draw(texts()))
    head = draw(st.sampled_from(["", "<!DOCTYPE html>", "<html>", '<?xml version="1.0"?><html>']))
    return head + "".join(parts)


def check_extraction(text: str, dct: date | None) -> Extraction:
    x = extract(text, dct)
    n = len(text)

    def inside(span: Span | object) -> None:
        start, end = span.start, span.end  # type: ignore[attr-defined]
        assert 0 <= start <= end <= n, (start, end, n)

    def ordered(d: DateSpan | None) -> None:
        if d is not None and d.earliest is not None and d.latest is not None:
            assert d.earliest <= d.latest, d

    for span in x.sentences:
        inside(span)
    for t in x.timexes:
        inside(t)
        ordered(t.date)
    for mention in [*x.actor_mentions, *x.thing_mentions]:
        inside(mention)
    for ev in x.events:
        inside(ev.evidence)
        ordered(ev.date)
        if ev.timex is not None:
            inside(ev.timex)
    for stance in x.stances:
        inside(stance.evidence)
        ordered(stance.date)
    return x


def check_read_and_extract(raw: str, fmt: str, dct: date | None) -> None:
    try:
        article = read_text(raw, fmt=fmt)
    except ReadError:
        return  # a clear refusal is a correct answer
    check_extraction(article.text, dct if dct is not None else article.published)


DCTS = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
FORMATS = st.sampled_from(["txt", "md", "html"])
