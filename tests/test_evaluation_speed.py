"""`python main.py evaluate speed DIR` on a tiny folder (figures are printed, never asserted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.evaluation import speed

TML = """<?xml version="1.0" ?>
<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2022-03-23"
  functionInDocument="CREATION_TIME">x</TIMEX3></DCT>
<TEXT>Turkey said on <TIMEX3 tid="t1" type="DATE" value="2022-03-20">Sunday</TIMEX3> \
it would buy more S-400s.</TEXT></TimeML>
"""


def test_tml_folder_uses_text_and_dct(tmp_path: Path) -> None:
    (tmp_path / "a.tml").write_text(TML, encoding="utf-8")
    (tmp_path / "README.md").write_text("# not an article\n", encoding="utf-8")
    texts = speed.load_texts(tmp_path)
    assert len(texts) == 1
    text, dct = texts[0]
    assert text.startswith("Turkey said on Sunday") and str(dct) == "2022-03-23"


def test_article_folder_is_read_through_the_reader(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Ankara said on Sunday it would buy jets.\n", encoding="utf-8")
    assert [t for t, _ in speed.load_texts(tmp_path)] == [
        "Ankara said on Sunday it would buy jets.\n"
    ]


def test_speed_returns_its_keys(tmp_path: Path) -> None:
    (tmp_path / "a.tml").write_text(TML, encoding="utf-8")
    result = speed.evaluate(tmp_path)
    assert result["documents"] == 1 and result["words"] == 9
    assert {"stanceline_seconds", "stanceline_words_per_second"} <= set(result)
    try:
        import dateparser  # noqa: F401
    except ImportError:
        assert "error" in result
        pytest.skip("dateparser is not installed")
    assert {"dateparser_seconds", "dateparser_words_per_second", "ratio"} <= set(result)
    assert result["ratio"] > 0
