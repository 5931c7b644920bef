"""The TempEval-3 style scorer (`ingest.evaluation.timex`) and the TimeML reader, on tiny files."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from ingest.evaluation import timex as scorer
from ingest.evaluation.timeml import TimeMLError, parse_timeml, read_timeml

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>T1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2022-03-23"
  functionInDocument="CREATION_TIME">March 23, 2022</TIMEX3></DCT>
<TEXT>Officials met <TIMEX3 tid="t1" type="DATE" value="2022-03-20">Sunday</TIMEX3> &amp; agreed \
to talk <TIMEX3 tid="t2" type="DATE" value="2022-W13">next week</TIMEX3>.</TEXT>
</TimeML>
"""


def span(start: int, end: int, value: str = "V", type_: str = "DATE") -> SimpleNamespace:
    return SimpleNamespace(start=start, end=end, value=value, type=type_)


def test_reader_gives_text_dct_and_gold_offsets(tmp_path: Path) -> None:
    path = tmp_path / "a.tml"
    path.write_text(TML, encoding="utf-8")
    doc = read_timeml(path)
    assert doc.dct == date(2022, 3, 23)
    assert doc.text.startswith("Officials met Sunday & agreed")  # entities decoded
    assert [(g.text, g.type, g.value) for g in doc.timexes] == [
        ("Sunday", "DATE", "2022-03-20"),
        ("next week", "DATE", "2022-W13"),
    ]
    for g in doc.timexes:
        assert doc.text[g.start : g.end] == g.text
    assert all(g.value != "2022-03-23" for g in doc.timexes)  # the DCT timex is not in TEXT


def test_entity_declarations_are_refused() -> None:
    laughs = (
        '<?xml version="1.0"?>\n<!DOCTYPE TimeML [\n<!ENTITY lol "lol">\n'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>\n'
        "<TimeML><TEXT>&lol3;</TEXT></TimeML>"
    )
    with pytest.raises(TimeMLError, match="entity"):
        parse_timeml(laughs.encode())
    external = (
        '<?xml version="1.0"?><!DOCTYPE TimeML [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<TimeML><TEXT>&x;</TEXT></TimeML>"
    )
    with pytest.raises(TimeMLError):
        parse_timeml(external.encode())


def test_a_doctype_without_entities_is_read() -> None:
    doc = parse_timeml(
        b'<?xml version="1.0"?><!DOCTYPE TimeML><TimeML><TEXT>in 2017</TEXT></TimeML>'
    )
    assert doc.text == "in 2017" and doc.dct is None


def test_malformed_file_raises_timeml_error() -> None:
    with pytest.raises(TimeMLError):
        parse_timeml(b"<TimeML><TEXT>unclosed</TimeML>")


def test_pairing_is_one_to_one_by_largest_overlap() -> None:
    gold = [span(0, 10), span(12, 20)]
    system = [span(5, 15)]  # overlaps gold 0 by 5, gold 1 by 3
    assert scorer.pair(system, gold) == [(0, 0)]
    # Two system spans inside one gold span: only one of them pairs.
    assert scorer.pair([span(0, 3), span(4, 10)], [span(0, 10)]) == [(1, 0)]
    assert scorer.pair([span(0, 3)], [span(3, 6)]) == []  # touching is not overlapping


def test_tally_strict_relaxed_and_value_figures() -> None:
    tally = scorer.Tally()
    gold = [span(0, 10, "2017"), span(20, 30, "P3Y", "DURATION"), span(40, 45, "2020")]
    system = [
        span(0, 10, "2017"),  # exact span, right value
        span(18, 30, "P2Y", "DURATION"),  # overlap only, wrong value
        span(50, 55, "1999"),  # spurious
    ]
    tally.add(system, gold)
    f = tally.figures()
    assert (f["gold"], f["system"]) == (3, 3)
    assert f["relaxed_p"] == f["relaxed_r"] == f["relaxed_f1"] == 66.67
    assert f["strict_f1"] == 33.33
    assert f["value_accuracy"] == 50.0 and f["type_accuracy"] == 100.0
    assert f["value_f1"] == round(0.5 * 200 / 3, 2)


def test_evaluate_folder_recursively(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.tml").write_text(TML, encoding="utf-8")
    f = scorer.evaluate(tmp_path)
    assert f["documents"] == 1 and f["gold"] == 2
    assert f["relaxed_f1"] == 100.0 and f["value_accuracy"] == 100.0
    assert f["words"] == 9 and f["words_per_second"] > 0
    expected = {
        "documents", "gold", "system", "relaxed_p", "relaxed_r", "relaxed_f1", "strict_p",
        "strict_r", "strict_f1", "value_accuracy", "type_accuracy", "value_f1", "type_f1",
        "words", "seconds", "words_per_second",
    }  # fmt: skip
    assert set(f) == expected
