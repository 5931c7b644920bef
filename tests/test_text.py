"""ingest/text.py: sentence and paragraph spans."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.records import Span
from ingest.text import paragraphs, sentence_index, split_sentences


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith met Gen. Jones and Sen. Brown on Feb. 24. They talked.",
            ["Mr. Smith met Gen. Jones and Sen. Brown on Feb. 24.", "They talked."],
        ),
        (
            "U.S. officials opposed their deployment. The U.K. and the U.N. agreed.",
            ["U.S. officials opposed their deployment.", "The U.K. and the U.N. agreed."],
        ),
        ("He said it at 9 a.m. on Sept. 3 in St. Petersburg.", None),
        (
            "Lockheed Martin Corp. said no. Acme Inc. said yes.",
            ["Lockheed Martin Corp. said no.", "Acme Inc. said yes."],
        ),
        ("Dr. J. Smith, e.g. a critic, i.e. no friend, spoke vs. Col. Lee.", None),
        ("Downing Street is at No. 10 and Lt. Gov. Sgt. Mrs. Rep. Co. Ltd. are here.", None),
        ("From the U.S. The deal failed.", ["From the U.S.", "The deal failed."]),
        ("The money went to the U.S. Treasury in 2019.", None),
        ("He said no. Then he left.", ["He said no.", "Then he left."]),
        ("What? Yes! Fine... Maybe.", ["What?", "Yes!", "Fine...", "Maybe."]),
        (
            "Prices rose 3.5 percent. 2022 was worse.",
            ["Prices rose 3.5 percent.", "2022 was worse."],
        ),
        ("The plan (the first one.) Failed.", ["The plan (the first one.)", "Failed."]),
    ],
)
def test_abbreviations(text: str, expected: list[str] | None) -> None:
    assert sentences(text) == (expected or [text])


def test_quotes_stay_whole() -> None:
    text = (
        '"This is not a subject of discussion for us. We addressed the issue in the past," '
        "Demir said. “It is over. Done,” he added. Then he left."
    )
    assert sentences(text) == [
        '"This is not a subject of discussion for us. We addressed the issue in the past," '
        "Demir said.",
        "“It is over. Done,” he added.",
        "Then he left.",
    ]


def test_sentence_ends_after_closing_quote() -> None:
    text = 'Ankara wants jets "without preconditions." The U.S. refused.'
    assert sentences(text) == ['Ankara wants jets "without preconditions."', "The U.S. refused."]


def test_unclosed_quote_does_not_swallow_the_paragraph() -> None:
    text = '"We will not give up. We never did. Turkey stands firm.'
    assert len(sentences(text)) == 3


def test_glued_sentences() -> None:
    text = "It already has in its inventory.Turkey has rejected the idea of sending S-400s.Why?"
    assert sentences(text) == [
        "It already has in its inventory.",
        "Turkey has rejected the idea of sending S-400s.Why?",
    ]
    assert len(sentences("Visit example.com, or ask the U.S.Army today.")) == 1


def test_glued_abbreviation_is_not_a_boundary() -> None:
    assert len(sentences("They met at Lockheed Martin corp.Later that day.")) == 1


def test_paragraphs_break_sentences() -> None:
    text = "Title without period\nFirst paragraph, no period\n\n  Second one.  \nThird"
    assert sentences(text) == [
        "Title without period",
        "First paragraph, no period",
        "Second one.",
        "Third",
    ]
    assert [text[p.start : p.end] for p in paragraphs(text)] == sentences(text)


def test_hard_wrapped_lines_are_one_paragraph() -> None:
    text = "Turkey has rejected the idea of sending\nits S-400 systems to Ukraine. It said\nso."
    assert paragraphs(text) == [Span(0, len(text))]
    assert sentences(text) == [
        "Turkey has rejected the idea of sending\nits S-400 systems to Ukraine.",
        "It said\nso.",
    ]


def test_spans_exclude_whitespace() -> None:
    text = "  \n\t One.   Two.\t\n\n"
    assert split_sentences(text) == [Span(5, 9), Span(12, 16)]


def test_empty_text() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n ") == []
    assert paragraphs("") == []


def test_sentence_index() -> None:
    text = "One two. Three four.\n\nFive."
    spans = split_sentences(text)
    assert [sentence_index(spans, i) for i in (0, 7, 8, 9, 19, 20, 22, 26, 27)] == [
        0,
        0,
        -1,
        1,
        1,
        -1,
        2,
        2,
        -1,
    ]
    assert sentence_index([], 3) == -1


def test_long_text_is_linear() -> None:
    chunk = "The U.S. and Mr. Smith said no. “It is over,” he said. Gen. Lee agreed.\n"
    text = chunk * 20_000  # ~1.4 MB
    started = time.monotonic()
    spans = split_sentences(text)
    assert time.monotonic() - started < 10
    assert len(spans) == 60_000
    started = time.monotonic()
    split_sentences("a." * 200_000 + " " + "." * 200_000)
    for run in ("." * 100_000 + "x", "?" * 100_000 + "x", '."' * 50_000 + "x"):
        split_sentences(run)  # runs of punctuation once took quadratic time
    assert time.monotonic() - started < 10


# --- the reference articles -------------------------------------------------------------------


def seed_sentences(seeds_dir: Path, name_prefix: str) -> list[str]:
    path = next(seeds_dir.glob(f"{name_prefix}_*.txt"))
    return sentences(path.read_text(encoding="utf-8"))


def test_seed_000(seeds_dir: Path) -> None:
    found = seed_sentences(seeds_dir, "000")
    assert len(found) == 15
    assert found[2] == (
        "Washington proposed to Türkiye that it gives control of the system to the U.S. or "
        "another country, including Ukraine, as it tries to fight off Russian forces, Foreign "
        "Minister Mevlüt Çavuşoğlu told an interview with private broadcaster Habertürk."
    )
    assert found[7] == (
        "U.S. officials opposed their deployment, claiming the S-400 would be incompatible "
        "with NATO systems."
    )
    assert (
        found[13] == "Ankara requested F-16s and modernization kits from the U.S. in October 2021."
    )


def test_seed_001(seeds_dir: Path) -> None:
    found = seed_sentences(seeds_dir, "001")
    assert any(s.endswith("began on Feb. 24.") for s in found)
    assert "Turkey’s purchase of the S-400s also triggered U.S. sanctions." in found
    assert any(s.startswith('"This is not a subject') and s.endswith("newspaper.") for s in found)
    assert any(
        "Lockheed Martin Corp., but the U.S. removed Turkey from the program in 2019" in s
        for s in found
    )


def test_gold_evidence_sentences_are_never_split(seeds_dir: Path, gold: dict) -> None:
    for document in gold["documents"]:
        text = (seeds_dir / document["file"]).read_text(encoding="utf-8")
        found = sentences(text)
        for item in document.get("events", []) + document.get("stances", []):
            needle = item["sentence_contains"]
            assert any(needle in s for s in found), needle


# --- properties -------------------------------------------------------------------------------

ALPHABET = st.sampled_from(
    [*"abcXYZ .!?\"'“”’()[]\n\t", "U.S.", "Mr.", "e.g.", " The ", "…", "\n\n", "Ş"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=80).map("".join) | st.text(max_size=200))
def test_sentence_spans_are_well_formed(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    for span in spans:
        assert 0 <= previous_end <= span.start < span.end <= len(text)
        piece = text[span.start : span.end]
        assert piece.strip() == piece
        previous_end = span.end
    # Every non-whitespace character belongs to a sentence.
    covered = {i for span in spans for i in range(span.start, span.end)}
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())
    for para in paragraphs(text):
        assert text[para.start : para.end].strip() == text[para.start : para.end]
