"""`evaluate timeline`: TimeML reading, gold anchors, and the triple scoring on a tiny corpus."""

from __future__ import annotations

from pathlib import Path

from ingest.evaluation.timeline import anchor_value, detokenize, evaluate, read_article

TML = (
    "<?xml version='1.0' encoding='utf-8'?>\n<TimeML><DOCID>901</DOCID>\n"
    '<DCT><TIMEX3 functionInDocument="CREATION_TIME" tid="t0" type="DATE" '
    'value="2011-05-02">x</TIMEX3></DCT>\n<TEXT><s id="1">May 2 , 2011</s>'
    '<s id="2">Finance Minister Paolo Ricci announced on Friday a cut in fuel duty .</s>'
    '<s id="3">He also announced that the pension age would not change .</s>'
    '<s id="4">Italy raised the duty in 2009 .</s></TEXT></TimeML>\n'
)

GOLD = """Paolo Ricci
1\t2011-04-29\t901-2-announced
1\t2011-04-29\t901-3-announced
2\t2009-XX-XX\t901-4-raised
0\tXXXX-XX-XX\t901-4-duty
"""


def test_anchor_values_drop_unknown_parts():
    assert anchor_value("2003-XX-XX") == "2003"
    assert anchor_value("2005-06-XX") == "2005-06"
    assert anchor_value("XXXX-XX-XX") is None


def test_detokenize_restores_punctuation():
    assert detokenize("April 28 , 2003 ( USD ) Apple 's") == "April 28, 2003 (USD) Apple's"


def test_article_lines_keep_sentence_numbers(tmp_path: Path):
    path = tmp_path / "901.tml"
    path.write_text(TML, encoding="utf-8")
    article = read_article(path)
    assert article.docid == "901" and str(article.dct) == "2011-05-02"
    assert article.line_of == [1, 2, 3, 4]
    assert article.text.split("\n")[1].endswith("fuel duty.")


def test_scores_person_events_by_document_sentence_and_date(tmp_path: Path):
    (tmp_path / "901.tml").write_text(TML, encoding="utf-8")
    (tmp_path / "paolo_ricci.txt").write_text(GOLD, encoding="utf-8")
    result = evaluate(tmp_path)
    ricci = result["per_entity"]["Paolo Ricci"]
    # sentences 2 and 3 on 2011-04-29 (the second by the carried speech date); the 2009
    # duty rise is Italy's, not his, and the undated gold line is skipped
    assert ricci["gold"] == 3
    assert ricci["system"] == 2 and ricci["precision"] == 1.0
    assert round(result["recall"], 4) == round(2 / 3, 4)


def test_trial_data_scores(shared_dir: Path):
    result = evaluate(shared_dir / "benchmarks" / "timeline")
    print(f"\ntimeline: P={result['precision']} R={result['recall']} F1={result['f1']}")
    assert result["documents"] == 30 and result["entities"] == 6
    # The trial's entities are Apple products, which the dictionary no longer lists (it held
    # them for this corpus only); what the extraction does place must be mostly right.
    assert result["precision"] > 0.4 and result["f1"] > 0.05
