"""ingest.pipeline.extract and ingest.extract_cli.extract_json end to end."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.extract_cli import extract_json
from ingest.pipeline import extract

TEXT = (
    "Turkey has rejected a request to send its S-400 systems to Ukraine.\n\n"
    "Ankara requested F-16 jets from the United States in October 2021, the foreign "
    "minister said on Sunday."
)


def test_extract_runs_every_stage():
    x = extract(TEXT, date(2023, 5, 7))
    assert x.sentences and x.timexes and x.actor_mentions and x.events
    assert x.dct == date(2023, 5, 7)
    dated = {e.date.value: e.date for e in x.events if e.date is not None}
    assert "2021-10" in dated
    # "has rejected": present perfect, about the time of reporting (marked approximate)
    assert dated["2023-05-07"].approximate and "reporting date" in dated["2023-05-07"].note
    assert any(s.polarity == "against" and s.holder == "Turkey" for s in x.stances)


def test_extract_without_dct_does_not_resolve_relative_dates():
    x = extract("Ankara refused the offer, the minister said on Sunday.", None)
    for event in x.events:
        assert event.date is None or not event.date.resolved


def test_extract_json_shape(tmp_path: Path):
    a = tmp_path / "a.txt"
    a.write_text(TEXT, encoding="utf-8")
    doc = extract_json([a], {"*": date(2023, 5, 7)})
    assert set(doc) == {"documents", "merged_events"}
    [d] = doc["documents"]
    assert d["file"] == str(a) and d["dct"] == "2023-05-07"
    assert {"start", "end", "text", "type", "value"} <= set(d["timexes"][0])
    assert {"start", "end", "text", "actor", "kind", "affiliation"} <= set(d["actors"][0])
    event = d["events"][0]
    assert {"id", "summary", "date", "actors", "things", "evidence"} <= set(event)
    assert event["evidence"][0]["end"] <= len(TEXT)
    stance = d["stances"][0]
    assert {"holder", "polarity", "target", "evidence"} <= set(stance)
    assert doc["merged_events"] == []
    undated = extract_json([a], {})["documents"][0]
    assert undated["dct"] is None


def test_huge_sentence_is_skipped_not_crashed_on():
    text = "Ankara attacked Washington " * 1000 + "."
    x = extract(text, None)
    assert x.events == [] and x.stances == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.text(alphabet=list("abcdefgh ABCT.,;:\"“”'’()-\n0123456789"), max_size=8),
            st.sampled_from(
                [
                    "Turkey ",
                    "Ankara ",
                    "said ",
                    "asked ",
                    "to ",
                    "the ",
                    "S-400 ",
                    "not ",
                    "refused ",
                    "Sunday ",
                    "in 2019 ",
                    "Feb. 24 ",
                    "he ",
                    "out of the question ",
                    '"',
                    ", ",
                    ". ",
                    "\n\n",
                ]
            ),
        ),
        max_size=60,
    ).map("".join),
    st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1))),
)
def test_extract_never_raises_and_offsets_are_in_range(text: str, dct: date | None):
    x = extract(text, dct)
    n = len(text)
    for span in [*x.sentences, *x.timexes, *x.actor_mentions, *x.thing_mentions]:
        assert 0 <= span.start <= span.end <= n
    for event in x.events:
        assert 0 <= event.evidence.start <= event.evidence.end <= n
        assert event.timex is None or 0 <= event.timex.start <= event.timex.end <= n
    for stance in x.stances:
        assert 0 <= stance.evidence.start <= stance.evidence.end <= n
        assert stance.polarity in ("for", "against", "neutral")
